"""Promote tests in storage, on both databases: created with their flights in one transaction, joined, found."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from bot.core.errors import AlreadyHandled, FlightdeckError, NotFound
from bot.core.policy import ReminderSchedule
from storage import promote_test_spans as spans_store
from storage import promote_tests as store
from storage.models import Campaign, CampaignResult, Event, PromoteTest
from storage.promote_tests import PromoteTests
from storage.service import Campaigns
from tests.support.factories import NOW, OTHER_TEAM, TEAM, campaign

CHANNEL = "C0GLOWCO"


def promote(n: int, **fields) -> Campaign:
    values = {
        "tool": "promote",
        "ownership": "creator",
        "objective": "Profile visits",
        "post_url": f"https://www.tiktok.com/@maria.cooks/video/730123456789012345{n}",
        **fields,
    }
    return campaign(values.pop("team_id", TEAM), **values)


def a_test(team_id: str = TEAM, **fields) -> PromoteTest:
    values = {
        "team_id": team_id,
        "client": "GlowCo",
        "objective": "Profile visits",
        "channel_id": CHANNEL,
        "owner_id": "U0OWNER",
        "created_by": "U0OWNER",
        "created_at": NOW,
        "updated_at": NOW,
        **fields,
    }
    return PromoteTest(**values)


def with_results(database, flight: Campaign, visits: int = 1_000, follows: int = 50) -> None:
    """The flight's figures, as the results modal leaves them (bot/results)."""
    with database.transaction() as session:
        session.add(
            CampaignResult(
                team_id=flight.team_id,
                campaign_id=flight.id,
                tool="promote",
                spent=Decimal("50"),
                views=20_000,
                profile_visits=visits,
                follows=follows,
                entered_by="U0OWNER",
                entered_at=NOW,
                updated_by="U0OWNER",
                updated_at=NOW,
            )
        )


@pytest.fixture
def tests(database) -> PromoteTests:
    return PromoteTests(Campaigns(database, ReminderSchedule()))


def test_a_test_is_created_with_its_flights_and_their_events(tests, database):
    recorded = tests.create(a_test(), [(promote(i), []) for i in range(3)], now=NOW, summary_in=CHANNEL)

    with database.transaction() as session:
        flights = store.candidates(session, TEAM, recorded.test.id)
        assert [c.id for c in flights] == [s.campaign.id for s in recorded.snapshots]
        assert store.containing_test(session, TEAM, flights[1].id).id == recorded.test.id
        assert [t.id for t in store.open_tests(session, TEAM, channel_id=CHANNEL)] == [recorded.test.id]
        assert store.open_tests(session, OTHER_TEAM, channel_id=CHANNEL) == []
        created = session.exec(select(Event).where(Event.action == "promote_test.created")).all()
        assert sorted(e.campaign_id for e in created) == sorted(c.id for c in flights)
        assert all(e.detail["candidates"] == [c.id for c in flights] for e in created)
        # Each candidate is a flight like any other: its reminders are planned.
        assert all(s.reminders for s in recorded.snapshots)


def test_a_failing_candidate_leaves_nothing_behind(tests, database):
    broken = promote(2, budget_currency=None)  # NOT NULL: the database refuses it

    with pytest.raises(SQLAlchemyError):
        tests.create(a_test(), [(promote(0), []), (promote(1), []), (broken, [])], now=NOW, summary_in=CHANNEL)

    with database.transaction() as session:
        assert session.exec(select(PromoteTest)).all() == []
        assert session.exec(select(Campaign)).all() == []


def test_a_flight_joins_an_open_test_of_its_client(tests, database):
    test = tests.create(a_test(), [(promote(0), []), (promote(1), [])], now=NOW, summary_in=CHANNEL).test

    joined = tests.add_flight(TEAM, test.id, (promote(2), []), now=NOW, summary_in=CHANNEL)

    with database.transaction() as session:
        assert [c.id for c in store.candidates(session, TEAM, test.id)][-1] == joined.snapshots[0].campaign.id


