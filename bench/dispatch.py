"""Dispatcher throughput: reminders claimed, rendered and sent per second, 10,000 due at once.

The real Dispatcher (system clock, production dispatch settings) drains a table of reminders all
due a minute ago, on SQLite and on a throwaway PostgreSQL database, against a Slack Web API in
another process that answers at once (bench/instant_slack.py: the test suite's emulator spends
about a millisecond per call being faithful). Every campaign has its own channel, so the
per-channel pacing (about 1 message per second per channel) never holds a send back: the figure
is the dispatcher's own cost per reminder. Target: at least 2,000 per second on PostgreSQL.

The dispatcher sends one reminder at a time and records it before the next, so that a crash
between Slack's reply and the record repeats at most one reminder (docs/schedule.md). Each reminder then
costs a round trip to Slack and two to the database (the re-check of its claim, the record of its
sending) one after another; the reference lines print what those round trips cost on this machine.

    python -m bench.dispatch [--count 10000] [--backend sqlite --backend postgres] [--phases] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._support import (
    TOKEN,
    database_for,
    machine_note,
    populate_due,
    profile_report,
    status_counts,
)
from bench.instant_slack import InstantSlack
from bot.clock import SystemClock
from bot.config import Settings
from bot.reminders import delivery as delivery_module
from bot.reminders import summary_upkeep as summary_upkeep_module
from bot.reminders.dispatcher import Dispatcher, TickReport
from bot.slack.api import call, web_client
from storage import reminders as store
from tests.support.slack_emulator import TEAM_ID

TARGET_POSTGRES = 2000.0


class PhaseTimer:
    """Wall time spent in each step the dispatcher calls, by wrapping the names it calls them by.

    Cheaper than cProfile (two clock reads per call), so the split matches the unprofiled figure.
    """

    STEPS = (
        ("claim", store, "claim_due"),
        ("load claimed + supersession", store, "load_claimed"),
        ("load claimed + supersession", store, "due_kinds"),
        ("re-check claim + count the send", store, "mark_sending"),
        ("render message", delivery_module, "render_reminder"),
        ("chat.postMessage round trip", delivery_module, "call"),
        ("mark sent (own transaction)", store, "mark_sent"),
        ("extend lease", store, "extend_lease"),
        ("redraw summaries (pull sent)", summary_upkeep_module, "refresh_summary"),
    )

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._saved: list[tuple[object, str, object]] = []

    def __enter__(self) -> PhaseTimer:
        for label, module, name in self.STEPS:
            original = getattr(module, name, None)
            if original is None:  # the dispatcher no longer takes this step
                continue
            self._saved.append((module, name, original))
            setattr(module, name, self._timed(label, original))
        return self

    def __exit__(self, *_exc) -> None:
        for module, name, original in reversed(self._saved):
            setattr(module, name, original)

    def _timed(self, label: str, function):
        seconds = self.seconds

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - started

        return timed

    def print(self, total: float, sent: int) -> None:
        print(f"\n-- where the time goes, unprofiled wall time per sent reminder ({sent} sent) --")
        for label, spent in self.seconds.items():
            print(f"{label:<30} {spent / sent * 1e3:7.3f} ms  {spent / total:5.1%}")
        rest = total - sum(self.seconds.values())
        print(f"{'everything else':<30} {rest / sent * 1e3:7.3f} ms  {rest / total:5.1%}")


@dataclass
class Result:
    backend: str
    count: int
    seconds: float
    report: TickReport
    statuses: dict[str, int]

    @property
    def per_second(self) -> float:
        return self.report.sent / self.seconds if self.seconds else 0.0


def harness_ceiling(emulator_url: str, threads: int, count: int = 2000) -> float:
    """chat.postMessage per second with nothing but WebClient and the emulator: no database, no rendering."""
    settings = Settings(slack_bot_token=TOKEN, slack_api_url=emulator_url)
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 400}},
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Done"}, "action_id": "done", "value": "1"}
            ],
        },
    ]

    def send(first: int) -> None:
        client = web_client(settings, retry_connection_errors=False)
        for index in range(first, count, threads):
            if not call(client.chat_postMessage, channel=f"C{index:08d}", text="x", blocks=blocks).ok:
                raise RuntimeError("the emulator refused a message")

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, range(threads)))
    return count / (time.perf_counter() - started)


def database_round_trip(backend: str, count: int = 2000) -> float:
    """Seconds per statement on the dispatcher's kind of connection: the least a record can cost."""
    with database_for(backend) as database, database.sweep_connection() as connection:
        started = time.perf_counter()
        for _ in range(count):
            connection.exec_driver_sql("SELECT 1").scalar()
        return (time.perf_counter() - started) / count


