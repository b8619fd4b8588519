"""App Home with 1,000 flights: from Slack's app_home_opened event to views.publish on the wire.

One user owns 1,000 active flights (Promote and Spark, some with codes expiring mid-flight, some
ended and awaiting the summary pull, a few with a reminder Slack couldn't take). The real app gets
signed app_home_opened events through `App.dispatch`; the clock stops when the WebClient puts the
views.publish request on the wire (building and encoding the view count, the round trip doesn't).
It prints the median and p99, and checks the view against Slack's limits (100 blocks).

    python -m bench.home [--flights 1000] [--samples 200] [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from slack_bolt import BoltRequest

from bench._support import (
    OWNER,
    TOKEN,
    WireProbe,
    authorization_row,
    campaign_row,
    database_for,
    machine_note,
    median,
    percentile,
)
from bench.instant_slack import InstantSlack
from bot.app import build_app
from bot.clock import SystemClock
from bot.config import Settings
from bot.core.vocabulary import Kind
from bot.slack.workspace import Installation
from storage.db import Database
from storage.models import Authorization, Campaign, Reminder
from tests.support.slack_emulator import TEAM_ID
from tests.support.slack_requests import sign

SIGNING_SECRET = "8f742231b10e8888abcd99a1b2c3d4e5"
MAX_BLOCKS = 100


def populate(database: Database, *, flights: int, now: datetime) -> None:
    campaigns, authorizations, reminders = [], [], []
    kinds = list(Kind)
    for index in range(flights):
        campaign_id = index + 1
        spark = index % 2 == 1
        start = now - timedelta(days=index % 20)
        end = start + timedelta(days=7 + index % 24)
        campaigns.append(
            campaign_row(campaign_id, spark=spark, start=start, end=end, channel=f"C{index % 40:08d}", now=start)
        )
        authorization_id = None
        if spark:
            authorization_id = len(authorizations) + 1
            authorizations.append(
                authorization_row(authorization_id, campaigns[-1], expires_at=start + timedelta(days=10), now=start)
            )
        kind = kinds[index % len(kinds)]
        due = max(now + timedelta(hours=index % 72), start)
        reminders.append(
            {
                "id": campaign_id,
                "team_id": TEAM_ID,
                "campaign_id": campaign_id,
                "authorization_id": authorization_id if kind.value.startswith("code.") else None,
                "kind": kind.value,
                "planned_at": due,
                "due_at": due,
                "available_at": due,
                "status": "failed" if index % 50 == 0 else "pending",
                "attempts": 8 if index % 50 == 0 else 0,
                "last_error": "channel_not_found" if index % 50 == 0 else None,
                "late": False,
                "created_at": start,
                "updated_at": start,
            }
        )
    with database.transaction() as session:
        session.execute(sa.insert(Campaign), campaigns)
        session.execute(sa.insert(Authorization), authorizations)
        session.execute(sa.insert(Reminder), reminders)
    if database.is_postgres:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def home_opened() -> BoltRequest:
    envelope = {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": "A0FLIGHTDECK",
        "type": "event_callback",
        "event_id": f"Ev{time.perf_counter_ns()}",
        "event_time": int(time.time()),
        "event": {"type": "app_home_opened", "user": OWNER, "channel": "D0OWNER", "tab": "home"},
    }
    body = json.dumps(envelope)
    timestamp = str(int(time.time()))
    headers = {
        "content-type": ["application/json"],
        "x-slack-request-timestamp": [timestamp],
        "x-slack-signature": [sign(SIGNING_SECRET, timestamp, body)],
    }
    return BoltRequest(body=body, headers=headers)


def run(flights: int, samples: int, backend: str) -> None:
    with InstantSlack(TOKEN) as slack, database_for(backend) as database:
        now = datetime.now(UTC)
        populate(database, flights=flights, now=now)
        settings = Settings(
            slack_bot_token=TOKEN,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=slack.url,
            database_url=database.url,
        )
        app, _ = build_app(settings, database, SystemClock(), installation=Installation(TEAM_ID))
        probe = WireProbe("views.publish")
        probe.install()
        try:
            times = []
            for index in range(samples + 10):
                request = home_opened()
                probe.arm()
                started = time.perf_counter()
                response = app.dispatch(request)
                if response.status != 200:
                    raise RuntimeError(f"app_home_opened answered {response.status}: {response.body}")
                published = probe.wait()
                if index >= 10:  # warm-up
                    times.append(published - started)
        finally:
            probe.uninstall()
    view = probe.view or {}
    blocks = view.get("blocks", [])
    print(
        f"App Home with {flights} flights on {backend}: app_home_opened -> views.publish "
        f"({samples} samples, in process, Slack answering at once)"
    )
    print(f"median {median(times) * 1e3:.1f} ms, p99 {percentile(times, 0.99) * 1e3:.1f} ms")
    verdict = "within" if len(blocks) <= MAX_BLOCKS else "OVER"
    print(f"view: {len(blocks)} blocks ({verdict} Slack's {MAX_BLOCKS}), {len(json.dumps(view)):,} bytes")
    print(f"sections cut short with '…and N more': {json.dumps(blocks, ensure_ascii=False).count('…and ')}")
    print(f"machine: {machine_note()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flights", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    run(args.flights, args.samples, args.backend)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
