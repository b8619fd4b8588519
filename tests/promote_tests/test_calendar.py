"""A Promote test's end in the calendar feed of the person who owns its flights: one event for the test."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.feeds import events_by_uid, feeds_app, fetch, home_calendar_text, link_in, open_home
from tests.support.harness import CHANNEL
from tests.support.promote_tests import record_test
from tests.support.slack_emulator import TEAM_ID


@pytest.fixture
def feeds(emulator, clock, database_url):
    app = feeds_app(emulator, clock, database_url)
    yield app
    app.close()


def test_the_tests_end_is_one_event_linked_to_its_message(feeds):
    test = record_test(feeds)

    calendar = fetch(feeds, link_in(home_calendar_text(open_home(feeds)))).calendar()

    events = events_by_uid(calendar)
    end = events[f"promote-test-{test.id}-end@{TEAM_ID.lower()}.flightdeck"]
    assert str(end["summary"]) == "Promote test ends: GlowCo (3 posts)"
    assert end["dtstart"].dt == date(2026, 11, 30)
    assert str(end["url"]).startswith(f"https://acme-agency.slack.com/archives/{CHANNEL}/p")
    assert len([uid for uid in events if uid.startswith("promote-test-")]) == 1
