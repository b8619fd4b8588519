"""A feed's calendar: its stored flights read, turned into bot/calendar/ics.py's events, serialised.

Each flight's events are kept, serialised, between requests (`EventCache`): calendars refresh the
same feeds all day, and a flight's events change only when the flight does.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.calendar.ics import (
    FeedCode,
    FeedFlight,
    FeedPromoteTest,
    calendar_of_parts,
    flight_events_ical,
    promote_tests_ical,
)
from bot.core.policy import ReminderSchedule
from storage.feeds import FeedFlightRow, FeedScope, FeedSubject, aware, feed_flights
from storage.promote_test_spans import tests_of_flights
from storage.subscription_models import CalendarFeed

# The Promote test each candidate flight belongs to, by flight id: its end is an event of its own.
PromoteTests = Callable[[Session, str, Sequence[int]], Mapping[int, FeedPromoteTest]]


def promote_tests_of(
    session: Session, team_id: str, flight_ids: Sequence[int], *, workspace_url: str | None = None
) -> Mapping[int, FeedPromoteTest]:
    """The Promote tests of these flights, as the feed shows them: one end event per test, linked to the
    test's message in the channel (where its ranking shows) when the workspace's address is known."""
    return {
        flight_id: FeedPromoteTest(
            id=span.test.id,
            name=f"{span.test.client} ({span.posts} posts)",
            last_day=span.last_day,
            updated_at=span.test.updated_at,
            thread_url=_permalink(workspace_url, span.test.channel_id, span.test.message_ts),
        )
        for flight_id, span in tests_of_flights(session, team_id, flight_ids).items()
    }


@dataclass(frozen=True)
class Rendered:
    body: bytes
    # Changes whenever the bytes do: a calendar asking again with it gets a 304 (bot/calendar/serve.py).
    etag: str


class EventCache:
    """Each flight's serialised events, by everything they are made of; the least recently used go first.

    The key is the flight's row as read (a tuple: any edit, renewed code or new thread makes a new
    key) with what else shapes its events. DTSTAMP is when the bytes were made.
    """

    # About 2 kB a flight: 40 MB at most; and whole feeds asked again unchanged, 32 MB at most.
    def __init__(self, limit: int = 20_000, feed_bytes: int = 32_000_000):
        self.limit = limit
        self.feed_bytes = feed_bytes
        self._events: OrderedDict[tuple, bytes] = OrderedDict()
        self._feeds: OrderedDict[int, tuple[tuple, Rendered]] = OrderedDict()
        self._feeds_size = 0
        self._lock = threading.Lock()

    def feed(self, feed_id: int, key: tuple) -> Rendered | None:
        """The feed as last served, if it was made of exactly the same rows."""
        with self._lock:
            known = self._feeds.get(feed_id)
            if known is None or known[0] != key:
                return None
            self._feeds.move_to_end(feed_id)
            return known[1]

    def keep_feed(self, feed_id: int, key: tuple, rendered: Rendered) -> None:
        with self._lock:
            previous = self._feeds.pop(feed_id, None)
            if previous is not None:
                self._feeds_size -= len(previous[1].body)
            self._feeds[feed_id] = (key, rendered)
            self._feeds_size += len(rendered.body)
            while self._feeds_size > self.feed_bytes and len(self._feeds) > 1:
                _, (_, dropped) = self._feeds.popitem(last=False)
                self._feeds_size -= len(dropped.body)

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            known = self._events.get(key)
            if known is not None:
                self._events.move_to_end(key)
            return known

    def put(self, key: tuple, events: bytes) -> None:
        with self._lock:
            self._events[key] = events
            while len(self._events) > self.limit:
                self._events.popitem(last=False)


def _code_alarms(schedule: ReminderSchedule) -> tuple[timedelta, ...]:
    # docs/schedule.md: the creator is asked 72 h before the code expires, the code swapped 24 h before.
    return (schedule.renew_before_expiry, schedule.swap_before_expiry)


def subject_of(feed: CalendarFeed) -> FeedSubject:
    scope = feed.scope
    return FeedSubject(scope, feed.user_id if scope is FeedScope.PERSON else feed.channel_id)


@dataclass(frozen=True)
class FeedContents:
    """What a feed shows, as read: its flights, and the Promote test of each candidate among them."""

    feed: CalendarFeed
    rows: list[FeedFlightRow]
    tests: Mapping[int, FeedPromoteTest]


def read_feed(session: Session, feed: CalendarFeed, promote_tests: PromoteTests = promote_tests_of) -> FeedContents:
    rows = feed_flights(session, feed.team_id, subject_of(feed))
    tests = promote_tests(session, feed.team_id, [row.id for row in rows]) if rows else {}
    return FeedContents(feed, rows, tests)


def render_feed(
    contents: FeedContents,
    *,
    now: datetime,
    schedule: ReminderSchedule,
    cache: EventCache,
    workspace_url: str | None = None,
) -> Rendered:
    """The feed's iCalendar bytes: each flight's events from the cache, or serialised and kept.

    A feed whose rows are all as last time is the same bytes: kept whole, it is served as it was.
    """
    feed = contents.feed
    options = {
        # The workspace in every UID: two installations' record ids can't meet in one calendar.
        "uid_domain": f"{feed.team_id.lower()}.flightdeck",
        "pull_after_end": schedule.pull_after_end,
        "overdue_after_end": schedule.overdue_after_end,
        "code_alarms": _code_alarms(schedule),
    }
    shape = (workspace_url, *options.values())
    # The Promote tests' ends carry this request's DTSTAMP: a feed with one is made anew each time.
    whole = None if contents.tests else (feed.name, shape, tuple(contents.rows))
    if whole is not None and (kept := cache.feed(feed.id, whole)) is not None:
        return kept
    parts, with_tests = [], []
    for row in contents.rows:
        test = contents.tests.get(row.id)
        key = (row, test, shape)
        events = cache.get(key)
        if events is None or test is not None:
            flight = _flight(row, workspace_url, test)
            if test is not None:
                with_tests.append(flight)
            if events is None:
                events = flight_events_ical(flight, now, **options)
                cache.put(key, events)
        parts.append(events)
    parts.append(promote_tests_ical(with_tests, now, uid_domain=options["uid_domain"]))
    body = calendar_of_parts(feed.name, parts)
    rendered = Rendered(body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')
    if whole is not None:
        cache.keep_feed(feed.id, whole, rendered)
    return rendered


def _flight(row: FeedFlightRow, workspace_url: str | None, test: FeedPromoteTest | None) -> FeedFlight:
    return FeedFlight(
        id=row.id,
        title=f"{row.creator_handle} ({row.tool.label})",
        client=row.client,
        start_at=aware(row.start_at),
        end_at=aware(row.end_at),
        timezone=row.owner_tz,
        updated_at=aware(row.updated_at),
        codes=tuple(FeedCode(c.id, c.ad_account_id, aware(c.expires_at), aware(c.updated_at)) for c in row.codes),
        promote_test=test,
        thread_url=_permalink(workspace_url, row.channel_id, row.message_ts),
    )


def _permalink(workspace_url: str | None, channel_id: str | None, ts: str | None) -> str | None:
    """The flight's summary message, where its thread is: Slack's permalink form, built without a call."""
    if not (workspace_url and channel_id and ts):
        return None
    return f"{workspace_url.rstrip('/')}/archives/{channel_id}/p{ts.replace('.', '')}"
