"""Every recorded flight gets its summary, and so its thread, however Slack behaves at intake time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.reminders.triage import THREAD_WAIT
from bot.slack.announce import REPOSTED_NOTE
from storage.models import Campaign, SummaryPost
from tests.support.flights import campaign_now, message_text, posted, reminder, reminder_posts, run_at
from tests.support.harness import CHANNEL, OWNER
from tests.support.intake import PROMOTE_ANSWERS, promote_view

DM = "D" + OWNER[1:]


def summary_post(flightdeck) -> SummaryPost:
    with flightdeck.database.transaction() as session:
        [row] = session.exec(select(SummaryPost))
        return row


def summaries_in(flightdeck, channel: str):
    """The summary messages Slack accepted in `channel` (posts that aren't replies in a thread)."""
    return [c for c in flightdeck.emulator.posts(channel) if not c.args.get("thread_ts")]


def top_level(args) -> bool:
    return args.get("channel") == CHANNEL and not args.get("thread_ts")


def submit_flight(flightdeck) -> Campaign:
    """Record a Promote flight through the modal; wait until the intake has done what it could."""
    view = promote_view(flightdeck)
    reply = flightdeck.submit(view, PROMOTE_ANSWERS)
    assert (reply.status, reply.body) == (200, "")
    flightdeck.emulator.wait_for(lambda: flightdeck.campaigns())
    # The intake's own tries are over once it has tried and no longer holds the claim (before its first
    # try the summary is still pending: the intake may not have claimed it yet).
    flightdeck.emulator.wait_for(
        lambda: (
            [c for c in flightdeck.emulator.attempts_of("chat.postMessage") if top_level(c.args)]
            and summary_post(flightdeck).status != "claimed"
        ),
        timeout=15,
    )
    [campaign] = flightdeck.campaigns()
    return campaign


def test_a_summary_slack_refused_at_intake_is_posted_later_and_the_reminders_wait_for_its_thread(flightdeck_any):
    flightdeck = flightdeck_any
    # The intake's three tries and the dispatcher's first all meet a Slack outage; then it recovers.
    flightdeck.emulator.fail("chat.postMessage", status=503, times=4, when=top_level)

    campaign = submit_flight(flightdeck)

    pending = summary_post(flightdeck)
    assert (pending.status, pending.attempts, pending.channel_id) == ("pending", 1, CHANNEL)
    assert (campaign.channel_id, campaign.message_ts) == (None, None)
    assert flightdeck.emulator.calls_to("conversations.open") == [], "a passing outage is no reason to DM"

    hold = reminder(flightdeck, campaign, "flight.hold")
    report = run_at(flightdeck, hold.due_at)
    assert (report.summaries, report.waiting_for_thread, report.sent) == (1, 1, 0)
    assert summaries_in(flightdeck, CHANNEL) == [] and reminder_posts(flightdeck) == []

    report = run_at(flightdeck, hold.due_at + timedelta(minutes=1))

    [summary] = summaries_in(flightdeck, CHANNEL)
    campaign = campaign_now(flightdeck, campaign)
    assert (campaign.channel_id, campaign.message_ts) == (CHANNEL, summary.answer["ts"])
    assert summary_post(flightdeck).status == "posted"
    [delivered] = reminder_posts(flightdeck)
    assert (delivered.answer["channel"], delivered.args["thread_ts"]) == (CHANNEL, campaign.message_ts)
    assert flightdeck.emulator.calls_to("conversations.open") == []


def test_a_reminder_waits_for_its_thread_only_so_long_then_goes_by_dm(flightdeck):
    flightdeck.emulator.fail("chat.postMessage", status=503, times=10**6, when=top_level)
    campaign = submit_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")

    run_at(flightdeck, hold.due_at)
    assert reminder_posts(flightdeck) == []
    run_at(flightdeck, hold.due_at + THREAD_WAIT)

    [delivered] = reminder_posts(flightdeck)
    assert delivered.answer["channel"] == DM
    assert "this flight has no channel thread" in message_text(posted(delivered))
    assert summary_post(flightdeck).status == "pending", "the summary is still being retried"


@pytest.mark.parametrize(
    ("error", "said"),
    [
        ("not_in_channel", "invite me with `/invite @Flightdeck`"),
        ("channel_not_found", "If the channel is private, add me with `/invite @Flightdeck`"),
    ],
)
def test_a_channel_that_refuses_for_good_after_an_outage_sends_the_summary_by_dm_with_the_reason(
    flightdeck, error, said
):
    flightdeck.emulator.fail("chat.postMessage", status=503, times=3, when=top_level)
    campaign = submit_flight(flightdeck)
    flightdeck.emulator.channel_gone(CHANNEL, error)

    run_at(flightdeck, summary_post(flightdeck).available_at)

    [told] = summaries_in(flightdeck, DM)
    text = message_text(posted(told))
    assert f"couldn't post it in <#{CHANNEL}>" in text and said in text
    assert "Its reminders will arrive in this thread." in text
    assert summary_post(flightdeck).status == "by_dm"
    campaign = campaign_now(flightdeck, campaign)
    assert (campaign.channel_id, campaign.message_ts) == (DM, told.answer["ts"])

    hold = reminder(flightdeck, campaign, "flight.hold")
    run_at(flightdeck, hold.due_at)
    [delivered] = reminder_posts(flightdeck)
    assert (delivered.answer["channel"], delivered.args["thread_ts"]) == (DM, campaign.message_ts)


def test_a_summary_slack_took_without_answering_in_time_is_posted_once_more_marked_and_that_one_is_kept(flightdeck):
    timeout = flightdeck.settings.dispatch.slack_timeout_seconds
    flightdeck.emulator.fail("chat.postMessage", delay=timeout + 1, when=top_level)

    campaign = submit_flight(flightdeck)

    [first] = summaries_in(flightdeck, CHANNEL)  # Slack has it; the bot never heard back
    unconfirmed = summary_post(flightdeck)
    assert (unconfirmed.status, unconfirmed.unanswered_sends, unconfirmed.last_error) == ("pending", 1, "no_answer")
    assert len(flightdeck.emulator.attempts_of("chat.postMessage")) == 1, "no quick retry after a send with no answer"
    assert campaign.message_ts is None

    run_at(flightdeck, unconfirmed.available_at)

    first, second = summaries_in(flightdeck, CHANNEL)
    assert REPOSTED_NOTE not in message_text(posted(first))
    assert REPOSTED_NOTE in message_text(posted(second))
    campaign = campaign_now(flightdeck, campaign)
    assert campaign.message_ts == second.answer["ts"]
    hold = reminder(flightdeck, campaign, "flight.hold")
    run_at(flightdeck, hold.due_at)
    [delivered] = reminder_posts(flightdeck)
    assert delivered.args["thread_ts"] == second.answer["ts"]
    assert len(summaries_in(flightdeck, CHANNEL)) == 2, "at most one extra summary"


def test_a_summary_slack_never_answers_twice_is_not_posted_a_third_time(flightdeck):
    timeout = flightdeck.settings.dispatch.slack_timeout_seconds
    flightdeck.emulator.fail("chat.postMessage", delay=timeout + 1, when=top_level, times=10)
    campaign = submit_flight(flightdeck)

    run_at(flightdeck, summary_post(flightdeck).available_at)
    run_at(flightdeck, summary_post(flightdeck).available_at)

    assert len(summaries_in(flightdeck, CHANNEL)) == 2
    assert summary_post(flightdeck).status == "unconfirmed"
    # Its reminders still reach the owner, by DM, rather than wait for a thread that isn't on record.
    hold = reminder(flightdeck, campaign, "flight.hold")
    run_at(flightdeck, hold.due_at)
    [delivered] = reminder_posts(flightdeck)
    assert delivered.answer["channel"] == DM
