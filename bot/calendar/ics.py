"""The iCalendar feed: a person's or a channel's flights, as a calendar Google, Outlook and Apple subscribe to.

For each flight: its first and last day (all-day), the summary pull window (24–48 h after the end),
each code's expiry (at the instant, with alarms 72 h and 24 h before: docs/domain.md, "Why the code
needs a calendar"), and the end of the Promote test it belongs to. Cancelled flights drop out.

Subscribed calendars match events by UID, so each UID is made of the record's id and the event's
kind, never of its dates: an edited date moves the event instead of leaving a ghost. SEQUENCE and
LAST-MODIFIED come from the record's `updated_at`, so they grow with every edit; DTSTAMP is when the
feed was made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

from bot.core.calendar import OwnersDays

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Flightdeck//Flightdeck flights//EN"
UID_DOMAIN = "flightdeck"
REFRESH = timedelta(hours=1)
# docs/schedule.md: the pull is due 24 h after the end and overdue at 48 h; the code is chased 72 h
# and 24 h before it expires. All are settings (`REMIND_*`): pass yours.
PULL_AFTER_END = timedelta(hours=24)
OVERDUE_AFTER_END = timedelta(hours=48)
CODE_ALARMS = (timedelta(hours=72), timedelta(hours=24))
# An expiry is an instant; a calendar shows a zero-length event poorly.
EXPIRY_LENGTH = timedelta(minutes=30)

# SEQUENCE counts seconds of `updated_at` from here: it grows with each edit, needs no stored
# counter, and stays within 32 bits (some clients' limit) until the 2090s.
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedCode:
    id: int
    ad_account_id: str
    expires_at: datetime
    updated_at: datetime | None = None


@dataclass(frozen=True)
class FeedPromoteTest:
    """The Promote test a flight is a candidate in; its end is one event, however many flights share it."""

    id: int
    name: str
    last_day: date
    """The test's last day on its owner's calendar: the last candidate's."""
    updated_at: datetime | None = None
    thread_url: str | None = None
    """The test's own message, where its ranking shows."""


@dataclass(frozen=True)
class FeedFlight(OwnersDays):
    id: int
    title: str
    start_at: datetime
    """The instant its first day begins, in the owner's zone."""
    end_at: datetime
    """The midnight after its last day, or when it was ended early."""
    timezone: str
    """The owner's: the flight's days are theirs."""
    updated_at: datetime
    codes: tuple[FeedCode, ...] = ()
    promote_test: FeedPromoteTest | None = None
    cancelled: bool = False
    thread_url: str | None = None
    client: str | None = None


def uid(kind: str, record_id: int, domain: str = UID_DOMAIN) -> str:
    """A stable UID: `flight-42-start@flightdeck`. Kinds: start, last-day, summary, expiry, end."""
    record = {"expiry": "code", "end": "promote-test"}.get(kind, "flight")
    return f"{record}-{record_id}-{kind}@{domain}"


def sequence(updated_at: datetime) -> int:
    return max(0, int((updated_at - _SEQUENCE_EPOCH).total_seconds()))


def calendar_feed(
    name: str,
    events: Iterable[FeedFlight],
    now: datetime,
    *,
    refresh: timedelta = REFRESH,
    uid_domain: str = UID_DOMAIN,
    pull_after_end: timedelta = PULL_AFTER_END,
    overdue_after_end: timedelta = OVERDUE_AFTER_END,
    code_alarms: tuple[timedelta, ...] = CODE_ALARMS,
) -> bytes:
    """The feed as iCalendar bytes (CRLF, folded lines), to serve with CONTENT_TYPE.

    `uid_domain` should name the installation (e.g. `T0123.flightdeck`) when several databases may
    feed one person's calendar, so that their record ids can't collide.
    """
    stamp = _utc(now)
    calendar = _calendar(name, refresh)
    flights = [flight for flight in events if not flight.cancelled]
    built: dict[str, Event] = {}
    for flight in flights:
        for event in _flight_events(flight, stamp, uid_domain, pull_after_end, overdue_after_end, code_alarms):
            built[str(event["uid"])] = event
    for test, updated in _promote_tests(flights).values():
        event = _promote_test_end(test, updated, stamp, uid_domain)
        built[str(event["uid"])] = event

    for event in sorted(built.values(), key=_start_key):
        calendar.add_component(event)
    return calendar.to_ical()


# -- in parts, for a feed that keeps its flights' events between requests (bot/calendar/feed.py) ----------------
# Serialising with the library costs about a millisecond per flight: a feed of 1,000 flights rebuilt
# on every refresh would take seconds. A flight's events change only with the flight, so its bytes
# can be kept, keyed by the FeedFlight itself (frozen: equal facts, equal key).


def flight_events_ical(
    flight: FeedFlight,
    now: datetime,
    *,
    uid_domain: str = UID_DOMAIN,
    pull_after_end: timedelta = PULL_AFTER_END,
    overdue_after_end: timedelta = OVERDUE_AFTER_END,
    code_alarms: tuple[timedelta, ...] = CODE_ALARMS,
) -> bytes:
    """One flight's VEVENTs, serialised (nothing for a cancelled flight); DTSTAMP is `now`."""
    if flight.cancelled:
        return b""
    events = _flight_events(flight, _utc(now), uid_domain, pull_after_end, overdue_after_end, code_alarms)
    return b"".join(event.to_ical() for event in events)


