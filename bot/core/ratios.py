"""The ratios a flight's figures allow, the planned budget they're set against, and the objective's goal.

Ratios are plain numbers (`Decimal` for money per something, `float` for proportions); a ratio that
can't be worked out (a missing figure, nothing to divide by) is `None`, never an exception. An
objective's label is a setting; its `Goal` says which figure, and so which ratio, judges the flight.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.core.results import Result, SparkResult
from bot.core.vocabulary import BudgetType

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
