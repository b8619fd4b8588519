"""Figures as typed, and what can't be true of them against what is merely odd."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.result_check import check, parse_count, warned_on
from bot.core.results import PromoteResult, SparkResult

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
