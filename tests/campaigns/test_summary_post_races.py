"""Several dispatchers at once, each on its own engine: every pending summary is posted exactly once."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import timedelta

from sqlmodel import select

from bot.reminders.dispatcher import Dispatcher
from bot.slack.api import web_client
from storage import summaries as summary_store
from storage.db import Database
from storage.models import Campaign, SummaryPost
from tests.support.clock import FakeClock
from tests.support.factories import NOW, TEAM, add_campaign
from tests.support.harness import test_settings as settings_for

WORKERS = 6
PENDING = 120


def pending_summaries(database: Database, count: int, channels: int = 12) -> list[int]:
    ids = []
    for number in range(count):
        flight = add_campaign(database, client=f"Client {number}")
        with database.transaction() as session:
            summary_store.add_pending(session, flight, f"C0CHAN{number % channels}", now=NOW)
        ids.append(flight.id)
    return ids


def race(workers: int, work) -> list[BaseException]:
    start = threading.Barrier(workers)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            start.wait()
            work(number)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_claimers_take_each_pending_summary_exactly_once(database):
    due = pending_summaries(database, PENDING)
    taken: dict[int, list[int]] = {}

    def claimer(number: int) -> None:
        own = Database(database.url)
        mine: list[int] = []
        try:
            while batch := summary_store.claim_due(
                own, team_id=TEAM, now=NOW, lease=timedelta(minutes=5), limit=7, token=f"worker-{number}"
            ):
                mine.extend(batch)
        finally:
            own.dispose()
            taken[number] = mine

    assert race(WORKERS, claimer) == []
    claimed = [campaign_id for mine in taken.values() for campaign_id in mine]
    assert sorted(claimed) == sorted(due)
    with database.transaction() as session:
        holder = dict(session.exec(select(SummaryPost.campaign_id, SummaryPost.claim_token)).all())
    assert all(holder[campaign_id] == f"worker-{n}" for n, mine in taken.items() for campaign_id in mine)


def test_a_lapsed_lease_is_claimed_again_but_a_live_one_is_not(database):
    [flight] = pending_summaries(database, 1)
    lease = timedelta(minutes=2)

    assert summary_store.claim_due(database, team_id=TEAM, now=NOW, lease=lease, limit=5, token="a") == [flight]
    assert summary_store.claim_due(database, team_id=TEAM, now=NOW + lease / 2, lease=lease, limit=5, token="b") == []
    assert not summary_store.claim_for(database, team_id=TEAM, campaign_id=flight, now=NOW, lease=lease, token="c")
    later = NOW + lease + timedelta(seconds=1)
    assert summary_store.claim_due(database, team_id=TEAM, now=later, lease=lease, limit=5, token="b") == [flight]
    # The first holder, back from a long pause, can no longer record where its post landed.
    assert not summary_store.settle(database, team_id=TEAM, campaign_id=flight, token="a", status="posted", now=later)


def test_dispatchers_ticking_at_once_post_each_pending_summary_once_and_keep_that_thread(
    database, emulator, database_url
):
    due = pending_summaries(database, 60)
    # Small claims, so the dispatchers take turns and each posts some.
    settings = settings_for(emulator, database_url, batch_size=5)
    clock = FakeClock(NOW)
    shares: dict[int, int] = {}

    def dispatcher(number: int) -> None:
        own = Database(database.url)
        try:
            ticker = Dispatcher(
                database=own,
                client=web_client(settings, retry_connection_errors=False),
                clock=clock,
                settings=settings,
                team_id=TEAM,
            )
            shares[number] = 0
            while posted := ticker.tick().summaries:
                shares[number] += posted
        finally:
            own.dispose()

    assert race(4, dispatcher) == []

    posted = Counter(
        int(match[1]) for call in emulator.posts() if (match := re.search(r"Client (\d+)", call.args.get("text", "")))
    )
    assert sum(posted.values()) == len(due), posted
    assert max(posted.values()) == 1
    assert sum(shares.values()) == len(due) and sum(1 for share in shares.values() if share) >= 2, shares
    with database.transaction() as session:
        flights = {c.id: c for c in session.exec(select(Campaign))}
        statuses = set(session.exec(select(SummaryPost.status)))
    assert statuses == {"posted"}
    recorded = {(c.channel_id, c.message_ts) for c in flights.values()}
    assert recorded == {(call.answer["channel"], call.answer["ts"]) for call in emulator.posts()}
