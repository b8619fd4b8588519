"""A Promote test's end is in the calendar of whoever subscribes to its flights: one event per test."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from tests.support.feeds import channel_reply, fetch, link_in
from tests.support.promote_tests import candidates, record_test


def test_a_promote_tests_end_is_one_event_on_its_last_candidates_last_day(feeds):
    test = record_test(feeds)
    flights = candidates(feeds, test)
    assert len(flights) == 3

    calendar = fetch(feeds, link_in(channel_reply(feeds))).calendar()
    ends = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Promote test ends")]

    assert len(ends) == 1
    [end] = ends
    assert "GlowCo" in str(end["summary"]) and "3 posts" in str(end["summary"])
    last = max(f.end_at.astimezone(ZoneInfo(f.owner_tz)).date() for f in flights)
    # A flight ends at the midnight after its last day: the test's end is that last day, all day.
    assert end.decoded("dtstart") == last - timedelta(days=1)
