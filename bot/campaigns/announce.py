"""Posting about a campaign: its summary message, kept current, and notes in its thread."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.campaigns.service import Snapshot
from bot.campaigns.summary import summary_blocks, summary_text
from bot.slack_api import Outcome, call
from storage.models import Campaign

log = logging.getLogger(__name__)


def refresh_summary(client: WebClient, snapshot: Snapshot) -> None:
    """Redraw the summary message after a change, so its reminder list stays true."""
    campaign = snapshot.campaign
    if not (campaign.channel_id and campaign.message_ts):
        return
    outcome = call(
        client.chat_update,
        channel=campaign.channel_id,
        ts=campaign.message_ts,
        text=summary_text(campaign),
        blocks=[block.to_dict() for block in summary_blocks(snapshot)],
    )
    if not outcome.ok:
        log.warning("Couldn't update the summary of campaign %s: %s", campaign.id, outcome.error)


def note_in_thread(client: WebClient, campaign: Campaign, text: str, *, channel: str | None = None, thread_ts=None):
    """A short confirmation in the campaign's thread (or the thread the click came from)."""
    if channel in (None, campaign.channel_id):
        # The summary's thread exists only in its channel: a reminder sent by DM is answered in the DM.
        thread_ts = thread_ts or campaign.message_ts
    channel = channel or campaign.channel_id
    if not channel:
        return Outcome(ok=False, data={}, error="no_thread")
    outcome = call(client.chat_postMessage, channel=channel, thread_ts=thread_ts, text=text)
    if not outcome.ok:
        log.warning("Couldn't confirm in the thread of campaign %s: %s", campaign.id, outcome.error)
    return outcome
