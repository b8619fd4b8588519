"""What the benchmarks share: the Slack emulator in its own process, throwaway databases, bulk rows.

The emulator runs in a child process so that serving Slack's side never competes for the GIL
with the code being measured.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from slack_sdk.web.base_client import BaseClient

from bot.core.vocabulary import Kind
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Authorization, Campaign, Reminder
from tests.support.databases import PostgresForTests, sqlite_url
from tests.support.slack_emulator import TEAM_ID, SlackEmulator

TOKEN = "xoxb-bench-token"
OWNER = "U0OWNER"


# -- the emulator, in a child process ----------------------------------------------------------------------


def _serve(connection, token: str, channel_rate: float | None, record_calls: bool) -> None:
    emulator = SlackEmulator(token)
    emulator.record_calls = record_calls
    emulator.add_user(OWNER, tz="America/New_York")
    if channel_rate is not None:
        emulator.enforce_channel_rate(channel_rate)
    emulator.start()
    connection.send(emulator.url)
    while True:
        command = connection.recv()
        if command == "stop":
            emulator.stop()
            connection.send(None)
            return
        if command == "stats":
            with emulator._lock:
                calls = list(emulator.calls)
                answer = {
                    "messages": len(emulator.messages),
                    "rate_limited": emulator.rate_limited_count,
                    "posts": [
                        (call.answer.get("channel") or call.args.get("channel"), call.at, call.status)
                        for call in calls
                        if call.method == "chat.postMessage"
                    ],
                }
            connection.send(answer)


class ChildServer:
    """A Slack stand-in served from a child process, spoken to over a pipe: its URL, stats, stop."""

    NAME = "slack"

    def __init__(self, target, *args: Any):
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=target, args=(child, *args), name=self.NAME, daemon=True)
        self._process.start()
        if not self._connection.poll(30):
            self._process.kill()
            raise RuntimeError(f"the {self.NAME} process didn't start")
        self.url: str = self._connection.recv()

    def stats(self) -> dict[str, Any]:
        self._connection.send("stats")
        return self._connection.recv()

    def stop(self) -> None:
        if self._process.is_alive():
            self._connection.send("stop")
            self._connection.recv()
            self._process.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


class EmulatorProcess(ChildServer):
    """A SlackEmulator served from a child process; `stats()` reads what it saw."""

    NAME = "Slack emulator"

    def __init__(self, *, channel_rate: float | None = None, record_calls: bool = False, token: str = TOKEN):
        self.token = token
        super().__init__(_serve, token, channel_rate, record_calls)


class WireProbe:
    """Notes when any WebClient puts a `method` request on the wire, and keeps the view it carried.

    The hook sits where slack_sdk hands the encoded request to its transport, so building and
    JSON-encoding the view are inside a measured span and the round trip to Slack is outside it.
    """

    def __init__(self, method: str):
        self.suffix = f"/{method}"
        self.sent_at: float | None = None
        self.view: dict[str, Any] | None = None
        self._answered = threading.Event()
        self._original = BaseClient._perform_urllib_http_request_internal

    def install(self) -> None:
        original, probe = self._original, self

        def perform(client: BaseClient, url: str, req) -> dict[str, Any]:
            if not url.endswith(probe.suffix):
                return original(client, url, req)
            probe.sent_at = time.perf_counter()
            try:
                return original(client, url, req)
            finally:
                probe.view = json.loads(req.data)["view"]
                probe._answered.set()

        BaseClient._perform_urllib_http_request_internal = perform

    def uninstall(self) -> None:
        BaseClient._perform_urllib_http_request_internal = self._original

    def arm(self) -> None:
        self.sent_at = None
        self._answered.clear()

    def wait(self) -> float:
        """When the request went out, once Slack has answered it."""
        if not self._answered.wait(30):
            raise RuntimeError(f"{self.suffix[1:]} was never called")
        assert self.sent_at is not None
        return self.sent_at


# -- throwaway databases -------------------------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="flightdeck-bench-") as directory:
        database = Database(sqlite_url(directory))
        upgrade(database)
        try:
            yield database
        finally:
            database.dispose()


@contextmanager
def postgres_database() -> Iterator[Database]:
    """A fresh database beside the local `test` one (or TEST_DATABASE_URL's), dropped afterwards."""
    server = PostgresForTests()
    server.name = f"flightdeck_bench_{uuid.uuid4().hex[:10]}"
    database = Database(server.ensure())
    try:
        yield database
    finally:
        database.dispose()
        server.drop()


@contextmanager
def database_for(backend: str) -> Iterator[Database]:
    factory = {"sqlite": sqlite_database, "postgres": postgres_database}[backend]
    with factory() as database:
        yield database


# -- rows in bulk ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    campaigns: int
    channels: int


def campaign_row(campaign_id: int, *, spark: bool, start: datetime, end: datetime, channel: str, now: datetime) -> dict:
    """A live flight of OWNER's, as a row for a bulk insert."""
    return {
        "id": campaign_id,
        "team_id": TEAM_ID,
        "tool": "spark" if spark else "promote",
        "ownership": "brand" if spark else "creator",
        "answers": {},
        "decision_reasons": ["The brand owns the conversion data."] if spark else [],
        "warnings": [],
        "client": f"Client {campaign_id}",
        "creator_handle": f"@creator{campaign_id}",
        "post_url": f"https://www.tiktok.com/@creator{campaign_id}/video/{7_300_000_000_000_000_000 + campaign_id}",
        "objective": "Reach" if spark else "Views",
        "market": "us",
        "account_type": "business",
        "budget_amount": Decimal("500.00"),
        "budget_currency": "USD",
        "budget_type": "lifetime",
        "disclosure_on": False,
        "start_at": start,
        "end_at": end,
        "owner_tz": "America/New_York",
        "status": "live",
        "owner_id": OWNER,
        "channel_id": channel,
        "message_ts": f"1700000000.{campaign_id:06d}",
        "created_by": OWNER,
        "created_at": now,
        "updated_by": OWNER,
        "updated_at": now,
    }


def authorization_row(authorization_id: int, campaign: dict, *, expires_at: datetime, now: datetime) -> dict:
    """The Spark code of a `campaign_row`, as a row for a bulk insert."""
    return {
        "id": authorization_id,
        "team_id": TEAM_ID,
        "campaign_id": campaign["id"],
        "post_url": campaign["post_url"],
        "ad_account_id": f"7400000000{campaign['id']:09d}",
        "expires_at": expires_at,
        "created_at": now,
        "updated_at": now,
    }


def populate_due(database: Database, *, count: int, channels: int, due_at: datetime, now: datetime) -> Population:
    """`count` campaigns with one reminder each, all due at `due_at`, campaign i in channel i % `channels`.

    One reminder per campaign means none supersedes another; the kinds cycle through every kind so
    each message template is rendered. Code kinds get the Spark authorization they speak of.
    """
    kinds = list(Kind)
    start = due_at - timedelta(days=2)
    campaigns, authorizations, reminders = [], [], []
    for index in range(count):
        campaign_id = index + 1
        kind = kinds[index % len(kinds)]
        spark = kind.value.startswith("code.")
        campaigns.append(
            campaign_row(
                campaign_id,
                spark=spark,
                start=start,
                end=start + timedelta(days=14),
                channel=f"C{index % channels:08d}",
                now=now,
            )
        )
        authorization_id = None
        if spark:
            authorization_id = len(authorizations) + 1
            authorizations.append(
                authorization_row(authorization_id, campaigns[-1], expires_at=due_at + timedelta(hours=24), now=now)
            )
        reminders.append(
            {
                "id": campaign_id,
                "team_id": TEAM_ID,
                "campaign_id": campaign_id,
                "authorization_id": authorization_id,
                "kind": kind.value,
                "planned_at": due_at,
                "due_at": due_at,
                "available_at": due_at,
                "status": "pending",
                "attempts": 0,
                "late": False,
                "created_at": now,
                "updated_at": now,
            }
        )
    with database.transaction() as session:
        session.execute(sa.insert(Campaign), campaigns)
        if authorizations:
            session.execute(sa.insert(Authorization), authorizations)
        session.execute(sa.insert(Reminder), reminders)
    if database.is_postgres:
        with database.engine.begin() as connection:
            for table in ("campaign", "spark_authorization", "reminder"):
                connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {count + 1})")
            connection.exec_driver_sql("ANALYZE")
    return Population(campaigns=count, channels=channels)


