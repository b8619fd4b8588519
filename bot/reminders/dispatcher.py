"""The dispatcher: an idempotent sweep that claims what is due, sends it, and records it.

APScheduler only wakes it; the reminders table says what is due. Each tick claims a batch under
a lease, skips what a later reminder supersedes, and sends the rest one at a time, paced per
channel. A reminder is marked sent right after Slack's reply, before the next one goes out, so a
crash between the two can duplicate at most that one reminder. One failing reminder never holds
up the others: it goes back to pending with a backoff, or ends as failed and its owner is told.
"""

from __future__ import annotations

import heapq
import logging
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.config import Settings
from bot.reminders.kinds import TITLES
from bot.reminders.messages import render_reminder
from bot.reminders.pacing import Pacer
from bot.reminders.plan import Kind, is_superseded
from bot.slack_api import Outcome, call, send_dm
from bot.text import escape, moment_token
from storage import reminders as store
from storage.db import Database
from storage.models import CampaignStatus

log = logging.getLogger(__name__)

# The longest the dispatcher waits for one channel before handing its reminders back for later.
MAX_CHANNEL_WAIT = timedelta(seconds=10)


@dataclass
class TickReport:
    sent: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    lost_claims: int = 0
    rate_limited: int = 0

    def add(self, other: TickReport) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class _Unrecorded:
    """Sent to Slack, but the database was unreachable when recording it: record it first next tick."""

    reminder_id: int
    token: str
    channel: str
    ts: str
    late: bool


@dataclass
class _Batch:
    token: str
    lease_renewed_at: datetime
    queues: dict[str, deque] = field(default_factory=dict)


