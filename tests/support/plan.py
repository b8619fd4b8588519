"""Flights as the reminder plan sees them (bot/core/plan.py), written in the owner's wall clock.

A table row reads the way the owner will see the reminder arrive: "2026-11-25 09:30" in New York.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.plan import CodeFacts, FlightFacts


def local(wall_clock: str, timezone: str) -> datetime:
    """The UTC instant at which the owner's clock reads `wall_clock` ("YYYY-MM-DD HH:MM")."""
    return datetime.fromisoformat(wall_clock).replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def flight(timezone: str, first_day: str, days: int, *, codes: dict[int, str] | None = None, **facts) -> FlightFacts:
    """A flight as the intake records it: from local midnight of its first day to the midnight after its last."""
    start = date.fromisoformat(first_day)
    return FlightFacts(
        start_at=local(f"{start} 00:00", timezone),
        end_at=local(f"{start + timedelta(days=days)} 00:00", timezone),
        timezone=timezone,
        codes=tuple(CodeFacts(auth, local(expiry, timezone)) for auth, expiry in (codes or {}).items()),
        **facts,
    )
