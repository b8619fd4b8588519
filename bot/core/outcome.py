"""How a flight did, in plain words: the summary's headline and spend line, and the results card's sentence.

Each sentence measures the flight by the figure its objective's goal is after (bot/core/ratios.py)
and what that figure cost; a figure that wasn't entered, or is nought, is said so rather than priced.
The card's sentence also sets the spend against the planned budget and, for a Promote test's
candidate, says where it stands in its test.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from bot.core.money import DEFAULT_LOCALE, format_count, format_money, format_multiple, format_percent
from bot.core.ratios import DEFAULT_GOALS, Goal, Ratios, goal_of, ratios
from bot.core.results import PromoteResult, Result, SparkResult, Standing

# --- The objective's figure ------------------------------------------------------------------------


class _Measure(NamedTuple):
    """The figure a goal is measured by: its count, what it's called, and its price `per` one or 1,000."""

    figure: str
    count: int | None
    noun: str
    price: Decimal | None
    per: str


def _measure(result: Result, goal: Goal | None, r: Ratios, *, by_follows: bool) -> _Measure | None:
    """The figure the goal is after; a community objective by its follows when `by_follows`, else its
    profile visits. None when the goal has no figure on this tool (reach or conversions on Promote)."""
    promote = isinstance(result, PromoteResult)
    spark = result if isinstance(result, SparkResult) else None
    if goal in (Goal.VIEWS, Goal.VIDEO_VIEWS):
        return _Measure(
            "views", result.views, "views" if promote else "video views", r.cost_per_1000_views, "per 1,000"
        )
    if goal is Goal.REACH and spark:
        return _Measure("impressions", spark.impressions, "impressions", r.cost_per_1000_impressions, "per 1,000")
    if goal is Goal.COMMUNITY and by_follows:
        return _Measure("follows", result.follows, "follows", r.cost_per_follow, "each")
    if goal in (Goal.PROFILE_VISITS, Goal.COMMUNITY):
        return _Measure("profile_visits", result.profile_visits, "profile visits", r.cost_per_profile_visit, "each")
    if goal in (Goal.WEBSITE_CLICKS, Goal.TRAFFIC):
        return _Measure("clicks", result.clicks, "website clicks" if promote else "clicks", r.cost_per_click, "each")
    if goal is Goal.CONVERSIONS and spark:
        return _Measure("conversions", spark.conversions, "conversions", r.cost_per_conversion, "each")
    return None


# --- The summary's lines ---------------------------------------------------------------------------


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
    spent = format_money(result.spent, currency, locale)
    # A community objective is measured by its profile visits, by its follows only when there are no visits.
    by_follows = r.cost_per_profile_visit is None and r.cost_per_follow is not None
    measure = _measure(result, goal_of(objective, goals), r, by_follows=by_follows)
    if measure is None:
        return f"Spent {spent}."
    if measure.count is None or measure.price is None:
        if measure.count == 0:
            return f"Spent {spent} for no {measure.noun}."
        return f"Spent {spent}; the {measure.noun} weren't entered, so there's nothing to measure it by."
    price = format_money(measure.price, currency, locale)
    sentence = f"{format_count(measure.count, locale)} {measure.noun} at {price} {measure.per}"
    if measure.figure == "views" and result.follows is not None:
        sentence += f"; {format_count(result.follows, locale)} new followers"
    elif measure.figure == "profile_visits" and r.visit_to_follow is not None:
        sentence += f"; {format_percent(r.visit_to_follow, locale)} of visitors followed"
    elif measure.figure == "clicks" and r.click_through is not None:
        per = "view" if isinstance(result, PromoteResult) else "impression"
        sentence += f"; {format_percent(r.click_through, locale)} click-through per {per}"
    elif measure.figure == "conversions" and r.return_on_spend is not None:
        sentence += f"; a return of {format_multiple(r.return_on_spend, locale)} the spend"
    return sentence + "."


def spend_line(spent: Decimal, planned: Decimal | None, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """ "Spent $540.00 of $600.00 planned (90.0 % of the plan)." """
    money = format_money(spent, currency, locale)
    if planned is None or planned <= 0:
        return f"Spent {money}."
    share = format_percent(spent / planned, locale)
    return f"Spent {money} of {format_money(planned, currency, locale)} planned ({share} of the plan)."


# --- How the flight did: the card's one sentence ----------------------------------------------------

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
    # A community objective is measured by its follows whenever there are some.
    measure = _measure(result, goal_of(objective, goals), ratios(result), by_follows=bool(result.follows))
    budget = _budget_words(result.spent, planned, currency, locale)
    if measure is None:
        spent = format_money(result.spent, currency, locale)
        of = f" of {format_money(planned, currency, locale)}" if planned is not None and planned > 0 else ""
        sentence = f"Spent {spent}{of}; Flightdeck has no figure to judge this objective by"
    elif measure.count is None:
        sentence = f"No {measure.noun} entered, so there's nothing to judge the objective by; {budget}"
    elif measure.price is None:
        sentence = f"No {measure.noun} at all, {budget}"
    else:
        price_words = f"{format_money(measure.price, currency, locale)} {measure.per}"
        sentence = f"{format_count(measure.count, locale)} {measure.noun} at {price_words}, {budget}"
    if standing is not None:
        sentence += f"; {_standing_words(standing)}"
    return sentence + "."
