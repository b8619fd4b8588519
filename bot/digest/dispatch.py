"""Sending the weekly digests that are due: a job of its own beside the reminder dispatcher.

Each tick claims the due digests under one lease token (storage/digests.py), builds each one at the
moment it goes out, and sends its parts: the first to the channel (or the person's DM), the rest in
its thread. Each part is recorded as soon as Slack takes it, so a retry carries on from the next
part rather than posting the first again. A send is counted before it goes and taken back when
Slack answers; one whose answer never came may have landed, so it is sent once more at most, saying
so. Slack failing goes back with a backoff, like a reminder; a channel that refuses the digest for
good (archived, Flightdeck removed) skips the week and its subscriber is told by DM.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.config import Settings
from bot.core.digest import DigestRules, moved_from
from bot.digest.blocks import Part, digest_parts
from bot.digest.content import build_digest
from bot.slack.api import Outcome, call, in_plain_words, open_dm, send_dm
from bot.slack.blocks import context
from bot.slack.text import USER_ID, channel_link
from storage import digests as store
from storage.db import Database
from storage.subscription_models import DigestSubscription

log = logging.getLogger(__name__)

# Digests claimed per tick: each is a handful of messages, so a few at a time keeps the lease short.
BATCH = 10
REPEAT_NOTE = (
    ":repeat: Slack didn't confirm that an earlier copy of this part arrived, so Flightdeck sent it again. "
    "If you have two, either one works."
)


# Why a week's digest wasn't sent, beside Slack's own error codes (`why_not_sent` words them all).
UNCONFIRMED = "unconfirmed"
BUILD_FAILED = "build_failed"


@dataclass
class DigestReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost_claims: int = 0


class DigestDispatcher:
    def __init__(self, *, database: Database, client: WebClient, clock: Clock, settings: Settings, team_id: str):
        self.database = database
        self.client = client
        self.clock = clock
        self.config = settings.dispatch
        self.week = settings.schedule.working_week
        # The same settings as the reminders and the calendar feeds (docs/schedule.md).
        self.rules = DigestRules(
            pull_after_end=settings.schedule.pull_after_end,
            overdue_after_end=settings.schedule.overdue_after_end,
            minimum_days=settings.intake.min_flight_days,
        )
        self.team_id = team_id
        self.lease = timedelta(seconds=self.config.lease_seconds)
        self._workspace_url: str | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def stop(self) -> None:
        self._stopping.set()

    def tick(self) -> DigestReport:
        """Send every digest due now. Safe to call from several threads or processes at once."""
        report = DigestReport()
        if not self._lock.acquire(blocking=False):
            return report
        try:
            token = uuid.uuid4().hex
            ids = store.claim_due(
                self.database, team_id=self.team_id, now=self.clock.now(), lease=self.lease, limit=BATCH, token=token
            )
            for subscription_id in ids:
                if self._stopping.is_set():
                    break  # the rest wait for their lease to run out
                self._deliver(subscription_id, token, report)
        except SQLAlchemyError as error:
            log.warning("Digests paused: the database is unreachable (%s). Retrying on the next tick.", error)
        finally:
            self._lock.release()
        return report

    def workspace_url(self) -> str | None:
        """The workspace's address (auth.test), for the links to each flight's thread: asked once."""
        if self._workspace_url is None:
            outcome = call(self.client.auth_test)
            if outcome.ok:
                self._workspace_url = outcome.data.get("url") or None
        return self._workspace_url

    # -- one digest ---------------------------------------------------------------------------------------

    def _deliver(self, subscription_id: int, token: str, report: DigestReport) -> None:
        keys = {"team_id": self.team_id, "subscription_id": subscription_id, "token": token}
        row = store.load_claimed(self.database, **keys)
        if row is None:
            report.lost_claims += 1
            return
        try:
            parts = self._parts(row)
        except SQLAlchemyError:
            raise
        except Exception:  # a digest that can't be built must not hold up the others
            log.exception("The digest %s couldn't be built", subscription_id)
            self._retry_or_give_up(row, keys, Outcome(ok=False, data={}, error=BUILD_FAILED), report)
            return
        channel = row.channel_id
        if channel is None:
            opened = open_dm(self.client, row.user_id)
            if not opened.ok:
                self._settle_failure(row, keys, opened, report)
                return
            channel = opened.data["channel"]
        thread_ts = row.thread_ts
        for number, part in enumerate(parts[row.parts_sent :]):
            if self._stopping.is_set():
                return  # its lease runs out and the next holder carries on from the next part
            if number:
                # Slack takes about one message a second per channel: the parts keep to it.
                self.clock.sleep(self.config.channel_interval_seconds)
            store.extend_lease(self.database, until=self.clock.now() + self.lease, **keys)
            unanswered = store.mark_sending(self.database, **keys)
            if unanswered is None:
                if store.load_claimed(self.database, **keys) is None:
                    report.lost_claims += 1  # turned off, or taken over by another process after its lease ran out
                    return
                # Twice sent and never answered: Slack may have it twice already, so not a third time.
                store.finish_week(self.database, now=self.clock.now(), error=UNCONFIRMED, week=self.week, **keys)
                report.failed += 1
                return
            outcome = self._post(channel, part, thread_ts, repeat=unanswered > 1)
            if not outcome.ok:
                if not outcome.uncertain:
                    store.answered(self.database, **keys)
                self._settle_failure(row, keys, outcome, report)
                return
            store.part_sent(self.database, ts=outcome.data["ts"], now=self.clock.now(), **keys)
            thread_ts = thread_ts or outcome.data["ts"]
        if store.finish_week(self.database, now=self.clock.now(), week=self.week, **keys):
            report.sent += 1
        else:
            report.lost_claims += 1

    def _parts(self, row: DigestSubscription) -> list[Part]:
        now = self.clock.now()
        schedule = store.schedule_of(row, self.week)
        digest = build_digest(
            self.database,
            self.team_id,
            now=now,
            timezone=row.timezone,
            involving=row.user_id,
            last_sent_at=row.last_sent_at,
            workspace_url=self.workspace_url(),
            rules=self.rules,
            moved_from=moved_from(now, row.timezone, row.weekday, schedule.local_time, self.week),
        )
        heading = "Weekly digest" if row.channel_id else "Your weekly digest"
        return digest_parts(digest, row.timezone, owners=row.channel_id is not None, heading=heading)

    def _post(self, channel: str, part: Part, thread_ts: str | None, *, repeat: bool) -> Outcome:
        blocks = part.blocks
        if repeat:
            blocks = [context(REPEAT_NOTE), *blocks]
        message = {"channel": channel, "text": part.text, "blocks": blocks, "unfurl_links": False}
        if thread_ts:
            message["thread_ts"] = thread_ts
        return call(self.client.chat_postMessage, **message)

    def _settle_failure(self, row: DigestSubscription, keys: dict, outcome: Outcome, report: DigestReport) -> None:
        now = self.clock.now()
        if outcome.rate_limited:
            after = now + timedelta(seconds=outcome.retry_after or 1)
            store.release(self.database, available_at=after, error=outcome.error, count_attempt=False, now=now, **keys)
            report.retried += 1
            return
        self._retry_or_give_up(row, keys, outcome, report)

    def _retry_or_give_up(self, row: DigestSubscription, keys: dict, outcome: Outcome, report: DigestReport) -> None:
        now = self.clock.now()
        if outcome.transient and row.attempts + 1 < self.config.max_attempts:
            backoff = timedelta(seconds=self.config.retry_base_seconds * 2**row.attempts)
            store.release(
                self.database, available_at=now + backoff, error=outcome.error, count_attempt=True, now=now, **keys
            )
            report.retried += 1
            return
        # For good (the channel refuses it, or Slack kept failing): this week's is skipped, next week's stands.
        store.finish_week(self.database, now=now, error=outcome.error, week=self.week, **keys)
        report.failed += 1
        log.warning("The weekly digest %s couldn't be sent: %s", row.id, outcome.error)
        if row.channel_id is not None and USER_ID.match(row.created_by or ""):
            told = send_dm(
                self.client,
                row.created_by,
                text=(
                    f"I couldn't post this week's digest in {channel_link(row.channel_id)}: "
                    f"{why_not_sent(outcome.error)}. Next week's will be tried as usual; "
                    "`/flights digest off` stops it."
                ),
            )
            if not told.ok:
                log.warning("Its subscriber couldn't be told either: %s", told.error)


def why_not_sent(error: str) -> str:
    """A week's digest that didn't go out, in the words of the person who set it up."""
    if error == BUILD_FAILED:
        return "it couldn't be put together (Flightdeck's log says why)"
    if error == UNCONFIRMED:
        return "Slack never confirmed two sends of it, so it may have arrived, and it wasn't sent a third time"
    return in_plain_words(error)