def drain(dispatcher: Dispatcher) -> TickReport:
    """Tick until a tick finds nothing to do, as APScheduler's wake-ups would."""
    total = TickReport()
    while True:
        report = dispatcher.tick()
        total.add(report)
        if not any(vars(report).values()):
            return total


def run_backend(backend: str, count: int, emulator_url: str, profiler: cProfile.Profile | None = None) -> Result:
    with database_for(backend) as database:
        now = datetime.now(UTC)
        populate_due(database, count=count, channels=count, due_at=now - timedelta(minutes=1), now=now)
        settings = Settings(slack_bot_token=TOKEN, slack_api_url=emulator_url, database_url=database.url)
        dispatcher = Dispatcher(
            database=database,
            client=web_client(settings, retry_connection_errors=False),
            clock=SystemClock(),
            settings=settings,
            team_id=TEAM_ID,
        )
        if profiler is not None:
            profiler.enable()
        started = time.perf_counter()
        report = drain(dispatcher)
        seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.disable()
        return Result(backend, count, seconds, report, status_counts(database))


def print_result(result: Result, batch_size: int) -> None:
    report = result.report
    others = {k: v for k, v in vars(report).items() if k != "sent" and v}
    verdict = ""
    if result.backend == "postgres":
        verdict = (
            " (meets the target ≥ 2,000/s)"
            if result.per_second >= TARGET_POSTGRES
            else " (misses the target ≥ 2,000/s)"
        )
    print(
        f"{result.backend:<9} {report.sent:>6} sent in {result.seconds:6.2f} s = {result.per_second:7.0f} reminders/s"
        f"{verdict}"
    )
    if others or result.statuses.get("sent") != result.count:
        print(f"          also: {others or '-'}; rows by status: {result.statuses}")
    print(f"          {result.seconds / max(report.sent, 1) * 1e3:.3f} ms per reminder, batches of {batch_size}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgres"))
    parser.add_argument("--phases", action="store_true", help="then time each step of one more run")
    parser.add_argument("--profile", action="store_true", help="then profile one more run with cProfile")
    parser.add_argument("--profile-backend", choices=("sqlite", "postgres"), default="postgres")
    args = parser.parse_args(argv)
    backends = args.backend or ["sqlite", "postgres"]
    batch_size = Settings().dispatch.batch_size
    print(
        f"Dispatcher throughput: {args.count} reminders due at once, one campaign per channel "
        f"({args.count} channels), so per-channel pacing never waits; emulator in its own process, "
        f"answering at once; the bench, the emulator and the database share {machine_note()}."
    )
    with InstantSlack(TOKEN) as emulator:
        for backend in backends:
            result = run_backend(backend, args.count, emulator.url)
            print_result(result, batch_size)
        slack_rate = harness_ceiling(emulator.url, 1)
        print(
            "reference, WebClient alone against the same Slack (no database, no rendering): "
            f"{slack_rate:.0f}/s on one thread, {harness_ceiling(emulator.url, 8):.0f}/s on 8"
        )
        for backend in backends:
            trip = database_round_trip(backend)
            floor = 1 / slack_rate + 2 * trip
            print(
                f"reference, one statement on {backend}: {trip * 1e3:.3f} ms; one Slack call and two statements "
                f"in a row: {floor * 1e3:.3f} ms, at most {1 / floor:.0f} reminders/s sent one at a time"
            )
        if args.phases:
            for backend in backends:
                with PhaseTimer() as timer:
                    result = run_backend(backend, args.count, emulator.url)
                print(f"\nTimed steps on {backend}: {result.per_second:.0f} reminders/s with the timers in")
                timer.print(result.seconds, max(result.report.sent, 1))
        if args.profile:
            profiler = cProfile.Profile()
            result = run_backend(args.profile_backend, args.count, emulator.url, profiler)
            print(f"\nProfiled run on {args.profile_backend}: {result.per_second:.0f} reminders/s under cProfile")
            with tempfile.TemporaryDirectory() as directory:
                path = Path(directory) / "dispatch.prof"
                profiler.dump_stats(str(path))
                profile_report(path, limit=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
