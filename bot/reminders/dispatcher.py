"""The dispatcher: an idempotent sweep that claims what is due, sends it, and records it.

APScheduler only wakes it; the reminders table says what is due. A tick claims due reminders under
one lease token, skips what a later reminder supersedes, and sends the rest one at a time, always
to the channel that may go soonest (Slack allows about one message a second per channel). While
every channel is waiting its turn, it claims more, so a large backlog interleaves across channels.

A reminder is marked sent right after Slack's reply, before the next one goes out, so a crash
between the two can duplicate at most that one reminder. Each send is counted before it goes and
taken back when Slack answers: a send whose answer never came (a crash, a read timeout) may have
landed, so the reminder is sent once more, saying so, and never a third time. One failing reminder
never holds up the others: it goes back to pending with a backoff, or ends as failed and its owner
is told.

Each tick first posts the flights' summaries still to post, so that a reminder then finds its
thread, and ends by redrawing those it made untrue (bot/reminders/summary_upkeep.py). Which claimed
reminders go, wait or are skipped is decided in bot/reminders/triage.py.
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
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.config import Settings
from bot.core.vocabulary import Kind, SkipReason
from bot.reminders.delivery import channel_key, post_reminder, tell_owner_it_failed
from bot.reminders.pacing import Pacer
from bot.reminders.summary_upkeep import SummaryUpkeep
from bot.reminders.triage import triage
from bot.slack.api import Outcome
from storage import reminders as store
from storage import summaries as summary_store
from storage.db import Database
from storage.service import Campaigns

log = logging.getLogger(__name__)

# The longest the dispatcher waits for one channel before handing its reminders back for later.
MAX_CHANNEL_WAIT = timedelta(seconds=10)
# How often a tick that is waiting on pacing looks for more due reminders.
RECLAIM_EVERY = timedelta(seconds=1)
# A tick's first claim is small, so the first messages go out at once; it takes on more while it waits.
FIRST_BATCH = 50


@dataclass
class TickReport:
    sent: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    lost_claims: int = 0
    rate_limited: int = 0
    summaries: int = 0
    waiting_for_thread: int = 0
    unconfirmed: int = 0

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
class _Run:
    """One tick's work: its claim, the claimed reminders queued per channel, and what became of them."""

    token: str
    connection: Connection
    lease_renewed_at: datetime
    claimed_at: datetime
    queues: dict[str, deque[store.Claimed]] = field(default_factory=dict)
    heap: list[tuple[datetime, int, str]] = field(default_factory=list)
    held: int = 0
    order: int = 0
    report: TickReport = field(default_factory=TickReport)
    # Campaigns whose summary message no longer tells the truth after this tick.
    stale_summaries: set[int] = field(default_factory=set)


_UNCONFIRMED = "Slack never answered two sends of it: it may have arrived, but wasn't sent a third time"


