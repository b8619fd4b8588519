"""The Promote test of the hybrid pattern (docs/domain.md): rank the candidates, call a winner only
when the lead holds up, and set the escalated Spark Ads flight against the Promote winner.

The metric follows the objective: profile visits → visit-to-follow ratio (follows per profile
visit); website clicks → click-through ratio (clicks per view); views → cost per 1,000 views, lower
is better, with the follow rate (new followers per view) breaking ties.

When a winner is called (`Rule`):

- Proportions: a one-sided two-proportion z-test, leader against runner-up, at 95 % confidence, and
  at least 100 in every candidate's denominator (profile visits, or views). Below that count the
  normal approximation behind the test is unreliable and one lucky afternoon decides the call.
- Cost per 1,000 views: not a proportion of people, so no test on two totals is honest; its noise
  comes from the auction. The rule is the agency's: every candidate at 1,000 views or more, and the
  leader at least 10 % cheaper than the runner-up.

Every candidate has to have its figures before anything is called: the one still waiting may be
the best. Only the leader and the runner-up are tested, with no correction for the others. Once
someone calls the test early (`called=True`), the call is made on the candidates that have figures.

The reasons are written for a busy account manager: who leads, whether the gap could be chance, and
what would settle it (`to_settle`: how many more visits or views each post would need, if the rates
seen so far held) — the p-value stays in `Ranking.p_value`, out of the sentence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from statistics import NormalDist

from bot.core.money import DEFAULT_LOCALE, format_count, format_money, format_percent
from bot.core.ratios import DEFAULT_GOALS, Goal, goal_of, ratios
from bot.core.results import PromoteResult, SparkResult


class Metric(StrEnum):
    VISIT_TO_FOLLOW = "visit_to_follow"
    CLICK_THROUGH = "click_through"
    COST_PER_1000_VIEWS = "cost_per_1000_views"


METRIC_FOR_GOAL = {
    Goal.PROFILE_VISITS: Metric.VISIT_TO_FOLLOW,
    Goal.WEBSITE_CLICKS: Metric.CLICK_THROUGH,
    Goal.VIEWS: Metric.COST_PER_1000_VIEWS,
}


def metric_for(objective: str | None, goals: Mapping[str, Goal] = DEFAULT_GOALS) -> Metric | None:
    """The metric a Promote test with this objective is ranked by; None for an objective it can't rank."""
    goal = goal_of(objective, goals)
    return METRIC_FOR_GOAL.get(goal) if goal else None


class Verdict(StrEnum):
    WINNER = "winner"
    TOO_CLOSE = "too_close"
    WAITING = "waiting"


@dataclass(frozen=True)
class Rule:
    confidence: float = 0.95
    min_trials: int = 100
    min_views_for_cost: int = 1000
    min_cost_lead: Decimal = Decimal("0.10")


@dataclass(frozen=True)
class Candidate:
    """One Promote flight of the test. `key` is the caller's id for it; `label` is how people know it."""

    key: str
    label: str
    result: PromoteResult | None
    currency: str = "USD"


@dataclass(frozen=True)
class Row:
    """A ranked candidate. Equal metrics share a rank (1, 1, 3)."""

    candidate: Candidate
    rank: int
    value: float | Decimal | None
    successes: int | None
    trials: int
    tie_break: float | None = None


@dataclass(frozen=True)
class Waiting:
    candidate: Candidate
    reason: str


@dataclass(frozen=True)
class Ranking:
    metric: Metric
    rows: tuple[Row, ...]
    waiting: tuple[Waiting, ...]
    verdict: Verdict
    reason: str
    p_value: float | None = None

    @property
    def winner(self) -> Candidate | None:
        return self.rows[0].candidate if self.verdict is Verdict.WINNER else None