def test_joining_is_refused_for_another_client_a_full_or_closed_test_or_another_workspace(tests, database):
    test = tests.create(a_test(), [(promote(i), []) for i in range(6)], now=NOW, summary_in=CHANNEL).test
    other = tests.create(a_test(), [(promote(7), []), (promote(8), [])], now=NOW, summary_in=CHANNEL).test

    with pytest.raises(FlightdeckError, match="already has 6 posts"):
        tests.add_flight(TEAM, test.id, (promote(9), []), now=NOW, summary_in=CHANNEL)
    with pytest.raises(FlightdeckError, match="compares posts of GlowCo"):
        tests.add_flight(TEAM, other.id, (promote(9, client="Sunly"), []), now=NOW, summary_in=CHANNEL)
    with pytest.raises(NotFound):
        tests.add_flight(OTHER_TEAM, other.id, (promote(9, team_id=OTHER_TEAM), []), now=NOW, summary_in=CHANNEL)
    with pytest.raises(FlightdeckError, match="No post in this test has results yet"):
        tests.call_winner(TEAM, other.id, actor="U0OWNER", now=NOW)
    with database.transaction() as session:
        first = store.candidates(session, TEAM, other.id)[0]
    with_results(database, first)
    tests.call_winner(TEAM, other.id, actor="U0OWNER", now=NOW)
    with pytest.raises(AlreadyHandled):
        tests.add_flight(TEAM, other.id, (promote(9), []), now=NOW, summary_in=CHANNEL)
    with pytest.raises(AlreadyHandled):
        tests.call_winner(TEAM, other.id, actor="U0OWNER", now=NOW)

    with database.transaction() as session:
        assert len(store.candidates(session, TEAM, other.id)) == 2
        assert [t.id for t in store.open_tests(session, TEAM, client="GlowCo")] == [test.id]
        assert session.exec(select(Campaign).where(Campaign.client == "Sunly")).all() == []


def test_an_escalation_of_the_called_winner_names_the_test(tests, database):
    recorded = tests.create(a_test(), [(promote(0), []), (promote(1), [])], now=NOW, summary_in=CHANNEL)
    loser, winner = (s.campaign for s in recorded.snapshots)
    with_results(database, loser, follows=50)
    with_results(database, winner, follows=150)
    called = tests.call_winner(TEAM, recorded.test.id, actor=None, now=NOW)
    assert called.call == {"flights": [loser.id, winner.id], "winner": winner.id}

    snapshot, linked = tests.record(campaign(escalated_from_id=winner.id), [], now=NOW, summary_in=CHANNEL)
    spark = snapshot.campaign

    assert linked.id == recorded.test.id
    with database.transaction() as session:
        assert store.escalating_test(session, TEAM, spark.id).id == recorded.test.id
        assert store.escalating_test(session, OTHER_TEAM, spark.id) is None
        assert store.chosen_by(session, TEAM, spark.id) == "Its post won a Promote test of 2 posts for GlowCo."


def test_escalating_a_candidate_the_call_did_not_name_is_a_plain_escalation(tests, database):
    recorded = tests.create(a_test(), [(promote(0), []), (promote(1), [])], now=NOW, summary_in=CHANNEL)
    loser, winner = (s.campaign for s in recorded.snapshots)

    # From its ⋯ menu before any call: no winner yet.
    early, before_call = tests.record(campaign(escalated_from_id=winner.id), [], now=NOW, summary_in=CHANNEL)
    with database.transaction() as session:
        assert "whose winner isn't called yet" in store.chosen_by(session, TEAM, early.campaign.id)
    with_results(database, loser, follows=50)
    with_results(database, winner, follows=150)
    tests.call_winner(TEAM, recorded.test.id, actor=None, now=NOW)
    # After the call, the post that lost.
    late, not_the_winner = tests.record(campaign(escalated_from_id=loser.id), [], now=NOW, summary_in=CHANNEL)

    assert before_call is None and not_the_winner is None
    with database.transaction() as session:
        assert store.get_test(session, TEAM, recorded.test.id).escalated_to_id is None
        assert store.chosen_by(session, TEAM, late.campaign.id) == (
            "Its post was one of 2 in a Promote test for GlowCo, but wasn't its winner as called: "
            "this compares it with its own Promote flight only."
        )
        escalated = session.exec(select(Event).where(Event.action == "promote_test.escalated")).all()
        assert escalated == []