class Dispatcher:
    def __init__(self, *, database: Database, client: WebClient, clock: Clock, settings: Settings, team_id: str):
        self.database = database
        self.client = client
        self.clock = clock
        self.settings = settings
        self.config = settings.dispatch
        self.team_id = team_id
        self.pacer = Pacer(self.config.channel_interval_seconds)
        self.lease = timedelta(seconds=self.config.lease_seconds)
        self._unrecorded: list[_Unrecorded] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def stop(self) -> None:
        self._stopping.set()

    # -- the sweep ----------------------------------------------------------------------------------------

    def tick(self) -> TickReport:
        """Send everything due now. Safe to call from several threads or processes at once."""
        report = TickReport()
        if not self._lock.acquire(blocking=False):
            return report
        try:
            self._record_unrecorded()
            while not self._stopping.is_set():
                token = uuid.uuid4().hex
                now = self.clock.now()
                ids = store.claim_due(
                    self.database,
                    team_id=self.team_id,
                    now=now,
                    lease=self.lease,
                    limit=self.config.batch_size,
                    token=token,
                )
                if not ids:
                    break
                report.add(self._deliver_batch(token, ids))
                if len(ids) < self.config.batch_size:
                    break
        except SQLAlchemyError as error:
            log.warning("Reminders paused: the database is unreachable (%s). Retrying on the next tick.", error)
        finally:
            self.pacer.forget_before(self.clock.now())
            self._lock.release()
        return report

    def _deliver_batch(self, token: str, ids: list[int]) -> TickReport:
        report = TickReport()
        now = self.clock.now()
        with self.database.transaction() as session:
            claimed = store.load_claimed(session, team_id=self.team_id, token=token, ids=ids)
            due = store.due_kinds(session, team_id=self.team_id, campaign_ids={c.campaign.id for c in claimed}, now=now)
        batch = _Batch(token=token, lease_renewed_at=now)
        for item in claimed:
            reminder = item.reminder
            others = [(Kind(kind), auth) for kind, auth in due.get(reminder.campaign_id, [])]
            if is_superseded(Kind(reminder.kind), reminder.authorization_id, others):
                store.mark_skipped(
                    self.database,
                    team_id=self.team_id,
                    reminder_id=reminder.id,
                    token=token,
                    reason="superseded by a later reminder",
                    now=now,
                )
                report.skipped += 1
            elif item.campaign.status == CampaignStatus.CANCELLED:
                store.mark_skipped(
                    self.database,
                    team_id=self.team_id,
                    reminder_id=reminder.id,
                    token=token,
                    reason="cancelled",
                    now=now,
                )
                report.skipped += 1
            else:
                batch.queues.setdefault(_channel_key(item), deque()).append(item)
        self._drain(batch, report)
        return report

    def _drain(self, batch: _Batch, report: TickReport) -> None:
        """Send the batch one message at a time, always to the channel that may go soonest."""
        now = self.clock.now()
        heap = [(self.pacer.ready_at(key, now), order, key) for order, key in enumerate(batch.queues)]
        heapq.heapify(heap)
        order = len(heap)
        while heap:
            ready_at, _, key = heapq.heappop(heap)
            queue = batch.queues[key]
            now = self.clock.now()
            if self._stopping.is_set() or ready_at - now > MAX_CHANNEL_WAIT:
                self._hand_back(batch.token, queue, available_at=max(ready_at, now))
                continue
            while ready_at > now:
                self.clock.sleep(min((ready_at - now).total_seconds(), 1.0))
                now = self.clock.now()
            self._keep_lease(batch, now)
            self._deliver(batch.token, queue.popleft(), key, report)
            if queue:
                heapq.heappush(heap, (self.pacer.ready_at(key, self.clock.now()), order, key))
                order += 1

    def _keep_lease(self, batch: _Batch, now: datetime) -> None:
        if now - batch.lease_renewed_at >= self.lease / 3:
            store.extend_lease(self.database, team_id=self.team_id, token=batch.token, until=now + self.lease)
            batch.lease_renewed_at = now

    def _hand_back(self, token: str, queue: deque, *, available_at: datetime) -> None:
        if queue:
            ids = [item.reminder.id for item in queue]
            store.release(
                self.database,
                team_id=self.team_id,
                reminder_ids=ids,
                token=token,
                available_at=available_at,
                error=None,
                count_attempt=False,
                now=self.clock.now(),
            )
            queue.clear()

    # -- one reminder -------------------------------------------------------------------------------------

    def _deliver(self, token: str, item: store.Claimed, key: str, report: TickReport) -> None:
        reminder, campaign = item.reminder, item.campaign
        if not store.still_claimed(self.database, team_id=self.team_id, reminder_id=reminder.id, token=token):
            report.lost_claims += 1  # rescheduled or cancelled since the claim: the new plan speaks now
            return
        now = self.clock.now()
        late = (now - reminder.due_at).total_seconds() > self.config.late_after_seconds
        morning = self.settings.schedule.local_time
        self.pacer.sent(key, now)
        outcome = Outcome(ok=False, data={}, error="no_thread", channel_gone=True)
        if campaign.channel_id:
            rendered = render_reminder(reminder, campaign, item.authorization, late=late, morning=morning)
            outcome = call(
                self.client.chat_postMessage,
                channel=campaign.channel_id,
                thread_ts=campaign.message_ts,
                text=rendered.text,
                blocks=rendered.blocks,
                unfurl_links=False,
            )
        if outcome.channel_gone:
            because = _dm_reason(campaign.channel_id, outcome.error)
            rendered = render_reminder(
                reminder, campaign, item.authorization, late=late, morning=morning, via_dm_because=because
            )
            outcome = send_dm(self.client, campaign.owner_id, text=rendered.text, blocks=rendered.blocks)
        self._settle(token, item, key, outcome, late, report)

    def _settle(self, token: str, item: store.Claimed, key: str, outcome: Outcome, late: bool, report: TickReport):
        reminder = item.reminder
        now = self.clock.now()
        if outcome.ok:
            sent = _Unrecorded(reminder.id, token, outcome.data["channel"], outcome.data["ts"], late)
            try:
                self._record(sent)
            except SQLAlchemyError:
                self._unrecorded.append(sent)
                raise
            report.sent += 1
        elif outcome.rate_limited:
            self.pacer.pause(key, outcome.retry_after, now)
            self._release(token, reminder.id, now + timedelta(seconds=outcome.retry_after), outcome.error, False)
            report.rate_limited += 1
        elif outcome.transient and reminder.attempts + 1 < self.config.max_attempts:
            backoff = self.config.retry_base_seconds * 2**reminder.attempts
            self._release(token, reminder.id, now + timedelta(seconds=backoff), outcome.error, True)
            report.retried += 1
        else:
            store.mark_failed(
                self.database, team_id=self.team_id, reminder_id=reminder.id, token=token, error=outcome.error, now=now
            )
            report.failed += 1
            self._tell_owner_it_failed(item, outcome.error)

    def _release(self, token: str, reminder_id: int, available_at: datetime, error: str, count_attempt: bool) -> None:
        store.release(
            self.database,
            team_id=self.team_id,
            reminder_ids=[reminder_id],
            token=token,
            available_at=available_at,
            error=error,
            count_attempt=count_attempt,
            now=self.clock.now(),
        )

    def _record(self, sent: _Unrecorded) -> None:
        recorded = store.mark_sent(
            self.database,
            team_id=self.team_id,
            reminder_id=sent.reminder_id,
            token=sent.token,
            channel=sent.channel,
            ts=sent.ts,
            late=sent.late,
            now=self.clock.now(),
        )
        if not recorded:
            log.info("Reminder %s was rescheduled while it was being sent", sent.reminder_id)

    def _record_unrecorded(self) -> None:
        while self._unrecorded:
            self._record(self._unrecorded[0])
            self._unrecorded.pop(0)

    def _tell_owner_it_failed(self, item: store.Claimed, error: str) -> None:
        reminder, campaign = item.reminder, item.campaign
        text = (
            f"I couldn't deliver a reminder for *{escape(campaign.client)}* ({escape(campaign.creator_handle)}): "
            f"“{TITLES[Kind(reminder.kind)]}”, due {moment_token(reminder.due_at, campaign.owner_tz)}. "
            f"Slack answered `{escape(error)}`. Please act on it directly."
        )
        outcome = send_dm(self.client, campaign.owner_id, text=text)
        if not outcome.ok:
            log.warning(
                "Reminder %s failed (%s) and its owner couldn't be told (%s)", reminder.id, error, outcome.error
            )


def _channel_key(item: store.Claimed) -> str:
    return item.campaign.channel_id or f"dm:{item.campaign.owner_id}"


def _dm_reason(channel_id: str | None, error: str) -> str:
    if not channel_id:
        return "Sent by DM: this flight has no channel thread."
    why = {
        "is_archived": "it was archived",
        "channel_is_archived": "it was archived",
        "not_in_channel": "I'm no longer in it",
        "channel_not_found": "it's gone or I was removed",
    }.get(error, f"Slack said `{error}`")
    return f"Sent by DM because I couldn't post in <#{channel_id}>: {why}."
