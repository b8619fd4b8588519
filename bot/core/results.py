"""A flight's post-campaign figures, what they say against its objective, and what can't be true.

The figures are read in the summary pull (docs/domain.md): a Promote flight's in the creator's app,
a Spark Ads flight's in Ads Manager. Spend is money in the flight's currency; every other figure is
an optional whole count, because a busy account manager may only have some of them to hand.

Ratios are plain numbers (`Decimal` for money per something, `float` for proportions); a ratio that
can't be worked out (a missing figure, nothing to divide by) is `None`, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum

from bot.core.money import DEFAULT_LOCALE, format_count, format_money, format_multiple, format_percent
from bot.core.vocabulary import BudgetType

# --- The figures -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PromoteResult:
    """A Promote flight's summary, as the creator's app shows it."""

    spent: Decimal
    views: int | None = None
    profile_visits: int | None = None
    new_followers: int | None = None
    website_clicks: int | None = None

    @property
    def follows(self) -> int | None:
        return self.new_followers

    @property
    def clicks(self) -> int | None:
        return self.website_clicks

    @property
    def click_base(self) -> int | None:
        """What a click-through is counted against: Promote reports views, not impressions."""
        return self.views


@dataclass(frozen=True)
class SparkResult:
    """A Spark Ads flight's summary, from the ad's reporting columns in Ads Manager."""

    spent: Decimal
    impressions: int | None = None
    video_views: int | None = None
    clicks: int | None = None
    profile_visits: int | None = None
    follows: int | None = None
    conversions: int | None = None
    conversion_value: Decimal | None = None

    @property
    def views(self) -> int | None:
        return self.video_views

    @property
    def click_base(self) -> int | None:
        return self.impressions


Result = PromoteResult | SparkResult


@dataclass(frozen=True)
class Field:
    """One figure of the summary form: what it's called and where a busy person finds it."""

    name: str
    label: str
    where: str
    money: bool = False
    required: bool = False


# Where a busy person finds each figure. The place is said once, at the top of the form
# (bot/results/views.py); each field only says which figure on that screen it is.
PROMOTE_FIELDS: tuple[Field, ...] = (
    Field("spent", "Spent", "The amount spent, not the budget.", money=True, required=True),
    Field("views", "Views", "The views the promotion brought, not the post's total."),
    Field("profile_visits", "Profile visits", "Profile visits from the promotion."),
    Field("new_followers", "New followers", "Followers from the promotion."),
    Field("website_clicks", "Website clicks", "Clicks on the link."),
)

SPARK_FIELDS: tuple[Field, ...] = (
    Field("spent", "Spent", "The Cost column.", money=True, required=True),
    Field("impressions", "Impressions", "The Impressions column."),
    Field("video_views", "Video views", "The Video views column."),
    Field("clicks", "Clicks", "The Clicks (destination) column."),
    Field("profile_visits", "Profile visits", "The Paid profile visits column."),
    Field("follows", "Follows", "The Paid followers column."),
    Field("conversions", "Conversions", "The Conversions column, for the optimisation event."),
    Field(
        "conversion_value",
        "Conversion value",
        "The total value of the conversions, in the flight's currency.",
        money=True,
    ),
)


def fields_for(result_type: type[PromoteResult] | type[SparkResult]) -> tuple[Field, ...]:
    return PROMOTE_FIELDS if result_type is PromoteResult else SPARK_FIELDS


# --- Reading figures typed by a person -------------------------------------------------------------

_SUFFIXES = {"K": 1_000, "M": 1_000_000}


def parse_count(raw: str) -> int | None:
    """A count as typed or copied: "12,400", "12 400", "12.4K", "1.2M"; blank is None.

    The creator's app abbreviates large figures, so "12.4K" is accepted. Raises ValueError, in
    plain words, for anything that isn't a whole non-negative number.
    """
    text = raw.strip().replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not text:
        return None
    multiplier = _SUFFIXES.get(text[-1].upper(), 1)
    if multiplier != 1:
        text = text[:-1]
    try:
        value = Decimal(text) * multiplier
    except ArithmeticError:
        raise ValueError("Enter a whole number, like 12400 or 12.4K.") from None
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        raise ValueError("Enter a whole number, like 12400 or 12.4K.")
    return int(value)


