"""A flight recorded after it started gets no burst of reminders already past."""

from datetime import date, timedelta

from tests.support.flights import POST, reminder_posts, run_at
from tests.support.harness import OWNER
from tests.support.intake import PROMOTE_ANSWERS

ANSWERS = PROMOTE_ANSWERS


def record_from(flightdeck, first_day: date, last_day: date):
    view = flightdeck.open_intake(POST)
    view = flightdeck.change(view, {"ownership": "creator"}, dispatch="ownership")
    answers = {**ANSWERS, "flight_start": first_day.isoformat(), "flight_end": last_day.isoformat()}
    view = flightdeck.change(view, answers, dispatch="flight_end")
    assert flightdeck.submit(view, answers, user=OWNER).body == ""
    return flightdeck.emulator.wait_for(lambda: [c for c in flightdeck.campaigns() if c.message_ts])[0]


def test_a_flight_recorded_on_day_three_gets_no_day_two_reminder(flightdeck):
    today = flightdeck.clock.now().date()  # Monday 23 November, 10:00 in New York
    campaign = record_from(flightdeck, today - timedelta(days=3), today + timedelta(days=4))

    assert {r.kind for r in flightdeck.reminders()} == {"flight.min_reached", "summary.pull", "summary.overdue"}
    run_at(flightdeck, flightdeck.clock.now() + timedelta(minutes=1))
    assert reminder_posts(flightdeck) == []
    assert campaign.status == "live"


def test_a_flight_recorded_after_it_ended_keeps_only_its_summary_reminders(flightdeck):
    today = flightdeck.clock.now().date()
    record_from(flightdeck, today - timedelta(days=9), today - timedelta(days=1))

    assert {r.kind for r in flightdeck.reminders()} == {"summary.pull", "summary.overdue"}
    run_at(flightdeck, flightdeck.clock.now() + timedelta(minutes=1))
    assert reminder_posts(flightdeck) == []
