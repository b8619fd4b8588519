"""The campaign's summary message: the thread its reminders arrive in, kept current as they change."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.core.calendar import day_label, days_through, first_day, last_day
from bot.core.decision import Budget
from bot.core.outcome import headline, spend_line
from bot.core.ratios import planned_total
from bot.core.vocabulary import (
    TITLES,
    CampaignStatus,
    ReminderStatus,
    SkipReason,
    Tool,
)
from bot.slack.blocks import TEXT_LIMIT
from bot.slack.flight_menu import code_menu, flight_menu
from bot.slack.renewal_status import code_status
from bot.slack.text import escape, flight_span, flight_window, mention, moment_token
from storage.models import Campaign, CampaignResult, Reminder
from storage.renewals import state_of
from storage.results import as_result
from storage.snapshot import Snapshot

# What became of each reminder, so past ones don't read like upcoming ones. People's changes redraw
# the summary; the dispatcher redraws it after a tick that skipped or failed one of its reminders or
# sent its summary pull, not after every send, so a reminder sent since may still lack its mark.
_STATUS_MARKS = {
    ReminderStatus.DONE: " ✓ done",
    ReminderStatus.SENT: " · sent",
    ReminderStatus.FAILED: " · :x: couldn't be delivered",
}
_STATUS_NOTES = {
    CampaignStatus.ENDED: "Flight ended.",
    CampaignStatus.SUMMARIZED: "Flight ended and its summary is pulled: summarized.",
    CampaignStatus.CANCELLED: "Cancelled: no more reminders.",
}


def tool_of(campaign: Campaign) -> Tool:
    return campaign.tool


def budget_text(campaign: Campaign) -> str:
    return str(Budget(Decimal(campaign.budget_amount), campaign.budget_currency, campaign.budget_type))


def planned_budget(campaign: Campaign) -> Decimal | None:
    """The whole flight's planned spend: a daily budget times its days, or the lifetime amount."""
    days = days_through(first_day(campaign), last_day(campaign))
    return planned_total(Decimal(campaign.budget_amount), campaign.budget_type, days)


def results_line(campaign: Campaign, row: CampaignResult) -> str:
    """The verdict alone, for a list: "1,240 profile visits at $0.31 each; 6.1 % of visitors followed." """
    return headline(as_result(row), campaign.objective, campaign.budget_currency.upper())


def results_headline(campaign: Campaign, row: CampaignResult) -> str:
    """The summary message's results: the verdict and the spend against the plan, in two lines."""
    result = as_result(row)
    currency = campaign.budget_currency.upper()
    verdict = headline(result, campaign.objective, currency)
    return f"*Results* (card in this thread)\n{verdict}\n{spend_line(result.spent, planned_budget(campaign), currency)}"


def status_mark(reminder: Reminder) -> str:
    status = reminder.status
    if status is ReminderStatus.SKIPPED:
        because = SkipReason.recorded(reminder.last_error)
        return f" · skipped: {because.label}" if because else " · skipped"
    return _STATUS_MARKS.get(status, "")


def reminder_line(reminder: Reminder, timezone: str) -> str:
    # A reminder working days moved says from which day, so Monday's list explains itself (docs/schedule.md).
    moved = f" · moved from {day_label(reminder.moved_from)}" if reminder.moved_from else ""
    return f"• {moment_token(reminder.due_at, timezone)}: {TITLES[reminder.kind]}{moved}{status_mark(reminder)}"


def summary_text(campaign: Campaign) -> str:
    """The notification text (and the fallback for clients without blocks)."""
    # Slack reads this as mrkdwn too (it is what notifications show): a client named `<!channel>` mustn't ping.
    return f"{tool_of(campaign).label} for {escape(campaign.client)}, {escape(campaign.creator_handle)}"


def summary_blocks(snapshot: Snapshot, *, now: datetime) -> list[Block]:
    campaign = snapshot.campaign
    tool = tool_of(campaign)
    why = "; ".join(campaign.decision_reasons)
    blocks: list[Block] = [
        HeaderBlock(text=f"{tool.label}: {campaign.client}"[:150]),
        SectionBlock(
            text=MarkdownTextObject(text=f"*Why {tool.label}:* {escape(why)}."[:TEXT_LIMIT]),
            accessory=flight_menu(
                campaign, has_codes=bool(snapshot.authorizations), now=now, has_results=snapshot.result is not None
            ),
        ),
    ]
    if campaign.escalated_from_id is not None:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=":arrow_up: Escalated from a Promote test: the winning post now scales with Spark Ads."
                    )
                ]
            )
        )
    if campaign.conflict:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f":warning: *Conflict:* {escape(campaign.conflict)}")))
    market = campaign.market.label
    account = campaign.account_type.label
    blocks.append(
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"*Flight*\n{flight_span(campaign)}\n{flight_window(campaign)}"),
                MarkdownTextObject(text=f"*Budget*\n{budget_text(campaign)}"),
                MarkdownTextObject(text=f"*Owner*\n{mention(campaign.owner_id)}"),
                MarkdownTextObject(text=f"*Client*\n{escape(campaign.client)}"),
                MarkdownTextObject(
                    text=f"*Creator*\n{escape(campaign.creator_handle)} · <{campaign.post_url}|post on TikTok>"
                ),
                MarkdownTextObject(text=f"*Objective*\n{escape(campaign.objective)}"),
                MarkdownTextObject(text=f"*Market*\n{market} · {account} account"),
            ]
        )
    )
    if snapshot.authorizations:
        several_posts = len({a.post_url for a in snapshot.authorizations}) > 1
        lines = "\n".join(
            f"• {f'<{a.post_url}|post> · ' if several_posts else ''}Ad account {escape(a.ad_account_id)}: "
            f"{code_status(a, snapshot.renewals.get(a.id), campaign.owner_tz)}"
            for a in snapshot.authorizations
        )
        states = [state_of(snapshot.renewals.get(a.id)) for a in snapshot.authorizations]
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=f"*Spark codes*\n{lines}"[:TEXT_LIMIT]),
                accessory=code_menu(campaign, states, now=now),
            )
        )
    if campaign.warnings:
        lines = "\n".join(f":warning: {escape(w['text'])}" for w in campaign.warnings)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=lines[:TEXT_LIMIT])))
    if snapshot.result is not None:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=escape(results_headline(campaign, snapshot.result)))))
    blocks.append(DividerBlock())
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_reminders_text(snapshot))))
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Recorded by {mention(campaign.created_by)} with /intake. Reminders arrive in this thread."
                )
            ]
        )
    )
    return blocks


def _reminders_text(snapshot: Snapshot) -> str:
    campaign = snapshot.campaign
    shown = [r for r in snapshot.reminders if r.status != ReminderStatus.CANCELLED]
    lines = [reminder_line(r, campaign.owner_tz) for r in shown]
    note = _STATUS_NOTES.get(campaign.status)
    if note:
        lines.append(f"_{note}_")
    if not lines:
        lines.append("_No reminders ahead._")
    text = "*Reminders*\n" + "\n".join(lines)
    if len(text) > TEXT_LIMIT:
        text = text[:2990].rsplit("\n", 1)[0] + "\n…"
    return text
