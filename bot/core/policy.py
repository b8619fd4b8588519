"""The agency's numbers: the caps and lists behind the decision, and the reminder offsets.

Plain data, read from the settings once (bot/config.py) and handed to the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal

from bot.core.working_days import WorkingWeek


@dataclass(frozen=True)
class IntakePolicy:
    """The agency's numbers behind the decision tree and the warnings."""

    # Check 4 is derived, not asked: a daily spend above one Promote per-day cap, or a flight
    # longer than Promote's duration ceiling, needs Spark Ads.
    promote_daily_caps: Mapping[str, Decimal] = field(
        default_factory=lambda: {
            "USD": Decimal(1000),
            "EUR": Decimal(1000),
            "GBP": Decimal(850),
            "AED": Decimal(3700),
            "SAR": Decimal(3750),
        }
    )
    promote_max_days: int = 30
    # Under this daily budget per ad group the Spark algorithm starves (docs/domain.md, "budget spread thin").
    ad_group_min_daily: Mapping[str, Decimal] = field(
        default_factory=lambda: {
            "USD": Decimal(20),
            "EUR": Decimal(20),
            "GBP": Decimal(20),
            "AED": Decimal(75),
            "SAR": Decimal(75),
        }
    )
    min_flight_days: int = 5
    recommended_flight_days: int = 7
    promote_objectives: tuple[str, ...] = ("Views", "Profile visits", "Website clicks")
    spark_objectives: tuple[str, ...] = (
        "Reach",
        "Video views",
        "Community interaction",
        "Traffic",
        "Conversions",
    )

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(self.promote_daily_caps)


@dataclass(frozen=True)
class ReminderSchedule:
    """The reminder offsets of docs/schedule.md. Elapsed time in UTC; day-based kinds then move to `local_time`."""

    hold_after_start: timedelta = timedelta(days=2)
    min_reached_after_start: timedelta = timedelta(days=5)
    renew_before_expiry: timedelta = timedelta(hours=72)
    swap_before_expiry: timedelta = timedelta(hours=24)
    pull_after_end: timedelta = timedelta(hours=24)
    overdue_after_end: timedelta = timedelta(hours=48)
    # The weekly "review the creative" of a flight longer than this, every this long from its start; None: off.
    review_every: timedelta | None = timedelta(days=7)
    local_time: time = time(9, 30)
    # Days off for the day-based kinds (they move to `local_time` on the next working day); None: every day works.
    working_week: WorkingWeek | None = None
