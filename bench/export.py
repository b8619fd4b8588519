"""The CSV export of 10,000 flights with results: time and peak memory, on SQLite and PostgreSQL.

A workspace of `--flights` flights (half Spark with a code, the rest Promote, each with its figures
in `campaign_result`) is bulk-inserted, then
`bot.export.send.flights_file` (what `/flights export all` runs before the upload) reads them and
writes the CSV. Time is the median of `--runs` runs; peak memory is what Python allocated at most
during one run (tracemalloc), beside the file's size. The upload itself is Slack's: not counted.

    python -m bench.export [--flights 10000] [--runs 5] [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bench._support import authorization_row, campaign_row, database_for, machine_note, median, result_row
from bot.export.send import flights_file
from storage.db import Database
from storage.export import ExportScope
from storage.models import Authorization, Campaign, CampaignResult
from tests.support.slack_emulator import TEAM_ID

TARGET_SECONDS = 2.0
TARGET_MEGABYTES = 100


def populate(database: Database, *, flights: int, now: datetime) -> None:
    campaigns, authorizations, results = [], [], []
    for index in range(flights):
        start = now - timedelta(days=index % 60)
        row = campaign_row(
            index + 1,
            spark=index % 2 == 1,
            start=start,
            end=start + timedelta(days=14),
            channel=f"C{index % 80:08d}",
            now=start,
        )
        row["status"] = ("live", "ended", "summarized", "cancelled")[index % 4]
        campaigns.append(row)
        results.append(result_row(row, index=index, entered=start + timedelta(days=15)))
        if index % 2 == 1:
            authorizations.append(
                authorization_row(len(authorizations) + 1, row, expires_at=start + timedelta(days=30), now=start)
            )
    with database.transaction() as session:
        session.execute(sa.insert(Campaign), campaigns)
        session.execute(sa.insert(Authorization), authorizations)
        session.execute(sa.insert(CampaignResult), results)
    if database.is_postgres:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def run(flights: int, runs: int, backend: str) -> None:
    with database_for(backend) as database:
        populate(database, flights=flights, now=datetime.now(UTC))
        times, cpu = [], []
        for _ in range(runs):
            # CPU time too: on a machine shared with other work, the wall time also waits for a CPU.
            started, cpu_started = time.perf_counter(), time.thread_time()
            content, rows = flights_file(database, TEAM_ID, ExportScope())
            times.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - cpu_started)
        tracemalloc.start()
        flights_file(database, TEAM_ID, ExportScope())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    took, megabytes = median(times), peak / 1e6
    print(f"CSV export of {rows:,} flights on {backend}: {len(content) / 1e6:.1f} MB file")
    time_verdict = "within" if took <= TARGET_SECONDS else "OVER"
    memory_verdict = "within" if megabytes <= TARGET_MEGABYTES else "OVER"
    print(
        f"time: median {took:.2f} s over {runs} runs ({time_verdict} {TARGET_SECONDS:.0f} s); "
        f"CPU median {median(cpu):.2f} s"
    )
    print(f"peak memory: {megabytes:.0f} MB ({memory_verdict} {TARGET_MEGABYTES} MB)")
    print(f"machine: {machine_note()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    run(args.flights, args.runs, args.backend)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