# --- Validation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """Per-field messages: errors block the save (the figures can't all be true), warnings don't."""

    errors: Mapping[str, str]
    warnings: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


OVERSPEND_WARNING = Decimal("1.2")


def check(
    result: Result,
    planned: Decimal | None = None,
    overspend: Decimal = OVERSPEND_WARNING,
    *,
    currency: str | None = None,
    locale: str = DEFAULT_LOCALE,
) -> Check:
    """What can't be true of these figures, and what is merely odd (`currency` names the money in words).

    Impossible: a negative figure; on either tool, anything the boost brought that outnumbers the
    times it was shown (every view, visit, click or follow from a boost starts with the post being
    shown); on Spark, more video views or clicks than impressions, or a conversion value without
    conversions. Odd only: more follows than profile visits (people follow from the video itself),
    more conversions than clicks (view-through attribution counts conversions without a click), and
    a spend above `overspend` × the planned budget.
    """
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for f in fields(result):
        value = getattr(result, f.name)
        if isinstance(value, Decimal) and not value.is_finite():
            errors[f.name] = "Enter an amount, like 120.50."
        elif value is not None and value < 0:
            errors[f.name] = "Can't be negative."

    def above(name: str, base_name: str, message: str, into: dict[str, str]) -> None:
        value, base = getattr(result, name), getattr(result, base_name)
        if value is not None and base is not None and value > base and name not in errors:
            into.setdefault(name, message)

    if isinstance(result, PromoteResult):
        for name, what in (("website_clicks", "clicks"), ("profile_visits", "visits"), ("new_followers", "followers")):
            above(name, "views", f"More {what} than views: every one of them starts with a view.", errors)
        above(
            "new_followers",
            "profile_visits",
            "More followers than visits: possible (people follow from the video), but check they aren't swapped.",
            warnings,
        )
    else:
        for name, what in (
            ("video_views", "video views"),
            ("clicks", "clicks"),
            ("profile_visits", "profile visits"),
            ("follows", "follows"),
        ):
            above(name, "impressions", f"More {what} than impressions: the ad has to be shown first.", errors)
        above(
            "follows",
            "profile_visits",
            "More follows than profile visits: possible (people follow from the video), but check they aren't swapped.",
            warnings,
        )
        above(
            "conversions",
            "clicks",
            "More conversions than clicks: fine with view-through attribution; otherwise check the column.",
            warnings,
        )
        if result.conversion_value and result.conversion_value > 0 and result.conversions == 0:
            errors.setdefault("conversion_value", "A conversion value needs at least one conversion.")

    if planned is not None and planned > 0 and "spent" not in errors and result.spent > planned * overspend:
        times = format_multiple(result.spent / planned, locale)
        if currency is None:
            warnings["spent"] = f"Spend is {times} the planned budget: check the amount and the flight."
        else:
            spent, budget = format_money(result.spent, currency, locale), format_money(planned, currency, locale)
            warnings["spent"] = (
                f"Spend of {spent} is {times} the planned {budget} budget: check the amount and the flight."
            )
    return Check(errors=errors, warnings=warnings)


# The figures each odd-figure warning of `check` is raised on.
_WARNED_ON: Mapping[str, tuple[str, ...]] = {
    "spent": ("spent",),
    "new_followers": ("new_followers", "profile_visits"),
    "follows": ("follows", "profile_visits"),
    "conversions": ("conversions", "clicks"),
}


def warned_on(result: Result, warnings: Iterable[str]) -> frozenset[str]:
    """Each warning named with the figures that raised it ("spent=1600", "follows=12/10"): what a person
    confirms by saving odd figures anyway. Another odd value of those figures is another warning."""

    def plain(value: object) -> str:
        return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)

    return frozenset(
        f"{name}={'/'.join(plain(getattr(result, f)) for f in _WARNED_ON.get(name, (name,)))}" for name in warnings
    )


