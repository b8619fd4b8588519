"""A flight's calendar days, on its owner's calendar.

A flight is recorded as the instant its first day begins and the instant after its last day ends
(the midnight that follows it), both in the owner's time zone. Reading the days back goes through
the instants, so zones whose clocks change at midnight (Cairo, Beirut, Santiago…) read true.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.calendar import day_label, first_day, last_day
from bot.text import moment_token
from storage.models import Campaign

# The flight's last minute, for saying when it stops: "Sun 29 Nov at 23:59" reads as its last day.
_LAST_MINUTE = timedelta(minutes=1)


def flight_span(campaign: Campaign) -> str:
    """ "Mon 23 Nov → Sun 29 Nov (7 days)": the owner's calendar days, as plain text.

    Not `<!date>` tokens: a token converts to the reader's zone, and a day is not an instant. A
    Tokyo owner's Monday, pointed at by its noon, reads Sunday in New York. `flight_window` gives
    the instants.
    """
    first, last = first_day(campaign), last_day(campaign)
    days = max(1, (last - first).days + 1)
    return f"{day_label(first)} → {day_label(last)} ({days} day{'s' if days != 1 else ''})"


def flight_window(campaign: Campaign) -> str:
    """When the flight starts and stops, as `<!date>` tokens each reader sees in their own zone."""
    tz = campaign.owner_tz
    return f"{moment_token(campaign.start_at, tz)} → {moment_token(campaign.end_at - _LAST_MINUTE, tz)}"
