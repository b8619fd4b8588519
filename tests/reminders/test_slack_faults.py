"""When Slack misbehaves: rate limits, errors and slow replies, and channels the bot can't post in."""

from datetime import timedelta

import pytest

from bot.reminders.delivery import REPEAT_NOTE
from storage.models import Campaign
from tests.support.flights import (
    as_delivered,
    buttons,
    click,
    handled,
    message_now,
    message_text,
    post_of,
    posted,
    posts_of,
    record_flight,
    reload,
    reminder,
    reminder_posts,
    run_at,
)
from tests.support.harness import CHANNEL, OWNER

OTHER_CHANNEL = "C0SUNNY"
DM = "D" + OWNER[1:]


def in_channel(channel):
    return lambda args: args.get("channel") == channel


def in_thread(campaign):
    return lambda args: args.get("thread_ts") == campaign.message_ts


def test_a_429_is_retried_after_retry_after_without_holding_up_other_channels(flightdeck):
    glowco = record_flight(flightdeck)
    sunny = record_flight(flightdeck, channel=OTHER_CHANNEL, client="Sunny Snacks")
    held = reminder(flightdeck, glowco, "flight.hold")
    other = reminder(flightdeck, sunny, "flight.hold")
    flightdeck.emulator.fail("chat.postMessage", retry_after=30, when=in_channel(CHANNEL))

    report = run_at(flightdeck, held.due_at)

    assert report.rate_limited == 1
    assert reload(flightdeck, other).status == "sent"
    waiting = reload(flightdeck, held)
    assert (waiting.status, waiting.attempts, waiting.last_error) == ("pending", 0, "ratelimited")
    assert waiting.available_at >= held.due_at + timedelta(seconds=30)

    run_at(flightdeck, waiting.available_at - timedelta(seconds=1))
    assert reload(flightdeck, held).status == "pending"

    run_at(flightdeck, waiting.available_at)
    assert reload(flightdeck, held).status == "sent"
    assert post_of(flightdeck, held).args["channel"] == CHANNEL
    assert len(flightdeck.emulator.attempts_of("chat.postMessage")) == 2 + 2 + 1  # summaries, sends, the 429


def test_a_short_retry_after_is_waited_out_in_the_same_tick(flightdeck):
    glowco = record_flight(flightdeck)
    sunny = record_flight(flightdeck, channel=OTHER_CHANNEL, client="Sunny Snacks")
    held = reminder(flightdeck, glowco, "flight.hold")
    other = reminder(flightdeck, sunny, "flight.hold")
    flightdeck.emulator.fail("chat.postMessage", retry_after=2, when=in_channel(CHANNEL))

    report = run_at(flightdeck, held.due_at)

    assert (report.rate_limited, report.sent) == (1, 2)
    assert reload(flightdeck, held).status == reload(flightdeck, other).status == "sent"
    attempts = [c for c in flightdeck.emulator.attempts_of("chat.postMessage") if c.args.get("blocks")][-3:]
    glowco_attempts = [c.at for c in attempts if c.args["channel"] == CHANNEL]
    assert len(glowco_attempts) == 2
    assert flightdeck.clock.slept >= 2  # it waited the Retry-After (on the test clock) before trying again


def test_server_errors_are_retried_with_growing_backoff_until_sent(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    flightdeck.emulator.fail("chat.postMessage", status=503, times=2, when=in_thread(campaign))
    base = timedelta(seconds=flightdeck.settings.dispatch.retry_base_seconds)

    run_at(flightdeck, hold.due_at)
    first = reload(flightdeck, hold)
    run_at(flightdeck, first.available_at)
    second = reload(flightdeck, hold)
    run_at(flightdeck, second.available_at - timedelta(seconds=1))
    assert reload(flightdeck, hold).status == "pending"
    run_at(flightdeck, second.available_at)

    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "internal_error")
    assert first.available_at == hold.due_at + base
    assert (second.attempts, second.available_at - first.available_at) == (2, 2 * base)
    sent = reload(flightdeck, hold)
    assert (sent.status, sent.last_error) == ("sent", None)
    assert sent.slack_ts == post_of(flightdeck, hold).answer["ts"]


