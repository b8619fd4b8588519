"""The dispatcher's work on the flights' summary messages: post those still to post, redraw those a
tick made untrue.

A tick posts the summaries first (claimed and leased like reminders, see storage/summaries.py), so a
reminder claimed next finds the thread they made. At its end it redraws the summaries whose reminder
list or menu changed, and only those: a summary redrawn for every reminder sent would double the
calls to Slack for nothing the reader needs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from slack_sdk import WebClient
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.config import DispatchSettings
from bot.slack.announce import SummaryPoster, refresh_summary
from storage import campaigns as campaign_store
from storage import summaries as summary_store
from storage.db import Database
from storage.service import Campaigns

log = logging.getLogger(__name__)


class Counts(Protocol):
    summaries: int


class SummaryUpkeep:
    def __init__(
        self,
        *,
        database: Database,
        client: WebClient,
        campaigns: Campaigns,
        clock: Clock,
        config: DispatchSettings,
        team_id: str,
        lease: timedelta,
        stopping: threading.Event,
    ):
        self.database = database
        self.client = client
        self.campaigns = campaigns
        self.clock = clock
        self.config = config
        self.team_id = team_id
        self.lease = lease
        self.stopping = stopping
        self.poster = SummaryPoster(client, campaigns, clock, config)
        # Flights whose end this process has looked for, up to this instant (None: not yet).
        self._ends_seen_until: datetime | None = None

    def post_due(self, token: str, now: datetime, report: Counts) -> None:
        """Post the summaries still to post (the intake's try failed, or its process died mid-post)."""
        campaign_ids = summary_store.claim_due(
            self.database,
            team_id=self.team_id,
            now=now,
            lease=self.lease,
            limit=self.config.batch_size,
            token=token,
        )
        for campaign_id in campaign_ids:
            if self.stopping.is_set():
                return  # the rest wait for their lease to run out
            try:
                self.poster.deliver(self.team_id, campaign_id, token)
            except SQLAlchemyError:
                raise
            except Exception:  # one summary that can't be built must not hold up the others
                log.exception("The summary of campaign %s couldn't be posted", campaign_id)
            report.summaries += 1

    def ended_since_last_look(self, connection: Connection, now: datetime) -> set[int]:
        """Flights whose last day just ended: their summary is redrawn, so its menu offers what fits now."""
        ended: set[int] = set()
        if self._ends_seen_until is not None:
            ended = set(campaign_store.ended_between(connection, self.team_id, after=self._ends_seen_until, until=now))
        self._ends_seen_until = now
        return ended

    def redraw(self, campaign_ids: Iterable[int]) -> None:
        """Redraw these flights' summaries, in a stable order."""
        for campaign_id in sorted(campaign_ids):
            if self.stopping.is_set():
                return
            snapshot = self.campaigns.snapshot(self.team_id, campaign_id)
            try:
                refresh_summary(self.client, snapshot, now=self.clock.now())
            except Exception:  # a summary that can't be drawn must not hold up the others
                log.exception("The summary of campaign %s couldn't be redrawn", campaign_id)
