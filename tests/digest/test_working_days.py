"""With working days set, a digest due on a day off goes out at its time on the next working day."""

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
)
from tests.support.harness import Flightdeck

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
    assert len(digest_posts(flightdeck, OPS)) == 1
    # The week after, Monday is a working day again.
    [row] = subscriptions(flightdeck)
    assert row.next_due_at == datetime(2026, 12, 14, 14, 30, tzinfo=UTC)
