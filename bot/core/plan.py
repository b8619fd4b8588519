"""The reminder plan (docs/schedule.md), pure: from a flight's facts to the reminders it needs.

Every offset is elapsed time in UTC: 72 h is 72 h across a DST change, and so are 2 days.
Hour-precise kinds (code.*) fire at that exact instant. Day-based kinds (flight.*, summary.*)
fire at the first 09:30 (the configured local time) in the owner's time zone at or after it.
A flight starts and ends at the owner's midnight, so that is 09:30 on the due day whichever
way a clock change falls (a one-hour shift can't carry midnight past 09:30). A flight ended
mid-day ("End flight now") gets its summary pull no sooner than 24 h later, and at the first
09:30 after that, not a day more. With working days set, a day-based reminder whose 09:30 falls
on a day off moves to 09:30 on the next working day, and says where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.policy import ReminderSchedule
from bot.core.vocabulary import Kind
from bot.core.working_days import WorkingWeek, on_working_day


@dataclass(frozen=True)
class CodeFacts:
    authorization_id: int
    expires_at: datetime
    # While a new code waits to be swapped in, the expiry of the one still in Ads Manager: its swap and
    # expiry reminders still stand (the creator has answered, so no renew reminder). docs/schedule.md.
    swap_by: datetime | None = None


@dataclass(frozen=True)
class FlightFacts:
    """What the plan needs to know about a campaign, and nothing else."""

    start_at: datetime
    end_at: datetime
    timezone: str
    codes: tuple[CodeFacts, ...] = ()
    summary_pulled: bool = False
    cancelled: bool = False


@dataclass(frozen=True, order=True)
class PlannedReminder:
    due_at: datetime
    kind: Kind
    authorization_id: int | None = None
    # The owner's day it was due on before it moved off a day off (None: it didn't move).
    moved_from: date | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[Kind, int | None, datetime]:
        return (self.kind, self.authorization_id, self.due_at)


def at_local_time(day: date, timezone: str, local: time) -> datetime:
    """`local` o'clock on `day` in `timezone`, as a UTC instant."""
    return datetime.combine(day, local, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def next_local_time(instant: datetime, timezone: str, at: time) -> datetime:
    """The first `at` o'clock in the owner's zone at or after `instant`, as a UTC instant."""
    wall = wall_clock(instant, timezone)
    day = wall.date() if wall.time() <= at else wall.date() + timedelta(days=1)
    due = at_local_time(day, timezone, at)
    return due if due >= instant else at_local_time(day + timedelta(days=1), timezone, at)


def wall_clock(instant: datetime, timezone: str) -> datetime:
    """The owner's wall-clock reading of an instant (naive: arithmetic on it is calendar arithmetic)."""
    return instant.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def plan(flight: FlightFacts, schedule: ReminderSchedule) -> list[PlannedReminder]:
    """Every reminder the flight calls for, past or future, in due order."""
    if flight.cancelled:
        return []

    def day_based(kind: Kind, elapsed_to: datetime) -> PlannedReminder:
        due = next_local_time(elapsed_to, flight.timezone, schedule.local_time)
        moment = on_working_day(due, flight.timezone, schedule.working_week, schedule.local_time)
        moved_from = wall_clock(due, flight.timezone).date() if moment.moved else None
        return PlannedReminder(moment.at, kind, moved_from=moved_from)

    reminders: list[PlannedReminder] = []
    # Flight reminders speak about a running flight: none once it has ended. Compare the instant
    # it would arrive, not its day: a flight ended early on day 2 is over before day 2's 09:30,
    # and one moved past the last day to a working Monday would ask to evaluate a flight that is over.
    for kind, offset in (
        (Kind.FLIGHT_HOLD, schedule.hold_after_start),
        (Kind.FLIGHT_MIN_REACHED, schedule.min_reached_after_start),
        *((Kind.FLIGHT_REVIEW, offset) for offset in review_offsets(flight, schedule)),
    ):
        reminder = day_based(kind, flight.start_at + offset)
        if reminder.due_at < flight.end_at:
            reminders.append(reminder)

    for code in flight.codes:
        if code.swap_by is not None and code.swap_by < flight.end_at:
            for kind, instant in (
                (Kind.CODE_SWAP, code.swap_by - schedule.swap_before_expiry),
                (Kind.CODE_EXPIRED, code.swap_by),
            ):
                reminders.append(PlannedReminder(instant, kind, code.authorization_id))
        # A code that outlives the flight needs no renewal.
        if code.expires_at >= flight.end_at:
            continue
        for kind, instant in (
            (Kind.CODE_RENEW, code.expires_at - schedule.renew_before_expiry),
            (Kind.CODE_SWAP, code.expires_at - schedule.swap_before_expiry),
            (Kind.CODE_EXPIRED, code.expires_at),
        ):
            reminders.append(PlannedReminder(instant, kind, code.authorization_id))

    if not flight.summary_pulled:
        reminders.append(day_based(Kind.SUMMARY_PULL, flight.end_at + schedule.pull_after_end))
        reminders.append(day_based(Kind.SUMMARY_OVERDUE, flight.end_at + schedule.overdue_after_end))
    return sorted(_without_overtaken(reminders))


def review_offsets(flight: FlightFacts, schedule: ReminderSchedule) -> list[timedelta]:
    """Every `review_every` from the start while the flight runs: weekly, for a flight longer than a week."""
    every = schedule.review_every
    if not every or every <= timedelta(0):
        return []
    return [every * n for n in range(1, (flight.end_at - flight.start_at) // every + 1)]


def _without_overtaken(reminders: list[PlannedReminder]) -> list[PlannedReminder]:
    """A reminder moved onto the morning of a later one of its chain is dropped: the later one is true then.

    A summary pull due Saturday and its overdue note due Sunday both move to Monday 09:30: by then the
    window has closed, so only "pull it now" goes.
    """
    return [
        reminder
        for reminder in reminders
        if reminder.moved_from is None
        or not any(
            reminder.kind.superseded_by(other.kind)
            and other.due_at == reminder.due_at
            and other.authorization_id == reminder.authorization_id
            for other in reminders
        )
    ]


def code_expiry_of(kind: Kind, planned_at: datetime, schedule: ReminderSchedule) -> datetime | None:
    """The expiry a code reminder counts down to, from the instant the plan gave it."""
    before = {
        Kind.CODE_RENEW: schedule.renew_before_expiry,
        Kind.CODE_SWAP: schedule.swap_before_expiry,
        Kind.CODE_EXPIRED: timedelta(0),
    }.get(kind)
    return planned_at + before if before is not None else None


def is_superseded(kind: Kind, authorization_id: int | None, due_now: Iterable[tuple[Kind, int | None]]) -> bool:
    """After downtime, a reminder is skipped when a later kind of its chain is also due."""
    return any(
        kind.superseded_by(other) and (other.day_based or other_auth == authorization_id)
        for other, other_auth in due_now
    )


def is_repeated_later(kind: Kind, planned_at: datetime, due_now: Iterable[tuple[Kind, datetime]]) -> bool:
    """After downtime, of several weekly reviews due at once only the latest planned goes: it says it all."""
    return kind.repeats and any(other is kind and other_planned > planned_at for other, other_planned in due_now)


def next_morning(instant: datetime, timezone: str, local: time) -> datetime:
    """The first `local` o'clock in the owner's zone after `instant` (the morning Snooze).

    Pressed at 00:05 that is this morning, at 10:00 tomorrow's: always the owner's next morning.
    """
    wall = wall_clock(instant, timezone)
    day = wall.date() if wall.time() < local else wall.date() + timedelta(days=1)
    morning = at_local_time(day, timezone, local)
    return morning if morning > instant else at_local_time(day + timedelta(days=1), timezone, local)


def morning_snooze(kind: Kind, instant: datetime, timezone: str, local: time, week: WorkingWeek | None) -> datetime:
    """Where the morning Snooze of a `kind` reminder pressed at `instant` brings it back.

    The owner's next morning; for a day-based kind with working days set, their next working morning
    (docs/schedule.md): snoozed on a Friday, a summary reminder comes back on Monday, not Saturday.
    """
    morning = next_morning(instant, timezone, local)
    return on_working_day(morning, timezone, week, local).at if kind.day_based else morning


def days_ahead(later: datetime, instant: datetime, timezone: str) -> int:
    """How many of the owner's calendar days `later` is after `instant` (0: the same day)."""
    return (wall_clock(later, timezone).date() - wall_clock(instant, timezone).date()).days


# Code warnings are about acting before the code lapses: snoozed past that, they would arrive after
# the "code expired" reminder, telling the owner to prevent what has already happened.
BOUNDED_BY_EXPIRY = (Kind.CODE_RENEW, Kind.CODE_SWAP)


def snooze_allowed(kind: Kind, until: datetime, code_expires_at: datetime | None) -> bool:
    """A code warning may be snoozed only to an instant before its code expires; others freely."""
    if kind not in BOUNDED_BY_EXPIRY or code_expires_at is None:
        return True
    return until < code_expires_at
