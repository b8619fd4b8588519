"""How a flight reads in a list: /flights and the App Home share these lines.

The blocks are plain dicts, not slack_sdk models: a list draws up to 60 flights, and validating and
serialising the models took more time than reading the flights (bench/home.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.vocabulary import TITLES
from bot.slack.api import in_plain_words
from bot.slack.blocks import context, section
from bot.slack.flight_menu import flight_menu_dict
from bot.slack.renewal_status import code_status
from bot.slack.summary import tool_of
from bot.slack.text import escape, flight_span, mention, moment_token
from storage.listing import FlightLine

# Codes shown per flight in a list; the summary message shows them all.
MAX_CODES = 3


def flight_line_text(line: FlightLine) -> str:
    campaign = line.campaign
    tz = campaign.owner_tz
    parts = [
        f"*{escape(campaign.client)}* · {tool_of(campaign).label} · {escape(campaign.creator_handle)} "
        f"(<{campaign.post_url}|post>)",
        f"{flight_span(campaign)} · owner {mention(campaign.owner_id)}",
    ]
    for authorization in line.authorizations[:MAX_CODES]:
        status = code_status(authorization, line.renewals.get(authorization.id), tz)
        parts.append(f"Ad account {escape(authorization.ad_account_id)}: {status}")
    if len(line.authorizations) > MAX_CODES:
        parts.append(f"…and {len(line.authorizations) - MAX_CODES} more Spark codes")
    if line.next_reminder is not None:
        reminder = line.next_reminder
        parts.append(f"Next: {TITLES[reminder.kind]}, {moment_token(reminder.due_at, tz)}")
    for failed in line.failed:
        parts.append(
            f":x: Couldn't deliver “{TITLES[failed.kind]}”: {escape(in_plain_words(failed.last_error or 'error'))}"
        )
    return "\n".join(parts)


def flight_list_blocks(
    lines: list[FlightLine], total: int, *, heading: str, empty: str, limit: int, now: datetime
) -> list[dict[str, Any]]:
    if not lines:
        return [section(empty)]
    blocks = [section(heading)]
    shown = lines[:limit]
    blocks += [
        section(flight_line_text(line), flight_menu_dict(line.campaign, has_codes=bool(line.authorizations), now=now))
        for line in shown
    ]
    if total > len(shown):
        blocks.append(context(f"…and {total - len(shown)} more."))
    return blocks
