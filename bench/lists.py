"""App Home and `/flights mine` for an owner with 1,000 flights that have results (and 1,000 active ones).

The workspace of bench/home.py (one owner, 1,000 active flights: Promote and Spark, codes expiring
mid-flight, some awaiting the summary pull, a few failed reminders), plus `--results` flights that
are over and summarized, each with its figures in `campaign_result`. The App Home reads them for its
"Latest results"; `/flights` lists the active ones among them all. The real app gets signed requests
through `App.dispatch`; the clock stops when the WebClient puts views.publish on the wire, or when
`respond` posts to the response_url (building and encoding count, the round trip doesn't). It prints
median and p99 and the block counts against the targets (median ≤ 50 ms, ≤ 100 blocks).

    python -m bench.lists [--flights 1000] [--results 1000] [--samples 200] [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from slack_bolt import BoltRequest
from slack_sdk.webhook import WebhookClient

from bench._support import (
    OWNER,
    TOKEN,
    WireProbe,
    campaign_row,
    database_for,
    machine_note,
    median,
    percentile,
    result_row,
)
from bench.home import SIGNING_SECRET, home_opened, populate
from bench.instant_slack import InstantSlack
from bot.app import build_app
from bot.clock import SystemClock
from bot.config import Settings
from bot.runtime import freeze_startup_objects
from bot.slack.workspace import Installation
from storage.db import Database
from storage.models import Campaign, CampaignResult
from tests.support import slack_requests as slack
from tests.support.slack_emulator import TEAM_ID
from tests.support.slack_requests import sign

TARGET_MS = 50
MAX_BLOCKS = 100


def populate_results(database: Database, *, first_id: int, flights: int, now: datetime) -> None:
    """`flights` summarized flights of OWNER's, half Promote and half Spark, each with its figures."""
    campaigns, results = [], []
    for index in range(flights):
        campaign_id = first_id + index
        end = now - timedelta(days=1 + index % 90)
        row = campaign_row(
            campaign_id,
            spark=index % 2 == 1,
            start=end - timedelta(days=14),
            end=end,
            channel=f"C{index % 40:08d}",
            now=end,
        )
        row |= {"status": "summarized", "summary_pulled_at": end + timedelta(days=1)}
        campaigns.append(row)
        results.append(result_row(row, index=index, entered=end + timedelta(days=1, minutes=index)))
    with database.transaction() as session:
        session.execute(sa.insert(Campaign), campaigns)
        session.execute(sa.insert(CampaignResult), results)
    if database.is_postgres:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


class RespondProbe:
    """Notes when `respond` (slack_sdk's WebhookClient) puts its request to the response_url on the wire."""

    def __init__(self):
        self.sent_at: float | None = None
        self.body: dict[str, Any] | None = None
        self._answered = threading.Event()
        self._original = WebhookClient._perform_http_request

    def install(self) -> None:
        original, probe = self._original, self

        def perform(client: WebhookClient, *, body: dict[str, Any], headers: dict[str, str]):
            probe.sent_at, probe.body = time.perf_counter(), body
            try:
                return original(client, body=body, headers=headers)
            finally:
                probe._answered.set()

        WebhookClient._perform_http_request = perform

    def uninstall(self) -> None:
        WebhookClient._perform_http_request = self._original

    def arm(self) -> None:
        self.sent_at = None
        self._answered.clear()

    def wait(self) -> float:
        if not self._answered.wait(30) or self.sent_at is None:
            raise RuntimeError("/flights never answered")
        return self.sent_at


def flights_command(response_url: str) -> BoltRequest:
    command = slack.slash_command("/flights", "mine", user_id=OWNER, channel_id="C00000000", response_url=response_url)
    body = urlencode(command)
    timestamp = str(int(time.time()))
    headers = {
        "content-type": ["application/x-www-form-urlencoded"],
        "x-slack-request-timestamp": [timestamp],
        "x-slack-signature": [sign(SIGNING_SECRET, timestamp, body)],
    }
    return BoltRequest(body=body, headers=headers)


def measure(app, request_of, probe, samples: int) -> tuple[list[float], list[float]]:
    """Wall time to the wire per request, and the CPU this process spent on it (every thread): on a
    machine shared with other work the wall time waits for a CPU, the CPU time doesn't."""
    times, cpu = [], []
    for index in range(samples + 10):
        request = request_of()
        probe.arm()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = app.dispatch(request)
        if response.status != 200:
            raise RuntimeError(f"answered {response.status}: {response.body}")
        sent = probe.wait()
        if index >= 10:  # warm-up
            times.append(sent - started)
            cpu.append(time.process_time() - cpu_started)
    return times, cpu


def report(what: str, measured: tuple[list[float], list[float]], blocks: list) -> None:
    times, cpu = measured
    took = median(times) * 1e3
    verdict = "within" if took <= TARGET_MS else "OVER"
    size = "within" if len(blocks) <= MAX_BLOCKS else "OVER"
    print(
        f"{what}: median {took:.1f} ms ({verdict} {TARGET_MS} ms), p99 {percentile(times, 0.99) * 1e3:.1f} ms, "
        f"CPU median {median(cpu) * 1e3:.1f} ms; {len(blocks)} blocks ({size} {MAX_BLOCKS})"
    )


def run(flights: int, with_results: int, samples: int, backend: str) -> None:
    with InstantSlack(TOKEN) as slack_api, database_for(backend) as database:
        now = datetime.now(UTC)
        populate(database, flights=flights, now=now)
        populate_results(database, first_id=flights + 1, flights=with_results, now=now)
        settings = Settings(
            slack_bot_token=TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack_api.url,
            database_url=database.url,
        )
        app, _ = build_app(settings, database, SystemClock(), installation=Installation(TEAM_ID))
        freeze_startup_objects()  # as the bot does once it has started (bot/runtime.py)
        home, respond = WireProbe("views.publish"), RespondProbe()
        home.install()
        respond.install()
        try:
            home_times = measure(app, home_opened, home, samples)
            flights_times = measure(app, lambda: flights_command(slack_api.url + "/response"), respond, samples)
        finally:
            home.uninstall()
            respond.uninstall()
    print(
        f"{flights} active flights and {with_results} with results, one owner, on {backend} "
        f"({samples} samples each, in process, Slack answering at once)"
    )
    view = home.view or {}
    report("App Home (app_home_opened -> views.publish)", home_times, view.get("blocks", []))
    latest = json.dumps(view.get("blocks", []), ensure_ascii=False).count("Latest results")
    print(f"  view {len(json.dumps(view)):,} bytes; 'Latest results' section shown: {'yes' if latest else 'no'}")
    report("/flights mine (command -> response_url)", flights_times, (respond.body or {}).get("blocks", []))
    print(f"machine: {machine_note()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=1000)
    parser.add_argument("--results", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    run(args.flights, args.results, args.samples, args.backend)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
