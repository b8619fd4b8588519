"""The database misbehaves, the reminders still go out once: PostgreSQL away for a while, SQLite
locked by another writer."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter

import pytest

import storage.db
from bot.reminders.dispatcher import Dispatcher, TickReport
from bot.slack.api import web_client
from storage.db import Database
from tests.support.bot_process import BotProcess, deliveries, eventually, on_post
from tests.support.factories import add_due_reminders, status_counts
from tests.support.harness import Flightdeck
from tests.support.slack_emulator import TEAM_ID
from tests.support.tcp_proxy import TcpProxy

# -- PostgreSQL goes away ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_bot_rides_out_a_postgres_outage_and_then_sends_every_reminder_exactly_once(postgres, emulator, tmp_path):
    url = postgres.ensure()
    postgres.clean()
    database = Database(url)
    proxy = TcpProxy.for_url(url).start()
    bot = BotProcess(emulator, proxy.url(url), tmp_path / "bot", env={"DISPATCH_BATCH_SIZE": "10"})
    try:
        bot.start()
        # The database vanishes while Slack is posting the 5th reminder: the bot can't record it.
        on_post(emulator, 5, lambda _args: proxy.cut())
        ids = add_due_reminders(database, team_id=TEAM_ID, count=20, channels=2)
        emulator.wait_for(lambda: proxy.is_cut)

        bot.wait_for_log("Reminders paused", count=4)  # several ticks come and go without it
        assert bot.healthy(), "the process keeps serving Slack while the database is away"
        assert sum(deliveries(emulator).values()) == 5, "nothing is sent while nothing can be recorded"

        proxy.restore()
        emulator.wait_for(lambda: set(deliveries(emulator)) == set(ids), timeout=20)
        eventually(lambda: status_counts(database, TEAM_ID) == {"sent": len(ids)}, timeout=10)
        assert bot.running
    finally:
        bot.close()
        proxy.close()
        database.dispose()

    repeated = {reminder_id: times for reminder_id, times in deliveries(emulator).items() if times > 1}
    assert repeated == {}, "the reminder sent as the database went away is recorded once it is back, not resent"


@pytest.mark.slow
def test_a_bot_started_while_postgres_is_unreachable_says_so_in_plain_words_and_exits(postgres, emulator, tmp_path):
    url = postgres.ensure()
    proxy = TcpProxy.for_url(url).start()
    proxy.cut()
    bot = BotProcess(emulator, proxy.url(url), tmp_path / "bot")
    try:
        bot.spawn()
        assert bot.process.wait(20) == 2
    finally:
        bot.close()
        proxy.close()
    where = proxy.url(url)
    assert f"Flightdeck can't start: Can't open the database at {where}: connection failed" in bot.log()
    assert "Traceback" not in bot.log()


# -- SQLite locked by another writer ----------------------------------------------------------------------


class OtherWriter:
    """Another program writing to the SQLite file: it holds the write lock from `take` to `release`."""

    def __init__(self, database_url: str):
        path = database_url.removeprefix("sqlite:///")
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=0)

    def take(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.connection.execute("ROLLBACK")
        self.connection.close()

    def __enter__(self) -> OtherWriter:
        self.take()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def dispatcher(flightdeck: Flightdeck, database: Database) -> Dispatcher:
    """Another dispatcher on the same file, as a second bot process would have."""
    return Dispatcher(
        database=database,
        client=web_client(flightdeck.settings, retry_connection_errors=False),
        clock=flightdeck.clock,
        settings=flightdeck.settings,
        team_id=TEAM_ID,
    )


def due_now(flightdeck: Flightdeck, count: int) -> list[int]:
    now = flightdeck.clock.now()
    return add_due_reminders(flightdeck.database, team_id=TEAM_ID, count=count, channels=3, now=now, due_at=now)


def test_two_dispatchers_wait_out_a_second_writer_then_send_each_reminder_once(flightdeck, sqlite_database_url):
    ids = due_now(flightdeck, 12)
    other = Database(sqlite_database_url)
    reports: list[TickReport] = []
    ticks = [
        threading.Thread(target=lambda d=d: reports.append(d.tick()))
        for d in (flightdeck.dispatcher, dispatcher(flightdeck, other))
    ]
    with OtherWriter(sqlite_database_url):
        for tick in ticks:
            tick.start()
        time.sleep(0.3)  # long enough for both ticks to reach the lock, well inside the busy timeout
        assert flightdeck.emulator.posts() == []
    for tick in ticks:
        tick.join(10)
    other.dispose()

    assert sum(report.sent for report in reports) == len(ids)
    assert deliveries(flightdeck.emulator) == Counter(ids)
    assert status_counts(flightdeck.database, TEAM_ID) == {"sent": len(ids)}


@pytest.fixture
def short_busy_timeout(monkeypatch):
    """Wait 0.2 s, not 5 s, for another writer: databases opened from here on give up sooner."""
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)


def test_a_lock_held_past_the_busy_timeout_makes_the_tick_give_up_cleanly_and_the_next_one_send(
    flightdeck, sqlite_database_url, short_busy_timeout
):
    ids = due_now(flightdeck, 6)
    database = Database(sqlite_database_url)
    impatient = dispatcher(flightdeck, database)

    with OtherWriter(sqlite_database_url):
        report = impatient.tick()
    assert report == TickReport()
    assert flightdeck.emulator.posts() == []
    assert status_counts(flightdeck.database, TEAM_ID) == {"pending": len(ids)}, "nothing left claimed"

    report = impatient.tick()
    database.dispose()
    assert report.sent == len(ids)
    assert deliveries(flightdeck.emulator) == Counter(ids)


def test_a_lock_taken_between_slacks_reply_and_the_commit_neither_loses_nor_repeats_that_reminder(
    flightdeck, sqlite_database_url, short_busy_timeout
):
    ids = due_now(flightdeck, 6)
    database = Database(sqlite_database_url)
    impatient = dispatcher(flightdeck, database)
    writer = OtherWriter(sqlite_database_url)
    on_post(flightdeck.emulator, 3, lambda _args: writer.take())

    impatient.tick()
    assert sum(deliveries(flightdeck.emulator).values()) == 3, "the tick stops at the reminder it couldn't record"
    writer.release()
    assert status_counts(flightdeck.database, TEAM_ID) == {"sent": 2, "claimed": 4}

    second = impatient.tick()
    assert second.sent == 0, "the rest are still under the first tick's lease"
    assert status_counts(flightdeck.database, TEAM_ID) == {"sent": 3, "claimed": 3}, "the interrupted one is recorded"
    flightdeck.clock.advance(seconds=flightdeck.settings.dispatch.lease_seconds + 1)
    third = impatient.tick()
    database.dispose()

    assert third.sent == len(ids) - 3
    assert deliveries(flightdeck.emulator) == Counter(ids), "every reminder once, the interrupted one included"
    assert status_counts(flightdeck.database, TEAM_ID) == {"sent": len(ids)}
