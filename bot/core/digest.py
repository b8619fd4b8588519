"""The weekly digest's content: what an operations channel should look at this week, client by client.

The week is the 7 days from the digest's own moment, `(now, now + 7 days]`, not a calendar week.
Sent every Monday at 09:30 (the default) that is Monday 09:30 to the next Monday 09:30, so weekly
digests tile time: each expiry and each flight end falls in exactly one of them, and a digest moved
to another weekday still looks a full week ahead.

Flights' days are their owner's calendar days (docs/domain.md: a flight runs from its owner's midnight
to the midnight after its last day); `timezone` is the digest's reader's, for when it is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.calendar import OwnersDays, days_through
from bot.core.renewal import RenewalState
from bot.core.vocabulary import Tool
from bot.core.working_days import WorkingWeek, on_working_day

WEEK = timedelta(days=7)
DIGEST_LOCAL_TIME = time(9, 30)
# docs/schedule.md: the summary pull is due 24 h after the end, overdue at 48 h; the minimum flight
# is 5 days (docs/domain.md's "short flight" warning). All are settings: pass yours.
PULL_AFTER_END = timedelta(hours=24)
OVERDUE_AFTER_END = timedelta(hours=48)
MINIMUM_FLIGHT_DAYS = 5


@dataclass(frozen=True)
class DigestRules:
    """The settings the digest shares with the reminders and the calendar feeds, so all three agree.

    `pull_after_end` and `overdue_after_end` are REMIND_PULL_AFTER_END and REMIND_OVERDUE_AFTER_END
    (docs/schedule.md); `minimum_days` is MIN_FLIGHT_DAYS, the intake's short-flight warning.
    """

    pull_after_end: timedelta = PULL_AFTER_END
    overdue_after_end: timedelta = OVERDUE_AFTER_END
    minimum_days: int = MINIMUM_FLIGHT_DAYS


@dataclass(frozen=True)
class DigestCode:
    authorization_id: int
    ad_account_id: str
    expires_at: datetime
    renewal: RenewalState = RenewalState.NONE


@dataclass(frozen=True)
class Undelivered:
    """A reminder Slack wouldn't take (channel gone and DM refused, or retries exhausted)."""

    reminder_id: int
    kind: str
    due_at: datetime
    reason: str


@dataclass(frozen=True)
class DigestFlight(OwnersDays):
    id: int
    client: str
    title: str
    owner_id: str
    start_at: datetime
    """The instant the first day begins, in the owner's zone."""
    end_at: datetime
    """The instant the flight ends: the midnight after its last day, or when it was ended early."""
    timezone: str
    """The owner's."""
    codes: tuple[DigestCode, ...] = ()
    summary_pulled: bool = False
    cancelled: bool = False
    undelivered: tuple[Undelivered, ...] = ()
    """Pass the ones the digest should report (say, failed since the last digest)."""
    thread_url: str | None = None
    tool: Tool | None = None

    @property
    def days(self) -> int:
        return max(1, days_through(self.first_day, self.last_day))


@dataclass(frozen=True)
class CodeExpiring:
    flight: DigestFlight
    code: DigestCode
    lapsed: bool
    """Already expired while the flight still runs: the ad has stopped delivering."""


@dataclass(frozen=True)
class FlightEnding:
    flight: DigestFlight
    last_day: date


class SummaryStatus(StrEnum):
    UPCOMING = "upcoming"
    """The flight has ended; the figures settle before the pull is due."""
    DUE = "due"
    """Inside the 24–48 h window."""
    OVERDUE = "overdue"
    """The window has closed and the summary still isn't pulled."""


@dataclass(frozen=True)
class SummaryDue:
    flight: DigestFlight
    status: SummaryStatus
    due_at: datetime
    overdue_at: datetime


@dataclass(frozen=True)
class ShortFlight:
    flight: DigestFlight
    days: int


@dataclass(frozen=True)
class UndeliveredReminder:
    flight: DigestFlight
    reminder: Undelivered


@dataclass(frozen=True)
class ClientDigest:
    client: str
    codes_expiring: tuple[CodeExpiring, ...] = ()
    flights_ending: tuple[FlightEnding, ...] = ()
    summaries: tuple[SummaryDue, ...] = ()
    short_flights: tuple[ShortFlight, ...] = ()
    undelivered: tuple[UndeliveredReminder, ...] = ()

    @property
    def is_empty(self) -> bool:
        sections = (self.codes_expiring, self.flights_ending, self.summaries, self.short_flights, self.undelivered)
        return not any(sections)


@dataclass(frozen=True)
class Digest:
    generated_at: datetime
    until: datetime
    """The end of the week it looks at: `generated_at` + 7 days."""
    week_of: date
    """The reader's calendar day it was made on, to title it ("Week of 30 Nov")."""
    clients: tuple[ClientDigest, ...]
    """Only clients with something to say, in alphabetical order."""
    minimum_days: int = MINIMUM_FLIGHT_DAYS
    """The minimum the short flights are under, to say so."""
    moved_from: date | None = None
    """The day off it was due on, when working days moved it (see `moved_from`)."""

    @property
    def is_empty(self) -> bool:
        """A quiet week: nothing expiring, ending, due, short or undelivered. Say so rather than skip."""
        return not self.clients


