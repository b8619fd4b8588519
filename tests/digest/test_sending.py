"""The digest goes out at its weekday and local time, client by client, linked to each flight's thread."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.core.vocabulary import DigestStatus
from bot.slack.text import escape
from tests.support.digest import (
    OPS,
    OPS_TOKEN,
    digest_posts,
    reply_to,
    send_digests_at,
    subscriptions,
    text_of,
)
from tests.support.flights import record_flight
from tests.support.harness import CHANNEL, OWNER, TEAMMATE

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")

# Monday 30 November 2026, 09:30 in New York (the subscriber's zone).
MONDAY_0930 = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)
OWNER_DM = "D" + OWNER[1:]


def thread_link(campaign) -> str:
    return f"https://acme-agency.slack.com/archives/{campaign.channel_id}/p{campaign.message_ts.replace('.', '')}"


def test_a_digest_across_three_clients_on_monday_at_0930_in_the_channels_zone(digests):
    flightdeck, dispatcher = digests
    spark = record_flight(flightdeck, spark=True, client="GlowCo")  # its code lapsed at Monday's midnight
    promote = record_flight(flightdeck, client="Acme <Foods>")  # last day Monday 30 November
    ended = record_flight(flightdeck, client="beta", last_day=date(2026, 11, 25), channel="C0BETA")  # 3 days
    # Recorded on Saturday for three days, Saturday to Monday: still running on Monday, under the minimum.
    flightdeck.clock.set(datetime(2026, 11, 28, 15, 0, tzinfo=UTC))
    short = record_flight(flightdeck, client="beta", last_day=date(2026, 11, 30), channel="C0BETA")
    reply_to(flightdeck, OPS_TOKEN)

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 - timedelta(minutes=1)).sent == 0
    assert digest_posts(flightdeck, OPS) == []
    report = send_digests_at(flightdeck, dispatcher, MONDAY_0930)

    assert report.sent == 1
    [post] = digest_posts(flightdeck, OPS)
    text = text_of(post)
    assert post.args["text"] == "Weekly digest, week of Mon 30 Nov: 6 things to look at across 3 clients"
    assert "thread_ts" not in post.args
    # Alphabetical whatever the case, and what a person typed is escaped.
    assert text.index("*Acme &lt;Foods&gt;*") < text.index("*beta*") < text.index("*GlowCo*")
    assert "<Foods>" not in text
    # Each line names the creator, the tool and the days; the owner is mentioned once, not on every line.
    assert f"<{thread_link(promote)}|{MARIA}> (Promote, Mon 23 Nov → Mon 30 Nov) · last day Mon 30 Nov" in text
    assert f"<{thread_link(ended)}|{MARIA}> (Promote, Mon 23 Nov → Wed 25 Nov) · summary overdue" in text
    assert f"<{thread_link(short)}|{MARIA}> (Promote, Sat 28 Nov → Mon 30 Nov) · last day Mon 30 Nov" in text
    assert (
        f"<{thread_link(short)}|{MARIA}> (Promote, Sat 28 Nov → Mon 30 Nov) · 3 days, under the 5-day minimum" in text
    )
    spark_ref = f"<{thread_link(spark)}|{MARIA}> (Spark Ads, Mon 23 Nov → Sun 6 Dec)"
    assert f"{spark_ref} · the code for ad account" in text
    assert "expired <!date^" in text and ": the ad has stopped · a new code is needed: the creator hasn't been" in text
    assert f"{spark_ref} · last day Sun 6 Dec" in text
    assert text.count(f"<@{OWNER}>") == 1 and f"Owners with something here: <@{OWNER}>" in text
    # Once sent, the next is due the Monday after, and a second tick sends nothing more.
    [row] = subscriptions(flightdeck)
    assert row.status == DigestStatus.ACTIVE and row.last_sent_at == MONDAY_0930
    assert row.next_due_at == MONDAY_0930 + timedelta(days=7)
    assert dispatcher.tick().sent == 0
    assert len(digest_posts(flightdeck, OPS)) == 1


def test_a_quiet_week_says_so_rather_than_skipping(digests):
    flightdeck, dispatcher = digests
    reply_to(flightdeck, OPS_TOKEN)

    send_digests_at(flightdeck, dispatcher, MONDAY_0930)

    [post] = digest_posts(flightdeck, OPS)
    assert "A quiet week" in text_of(post)
    assert post.args["text"] == "Weekly digest, week of Mon 30 Nov: a quiet week"


def test_the_digest_keeps_its_local_time_across_a_clock_change(digests):
    flightdeck, dispatcher = digests
    # Monday 19 October 2026 in Paris, summer time; the clocks go back on Sunday 25 October.
    flightdeck.clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    reply_to(flightdeck, OPS_TOKEN, user=TEAMMATE)  # the teammate's zone: Paris
    [row] = subscriptions(flightdeck)
    assert row.next_due_at == datetime(2026, 10, 26, 8, 30, tzinfo=UTC)  # 09:30 winter time

    # 09:30 on the summer clock (07:30 UTC) is 08:30 in Paris that Monday: not yet.
    assert send_digests_at(flightdeck, dispatcher, datetime(2026, 10, 26, 7, 30, tzinfo=UTC)).sent == 0
    assert send_digests_at(flightdeck, dispatcher, datetime(2026, 10, 26, 8, 30, tzinfo=UTC)).sent == 1
    assert subscriptions(flightdeck)[0].next_due_at == datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def test_the_dm_digest_covers_the_persons_own_flights_only(digests):
    flightdeck, dispatcher = digests
    mine = record_flight(flightdeck, client="Mine & Co")
    record_flight(flightdeck, client="Theirs", user=TEAMMATE, channel="C0THEIRS")
    reply_to(flightdeck, "me")

    send_digests_at(flightdeck, dispatcher, MONDAY_0930)

    [post] = digest_posts(flightdeck)
    assert post.answer["channel"] == OWNER_DM
    assert post.args["text"].startswith("Your weekly digest, week of Mon 30 Nov")
    text = text_of(post)
    assert "*Mine &amp; Co*" in text and "Theirs" not in text
    # A DM's flights are the reader's: no mention of the owner beside each.
    assert f"<{thread_link(mine)}|{MARIA}> (Promote, Mon 23 Nov → Mon 30 Nov) · last day Mon 30 Nov" in text
    assert "<@" not in text


def test_a_digest_turned_off_before_its_monday_is_not_sent(digests):
    flightdeck, dispatcher = digests
    record_flight(flightdeck)
    reply_to(flightdeck, OPS_TOKEN)
    reply_to(flightdeck, "me")
    reply_to(flightdeck, f"off {OPS_TOKEN}")
    reply_to(flightdeck, "off me")

    assert send_digests_at(flightdeck, dispatcher, MONDAY_0930 + timedelta(days=14)).sent == 0
    assert digest_posts(flightdeck) == []


def test_a_digest_missed_while_the_bot_was_down_goes_out_once_then_keeps_its_day(digests):
    flightdeck, dispatcher = digests
    reply_to(flightdeck, OPS_TOKEN)

    # Down for three Mondays: on Thursday it sends one digest, not three, and the next is a Monday.
    thursday = datetime(2026, 12, 17, 20, 0, tzinfo=UTC)
    assert send_digests_at(flightdeck, dispatcher, thursday).sent == 1
    assert dispatcher.tick().sent == 0
    assert len(digest_posts(flightdeck, OPS)) == 1
    assert subscriptions(flightdeck)[0].next_due_at == datetime(2026, 12, 21, 14, 30, tzinfo=UTC)


def test_reminders_slack_would_not_take_are_in_the_digest(digests):
    flightdeck, dispatcher = digests
    campaign = record_flight(flightdeck, client="GlowCo")
    reply_to(flightdeck, OPS_TOKEN)
    flightdeck.emulator.channel_gone(CHANNEL, "is_archived")
    flightdeck.emulator.fail("chat.postMessage", error="account_inactive", times=50, when=lambda a: a["channel"] != OPS)
    flightdeck.clock.set(datetime(2026, 11, 25, 14, 30, tzinfo=UTC))
    flightdeck.dispatcher.tick()  # the flight.hold reminder: the channel is archived, and the DM refused
    assert any(r.status == "failed" for r in flightdeck.reminders() if r.campaign_id == campaign.id)

    send_digests_at(flightdeck, dispatcher, MONDAY_0930)

    text = text_of(digest_posts(flightdeck, OPS)[-1])
    assert "couldn't deliver “Learning phase: don't pull or edit”" in text
