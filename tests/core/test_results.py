"""A flight's figures: what can't be true, the ratios that fit its objective, the plain sentence."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.results import (
    PROMOTE_FIELDS,
    SPARK_FIELDS,
    Goal,
    PromoteResult,
    SparkResult,
    Standing,
    check,
    goal_of,
    headline,
    outcome,
    parse_count,
    planned_total,
    ratios,
    spend_line,
    warned_on,
)

D = Decimal


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "errors"),
    [
        (PromoteResult(D("50"), views=10_000, profile_visits=300, new_followers=20, website_clicks=40), set()),
        (PromoteResult(D("50")), set()),
        (PromoteResult(D("-1")), {"spent"}),
        (PromoteResult(D("50"), views=-3), {"views"}),
        (PromoteResult(D("50"), views=100, website_clicks=101), {"website_clicks"}),
        (PromoteResult(D("50"), views=100, profile_visits=101), {"profile_visits"}),
        (PromoteResult(D("50"), views=100, new_followers=101, profile_visits=10), {"new_followers"}),
        (PromoteResult(D("50"), views=100, website_clicks=100), set()),
        (SparkResult(D("50"), impressions=100, clicks=101), {"clicks"}),
        (SparkResult(D("50"), impressions=100, video_views=101), {"video_views"}),
        (SparkResult(D("50"), impressions=100, profile_visits=101), {"profile_visits"}),
        (SparkResult(D("50"), impressions=100, follows=101), {"follows"}),
        (SparkResult(D("50"), conversions=0, conversion_value=D("12")), {"conversion_value"}),
        (SparkResult(D("50"), conversions=3, conversion_value=D("12")), set()),
        (SparkResult(D("50"), clicks=101), set()),  # no impressions entered: nothing to compare with
        (SparkResult(D("50"), conversion_value=D("-5")), {"conversion_value"}),
        (SparkResult(D("NaN"), conversion_value=D("Infinity")), {"spent", "conversion_value"}),
    ],
)
def test_impossible_figures_are_errors(result, errors: set[str]) -> None:
    assert set(check(result).errors) == errors
    assert check(result).ok is (not errors)


@pytest.mark.parametrize(
    ("result", "planned", "warnings"),
    [
        (PromoteResult(D("50"), views=1000, profile_visits=10, new_followers=12), None, {"new_followers"}),
        (SparkResult(D("50"), impressions=1000, profile_visits=10, follows=12), None, {"follows"}),
        (SparkResult(D("50"), impressions=1000, clicks=10, conversions=12), None, {"conversions"}),
        (PromoteResult(D("121")), D("100"), {"spent"}),
        (PromoteResult(D("120")), D("100"), set()),
        (PromoteResult(D("500")), None, set()),
        (PromoteResult(D("500")), D("0"), set()),
        (PromoteResult(D("10")), D("100"), set()),
    ],
)
def test_odd_figures_are_warnings_only(result, planned, warnings: set[str]) -> None:
    outcome = check(result, planned)
    assert set(outcome.warnings) == warnings
    assert outcome.ok


def test_overspend_warning_says_how_far_over() -> None:
    assert check(PromoteResult(D("320")), D("100")).warnings["spent"] == (
        "Spend is 3.2× the planned budget: check the amount and the flight."
    )
    assert check(PromoteResult(D("1600")), D("500"), currency="EUR").warnings["spent"] == (
        "Spend of €1,600.00 is 3.2× the planned €500.00 budget: check the amount and the flight."
    )


@pytest.mark.parametrize(
    ("result", "warnings", "flagged"),
    [
        (PromoteResult(D("1600.00")), {"spent"}, {"spent=1600"}),
        (PromoteResult(D("1600.5")), {"spent"}, {"spent=1600.5"}),
        (PromoteResult(D("50"), profile_visits=10, new_followers=12), {"new_followers"}, {"new_followers=12/10"}),
        (SparkResult(D("50"), profile_visits=10, follows=12), {"follows"}, {"follows=12/10"}),
        (SparkResult(D("50"), clicks=3, conversions=9), {"conversions"}, {"conversions=9/3"}),
        (
            SparkResult(D("900"), profile_visits=10, follows=12, clicks=3, conversions=9),
            {"spent", "follows", "conversions"},
            {"spent=900", "follows=12/10", "conversions=9/3"},
        ),
        (PromoteResult(D("50")), set(), set()),
    ],
)
def test_a_warning_is_named_with_the_figures_that_raised_it(result, warnings, flagged) -> None:
    assert set(check(result, D("100")).warnings) == warnings
    assert warned_on(result, warnings) == flagged


def test_another_odd_value_is_another_warning() -> None:
    first = warned_on(PromoteResult(D("50"), profile_visits=10, new_followers=12), ["new_followers"])
    fewer_visits = warned_on(PromoteResult(D("50"), profile_visits=9, new_followers=12), ["new_followers"])
    assert first != fewer_visits


def test_overspend_threshold_is_a_setting() -> None:
    assert "spent" in check(PromoteResult(D("110")), D("100"), overspend=D("1.05")).warnings


@pytest.mark.parametrize(("table", "result_type"), [(PROMOTE_FIELDS, PromoteResult), (SPARK_FIELDS, SparkResult)])
def test_every_figure_says_where_to_find_it(table, result_type) -> None:
    assert [f.name for f in table] == [f.name for f in fields(result_type)]
    assert all(f.where and f.label for f in table)
    assert [f.name for f in table if f.required] == ["spent"]


# --- reading typed figures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12400", 12400),
        ("12,400", 12400),
        ("12 400", 12400),
        ("12.4K", 12400),
        ("12.4k", 12400),
        ("1.2M", 1_200_000),
        ("0", 0),
        ("", None),
        ("   ", None),
    ],
)
def test_counts_as_typed(raw: str, expected: int | None) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", ["-3", "1.5", "twelve", "NaN", "Infinity", "1.2345K", "K"])
def test_counts_that_arent(raw: str) -> None:
    with pytest.raises(ValueError, match="whole number"):
        parse_count(raw)


@given(st.integers(min_value=0, max_value=10**12))
def test_a_formatted_count_reads_back(n: int) -> None:
    assert parse_count(f"{n:,}") == n


# --- ratios ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "budget_type", "days", "expected"),
    [
        ("50", "daily", 7, D("350")),
        ("350", "lifetime", 7, D("350")),
        ("350", "lifetime", None, D("350")),
        ("50", "daily", None, None),
        ("50", "daily", 0, None),
    ],
)
def test_planned_total(amount: str, budget_type: str, days: int | None, expected: Decimal | None) -> None:
    assert planned_total(D(amount), budget_type, days) == expected


def test_an_unknown_budget_type_is_refused() -> None:
    with pytest.raises(ValueError):
        planned_total(D("5"), "weekly", 7)


def test_promote_ratios() -> None:
    result = PromoteResult(D("50"), views=20_000, profile_visits=1_250, new_followers=75, website_clicks=100)
    r = ratios(result, D("40"))
    assert r.cost_per_1000_views == D("2.5")
    assert r.cost_per_profile_visit == D("0.04")
    assert r.cost_per_follow == D("50") / 75
    assert r.visit_to_follow == pytest.approx(0.06)
    assert r.click_through == pytest.approx(0.005)
    assert r.cost_per_click == D("0.5")
    assert r.spend_vs_plan == pytest.approx(1.25)
    assert r.cost_per_conversion is None
    assert r.return_on_spend is None
    assert r.cost_per_1000_impressions is None


def test_spark_ratios() -> None:
    r = ratios(
        SparkResult(
            D("200"),
            impressions=100_000,
            video_views=40_000,
            clicks=800,
            profile_visits=500,
            follows=50,
            conversions=20,
            conversion_value=D("640"),
        )
    )
    assert r.cost_per_1000_impressions == D("2")
    assert r.cost_per_1000_views == D("5")
    assert r.click_through == pytest.approx(0.008)
    assert r.cost_per_click == D("0.25")
    assert r.cost_per_conversion == D("10")
    assert r.return_on_spend == pytest.approx(3.2)
    assert r.visit_to_follow == pytest.approx(0.1)
    assert r.spend_vs_plan is None


@pytest.mark.parametrize(
    "result",
    [
        PromoteResult(D("0")),
        PromoteResult(D("0"), views=0, profile_visits=0, new_followers=0, website_clicks=0),
        SparkResult(D("0"), impressions=0, video_views=0, clicks=0, profile_visits=0, follows=0, conversions=0),
        SparkResult(D("10"), conversion_value=D("5")),
    ],
)
def test_undefined_ratios_are_none(result) -> None:
    r = ratios(result, D("0"))
    assert r.cost_per_1000_views is None
    assert r.cost_per_profile_visit is None
    assert r.visit_to_follow is None
    assert r.click_through is None
    assert r.cost_per_click is None
    assert r.spend_vs_plan is None


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (SparkResult(D("10"), conversion_value=D("5")), 0.5),
        (SparkResult(D("0"), conversion_value=D("5")), None),
        (SparkResult(D("10")), None),
        (SparkResult(D("10"), conversion_value=D("0")), 0.0),
    ],
)
def test_return_on_spend(result: SparkResult, expected: float | None) -> None:
    assert ratios(result).return_on_spend == expected


counts = st.none() | st.integers(min_value=0, max_value=10**9)
money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(
    st.builds(PromoteResult, money, counts, counts, counts, counts)
    | st.builds(SparkResult, money, counts, counts, counts, counts, counts, counts, st.none() | money),
    st.none() | money,
)
def test_ratios_never_raise_and_are_never_negative(result, planned) -> None:
    r = ratios(result, planned)
    for f in fields(r):
        value = getattr(r, f.name)
        assert value is None or value >= 0


# --- objective and sentences -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("objective", "goal"),
    [
        ("Profile visits", Goal.PROFILE_VISITS),
        ("profile  VISITS", Goal.PROFILE_VISITS),
        ("Website clicks", Goal.WEBSITE_CLICKS),
        ("Community interaction", Goal.COMMUNITY),
        ("Conversions", Goal.CONVERSIONS),
        ("App installs", None),
        (None, None),
    ],
)
def test_goal_of_objective(objective: str | None, goal: Goal | None) -> None:
    assert goal_of(objective) == goal


def test_custom_objective_labels_map_to_goals() -> None:
    assert goal_of("Visites du profil", {"visites du profil": Goal.PROFILE_VISITS}) is Goal.PROFILE_VISITS


PROMOTE = PromoteResult(D("49.60"), views=52_300, profile_visits=1_240, new_followers=76, website_clicks=310)
SPARK = SparkResult(
    D("476"),
    impressions=210_000,
    video_views=48_000,
    clicks=1_900,
    profile_visits=2_100,
    follows=320,
    conversions=40,
    conversion_value=D("1523.20"),
)


@pytest.mark.parametrize(
    ("result", "objective", "currency", "expected"),
    [
        (PROMOTE, "Profile visits", "USD", "1,240 profile visits at $0.04 each; 6.1 % of visitors followed."),
        (PROMOTE, "Views", "EUR", "52,300 views at €0.95 per 1,000; 76 new followers."),
        (PROMOTE, "Website clicks", "USD", "310 website clicks at $0.16 each; 0.6 % click-through per view."),
        (SPARK, "Reach", "USD", "210,000 impressions at $2.27 per 1,000."),
        (SPARK, "Video views", "GBP", "48,000 video views at £9.92 per 1,000; 320 new followers."),
        (SPARK, "Community interaction", "USD", "2,100 profile visits at $0.23 each; 15.2 % of visitors followed."),
        (SPARK, "Traffic", "USD", "1,900 clicks at $0.25 each; 0.9 % click-through per impression."),
        (SPARK, "Conversions", "AED", "40 conversions at AED\u00a011.90 each; a return of 3.2× the spend."),
        (PROMOTE, "App installs", "USD", "Spent $49.60."),
        (
            PromoteResult(D("20")),
            "Profile visits",
            "USD",
            "Spent $20.00; the profile visits weren't entered, so there's nothing to measure it by.",
        ),
        (
            PromoteResult(D("20"), views=0),
            "Views",
            "USD",
            "Spent $20.00 for no views.",
        ),
        (PromoteResult(D("20"), profile_visits=500), "Profile visits", "USD", "500 profile visits at $0.04 each."),
        (SparkResult(D("30"), follows=60), "Community interaction", "USD", "60 follows at $0.50 each."),
        (SparkResult(D("30"), clicks=0), "Traffic", "USD", "Spent $30.00 for no clicks."),
        (PROMOTE, "Reach", "USD", "Spent $49.60."),
    ],
)
def test_headline(result, objective: str, currency: str, expected: str) -> None:
    assert headline(result, objective, currency) == expected


@pytest.mark.parametrize(
    ("spent", "planned", "expected"),
    [
        ("540", "600", "Spent $540.00 of $600.00 planned (90.0 %)."),
        ("540", None, "Spent $540.00."),
        ("0", "600", "Spent $0.00 of $600.00 planned (0.0 %)."),
    ],
)
def test_spend_line(spent: str, planned: str | None, expected: str) -> None:
    assert spend_line(D(spent), D(planned) if planned else None, "USD") == expected


# --- the card's one sentence: how the flight did against its objective ----------------------------

VISITS = PromoteResult(D("45"), views=20_000, profile_visits=1_240, new_followers=76)


@pytest.mark.parametrize(
    ("result", "objective", "planned", "standing", "expected"),
    [
        (
            VISITS,
            "Profile visits",
            "50",
            None,
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00).",
        ),
        (
            VISITS,
            "Profile visits",
            "30",
            Standing(1, 3, won=True),
            "1,240 profile visits at $0.04 each, 50.0 % over budget ($45.00 of $30.00); "
            "the winner of its Promote test of 3 posts.",
        ),
        (
            VISITS,
            "Profile visits",
            "50",
            Standing(2, 3),
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00); 2nd of the 3 posts in its Promote test.",
        ),
        (
            VISITS,
            "Profile visits",
            "50",
            Standing(1, 2),
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00); "
            "ahead in its Promote test of 2 posts, but not by enough to call it the winner.",
        ),
        (
            VISITS,
            "Views",
            "100",
            Standing(None, 3, waiting=2),
            "20,000 views at $2.25 per 1,000, spending only 45.0 % of its budget ($45.00 of $100.00); "
            "its Promote test of 3 posts waits for 2 more posts' results before it compares them.",
        ),
        (
            VISITS,
            "Views",
            "100",
            Standing(None, 3, waiting=1),
            "20,000 views at $2.25 per 1,000, spending only 45.0 % of its budget ($45.00 of $100.00); "
            "its Promote test of 3 posts waits for 1 more post's results before it compares them.",
        ),
        (
            VISITS,
            "Profile visits",
            "50",
            Standing(None, 3, after_call=True),
            "1,240 profile visits at $0.04 each, on budget ($45.00 of $50.00); "
            "its results came after its Promote test of 3 posts was called, so they don't change the call.",
        ),
        (
            PromoteResult(D("45")),
            "Profile visits",
            "50",
            None,
            "No profile visits entered, so there's nothing to judge the objective by; on budget ($45.00 of $50.00).",
        ),
        (
            PromoteResult(D("45"), profile_visits=0),
            "Profile visits",
            None,
            None,
            "No profile visits at all, for $45.00.",
        ),
        (
            PromoteResult(D("20"), views=9_000, website_clicks=180),
            "Website clicks",
            "50",
            None,
            "180 website clicks at $0.11 each, spending only 40.0 % of its budget ($20.00 of $50.00).",
        ),
        (
            SparkResult(D("380"), impressions=100_000, clicks=1_400, conversions=38),
            "Conversions",
            "400",
            None,
            "38 conversions at $10.00 each, on budget ($380.00 of $400.00).",
        ),
        (
            SparkResult(D("380"), impressions=100_000),
            "Reach",
            "300",
            None,
            "100,000 impressions at $3.80 per 1,000, 26.7 % over budget ($380.00 of $300.00).",
        ),
        (
            VISITS,
            "Something else",
            "50",
            None,
            "Spent $45.00 of $50.00; Flightdeck has no figure to judge this objective by.",
        ),
    ],
)
def test_outcome_against_the_objective(result, objective, planned, standing, expected) -> None:
    assert outcome(result, objective, "USD", D(planned) if planned else None, standing) == expected