_DENOMINATOR = {
    Metric.VISIT_TO_FOLLOW: "profile visits",
    Metric.CLICK_THROUGH: "views",
    Metric.COST_PER_1000_VIEWS: "views",
}
_NUMERATOR = {Metric.VISIT_TO_FOLLOW: "followers", Metric.CLICK_THROUGH: "website clicks"}
# "15.0 % of its profile visitors followed, against 7.5 % for Post 2"
_RATE_WORDS = {
    Metric.VISIT_TO_FOLLOW: "of profile visitors followed",
    Metric.CLICK_THROUGH: "of viewers clicked through to the website",
}
# Past this many times the larger post's count so far, more of the same run is no plan to settle it.
_SETTLE_CAP = 10
KEEP_GOING = "keep it running a few more days or call it anyway"


def _figures(metric: Metric, result: PromoteResult) -> tuple[int | None, int | None]:
    """(successes, trials) for a proportion; (None, views) for the cost metric."""
    if metric is Metric.VISIT_TO_FOLLOW:
        return result.new_followers, result.profile_visits
    if metric is Metric.CLICK_THROUGH:
        return result.website_clicks, result.views
    return None, result.views


def _missing(metric: Metric, result: PromoteResult) -> str | None:
    successes, trials = _figures(metric, result)
    if trials is None:
        return f"its {_DENOMINATOR[metric]} weren't entered"
    if metric is not Metric.COST_PER_1000_VIEWS and successes is None:
        return f"its {_NUMERATOR[metric]} weren't entered"
    return None


def _sort_key(metric: Metric, result: PromoteResult) -> tuple:
    """Smaller sorts first: the best candidate, then the undefined ones."""
    successes, trials = _figures(metric, result)
    if not trials:
        return (1,)
    if metric is Metric.COST_PER_1000_VIEWS:
        follows = result.new_followers
        follow_rate = -Fraction(follows, trials) if follows is not None else 1
        return (0, Fraction(result.spent) / trials, follow_rate)
    return (0, -Fraction(successes or 0, trials))


def rank(
    candidates: Sequence[Candidate],
    metric: Metric,
    rule: Rule = Rule(),  # frozen, so sharing the default is safe
    locale: str = DEFAULT_LOCALE,
    *,
    called: bool = False,
) -> Ranking:
    """The candidates ranked by the metric, and whether the leader has won.

    `called`: someone called the test before every figure was in; those without them are left out
    of the call (still listed as waiting) rather than holding it up.
    """
    waiting: list[Waiting] = []
    ready: list[Candidate] = []
    for candidate in candidates:
        if candidate.result is None:
            waiting.append(Waiting(candidate, "no figures yet"))
        elif reason := _missing(metric, candidate.result):
            waiting.append(Waiting(candidate, reason))
        else:
            ready.append(candidate)

    keyed = sorted(((_sort_key(metric, c.result), i, c) for i, c in enumerate(ready)), key=lambda t: (t[0], t[1]))
    rows: list[Row] = []
    for position, (key, _, candidate) in enumerate(keyed):
        rank_ = rows[-1].rank if rows and keyed[position - 1][0] == key and key != (1,) else position + 1
        rows.append(_row(metric, candidate, rank_))

    def ranking(verdict: Verdict, reason: str, p_value: float | None = None) -> Ranking:
        return Ranking(metric, tuple(rows), tuple(waiting), verdict, reason, p_value)

    if not candidates:
        return ranking(Verdict.WAITING, "No candidates in this test yet.")
    if waiting and not called:
        return ranking(Verdict.WAITING, f"Waiting for the figures of {_names(w.candidate.label for w in waiting)}.")
    if not rows:
        return ranking(Verdict.TOO_CLOSE, "No post had the figures to rank it when the call was made.")
    if len(rows) < 2:
        return ranking(Verdict.TOO_CLOSE, "Only one post had figures to rank: a winner needs two to compare.")
    if metric is Metric.COST_PER_1000_VIEWS:
        return _call_cost(rows, rule, locale, ranking)
    return _call_proportion(metric, rows, rule, locale, ranking)


def _row(metric: Metric, candidate: Candidate, rank_: int) -> Row:
    result = candidate.result
    assert result is not None
    successes, trials = _figures(metric, result)
    r = ratios(result)
    if metric is Metric.COST_PER_1000_VIEWS:
        follow_rate = result.new_followers / result.views if result.views and result.new_followers is not None else None
        return Row(candidate, rank_, r.cost_per_1000_views, None, trials or 0, follow_rate)
    value = r.visit_to_follow if metric is Metric.VISIT_TO_FOLLOW else r.click_through
    return Row(candidate, rank_, value, successes, trials or 0)


