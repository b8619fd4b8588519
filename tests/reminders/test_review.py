"""The weekly "Review the creative" reminder (docs/schedule.md), end to end with the clock moved on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.policy import ReminderSchedule
from bot.slack.ids import ReminderAction as Button
from bot.slack.text import escape
from storage.db import Database
from tests.support import harness
from tests.support.flights import (
    as_delivered,
    buttons,
    campaign_now,
    choose,
    click,
    handled,
    message_now,
    message_text,
    modal_after,
    open_modal,
    posted,
    posts_of,
    record_flight,
    reload,
    reminder,
    reminders_of,
    run_at,
    summary_message,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER, Flightdeck

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")

# A Promote flight from Monday 23 November through Sunday 20 December 2026 (28 days), in New York.
LAST_DAY = date(2026, 12, 20)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Its reviews: 09:30 in New York (14:30 UTC) on the Mondays 7, 14 and 21 days after its start. The fourth,
# Monday 21 December, would come after the last day.
REVIEWS = [at(2026, 11, 30, 14, 30), at(2026, 12, 7, 14, 30), at(2026, 12, 14, 14, 30)]


@pytest.fixture
def reviewing(emulator, clock, database_url):
    """The app with the default schedule, weekly review on, on each backend in turn."""
    settings = replace(harness.test_settings(emulator, database_url), schedule=ReminderSchedule())
    app = Flightdeck(emulator, clock, Database(database_url), settings)
    yield app
    app.close()


def reviews(flightdeck, campaign, status=None):
    return [r for r in reminders_of(flightdeck, campaign) if r.kind == "flight.review" and status in (None, r.status)]


def press(flightdeck, campaign, message, action):
    return handled(flightdeck, campaign, lambda: click(flightdeck, message, CHANNEL, action))


def test_a_long_flight_is_reviewed_every_monday_and_done_closes_each_review(reviewing):
    campaign = record_flight(reviewing, last_day=LAST_DAY)
    assert [r.due_at for r in reviews(reviewing, campaign)] == REVIEWS

    run_at(reviewing, REVIEWS[0] - timedelta(minutes=1))  # the earlier reminders go, a second apart
    assert [posts_of(reviewing, r) for r in reviews(reviewing, campaign)] == [[], [], []]

    for week, due in enumerate(REVIEWS):
        run_at(reviewing, due)
        row = next(r for r in reviews(reviewing, campaign) if r.due_at == due)
        message = as_delivered(reviewing, row)
        assert message["thread_ts"] == campaign.message_ts
        text = message_text(message)
        assert f"<@{OWNER}> *Review the creative*" in text
        assert "runs through Sun 20 Dec" in text
        assert "Frequency and completion rate" in text and "comments' tone" in text
        assert "rotate the post out, whatever its cost per result" in text
        assert f"The figures are in {MARIA}'s app: ask them for this week's." in text  # a Promote flight
        assert buttons(message) == [Button.DONE, Button.SNOOZE_HOUR, Button.SNOOZE_MORNING]
        # Only this week's review has gone: the next one waits for its Monday.
        assert [r.status for r in reviews(reviewing, campaign)][week + 1 :] == ["pending"] * (len(REVIEWS) - week - 1)

        press(reviewing, campaign, message, Button.DONE)
        assert (reload(reviewing, row).status, reload(reviewing, row).closed_by) == ("done", OWNER)
        assert buttons(message_now(reviewing, CHANNEL, message["ts"])) == []
        assert thread_notes(reviewing, campaign)[-1] == f"✅ <@{OWNER}> marked “Review the creative” done."

    run_at(reviewing, at(2026, 12, 21, 14, 30))
    assert len(reviews(reviewing, campaign, "done")) == 3


def test_a_snoozed_review_comes_back_an_hour_later_or_the_next_morning(reviewing):
    campaign = record_flight(reviewing, last_day=LAST_DAY)
    first = reviews(reviewing, campaign)[0]
    run_at(reviewing, first.due_at)
    message = as_delivered(reviewing, first)
    assert (
        next(
            e["text"]["text"]
            for b in message["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
            if e["action_id"] == Button.SNOOZE_MORNING
        )
        == "Tomorrow 09:30"
    )

    pressed_at = reviewing.now()
    press(reviewing, campaign, message, Button.SNOOZE_HOUR)
    snoozed = reload(reviewing, first)
    assert (snoozed.status, snoozed.due_at) == ("pending", pressed_at + timedelta(hours=1))
    run_at(reviewing, snoozed.due_at)
    again = posts_of(reviewing, first)
    assert len(again) == 2 and reload(reviewing, first).status == "sent"

    press(reviewing, campaign, posted(again[-1]), Button.SNOOZE_MORNING)
    tomorrow = reload(reviewing, first)
    assert tomorrow.due_at == at(2026, 12, 1, 14, 30)  # Tuesday 09:30 in New York
    run_at(reviewing, tomorrow.due_at)
    assert len(posts_of(reviewing, first)) == 3
    # The snoozes moved this review only: next Monday's is where it was.
    assert [r.due_at for r in reviews(reviewing, campaign, "pending")] == REVIEWS[1:]


def test_extending_the_flight_adds_the_reviews_of_the_longer_flight(reviewing):
    campaign = record_flight(reviewing, last_day=LAST_DAY)
    min_reached = reminder(reviewing, campaign, "flight.min_reached")
    run_at(reviewing, min_reached.due_at)
    _, view = open_modal(reviewing, as_delivered(reviewing, min_reached), CHANNEL, Button.EXTEND_FLIGHT)

    handled(reviewing, campaign, lambda: reviewing.submit(view, {"extend_last_day": "2027-01-03"}))

    # Through Sunday 3 January: two more Mondays, 21 and 28 December.
    assert [r.due_at for r in reviews(reviewing, campaign, "pending")] == [
        *REVIEWS,
        at(2026, 12, 21, 14, 30),
        at(2026, 12, 28, 14, 30),
    ]
    # The reviews already planned are kept as they were, not cancelled and planned again.
    assert not reviews(reviewing, campaign, "cancelled")


def test_ending_the_flight_cancels_the_reviews_still_to_come(reviewing):
    campaign = record_flight(reviewing, last_day=LAST_DAY)
    run_at(reviewing, REVIEWS[0])
    first = reviews(reviewing, campaign)[0]
    reviewing.clock.advance(days=2)  # Wednesday 2 December

    handled(reviewing, campaign, lambda: choose(reviewing, campaign, "end"))

    assert campaign_now(reviewing, campaign).status == "ended"
    assert reload(reviewing, first).status == "sent"  # what has been sent stays answerable
    assert [r.due_at for r in reviews(reviewing, campaign, "cancelled")] == REVIEWS[1:]
    run_at(reviewing, REVIEWS[2])
    assert all(posts_of(reviewing, r) == [] for r in reviews(reviewing, campaign, "cancelled"))


def test_cancelling_the_flight_cancels_every_review(reviewing):
    campaign = record_flight(reviewing, last_day=LAST_DAY)
    modal = modal_after(reviewing, lambda: choose(reviewing, campaign, "cancel"))

    handled(reviewing, campaign, lambda: reviewing.submit(modal))

    assert {r.status for r in reviews(reviewing, campaign)} == {"cancelled"}
    run_at(reviewing, REVIEWS[-1])
    assert all(posts_of(reviewing, r) == [] for r in reviews(reviewing, campaign))


def test_a_week_long_flight_gets_no_review(reviewing):
    campaign = record_flight(reviewing, last_day=date(2026, 11, 29))  # Monday 23 to Sunday 29 November
    assert reviews(reviewing, campaign) == []


def test_after_downtime_only_the_latest_missed_review_goes(reviewing):
    campaign = record_flight(reviewing, last_day=LAST_DAY)

    run_at(reviewing, REVIEWS[1])  # the bot was down from the start until the second review

    first, second, third = reviews(reviewing, campaign)
    assert (first.status, first.last_error) == ("skipped", "superseded by a later review")
    assert posts_of(reviewing, first) == []
    assert second.status == "sent" and len(posts_of(reviewing, second)) == 1
    assert third.status == "pending"
    assert "Review the creative · skipped: a later review replaced it" in message_text(
        summary_message(reviewing, campaign)
    )


def test_a_spark_flights_review_points_to_ads_manager(reviewing):
    campaign = record_flight(reviewing, spark=True)  # Monday 23 November to Sunday 6 December
    [review] = reviews(reviewing, campaign)
    assert review.due_at == REVIEWS[0]

    run_at(reviewing, review.due_at)

    text = message_text(as_delivered(reviewing, review))
    assert f"*GlowCo* with {MARIA} runs through Sun 6 Dec: review the creative." in text
    assert "The figures are in TikTok Ads Manager." in text