def weekly_digest(
    flights: Iterable[DigestFlight],
    now: datetime,
    timezone: str,
    *,
    pull_after_end: timedelta = PULL_AFTER_END,
    overdue_after_end: timedelta = OVERDUE_AFTER_END,
    minimum_days: int = MINIMUM_FLIGHT_DAYS,
    moved_from: date | None = None,
) -> Digest:
    """What the week ahead of `now` holds for each client. Cancelled flights say nothing."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    until = now + WEEK
    by_client: dict[str, dict[str, list]] = {}

    def section(flight: DigestFlight, name: str) -> list:
        sections = by_client.setdefault(flight.client, {})
        return sections.setdefault(name, [])

    for flight in flights:
        if flight.cancelled:
            continue
        running = flight.end_at > now
        for code in flight.codes:
            # A code that outlives the flight needs no renewal (docs/schedule.md, `code.renew`).
            if code.expires_at >= flight.end_at or code.expires_at > until:
                continue
            lapsed = code.expires_at <= now
            if lapsed and not running:
                continue
            section(flight, "codes").append(CodeExpiring(flight, code, lapsed))
        if now < flight.end_at <= until:
            section(flight, "ending").append(FlightEnding(flight, flight.last_day))
        if not running and not flight.summary_pulled:
            due_at, overdue_at = flight.end_at + pull_after_end, flight.end_at + overdue_after_end
            if now >= overdue_at:
                status = SummaryStatus.OVERDUE
            elif now >= due_at:
                status = SummaryStatus.DUE
            else:
                status = SummaryStatus.UPCOMING
            section(flight, "summaries").append(SummaryDue(flight, status, due_at, overdue_at))
        if running and flight.start_at <= until and flight.days < minimum_days:
            section(flight, "short").append(ShortFlight(flight, flight.days))
        for reminder in flight.undelivered:
            section(flight, "undelivered").append(UndeliveredReminder(flight, reminder))

    clients = []
    for client in sorted(by_client, key=lambda name: (name.casefold(), name)):
        sections = {name: tuple(sorted(items, key=_ORDER[name])) for name, items in by_client[client].items()}
        clients.append(
            ClientDigest(
                client,
                codes_expiring=sections.get("codes", ()),
                flights_ending=sections.get("ending", ()),
                summaries=sections.get("summaries", ()),
                short_flights=sections.get("short", ()),
                undelivered=sections.get("undelivered", ()),
            )
        )
    week_of = now.astimezone(ZoneInfo(timezone)).date()
    return Digest(now, until, week_of, tuple(clients), minimum_days, moved_from)


# Soonest first, ties by record id so the order is stable from one digest to the next.
_ORDER = {
    "codes": lambda item: (item.code.expires_at, item.code.authorization_id),
    "ending": lambda item: (item.flight.end_at, item.flight.id),
    "summaries": lambda item: (item.flight.end_at, item.flight.id),
    "short": lambda item: (item.flight.start_at, item.flight.id),
    "undelivered": lambda item: (item.reminder.due_at, item.reminder.reminder_id),
}


def next_digest_at(now: datetime, timezone: str, weekday: int = 0, local_time: time = DIGEST_LOCAL_TIME) -> datetime:
    """The first `weekday` (0 is Monday) at `local_time` in `timezone` strictly after `now`, in UTC.

    Wall-clock time: Monday 09:30 stays 09:30 across a clock change. A local time that a change skips
    (02:30 on a spring-forward night) reads with the offset before the change, an hour later on the
    new clock; one that repeats reads as its first occurrence.
    """
    if not 0 <= weekday <= 6:
        raise ValueError("weekday runs from 0 (Monday) to 6 (Sunday)")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    ahead = (weekday - today.weekday()) % 7
    for weeks in range(3):
        day = today + timedelta(days=ahead + 7 * weeks)
        candidate = datetime.combine(day, local_time, tzinfo=zone).astimezone(UTC)
        if candidate > now:
            return candidate
    raise AssertionError("unreachable: a week ahead is always after now")


def moved_from(now: datetime, timezone: str, weekday: int, local_time: time, week: WorkingWeek | None) -> date | None:
    """The day off a digest sent at `now` was due on, if working days moved it; None if it wasn't moved.

    The digest it stands for is the latest one due at or before `now` by its weekday and time; it was
    moved if that day is a day off and the working day it moved to has come. A digest sent late (the bot
    was down) on its own weekday wasn't moved, only late.
    """
    if week is None:
        return None
    last_due = next_digest_at(now - WEEK, timezone, weekday, local_time)
    while (following := next_digest_at(last_due, timezone, weekday, local_time)) <= now:
        last_due = following
    moved = on_working_day(last_due, timezone, week, local_time)
    if not moved.moved or moved.at > now:
        return None
    return last_due.astimezone(ZoneInfo(timezone)).date()