# --- Ratios ----------------------------------------------------------------------------------------


def planned_total(amount: Decimal, budget_type: BudgetType | str, flight_days: int | None) -> Decimal | None:
    """The whole flight's budget: a daily budget times the flight's days, or the lifetime amount.

    `flight_days` counts the first and last day. A `budget_type` that isn't a BudgetType's value raises.
    """
    if budget_type == BudgetType.LIFETIME:
        return amount
    if budget_type == BudgetType.DAILY:
        return amount * flight_days if flight_days and flight_days > 0 else None
    raise ValueError(f"Unknown budget type {budget_type!r}")


@dataclass(frozen=True)
class Ratios:
    cost_per_1000_views: Decimal | None = None
    cost_per_1000_impressions: Decimal | None = None
    cost_per_profile_visit: Decimal | None = None
    cost_per_follow: Decimal | None = None
    visit_to_follow: float | None = None
    click_through: float | None = None
    cost_per_click: Decimal | None = None
    cost_per_conversion: Decimal | None = None
    return_on_spend: float | None = None
    spend_vs_plan: float | None = None


def _per(amount: Decimal | None, count: int | None, scale: int = 1) -> Decimal | None:
    if amount is None or not count or count < 0:
        return None
    return amount * scale / count


def _share(part: int | Decimal | None, whole: int | Decimal | None) -> float | None:
    if part is None or not whole or whole < 0:
        return None
    return float(Decimal(part) / Decimal(whole))


def ratios(result: Result, planned: Decimal | None = None) -> Ratios:
    """Every ratio the figures allow. Click-through counts Promote clicks per view, Spark per impression."""
    spark = result if isinstance(result, SparkResult) else None
    return Ratios(
        cost_per_1000_views=_per(result.spent, result.views, 1000),
        cost_per_1000_impressions=_per(result.spent, spark.impressions, 1000) if spark else None,
        cost_per_profile_visit=_per(result.spent, result.profile_visits),
        cost_per_follow=_per(result.spent, result.follows),
        visit_to_follow=_share(result.follows, result.profile_visits),
        click_through=_share(result.clicks, result.click_base),
        cost_per_click=_per(result.spent, result.clicks),
        cost_per_conversion=_per(result.spent, spark.conversions) if spark else None,
        return_on_spend=_share(spark.conversion_value, result.spent) if spark else None,
        spend_vs_plan=_share(result.spent, planned),
    )


# --- The objective ---------------------------------------------------------------------------------


class Goal(StrEnum):
    """What an objective is after; the objective's label itself is a setting."""

    VIEWS = "views"
    PROFILE_VISITS = "profile_visits"
    WEBSITE_CLICKS = "website_clicks"
    REACH = "reach"
    VIDEO_VIEWS = "video_views"
    COMMUNITY = "community"
    TRAFFIC = "traffic"
    CONVERSIONS = "conversions"


DEFAULT_GOALS: Mapping[str, Goal] = {
    "views": Goal.VIEWS,
    "profile visits": Goal.PROFILE_VISITS,
    "website clicks": Goal.WEBSITE_CLICKS,
    "reach": Goal.REACH,
    "video views": Goal.VIDEO_VIEWS,
    "community interaction": Goal.COMMUNITY,
    "traffic": Goal.TRAFFIC,
    "conversions": Goal.CONVERSIONS,
}


def goal_of(objective: str | None, goals: Mapping[str, Goal] = DEFAULT_GOALS) -> Goal | None:
    """The goal behind an objective's label, matched without regard to case; None when unknown."""
    if objective is None:
        return None
    wanted = " ".join(objective.split()).casefold()
    return next((goal for label, goal in goals.items() if label.casefold() == wanted), None)


