"""A long digest in threaded parts; Slack failing, then recovering; a holder that died; two dispatchers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.digest.blocks import MAX_BLOCKS, MESSAGE_CHARS
from bot.digest.dispatch import REPEAT_NOTE, UNCONFIRMED
from bot.slack.text import escape
from storage import digests as store
from storage.db import Database
from storage.subscription_models import DigestSubscription
from tests.support.bot_process import eventually
from tests.support.digest import (
    OPS,
    OPS_TOKEN,
    blocks_of,
    digest_dispatcher,
    digest_posts,
    reply_to,
    send_digests_at,
    subscriptions,
    text_of,
)
from tests.support.factories import add_campaign, authorization
from tests.support.harness import OWNER
from tests.support.slack_emulator import TEAM_ID

MONDAY_0930 = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)
FLIGHTS = 150


def add_busy_week(database: Database, count: int = FLIGHTS) -> None:
    """`count` flights across 40 clients, each ending this week with a code lapsing before it ends."""
    for number in range(count):
        add_campaign(
            database,
            team_id=TEAM_ID,
            client=f"Client {number % 40:02d}",
            creator_handle=f"@creator.{number:04d}",
            start_at=MONDAY_0930 - timedelta(days=10),
            end_at=MONDAY_0930 + timedelta(days=3, hours=number % 24),
            channel_id=f"C0CLIENT{number % 40:02d}",
            message_ts=f"1800000000.{number:06d}",
            status="live",
            authorizations=[authorization(MONDAY_0930 + timedelta(days=2), ad_account_id=f"70{number:017d}")],
        )


def first_parts(flightdeck) -> list:
    return [call for call in digest_posts(flightdeck, OPS) if "thread_ts" not in call.args]


def test_a_long_digest_goes_out_in_threaded_parts_each_within_slacks_limits(digests):
    flightdeck, dispatcher = digests
    add_busy_week(flightdeck.database)
    reply_to(flightdeck, OPS_TOKEN)

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930).sent == 1

    posts = digest_posts(flightdeck, OPS)
    first, *rest = posts
    assert len(posts) > 2 and rest
    assert all(call.args["thread_ts"] == first.answer["ts"] for call in rest)
    assert f"Part 1 of {len(posts)}: the rest is in the thread." in text_of(first)
    for number, call in enumerate(posts, start=1):
        blocks = blocks_of(call)
        assert len(blocks) <= MAX_BLOCKS
        assert all(len(block["text"]["text"]) <= 3000 for block in blocks if block["type"] == "section")
        assert sum(len(block.get("text", {}).get("text", "")) for block in blocks) <= MESSAGE_CHARS + 500
        if number > 1:
            assert text_of(call).startswith(f"Part {number} of {len(posts)}")
    everything = "\n".join(text_of(call) for call in posts)
    # Every flight is there, once for its code and once for its end, under its own client.
    for number in range(FLIGHTS):
        assert everything.count(f"|{escape(f'@creator.{number:04d}')}>") == 2
    assert everything.count("*Client 00*") == 1


def test_slack_failing_then_recovering_sends_the_digest_once(digests):
    flightdeck, dispatcher = digests
    reply_to(flightdeck, OPS_TOKEN)
    flightdeck.emulator.fail("chat.postMessage", status=500, times=2, when=lambda args: args.get("channel") == OPS)

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930).retried == 1
    [row] = subscriptions(flightdeck)
    assert (row.attempts, row.last_error, row.next_due_at) == (1, "internal_error", MONDAY_0930 + timedelta(seconds=5))
    assert dispatcher.tick().sent == 0, "not before its backoff"
    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 + timedelta(seconds=5)).retried == 1
    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 + timedelta(seconds=15)).sent == 1

    assert len(first_parts(flightdeck)) == 1
    [row] = subscriptions(flightdeck)
    assert (row.attempts, row.last_error, row.next_due_at) == (0, None, MONDAY_0930 + timedelta(days=7))


def test_a_part_slack_refuses_is_retried_in_the_thread_without_posting_the_first_again(digests_sqlite):
    flightdeck, dispatcher = digests_sqlite
    add_busy_week(flightdeck.database, 60)
    reply_to(flightdeck, OPS_TOKEN)
    flightdeck.emulator.fail("chat.postMessage", status=503, when=lambda args: bool(args.get("thread_ts")))

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930).retried == 1
    assert len(digest_posts(flightdeck, OPS)) == 1
    assert subscriptions(flightdeck)[0].parts_sent == 1

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 + timedelta(seconds=10)).sent == 1
    posts = digest_posts(flightdeck, OPS)
    assert len(first_parts(flightdeck)) == 1 and len(posts) >= 2
    assert all(call.args["thread_ts"] == posts[0].answer["ts"] for call in posts[1:])
    assert text_of(posts[-1]).startswith(f"Part {len(posts)} of {len(posts)}")


def test_a_channel_that_refuses_for_good_skips_the_week_and_its_subscriber_is_told(digests_sqlite):
    flightdeck, dispatcher = digests_sqlite
    reply_to(flightdeck, OPS_TOKEN)
    flightdeck.emulator.channel_gone(OPS, "not_in_channel")

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930).failed == 1

    [row] = subscriptions(flightdeck)
    assert (row.status, row.last_error, row.next_due_at) == ("active", "not_in_channel", MONDAY_0930 + timedelta(7))
    [told] = flightdeck.emulator.posts("D" + OWNER[1:])
    assert told.args["text"].startswith(f"I couldn't post this week's digest in <#{OPS}>: I'm not a member")
    assert "The last one couldn't be sent: I'm not a member of the channel" in reply_to(flightdeck, "", channel=OPS)


def test_a_digest_whose_holder_died_is_sent_by_the_next_once_its_lease_runs_out(digests):
    flightdeck, dispatcher = digests
    reply_to(flightdeck, OPS_TOKEN)
    lease = timedelta(seconds=flightdeck.settings.dispatch.lease_seconds)
    [row] = subscriptions(flightdeck)
    claimed = store.claim_due(
        flightdeck.database, team_id=TEAM_ID, now=MONDAY_0930, lease=lease, limit=5, token="a-process-that-died"
    )
    assert claimed == [row.id]

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 + lease / 2).sent == 0
    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 + lease + timedelta(seconds=1)).sent == 1
    assert len(first_parts(flightdeck)) == 1


def test_a_send_slack_never_answered_is_sent_once_more_saying_so(digests_sqlite):
    flightdeck, dispatcher = digests_sqlite
    reply_to(flightdeck, OPS_TOKEN)
    # Slack takes the message but answers after the client has given up waiting.
    flightdeck.emulator.fail("chat.postMessage", delay=2.5, when=lambda args: args.get("channel") == OPS)

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930).retried == 1
    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 + timedelta(seconds=5)).sent == 1

    landed = flightdeck.emulator.wait_for(lambda: len(first_parts(flightdeck)) == 2 and first_parts(flightdeck))
    assert REPEAT_NOTE not in text_of(landed[0]) and REPEAT_NOTE in text_of(landed[1])


def claims_waiting(database: Database) -> int:
    """Statements of other sessions waiting for a lock on the digests table."""
    with database.engine.connect() as connection:
        query = "SELECT count(*) FROM pg_locks WHERE relation = 'digest_subscription'::regclass AND NOT granted"
        return connection.exec_driver_sql(query).scalar()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_dispatchers_on_one_postgres_send_one_digest(digests):
    flightdeck, _ = digests
    add_busy_week(flightdeck.database, 40)
    reply_to(flightdeck, OPS_TOKEN)
    reply_to(flightdeck, "me")
    flightdeck.clock.set(MONDAY_0930)
    databases = [Database(flightdeck.database.url) for _ in range(2)]
    dispatchers = [digest_dispatcher(flightdeck, database) for database in databases]
    start = threading.Barrier(len(dispatchers))
    reports, errors = [], []

    def run(dispatcher) -> None:
        try:
            start.wait()
            reports.append(dispatcher.tick())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(dispatcher,)) for dispatcher in dispatchers]
    with flightdeck.database.transaction() as session:
        # Both claims wait for this transaction, so both claim the instant it commits.
        session.execute(sa.text("LOCK TABLE digest_subscription IN ACCESS EXCLUSIVE MODE"))
        for thread in threads:
            thread.start()
        eventually(lambda: claims_waiting(flightdeck.database) == len(dispatchers), timeout=10)
    for thread in threads:
        thread.join(timeout=60)
    for dispatcher, database in zip(dispatchers, databases, strict=True):
        dispatcher.client.close()
        database.dispose()

    assert errors == []
    assert sum(report.sent for report in reports) == 2
    assert len(first_parts(flightdeck)) == 1
    assert len([call for call in digest_posts(flightdeck, "D" + OWNER[1:]) if "thread_ts" not in call.args]) == 1
    assert all(row.next_due_at == MONDAY_0930 + timedelta(days=7) for row in subscriptions(flightdeck))


def test_a_digest_twice_sent_without_an_answer_is_not_sent_a_third_time(digests_sqlite):
    flightdeck, dispatcher = digests_sqlite
    reply_to(flightdeck, OPS_TOKEN)
    # As if two processes had each sent it and died before Slack's answer reached them.
    with flightdeck.database.engine.begin() as connection:
        connection.execute(sa.update(DigestSubscription).values(unanswered_sends=2))

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930).failed == 1

    assert digest_posts(flightdeck, OPS) == []
    [row] = subscriptions(flightdeck)
    assert (row.status, row.last_error) == ("active", UNCONFIRMED)
    assert (row.unanswered_sends, row.next_due_at) == (0, MONDAY_0930 + timedelta(days=7))


def test_slack_asking_to_slow_down_mid_digest_carries_on_from_the_next_part_after_retry_after(digests_sqlite):
    flightdeck, dispatcher = digests_sqlite
    add_busy_week(flightdeck.database)
    reply_to(flightdeck, OPS_TOKEN)
    flightdeck.emulator.fail("chat.postMessage", retry_after=30, when=lambda args: bool(args.get("thread_ts")))

    report = send_digests_at(flightdeck, dispatcher, MONDAY_0930)

    assert (report.sent, report.retried) == (0, 1)
    [row] = subscriptions(flightdeck)
    assert row.parts_sent == 1 and row.attempts == 0 and row.last_error == "ratelimited"
    assert row.next_due_at == flightdeck.clock.now() + timedelta(seconds=30)
    assert dispatcher.tick().sent == 0
    flightdeck.clock.advance(seconds=30)
    assert dispatcher.tick().sent == 1
    assert len(first_parts(flightdeck)) == 1 and len(digest_posts(flightdeck, OPS)) > 2
    # The parts went a second apart, as Slack allows in one channel.
    assert flightdeck.clock.slept >= len(digest_posts(flightdeck, OPS)) - 2