def promote_tests_ical(events: Iterable[FeedFlight], now: datetime, *, uid_domain: str = UID_DOMAIN) -> bytes:
    """The Promote tests' ends of these flights, one event per test, serialised."""
    tests = _promote_tests([flight for flight in events if not flight.cancelled])
    return b"".join(
        _promote_test_end(test, updated, _utc(now), uid_domain).to_ical() for test, updated in tests.values()
    )


def calendar_of_parts(name: str, parts: Iterable[bytes], *, refresh: timedelta = REFRESH) -> bytes:
    """The VCALENDAR around already serialised events (`flight_events_ical`, `promote_tests_ical`)."""
    shell = _calendar(name, refresh).to_ical()
    end = b"END:VCALENDAR\r\n"
    return shell[: -len(end)] + b"".join(parts) + end


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def _calendar(name: str, refresh: timedelta) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    return calendar


def _promote_tests(flights: Iterable[FeedFlight]) -> dict[int, tuple[FeedPromoteTest, datetime]]:
    tests: dict[int, tuple[FeedPromoteTest, datetime]] = {}
    for flight in flights:
        test = flight.promote_test
        if test is not None:
            # Candidates may carry the test as read at different moments: the latest end wins, and
            # any candidate's edit counts as the test's.
            known, updated = tests.get(test.id, (test, flight.updated_at))
            latest = max(updated, flight.updated_at, test.updated_at or flight.updated_at)
            tests[test.id] = (test if test.last_day >= known.last_day else known, latest)
    return tests


def _flight_events(
    flight: FeedFlight,
    stamp: datetime,
    domain: str,
    pull_after_end: timedelta,
    overdue_after_end: timedelta,
    code_alarms: tuple[timedelta, ...],
) -> list[Event]:
    label = f"{flight.client}: {flight.title}" if flight.client else flight.title
    first, last = flight.first_day, flight.last_day
    events = [
        _event(
            uid("start", flight.id, domain),
            f"Flight starts: {label}",
            first,
            first + timedelta(days=1),
            "The learning phase begins: don't pull or edit the flight in its first days.",
            flight.thread_url,
            flight.updated_at,
            stamp,
        ),
        _event(
            uid("last-day", flight.id, domain),
            f"Last day of the flight: {label}",
            last,
            last + timedelta(days=1),
            f"The flight ends tonight. The summary pull opens {_hours(pull_after_end)} later.",
            flight.thread_url,
            flight.updated_at,
            stamp,
        ),
        _event(
            uid("summary", flight.id, domain),
            f"Pull the summary: {label}",
            flight.end_at + pull_after_end,
            flight.end_at + overdue_after_end,
            "The post-campaign figures have settled: pull them before the window closes.",
            flight.thread_url,
            flight.updated_at,
            stamp,
        ),
    ]
    for code in flight.codes:
        updated = max(flight.updated_at, code.updated_at or flight.updated_at)
        event = _event(
            uid("expiry", code.id, domain),
            f"Spark code expires ({code.ad_account_id}): {label}",
            code.expires_at,
            code.expires_at + EXPIRY_LENGTH,
            _expiry_description(code.ad_account_id, code_alarms),
            flight.thread_url,
            updated,
            stamp,
        )
        # An alarm for a code that outlives its flight would ask for a renewal nobody needs.
        if code.expires_at < flight.end_at:
            for before in code_alarms:
                event.add_component(_alarm(before, code, label))
        events.append(event)
    return events


def _promote_test_end(test: FeedPromoteTest, updated_at: datetime, stamp: datetime, domain: str) -> Event:
    return _event(
        uid("end", test.id, domain),
        f"Promote test ends: {test.name}",
        test.last_day,
        test.last_day + timedelta(days=1),
        "The candidates' last day: once their summaries are in, compare them and escalate the winner to Spark Ads.",
        test.thread_url,
        updated_at,
        stamp,
    )


def _event(
    event_uid: str,
    summary: str,
    start: date | datetime,
    end: date | datetime,
    description: str,
    thread_url: str | None,
    updated_at: datetime,
    stamp: datetime,
) -> Event:
    event = Event()
    event.add("uid", event_uid)
    event.add("summary", summary)
    if isinstance(start, datetime):
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", stamp)
    event.add("last-modified", updated_at.astimezone(UTC))
    event.add("sequence", sequence(updated_at))
    # Reminders of work, not meetings: they don't make anyone look busy.
    event.add("transp", "TRANSPARENT")
    if thread_url:
        event.add("url", thread_url)
        description = f"{description}\n\nThread: {thread_url}"
    event.add("description", description)
    return event


def _alarm(before: timedelta, code: FeedCode, label: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", f"Spark code for {code.ad_account_id} expires in {_hours(before)}: {label}")
    return alarm


def _expiry_description(ad_account_id: str, code_alarms: tuple[timedelta, ...]) -> str:
    """What the expiry means and when to act, from the settings the alarms and reminders follow.

    `code_alarms` are (REMIND_RENEW_BEFORE_EXPIRY, REMIND_SWAP_BEFORE_EXPIRY), docs/schedule.md.
    """
    said = (
        f"The creator's authorization code for ad account {ad_account_id} expires: "
        "without a new one the ad stops delivering."
    )
    if len(code_alarms) == 2:
        ask, swap = code_alarms
        return (
            f"{said} Ask the creator for a new code {_hours(ask)} before, swap it in Ads Manager {_hours(swap)} before."
        )
    if code_alarms:
        return f"{said} Alarms {', '.join(_hours(before) for before in code_alarms)} before."
    return said


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    return f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes // 60} h {minutes % 60:02d}"


def _start_key(event: Event) -> tuple[datetime, str]:
    start = event["dtstart"].dt
    if not isinstance(start, datetime):
        start = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
    return start, str(event["uid"])
