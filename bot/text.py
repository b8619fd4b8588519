"""Small helpers for the text people read in Slack."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def zone_place(timezone: str) -> str:
    """ "America/New_York" -> "New York": how a person names a time zone."""
    return timezone.rsplit("/", 1)[-1].replace("_", " ")


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def local_moment(instant: datetime, timezone: str) -> str:
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


def moment_token(instant: datetime, timezone: str) -> str:
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{local_moment(instant, timezone)}>"
