"""The digest reads the same settings as the reminders: the summary window and the minimum flight."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.policy import IntakePolicy, ReminderSchedule
from storage.db import Database
from tests.support import harness
from tests.support.digest import OPS, OPS_TOKEN, digest_dispatcher, digest_posts, reply_to, send_digests_at, text_of
from tests.support.flights import record_flight
from tests.support.harness import Flightdeck

MONDAY_0930 = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)


@pytest.fixture
def with_other_offsets(emulator, clock, database_url):
    # REMIND_PULL_AFTER_END=96h, REMIND_OVERDUE_AFTER_END=120h, MIN_FLIGHT_DAYS=9.
    schedule = ReminderSchedule(pull_after_end=timedelta(hours=96), overdue_after_end=timedelta(hours=120))
    settings = replace(
        harness.test_settings(emulator, database_url), schedule=schedule, intake=IntakePolicy(min_flight_days=9)
    )
    app = Flightdeck(emulator, clock, Database(database_url), settings)
    dispatcher = digest_dispatcher(app)
    yield app, dispatcher
    dispatcher.client.close()
    app.close()


def test_the_digest_follows_the_configured_summary_window_and_minimum(with_other_offsets):
    flightdeck, dispatcher = with_other_offsets
    ended = record_flight(flightdeck, client="beta", last_day=date(2026, 11, 25))  # ended Thursday's midnight
    record_flight(flightdeck, client="GlowCo")  # 8 days, through Monday 30 November
    reply_to(flightdeck, OPS_TOKEN)

    send_digests_at(flightdeck, dispatcher, MONDAY_0930)

    text = text_of(digest_posts(flightdeck, OPS)[-1])
    # 106 h after the end: overdue at the default 48 h, due now in a 96–120 h window.
    overdue_at = ended.end_at + timedelta(hours=120)
    assert f"summary due now, before <!date^{int(overdue_at.timestamp())}^" in text
    assert "summary overdue" not in text
    # The summary reminders agree: the overdue note is planned for the same window's close.
    overdue = next(r for r in flightdeck.reminders() if r.campaign_id == ended.id and r.kind == "summary.overdue")
    assert overdue.due_at >= overdue_at > MONDAY_0930
    # 8 days is under a 9-day minimum (the default 5 says nothing of it).
    assert "8 days, under the 9-day minimum" in text
