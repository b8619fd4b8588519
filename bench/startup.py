"""Start-up time of a real bot process with 100,000 pending reminders, against an empty database.

Each run spawns `python -m bot serve` (as a platform would) and times it from the spawn to its
"Flightdeck is ready" line, then stops it. Runs alternate between the two databases so drift on
the machine hits both alike. The reminders live only in the database and APScheduler holds one
job, so their number should not show: target ratio ≤ 1.1. The Slack emulator (for auth.test)
answers from another process.

    python -m bench.startup [--runs 5] [--reminders 100000] [--postgres]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._support import EmulatorProcess, database_for, median, populate_due, status_counts
from storage.db import Database
from tests.support.bot_process import BotProcess

TARGET_RATIO = 1.1


def start_up_seconds(emulator: EmulatorProcess, database: Database, workdir: Path) -> float:
    bot = BotProcess(emulator, database.url, workdir)
    try:
        bot.spawn()
        seconds = bot.wait_ready(timeout=60, poll=0.002)
        bot.stop()
        return seconds
    finally:
        bot.close()


def measure(backend: str, runs: int, reminders: int) -> float:
    with (
        EmulatorProcess() as emulator,
        database_for(backend) as empty,
        database_for(backend) as full,
        tempfile.TemporaryDirectory(prefix="flightdeck-startup-") as directory,
    ):
        now = datetime.now(UTC)
        began = time.perf_counter()
        # Due a month from now: pending, so the first dispatcher tick finds nothing to send.
        populate_due(full, count=reminders, channels=100, due_at=now + timedelta(days=30), now=now)
        print(f"{backend}: {status_counts(full)} written in {time.perf_counter() - began:.1f} s")

        start_up_seconds(emulator, empty, Path(directory) / "warm-up")  # imports into the page cache
        times: dict[str, list[float]] = {"empty": [], "full": []}
        for run in range(runs):
            for label, database in (("empty", empty), ("full", full))[:: 1 if run % 2 == 0 else -1]:
                times[label].append(start_up_seconds(emulator, database, Path(directory) / f"{label}-{run}"))

    empty_median, full_median = median(times["empty"]), median(times["full"])
    ratio = full_median / empty_median
    print(f"{backend}: no reminders      median {empty_median * 1000:7.0f} ms  runs {_ms(times['empty'])}")
    print(f"{backend}: {reminders:,} pending  median {full_median * 1000:7.0f} ms  runs {_ms(times['full'])}")
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(f"{backend}: ratio {ratio:.3f} ({verdict} the target of ≤ {TARGET_RATIO})")
    return ratio


def _ms(values: list[float]) -> str:
    return ", ".join(f"{value * 1000:.0f}" for value in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups per database (default 5)")
    parser.add_argument("--reminders", type=int, default=100_000, help="pending reminders (default 100,000)")
    parser.add_argument("--postgres", action="store_true", help="also measure on PostgreSQL (TEST_DATABASE_URL)")
    arguments = parser.parse_args()
    for backend in ("sqlite", "postgres") if arguments.postgres else ("sqlite",):
        measure(backend, arguments.runs, arguments.reminders)


if __name__ == "__main__":
    main()
