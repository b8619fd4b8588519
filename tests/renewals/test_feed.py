"""The calendar feed follows a code's renewal: the old code's expiry until the swap, then the new one's."""

from __future__ import annotations

import pytest

from tests.support.feeds import events_by_uid, feeds_app, fetch, home_calendar_text, link_in, open_home
from tests.support.flights import authorizations, choose, handled, modal_after, record_flight
from tests.support.renewals import renew_from_menu
from tests.support.slack_emulator import TEAM_ID

NEW_CODE = {"renew_issued_on": "2026-11-23", "renew_valid_for": "30"}


@pytest.fixture
def feeds(emulator, clock, database_url):
    app = feeds_app(emulator, clock, database_url)
    yield app
    app.close()


def test_the_expiry_event_stays_on_the_running_code_until_the_swap_then_moves(feeds):
    campaign = record_flight(feeds, spark=True)
    [old] = authorizations(feeds, campaign)
    link = link_in(home_calendar_text(open_home(feeds)))
    expiry = f"code-{old.id}-expiry@{TEAM_ID.lower()}.flightdeck"

    def event():
        return events_by_uid(fetch(feeds, link).calendar())[expiry]

    assert event()["dtstart"].dt == old.expires_at
    feeds.clock.advance(minutes=5)
    renew_from_menu(feeds, campaign, NEW_CODE)
    waiting = event()
    assert waiting["dtstart"].dt == old.expires_at  # the old code still runs the ad

    feeds.clock.advance(minutes=5)
    view = modal_after(feeds, lambda: choose(feeds, campaign, "swapped"))
    handled(feeds, campaign, lambda: feeds.submit(view, {}))

    swapped = event()
    [new] = authorizations(feeds, campaign)
    assert swapped["dtstart"].dt == new.expires_at != old.expires_at
    assert swapped["sequence"] > waiting["sequence"]
