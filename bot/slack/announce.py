"""Posting about a campaign: its summary message, kept current, and notes in its thread."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.clock import Clock
from bot.config import DispatchSettings
from bot.core.flight import Change, offered, phase
from bot.core.vocabulary import SummaryStatus
from bot.slack.api import Outcome, call, in_plain_words, send_dm
from bot.slack.blocks import context
from bot.slack.summary import summary_blocks, summary_text
from bot.slack.text import channel_link, mention
from storage import summaries as summary_store
from storage.models import Campaign
from storage.service import Campaigns
from storage.snapshot import Snapshot

log = logging.getLogger(__name__)


# Tries at intake, right after the ack; after that the dispatcher takes over, with backoff, until it lands.
SUMMARY_ATTEMPTS = 3
# The longest wait between two tries of a summary Slack keeps failing to take.
MAX_SUMMARY_BACKOFF = timedelta(minutes=10)
# Two sends Slack never answered may both have landed: a third could make a second duplicate.
MAX_UNANSWERED_SENDS = 2

REPOSTED_NOTE = (
    ":repeat: Slack didn't confirm an earlier copy of this summary. If you see two, this is the one "
    "Flightdeck keeps: the flight's reminders arrive in this thread."
)


class SummaryPoster:
    """Posts a flight's summary under a claim on its summary post, from the intake or the dispatcher.

    A passing failure (5xx, timeout, 429) is tried again later. If the channel refuses for good,
    whoever recorded the flight gets the summary by DM with the reason; that DM is the flight's
    home only when they own it, otherwise its reminders go to the owner by DM.
    """

    def __init__(self, client: WebClient, campaigns: Campaigns, clock: Clock, dispatch: DispatchSettings):
        self.client = client
        self.campaigns = campaigns
        self.database = campaigns.database
        self.clock = clock
        self.dispatch = dispatch
        self.lease = timedelta(seconds=dispatch.lease_seconds)

    def post_new(self, snapshot: Snapshot) -> None:
        """The fast path, at intake: claim this flight's summary (unless a dispatcher has) and post it."""
        campaign = snapshot.campaign
        token = uuid.uuid4().hex
        now = self.clock.now()
        if summary_store.claim_for(
            self.database, team_id=campaign.team_id, campaign_id=campaign.id, now=now, lease=self.lease, token=token
        ):
            self.deliver(campaign.team_id, campaign.id, token, tries=SUMMARY_ATTEMPTS)

    def deliver(self, team_id: str, campaign_id: int, token: str, *, tries: int = 1) -> str:
        """Post one claimed summary; what became of it ("posted", "by_dm", "retry", "lost"…)."""
        claimed = summary_store.load_claimed(self.database, team_id=team_id, campaign_id=campaign_id, token=token)
        if claimed is None:
            return "lost"
        if claimed.unanswered_sends >= MAX_UNANSWERED_SENDS:
            log.warning("Campaign %s: Slack never confirmed its summary twice; not posting a third", campaign_id)
            self._settle(claimed, token, SummaryStatus.UNCONFIRMED, error="Slack never confirmed the summary")
            return SummaryStatus.UNCONFIRMED
        snapshot = self.campaigns.snapshot(team_id, campaign_id)
        campaign = snapshot.campaign
        blocks = [block.to_dict() for block in summary_blocks(snapshot, now=self.clock.now())]
        if claimed.unanswered_sends:
            blocks = [context(REPOSTED_NOTE), *blocks]
        text = summary_text(campaign)
        outcome = Outcome(ok=False, data={}, error="lost")
        for attempt in range(tries):
            outcome = self._send(
                claimed,
                token,
                lambda: call(
                    self.client.chat_postMessage,
                    channel=claimed.channel_id,
                    text=text,
                    blocks=blocks,
                    unfurl_links=False,
                ),
            )
            if outcome.ok or outcome.uncertain or not (outcome.transient or outcome.rate_limited):
                break
            if attempt + 1 < tries:
                self.clock.sleep(outcome.retry_after or 2**attempt)
        if outcome.ok:
            self._settle(claimed, token, SummaryStatus.POSTED, thread=(outcome.data["channel"], outcome.data["ts"]))
            return SummaryStatus.POSTED
        if outcome.error == "lost" or outcome.uncertain or outcome.transient or outcome.rate_limited:
            return self._retry_later(claimed, token, outcome)
        return self._by_dm(claimed, token, campaign, text, blocks, outcome.error)

    def _send(self, claimed: summary_store.Claimed, token: str, send) -> Outcome:
        """One send, counted before it goes (so a crash mid-send is known) and taken back once answered."""
        keys = {"team_id": claimed.team_id, "campaign_id": claimed.campaign_id, "token": token}
        if not summary_store.mark_sending(self.database, now=self.clock.now(), **keys):
            return Outcome(ok=False, data={}, error="lost")
        outcome = send()
        if not outcome.uncertain:
            summary_store.answered(self.database, **keys)
        return outcome

    def _by_dm(
        self, claimed: summary_store.Claimed, token: str, campaign: Campaign, text: str, blocks: list[dict], error: str
    ) -> str:
        recorder, owner = campaign.created_by, campaign.owner_id
        where = "in this thread" if recorder == owner else f"by DM to {mention(owner)}, who owns the flight"
        why = (
            f"I recorded this flight but couldn't post it in <#{claimed.channel_id}>: {in_plain_words(error)}. "
            f"Its reminders will arrive {where}."
        )
        if error == "channel_not_found":
            why += " If the channel is private, add me with `/invite @Flightdeck` so later flights post there."
        told = self._send(
            claimed,
            token,
            lambda: send_dm(self.client, recorder, text=text, blocks=[context(why), *blocks], unfurl_links=False),
        )
        if told.ok:
            thread = (told.data["channel"], told.data["ts"]) if recorder == owner else None
            self._settle(claimed, token, SummaryStatus.BY_DM, thread=thread, error=error)
            return SummaryStatus.BY_DM
        if told.error == "lost" or told.uncertain or told.transient or told.rate_limited:
            return self._retry_later(claimed, token, told)
        log.error("Campaign %s recorded, but its summary reached no one: %s", campaign.id, told.error)
        self._settle(claimed, token, SummaryStatus.FAILED, error=f"{error}; by DM: {told.error}")
        return SummaryStatus.FAILED

    def _retry_later(self, claimed: summary_store.Claimed, token: str, outcome: Outcome) -> str:
        if outcome.error == "lost":
            return "lost"
        now = self.clock.now()
        backoff = timedelta(seconds=self.dispatch.retry_base_seconds * 2 ** min(claimed.attempts, 16))
        if outcome.rate_limited:
            backoff = timedelta(seconds=outcome.retry_after or 1)
        summary_store.release(
            self.database,
            team_id=claimed.team_id,
            campaign_id=claimed.campaign_id,
            token=token,
            available_at=now + min(backoff, MAX_SUMMARY_BACKOFF),
            error=outcome.error,
            now=now,
        )
        log.warning("Campaign %s: its summary will be tried again (%s)", claimed.campaign_id, outcome.error)
        return "retry"

    def _settle(
        self,
        claimed: summary_store.Claimed,
        token: str,
        status: SummaryStatus,
        *,
        thread=None,
        error: str | None = None,
    ) -> None:
        kept = summary_store.settle(
            self.database,
            team_id=claimed.team_id,
            campaign_id=claimed.campaign_id,
            token=token,
            status=status,
            now=self.clock.now(),
            thread=thread,
            error=error,
        )
        if not kept:
            # Our lease ran out mid-post and another holder took over: the thread it records is the one kept.
            log.info("Campaign %s: its summary was posted again by another holder", claimed.campaign_id)


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


def tell_escalated(client: WebClient, campaigns: Campaigns, spark: Campaign, user_id: str, now: datetime) -> None:
    """In the Promote flight's thread: it was escalated, where the Spark flight lives, what's left to do."""
    promote = campaigns.snapshot(spark.team_id, spark.escalated_from_id).campaign
    where = f" in {channel_link(spark.channel_id)}" if spark.channel_id else ""
    # Ending it is left to do only where its menu offers "End flight now" (bot/core/flight.py).
    what_next = (
        " Once the Spark ad is delivering, stop this Promote boost in the TikTok app and end it here from the ⋯ menu."
        if offered(Change.END, phase(promote, now), tool=promote.tool)
        else ""
    )
    note_in_thread(
        client,
        promote,
        f":arrow_up: {mention(user_id)} escalated this post to Spark Ads: the Spark flight has its own summary"
        f"{where}.{what_next}",
    )
