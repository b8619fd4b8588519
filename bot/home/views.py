"""The App Home: the user's flights by urgency, within Slack's 100-block limit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.calendar import day_label, last_day
from bot.core.vocabulary import TITLES
from bot.home.ids import CALENDAR_ACTIONS_BLOCK, CALENDAR_BLOCK, NEW_CALENDAR_LINK, TOOLS_BLOCK
from bot.slack.api import in_plain_words
from bot.slack.blocks import section
from bot.slack.calendar_link import FeedLink, link_text
from bot.slack.flight_list import flight_list_blocks
from bot.slack.ids import EXPORT_MY_FLIGHTS
from bot.slack.renewal_status import code_status
from bot.slack.summary import results_line
from bot.slack.text import escape, mention, moment_token
from storage.listing import FlightLine, HomeDigest
from storage.models import Campaign, CampaignResult

MAX_LINES = 12
MAX_FLIGHTS = 60
# The flights whose figures came in last: enough to see how the latest ones did.
MAX_RESULTS = 5


def _section(title: str, lines: list[str], total: int) -> list[dict[str, Any]]:
    if not lines:
        return []
    more = f"\n…and {total - len(lines)} more." if total > len(lines) else ""
    return [section((f"*{title}*\n" + "\n".join(lines))[:2900] + more)]


def _tools() -> dict[str, Any]:
    # Every flight the person owns or recorded, closed ones too, with results: for the brand's spreadsheet.
    export = {
        "type": "button",
        "text": {"type": "plain_text", "text": "Export my flights (CSV)", "emoji": True},
        "action_id": EXPORT_MY_FLIGHTS,
        "value": "mine",
    }
    return {"type": "actions", "block_id": TOOLS_BLOCK, "elements": [export]}


def _calendar(link: FeedLink | None) -> list[dict[str, Any]]:
    if link is None:
        return []
    text = section("*Your flights in your calendar*\n" + link_text(link, whose="your flights"))
    text["block_id"] = CALENDAR_BLOCK
    if link.url is None:
        return [text]
    replace = {
        "type": "button",
        "text": {"type": "plain_text", "text": "New link", "emoji": True},
        "action_id": NEW_CALENDAR_LINK,
        "value": "person",
        "confirm": {
            "title": {"type": "plain_text", "text": "Replace your calendar link?"},
            "text": {
                "type": "mrkdwn",
                "text": "The current link stops working at once: calendars subscribed with it stop updating "
                "until you subscribe again with the new one.",
            },
            "confirm": {"type": "plain_text", "text": "Replace the link"},
            "deny": {"type": "plain_text", "text": "Keep it"},
        },
    }
    return [text, {"type": "actions", "block_id": CALENDAR_ACTIONS_BLOCK, "elements": [replace]}]


def home_view(
    digest: HomeDigest,
    lines: list[FlightLine],
    total: int,
    *,
    now: datetime,
    results: list[tuple[Campaign, CampaignResult]] = (),
    calendar: FeedLink | None = None,
) -> dict[str, Any]:
    """The Home tab as a plain dict (bot/slack/flight_list.py says why)."""
    failed = [
        f"• :x: *{escape(c.client)}*: “{TITLES[r.kind]}” never reached Slack "
        f"({escape(in_plain_words(r.last_error or 'error'))}). Do it by hand."
        for r, c in digest.failed.items
    ]
    codes = [
        f"• {escape(c.creator_handle)} (<{a.post_url}|post>) · ad account {escape(a.ad_account_id)} · "
        f"{code_status(a, digest.renewals.get(a.id), c.owner_tz)} · owner {mention(c.owner_id)}"
        for a, c in digest.codes.items
    ]
    upcoming = [
        f"• {moment_token(r.due_at, c.owner_tz)}: {TITLES[r.kind]} · *{escape(c.client)}*"
        for r, c in digest.upcoming.items
    ]
    awaiting = [
        f"• *{escape(c.client)}* ({escape(c.creator_handle)}) · last day {day_label(last_day(c))}"
        for c in digest.awaiting.items
    ]
    latest = [f"• *{escape(c.client)}* ({escape(c.creator_handle)}): {results_line(c, r)}" for c, r in results]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Your flights", "emoji": True}},
        _tools(),
    ]
    blocks += _section("Needs attention", failed, digest.failed.total)
    blocks += _section("Spark codes expiring during their flight", codes, digest.codes.total)
    blocks += _section("Next reminders", upcoming, digest.upcoming.total)
    blocks += _section("Results to enter (summary pull due)", awaiting, digest.awaiting.total)
    blocks += _section("Latest results", latest, len(latest))
    blocks += _calendar(calendar)
    blocks.append({"type": "divider"})
    blocks += flight_list_blocks(
        lines,
        total,
        heading=f"*Active flights you own or recorded* ({total})",
        empty="You have no active flights. Start one with `/intake` in a client channel.",
        limit=min(MAX_FLIGHTS, 100 - len(blocks) - 2),
        now=now,
    )
    return {"type": "home", "blocks": blocks}
