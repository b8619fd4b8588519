"""The App Home: the user's flights by urgency, within Slack's 100-block limit."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import Block, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.flights.views import flight_list_blocks
from bot.reminders.kinds import TITLES
from bot.reminders.plan import Kind
from bot.text import escape, mention, moment_token
from storage.listing import FlightLine

MAX_LINES = 12
MAX_FLIGHTS = 60


def _section(title: str, lines: list[str]) -> list[Block]:
    if not lines:
        return []
    shown = lines[:MAX_LINES]
    more = f"\n…and {len(lines) - len(shown)} more." if len(lines) > len(shown) else ""
    return [SectionBlock(text=MarkdownTextObject(text=(f"*{title}*\n" + "\n".join(shown))[:2900] + more))]


def home_view(lines: list[FlightLine], total: int, *, now: datetime) -> View:
    failed = [
        f"• :x: *{escape(line.campaign.client)}*: “{TITLES[Kind(r.kind)]}” couldn't be delivered "
        f"(`{escape(r.last_error or 'error')}`). Act on it directly."
        for line in lines
        for r in line.failed
    ]
    codes = sorted(
        ((a, line.campaign) for line in lines for a in line.authorizations if a.expires_at < line.campaign.end_at),
        key=lambda pair: pair[0].expires_at,
    )
    code_lines = [
        f"• {escape(c.creator_handle)} (<{c.post_url}|post>) · ad account {escape(a.ad_account_id)} · "
        f"expires {moment_token(a.expires_at, c.owner_tz)} · owner {mention(c.owner_id)}"
        for a, c in codes
    ]
    upcoming = sorted((line for line in lines if line.next_reminder), key=lambda line: line.next_reminder.due_at)
    next_lines = [
        f"• {moment_token(line.next_reminder.due_at, line.campaign.owner_tz)}: "
        f"{TITLES[Kind(line.next_reminder.kind)]} · *{escape(line.campaign.client)}*"
        for line in upcoming
    ]
    awaiting = [
        f"• *{escape(line.campaign.client)}* ({escape(line.campaign.creator_handle)}) ended "
        f"{moment_token(line.campaign.end_at, line.campaign.owner_tz)}"
        for line in lines
        if line.campaign.end_at <= now
    ]
    blocks: list[Block] = [HeaderBlock(text="Your flights")]
    blocks += _section("Needs attention", failed)
    blocks += _section("Spark codes expiring during their flight", code_lines)
    blocks += _section("Next reminders", next_lines)
    blocks += _section("Awaiting the summary pull", awaiting)
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
