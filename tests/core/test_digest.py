"""The weekly digest's content, client by client, and when the next one goes out."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.digest import (
    DigestCode,
    DigestFlight,
    SummaryStatus,
    Undelivered,
    moved_from,
    next_digest_at,
    weekly_digest,
)
from bot.core.renewal import RenewalState
from bot.core.working_days import WorkingWeek

NY = "America/New_York"
# Monday 30 November 2026, 09:30 in New York.
NOW = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)


def midnight(day: date, timezone: str = NY) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def flight(id, client, first, last, timezone=NY, **facts):
    return DigestFlight(
        id=id,
        client=client,
        title=f"flight {id}",
        owner_id="U1",
        start_at=midnight(first, timezone),
        end_at=midnight(last + timedelta(days=1), timezone),
        timezone=timezone,
        **facts,
    )


def code(id, expiry_day, renewal=RenewalState.NONE, timezone=NY):
    return DigestCode(id, f"acct-{id}", midnight(expiry_day, timezone), renewal)


def ids(items):
    return [item.flight.id for item in items]


def test_a_week_client_by_client():
    flights = [
        flight(
            1,
            "Acme",
            date(2026, 11, 23),
            date(2026, 12, 4),
            codes=(
                code(10, date(2026, 12, 2), RenewalState.REQUESTED),
                code(11, date(2026, 12, 10)),  # outlives the flight: no renewal
                code(12, date(2026, 12, 1), RenewalState.RECEIVED),
            ),
        ),
        flight(2, "Acme", date(2026, 12, 1), date(2026, 12, 3)),  # 3 days: short, and ends this week
        flight(3, "beta", date(2026, 11, 20), date(2026, 11, 28)),  # ended 33.5 h ago
        flight(4, "beta", date(2026, 11, 16), date(2026, 11, 26)),  # ended 4 days ago
        flight(5, "beta", date(2026, 11, 20), date(2026, 11, 29)),  # ended 9.5 h ago
        flight(6, "beta", date(2026, 11, 1), date(2026, 11, 20), summary_pulled=True),
        flight(
            7,
            "Gamma",
            date(2026, 11, 30),
            date(2026, 12, 2),
            cancelled=True,
            codes=(code(70, date(2026, 12, 1)),),
            undelivered=(Undelivered(700, "flight.hold", NOW, "channel_not_found"),),
        ),
        flight(
            8,
            "Delta",
            date(2026, 11, 20),
            date(2026, 12, 20),
            codes=(code(80, date(2026, 11, 29)),),
            undelivered=(
                Undelivered(802, "code.expired", datetime(2026, 11, 29, 5, 0, tzinfo=UTC), "not_in_channel"),
                Undelivered(801, "flight.min_reached", datetime(2026, 11, 25, 14, 30, tzinfo=UTC), "account_inactive"),
            ),
        ),
        flight(9, "Delta", date(2026, 12, 8), date(2026, 12, 10)),  # short, but starts after the week
        flight(10, "Delta", date(2026, 12, 6), date(2026, 12, 9)),  # short, starts within the week
    ]
    digest = weekly_digest(flights, NOW, NY)

    assert digest.generated_at == NOW
    assert digest.until == NOW + timedelta(days=7)
    assert digest.week_of == date(2026, 11, 30)
    assert not digest.is_empty
    # Alphabetical whatever the case; Gamma's only flight is cancelled, so Gamma isn't there.
    assert [c.client for c in digest.clients] == ["Acme", "beta", "Delta"]
    acme, beta, delta = digest.clients

    assert [(i.code.authorization_id, i.code.renewal, i.lapsed) for i in acme.codes_expiring] == [
        (12, RenewalState.RECEIVED, False),
        (10, RenewalState.REQUESTED, False),
    ]
    assert [(i.flight.id, i.last_day) for i in acme.flights_ending] == [(2, date(2026, 12, 3)), (1, date(2026, 12, 4))]
    assert [(i.flight.id, i.days) for i in acme.short_flights] == [(2, 3)]
    assert acme.summaries == () and acme.undelivered == ()

    assert [(i.flight.id, i.status) for i in beta.summaries] == [
        (4, SummaryStatus.OVERDUE),
        (3, SummaryStatus.DUE),
        (5, SummaryStatus.UPCOMING),
    ]
    due = beta.summaries[1]
    assert (due.due_at, due.overdue_at) == (
        due.flight.end_at + timedelta(hours=24),
        due.flight.end_at + timedelta(hours=48),
    )
    assert beta.codes_expiring == beta.flights_ending == beta.short_flights == ()

    # A code that lapsed while the flight runs: the ad has stopped, it leads the list.
    assert [(i.code.authorization_id, i.lapsed) for i in delta.codes_expiring] == [(80, True)]
    assert [i.reminder.reminder_id for i in delta.undelivered] == [801, 802]
    assert ids(delta.short_flights) == [10]
    assert delta.flights_ending == ()


def test_an_empty_week():
    quiet = [
        flight(1, "Acme", date(2026, 11, 1), date(2026, 11, 20), summary_pulled=True),
        flight(2, "Acme", date(2026, 11, 23), date(2026, 12, 31), codes=(code(20, date(2027, 1, 5)),)),
        flight(3, "Beta", date(2026, 12, 1), date(2026, 12, 4), cancelled=True),
    ]
    for flights in ([], quiet):
        digest = weekly_digest(flights, NOW, NY)
        assert digest.is_empty
        assert digest.clients == ()
        assert digest.week_of == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("end_at", "ending"),
    [
        (NOW, False),  # ended at this instant: it's a summary now
        (NOW + timedelta(microseconds=1), True),
        (NOW + timedelta(days=7), True),  # the week's last instant is in it…
        (NOW + timedelta(days=7, microseconds=1), False),  # …the next one is next week's
    ],
)
def test_the_week_is_the_seven_days_after_now(end_at, ending):
    one = DigestFlight(1, "Acme", "f", "U1", NOW - timedelta(days=10), end_at, NY)
    digest = weekly_digest([one], NOW, NY)
    assert bool(digest.clients and digest.clients[0].flights_ending) is ending


@pytest.mark.parametrize(
    ("expires_at", "listed", "lapsed"),
    [
        (NOW - timedelta(hours=1), True, True),
        (NOW, True, True),
        (NOW + timedelta(hours=1), True, False),
        (NOW + timedelta(days=7), True, False),
        (NOW + timedelta(days=7, seconds=1), False, False),
    ],
)
def test_codes_expiring_within_the_week(expires_at, listed, lapsed):
    one = DigestFlight(
        1,
        "Acme",
        "f",
        "U1",
        NOW - timedelta(days=3),
        NOW + timedelta(days=20),
        NY,
        codes=(DigestCode(5, "a", expires_at),),
    )
    clients = weekly_digest([one], NOW, NY).clients
    codes = clients[0].codes_expiring if clients else ()
    assert [i.lapsed for i in codes] == ([lapsed] if listed else [])


def test_a_lapsed_code_of_an_ended_flight_is_forgotten():
    ended = flight(1, "Acme", date(2026, 11, 10), date(2026, 11, 20), summary_pulled=True)
    ended = replace(ended, codes=(code(1, date(2026, 11, 18)),))
    assert weekly_digest([ended], NOW, NY).is_empty


@pytest.mark.parametrize(
    ("first", "last", "short"),
    [
        (date(2026, 12, 1), date(2026, 12, 4), True),  # 4 days
        (date(2026, 12, 1), date(2026, 12, 5), False),  # 5 days: the minimum
        (date(2026, 11, 30), date(2026, 11, 30), True),  # 1 day, running today
    ],
)
def test_flights_under_the_minimum(first, last, short):
    clients = weekly_digest([flight(1, "Acme", first, last)], NOW, NY).clients
    assert bool(clients[0].short_flights) is short


def test_settings_change_the_rules():
    three_days = flight(1, "Acme", date(2026, 12, 1), date(2026, 12, 3))
    assert weekly_digest([three_days], NOW, NY, minimum_days=3).clients[0].short_flights == ()
    ended = flight(2, "Acme", date(2026, 11, 20), date(2026, 11, 28))  # 33.5 h ago
    summaries = weekly_digest([ended], NOW, NY, pull_after_end=timedelta(hours=36)).clients[0].summaries
    assert summaries[0].status is SummaryStatus.UPCOMING
    summaries = weekly_digest([ended], NOW, NY, overdue_after_end=timedelta(hours=30)).clients[0].summaries
    assert summaries[0].status is SummaryStatus.OVERDUE


def test_the_owner_s_days_count_not_the_reader_s():
    # Tokyo's 1–5 December is five days there, whatever New York's calendar says of those instants.
    tokyo = flight(1, "Acme", date(2026, 12, 1), date(2026, 12, 5), timezone="Asia/Tokyo")
    client = weekly_digest([tokyo], NOW, NY).clients[0]
    assert client.short_flights == ()
    assert client.flights_ending[0].last_day == date(2026, 12, 5)


def test_now_must_know_its_zone():
    with pytest.raises(ValueError):
        weekly_digest([], datetime(2026, 11, 30, 9, 30), NY)


@given(st.integers(-20 * 24, 30 * 24), st.integers(1, 40))
def test_consecutive_digests_tile_time(end_in_hours, length_days):
    # Every flight end within the next two weeks is in exactly one of the two Monday digests.
    end_at = NOW + timedelta(hours=end_in_hours)
    one = DigestFlight(1, "Acme", "f", "U1", end_at - timedelta(days=length_days), end_at, NY)
    nxt = next_digest_at(NOW, NY)
    listed = [
        bool(d.clients and d.clients[0].flights_ending) for d in (weekly_digest([one], t, NY) for t in (NOW, nxt))
    ]
    in_window = NOW < end_at <= nxt + timedelta(days=7)
    assert sum(listed) == (1 if in_window else 0)


# When the next digest goes out.


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "timezone", "weekday", "local_time", "expected"),
    [
        # Paris springs forward on Sunday 29 March 2026: 09:30 CET is 08:30 UTC, 09:30 CEST 07:30.
        (utc(2026, 3, 23, 9, 0), "Europe/Paris", 0, time(9, 30), utc(2026, 3, 30, 7, 30)),
        (utc(2026, 3, 29, 12, 0), "Europe/Paris", 0, time(9, 30), utc(2026, 3, 30, 7, 30)),
        (utc(2026, 3, 23, 8, 29), "Europe/Paris", 0, time(9, 30), utc(2026, 3, 23, 8, 30)),
        # …and falls back on Sunday 25 October.
        (utc(2026, 10, 19, 7, 30), "Europe/Paris", 0, time(9, 30), utc(2026, 10, 26, 8, 30)),
        # London too, on the same Sundays.
        (utc(2026, 3, 24, 10, 0), "Europe/London", 0, time(9, 30), utc(2026, 3, 30, 8, 30)),
        # New York springs forward on Sunday 8 March 2026 and falls back on Sunday 1 November.
        (utc(2026, 3, 2, 15, 0), NY, 0, time(9, 30), utc(2026, 3, 9, 13, 30)),
        (utc(2026, 10, 26, 13, 30), NY, 0, time(9, 30), utc(2026, 11, 2, 14, 30)),
        # Strictly after now: at the very moment, the next one is a week on.
        (utc(2026, 11, 30, 14, 30), NY, 0, time(9, 30), utc(2026, 12, 7, 14, 30)),
        (utc(2026, 11, 30, 14, 29, 59), NY, 0, time(9, 30), utc(2026, 11, 30, 14, 30)),
        # Sunday night in New York is Monday in UTC: the reader's Monday decides.
        (utc(2026, 11, 30, 3, 0), NY, 0, time(9, 30), utc(2026, 11, 30, 14, 30)),
        # Monday morning in Tokyo is still Sunday in UTC.
        (utc(2026, 11, 29, 20, 0), "Asia/Tokyo", 0, time(9, 30), utc(2026, 11, 30, 0, 30)),
        # Another weekday and hour.
        (utc(2026, 11, 30, 14, 30), NY, 4, time(17, 0), utc(2026, 12, 4, 22, 0)),
        # A time the spring-forward night skips reads with the old offset: 02:30 EST is 03:30 EDT.
        (utc(2026, 3, 1, 12, 0), NY, 6, time(2, 30), utc(2026, 3, 8, 7, 30)),
        (utc(2026, 3, 8, 7, 29), NY, 6, time(2, 30), utc(2026, 3, 8, 7, 30)),
    ],
)
def test_next_digest_at(now, timezone, weekday, local_time, expected):
    assert next_digest_at(now, timezone, weekday, local_time) == expected


@pytest.mark.parametrize("weekday", [-1, 7])
def test_weekdays_run_monday_to_sunday(weekday):
    with pytest.raises(ValueError):
        next_digest_at(NOW, NY, weekday)


@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["Europe/Paris", NY, "America/Los_Angeles", "Australia/Sydney", "Asia/Kolkata", "UTC"]),
    st.integers(0, 6),
)
def test_the_next_digest_is_within_a_week_on_the_right_wall_clock(now, timezone, weekday):
    at = next_digest_at(now, timezone, weekday)
    assert now < at <= now + timedelta(days=7, hours=1)
    local = at.astimezone(ZoneInfo(timezone))
    assert (local.weekday(), local.time()) == (weekday, time(9, 30))


MON_FRI = WorkingWeek()
PARIS = "Europe/Paris"


@pytest.mark.parametrize(
    ("now", "timezone", "weekday", "local", "week", "moved"),
    [
        # Saturday 28 November's digest, moved to Monday at its own time.
        (datetime(2026, 11, 30, 15, 0, tzinfo=UTC), PARIS, 5, time(16, 0), MON_FRI, date(2026, 11, 28)),
        # Not yet at Monday's time: the digest hasn't come, so nothing was moved by now.
        (datetime(2026, 11, 30, 14, 0, tzinfo=UTC), PARIS, 5, time(16, 0), MON_FRI, None),
        # A Monday digest on its Monday, and one sent on Thursday after downtime: late, not moved.
        (datetime(2026, 11, 30, 8, 30, tzinfo=UTC), PARIS, 0, time(9, 30), MON_FRI, None),
        (datetime(2026, 12, 3, 12, 0, tzinfo=UTC), PARIS, 0, time(9, 30), MON_FRI, None),
        # No working week set: nothing moves.
        (datetime(2026, 11, 30, 15, 0, tzinfo=UTC), PARIS, 5, time(16, 0), None, None),
        # Sunday 25 October (the clocks go back that night) moved to Monday 09:30 winter time, 08:30 UTC.
        (datetime(2026, 10, 26, 8, 30, tzinfo=UTC), PARIS, 6, time(9, 30), MON_FRI, date(2026, 10, 25)),
        # A Monday holiday moves Monday's digest to Tuesday.
        (
            datetime(2026, 12, 8, 8, 30, tzinfo=UTC),
            PARIS,
            0,
            time(9, 30),
            WorkingWeek(holidays=frozenset({date(2026, 12, 7)})),
            date(2026, 12, 7),
        ),
    ],
)
def test_a_digest_knows_the_day_off_it_was_moved_from(now, timezone, weekday, local, week, moved):
    assert moved_from(now, timezone, weekday, local, week) == moved
