"""The Promote test's message: one row per candidate, then how sure the call is, then what to do next.

Every figure is formatted for people (12,400 · 6.1 % · $4.20, bot/core/money.py); every name a person
typed is escaped; links are only to the flights' own TikTok posts and Slack threads.
"""

from __future__ import annotations

import re

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.calendar import day_label, first_day, last_day
from bot.core.money import format_count, format_money, format_percent
from bot.core.promote_test import PromoteTestStatus
from bot.core.ranking import Metric, Row, Verdict
from bot.core.results import PromoteResult
from bot.core.vocabulary import CampaignStatus
from bot.promote_tests.board import Board, Entry
from bot.promote_tests.ids import TestAction, call_block_id, escalate_value
from bot.slack.text import CHANNEL_ID, escape, mention

_METRIC_NAMES = {
    Metric.VISIT_TO_FOLLOW: "visit-to-follow ratio (new followers per profile visit)",
    Metric.CLICK_THROUGH: "click-through ratio (website clicks per view)",
    Metric.COST_PER_1000_VIEWS: "cost per 1,000 views, then the follow rate",
}
_TS = re.compile(r"^\d{1,12}\.\d{1,8}\Z")
# The workspace's address as auth.test gives it (https://acme-agency.slack.com/): nothing else goes in a link.
_WORKSPACE = re.compile(r"^https://[a-z0-9-]+(?:\.[a-z0-9-]+)*\.slack\.com/?\Z")
CALL_WINNER = "Call the winner"
ESCALATE_WINNER = "Escalate the winner to Spark Ads"


def thread_link(message, workspace_url: str | None = None) -> str | None:
    """A link to a flight's summary message (the thread its reminders and results arrive in) or to the
    test's own, on the workspace's address as chat.getPermalink answers it: no Slack call per post."""
    channel, ts = message.channel_id or "", message.message_ts or ""
    if not (CHANNEL_ID.match(channel) and _TS.match(ts)):
        return None
    base = workspace_url if workspace_url and _WORKSPACE.match(workspace_url) else "https://slack.com/"
    return f"{base.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"


def message_text(board: Board) -> str:
    return f"Promote test for {escape(board.test.client)}: {len(board.entries)} posts"


def message_blocks(board: Board, workspace_url: str | None = None) -> list[Block]:
    test = board.test
    posts = len(board.entries)
    metric = _METRIC_NAMES[board.metric] if board.metric else "nothing: Flightdeck can't rank this objective"
    intro = f"*Objective:* {escape(test.objective)} · ranked by {metric}"
    blocks: list[Block] = [
        HeaderBlock(text=f"Promote test: {test.client}"[:150]),
        SectionBlock(text=MarkdownTextObject(text=f"{intro}\n*Owner:* {mention(test.owner_id)} · {posts} posts")),
        DividerBlock(),
    ]
    rows = {int(row.candidate.key): row for row in board.ranking.rows} if board.ranking else {}
    ordered = sorted(
        board.entries, key=lambda e: (rows[e.campaign.id].rank, 0) if e.campaign.id in rows else (99, e.number)
    )
    winner = board.winner
    for entry in ordered[:6]:
        row = rows.get(entry.campaign.id)
        accessory = None
        if winner is not None and entry is winner and test.escalated_to_id is None:
            accessory = ButtonElement(
                text=ESCALATE_WINNER,
                action_id=TestAction.ESCALATE_WINNER,
                value=escalate_value(test.id, entry.campaign.id),
                style="primary",
            )
        text = _entry_text(board, entry, row, workspace_url)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory))
    blocks.append(DividerBlock())
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_verdict_text(board))))
    if board.spark is not None:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_escalation_text(board, workspace_url))))
    if _may_call(board):
        blocks.append(_call_button(test.id))
    if test.status == PromoteTestStatus.OPEN:
        how = (
            "Each post runs as its own Promote flight: enter its results from its thread (Summary pulled). "
            "The winner is called once every post has them, or when you press Call the winner."
        )
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=how)]))
    return blocks


def _may_call(board: Board) -> bool:
    """ "Call the winner" while the test waits for some figures, once at least one candidate has them."""
    waiting = board.ranking is not None and board.ranking.verdict is Verdict.WAITING
    some_in = any(e.result is not None for e in board.entries)
    return board.test.status == PromoteTestStatus.OPEN and waiting and some_in


def _call_button(test_id: int) -> ActionsBlock:
    def plain(text: str) -> dict:
        return {"type": "plain_text", "text": text}

    return ActionsBlock(
        block_id=call_block_id(test_id),
        elements=[
            ButtonElement(
                text=CALL_WINNER,
                action_id=TestAction.CALL_WINNER,
                value=str(test_id),
                confirm={
                    "title": plain("Call the winner now?"),
                    "text": plain("Posts without results yet are left out, and the test takes no more posts."),
                    "confirm": plain("Call it"),
                    "deny": plain("Wait"),
                },
            )
        ],
    )


