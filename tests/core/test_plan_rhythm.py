"""The plan's weekly review and working days (docs/schedule.md), as tables.

Expected instants are the owner's wall clock, as in tests/core/test_plan.py: a row reads the way
the owner will see the reminder arrive.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.plan import FlightFacts, morning_snooze, plan
from bot.core.policy import ReminderSchedule
from bot.core.vocabulary import Kind
from bot.core.working_days import WorkingWeek, on_working_day, parse_holidays, parse_weekdays
from tests.support.plan import flight, local

NEW_YORK = "America/New_York"
PARIS = "Europe/Paris"
WEEKDAYS = WorkingWeek()
DEFAULTS = ReminderSchedule()
WORKING = ReminderSchedule(working_week=WEEKDAYS)


def wall_clocks(reminders, kind: Kind, timezone: str) -> list[str]:
    return [f"{r.due_at.astimezone(ZoneInfo(timezone)):%Y-%m-%d %H:%M}" for r in reminders if r.kind is kind]


# -- the review cadence -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "reviews"),
    [
        pytest.param(5, [], id="5-days"),
        # Its first review would be the morning after its last day: a week-long flight gets none.
        pytest.param(7, [], id="7-days"),
        pytest.param(8, ["2026-11-30 09:30"], id="8-days"),
        pytest.param(14, ["2026-11-30 09:30"], id="14-days"),
        pytest.param(15, ["2026-11-30 09:30", "2026-12-07 09:30"], id="15-days"),
        pytest.param(
            30, ["2026-11-30 09:30", "2026-12-07 09:30", "2026-12-14 09:30", "2026-12-21 09:30"], id="30-days"
        ),
    ],
)
def test_a_flight_longer_than_a_week_is_reviewed_every_7_days_from_its_start_at_0930(days, reviews):
    # Monday 23 November 2026: every review falls on a Monday, the weekday the flight started.
    assert wall_clocks(plan(flight(NEW_YORK, "2026-11-23", days), DEFAULTS), Kind.FLIGHT_REVIEW, NEW_YORK) == reviews


@pytest.mark.parametrize(
    ("every", "days", "reviews"),
    [
        pytest.param(None, 30, [], id="off"),
        pytest.param(timedelta(days=10), 21, ["2026-12-03 09:30", "2026-12-13 09:30"], id="every-10-days"),
        pytest.param(timedelta(days=3), 7, ["2026-11-26 09:30", "2026-11-29 09:30"], id="every-3-days"),
    ],
)
def test_the_review_period_is_a_setting(every, days, reviews):
    reminders = plan(flight(NEW_YORK, "2026-11-23", days), ReminderSchedule(review_every=every))
    assert wall_clocks(reminders, Kind.FLIGHT_REVIEW, NEW_YORK) == reviews


@pytest.mark.parametrize(
    ("first_day", "reviews"),
    [
        # Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October: still 09:30 in Paris.
        pytest.param("2026-03-25", ["2026-04-01 09:30", "2026-04-08 09:30"], id="spring"),
        pytest.param("2026-10-21", ["2026-10-28 09:30", "2026-11-04 09:30"], id="autumn"),
    ],
)
def test_reviews_stay_at_0930_across_a_clock_change(first_day, reviews):
    assert wall_clocks(plan(flight(PARIS, first_day, 20), DEFAULTS), Kind.FLIGHT_REVIEW, PARIS) == reviews


def test_an_ended_or_cancelled_flight_has_no_reviews_left():
    running = flight(NEW_YORK, "2026-11-23", 30)
    ended_early = FlightFacts(running.start_at, local("2026-12-02 15:00", NEW_YORK), NEW_YORK)
    cancelled = FlightFacts(running.start_at, running.end_at, NEW_YORK, cancelled=True)

    assert wall_clocks(plan(ended_early, DEFAULTS), Kind.FLIGHT_REVIEW, NEW_YORK) == ["2026-11-30 09:30"]
    assert plan(cancelled, DEFAULTS) == []


# -- working days -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "first_day", "expected"),
    [
        # Monday to Sunday 6 December in New York: min_reached falls on Saturday 28 and moves to Monday 30.
        pytest.param(
            WORKING,
            "2026-11-23",
            [
                ("flight.hold", "2026-11-25 09:30", None),
                ("flight.min_reached", "2026-11-30 09:30", date(2026, 11, 28)),
                ("flight.review", "2026-11-30 09:30", None),
                # The pull (Tuesday 8) and the overdue note (Wednesday 9) fall on working days already.
                ("summary.pull", "2026-12-08 09:30", None),
                ("summary.overdue", "2026-12-09 09:30", None),
            ],
            id="monday-start",
        ),
        # Thursday 26 November to Wednesday 9 December: the hold falls on Saturday, the review on Thursday.
        pytest.param(
            WORKING,
            "2026-11-26",
            [
                ("flight.hold", "2026-11-30 09:30", date(2026, 11, 28)),
                ("flight.min_reached", "2026-12-01 09:30", None),
                ("flight.review", "2026-12-03 09:30", None),
                ("summary.pull", "2026-12-11 09:30", None),
                # Its 48 h falls on Saturday 12: Monday.
                ("summary.overdue", "2026-12-14 09:30", date(2026, 12, 12)),
            ],
            id="thursday-start",
        ),
        # The same flight with every day a working day: nothing moves.
        pytest.param(
            DEFAULTS,
            "2026-11-26",
            [
                ("flight.hold", "2026-11-28 09:30", None),
                ("flight.min_reached", "2026-12-01 09:30", None),
                ("flight.review", "2026-12-03 09:30", None),
                ("summary.pull", "2026-12-11 09:30", None),
                ("summary.overdue", "2026-12-12 09:30", None),
            ],
            id="every-day-works",
        ),
    ],
)
def test_day_based_reminders_on_a_day_off_move_to_0930_on_the_next_working_day(schedule, first_day, expected):
    reminders = plan(flight(NEW_YORK, first_day, 14), schedule)
    got = [(r.kind.value, f"{r.due_at.astimezone(ZoneInfo(NEW_YORK)):%Y-%m-%d %H:%M}", r.moved_from) for r in reminders]
    assert got == expected


def test_a_summary_pull_and_its_overdue_note_moved_onto_one_monday_leave_only_the_overdue_note():
    # Last day Thursday 3 December: the pull is due Saturday 5, the overdue note Sunday 6; both go to Monday 7.
    reminders = plan(flight(NEW_YORK, "2026-11-27", 7), WORKING)
    summary = [(r.kind.value, r.moved_from) for r in reminders if r.kind.value.startswith("summary.")]
    assert summary == [("summary.overdue", date(2026, 12, 6))]
    assert wall_clocks(reminders, Kind.SUMMARY_OVERDUE, NEW_YORK) == ["2026-12-07 09:30"]


def test_a_flight_reminder_moved_past_the_flights_end_is_dropped():
    # Monday 23 to Saturday 28 November: min_reached (Saturday) would move to Monday 30, after the last day.
    reminders = plan(flight(NEW_YORK, "2026-11-23", 6), WORKING)
    assert [r.kind.value for r in reminders] == ["flight.hold", "summary.pull", "summary.overdue"]


def test_code_reminders_never_move():
    # The code lapses on Monday 30 November, 00:00: its renew and swap fall on Friday night and Sunday.
    spark = flight(NEW_YORK, "2026-11-23", 14, codes={1: "2026-11-30 00:00"})
    codes_of = lambda schedule: [  # noqa: E731
        (r.kind.value, r.due_at, r.moved_from) for r in plan(spark, schedule) if r.kind.value.startswith("code.")
    ]

    assert codes_of(WORKING) == codes_of(DEFAULTS)
    assert codes_of(WORKING) == [
        ("code.renew", local("2026-11-27 00:00", NEW_YORK), None),
        ("code.swap", local("2026-11-29 00:00", NEW_YORK), None),
        ("code.expired", local("2026-11-30 00:00", NEW_YORK), None),
    ]


@pytest.mark.parametrize(
    ("first_day", "kind", "moved_to", "moved_from"),
    [
        # Paris springs forward on Sunday 29 March 2026: the hold due Saturday 28 (CET) comes Monday 30, 09:30 CEST.
        pytest.param("2026-03-26", Kind.FLIGHT_HOLD, "2026-03-30 09:30", date(2026, 3, 28), id="spring"),
        # …and falls back on Sunday 25 October: the hold due Sunday 25 comes Monday 26, 09:30 CET.
        pytest.param("2026-10-23", Kind.FLIGHT_HOLD, "2026-10-26 09:30", date(2026, 10, 25), id="autumn"),
    ],
)
def test_working_days_across_a_clock_change(first_day, kind, moved_to, moved_from):
    [reminder] = [r for r in plan(flight(PARIS, first_day, 14), WORKING) if r.kind is kind]
    assert f"{reminder.due_at.astimezone(ZoneInfo(PARIS)):%Y-%m-%d %H:%M}" == moved_to
    assert reminder.moved_from == moved_from


def test_a_holiday_is_a_day_off_too():
    christmas = ReminderSchedule(working_week=WorkingWeek(holidays=frozenset({date(2026, 12, 25)})))
    # The review of a flight started on Friday 18 December falls on Christmas Day: Monday 28.
    reminders = plan(flight(NEW_YORK, "2026-12-18", 14), christmas)
    [review] = [r for r in reminders if r.kind is Kind.FLIGHT_REVIEW]
    assert (review.due_at, review.moved_from) == (local("2026-12-28 09:30", NEW_YORK), date(2026, 12, 25))


def test_without_working_days_an_instant_stays_put():
    saturday = local("2026-11-28 09:30", NEW_YORK)
    assert on_working_day(saturday, NEW_YORK, None) == (saturday, False)
    assert on_working_day(saturday, NEW_YORK, WEEKDAYS) == (local("2026-11-30 09:30", NEW_YORK), True)


# -- the settings' words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("sun-thu", {6, 0, 1, 2, 3}),
        ("Mon, Tue ,thu", {0, 1, 3}),
        ("monday-wednesday,FRI", {0, 1, 2, 4}),
        ("fri-mon", {4, 5, 6, 0}),
        ("sat", {5}),
    ],
)
def test_working_days_are_read_from_day_names(text, days):
    assert parse_weekdays(text) == frozenset(days)


@pytest.mark.parametrize("text", ["", "mon-", "-fri", "mon-fry", "1-5", "mon,,fri", "weekdays", "mon-fri-sat"])
def test_anything_else_is_refused(text):
    with pytest.raises(ValueError):
        parse_weekdays(text)


def test_holidays_are_iso_dates():
    assert parse_holidays("2026-12-25, 2027-01-01") == {date(2026, 12, 25), date(2027, 1, 1)}
    with pytest.raises(ValueError):
        parse_holidays("25/12/2026")


def test_a_week_without_working_days_is_refused():
    with pytest.raises(ValueError):
        WorkingWeek(days=frozenset())


# -- the morning snooze -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "pressed", "week", "back"),
    [
        # Friday 10:00: a day-based reminder comes back on Monday.
        pytest.param(Kind.SUMMARY_PULL, "2026-11-27 10:00", WEEKDAYS, "2026-11-30 09:30", id="friday"),
        pytest.param(Kind.FLIGHT_REVIEW, "2026-11-27 10:00", WEEKDAYS, "2026-11-30 09:30", id="review"),
        # Before 09:30 on a working day it is this morning; on Thursday, tomorrow's.
        pytest.param(Kind.SUMMARY_PULL, "2026-11-27 08:00", WEEKDAYS, "2026-11-27 09:30", id="early"),
        pytest.param(Kind.SUMMARY_PULL, "2026-11-26 10:00", WEEKDAYS, "2026-11-27 09:30", id="thursday"),
        # Without working days, Saturday it is.
        pytest.param(Kind.SUMMARY_PULL, "2026-11-27 10:00", None, "2026-11-28 09:30", id="no-week"),
        # A code reminder keeps its own clock: Saturday's 09:30.
        pytest.param(Kind.CODE_RENEW, "2026-11-27 10:00", WEEKDAYS, "2026-11-28 09:30", id="code"),
    ],
)
def test_the_morning_snooze_skips_days_off_for_day_based_reminders(kind, pressed, week, back):
    assert morning_snooze(kind, local(pressed, NEW_YORK), NEW_YORK, time(9, 30), week) == local(back, NEW_YORK)
