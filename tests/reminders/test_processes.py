"""Real bot processes on the real clock: killed mid-send, and two of them sharing one database.

The reminders are written already due (a minute ago), so nothing here waits for a due time: the
tests wait only for the processes to do their work, watching what the Slack emulator received.
"""

from __future__ import annotations

import os
import signal

import pytest
import sqlalchemy as sa

from storage.db import Database
from storage.migrate import upgrade
from tests.reminders.helpers import reminder_id_of
from tests.storage.factories import add_due_reminders, due_flights, status_counts
from tests.support.bot_process import BotProcess, deliveries, eventually, on_post
from tests.support.databases import sqlite_url
from tests.support.slack_emulator import TEAM_ID, SlackEmulator

pytestmark = pytest.mark.slow


def migrated(url: str) -> Database:
    database = Database(url)
    upgrade(database)
    return database


def claims_waiting(database: Database) -> int:
    """Statements of other sessions waiting for a lock on the reminders table."""
    with database.engine.connect() as connection:
        query = "SELECT count(*) FROM pg_locks WHERE relation = 'reminder'::regclass AND NOT granted"
        return connection.exec_driver_sql(query).scalar()


def kill_when_slack_posts(emulator: SlackEmulator, bot: BotProcess, nth: int) -> list[int]:
    """SIGKILL the bot as Slack posts its `nth` message, before the reply reaches it.

    Slack has the message; the bot dies without hearing back, so it cannot have recorded it: the
    crash lands between Slack's reply and the commit. Returns the reminder that was in flight.
    """
    in_flight: list[int] = []

    def kill(args: dict) -> None:
        in_flight.append(reminder_id_of({"blocks": args.get("blocks") or []}))
        os.kill(bot.pid, signal.SIGKILL)

    on_post(emulator, nth, kill)
    return in_flight


def test_a_bot_killed_between_slacks_reply_and_the_commit_loses_none_and_repeats_at_most_that_one(emulator, tmp_path):
    url = sqlite_url(tmp_path)
    database = migrated(url)
    # Small batches, so the kill finds reminders sent, claimed-but-unsent and never claimed.
    bot = BotProcess(emulator, url, tmp_path / "bot", env={"DISPATCH_BATCH_SIZE": "8"})
    with bot:
        bot.start()
        in_flight = kill_when_slack_posts(emulator, bot, nth=10)
        ids = add_due_reminders(database, team_id=TEAM_ID, count=24, channels=3)

        assert bot.process.wait(20) == -signal.SIGKILL
        assert sum(deliveries(emulator).values()) == 10
        assert status_counts(database, TEAM_ID).get("sent") == 9, "each reminder is recorded before the next is sent"

        bot.start()
        emulator.wait_for(lambda: set(deliveries(emulator)) == set(ids), timeout=20)
        eventually(lambda: status_counts(database, TEAM_ID) == {"sent": len(ids)}, timeout=10)
        assert bot.stop() == 0, "SIGTERM stops it cleanly"

    counts = deliveries(emulator)
    repeated = {reminder_id for reminder_id, times in counts.items() if times > 1}
    assert set(counts) == set(ids), "no reminder is lost"
    assert repeated <= set(in_flight), f"only the reminder in flight at the kill may repeat, not {repeated}"
    assert max(counts.values()) <= 2
    database.dispose()


def test_two_bots_on_one_postgres_send_each_of_500_reminders_due_at_once_exactly_once(postgres, tmp_path):
    url = postgres.ensure()
    postgres.clean()
    database = Database(url)
    # One emulator per bot: what each received says which process sent what.
    emulators = [SlackEmulator().start() for _ in range(2)]
    bots = [
        BotProcess(
            emulator,
            url,
            tmp_path / f"bot{number}",
            name=f"bot{number}",
            env={"DISPATCH_BATCH_SIZE": "25", "DISPATCH_INTERVAL_SECONDS": "0.1"},
        )
        for number, emulator in enumerate(emulators)
    ]
    try:
        for bot in bots:
            bot.spawn()
        for bot in bots:
            bot.wait_ready()
        with database.transaction() as session:
            ids = due_flights(session, team_id=TEAM_ID, count=500, channels=50)
            # Both processes' claims wait for this transaction, so both claim the instant it commits.
            session.execute(sa.text("LOCK TABLE reminder IN ACCESS EXCLUSIVE MODE"))
            try:
                eventually(lambda: claims_waiting(database) == len(bots), timeout=10)
            except AssertionError:
                stacks = "\n".join(bot.abort_with_stacks() for bot in bots)
                raise AssertionError(f"both dispatchers should be claiming; where they are:\n{stacks}") from None

        eventually(lambda: set(deliveries(*emulators)) == set(ids), timeout=40)
        eventually(lambda: status_counts(database, TEAM_ID) == {"sent": 500}, timeout=10)
        assert all(bot.running for bot in bots)
    finally:
        for bot in bots:
            bot.close()
        for emulator in emulators:
            emulator.stop()
        database.dispose()

    counts = deliveries(*emulators)
    assert set(counts) == set(ids)
    assert [reminder_id for reminder_id, times in counts.items() if times != 1] == []
    assert all(emulator.posts() for emulator in emulators), "both processes took part"


def test_a_bot_that_cannot_reach_slack_at_start_up_says_so_rather_than_blaming_the_token(tmp_path):
    gone = SlackEmulator().start()
    gone.stop()
    bot = BotProcess(gone, sqlite_url(tmp_path), tmp_path / "bot")
    with bot:
        bot.spawn()
        assert bot.process.wait(30) == 2
    assert f"Flightdeck can't start: Couldn't reach Slack at {gone.url}" in bot.log()
    assert "rejected the bot token" not in bot.log()