def _entry_text(board: Board, entry: Entry, row: Row | None, workspace_url: str | None) -> str:
    campaign = entry.campaign
    # Places only once the call is made: before, a post that has its figures would lead on its own.
    called = board.ranking is not None and board.ranking.verdict is not Verdict.WAITING
    place = f"{row.rank}. " if row is not None and called else ""
    links = [f"<{campaign.post_url}|post on TikTok>"]
    if link := thread_link(campaign, workspace_url):
        links.append(f"<{link}|flight thread>")
    head = f"*{place}{escape(entry.label)}* · {' · '.join(links)}"
    lines = [head, _state(board, entry)]
    if isinstance(entry.result, PromoteResult):
        lines.append(_figures(entry.result, campaign.budget_currency, board.metric, row))
    return "\n".join(lines)[:3000]


def _state(board: Board, entry: Entry) -> str:
    campaign = entry.campaign
    if entry.result is not None and entry in board.after_call:
        return ":hourglass: Results arrived after the call: shown here, not in it"
    if entry.result is not None:
        return ":white_check_mark: Results in"
    status = CampaignStatus(campaign.status)
    if status == CampaignStatus.CANCELLED:
        return ":no_entry_sign: Cancelled: left out of the comparison"
    if status == CampaignStatus.PLANNED:
        return f":calendar: Starts {day_label(first_day(campaign))}"
    if status == CampaignStatus.LIVE:
        return f":arrow_forward: Live, last day {day_label(last_day(campaign))}"
    if status == CampaignStatus.ENDED:
        return ":hourglass_flowing_sand: Ended: waiting for its results"
    return ":hourglass_flowing_sand: Summary pulled without figures: enter them from its thread"


def _figures(result: PromoteResult, currency: str, metric: Metric | None, row: Row | None) -> str:
    parts = [f"{format_money(result.spent, currency)} spent"]
    for value, noun in (
        (result.views, "views"),
        (result.profile_visits, "profile visits"),
        (result.new_followers, "new followers"),
        (result.website_clicks, "website clicks"),
    ):
        if value is not None:
            parts.append(f"{format_count(value)} {noun}")
    text = " · ".join(parts)
    if row is not None and row.value is not None:
        if metric is Metric.COST_PER_1000_VIEWS:
            score = f"{format_money(row.value, currency)} per 1,000 views"
            if row.tie_break is not None:
                score += f", {format_percent(row.tie_break)} followed"
        else:
            name = "visit-to-follow" if metric is Metric.VISIT_TO_FOLLOW else "click-through"
            score = f"{format_percent(row.value)} {name}"
        text = f"*{score}* · {text}"
    return text


def _verdict_text(board: Board) -> str:
    ranking = board.ranking
    if ranking is None:
        return ":grey_question: This test's objective isn't one Flightdeck can rank: compare the figures above."
    reason = escape(ranking.reason)
    if ranking.verdict is Verdict.WINNER:
        text = f":trophy: *Clear winner.* {reason}"
    elif ranking.verdict is Verdict.TOO_CLOSE:
        text = f":balance_scale: *Too close to call.* {reason}"
    else:
        text = f":hourglass_flowing_sand: *No call yet.* {reason}"
    test = board.test
    if board.remade:
        before = board.remade_from
        was = f" (it had named {escape(before.label)})" if before is not None else ""
        text += f"\n_The call was re-made on the same posts after their figures were corrected{was}._"
    if test.called_by is not None:
        text += f"\n_Called by {mention(test.called_by)}"
        covered = set(test.call["flights"]) if test.call else {e.campaign.id for e in board.entries if e.result}
        left_out = [e for e in board.entries if e.campaign.id not in covered and not e.cancelled]
        if left_out:
            text += f" before every post had results: {escape(', '.join(e.label for e in left_out))} not compared"
        text += "._"
    return text


def _escalation_text(board: Board, workspace_url: str | None) -> str:
    spark = board.spark
    link = thread_link(spark, workspace_url)
    where = f" <{link}|Spark Ads flight>" if link else ""
    text = f":arrow_up: *Escalated to Spark Ads.*{where}"
    scaled = board.entry(spark.escalated_from_id) if spark.escalated_from_id is not None else None
    if scaled is not None and board.winner is not scaled:
        now = f"; the re-made call names {escape(board.winner.label)}" if board.winner is not None else ""
        text += f"\n{escape(scaled.label)} was escalated as the winner before the call was re-made{now}."
    if board.comparison is not None:
        text += f"\n{escape(board.comparison.sentence)}"
    else:
        text += "\nOnce its results are in, they're compared here with the Promote winner."
    return text
