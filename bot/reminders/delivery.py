"""Posting one reminder: in the campaign's thread, or by DM to its owner when the channel is gone."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.core.policy import ReminderSchedule
from bot.core.vocabulary import TITLES
from bot.slack.api import Outcome, call, in_plain_words, send_dm
from bot.slack.blocks import context
from bot.slack.reminder_message import render_reminder
from bot.slack.text import channel_link, escape, moment_token
from storage.reminders import Claimed

# On a reminder sent again after a send Slack never answered: the owner may see it twice, and should know why.
REPEAT_NOTE = (
    ":repeat: Slack didn't confirm that an earlier copy of this reminder arrived, so Flightdeck sent it again. "
    "If you have two, either one works."
)


def post_reminder(
    client: WebClient,
    item: Claimed,
    *,
    late: bool,
    schedule: ReminderSchedule,
    now: datetime | None = None,
    repeat: bool = False,
) -> Outcome:
    """Send one claimed reminder. `now` (the moment it goes out) decides which snoozes it offers;
    `repeat` says an earlier send may have arrived too."""
    reminder, campaign = item.reminder, item.campaign
    outcome = Outcome(ok=False, data={}, error="no_thread", channel_gone=True)
    if campaign.channel_id:
        rendered = render_reminder(
            reminder, campaign, item.authorization, late=late, schedule=schedule, now=now, renewal=item.renewal
        )
        outcome = call(
            client.chat_postMessage,
            channel=campaign.channel_id,
            thread_ts=campaign.message_ts,
            text=rendered.text,
            blocks=_marked(rendered.blocks, repeat),
            unfurl_links=False,
        )
    if outcome.channel_gone:
        because = _dm_reason(campaign.channel_id, outcome.error)
        rendered = render_reminder(
            reminder,
            campaign,
            item.authorization,
            late=late,
            schedule=schedule,
            via_dm_because=because,
            now=now,
            renewal=item.renewal,
        )
        outcome = send_dm(client, campaign.owner_id, text=rendered.text, blocks=_marked(rendered.blocks, repeat))
    return outcome


def _marked(blocks: list[dict], repeat: bool) -> list[dict]:
    if not repeat:
        return blocks
    return [context(REPEAT_NOTE), *blocks]


def tell_owner_it_failed(client: WebClient, item: Claimed, error: str) -> Outcome:
    reminder, campaign = item.reminder, item.campaign
    text = (
        f"I couldn't deliver a reminder for *{escape(campaign.client)}* ({escape(campaign.creator_handle)}): "
        f"“{TITLES[reminder.kind]}”, due {moment_token(reminder.due_at, campaign.owner_tz)}. "
        f"I tried several times, but {in_plain_words(error)}. Please act on it directly."
    )
    return send_dm(client, campaign.owner_id, text=text)


def channel_key(item: Claimed) -> str:
    """What pacing counts per: the campaign's channel, or its owner's DM when it has none."""
    return item.campaign.channel_id or f"dm:{item.campaign.owner_id}"


def _dm_reason(channel_id: str | None, error: str) -> str:
    if not channel_id:
        return "Sent by DM: this flight has no channel thread."
    return f"Sent by DM because I couldn't post in {channel_link(channel_id)}: {in_plain_words(error)}."
