"""Small helpers for the text people read in Slack."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def local_day(instant: datetime, timezone: str) -> str:
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local:%a} {local.day} {local:%b}"


def local_moment(instant: datetime, timezone: str) -> str:
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


def day_token(instant: datetime, timezone: str) -> str:
    """A `<!date^…>` token for a day: every reader sees it in their own time zone.

    The fallback (for clients that can't render tokens) is the owner's local reading.
    """
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}}|{local_day(instant, timezone)}>"


def moment_token(instant: datetime, timezone: str) -> str:
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{local_moment(instant, timezone)}>"