def _short(rows: Sequence[Row], minimum: int, noun: str, locale: str) -> str | None:
    minimum = max(minimum, 1)  # a ratio over nothing can't rank
    short = [row for row in rows if row.trials < minimum]
    if not short:
        return None
    first, *rest = short
    parts = [f"{format_count(first.trials, locale)} {noun} for {first.candidate.label}"]
    parts += [f"{format_count(row.trials, locale)} for {row.candidate.label}" for row in rest]
    return (
        f"Too early to tell: only {_names(parts)}, and each post needs at least {format_count(minimum, locale)}; "
        f"{KEEP_GOING}."
    )


def _call_proportion(metric: Metric, rows: Sequence[Row], rule: Rule, locale: str, ranking) -> Ranking:
    leader, runner_up = rows[0], rows[1]
    if reason := _short(rows, rule.min_trials, _DENOMINATOR[metric], locale):
        return ranking(Verdict.TOO_CLOSE, reason)
    for row in (leader, runner_up):
        if row.successes > row.trials:
            return ranking(
                Verdict.TOO_CLOSE,
                f"{row.candidate.label} has more {_NUMERATOR[metric]} than {_DENOMINATOR[metric]}, "
                "so the posts can't be compared: check its figures.",
            )
    a, b = leader.candidate.label, runner_up.candidate.label
    lead, behind = format_percent(leader.value, locale), format_percent(runner_up.value, locale)
    if leader.rank == runner_up.rank:
        return ranking(Verdict.TOO_CLOSE, f"{a} and {b} are level: {lead} {_RATE_WORDS[metric]} on each; {KEEP_GOING}.")
    p = one_sided_p(leader.successes, leader.trials, runner_up.successes, runner_up.trials)
    figures = f"{lead} {_RATE_WORDS[metric]}, against {behind} for {b}"
    if p < 1 - rule.confidence:
        return ranking(Verdict.WINNER, f"{a} wins: {figures} — too big a gap to be chance.", p)
    more = to_settle(leader, runner_up, rule.confidence)
    if more is None:
        settle = f", and so small a gap would take far longer to settle: {KEEP_GOING}"
    else:
        more_of = f"{format_count(more, locale)} more {_DENOMINATOR[metric]}"
        settle = f": about {more_of} each would settle it, if the rates hold"
    return ranking(Verdict.TOO_CLOSE, f"{a} leads ({figures}), but the gap could still be chance{settle}.", p)


def to_settle(leader: Row, runner_up: Row, confidence: float = Rule.confidence) -> int | None:
    """How many more visits (or views) each of the two would need for the leader's lead to count, if
    both rates stayed as they are: rounded up to two significant figures, a figure to plan with.

    None when the rates are level, or when it would take more than _SETTLE_CAP times the larger
    count so far: more of the same run won't honestly settle that.
    """
    rate_a, rate_b = leader.successes / leader.trials, runner_up.successes / runner_up.trials
    if rate_a <= rate_b:
        return None

    def settles(more: int) -> bool:
        n_a, n_b = leader.trials + more, runner_up.trials + more
        return one_sided_p(round(rate_a * n_a), n_a, round(rate_b * n_b), n_b) < 1 - confidence

    high = _SETTLE_CAP * max(leader.trials, runner_up.trials, 1)
    if not settles(high):
        return None
    low = 0
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if settles(middle) else (middle, high)
    return _round_up(high)


