"""The App Home: the user's flights by urgency, within Slack's 100-block limit."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.vocabulary import TITLES, Kind
from bot.slack.flight_list import flight_list_blocks
from bot.slack.ids import EXPORT_MY_FLIGHTS
from bot.slack.renewal_status import code_status
from bot.slack.text import escape, mention, moment_token
from storage.listing import FlightLine, HomeDigest

MAX_LINES = 12
MAX_FLIGHTS = 60


def _section(title: str, lines: list[str], total: int) -> list[Block]:
    if not lines:
        return []
    more = f"\n…and {total - len(lines)} more." if total > len(lines) else ""
    return [SectionBlock(text=MarkdownTextObject(text=(f"*{title}*\n" + "\n".join(lines))[:2900] + more))]


def _tools() -> ActionsBlock:
    # Every flight the person owns or recorded, closed ones too, with results: for the brand's spreadsheet.
    export = ButtonElement(text="Export my flights (CSV)", action_id=EXPORT_MY_FLIGHTS, value="mine")
    return ActionsBlock(block_id="home_tools", elements=[export])


def home_view(digest: HomeDigest, lines: list[FlightLine], total: int, *, now: datetime) -> View:
    failed = [
        f"• :x: *{escape(c.client)}*: “{TITLES[Kind(r.kind)]}” couldn't be delivered "
        f"(`{escape(r.last_error or 'error')}`). Act on it directly."
        for r, c in digest.failed.items
    ]
    codes = [
        f"• {escape(c.creator_handle)} (<{a.post_url}|post>) · ad account {escape(a.ad_account_id)} · "
        f"{code_status(a, digest.renewals.get(a.id), c.owner_tz)} · owner {mention(c.owner_id)}"
        for a, c in digest.codes.items
    ]
    upcoming = [
        f"• {moment_token(r.due_at, c.owner_tz)}: {TITLES[Kind(r.kind)]} · *{escape(c.client)}*"
        for r, c in digest.upcoming.items
    ]
    awaiting = [
        f"• *{escape(c.client)}* ({escape(c.creator_handle)}) ended {moment_token(c.end_at, c.owner_tz)}"
        for c in digest.awaiting.items
    ]
    blocks: list[Block] = [HeaderBlock(text="Your flights"), _tools()]
    blocks += _section("Needs attention", failed, digest.failed.total)
    blocks += _section("Spark codes expiring during their flight", codes, digest.codes.total)
    blocks += _section("Next reminders", upcoming, digest.upcoming.total)
    blocks += _section("Awaiting the summary pull", awaiting, digest.awaiting.total)
    blocks.append(DividerBlock())
    blocks += flight_list_blocks(
        lines,
        total,
        heading=f"*Active flights you own or recorded* ({total})",
        empty="You have no active flights. Start one with `/intake` in a client channel.",
        limit=min(MAX_FLIGHTS, 100 - len(blocks) - 2),
        now=now,
    )
    return View(type="home", blocks=blocks)
