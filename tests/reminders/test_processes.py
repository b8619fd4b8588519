"""Real bot processes on the real clock: killed mid-send, and two of them sharing one database.

The reminders are written already due (a minute ago), so nothing here waits for a due time: the
tests wait only for the processes to do their work, watching what the Slack emulator received.
"""

from __future__ import annotations

import contextlib
import os
import signal
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from bot.reminders.delivery import REPEAT_NOTE
from bot.slack.announce import REPOSTED_NOTE
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Campaign, Reminder, SummaryPost
from tests.support.bot_process import BotProcess, deliveries, eventually, on_post
from tests.support.databases import sqlite_url
from tests.support.factories import add_due_reminders, due_flights, status_counts
from tests.support.flights import message_text, posted, reminder_id_of
from tests.support.harness import CHANNEL
from tests.support.intake import POST, PROMOTE_ANSWERS
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
    # The send in flight was counted before it went: its second copy says it may be a repeat; no other does.
    marked = {
        reminder_id_of(call.answer["message"]) for call in emulator.posts() if REPEAT_NOTE in message_text(posted(call))
    }
    assert marked == set(in_flight)
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


def summaries(emulator: SlackEmulator) -> list:
    """Summary messages Slack accepted in the intake's channel (not replies in a thread)."""
    return [c for c in emulator.posts(CHANNEL) if not c.args.get("thread_ts")]


def the_flight(database: Database) -> tuple[Campaign, SummaryPost]:
    with database.transaction() as session:
        [campaign] = session.exec(select(Campaign))
        [post] = session.exec(select(SummaryPost))
        return campaign, post


def make_due_now(database: Database, kind: str) -> None:
    """Bring one of the flight's reminders forward to a minute ago, so the running bot sends it now."""
    due = datetime.now(UTC) - timedelta(minutes=1)
    with database.engine.begin() as connection:
        connection.execute(sa.update(Reminder).where(Reminder.kind == kind).values(due_at=due, available_at=due))


def test_a_bot_killed_as_slack_takes_a_summary_posts_it_once_more_and_its_reminders_use_the_kept_one(
    emulator, tmp_path
):
    url = sqlite_url(tmp_path)
    database = migrated(url)
    bot = BotProcess(emulator, url, tmp_path / "bot")
    with bot:
        bot.start()
        slack = bot.as_slack()
        view = slack.change(slack.open_intake(POST), {"ownership": "creator"}, dispatch="ownership")
        # Slack takes the summary; the bot dies before it hears back, so it can't have recorded the ts.
        on_post(emulator, 1, lambda args: os.kill(bot.pid, signal.SIGKILL))
        # The ack may or may not have left before the kill: the flight was recorded before it either way.
        with contextlib.suppress(OSError):
            slack.submit(view, PROMOTE_ANSWERS)
        assert bot.process.wait(20) == -signal.SIGKILL

        [orphan] = summaries(emulator)
        campaign, post = the_flight(database)
        assert campaign.message_ts is None
        assert (post.status, post.unanswered_sends) == ("claimed", 1), "the send was counted before it went"

        bot.start()
        eventually(lambda: the_flight(database)[0].message_ts, timeout=20)
        campaign, post = the_flight(database)
        first, kept = summaries(emulator)
        assert first.answer["ts"] == orphan.answer["ts"]
        assert (campaign.channel_id, campaign.message_ts) == (CHANNEL, kept.answer["ts"])
        assert REPOSTED_NOTE in message_text(posted(kept)) and REPOSTED_NOTE not in message_text(posted(first))
        assert post.status == "posted"

        make_due_now(database, "flight.hold")
        eventually(lambda: deliveries(emulator), timeout=20)
        assert bot.stop() == 0

    [reminder] = [c for c in emulator.posts() if reminder_id_of(c.answer["message"]) is not None]
    assert reminder.args["thread_ts"] == kept.answer["ts"], "the reminders use the thread that was kept"
    assert len(summaries(emulator)) == 2, "at most one extra summary"
    database.dispose()


def test_a_slack_that_answers_after_the_client_timeout_gets_that_reminder_twice_at_most_the_second_marked(
    emulator, tmp_path
):
    url = sqlite_url(tmp_path)
    database = migrated(url)
    bot = BotProcess(emulator, url, tmp_path / "bot")  # SLACK_TIMEOUT_SECONDS=2 in FAST_DISPATCH
    slow: list[int] = []

    def answer_late(args: dict) -> bool:
        if slow:
            return False
        slow.append(reminder_id_of({"blocks": args.get("blocks") or []}))
        return True

    emulator.fail("chat.postMessage", delay=3.0, when=answer_late)
    with bot:
        bot.start()
        ids = add_due_reminders(database, team_id=TEAM_ID, count=6, channels=2)
        eventually(lambda: status_counts(database, TEAM_ID) == {"sent": len(ids)}, timeout=30)
        assert bot.stop() == 0

    counts = deliveries(emulator)
    assert set(counts) == set(ids), "none is lost"
    assert {rid: n for rid, n in counts.items() if n > 1} == {slow[0]: 2}, "only the slow one twice, and only twice"
    copies = [posted(c) for c in emulator.posts() if reminder_id_of(c.answer["message"]) == slow[0]]
    assert [REPEAT_NOTE in message_text(copy) for copy in copies] == [False, True]
    with database.transaction() as session:
        unanswered = dict(session.exec(select(Reminder.id, Reminder.unanswered_sends)).all())
    assert unanswered == {rid: int(rid == slow[0]) for rid in ids}, "the record says which may have arrived twice"
    database.dispose()
