"""The reminder plan of docs/schedule.md as tables: which reminders a flight gets, and the instant each is due.

Expected instants are written as the owner's wall clock ("2026-11-25 09:30" in New York), so a
table row reads the way the owner will see the reminder arrive.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.plan import FlightFacts, PlannedReminder, next_morning, plan, snooze_allowed
from bot.core.policy import ReminderSchedule
from bot.core.vocabulary import Kind
from tests.support.plan import flight, local

NEW_YORK = "America/New_York"
HELSINKI = "Europe/Helsinki"
DEFAULTS = ReminderSchedule()


def due(reminders: list[PlannedReminder], kind: str, authorization_id: int | None = None) -> datetime:
    [reminder] = [r for r in reminders if r.kind == kind and r.authorization_id == authorization_id]
    return reminder.due_at


def by_kind(*rows: tuple) -> list:
    """Table rows named after their kind, so a failure reads "flight.hold", not "kind0"."""
    return [pytest.param(*row, id=row[0]) for row in rows]


def kinds(reminders: list[PlannedReminder]) -> list[str]:
    return [r.kind.value for r in reminders]


# -- a normal Promote flight and a Spark flight ----------------------------------------------------------

# Monday 23 to Sunday 29 November 2026 in New York.
PROMOTE = flight(NEW_YORK, "2026-11-23", 7)

# Monday 23 November to Sunday 6 December 2026 in Helsinki; code 1 lapses mid-flight, code 2 after it.
SPARK = flight(HELSINKI, "2026-11-23", 14, codes={1: "2026-12-03 12:00", 2: "2026-12-20 00:00"})


@pytest.mark.parametrize(
    ("kind", "wall_clock"),
    by_kind(
        ("flight.hold", "2026-11-25 09:30"),
        ("flight.min_reached", "2026-11-28 09:30"),
        ("summary.pull", "2026-12-01 09:30"),
        ("summary.overdue", "2026-12-02 09:30"),
    ),
)
def test_promote_flight_reminder_is_due_on_its_day_at_0930(kind, wall_clock):
    assert due(plan(PROMOTE, DEFAULTS), kind) == local(wall_clock, NEW_YORK)


def test_promote_flight_gets_the_flight_and_summary_reminders_in_due_order():
    assert kinds(plan(PROMOTE, DEFAULTS)) == ["flight.hold", "flight.min_reached", "summary.pull", "summary.overdue"]


@pytest.mark.parametrize(
    ("kind", "authorization_id", "wall_clock"),
    by_kind(
        ("flight.hold", None, "2026-11-25 09:30"),
        ("flight.min_reached", None, "2026-11-28 09:30"),
        # Code kinds are hour-precise: 72 h and 24 h before the code lapses at 12:00, and at 12:00.
        ("code.renew", 1, "2026-11-30 12:00"),
        ("code.swap", 1, "2026-12-02 12:00"),
        ("code.expired", 1, "2026-12-03 12:00"),
        ("summary.pull", None, "2026-12-08 09:30"),
        ("summary.overdue", None, "2026-12-09 09:30"),
    ),
)
def test_spark_flight_reminder_is_due_at_its_instant(kind, authorization_id, wall_clock):
    assert due(plan(SPARK, DEFAULTS), kind, authorization_id) == local(wall_clock, HELSINKI)


def test_spark_code_that_outlives_the_flight_gets_no_code_reminders():
    reminders = plan(SPARK, DEFAULTS)
    assert [(r.kind.value, r.authorization_id) for r in reminders if r.authorization_id is not None] == [
        ("code.renew", 1),
        ("code.swap", 1),
        ("code.expired", 1),
    ]


# -- DST: every offset is elapsed hours; day-based kinds then keep 09:30 on the owner's clock ---------------

# Each row: a code lapsing at local midnight two days after a clock change; 72 h earlier is one hour off
# midnight on the owner's clock because the change lies between.
DST_CODES = [
    pytest.param(NEW_YORK, "2026-03-10 00:00", "2026-03-06 23:00", "2026-03-09 00:00", id="new-york-spring"),
    pytest.param(NEW_YORK, "2026-11-03 00:00", "2026-10-31 01:00", "2026-11-02 00:00", id="new-york-autumn"),
    pytest.param(HELSINKI, "2026-03-31 00:00", "2026-03-27 23:00", "2026-03-30 00:00", id="helsinki-spring"),
    pytest.param(HELSINKI, "2026-10-27 00:00", "2026-10-24 01:00", "2026-10-26 00:00", id="helsinki-autumn"),
]


@pytest.mark.parametrize(("timezone", "expiry", "renew", "swap"), DST_CODES)
def test_code_reminders_count_elapsed_hours_across_a_clock_change(timezone, expiry, renew, swap):
    codes = {7: expiry}
    reminders = plan(flight(timezone, "2026-02-20", 300, codes=codes), DEFAULTS)

    assert due(reminders, "code.renew", 7) == local(renew, timezone)
    assert due(reminders, "code.swap", 7) == local(swap, timezone)
    assert due(reminders, "code.expired", 7) == local(expiry, timezone)
    assert local(expiry, timezone) - due(reminders, "code.renew", 7) == timedelta(hours=72)


# Each row: a flight whose day-based reminders (its weekly review among them) fall on both sides of a clock change.
DST_FLIGHTS = [
    pytest.param(
        NEW_YORK,
        "2026-03-05",  # Thursday; clocks go forward on Sunday 8 March
        ["2026-03-07 09:30", "2026-03-10 09:30", "2026-03-12 09:30", "2026-03-16 09:30", "2026-03-17 09:30"],
        id="new-york-spring",
    ),
    pytest.param(
        NEW_YORK,
        "2026-10-29",  # Thursday; clocks go back on Sunday 1 November
        ["2026-10-31 09:30", "2026-11-03 09:30", "2026-11-05 09:30", "2026-11-09 09:30", "2026-11-10 09:30"],
        id="new-york-autumn",
    ),
    pytest.param(
        HELSINKI,
        "2026-03-26",  # Thursday; clocks go forward on Sunday 29 March
        ["2026-03-28 09:30", "2026-03-31 09:30", "2026-04-02 09:30", "2026-04-06 09:30", "2026-04-07 09:30"],
        id="helsinki-spring",
    ),
    pytest.param(
        HELSINKI,
        "2026-10-22",  # Thursday; clocks go back on Sunday 25 October
        ["2026-10-24 09:30", "2026-10-27 09:30", "2026-10-29 09:30", "2026-11-02 09:30", "2026-11-03 09:30"],
        id="helsinki-autumn",
    ),
]


@pytest.mark.parametrize(("timezone", "first_day", "wall_clocks"), DST_FLIGHTS)
def test_day_based_reminders_stay_at_0930_local_across_a_clock_change(timezone, first_day, wall_clocks):
    reminders = plan(flight(timezone, first_day, 10), DEFAULTS)

    assert [r.due_at for r in reminders] == [local(wall_clock, timezone) for wall_clock in wall_clocks]
    assert {r.due_at.astimezone(ZoneInfo(timezone)).time() for r in reminders} == {time(9, 30)}
    # The same 09:30 is a different UTC hour on either side of the change.
    assert len({r.due_at.time() for r in reminders}) == 2


@pytest.mark.parametrize(
    ("timezone", "first_day", "day_2", "day_5"),
    [
        pytest.param(NEW_YORK, "2026-11-01", "2026-11-03 09:30", "2026-11-06 09:30", id="new-york"),
        pytest.param(HELSINKI, "2026-10-25", "2026-10-27 09:30", "2026-10-30 09:30", id="helsinki"),
    ],
)
def test_flight_starting_at_midnight_of_the_autumn_change_gets_its_flight_reminders_on_their_calendar_days(
    timezone, first_day, day_2, day_5
):
    # 48 elapsed hours from that midnight end at 23:00 the evening before: the first 09:30 after is the due day's.
    reminders = plan(flight(timezone, first_day, 10), DEFAULTS)

    assert due(reminders, "flight.hold") == local(day_2, timezone)
    assert due(reminders, "flight.min_reached") == local(day_5, timezone)


@pytest.mark.parametrize(
    ("timezone", "last_day", "pull", "overdue"),
    [
        pytest.param(NEW_YORK, "2026-10-31", "2026-11-02 09:30", "2026-11-03 09:30", id="new-york"),
        pytest.param(HELSINKI, "2026-10-24", "2026-10-26 09:30", "2026-10-27 09:30", id="helsinki"),
    ],
)
def test_flight_ending_at_midnight_of_the_autumn_change_gets_its_summary_reminders_on_their_days(
    timezone, last_day, pull, overdue
):
    first_day = date.fromisoformat(last_day) - timedelta(days=9)
    reminders = plan(flight(timezone, str(first_day), 10), DEFAULTS)

    assert due(reminders, "summary.pull") == local(pull, timezone)
    assert due(reminders, "summary.overdue") == local(overdue, timezone)


# -- short flights: no flight reminder once the flight is over -------------------------------------------

SHORT_FLIGHTS = [
    pytest.param(1, [], id="1-day"),
    pytest.param(2, [], id="2-day"),
    pytest.param(5, ["flight.hold"], id="5-day"),
    pytest.param(6, ["flight.hold", "flight.min_reached"], id="6-day"),
]


@pytest.mark.parametrize(("days", "flight_kinds"), SHORT_FLIGHTS)
def test_flight_shorter_than_the_offsets_gets_no_flight_reminder_after_it_ends(days, flight_kinds):
    short = flight(NEW_YORK, "2026-11-23", days)
    reminders = plan(short, DEFAULTS)

    assert [k for k in kinds(reminders) if k.startswith("flight.")] == flight_kinds
    assert all(r.due_at < short.end_at for r in reminders if r.kind.startswith("flight."))
    assert kinds(reminders)[-2:] == ["summary.pull", "summary.overdue"]


def test_flight_ended_early_on_the_morning_of_day_2_gets_no_day_2_reminder_at_0930():
    # "End flight now" at 08:00 on day 2: the flight is over before the hold reminder's 09:30.
    ended = flight(NEW_YORK, "2026-11-23", 7)
    ended = FlightFacts(ended.start_at, local("2026-11-25 08:00", NEW_YORK), NEW_YORK)

    assert kinds(plan(ended, DEFAULTS)) == ["summary.pull", "summary.overdue"]


def test_a_flight_ended_mid_afternoon_gets_its_summary_pull_no_sooner_than_24_hours_later():
    # Ended at 15:00 on Wednesday: Thursday's 09:30 would be only 18.5 h after the end.
    ended = flight(NEW_YORK, "2026-11-23", 7)
    ended = FlightFacts(ended.start_at, local("2026-11-25 15:00", NEW_YORK), NEW_YORK)
    reminders = plan(ended, DEFAULTS)

    assert due(reminders, "summary.pull") == local("2026-11-27 09:30", NEW_YORK)
    assert due(reminders, "summary.overdue") == local("2026-11-28 09:30", NEW_YORK)


# Each row: a flight ended mid-morning the day before a clock change, where the owner's wall clock and
# elapsed time disagree by the hour that decides whether 09:30 next day is 24 h away.
ENDED_BEFORE_A_CHANGE = [
    # Spring: 09:15 plus a wall-clock day is 09:15 on Sunday, only 23 h later: too soon for the pull.
    pytest.param(NEW_YORK, "2026-03-07 09:15", "2026-03-09 09:30", "2026-03-10 09:30", id="new-york-spring"),
    pytest.param(HELSINKI, "2026-03-28 09:15", "2026-03-30 09:30", "2026-03-31 09:30", id="helsinki-spring"),
    # Autumn: 24 elapsed hours end at 08:45 on Sunday, so Sunday's 09:30 is the pull, not Monday's (49 h).
    pytest.param(NEW_YORK, "2026-10-31 09:45", "2026-11-01 09:30", "2026-11-02 09:30", id="new-york-autumn"),
    pytest.param(HELSINKI, "2026-10-24 09:45", "2026-10-25 09:30", "2026-10-26 09:30", id="helsinki-autumn"),
]


@pytest.mark.parametrize(("timezone", "ended_at", "pull", "overdue"), ENDED_BEFORE_A_CHANGE)
def test_a_flight_ended_mid_day_counts_its_summary_offsets_in_elapsed_hours(timezone, ended_at, pull, overdue):
    start = local("2026-01-05 00:00", timezone)
    reminders = plan(FlightFacts(start, local(ended_at, timezone), timezone), DEFAULTS)

    assert due(reminders, "summary.pull") == local(pull, timezone)
    assert due(reminders, "summary.overdue") == local(overdue, timezone)


@pytest.mark.parametrize(
    ("timezone", "change"),
    [(NEW_YORK, "03-06"), (NEW_YORK, "10-30"), (HELSINKI, "03-27"), (HELSINKI, "10-23")],
    ids=["new-york-spring", "new-york-autumn", "helsinki-spring", "helsinki-autumn"],
)
def test_the_summary_pull_is_the_first_0930_at_least_24_hours_after_the_end(timezone, change):
    # Every quarter hour over the three days before each clock change (2026) of either zone.
    first = local(f"2026-{change} 00:00", timezone)
    for quarter in range(3 * 24 * 4):
        end = first + timedelta(minutes=15 * quarter)
        pull = due(plan(FlightFacts(end - timedelta(days=7), end, timezone), DEFAULTS), "summary.pull")
        earliest = end + DEFAULTS.pull_after_end
        day_before = pull.astimezone(ZoneInfo(timezone)).date() - timedelta(days=1)
        assert pull >= earliest, end
        assert local(f"{day_before} 09:30", timezone) < earliest, end  # no earlier 09:30 would do
        assert pull.astimezone(ZoneInfo(timezone)).time() == time(9, 30)


# -- codes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expiry", "code_kinds"),
    [
        pytest.param("2026-11-28 00:00", ["code.renew", "code.swap", "code.expired"], id="lapses-mid-flight"),
        pytest.param("2026-11-29 23:59", ["code.renew", "code.swap", "code.expired"], id="lapses-a-minute-early"),
        pytest.param("2026-11-30 00:00", [], id="lapses-as-the-flight-ends"),
        pytest.param("2027-01-10 00:00", [], id="outlives-the-flight"),
    ],
)
def test_code_gets_reminders_only_when_it_lapses_before_the_flight_ends(expiry, code_kinds):
    reminders = plan(flight(NEW_YORK, "2026-11-23", 7, codes={3: expiry}), DEFAULTS)

    assert [k for k in kinds(reminders) if k.startswith("code.")] == code_kinds


def test_each_authorization_gets_its_own_code_reminders():
    spark = flight(
        NEW_YORK,
        "2026-11-23",
        14,
        codes={11: "2026-11-30 00:00", 12: "2026-12-04 18:00", 13: "2026-12-25 00:00"},
    )
    reminders = plan(spark, DEFAULTS)

    assert [(r.kind.value, r.authorization_id) for r in reminders if r.kind.startswith("code.")] == [
        ("code.renew", 11),
        ("code.swap", 11),
        ("code.expired", 11),
        ("code.renew", 12),
        ("code.swap", 12),
        ("code.expired", 12),
    ]
    assert due(reminders, "code.renew", 12) == local("2026-12-01 18:00", NEW_YORK)
    assert due(reminders, "code.expired", 12) == local("2026-12-04 18:00", NEW_YORK)


# -- the flight's state --------------------------------------------------------------------------------


def test_summary_marked_pulled_drops_the_summary_reminders():
    pulled = flight(HELSINKI, "2026-11-23", 14, codes={1: "2026-12-03 12:00"}, summary_pulled=True)

    assert kinds(plan(pulled, DEFAULTS)) == [
        "flight.hold",
        "flight.min_reached",
        "flight.review",
        "code.renew",
        "code.swap",
        "code.expired",
    ]


def test_cancelled_flight_gets_no_reminders():
    cancelled = flight(HELSINKI, "2026-11-23", 14, codes={1: "2026-12-03 12:00"}, cancelled=True)

    assert plan(cancelled, DEFAULTS) == []


# -- Snooze until the owner's next 09:30 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("timezone", "pressed", "morning"),
    [
        # Before 09:30 the next morning is this one: "Today 09:30", not a day and a half away.
        pytest.param(NEW_YORK, "2026-11-24 00:05", "2026-11-24 09:30", id="just-after-midnight-means-today"),
        pytest.param(NEW_YORK, "2026-11-24 07:00", "2026-11-24 09:30", id="early-morning-means-today"),
        pytest.param(NEW_YORK, "2026-11-24 09:30", "2026-11-25 09:30", id="at-0930-means-tomorrow"),
        # 21:00 in New York is already the next day in UTC: tomorrow is the owner's tomorrow.
        pytest.param(NEW_YORK, "2026-11-24 21:00", "2026-11-25 09:30", id="evening-past-utc-midnight"),
        pytest.param(NEW_YORK, "2026-03-07 22:00", "2026-03-08 09:30", id="new-york-night-before-spring"),
        pytest.param(HELSINKI, "2026-10-24 20:00", "2026-10-25 09:30", id="helsinki-night-before-autumn"),
    ],
)
def test_the_morning_snooze_lands_at_the_owners_next_0930(timezone, pressed, morning):
    assert next_morning(local(pressed, timezone), timezone, time(9, 30)) == local(morning, timezone)


EXPIRY = local("2026-11-30 00:00", NEW_YORK)


@pytest.mark.parametrize(
    ("kind", "until", "allowed"),
    [
        pytest.param("code.swap", "2026-11-29 09:30", True, id="swap-before-expiry"),
        pytest.param("code.swap", "2026-11-30 00:00", False, id="swap-at-expiry"),
        pytest.param("code.swap", "2026-11-30 09:30", False, id="swap-after-expiry"),
        pytest.param("code.renew", "2026-11-30 09:30", False, id="renew-after-expiry"),
        pytest.param("summary.pull", "2026-12-30 09:30", True, id="summary-unbounded"),
    ],
)
def test_a_code_warning_is_never_snoozed_to_or_past_its_codes_expiry(kind, until, allowed):
    assert snooze_allowed(Kind(kind), local(until, NEW_YORK), EXPIRY) is allowed


# -- the schedule is configuration ---------------------------------------------------------------------

AGENCY_SCHEDULE = ReminderSchedule(
    hold_after_start=timedelta(days=3),
    min_reached_after_start=timedelta(days=7),
    renew_before_expiry=timedelta(days=5),
    swap_before_expiry=timedelta(hours=48),
    pull_after_end=timedelta(days=2),
    overdue_after_end=timedelta(days=4),
    local_time=time(8, 0),
)


@pytest.mark.parametrize(
    ("kind", "authorization_id", "wall_clock"),
    by_kind(
        ("flight.hold", None, "2026-11-26 08:00"),
        ("flight.min_reached", None, "2026-11-30 08:00"),
        ("code.renew", 1, "2026-11-28 12:00"),
        ("code.swap", 1, "2026-12-01 12:00"),
        ("code.expired", 1, "2026-12-03 12:00"),
        ("summary.pull", None, "2026-12-09 08:00"),
        ("summary.overdue", None, "2026-12-11 08:00"),
    ),
)
def test_custom_schedule_moves_each_reminder(kind, authorization_id, wall_clock):
    assert due(plan(SPARK, AGENCY_SCHEDULE), kind, authorization_id) == local(wall_clock, HELSINKI)
