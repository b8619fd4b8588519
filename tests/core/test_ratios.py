"""The ratios a flight's figures allow, the planned budget, and the goal behind an objective."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.ratios import Goal, goal_of, planned_total, ratios
from bot.core.results import PromoteResult, SparkResult

D = Decimal


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


# --- the objective's goal ---------------------------------------------------------------------------


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
