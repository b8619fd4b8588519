"""Where a code's renewal stands, in a few words: the summary, /flights and the App Home share them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.calendar import day_label
from bot.core.renewal import RenewalState
from bot.slack.text import moment_token
from storage.models import Authorization, Renewal


def _day(instant: datetime | None, timezone: str) -> str:
    return day_label(instant.astimezone(ZoneInfo(timezone)).date()) if instant is not None else ""


def code_status(authorization: Authorization, renewal: Renewal | None, timezone: str) -> str:
    """ "code valid until <date> · creator asked Tue 1 Dec", "… · new code in, swap pending", "… · swapped Wed 2 Dec".

    "Valid until" rather than "expires": a summary drawn before the expiry still reads true after it."""
    state = renewal.state if renewal is not None else RenewalState.NONE
    expires = moment_token(authorization.expires_at, timezone)
    if state is RenewalState.REQUESTED:
        return f"code valid until {expires} · creator asked {_day(renewal.requested_at, timezone)}"
    if state is RenewalState.RECEIVED and renewal.swap_by is not None:
        # Until the swap, the code running the ad is the old one: its expiry is the one that matters.
        return (
            f"code valid until {moment_token(renewal.swap_by, timezone)} · new code in, swap pending "
            f"(the new one expires {expires})"
        )
    if state is RenewalState.SWAPPED:
        return f"code valid until {expires} · swapped {_day(renewal.swapped_at, timezone)}"
    return f"code valid until {expires}"