def _round_up(count: int) -> int:
    """1,234 → 1,300; 87 → 87: two significant figures, never fewer than needed."""
    if count < 100:
        return count
    step = 10 ** (len(str(count)) - 2)
    return -(-count // step) * step


def _call_cost(rows: Sequence[Row], rule: Rule, locale: str, ranking) -> Ranking:
    currencies = sorted({row.candidate.currency.upper() for row in rows})
    if len(currencies) > 1:
        return ranking(
            Verdict.TOO_CLOSE,
            f"The candidates spent in different currencies ({', '.join(currencies)}): their costs can't be compared.",
        )
    if reason := _short(rows, rule.min_views_for_cost, "views", locale):
        return ranking(Verdict.TOO_CLOSE, reason)
    leader, runner_up = rows[0], rows[1]
    a, b = leader.candidate.label, runner_up.candidate.label
    lead_cost = format_money(leader.value, currencies[0], locale)
    other_cost = format_money(runner_up.value, currencies[0], locale)
    if leader.rank == runner_up.rank or runner_up.value == leader.value:
        return ranking(Verdict.TOO_CLOSE, f"{a} and {b} cost the same, {lead_cost} per 1,000 views; {KEEP_GOING}.")
    cheaper = 1 - leader.value / runner_up.value
    if cheaper >= rule.min_cost_lead:
        return ranking(
            Verdict.WINNER,
            f"{a} wins: {lead_cost} per 1,000 views, {format_percent(cheaper, locale)} less than {b} ({other_cost}).",
        )
    return ranking(
        Verdict.TOO_CLOSE,
        f"{a} is cheaper ({lead_cost} per 1,000 views, against {other_cost} for {b}), but only by "
        f"{format_percent(cheaper, locale)}: prices under a {format_percent(rule.min_cost_lead, locale)} gap "
        f"shift with the auction, so {KEEP_GOING}.",
    )


def one_sided_p(successes_a: int, trials_a: int, successes_b: int, trials_b: int) -> float:
    """P-value of the pooled two-proportion z-test that a's rate is higher than b's."""
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    difference = successes_a / trials_a - successes_b / trials_b
    if spread == 0:
        return 1.0 if difference <= 0 else 0.0
    return 1 - NormalDist().cdf(difference / spread)


def format_p(p: float) -> str:
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


def _names(labels: Iterable[str]) -> str:
    items = list(labels)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# --- Promote winner against the escalated Spark Ads flight ----------------------------------------


@dataclass(frozen=True)
class Escalation:
    """Side by side. Click-through counts Promote's clicks per view and Spark's per impression."""

    promote_cost_per_follow: Decimal | None
    spark_cost_per_follow: Decimal | None
    promote_click_through: float | None
    spark_click_through: float | None
    sentence: str


def compare_escalation(
    promote: PromoteResult,
    spark: SparkResult,
    promote_currency: str,
    spark_currency: str,
    locale: str = DEFAULT_LOCALE,
) -> Escalation:
    p, s = ratios(promote), ratios(spark)
    parts: list[str] = []
    if promote_currency.upper() != spark_currency.upper():
        parts.append(
            f"Promote spent in {promote_currency.upper()} and Spark Ads in {spark_currency.upper()}, "
            "so the cost per follow isn't compared"
        )
    elif p.cost_per_follow is None or s.cost_per_follow is None:
        side = "Promote" if p.cost_per_follow is None else "Spark Ads"
        parts.append(f"No follows recorded on {side}, so the cost per follow isn't compared")
    else:
        cost_p = format_money(p.cost_per_follow, promote_currency, locale)
        cost_s = format_money(s.cost_per_follow, spark_currency, locale)
        sentence = f"A follow cost {cost_s} on Spark Ads against {cost_p} on Promote"
        if p.cost_per_follow > 0 and s.cost_per_follow != p.cost_per_follow:
            change = s.cost_per_follow / p.cost_per_follow - 1
            word = "less" if change < 0 else "more"
            sentence += f" ({format_percent(abs(change), locale)} {word})"
        parts.append(sentence)
    if p.click_through is not None and s.click_through is not None:
        parts.append(
            f"click-through {format_percent(s.click_through, locale)} per impression against "
            f"{format_percent(p.click_through, locale)} per view"
        )
    text = "; ".join(parts)
    return Escalation(
        promote_cost_per_follow=p.cost_per_follow,
        spark_cost_per_follow=s.cost_per_follow,
        promote_click_through=p.click_through,
        spark_click_through=s.click_through,
        sentence=text[0].upper() + text[1:] + ".",
    )
