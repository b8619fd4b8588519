"""The weekly digest of a workspace with 1,000 active flights: its build time and its messages.

1,000 live flights across 60 clients, most of them with something for the digest: Spark codes
lapsing this week, flights ending this week, flights ended and awaiting their summary (due or
overdue), flights under the 5-day minimum, and a reminder Slack couldn't take now and then. The
digest is built as the dispatcher builds it (storage read, the domain's week, the blocks and their
split into parts), then sent once by the real `DigestDispatcher` to a Slack that answers at once.
It prints the median and p99 of the build, the read and the rendering apart, and the parts: how many
messages, the most blocks and characters in any one (Slack's limit: 50 blocks a message).

    python -m bench.digest [--flights 1000] [--samples 30] [--backend sqlite|postgres] (repeatable)
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bench._support import (
    TOKEN,
    authorization_row,
    campaign_row,
    database_for,
    machine_note,
    median,
    percentile,
)
from bench.instant_slack import InstantSlack
from bot.clock import SystemClock
from bot.config import DispatchSettings, Settings
from bot.core.digest import DIGEST_LOCAL_TIME
from bot.digest.blocks import MAX_BLOCKS, digest_parts
from bot.digest.content import build_digest
from bot.digest.dispatch import DigestDispatcher
from bot.slack.api import web_client
from storage import digests as store
from storage.db import Database
from storage.models import Authorization, Campaign, Reminder
from storage.subscription_models import DigestSubscription
from tests.support.slack_emulator import TEAM_ID

TIMEZONE = "America/New_York"
OPS = "C0OPS"


def populate(database: Database, *, flights: int, now: datetime) -> None:
    campaigns, authorizations, reminders = [], [], []
    for index in range(flights):
        campaign_id = index + 1
        spark = index % 2 == 1
        # Starts spread over the past three weeks; lengths of 3 to 26 days: some end this week, some
        # have ended (their summary due or overdue), some run on, a few are under the minimum.
        start = now - timedelta(days=index % 21, hours=index % 7)
        end = start + timedelta(days=3 + index % 24)
        row = campaign_row(campaign_id, spark=spark, start=start, end=end, channel=f"C{index % 40:08d}", now=start)
        row["client"] = f"Client {index % 60:02d}"
        row["status"] = "live" if end > now else "ended"
        campaigns.append(row)
        if spark:
            authorizations.append(
                authorization_row(len(authorizations) + 1, row, expires_at=start + timedelta(days=10), now=start)
            )
        if index % 50 == 0:
            reminders.append(
                {
                    "team_id": TEAM_ID,
                    "campaign_id": campaign_id,
                    "kind": "flight.hold",
                    "planned_at": now - timedelta(days=1),
                    "due_at": now - timedelta(days=1),
                    "available_at": now - timedelta(days=1),
                    "status": "failed",
                    "attempts": 8,
                    "last_error": "channel_not_found",
                    "late": False,
                    "created_at": now - timedelta(days=2),
                    "updated_at": now - timedelta(days=1),
                }
            )
    with database.transaction() as session:
        session.execute(sa.insert(Campaign), campaigns)
        session.execute(sa.insert(Authorization), authorizations)
        session.execute(sa.insert(Reminder), reminders)
    if database.is_postgres:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def run(flights: int, samples: int, backend: str) -> None:
    with InstantSlack(TOKEN) as slack, database_for(backend) as database:
        now = datetime.now(UTC)
        populate(database, flights=flights, now=now)
        url = "https://acme-agency.slack.com/"
        reads, renders, totals = [], [], []
        parts = []
        for index in range(samples + 3):
            started = time.perf_counter()
            digest = build_digest(database, TEAM_ID, now=now, timezone=TIMEZONE, workspace_url=url)
            read = time.perf_counter()
            parts = digest_parts(digest, TIMEZONE, owners=True, heading="Weekly digest")
            done = time.perf_counter()
            if index >= 3:  # warm-up
                reads.append(read - started)
                renders.append(done - read)
                totals.append(done - started)

        # Without the second between parts that a real channel needs: the figure is Flightdeck's own work.
        unpaced = DispatchSettings(channel_interval_seconds=0)
        settings = Settings(slack_bot_token=TOKEN, slack_api_url=slack.url, database_url=database.url, dispatch=unpaced)
        schedule = store.Schedule(now.weekday(), DIGEST_LOCAL_TIME, TIMEZONE)
        store.subscribe(database, team_id=TEAM_ID, schedule=schedule, actor="U0OWNER", now=now, channel_id=OPS)
        with database.engine.begin() as connection:  # due now, whatever the day
            connection.execute(sa.update(DigestSubscription).values(next_due_at=now - timedelta(minutes=1)))
        dispatcher = DigestDispatcher(
            database=database,
            client=web_client(settings, retry_connection_errors=False),
            clock=SystemClock(),
            settings=settings,
            team_id=TEAM_ID,
        )
        sent_started = time.perf_counter()
        report = dispatcher.tick()
        sent_seconds = time.perf_counter() - sent_started

    blocks = [len(part.blocks) for part in parts]
    chars = [sum(len(json.dumps(block, ensure_ascii=False)) for block in part.blocks) for part in parts]
    items = sum(
        len(c.codes_expiring) + len(c.flights_ending) + len(c.summaries) + len(c.short_flights) + len(c.undelivered)
        for c in digest.clients
    )
    print(f"Weekly digest of {flights} active flights on {backend} ({samples} builds, in process)")
    print(
        f"build: median {median(totals) * 1e3:.1f} ms, p99 {percentile(totals, 0.99) * 1e3:.1f} ms "
        f"(read {median(reads) * 1e3:.1f} ms, blocks {median(renders) * 1e3:.1f} ms)"
    )
    verdict = "within" if max(blocks) <= MAX_BLOCKS else "OVER"
    print(
        f"messages: {len(parts)} (1 in the channel, {len(parts) - 1} threaded), {sum(blocks)} blocks; "
        f"at most {max(blocks)} blocks in one ({verdict} Slack's {MAX_BLOCKS}), at most {max(chars):,} bytes of blocks"
    )
    sent = f"sent by the dispatcher in {sent_seconds * 1e3:.0f} ms (unpaced)"
    print(f"{items} lines across {len(digest.clients)} clients; {sent}")
    assert report.sent == 1, report
    print(f"machine: {machine_note()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), action="append")
    args = parser.parse_args(argv)
    for backend in args.backend or ["sqlite", "postgres"]:
        run(args.flights, args.samples, backend)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
