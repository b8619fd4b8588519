"""Posting about a campaign: its summary message, kept current, and notes in its thread."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.campaigns.service import Campaigns, Snapshot
from bot.campaigns.summary import summary_blocks, summary_text
from bot.clock import Clock
from bot.slack_api import Outcome, call, in_plain_words, send_dm
from bot.text import mention
from storage.models import Campaign

log = logging.getLogger(__name__)


SUMMARY_ATTEMPTS = 3


def post_summary(client: WebClient, campaigns: Campaigns, clock: Clock, snapshot: Snapshot, channel_id: str) -> None:
    """The summary in the channel, whose thread becomes the campaign's home.

    A passing failure (5xx, timeout, 429) is retried. If the channel refuses, whoever recorded the
    flight gets the summary by DM with the reason; that DM is the flight's home only when they
    own it, otherwise its reminders go to the owner by DM.
    """
    campaign = snapshot.campaign
    blocks = [block.to_dict() for block in summary_blocks(snapshot, now=clock.now())]
    text = summary_text(campaign)
    for attempt in range(SUMMARY_ATTEMPTS):
        outcome = call(client.chat_postMessage, channel=channel_id, text=text, blocks=blocks, unfurl_links=False)
        if outcome.ok or not (outcome.transient or outcome.rate_limited):
            break
        if attempt + 1 < SUMMARY_ATTEMPTS:
            clock.sleep(outcome.retry_after or 2**attempt)
    if outcome.ok:
        campaigns.set_thread(campaign.team_id, campaign.id, outcome.data["channel"], outcome.data["ts"])
        return
    recorder, owner = campaign.created_by, campaign.owner_id
    where = "in this thread" if recorder == owner else f"by DM to {mention(owner)}, who owns the flight"
    why = (
        f"I recorded this flight but couldn't post it in <#{channel_id}>: {in_plain_words(outcome.error)}. "
        f"Its reminders will arrive {where}."
    )
    note = {"type": "context", "elements": [{"type": "mrkdwn", "text": why}]}
    told = send_dm(client, recorder, text=text, blocks=[note, *blocks], unfurl_links=False)
    if not told.ok:
        log.error("Campaign %s recorded, but its summary reached no one: %s", campaign.id, told.error)
    elif recorder == owner:
        campaigns.set_thread(campaign.team_id, campaign.id, told.data["channel"], told.data["ts"])


def refresh_summary(client: WebClient, snapshot: Snapshot, *, now: datetime) -> None:
    """Redraw the summary message after a change, so its reminder list stays true."""
    campaign = snapshot.campaign
    if not (campaign.channel_id and campaign.message_ts):
        return
    outcome = call(
        client.chat_update,
        channel=campaign.channel_id,
        ts=campaign.message_ts,
        text=summary_text(campaign),
        blocks=[block.to_dict() for block in summary_blocks(snapshot, now=now)],
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


def tell_escalated(client: WebClient, campaigns: Campaigns, spark: Campaign, user_id: str) -> None:
    """In the Promote flight's thread: it was escalated, where the Spark flight lives, what's left to do."""
    promote = campaigns.snapshot(spark.team_id, spark.escalated_from_id).campaign
    where = f" in <#{spark.channel_id}>" if spark.channel_id else ""
    note_in_thread(
        client,
        promote,
        f":arrow_up: {mention(user_id)} escalated this post to Spark Ads: the Spark flight has its own summary"
        f"{where}. End this Promote flight from its ⋯ menu once the Spark ad is delivering.",
    )
