"""The Promote test: candidates ranked by the objective's metric, a winner only when the lead holds up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.ranking import (
    KEEP_GOING,
    Candidate,
    Metric,
    Rule,
    Verdict,
    compare_escalation,
    format_p,
    metric_for,
    one_sided_p,
    rank,
    to_settle,
)
from bot.core.results import PromoteResult, SparkResult

D = Decimal


def visits(label: str, profile_visits: int | None, followers: int | None, spent: str = "50") -> Candidate:
    return Candidate(
        label, label, PromoteResult(D(spent), views=50_000, profile_visits=profile_visits, new_followers=followers)
    )


def clicks(label: str, views: int, website_clicks: int) -> Candidate:
    return Candidate(label, label, PromoteResult(D("50"), views=views, website_clicks=website_clicks))


def views(
    label: str, spent: str, view_count: int | None, followers: int | None = None, currency: str = "USD"
) -> Candidate:
    return Candidate(label, label, PromoteResult(D(spent), views=view_count, new_followers=followers), currency)


def waiting(label: str) -> Candidate:
    return Candidate(label, label, None)


@pytest.mark.parametrize(
    ("objective", "metric"),
    [
        ("Profile visits", Metric.VISIT_TO_FOLLOW),
        ("Website clicks", Metric.CLICK_THROUGH),
        ("Views", Metric.COST_PER_1000_VIEWS),
        ("Conversions", None),
        (None, None),
    ],
)
def test_the_metric_follows_the_objective(objective: str | None, metric: Metric | None) -> None:
    assert metric_for(objective) is metric


@pytest.mark.parametrize(
    ("candidates", "metric", "order", "ranks", "verdict", "reason"),
    [
        (
            [visits("@a", 200, 15), visits("@b", 200, 30), visits("@c", 200, 10)],
            Metric.VISIT_TO_FOLLOW,
            ["@b", "@a", "@c"],
            [1, 2, 3],
            Verdict.WINNER,
            "@b wins: 15.0 % of profile visitors followed, against 7.5 % for @a — too big a gap to be chance.",
        ),
        (
            [visits("@a", 200, 20), visits("@b", 200, 18)],
            Metric.VISIT_TO_FOLLOW,
            ["@a", "@b"],
            [1, 2],
            Verdict.TOO_CLOSE,
            "@a leads (10.0 % of profile visitors followed, against 9.0 % for @b), but the gap could still be chance, "
            "and so small a gap would take far longer to settle: keep it running a few more days or call it anyway.",
        ),
        (
            [visits("@a", 500, 25), visits("@b", 40, 10)],
            Metric.VISIT_TO_FOLLOW,
            ["@b", "@a"],
            [1, 2],
            Verdict.TOO_CLOSE,
            f"Too early to tell: only 40 profile visits for @b, and each post needs at least 100; {KEEP_GOING}.",
        ),
        (
            [visits("@a", 40, 5), visits("@b", 300, 10), visits("@c", 12, 1)],
            Metric.VISIT_TO_FOLLOW,
            ["@a", "@c", "@b"],
            [1, 2, 3],
            Verdict.TOO_CLOSE,
            "Too early to tell: only 40 profile visits for @a and 12 for @c, and each post needs at least 100; "
            f"{KEEP_GOING}.",
        ),
        (
            [visits("@a", 0, 0), visits("@b", 300, 30)],
            Metric.VISIT_TO_FOLLOW,
            ["@b", "@a"],
            [1, 2],
            Verdict.TOO_CLOSE,
            f"Too early to tell: only 0 profile visits for @a, and each post needs at least 100; {KEEP_GOING}.",
        ),
        (
            [visits("@a", 200, 20), visits("@b", 400, 40), visits("@c", 100, 1)],
            Metric.VISIT_TO_FOLLOW,
            ["@a", "@b", "@c"],
            [1, 1, 3],
            Verdict.TOO_CLOSE,
            f"@a and @b are level: 10.0 % of profile visitors followed on each; {KEEP_GOING}.",
        ),
        (
            [visits("@a", 300, 30)],
            Metric.VISIT_TO_FOLLOW,
            ["@a"],
            [1],
            Verdict.TOO_CLOSE,
            "Only one post had figures to rank: a winner needs two to compare.",
        ),
        (
            [visits("@a", 300, 60), waiting("@b"), visits("@c", None, 4)],
            Metric.VISIT_TO_FOLLOW,
            ["@a"],
            [1],
            Verdict.WAITING,
            "Waiting for the figures of @b and @c.",
        ),
        ([], Metric.VISIT_TO_FOLLOW, [], [], Verdict.WAITING, "No candidates in this test yet."),
        (
            [visits("@a", 300, 330), visits("@b", 300, 30)],
            Metric.VISIT_TO_FOLLOW,
            ["@a", "@b"],
            [1, 2],
            Verdict.TOO_CLOSE,
            "@a has more followers than profile visits, so the posts can't be compared: check its figures.",
        ),
        (
            [clicks("@a", 20_000, 300), clicks("@b", 20_000, 200)],
            Metric.CLICK_THROUGH,
            ["@a", "@b"],
            [1, 2],
            Verdict.WINNER,
            "@a wins: 1.5 % of viewers clicked through to the website, against 1.0 % for @b "
            "— too big a gap to be chance.",
        ),
        (
            [clicks("@a", 90, 9), clicks("@b", 5_000, 50)],
            Metric.CLICK_THROUGH,
            ["@a", "@b"],
            [1, 2],
            Verdict.TOO_CLOSE,
            f"Too early to tell: only 90 views for @a, and each post needs at least 100; {KEEP_GOING}.",
        ),
        (
            [views("@a", "30", 10_000), views("@b", "40", 10_000)],
            Metric.COST_PER_1000_VIEWS,
            ["@a", "@b"],
            [1, 2],
            Verdict.WINNER,
            "@a wins: $3.00 per 1,000 views, 25.0 % less than @b ($4.00).",
        ),
        (
            [views("@a", "31", 10_000), views("@b", "32", 10_000)],
            Metric.COST_PER_1000_VIEWS,
            ["@a", "@b"],
            [1, 2],
            Verdict.TOO_CLOSE,
            "@a is cheaper ($3.10 per 1,000 views, against $3.20 for @b), but only by 3.1 %: prices under a 10.0 % gap "
            f"shift with the auction, so {KEEP_GOING}.",
        ),
        (
            [views("@a", "3", 800), views("@b", "40", 10_000)],
            Metric.COST_PER_1000_VIEWS,
            ["@a", "@b"],
            [1, 2],
            Verdict.TOO_CLOSE,
            f"Too early to tell: only 800 views for @a, and each post needs at least 1,000; {KEEP_GOING}.",
        ),
        (
            [views("@a", "30", 10_000, 10), views("@b", "30", 10_000, 40)],
            Metric.COST_PER_1000_VIEWS,
            ["@b", "@a"],
            [1, 2],
            Verdict.TOO_CLOSE,
            f"@b and @a cost the same, $3.00 per 1,000 views; {KEEP_GOING}.",
        ),
        (
            [views("@a", "30", 10_000), views("@b", "40", 10_000, currency="EUR")],
            Metric.COST_PER_1000_VIEWS,
            ["@a", "@b"],
            [1, 2],
            Verdict.TOO_CLOSE,
            "The candidates spent in different currencies (EUR, USD): their costs can't be compared.",
        ),
        (
            [views("@a", "30", 0), views("@b", "40", 10_000)],
            Metric.COST_PER_1000_VIEWS,
            ["@b", "@a"],
            [1, 2],
            Verdict.TOO_CLOSE,
            f"Too early to tell: only 0 views for @a, and each post needs at least 1,000; {KEEP_GOING}.",
        ),
    ],
)
def test_ranking_and_the_call(candidates, metric, order, ranks, verdict, reason) -> None:
    ranking = rank(candidates, metric)
    assert [row.candidate.label for row in ranking.rows] == order
    assert [row.rank for row in ranking.rows] == ranks
    assert ranking.verdict is verdict
    assert ranking.reason == reason
    assert (ranking.winner is not None) is (verdict is Verdict.WINNER)


def test_the_winner_is_the_leader_and_carries_its_numbers() -> None:
    ranking = rank([visits("@a", 200, 15), visits("@b", 200, 30)], Metric.VISIT_TO_FOLLOW)
    assert ranking.winner is not None and ranking.winner.key == "@b"
    top = ranking.rows[0]
    assert (top.successes, top.trials, top.value) == (30, 200, pytest.approx(0.15))
    assert ranking.p_value == pytest.approx(0.0089, abs=0.0005)


@pytest.mark.parametrize(
    ("leader", "runner_up", "more"),
    [
        ((30, 200), (20, 200), 31),  # 15 % against 10 %: nearly there
        ((120, 1_000), (100, 1_000), 330),
        ((30, 2_000), (22, 2_000), 2_500),  # rounded up to two significant figures
        ((20, 200), (18, 200), None),  # 1 point apart: more than ten times the run so far
        ((20, 200), (20, 200), None),  # level: no amount of the same settles it
        ((10, 200), (20, 200), None),  # the "leader" is behind
    ],
)
def test_what_would_settle_a_close_call(leader, runner_up, more) -> None:
    rows = rank([visits("@a", leader[1], leader[0]), visits("@b", runner_up[1], runner_up[0])], Metric.VISIT_TO_FOLLOW)
    by_label = {row.candidate.label: row for row in rows.rows}
    assert to_settle(by_label["@a"], by_label["@b"]) == more
    if more is not None:
        assert f"about {more:,} more profile visits each would settle it" in rows.reason
        # And it does: with that many more at the same rates, the lead holds up.
        n_a, n_b = leader[1] + more, runner_up[1] + more
        a, b = round(leader[0] / leader[1] * n_a), round(runner_up[0] / runner_up[1] * n_b)
        assert rank([visits("@a", n_a, a), visits("@b", n_b, b)], Metric.VISIT_TO_FOLLOW).verdict is Verdict.WINNER


@pytest.mark.parametrize(
    ("candidates", "verdict", "reason"),
    [
        (
            [visits("@a", 300, 60), waiting("@b"), visits("@c", 300, 20)],
            Verdict.WINNER,
            "@a wins: 20.0 % of profile visitors followed, against 6.7 % for @c — too big a gap to be chance.",
        ),
        (
            [visits("@a", 300, 60), waiting("@b")],
            Verdict.TOO_CLOSE,
            "Only one post had figures to rank: a winner needs two to compare.",
        ),
        (
            [waiting("@a"), visits("@b", None, 4)],
            Verdict.TOO_CLOSE,
            "No post had the figures to rank it when the call was made.",
        ),
    ],
)
def test_a_call_made_early_ranks_those_with_figures(candidates, verdict, reason) -> None:
    ranking = rank(candidates, Metric.VISIT_TO_FOLLOW, called=True)
    assert (ranking.verdict, ranking.reason) == (verdict, reason)
    assert {w.candidate.label for w in ranking.waiting} == {c.label for c in candidates if c.result is None} | {
        c.label for c in candidates if c.result is not None and c.result.profile_visits is None
    }


def test_waiting_candidates_say_what_is_missing() -> None:
    ranking = rank([waiting("@b"), visits("@c", None, 4), visits("@d", 100, None)], Metric.VISIT_TO_FOLLOW)
    assert [(w.candidate.label, w.reason) for w in ranking.waiting] == [
        ("@b", "no figures yet"),
        ("@c", "its profile visits weren't entered"),
        ("@d", "its followers weren't entered"),
    ]


def test_the_rule_is_a_setting() -> None:
    close = [visits("@a", 200, 20), visits("@b", 200, 18)]
    assert rank(close, Metric.VISIT_TO_FOLLOW, Rule(confidence=0.5)).verdict is Verdict.WINNER
    few = [visits("@a", 60, 30), visits("@b", 60, 2)]
    assert rank(few, Metric.VISIT_TO_FOLLOW).verdict is Verdict.TOO_CLOSE
    assert rank(few, Metric.VISIT_TO_FOLLOW, Rule(min_trials=50)).verdict is Verdict.WINNER
    cheap = [views("@a", "35", 10_000), views("@b", "40", 10_000)]
    assert rank(cheap, Metric.COST_PER_1000_VIEWS).verdict is Verdict.WINNER
    assert rank(cheap, Metric.COST_PER_1000_VIEWS, Rule(min_cost_lead=D("0.2"))).verdict is Verdict.TOO_CLOSE


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((60, 100), (40, 100), 0.00234),
        ((40, 100), (60, 100), 0.99766),
        ((50, 100), (50, 100), 0.5),
        ((0, 100), (0, 100), 1.0),
        ((100, 100), (100, 100), 1.0),
    ],
)
def test_one_sided_p(a: tuple[int, int], b: tuple[int, int], expected: float) -> None:
    assert one_sided_p(*a, *b) == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize(
    ("p", "text"), [(0.0004, "p < 0.001"), (0.0089, "p = 0.009"), (0.049, "p = 0.049"), (0.21, "p = 0.21")]
)
def test_p_reads_plainly(p: float, text: str) -> None:
    assert format_p(p) == text


proportion_candidates = st.lists(
    st.tuples(st.integers(0, 5_000), st.integers(0, 5_000)).map(lambda t: (max(t), min(t))),
    min_size=1,
    max_size=6,
)


@given(proportion_candidates)
def test_ranks_never_put_a_lower_ratio_above_a_higher_one(figures: list[tuple[int, int]]) -> None:
    candidates = [visits(f"@{i}", trials, successes) for i, (trials, successes) in enumerate(figures)]
    ranking = rank(candidates, Metric.VISIT_TO_FOLLOW)
    defined = [row.value for row in ranking.rows if row.value is not None]
    assert defined == sorted(defined, reverse=True)
    assert all(row.value is not None for row in ranking.rows[: len(defined)])
    ranks = [row.rank for row in ranking.rows]
    assert ranks == sorted(ranks) and len(ranking.rows) == len(candidates)
    if ranking.verdict is Verdict.WINNER:
        leader, runner_up = ranking.rows[0], ranking.rows[1]
        assert leader.value > runner_up.value
        assert min(row.trials for row in ranking.rows) >= 100
        assert ranking.p_value is not None and ranking.p_value < 0.05


@given(proportion_candidates)
def test_the_call_does_not_depend_on_the_order_candidates_are_listed(figures: list[tuple[int, int]]) -> None:
    candidates = [visits(f"@{i}", trials, successes) for i, (trials, successes) in enumerate(figures)]
    forward = rank(candidates, Metric.VISIT_TO_FOLLOW)
    backward = rank(list(reversed(candidates)), Metric.VISIT_TO_FOLLOW)
    assert forward.verdict is backward.verdict
    assert forward.winner == backward.winner


# --- Promote winner against the escalated Spark Ads flight ----------------------------------------

WINNER = PromoteResult(D("52"), views=20_000, profile_visits=1_000, new_followers=100, website_clicks=180)
SPARK = SparkResult(D("380"), impressions=100_000, clicks=1_400, profile_visits=8_000, follows=1_000)


@pytest.mark.parametrize(
    ("promote", "spark", "currencies", "sentence"),
    [
        (
            WINNER,
            SPARK,
            ("USD", "USD"),
            "A follow cost $0.38 on Spark Ads against $0.52 on Promote (26.9 % less); "
            "click-through 1.4 % per impression against 0.9 % per view.",
        ),
        (
            WINNER,
            SparkResult(D("780"), impressions=100_000, follows=1_000),
            ("EUR", "EUR"),
            "A follow cost €0.78 on Spark Ads against €0.52 on Promote (50.0 % more).",
        ),
        (
            WINNER,
            SPARK,
            ("USD", "EUR"),
            "Promote spent in USD and Spark Ads in EUR, so the cost per follow isn't compared; "
            "click-through 1.4 % per impression against 0.9 % per view.",
        ),
        (
            WINNER,
            SparkResult(D("380"), follows=0),
            ("USD", "USD"),
            "No follows recorded on Spark Ads, so the cost per follow isn't compared.",
        ),
    ],
)
def test_escalation_side_by_side(promote, spark, currencies, sentence) -> None:
    comparison = compare_escalation(promote, spark, *currencies)
    assert comparison.sentence == sentence


def test_escalation_carries_both_sides_numbers() -> None:
    comparison = compare_escalation(WINNER, SPARK, "USD", "USD")
    assert comparison.promote_cost_per_follow == D("0.52")
    assert comparison.spark_cost_per_follow == D("0.38")
    assert comparison.promote_click_through == pytest.approx(0.009)
    assert comparison.spark_click_through == pytest.approx(0.014)
