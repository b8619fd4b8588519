"""The iCalendar feed, read back the way a calendar app reads it."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from bot.calendar.ics import (
    CONTENT_TYPE,
    FeedCode,
    FeedFlight,
    FeedPromoteTest,
    calendar_feed,
    sequence,
    uid,
)

NOW = datetime(2026, 6, 2, 12, 0, tzinfo=UTC)
EDITED = datetime(2026, 5, 30, 9, 0, tzinfo=UTC)
THREAD = "https://acme.slack.com/archives/C0123/p1780000000000100"

# New York flight, Monday 1 June to Sunday 14 June 2026: from its midnight to the one after its last day.
SPARK = FeedFlight(
    id=42,
    title="Mia – summer drop",
    start_at=datetime(2026, 6, 1, 4, 0, tzinfo=UTC),
    end_at=datetime(2026, 6, 15, 4, 0, tzinfo=UTC),
    timezone="America/New_York",
    updated_at=EDITED,
    codes=(
        FeedCode(7, "7301234567890", datetime(2026, 6, 10, 4, 0, tzinfo=UTC)),  # mid-flight
        FeedCode(8, "7309999999999", datetime(2026, 7, 1, 4, 0, tzinfo=UTC)),  # outlives it
    ),
    thread_url=THREAD,
    client="Acme",
)
PROMOTE = FeedFlight(
    id=43,
    title="Candidate A",
    start_at=datetime(2026, 6, 1, 4, 0, tzinfo=UTC),
    end_at=datetime(2026, 6, 6, 4, 0, tzinfo=UTC),
    timezone="America/New_York",
    updated_at=EDITED,
    promote_test=FeedPromoteTest(3, "June hooks", date(2026, 6, 5), thread_url=THREAD + "9"),
)


def parse(feed: bytes) -> Calendar:
    return Calendar.from_ical(feed)


def events(feed: bytes) -> dict[str, object]:
    return {str(event["uid"]): event for event in parse(feed).walk("VEVENT")}


def test_a_spark_flight_s_events():
    found = events(calendar_feed("Flightdeck – Mia", [SPARK], NOW))
    assert sorted(found) == sorted(
        [
            "flight-42-start@flightdeck",
            "flight-42-last-day@flightdeck",
            "flight-42-summary@flightdeck",
            "code-7-expiry@flightdeck",
            "code-8-expiry@flightdeck",
        ]
    )
    start, last = found["flight-42-start@flightdeck"], found["flight-42-last-day@flightdeck"]
    # All-day events on the owner's calendar days.
    assert (start["dtstart"].dt, start["dtend"].dt) == (date(2026, 6, 1), date(2026, 6, 2))
    assert (last["dtstart"].dt, last["dtend"].dt) == (date(2026, 6, 14), date(2026, 6, 15))
    assert start["dtstart"].params.get("VALUE") == "DATE"
    # The summary window: 24 h to 48 h after the end, timed.
    summary = found["flight-42-summary@flightdeck"]
    assert summary["dtstart"].dt == datetime(2026, 6, 16, 4, 0, tzinfo=UTC)
    assert summary["dtend"].dt == datetime(2026, 6, 17, 4, 0, tzinfo=UTC)
    # The code expiry at its instant.
    expiry = found["code-7-expiry@flightdeck"]
    assert expiry["dtstart"].dt == datetime(2026, 6, 10, 4, 0, tzinfo=UTC)
    assert "7301234567890" in str(expiry["summary"])
    assert "Acme" in str(expiry["summary"])


def test_a_mid_flight_code_alarms_72_and_24_hours_before():
    found = events(calendar_feed("Mia", [SPARK], NOW))
    alarms = found["code-7-expiry@flightdeck"].walk("VALARM")
    assert sorted(alarm["trigger"].dt for alarm in alarms) == [timedelta(hours=-72), timedelta(hours=-24)]
    assert {str(alarm["action"]) for alarm in alarms} == {"DISPLAY"}
    assert all(alarm.get("description") for alarm in alarms)  # DISPLAY alarms must say something
    # A code that outlives its flight needs no renewal, so nothing rings for it.
    assert found["code-8-expiry@flightdeck"].walk("VALARM") == []
    # Flight days don't ring.
    assert found["flight-42-start@flightdeck"].walk("VALARM") == []


def test_alarms_follow_the_settings():
    feed = calendar_feed("Mia", [SPARK], NOW, code_alarms=(timedelta(hours=96),))
    alarms = events(feed)["code-7-expiry@flightdeck"].walk("VALARM")
    assert [alarm["trigger"].dt for alarm in alarms] == [timedelta(hours=-96)]


def test_the_promote_test_s_end():
    found = events(calendar_feed("Mia", [PROMOTE], NOW))
    end = found["promote-test-3-end@flightdeck"]
    assert (end["dtstart"].dt, end["dtend"].dt) == (date(2026, 6, 5), date(2026, 6, 6))
    assert "June hooks" in str(end["summary"])
    assert str(end["url"]) == THREAD + "9"
    assert "code-" not in " ".join(found)


def test_a_promote_test_shared_by_candidates_is_one_event_at_the_latest_end():
    second = replace(
        PROMOTE,
        id=44,
        title="Candidate B",
        promote_test=replace(PROMOTE.promote_test, last_day=date(2026, 6, 7)),
        updated_at=EDITED + timedelta(hours=1),
    )
    feed = calendar_feed("Mia", [PROMOTE, second], NOW)
    ends = [event for event in parse(feed).walk("VEVENT") if str(event["uid"]) == "promote-test-3-end@flightdeck"]
    assert len(ends) == 1
    assert ends[0]["dtstart"].dt == date(2026, 6, 7)
    assert int(ends[0]["sequence"]) == sequence(EDITED + timedelta(hours=1))
    # Either order reads the same.
    assert events(calendar_feed("Mia", [second, PROMOTE], NOW))["promote-test-3-end@flightdeck"]["dtstart"].dt == date(
        2026, 6, 7
    )


def test_a_cancelled_flight_is_gone():
    cancelled = replace(SPARK, cancelled=True, updated_at=EDITED + timedelta(days=1))
    assert (
        events(calendar_feed("Mia", [cancelled, PROMOTE], NOW)).keys()
        == events(calendar_feed("Mia", [PROMOTE], NOW)).keys()
    )
    assert not any(uid.endswith("-42-start@flightdeck") for uid in events(calendar_feed("Mia", [cancelled], NOW)))
    assert parse(calendar_feed("Mia", [cancelled], NOW)).walk("VEVENT") == []


def test_an_edited_date_moves_the_event_under_the_same_uid():
    before = events(calendar_feed("Mia", [SPARK], NOW))
    later = EDITED + timedelta(days=2)
    extended = replace(
        SPARK,
        end_at=datetime(2026, 6, 22, 4, 0, tzinfo=UTC),
        codes=(
            replace(SPARK.codes[0], expires_at=datetime(2026, 6, 20, 4, 0, tzinfo=UTC), updated_at=later),
            *SPARK.codes[1:],
        ),
        updated_at=later,
    )
    after = events(calendar_feed("Mia", [extended], NOW + timedelta(hours=1)))
    assert before.keys() == after.keys()
    assert after["flight-42-last-day@flightdeck"]["dtstart"].dt == date(2026, 6, 21)
    assert after["code-7-expiry@flightdeck"]["dtstart"].dt == datetime(2026, 6, 20, 4, 0, tzinfo=UTC)
    for key in before:
        # Clients update an event whose SEQUENCE and LAST-MODIFIED have grown.
        assert int(after[key]["sequence"]) > int(before[key]["sequence"])
        assert after[key]["last-modified"].dt > before[key]["last-modified"].dt
        assert after[key]["dtstamp"].dt == NOW + timedelta(hours=1)


def test_a_renewed_code_alone_bumps_its_event():
    renewed = replace(
        SPARK,
        codes=(replace(SPARK.codes[0], updated_at=EDITED + timedelta(days=1)), *SPARK.codes[1:]),
    )
    before, after = events(calendar_feed("Mia", [SPARK], NOW)), events(calendar_feed("Mia", [renewed], NOW))
    assert int(after["code-7-expiry@flightdeck"]["sequence"]) > int(before["code-7-expiry@flightdeck"]["sequence"])
    assert after["flight-42-start@flightdeck"]["sequence"] == before["flight-42-start@flightdeck"]["sequence"]


def test_the_same_facts_make_the_same_feed():
    assert calendar_feed("Mia", [SPARK, PROMOTE], NOW) == calendar_feed("Mia", [SPARK, PROMOTE], NOW)


def test_the_calendar_s_own_properties():
    calendar = parse(calendar_feed("Flightdeck – #ops", [SPARK], NOW))
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//Flightdeck//")
    assert str(calendar["x-wr-calname"]) == "Flightdeck – #ops"
    assert str(calendar["method"]) == "PUBLISH"
    assert calendar["refresh-interval"].dt == timedelta(hours=1)
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert str(calendar["x-published-ttl"]) == "PT1H"  # an X- property: the parser keeps its text
    assert CONTENT_TYPE.startswith("text/calendar")


def test_another_refresh_interval():
    feed = calendar_feed("Mia", [], NOW, refresh=timedelta(minutes=30))
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\n" in feed
    assert b"X-PUBLISHED-TTL:PT30M\r\n" in feed


def test_descriptions_carry_the_thread_link_when_there_is_one():
    with_thread = events(calendar_feed("Mia", [SPARK], NOW))
    for event in with_thread.values():
        assert THREAD in str(event["description"])
        assert str(event["url"]) == THREAD
    without = events(calendar_feed("Mia", [replace(SPARK, thread_url=None)], NOW))
    for event in without.values():
        assert "Thread" not in str(event["description"])
        assert "url" not in event


def test_every_event_has_what_rfc_5545_requires():
    for event in parse(calendar_feed("Mia", [SPARK, PROMOTE], NOW)).walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart", "dtend", "summary", "sequence", "last-modified"):
            assert required in event, required
        assert event["dtstamp"].dt == NOW
        assert event["dtend"].dt > event["dtstart"].dt
        assert str(event["transp"]) == "TRANSPARENT"


def test_the_bytes_are_crlf_lines_folded_at_75_octets():
    long_title = "A very long flight title " * 10
    feed = calendar_feed("Mia", [replace(SPARK, title=long_title)], NOW)
    assert feed.startswith(b"BEGIN:VCALENDAR\r\n")
    assert feed.endswith(b"END:VCALENDAR\r\n")
    lines = feed.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long title was folded, not cut
    assert long_title.strip() in str(events(feed)["flight-42-start@flightdeck"]["summary"])


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        calendar_feed("Mia", [SPARK], datetime(2026, 6, 2))


@pytest.mark.parametrize(
    ("kind", "record_id", "domain", "expected"),
    [
        ("start", 42, "flightdeck", "flight-42-start@flightdeck"),
        ("last-day", 42, "flightdeck", "flight-42-last-day@flightdeck"),
        ("summary", 42, "flightdeck", "flight-42-summary@flightdeck"),
        ("expiry", 7, "flightdeck", "code-7-expiry@flightdeck"),
        ("end", 3, "T0123.flightdeck", "promote-test-3-end@T0123.flightdeck"),
    ],
)
def test_uids(kind, record_id, domain, expected):
    assert uid(kind, record_id, domain) == expected


def test_the_uid_domain_names_the_installation():
    found = events(calendar_feed("Mia", [SPARK], NOW, uid_domain="T0123.flightdeck"))
    assert all(key.endswith("@T0123.flightdeck") for key in found)


@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)))
def test_sequence_grows_with_updated_at_and_fits_32_bits(updated_at):
    assert 0 <= sequence(updated_at) < 2**31
    assert sequence(updated_at + timedelta(seconds=1)) > sequence(updated_at)


@given(
    st.integers(0, 400),
    st.integers(1, 60),
    st.sampled_from(["America/New_York", "Europe/Paris", "Asia/Tokyo", "Australia/Sydney"]),
)
def test_every_flight_reads_back_on_its_owner_s_days(offset_days, length_days, timezone):
    from zoneinfo import ZoneInfo

    first = date(2026, 1, 1) + timedelta(days=offset_days)
    last = first + timedelta(days=length_days - 1)
    zone = ZoneInfo(timezone)
    flight = replace(
        SPARK,
        start_at=datetime.combine(first, datetime.min.time(), tzinfo=zone).astimezone(UTC),
        end_at=datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone).astimezone(UTC),
        timezone=timezone,
        codes=(),
    )
    found = events(calendar_feed("Mia", [flight], NOW))
    assert found["flight-42-start@flightdeck"]["dtstart"].dt == first
    assert found["flight-42-last-day@flightdeck"]["dtstart"].dt == last
    assert found["flight-42-summary@flightdeck"]["dtstart"].dt == flight.end_at + timedelta(hours=24)


def test_the_expiry_description_follows_the_settings():
    default = str(events(calendar_feed("Mia", [SPARK], NOW))["code-7-expiry@flightdeck"]["description"])
    assert "Ask the creator for a new code 72 h before, swap it in Ads Manager 24 h before." in default
    feed = calendar_feed("Mia", [SPARK], NOW, code_alarms=(timedelta(hours=120), timedelta(hours=12, minutes=30)))
    moved = str(events(feed)["code-7-expiry@flightdeck"]["description"])
    assert "Ask the creator for a new code 120 h before, swap it in Ads Manager 12 h 30 before." in moved
