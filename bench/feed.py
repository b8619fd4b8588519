"""The calendar feed of a person with 1,000 flights: median and p99 per request, on SQLite and PostgreSQL.

One person's `--flights` flights (half Spark with a code; live, ended and summarised), a quarter
as many more of theirs cancelled (the feed leaves them out), and as many of someone else's are
bulk-inserted, with the person's feed link. Each sample is one `GET /calendar/<token>.ics` handed
to the WSGI application the bot serves (bot/calendar/serve.py): the token checked, the link found, the flights read, the
iCalendar assembled. The network is the HTTP server's, not counted. Each flight's events are
serialised once and kept (bot/calendar/feed.py): the first request, which serialises them all, is
printed apart, and so is reading the flights alone.

    python -m bench.feed [--flights 1000] [--samples 200] [--backend sqlite|postgres] (repeatable)
"""

from __future__ import annotations

import argparse
import io
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bench._support import (
    OWNER,
    authorization_row,
    campaign_row,
    database_for,
    machine_note,
    median,
    percentile,
)
from bot.calendar.links import feed_url
from bot.calendar.serve import calendar_application
from bot.calendar.tokens import feed_lookup
from bot.clock import SystemClock
from bot.config import Settings
from bot.deps import Deps
from bot.runtime import freeze_startup_objects
from storage.db import Database
from storage.feeds import FeedScope, FeedSubject, feed_flights, reading
from storage.models import Authorization, Campaign
from storage.subscription_models import CalendarFeed
from tests.support.slack_emulator import TEAM_ID

TARGET_MS = 100.0
PUBLIC_URL = "https://flightdeck.example.com"
SOMEONE_ELSE = "U0SOMEONE"


def populate(database: Database, *, flights: int, now: datetime) -> str:
    """The person's flights and someone else's as many; returns the person's feed lookup id."""
    campaigns, authorizations = [], []
    # The person's flights (a quarter more, cancelled: the feed leaves them out), then someone else's.
    theirs = flights + flights // 4
    for index in range(2 * theirs):
        start = now - timedelta(days=index % 120)
        row = campaign_row(
            index + 1,
            spark=index % 2 == 1,
            start=start,
            end=start + timedelta(days=14),
            channel=f"C{index % 80:08d}",
            now=start,
        )
        if index >= theirs:
            row["owner_id"] = row["created_by"] = row["updated_by"] = SOMEONE_ELSE
        row["status"] = "cancelled" if index % theirs >= flights else ("live", "ended", "summarized")[index % 3]
        campaigns.append(row)
        if index % 2 == 1:
            authorizations.append(
                authorization_row(len(authorizations) + 1, row, expires_at=start + timedelta(days=10), now=start)
            )
    lookup = feed_lookup()
    with database.transaction() as session:
        session.execute(sa.insert(Campaign), campaigns)
        session.execute(sa.insert(Authorization), authorizations)
        session.add(
            CalendarFeed(
                team_id=TEAM_ID,
                scope=FeedScope.PERSON,
                user_id=OWNER,
                lookup=lookup,
                name="Flightdeck: my flights",
                created_by=OWNER,
                created_at=now,
            )
        )
    if database.is_postgres:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return lookup


def _environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "3000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }


def run(flights: int, samples: int, backend: str) -> None:
    settings = replace(Settings(), public_url=PUBLIC_URL, calendar_secret="bench-secret")
    with database_for(backend) as database:
        lookup = populate(database, flights=flights, now=datetime.now(UTC))
        deps = Deps(settings=settings, database=database, clock=SystemClock(), users=None, campaigns=None)
        application = calendar_application(deps, TEAM_ID, workspace_url="https://acme-agency.slack.com/")
        freeze_startup_objects()  # as the bot does once it has started (bot/runtime.py)
        path = feed_url(PUBLIC_URL, settings.feed_key, lookup).removeprefix(PUBLIC_URL)
        answer: dict[str, str] = {}

        def start_response(status: str, _headers, _exc_info=None) -> None:
            answer["status"] = status

        def one() -> bytes:
            return b"".join(application(_environ(path), start_response))

        started = time.perf_counter()
        body = one()
        cold = (time.perf_counter() - started) * 1000
        assert answer["status"] == "200 OK", answer
        for _ in range(10):
            one()
        times, cpu = [], []
        for _ in range(samples):
            started, started_cpu = time.perf_counter(), time.process_time()
            one()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        reads = []
        for _ in range(min(samples, 50)):
            started = time.perf_counter()
            with reading(database) as session:
                shown = feed_flights(session, TEAM_ID, FeedSubject(FeedScope.PERSON, OWNER))
            reads.append((time.perf_counter() - started) * 1000)
    events = body.count(b"BEGIN:VEVENT")
    p50, p99 = median(times), percentile(times, 0.99)
    verdict = "within" if p50 <= TARGET_MS and p99 <= TARGET_MS else "OVER"
    print(f"feed of {len(shown):,} flights ({events:,} events, {len(body) / 1e3:.0f} kB) on {backend}:")
    print(f"  request: median {p50:.1f} ms, p99 {p99:.1f} ms over {samples} ({verdict} {TARGET_MS:.0f} ms)")
    # On a shared machine the wall clock counts the waits for a CPU too; this process's own CPU time doesn't.
    print(f"  this process's CPU time per request: median {median(cpu):.1f} ms, p99 {percentile(cpu, 0.99):.1f} ms")
    print(f"  of which reading the flights: median {median(reads):.1f} ms")
    print(f"  the first request, before any flight's events were kept: {cold:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), action="append")
    args = parser.parse_args(argv)
    for backend in args.backend or ["sqlite", "postgres"]:
        run(args.flights, args.samples, backend)
    print(f"machine: {machine_note()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