class Dispatcher:
    def __init__(self, *, database: Database, client: WebClient, clock: Clock, settings: Settings, team_id: str):
        self.database = database
        self.client = client
        self.clock = clock
        self.settings = settings
        self.config = settings.dispatch
        self.team_id = team_id
        self.campaigns = Campaigns(database, settings.schedule)
        self.pacer = Pacer(self.config.channel_interval_seconds)
        self.lease = timedelta(seconds=self.config.lease_seconds)
        # Reminders held in memory at once: enough to interleave a large backlog across channels.
        self.capacity = self.config.batch_size * 5
        self._stopping = threading.Event()
        self.summaries = SummaryUpkeep(
            database=database,
            client=client,
            campaigns=self.campaigns,
            clock=clock,
            config=self.config,
            team_id=team_id,
            lease=self.lease,
            stopping=self._stopping,
        )
        self._unrecorded: list[_Unrecorded] = []
        self._lock = threading.Lock()

    def stop(self) -> None:
        self._stopping.set()

    def tick(self) -> TickReport:
        """Send everything due now. Safe to call from several threads or processes at once."""
        return self._run(claim=True)

    def deliver_claimed(self, token: str, ids: list[int]) -> TickReport:
        """Deliver reminders already claimed under `token`, claiming nothing more."""
        return self._run(claim=False, token=token, ids=ids)

    # -- the sweep ----------------------------------------------------------------------------------------

    def _run(self, *, claim: bool, token: str | None = None, ids: list[int] | None = None) -> TickReport:
        report = TickReport()
        if not self._lock.acquire(blocking=False):
            return report
        try:
            # One connection for the whole tick, each statement committing on its own: the hot path
            # then costs one round trip per statement, with no pool checkout in between.
            with self.database.sweep_connection() as connection:
                self._record_unrecorded(connection)
                now = self.clock.now()
                run = _Run(token or uuid.uuid4().hex, connection, lease_renewed_at=now, claimed_at=now)
                report = run.report
                if ids:
                    self._enqueue(run, ids)
                if claim:
                    # Summaries first: a reminder claimed next then finds the thread they made.
                    self.summaries.post_due(run.token, now, run.report)
                    run.stale_summaries.update(self.summaries.ended_since_last_look(connection, now))
                    self._claim(run, at_most=FIRST_BATCH)
                self._drain(run, claim=claim)
                self.summaries.redraw(run.stale_summaries)
        except SQLAlchemyError as error:
            log.warning("Reminders paused: the database is unreachable (%s). Retrying on the next tick.", error)
        finally:
            self.pacer.forget_before(self.clock.now())
            self._lock.release()
        return report

    def _claim(self, run: _Run, *, at_most: int | None = None) -> int:
        room = min(at_most or self.config.batch_size, self.capacity - run.held)
        if room <= 0:
            return 0
        run.claimed_at = self.clock.now()
        ids = store.claim_due(
            self.database, team_id=self.team_id, now=run.claimed_at, lease=self.lease, limit=room, token=run.token
        )
        if ids:
            self._enqueue(run, ids)
        return len(ids)

    def _enqueue(self, run: _Run, ids: list[int]) -> None:
        now = self.clock.now()
        with self.database.transaction() as session:
            claimed = store.load_claimed(session, team_id=self.team_id, token=run.token, ids=ids)
            due = store.due_kinds(session, team_id=self.team_id, campaign_ids={c.campaign.id for c in claimed}, now=now)
            threadless = {c.campaign.id for c in claimed if not c.campaign.channel_id}
            unposted = summary_store.still_open(session, team_id=self.team_id, campaign_ids=threadless)
        for item in claimed:
            verdict = triage(item, due.get(item.campaign.id, []), now, thread_coming=item.campaign.id in unposted)
            if verdict.skip:
                self._skip(run, item, verdict.skip)
            elif verdict.retry_at:
                # Its summary, and so its thread, is still on its way: wait for it rather than DM.
                self._release(run, [item.reminder.id], verdict.retry_at, "waiting for the summary", count_attempt=False)
                run.report.waiting_for_thread += 1
            else:
                key = channel_key(item)
                if key not in run.queues or not run.queues[key]:
                    run.queues[key] = deque()
                    self._schedule(run, key)
                run.queues[key].append(item)
                run.held += 1

    def _schedule(self, run: _Run, key: str) -> None:
        heapq.heappush(run.heap, (self.pacer.ready_at(key, self.clock.now()), run.order, key))
        run.order += 1

    def _skip(self, run: _Run, item: store.Claimed, reason: SkipReason) -> None:
        store.mark_skipped(
            run.connection,
            team_id=self.team_id,
            reminder_id=item.reminder.id,
            token=run.token,
            reason=reason,
            now=self.clock.now(),
        )
        run.report.skipped += 1
        run.stale_summaries.add(item.campaign.id)

    def _drain(self, run: _Run, *, claim: bool) -> None:
        """Send one message at a time, always to the channel that may go soonest."""
        while True:
            if not run.heap:
                if claim and not self._stopping.is_set() and self._claim(run):
                    continue
                return
            ready_at, _, key = run.heap[0]
            now = self.clock.now()
            if self._stopping.is_set() or ready_at - now > MAX_CHANNEL_WAIT:
                heapq.heappop(run.heap)
                self._hand_back(run, key, available_at=max(ready_at, now))
                continue
            if ready_at > now:
                # Every channel is waiting its turn: a good moment to take on more of the backlog.
                if claim and now - run.claimed_at >= RECLAIM_EVERY and self._claim(run):
                    continue
                self.clock.sleep(min((ready_at - now).total_seconds(), RECLAIM_EVERY.total_seconds()))
                continue
            heapq.heappop(run.heap)
            self._keep_lease(run, now)
            queue = run.queues[key]
            item = queue.popleft()
            run.held -= 1
            self._deliver(run, item, key)
            if queue:
                self._schedule(run, key)

    def _keep_lease(self, run: _Run, now: datetime) -> None:
        if now - run.lease_renewed_at >= self.lease / 3:
            store.extend_lease(run.connection, team_id=self.team_id, token=run.token, until=now + self.lease)
            run.lease_renewed_at = now

    def _hand_back(self, run: _Run, key: str, *, available_at: datetime) -> None:
        queue = run.queues.pop(key, deque())
        if queue:
            self._release(run, [item.reminder.id for item in queue], available_at, None, count_attempt=False)
            run.held -= len(queue)

    # -- one reminder -------------------------------------------------------------------------------------

    def _deliver(self, run: _Run, item: store.Claimed, key: str) -> None:
        reminder = item.reminder
        keys = {"team_id": self.team_id, "reminder_id": reminder.id, "token": run.token}
        unanswered = store.mark_sending(run.connection, **keys)
        if unanswered is None:
            if store.still_claimed(run.connection, **keys):
                # Twice sent and never answered: Slack may have it twice already. A third send could be a
                # third copy, so it is closed as sent, unconfirmed, and the owner has it (or them) in Slack.
                store.mark_unconfirmed(run.connection, now=self.clock.now(), reason=_UNCONFIRMED, **keys)
                run.report.unconfirmed += 1
            else:
                run.report.lost_claims += 1  # rescheduled or cancelled since the claim: the new plan speaks now
            return
        now = self.clock.now()
        late = (now - reminder.due_at).total_seconds() > self.config.late_after_seconds
        try:
            outcome = post_reminder(
                self.client, item, late=late, schedule=self.settings.schedule, now=now, repeat=unanswered > 1
            )
        except Exception:  # a reminder that can't even be built must not hold up the rest
            log.exception("Reminder %s couldn't be built into a message", reminder.id)
            outcome = Outcome(ok=False, data={}, error="the message couldn't be built")
        # The channel's next turn counts from Slack's answer, not from the sending: the next message
        # then reaches Slack a full interval after this one did, however long either took on the way.
        self.pacer.sent(key, self.clock.now())
        self._settle(run, item, key, outcome, late)

    def _settle(self, run: _Run, item: store.Claimed, key: str, outcome: Outcome, late: bool) -> None:
        reminder = item.reminder
        now = self.clock.now()
        report = run.report
        if not outcome.ok and not outcome.uncertain:
            # Slack said no: that send didn't land. A send with no answer stays counted: it may have.
            store.answered(run.connection, team_id=self.team_id, reminder_id=reminder.id, token=run.token)
        if outcome.ok:
            sent = _Unrecorded(reminder.id, run.token, outcome.data["channel"], outcome.data["ts"], late)
            try:
                self._record(run.connection, sent)
            except SQLAlchemyError:
                self._unrecorded.append(sent)
                raise
            report.sent += 1
            if reminder.kind is Kind.SUMMARY_PULL:
                run.stale_summaries.add(item.campaign.id)  # the flight has ended: its menu changes
        elif outcome.rate_limited:
            # Slack said "not yet" for this channel: a short Retry-After is waited out with the reminder
            # still ours, at the head of its queue; a long one hands it back. Other channels carry on.
            self.pacer.pause(key, outcome.retry_after, now)
            report.rate_limited += 1
            if timedelta(seconds=outcome.retry_after) > MAX_CHANNEL_WAIT:
                self._release(run, [reminder.id], self.pacer.ready_at(key, now), outcome.error, count_attempt=False)
            else:
                run.queues[key].appendleft(item)
                run.held += 1
        elif outcome.transient and reminder.attempts + 1 < self.config.max_attempts:
            backoff = timedelta(seconds=self.config.retry_base_seconds * 2**reminder.attempts)
            self._release(run, [reminder.id], now + backoff, outcome.error, count_attempt=True)
            report.retried += 1
        else:
            store.mark_failed(
                run.connection,
                team_id=self.team_id,
                reminder_id=reminder.id,
                token=run.token,
                error=outcome.error,
                now=now,
            )
            report.failed += 1
            run.stale_summaries.add(item.campaign.id)
            told = tell_owner_it_failed(self.client, item, outcome.error)
            if not told.ok:
                log.warning(
                    "Reminder %s failed (%s) and its owner couldn't be told (%s)",
                    reminder.id,
                    outcome.error,
                    told.error,
                )

    def _release(self, run: _Run, ids: list[int], available_at: datetime, error: str | None, *, count_attempt: bool):
        store.release(
            run.connection,
            team_id=self.team_id,
            reminder_ids=ids,
            token=run.token,
            available_at=available_at,
            error=error,
            count_attempt=count_attempt,
            now=self.clock.now(),
        )

    def _record(self, connection: Connection, sent: _Unrecorded) -> None:
        recorded = store.mark_sent(
            connection,
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

    def _record_unrecorded(self, connection: Connection) -> None:
        while self._unrecorded:
            self._record(connection, self._unrecorded[0])
            self._unrecorded.pop(0)
