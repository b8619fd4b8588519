"""Real bot processes on the real clock: the digest job runs beside the reminders', and two bots send one."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from storage import digests as store
from storage.db import Database
from storage.migrate import upgrade
from storage.subscription_models import DigestSubscription
from tests.support.bot_process import BotProcess, eventually
from tests.support.databases import sqlite_url
from tests.support.slack_emulator import TEAM_ID, SlackEmulator

pytestmark = pytest.mark.slow

OPS = "C0OPS"


def add_due_digest(database: Database) -> None:
    """A channel digest whose time came a minute ago, as if the bot had been down at 09:30."""
    now = datetime.now(UTC)
    schedule = store.Schedule(0, time(9, 30), "America/New_York")
    store.subscribe(database, team_id=TEAM_ID, schedule=schedule, actor="U0OWNER", now=now, channel_id=OPS)
    with database.engine.begin() as connection:
        connection.execute(sa.update(DigestSubscription).values(next_due_at=now - timedelta(minutes=1)))


def digests_in(emulator: SlackEmulator) -> list:
    return [c for c in emulator.posts(OPS) if c.args.get("text", "").startswith("Weekly digest")]


def test_a_bot_started_after_the_digest_was_due_sends_it_once(emulator, tmp_path):
    url = sqlite_url(tmp_path)
    database = Database(url)
    upgrade(database)
    add_due_digest(database)
    with BotProcess(emulator, url, tmp_path / "bot") as bot:
        bot.start()
        emulator.wait_for(lambda: digests_in(emulator), timeout=20)
        eventually(lambda: _next_due(database) > datetime.now(UTC), timeout=10)
        assert bot.stop() == 0
    assert len(digests_in(emulator)) == 1
    database.dispose()


def test_two_bots_on_one_postgres_send_one_digest(postgres, tmp_path):
    url = postgres.ensure()
    postgres.clean()
    database = Database(url)
    emulators = [SlackEmulator().start() for _ in range(2)]
    bots = [
        BotProcess(emulator, url, tmp_path / f"bot{n}", name=f"bot{n}", env={"DISPATCH_INTERVAL_SECONDS": "0.05"})
        for n, emulator in enumerate(emulators)
    ]
    try:
        for bot in bots:
            bot.spawn()
        for bot in bots:
            bot.wait_ready()
        add_due_digest(database)
        eventually(lambda: _next_due(database) > datetime.now(UTC), timeout=20)
        assert all(bot.running for bot in bots)
    finally:
        for bot in bots:
            bot.close()
        for emulator in emulators:
            emulator.stop()
        database.dispose()
    assert sum(len(digests_in(emulator)) for emulator in emulators) == 1


def _next_due(database: Database) -> datetime:
    with database.transaction() as session:
        return session.execute(sa.select(DigestSubscription.next_due_at)).scalar_one()