def headline(
    result: Result,
    objective: str | None,
    currency: str,
    locale: str = DEFAULT_LOCALE,
    goals: Mapping[str, Goal] = DEFAULT_GOALS,
) -> str:
    """One plain sentence on how the flight did against its objective.

    "1,240 profile visits at $0.04 each; 6.1 % of visitors followed."
    """
    r = ratios(result)

    def money(amount: Decimal) -> str:
        return format_money(amount, currency, locale)

    def count(n: int) -> str:
        return format_count(n, locale)

    def pct(ratio: float) -> str:
        return format_percent(ratio, locale)

    goal = goal_of(objective, goals)
    spark = result if isinstance(result, SparkResult) else None

    def missing(what: str, figure: int | None) -> str:
        if figure == 0:
            return f"Spent {money(result.spent)} for no {what}."
        return f"Spent {money(result.spent)}; the {what} weren't entered, so there's nothing to measure it by."

    if goal in (Goal.VIEWS, Goal.VIDEO_VIEWS):
        noun = "views" if isinstance(result, PromoteResult) else "video views"
        if result.views is None or r.cost_per_1000_views is None:
            return missing(noun, result.views)
        sentence = f"{count(result.views)} {noun} at {money(r.cost_per_1000_views)} per 1,000"
        if result.follows is not None:
            sentence += f"; {count(result.follows)} new followers"
        return sentence + "."
    if goal is Goal.REACH and spark:
        if spark.impressions is None or r.cost_per_1000_impressions is None:
            return missing("impressions", spark.impressions)
        return f"{count(spark.impressions)} impressions at {money(r.cost_per_1000_impressions)} per 1,000."
    if goal in (Goal.PROFILE_VISITS, Goal.COMMUNITY):
        if result.profile_visits is None or r.cost_per_profile_visit is None:
            if goal is Goal.COMMUNITY and result.follows and r.cost_per_follow is not None:
                return f"{count(result.follows)} follows at {money(r.cost_per_follow)} each."
            return missing("profile visits", result.profile_visits)
        sentence = f"{count(result.profile_visits)} profile visits at {money(r.cost_per_profile_visit)} each"
        if r.visit_to_follow is not None:
            sentence += f"; {pct(r.visit_to_follow)} of visitors followed"
        return sentence + "."
    if goal in (Goal.WEBSITE_CLICKS, Goal.TRAFFIC):
        noun = "website clicks" if isinstance(result, PromoteResult) else "clicks"
        if result.clicks is None or r.cost_per_click is None:
            return missing(noun, result.clicks)
        sentence = f"{count(result.clicks)} {noun} at {money(r.cost_per_click)} each"
        if r.click_through is not None:
            per = "view" if isinstance(result, PromoteResult) else "impression"
            sentence += f"; {pct(r.click_through)} click-through per {per}"
        return sentence + "."
    if goal is Goal.CONVERSIONS and spark:
        if spark.conversions is None or r.cost_per_conversion is None:
            return missing("conversions", spark.conversions)
        sentence = f"{count(spark.conversions)} conversions at {money(r.cost_per_conversion)} each"
        if r.return_on_spend is not None:
            sentence += f"; a return of {format_multiple(r.return_on_spend, locale)} the spend"
        return sentence + "."
    return f"Spent {money(result.spent)}."