def status_counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        rows = connection.execute(sa.select(Reminder.status, sa.func.count()).group_by(Reminder.status))
        return {status: count for status, count in rows}


# -- figures -----------------------------------------------------------------------------------------------


def machine_note() -> str:
    """Other work on the machine skews every figure here: say how busy it was."""
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {one:.2f} (1 min), {five:.2f} (5 min)"


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def profile_report(profile_path: Path, *, limit: int = 25) -> None:
    import pstats

    stats = pstats.Stats(str(profile_path))
    stats.strip_dirs()
    print(f"\n-- top {limit} by cumulative time --")
    stats.sort_stats("cumulative").print_stats(limit)
    print(f"-- top {limit} by own time --")
    stats.sort_stats("tottime").print_stats(limit)


def result_row(campaign: dict, *, index: int, entered: datetime) -> dict:
    """Figures for a `campaign_row`, as a `campaign_result` row for a bulk insert."""
    spark = campaign["tool"] == "spark"
    figures: dict[str, Any] = {
        "impressions": 150_000 + index * 11 if spark else None,
        "views": 20_000 + index * 7,
        "profile_visits": 900 + index % 100,
        "follows": 90 + index % 50,
        "clicks": 2_000 + index % 300 if spark else None,
        "conversions": 40 + index % 20 if spark else None,
        "conversion_value": Decimal(1_500 + index % 700) if spark else None,
    }
    return {
        "team_id": TEAM_ID,
        "campaign_id": campaign["id"],
        "tool": campaign["tool"],
        "spent": Decimal(400 + index % 200) + Decimal("0.50"),
        **figures,
        "card_channel": campaign["channel_id"],
        "card_ts": f"1700000001.{campaign['id']:06d}",
        "entered_by": OWNER,
        "entered_at": entered,
        "updated_by": OWNER,
        "updated_at": entered,
    }
