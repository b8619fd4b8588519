"""Working days (docs/schedule.md), end to end: a day-based reminder due on a day off waits for 09:30 on
the next working day and says it moved; a code reminder keeps its hour."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.policy import ReminderSchedule
from bot.core.working_days import WorkingWeek
from bot.slack.ids import ReminderAction as Button
from storage.db import Database
from tests.support import harness
from tests.support.flights import (
    as_delivered,
    choose,
    click,
    handled,
    message_text,
    posts_of,
    record_flight,
    reload,
    reminder,
    reminders_of,
    run_at,
    summary_message,
)
from tests.support.harness import CHANNEL, TEAMMATE, Flightdeck


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def weekdays(emulator, clock, database_url):
    """The app with Saturday and Sunday off, on each backend in turn."""
    schedule = ReminderSchedule(review_every=None, working_week=WorkingWeek())
    settings = replace(harness.test_settings(emulator, database_url), schedule=schedule)
    app = Flightdeck(emulator, clock, Database(database_url), settings)
    yield app
    app.close()


def pending(flightdeck, campaign):
    return [(r.kind, r.due_at, r.moved_from) for r in reminders_of(flightdeck, campaign) if r.status == "pending"]


def test_a_reminder_due_on_saturday_comes_on_monday_at_0930_marked_as_moved(weekdays):
    campaign = record_flight(weekdays)  # Promote, Monday 23 to Monday 30 November, New York
    hold = reminder(weekdays, campaign, "flight.hold")
    evaluate = reminder(weekdays, campaign, "flight.min_reached")
    assert (hold.due_at, hold.moved_from) == (at(2026, 11, 25, 14, 30), None)  # Wednesday: it stays
    # Due Saturday 28 at 09:30 in New York: Monday 30 at 09:30.
    assert (evaluate.due_at, evaluate.moved_from) == (at(2026, 11, 30, 14, 30), date(2026, 11, 28))

    # The summary's list says so too, so Monday's reminder explains itself before it arrives.
    assert "Minimum flight reached: evaluate · moved from Sat 28 Nov" in message_text(
        summary_message(weekdays, campaign)
    )

    run_at(weekdays, at(2026, 11, 28, 14, 30))
    assert posts_of(weekdays, evaluate) == []
    assert "Moved from" not in message_text(as_delivered(weekdays, hold))

    run_at(weekdays, at(2026, 11, 30, 14, 30))
    message = as_delivered(weekdays, evaluate)
    text = message_text(message)
    assert "*Minimum flight reached: evaluate*" in text
    assert "Moved from Saturday 28 Nov, a day off" in text
    assert "Late:" not in text  # on time for the day it moved to
    assert reload(weekdays, evaluate).status == "sent"


def test_a_code_reminder_due_on_saturday_is_sent_on_saturday(weekdays):
    # The code lapses on Tuesday 1 December (00:00 in New York): its renewal is due Saturday 28, 00:00.
    campaign = record_flight(weekdays, spark=True, code_expires_on=date(2026, 12, 1))
    renew = reminder(weekdays, campaign, "code.renew")
    assert (renew.due_at, renew.moved_from) == (at(2026, 11, 28, 5, 0), None)

    run_at(weekdays, at(2026, 11, 28, 5, 0))

    text = message_text(as_delivered(weekdays, renew))
    assert "*Ask the creator for a new code*" in text
    assert "Moved from" not in text
    # The flight's own Saturday reminder waits for Monday all the same.
    evaluate = reminder(weekdays, campaign, "flight.min_reached")
    assert (evaluate.due_at, posts_of(weekdays, evaluate)) == (at(2026, 11, 30, 14, 30), [])


def test_ending_a_flight_on_friday_replans_its_summary_onto_monday(weekdays):
    campaign = record_flight(weekdays)
    weekdays.clock.set(at(2026, 11, 27, 15, 0))  # Friday 10:00 in New York

    handled(weekdays, campaign, lambda: choose(weekdays, campaign, "end"))

    # The 24–48 h window falls on the weekend: by Monday 09:30 it has closed, so only "pull it now" is left.
    summary = [row for row in pending(weekdays, campaign) if row[0].startswith("summary.")]
    assert summary == [("summary.overdue", at(2026, 11, 30, 14, 30), None)]
    run_at(weekdays, at(2026, 11, 29, 15, 0))  # Sunday: nothing about the summary yet
    assert [kind for kind, _, _ in pending(weekdays, campaign)] == ["summary.overdue"]


@pytest.mark.parametrize(
    ("starts", "moved_to", "note"),
    [
        # Paris springs forward on Sunday 28 March 2027: the hold due Saturday 27 (CET) comes Monday 29, 09:30 CEST.
        pytest.param(at(2027, 3, 25, 9, 0), at(2027, 3, 29, 7, 30), "Moved from Saturday 27 Mar", id="spring"),
        # …and falls back on Sunday 31 October: the hold due Sunday 31 (CET) comes Monday 1 November, 09:30 CET.
        pytest.param(at(2027, 10, 29, 8, 0), at(2027, 11, 1, 8, 30), "Moved from Sunday 31 Oct", id="autumn"),
    ],
)
def test_a_moved_reminder_keeps_0930_across_a_clock_change(weekdays, starts, moved_to, note):
    weekdays.clock.set(starts)  # 10:00 in Paris, on a Thursday and on a Friday
    last_day = (starts + timedelta(days=9)).date()
    campaign = record_flight(weekdays, user=TEAMMATE, last_day=last_day)
    assert campaign.owner_tz == "Europe/Paris"
    hold = reminder(weekdays, campaign, "flight.hold")
    assert hold.due_at == moved_to

    run_at(weekdays, moved_to - timedelta(minutes=1))
    assert posts_of(weekdays, hold) == []
    run_at(weekdays, moved_to)
    assert f"{note}, a day off" in message_text(as_delivered(weekdays, hold))


def test_the_morning_snooze_of_a_friday_reminder_brings_it_back_on_monday(weekdays):
    # Monday 23 November to Tuesday 1 December: the overdue note is due Friday 4 December, 09:30.
    campaign = record_flight(weekdays, last_day=date(2026, 12, 1))
    overdue = reminder(weekdays, campaign, "summary.overdue")
    run_at(weekdays, at(2026, 12, 4, 14, 30))
    message = as_delivered(weekdays, overdue)
    assert label(message, Button.SNOOZE_MORNING) == "Mon 09:30"

    handled(weekdays, campaign, lambda: click(weekdays, message, CHANNEL, Button.SNOOZE_MORNING))

    assert reload(weekdays, overdue).due_at == at(2026, 12, 7, 14, 30)  # Monday 09:30 in New York
    run_at(weekdays, at(2026, 12, 5, 14, 30))
    assert len(posts_of(weekdays, overdue)) == 1
    run_at(weekdays, at(2026, 12, 7, 14, 30))
    assert len(posts_of(weekdays, overdue)) == 2


def label(message, action) -> str:
    return next(
        e["text"]["text"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action
    )