def spend_line(spent: Decimal, planned: Decimal | None, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """ "Spent $540.00 of $600.00 planned (90.0 %)." """
    money = format_money(spent, currency, locale)
    if planned is None or planned <= 0:
        return f"Spent {money}."
    share = format_percent(spent / planned, locale)
    return f"Spent {money} of {format_money(planned, currency, locale)} planned ({share})."


# --- How the flight did: the card's one sentence ----------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where a Promote test's candidate stands among the test's posts, as far as it is known.

    `place` among the `posts` ranked (None when unknown); `won`: the call named it the winner;
    `waiting`: posts whose results aren't in yet; `after_call`: its results came after the call.
    """

    place: int | None
    posts: int
    won: bool = False
    waiting: int = 0
    after_call: bool = False


# On budget within these shares of the planned amount: a boost rarely spends to the cent.
ON_BUDGET = (Decimal("0.9"), Decimal("1.05"))


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def _budget_words(spent: Decimal, planned: Decimal | None, currency: str, locale: str) -> str:
    money = format_money(spent, currency, locale)
    if planned is None or planned <= 0:
        return f"for {money}"
    of = f"{money} of {format_money(planned, currency, locale)}"
    share = spent / planned
    if share > ON_BUDGET[1]:
        return f"{format_percent(share - 1, locale)} over budget ({of})"
    if share >= ON_BUDGET[0]:
        return f"on budget ({of})"
    return f"spending only {format_percent(share, locale)} of its budget ({of})"


def _standing_words(standing: Standing) -> str:
    test = f"its Promote test of {standing.posts} posts"
    if standing.after_call:
        return f"its results came after {test} was called, so they don't change the call"
    if standing.waiting:
        more = f"{standing.waiting} more {'posts' if standing.waiting != 1 else 'post'}"
        whose = "'" if standing.waiting != 1 else "'s"
        return f"{test} waits for {more}{whose} results before it compares them"
    if standing.won:
        return f"the winner of {test}"
    if standing.place == 1:
        return f"ahead in {test}, but not by enough to call it the winner"
    return f"{_ordinal(standing.place or 0)} of the {standing.posts} posts in its Promote test"


def outcome(
    result: Result,
    objective: str | None,
    currency: str,
    planned: Decimal | None = None,
    standing: Standing | None = None,
    locale: str = DEFAULT_LOCALE,
    goals: Mapping[str, Goal] = DEFAULT_GOALS,
) -> str:
    """One plain sentence on how the flight did against its objective: what the objective's figure
    cost, the spend against the planned budget and, for a Promote test's candidate, its place.

    "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00); 2nd of the 3 posts in its Promote test."
    """
    r = ratios(result)
    goal = goal_of(objective, goals)
    spark = result if isinstance(result, SparkResult) else None
    promote = isinstance(result, PromoteResult)
    # (count, noun, price, per) for the objective's own figure.
    measure: tuple[int | None, str, Decimal | None, str] | None = None
    if goal in (Goal.VIEWS, Goal.VIDEO_VIEWS):
        measure = (result.views, "views" if promote else "video views", r.cost_per_1000_views, "per 1,000")
    elif goal is Goal.REACH and spark:
        measure = (spark.impressions, "impressions", r.cost_per_1000_impressions, "per 1,000")
    elif goal is Goal.COMMUNITY and result.follows:
        measure = (result.follows, "follows", r.cost_per_follow, "each")
    elif goal in (Goal.PROFILE_VISITS, Goal.COMMUNITY):
        measure = (result.profile_visits, "profile visits", r.cost_per_profile_visit, "each")
    elif goal in (Goal.WEBSITE_CLICKS, Goal.TRAFFIC):
        measure = (result.clicks, "website clicks" if promote else "clicks", r.cost_per_click, "each")
    elif goal is Goal.CONVERSIONS and spark:
        measure = (spark.conversions, "conversions", r.cost_per_conversion, "each")
    budget = _budget_words(result.spent, planned, currency, locale)
    if measure is None:
        spent = format_money(result.spent, currency, locale)
        of = f" of {format_money(planned, currency, locale)}" if planned is not None and planned > 0 else ""
        sentence = f"Spent {spent}{of}; Flightdeck has no figure to judge this objective by"
    else:
        count, noun, price, per = measure
        if count is None:
            sentence = f"No {noun} entered, so there's nothing to judge the objective by; {budget}"
        elif price is None:
            sentence = f"No {noun} at all, {budget}"
        else:
            price_words = f"{format_money(price, currency, locale)} {per}"
            sentence = f"{format_count(count, locale)} {noun} at {price_words}, {budget}"
    if standing is not None:
        sentence += f"; {_standing_words(standing)}"
    return sentence + "."
