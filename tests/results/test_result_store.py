"""Saving a flight's figures: one transaction with the summary pull and the event log, on both databases."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from bot.core.errors import AlreadyHandled, AlreadyInEffect, FlightdeckError
from bot.core.policy import ReminderSchedule
from bot.core.results import PromoteResult, SparkResult
from storage import campaigns as campaign_store
from storage import results as result_store
from storage.results import Results
from storage.service import Campaigns
from tests.support.factories import NOW, OTHER_TEAM, TEAM, add_campaign

ENDED = NOW + timedelta(days=15)


@pytest.fixture
def results(database) -> Results:
    return Results(Campaigns(database, ReminderSchedule()))


def stored(database, campaign_id: int):
    with database.transaction() as session:
        row = result_store.result_row(session, TEAM, campaign_id)
        return row, campaign_store.events_for(session, TEAM, campaign_id)


def test_first_figures_mark_the_summary_pulled_with_their_event(database, results):
    flight = add_campaign(database)
    figures = SparkResult(spent=Decimal("980.5"), impressions=120_000, clicks=2_400, follows=310)

    saved = results.save(TEAM, flight.id, figures, actor="U0OWNER", now=ENDED)

    assert not saved.corrected
    assert (saved.snapshot.campaign.status, saved.snapshot.campaign.summary_pulled_at) == ("summarized", ENDED)
    row, events = stored(database, flight.id)
    assert result_store.as_result(row) == figures
    assert saved.snapshot.result.id == row.id
    assert events[-1].action == "summary.pulled"
    assert events[-1].detail["results"]["spent"] == "980.5"
    assert events[-1].detail["results"]["impressions"] == 120_000


def test_a_correction_keeps_before_and_after(database, results):
    flight = add_campaign(database)
    results.save(TEAM, flight.id, SparkResult(spent=Decimal("980.50"), clicks=2_400), actor="U0OWNER", now=ENDED)

    corrected = SparkResult(spent=Decimal("990"), clicks=2_500)
    saved = results.save(TEAM, flight.id, corrected, actor="U0TEAMMATE", now=ENDED + timedelta(hours=1))

    assert saved.corrected
    row, events = stored(database, flight.id)
    assert (row.spent, row.clicks, row.entered_by, row.updated_by) == (Decimal("990"), 2_500, "U0OWNER", "U0TEAMMATE")
    assert events[-1].action == "results.corrected"
    assert events[-1].detail["before"] == {
        "spent": "980.5",
        "impressions": None,
        "video_views": None,
        "clicks": 2_400,
        "profile_visits": None,
        "follows": None,
        "conversions": None,
        "conversion_value": None,
    }
    assert (events[-1].detail["after"]["spent"], events[-1].detail["after"]["clicks"]) == ("990", 2_500)


def test_the_same_figures_again_change_nothing(database, results):
    flight = add_campaign(database)
    figures = SparkResult(spent=Decimal("980.50"))
    results.save(TEAM, flight.id, figures, actor="U0OWNER", now=ENDED)

    with pytest.raises(AlreadyInEffect):
        results.save(TEAM, flight.id, figures, actor="U0OWNER", now=ENDED)
    assert [e.action for e in stored(database, flight.id)[1]] == ["summary.pulled"]


def test_a_running_flight_takes_no_figures(database, results):
    flight = add_campaign(database)

    with pytest.raises(FlightdeckError, match="still running"):
        results.save(TEAM, flight.id, SparkResult(spent=Decimal(1)), actor="U0OWNER", now=NOW + timedelta(days=2))
    assert stored(database, flight.id) == (None, [])


def test_the_other_tools_figures_are_refused(database, results):
    flight = add_campaign(database)

    with pytest.raises(AlreadyHandled):
        results.save(TEAM, flight.id, PromoteResult(spent=Decimal(1)), actor="U0OWNER", now=ENDED)
    assert stored(database, flight.id)[0] is None


def test_lists_read_results_by_campaign_and_workspace(database, results):
    mine = [add_campaign(database) for _ in range(3)]
    theirs = add_campaign(database, OTHER_TEAM)
    for flight in mine[:2]:
        results.save(TEAM, flight.id, SparkResult(spent=Decimal(5)), actor="U0OWNER", now=ENDED)

    with database.transaction() as session:
        found = result_store.results_for(session, TEAM, [f.id for f in mine] + [theirs.id])
    assert set(found) == {mine[0].id, mine[1].id}
