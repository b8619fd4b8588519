"""With working days set, a digest due on a day off goes out at its time on the next working day, marked as moved.

The digest keeps the time its subscriber chose rather than the reminders' 09:30 (docs/schedule.md).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.policy import ReminderSchedule
from bot.core.working_days import WorkingWeek
from storage.db import Database
from tests.support import harness
from tests.support.digest import (
    OPS,
    OPS_TOKEN,
    digest_dispatcher,
    digest_posts,
    reply_to,
    send_digests_at,
    subscriptions,
    text_of,
)
from tests.support.harness import TEAMMATE, Flightdeck

# Monday 7 December 2026 is a holiday; Tuesday 8 December, 09:30 in New York, the next working morning.
HOLIDAY = date(2026, 12, 7)
TUESDAY_0930 = datetime(2026, 12, 8, 14, 30, tzinfo=UTC)


@pytest.fixture
def with_a_holiday(emulator, clock, database_url):
    week = WorkingWeek(holidays=frozenset({HOLIDAY}))
    schedule = ReminderSchedule(review_every=None, working_week=week)
    settings = replace(harness.test_settings(emulator, database_url), schedule=schedule)
    app = Flightdeck(emulator, clock, Database(database_url), settings)
    yield app, digest_dispatcher(app)
    app.close()


def test_a_digest_due_on_a_holiday_waits_for_the_next_working_morning(with_a_holiday):
    flightdeck, dispatcher = with_a_holiday
    flightdeck.clock.set(datetime(2026, 12, 2, 15, 0, tzinfo=UTC))  # a Wednesday
    reply_to(flightdeck, OPS_TOKEN)
    [row] = subscriptions(flightdeck)
    assert row.next_due_at == TUESDAY_0930

    assert send_digests_at(flightdeck, dispatcher, TUESDAY_0930 - timedelta(days=1)).sent == 0
    assert send_digests_at(flightdeck, dispatcher, TUESDAY_0930).sent == 1
    [post] = digest_posts(flightdeck, OPS)
    assert "Moved from Monday 7 Dec, a day off" in text_of(post)
    # The week after, Monday is a working day again.
    [row] = subscriptions(flightdeck)
    assert row.next_due_at == datetime(2026, 12, 14, 14, 30, tzinfo=UTC)


@pytest.fixture
def monday_to_friday(emulator, clock, database_url):
    # WORKING_DAYS=mon-fri
    schedule = ReminderSchedule(review_every=None, working_week=WorkingWeek())
    settings = replace(harness.test_settings(emulator, database_url), schedule=schedule)
    app = Flightdeck(emulator, clock, Database(database_url), settings)
    dispatcher = digest_dispatcher(app)
    yield app, dispatcher
    dispatcher.client.close()
    app.close()


def test_a_saturday_digest_goes_out_on_monday_at_its_own_time_marked_as_moved(monday_to_friday):
    flightdeck, dispatcher = monday_to_friday
    reply = reply_to(flightdeck, f"{OPS_TOKEN} saturday 16:00")  # the owner's zone: New York
    [row] = subscriptions(flightdeck)
    monday_1600 = datetime(2026, 11, 30, 21, 0, tzinfo=UTC)
    assert row.next_due_at == monday_1600
    assert f"<!date^{int(monday_1600.timestamp())}^" in reply  # the first one's day, as it will come

    saturday_1600 = datetime(2026, 11, 28, 21, 0, tzinfo=UTC)
    assert send_digests_at(flightdeck, dispatcher, saturday_1600).sent == 0
    assert send_digests_at(flightdeck, dispatcher, monday_1600 - timedelta(minutes=1)).sent == 0
    assert send_digests_at(flightdeck, dispatcher, monday_1600).sent == 1
    [post] = digest_posts(flightdeck, OPS)
    assert "Moved from Saturday 28 Nov, a day off: the digest waits for a working day." in text_of(post)
    # Its week still runs from when it goes out, and the next is the next Saturday's, moved again.
    assert "week of Mon 30 Nov" in post.args["text"]
    assert subscriptions(flightdeck)[0].next_due_at == datetime(2026, 12, 7, 21, 0, tzinfo=UTC)


def test_a_monday_digest_on_its_monday_is_not_marked_as_moved(monday_to_friday):
    flightdeck, dispatcher = monday_to_friday
    reply_to(flightdeck, OPS_TOKEN)

    assert send_digests_at(flightdeck, dispatcher, datetime(2026, 11, 30, 14, 30, tzinfo=UTC)).sent == 1
    assert "Moved from" not in text_of(digest_posts(flightdeck, OPS)[-1])


def test_a_sunday_digest_moved_over_the_autumn_clock_change_keeps_its_wall_clock_time(monday_to_friday):
    flightdeck, dispatcher = monday_to_friday
    # Monday 19 October 2026; Paris's clocks go back in the night of Sunday 25 October.
    flightdeck.clock.set(datetime(2026, 10, 19, 9, 0, tzinfo=UTC))
    reply_to(flightdeck, f"{OPS_TOKEN} sunday", user=TEAMMATE)  # the teammate's zone: Paris
    [row] = subscriptions(flightdeck)
    monday_0930_winter = datetime(2026, 10, 26, 8, 30, tzinfo=UTC)
    assert row.next_due_at == monday_0930_winter

    # Sunday 09:30 (summer time, 07:30 UTC) is a day off, and so is 09:30 on Monday's old clock.
    assert send_digests_at(flightdeck, dispatcher, datetime(2026, 10, 25, 7, 30, tzinfo=UTC)).sent == 0
    assert send_digests_at(flightdeck, dispatcher, datetime(2026, 10, 26, 7, 30, tzinfo=UTC)).sent == 0
    assert send_digests_at(flightdeck, dispatcher, monday_0930_winter).sent == 1
    [post] = digest_posts(flightdeck, OPS)
    assert "Moved from Sunday 25 Oct, a day off" in text_of(post)
    assert subscriptions(flightdeck)[0].next_due_at == datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def test_a_saturday_digest_moved_over_the_spring_clock_change_keeps_its_wall_clock_time(monday_to_friday):
    flightdeck, dispatcher = monday_to_friday
    # Monday 23 March 2026; Paris's clocks go forward in the night of Sunday 29 March.
    flightdeck.clock.set(datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    reply_to(flightdeck, f"{OPS_TOKEN} saturday 10:00", user=TEAMMATE)
    [row] = subscriptions(flightdeck)
    monday_1000_summer = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert row.next_due_at == monday_1000_summer

    assert send_digests_at(flightdeck, dispatcher, datetime(2026, 3, 28, 9, 0, tzinfo=UTC)).sent == 0
    assert send_digests_at(flightdeck, dispatcher, monday_1000_summer - timedelta(minutes=1)).sent == 0
    assert send_digests_at(flightdeck, dispatcher, monday_1000_summer).sent == 1
    assert "Moved from Saturday 28 Mar, a day off" in text_of(digest_posts(flightdeck, OPS)[-1])
    assert subscriptions(flightdeck)[0].next_due_at == datetime(2026, 4, 6, 8, 0, tzinfo=UTC)