def test_a_correction_remakes_the_call_on_the_same_flights_only(tests, database):
    recorded = tests.create(a_test(), [(promote(i), []) for i in range(3)], now=NOW, summary_in=CHANNEL)
    first, second, third = (s.campaign for s in recorded.snapshots)
    with_results(database, first, follows=50)
    with_results(database, second, follows=150)
    tests.call_winner(TEAM, recorded.test.id, actor="U0OWNER", now=NOW)
    with_results(database, third, follows=400)  # after the call: not in it

    assert tests.remake_call(TEAM, recorded.test.id, actor="U0OWNER", now=NOW) is False
    with database.transaction() as session:
        session.execute(sa.update(CampaignResult).where(CampaignResult.campaign_id == first.id).values(follows=300))
    assert tests.remake_call(TEAM, recorded.test.id, actor="U0OWNER", now=NOW) is True

    with database.transaction() as session:
        test = store.get_test(session, TEAM, recorded.test.id)
        assert test.call == {"flights": [first.id, second.id], "winner": first.id, "remade_from": second.id}
        remade = session.exec(select(Event).where(Event.action == "promote_test.call_remade")).all()
        assert sorted(e.campaign_id for e in remade) == [first.id, second.id]


def test_a_flight_escalating_no_candidate_is_recorded_alone(tests, database):
    plain = tests.campaigns.record(promote(0), [], now=NOW).campaign

    snapshot, linked = tests.record(campaign(escalated_from_id=plain.id), [], now=NOW, summary_in=CHANNEL)

    assert linked is None and snapshot.campaign.escalated_from_id == plain.id


def test_two_flights_joining_the_last_place_at_once_make_six_not_seven(tests, database):
    test = tests.create(a_test(), [(promote(i), []) for i in range(5)], now=NOW, summary_in=CHANNEL).test
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def join(n: int) -> None:
        start.wait()
        try:
            tests.add_flight(TEAM, test.id, (promote(n), []), now=NOW, summary_in=CHANNEL)
            outcomes.append("joined")
        except FlightdeckError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=join, args=(n,)) for n in (6, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["That Promote test already has 6 posts, the most one test compares.", "joined"]
    with database.transaction() as session:
        assert len(store.candidates(session, TEAM, test.id)) == 6
        # The refused flight was not recorded either.
        assert len(session.exec(select(Campaign)).all()) == 6


def test_the_tests_of_flights_for_a_calendar(tests, database):
    flights = [(promote(0), []), (promote(1, end_at=NOW + timedelta(days=20)), []), (promote(2), [])]
    recorded = tests.create(a_test(), flights, now=NOW, summary_in=CHANNEL)
    alone = tests.campaigns.record(promote(5), [], now=NOW).campaign
    ids = [s.campaign.id for s in recorded.snapshots]

    with database.transaction() as session:
        spans = spans_store.tests_of_flights(session, TEAM, [*ids, alone.id])
        assert spans_store.tests_of_flights(session, OTHER_TEAM, ids) == {}

    assert set(spans) == set(ids)
    assert {(s.test.id, s.posts) for s in spans.values()} == {(recorded.test.id, 3)}
    # The last candidate's last day, in its owner's calendar: 20 days from 23 November 10:00 New York.
    assert spans[ids[0]].last_day == date(2026, 12, 13)


def test_two_calls_of_the_winner_at_once_close_the_test_once(tests, database):
    recorded = tests.create(a_test(), [(promote(0), []), (promote(1), [])], now=NOW, summary_in=CHANNEL)
    test = recorded.test
    with_results(database, recorded.snapshots[0].campaign)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def call(actor: str) -> None:
        start.wait()
        try:
            tests.call_winner(TEAM, test.id, actor=actor, now=NOW)
            outcomes.append("called")
        except AlreadyHandled as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=call, args=(actor,)) for actor in ("U0OWNER", "U0ADMIN")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["This test's winner is already called.", "called"]
    with database.transaction() as session:
        called = session.exec(select(Event).where(Event.action == "promote_test.called")).all()
        assert len(called) == 2  # one per candidate, from the one call that took effect
        assert len({e.actor for e in called}) == 1
