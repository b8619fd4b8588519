"""The dispatcher redraws a summary only when a tick made it untrue: skips, failures, the flight's end."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from storage.models import Campaign
from tests.support.flights import record_flight, reminder, run_at, summary_updates


def test_an_ordinary_reminder_sent_leaves_the_summary_alone(flightdeck):
    campaign = record_flight(flightdeck)
    before = len(summary_updates(flightdeck, campaign))

    run_at(flightdeck, reminder(flightdeck, campaign, "flight.hold").due_at)

    assert reminder(flightdeck, campaign, "flight.hold").status == "sent"
    assert len(summary_updates(flightdeck, campaign)) == before


def test_the_summary_pull_going_out_redraws_the_summary_once(flightdeck):
    campaign = record_flight(flightdeck, last_day=date(2026, 11, 26))
    pull = reminder(flightdeck, campaign, "summary.pull")
    run_at(flightdeck, reminder(flightdeck, campaign, "flight.hold").due_at)
    before = len(summary_updates(flightdeck, campaign))

    run_at(flightdeck, pull.due_at)

    assert reminder(flightdeck, campaign, "summary.pull").status == "sent"
    assert len(summary_updates(flightdeck, campaign)) == before + 1


def test_reminders_skipped_after_downtime_redraw_their_summary_once(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    before = len(summary_updates(flightdeck, campaign))

    # Back after the code expired: renew and swap are skipped, code.expired goes out late.
    run_at(flightdeck, datetime(2026, 11, 30, 6, 0, tzinfo=UTC))

    assert reminder(flightdeck, campaign, "code.renew").status == "skipped"
    assert reminder(flightdeck, campaign, "code.swap").status == "skipped"
    assert len(summary_updates(flightdeck, campaign)) == before + 1


def test_a_summary_that_cannot_be_drawn_holds_up_nothing(flightdeck):
    broken = record_flight(flightdeck, spark=True)
    other = record_flight(flightdeck, spark=True, client="Sunny Snacks")
    with flightdeck.database.engine.begin() as connection:
        # Reasons that aren't text: the summary can't join them; nothing else reads them.
        connection.execute(sa.update(Campaign).where(Campaign.id == broken.id).values(decision_reasons=[None]))

    report = run_at(flightdeck, datetime(2026, 11, 30, 6, 0, tzinfo=UTC))

    assert report.skipped == 4 and report.sent >= 2
    assert reminder(flightdeck, broken, "code.expired").status == "sent"
    assert len(summary_updates(flightdeck, other)) >= 1


def test_a_flight_whose_last_day_ends_gets_its_summary_redrawn_once(flightdeck):
    campaign = record_flight(flightdeck)  # through Monday 30 November, New York
    run_at(flightdeck, campaign.end_at - timedelta(hours=1))
    before = len(summary_updates(flightdeck, campaign))

    run_at(flightdeck, campaign.end_at + timedelta(minutes=1))
    run_at(flightdeck, campaign.end_at + timedelta(minutes=2))

    updates = summary_updates(flightdeck, campaign)
    assert len(updates) == before + 1
    menu = json.dumps(updates[-1].args["blocks"])
    assert "Summary pulled" in menu and "End flight now" not in menu
