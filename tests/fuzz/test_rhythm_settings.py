"""The review and working-days settings with any text in them: read, or refused by name, never a crash;
and any working week they give places every day-based reminder on a working day at 09:30."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import SettingsError, load_settings
from bot.core.plan import FlightFacts, plan
from bot.core.policy import ReminderSchedule
from bot.core.working_days import WEEKDAY_NAMES
from tests.fuzz.support import examples, hostile_text

day_names = st.sampled_from([*WEEKDAY_NAMES, "Monday", "SUN", "friday", "mo", "sa t", ""])
weekday_texts = st.one_of(
    hostile_text,
    st.lists(
        st.one_of(day_names, st.builds(lambda a, b: f"{a}-{b}", day_names, day_names)), min_size=1, max_size=4
    ).map(",".join),
)
holiday_texts = st.one_of(
    hostile_text,
    st.lists(st.one_of(st.dates().map(str), st.sampled_from(["2026-02-30", "25/12/2026", " "])), max_size=4).map(
        ",".join
    ),
)
review_texts = st.one_of(hostile_text, st.integers().map(str), st.sampled_from(["0", "7", "1w", "99999999999"]))
SETTINGS = {"WORKING_DAYS": weekday_texts, "HOLIDAYS": holiday_texts, "REMIND_REVIEW_EVERY_DAYS": review_texts}


@settings(max_examples=examples(400))
@given(st.fixed_dictionaries({}, optional=SETTINGS))
def test_any_value_is_read_or_refused_by_name(environ):
    try:
        schedule = load_settings(environ, dotenv=False).schedule
    except SettingsError as error:
        assert any(name in str(error) for name in environ)
        return
    if schedule.working_week is not None:
        assert schedule.working_week.days <= set(range(7)) and schedule.working_week.days


ZONES = ["America/New_York", "Europe/Paris", "Asia/Dubai", "Australia/Sydney", "Pacific/Kiritimati"]


@settings(max_examples=examples(300))
@given(
    st.fixed_dictionaries({"WORKING_DAYS": weekday_texts, "REMIND_REVIEW_EVERY_DAYS": st.integers(1, 40).map(str)}),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)),
    st.integers(1, 120),
    st.sampled_from(ZONES),
)
def test_every_day_based_reminder_lands_on_a_working_day_at_0930(environ, start, days, timezone):
    try:
        schedule: ReminderSchedule = load_settings(environ, dotenv=False).schedule
    except SettingsError:
        return
    working = schedule.working_week.days if schedule.working_week else frozenset(range(7))
    flight = FlightFacts(start_at=start, end_at=start + timedelta(days=days), timezone=timezone)
    for reminder in plan(flight, schedule):
        local = reminder.due_at.astimezone(ZoneInfo(timezone))
        assert local.weekday() in working
        assert local.time() == time(9, 30)
        if reminder.moved_from is not None:
            assert reminder.moved_from.weekday() not in working
            assert reminder.moved_from < local.date()
