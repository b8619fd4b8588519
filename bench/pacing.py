"""Send pacing against Slack's per-channel limit: 600 reminders due at once over 60 channels.

The Slack emulator (its own process) allows one chat.postMessage per second per channel and
answers 429 with Retry-After beyond that. The real Dispatcher, woken by the same APScheduler job
as in production and paced by the production setting (SLACK_CHANNEL_INTERVAL_SECONDS, default
unless set in the environment), sends them all. Ideal: 10 messages per channel at 1/s, so 10 s
counting the last message's one-second slot. Target: at least 95 % of the allowed rate, no 429.

    python -m bench.pacing [--channels 60] [--per-channel 10] [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bench._support import TOKEN, EmulatorProcess, database_for, machine_note, populate_due, status_counts
from bot.clock import SystemClock
from bot.config import load_settings
from bot.reminders.dispatcher import Dispatcher
from bot.runtime import start_dispatcher
from bot.slack.api import web_client
from tests.support.slack_emulator import TEAM_ID

ALLOWED_SECONDS = 1.0  # Slack's chat.postMessage allowance per channel, as the emulator enforces it
TARGET = 0.95
OPEN = ("pending", "claimed")


def production_settings():
    """Settings as the bot would read them, from the dispatch variables of this environment only."""
    keys = {"SLACK_CHANNEL_INTERVAL_SECONDS"} | {k for k in os.environ if k.startswith("DISPATCH_")}
    return load_settings({k: os.environ[k] for k in keys if k in os.environ}, dotenv=False)


def run(channels: int, per_channel: int, backend: str) -> None:
    count = channels * per_channel
    with (
        EmulatorProcess(channel_rate=ALLOWED_SECONDS, record_calls=True) as emulator,
        database_for(backend) as database,
    ):
        now = datetime.now(UTC)
        populate_due(database, count=count, channels=channels, due_at=now - timedelta(minutes=1), now=now)
        settings = replace(
            production_settings(), slack_bot_token=TOKEN, slack_api_url=emulator.url, database_url=database.url
        )
        dispatcher = Dispatcher(
            database=database,
            client=web_client(settings, retry_connection_errors=False),
            clock=SystemClock(),
            settings=settings,
            team_id=TEAM_ID,
        )
        started = time.time()
        scheduler = start_dispatcher(dispatcher, settings.dispatch.interval_seconds)
        try:
            deadline = started + 20 * per_channel + 60
            while any(status_counts(database).get(status) for status in OPEN) and time.time() < deadline:
                time.sleep(0.2)
        finally:
            dispatcher.stop()
            scheduler.shutdown(wait=True)
        stats = emulator.stats()
        statuses = status_counts(database)
    report(stats, statuses, started, channels, per_channel, settings.dispatch, backend)


def report(stats, statuses, started: float, channels: int, per_channel: int, dispatch, backend: str) -> None:
    count = channels * per_channel
    sent = sorted((at, channel) for channel, at, status in stats["posts"] if status == 200)
    refused = sum(1 for _, _, status in stats["posts"] if status == 429)
    if not sent:
        print("nothing was sent")
        return
    ideal = per_channel * ALLOWED_SECONDS
    total = sent[-1][0] - started + ALLOWED_SECONDS  # the last message's one-second slot, as the ideal counts it
    by_channel: dict[str, list[float]] = {}
    for at, channel in sent:
        by_channel.setdefault(channel, []).append(at)
    gaps = [b - a for times in by_channel.values() for a, b in itertools.pairwise(times)]
    steady = [(len(t) - 1) / (t[-1] - t[0]) for t in by_channel.values() if len(t) > 1 and t[-1] > t[0]]
    fraction = ideal / total
    verdict = "meets" if fraction >= TARGET and refused == 0 else "misses"
    print(
        f"Pacing: {count} reminders due at once over {channels} channels ({per_channel} each) on {backend}; "
        f"emulator allows 1 chat.postMessage per {ALLOWED_SECONDS:g} s per channel; "
        f"SLACK_CHANNEL_INTERVAL_SECONDS={dispatch.channel_interval_seconds:g}, "
        f"dispatcher woken every {dispatch.interval_seconds:g} s, batches of {dispatch.batch_size}"
    )
    print(f"sent {len(sent)} of {count}; rows by status: {statuses}")
    print(f"total {total:.2f} s (start to last reply, plus its 1 s slot) vs ideal {ideal:.0f} s")
    print(
        f"achieved {fraction:.1%} of the allowed rate ({len(sent) / total:.1f} msg/s of {channels / ALLOWED_SECONDS:g})"
    )
    print(f"first message {sent[0][0] - started:.3f} s after start, last {sent[-1][0] - started:.3f} s")
    if steady:
        print(
            f"per channel: median gap {statistics.median(gaps):.3f} s, min {min(gaps):.3f} s, max {max(gaps):.3f} s; "
            f"steady rate {statistics.mean(steady) * ALLOWED_SECONDS:.1%} of allowed"
        )
        slow = dispatch.channel_interval_seconds + 0.1
        print(f"gaps over {slow:.2f} s: {sum(gap > slow for gap in gaps)}")
    print(f"429 answers: {refused} ({verdict} the target ≥ {TARGET:.0%} with zero 429s)")
    print(f"machine: {machine_note()}")


def main(argv: list[str] | None = None) -> int:
    # APScheduler warns when a wake-up finds the previous tick still sending: expected here.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=60)
    parser.add_argument("--per-channel", type=int, default=10)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    run(args.channels, args.per_channel, args.backend)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