def test_a_reminder_late_because_slack_kept_failing_says_so(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    # Seven failures: backoffs of 5 s doubling add up to more than the 10 minutes that make it late.
    flightdeck.emulator.fail("chat.postMessage", status=503, times=7, when=in_thread(campaign))

    run_at(flightdeck, hold.due_at)
    while (waiting := reload(flightdeck, hold)).status == "pending":
        run_at(flightdeck, waiting.available_at)

    sent = reload(flightdeck, hold)
    assert (sent.status, sent.late, sent.attempts) == ("sent", True, 7)
    text = message_text(as_delivered(flightdeck, hold))
    assert "Slack kept failing to take it, so Flightdeck kept trying." in text
    assert "offline" not in text


def test_a_reply_slower_than_the_client_timeout_is_sent_again_once_and_the_second_copy_says_why(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    timeout = flightdeck.settings.dispatch.slack_timeout_seconds
    flightdeck.emulator.fail("chat.postMessage", delay=timeout + 1, when=in_thread(campaign))

    report = run_at(flightdeck, hold.due_at)
    waiting = reload(flightdeck, hold)
    run_at(flightdeck, waiting.available_at)

    assert report.retried == 1
    assert (waiting.status, waiting.attempts, waiting.last_error) == ("pending", 1, "no_answer")
    assert waiting.unanswered_sends == 1, "the send with no answer is remembered as one that may have landed"
    sent = reload(flightdeck, hold)
    # The slow reply did reach Slack: the retry is the one duplicate a timeout can cause, marked as such.
    first, second = posts_of(flightdeck, hold)
    assert REPEAT_NOTE not in message_text(posted(first))
    assert REPEAT_NOTE in message_text(posted(second))
    assert (sent.status, sent.slack_ts) == ("sent", second.answer["ts"])
    assert sent.unanswered_sends == 1, "the record says it may have arrived twice"


def test_a_reminder_slack_never_answers_twice_is_not_sent_a_third_time(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    timeout = flightdeck.settings.dispatch.slack_timeout_seconds
    flightdeck.emulator.fail("chat.postMessage", delay=timeout + 1, when=in_thread(campaign), times=5)

    run_at(flightdeck, hold.due_at)
    run_at(flightdeck, reload(flightdeck, hold).available_at)
    report = run_at(flightdeck, reload(flightdeck, hold).available_at)

    assert report.unconfirmed == 1
    assert len(posts_of(flightdeck, hold)) == 2, "at most one duplicate"
    closed = reload(flightdeck, hold)
    assert (closed.status, closed.slack_ts, closed.unanswered_sends) == ("sent", None, 2)
    assert "wasn't sent a third time" in closed.last_error


def test_a_slow_slack_inside_the_timeout_gets_each_reminder_once(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    timeout = flightdeck.settings.dispatch.slack_timeout_seconds
    flightdeck.emulator.fail("chat.postMessage", delay=timeout * 0.6, when=in_thread(campaign))

    report = run_at(flightdeck, hold.due_at)

    assert (report.sent, report.retried) == (1, 0)
    assert len(posts_of(flightdeck, hold)) == 1
    assert reload(flightdeck, hold).unanswered_sends == 0


def test_a_reminder_that_keeps_failing_ends_failed_and_the_owner_is_told_by_dm(flightdeck):
    failing = record_flight(flightdeck)
    other = record_flight(flightdeck, client="Sunny Snacks")
    hold = reminder(flightdeck, failing, "flight.hold")
    fine = reminder(flightdeck, other, "flight.hold")
    flightdeck.emulator.fail("chat.postMessage", status=500, times=100, when=in_thread(failing))
    max_attempts = flightdeck.settings.dispatch.max_attempts

    run_at(flightdeck, hold.due_at)
    assert reload(flightdeck, fine).status == "sent"  # in the same channel, in the same tick
    while reload(flightdeck, hold).status == "pending":
        run_at(flightdeck, reload(flightdeck, hold).available_at)

    failed = reload(flightdeck, hold)
    assert (failed.status, failed.attempts, failed.last_error) == ("failed", max_attempts, "internal_error")
    assert len([c for c in flightdeck.emulator.attempts_of("chat.postMessage") if c.status == 500]) == max_attempts
    [opened] = flightdeck.emulator.calls_to("conversations.open")
    assert opened.args["users"] == OWNER
    [told] = flightdeck.emulator.posts(DM)
    assert "I couldn't deliver a reminder for *GlowCo*" in told.args["text"]
    assert "Learning phase: don't pull or edit" in told.args["text"]
    assert "Slack couldn't be reached" in told.args["text"]
    assert flightdeck.dispatcher.tick().failed == 0  # told once


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ("is_archived", "the channel is archived"),
        ("not_in_channel", "I'm not a member of the channel"),
        ("channel_not_found", "the channel is gone"),
    ],
)
def test_when_the_channel_is_gone_the_reminder_goes_to_the_owner_by_dm(flightdeck, error, reason):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    flightdeck.emulator.channel_gone(CHANNEL, error)

    run_at(flightdeck, hold.due_at)

    [refused] = [c for c in flightdeck.emulator.attempts_of("chat.postMessage") if c.answer.get("error") == error]
    assert refused.args["channel"] == CHANNEL
    [opened] = flightdeck.emulator.calls_to("conversations.open")
    assert opened.args["users"] == OWNER
    assert opened.at > refused.at
    dm = post_of(flightdeck, hold)
    assert dm.args["channel"] == DM
    text = message_text(posted(dm))
    assert f"Sent by DM because I couldn't post in <#{CHANNEL}>: {reason}" in text
    assert "5–7 days" in text and f"<@{OWNER}>" in text
    assert buttons(posted(dm)) == ["reminder_done"]
    sent = reload(flightdeck, hold)
    assert (sent.status, sent.slack_channel, sent.slack_ts) == ("sent", DM, dm.answer["ts"])
    assert len(reminder_posts(flightdeck)) == 1


def test_a_reminder_delivered_by_dm_can_be_answered_there(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    flightdeck.emulator.channel_gone(CHANNEL, "is_archived")
    run_at(flightdeck, hold.due_at)
    message = as_delivered(flightdeck, hold)

    handled(flightdeck, campaign, lambda: click(flightdeck, message, DM, "reminder_done"))

    assert reload(flightdeck, hold).status == "done"
    assert buttons(message_now(flightdeck, DM, message["ts"])) == []
    [confirmation] = [c for c in flightdeck.emulator.posts(DM) if not c.args.get("blocks")]
    assert confirmation.args["text"].startswith(f"✅ <@{OWNER}> marked")
    # Not a reply to the channel's summary message, which doesn't exist in the DM.
    assert confirmation.args.get("thread_ts") in (None, message["ts"])


def test_a_reminder_that_cannot_be_built_fails_alone(flightdeck):
    """One broken record (here: a client name far beyond Slack's limits) never blocks the others."""
    broken = record_flight(flightdeck)
    fine = record_flight(flightdeck, channel=OTHER_CHANNEL, client="Sunny Snacks")
    with flightdeck.database.transaction() as session:
        row = session.get(Campaign, broken.id)
        row.client = "&" * 3000  # escaped, far past a section's 3,000 characters
        session.add(row)
    held = reminder(flightdeck, broken, "flight.hold")
    other = reminder(flightdeck, fine, "flight.hold")

    report = run_at(flightdeck, held.due_at)

    assert (report.failed, report.sent) == (1, 1)
    assert reload(flightdeck, held).status == "failed"
    assert reload(flightdeck, other).status == "sent"
    assert flightdeck.emulator.posts(DM)  # the owner is told
