"""The campaigns service without Slack, on SQLite and PostgreSQL: each change, what it returns, its event.

Every change checks its preconditions under the flight's row lock and writes its event in the same
transaction (docs/architecture.md); the races are in test_service_races.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.errors import AlreadyHandled, AlreadyInEffect, FlightdeckError, NotFound
from bot.core.policy import ReminderSchedule
from bot.core.vocabulary import Kind
from storage import campaigns as campaign_store
from storage import summaries as summary_store
from storage.service import Campaigns
from storage.snapshot import Snapshot
from tests.support.factories import (
    NOW,
    OTHER_TEAM,
    TEAM,
    add_reminder,
    authorization,
    campaign,
    campaign_row,
    events,
    pending,
    reminder,
)

EXPIRY = NOW + timedelta(days=5)
LAST = NOW + timedelta(days=14)  # the factory flight's end
LIVE = NOW + timedelta(days=2)
AFTER = LAST + timedelta(days=1)


@pytest.fixture
def service(database) -> Campaigns:
    return Campaigns(database, ReminderSchedule())


@pytest.fixture
def flight(service) -> Snapshot:
    """A Spark flight from NOW for 14 days, its one code expiring on day 5."""
    return service.record(campaign(), [authorization(EXPIRY)], now=NOW, summary_in="C0GLOWCO")


def test_recording_saves_the_flight_its_code_its_plan_its_summary_and_one_event(database, flight):
    assert isinstance(flight, Snapshot)
    assert (flight.campaign.team_id, flight.campaign.status, flight.result, flight.renewals) == (
        TEAM,
        "planned",
        None,
        {},
    )
    [code] = flight.authorizations
    assert (code.team_id, code.campaign_id, code.expires_at) == (TEAM, flight.campaign.id, EXPIRY)
    assert {r.kind for r in flight.reminders} >= {Kind.FLIGHT_HOLD, Kind.CODE_RENEW, Kind.SUMMARY_PULL}
    assert all(r.status == "pending" and r.planned_at > NOW for r in flight.reminders)
    assert events(database, flight.campaign.id) == [
        ("campaign.recorded", "U0OWNER", {"tool": "spark", "warnings": ["short_flight"]})
    ]
    # Its summary post is due at once, from the channel it came from.
    due = summary_store.claim_due(database, team_id=TEAM, now=NOW, lease=timedelta(minutes=1), limit=5, token="t")
    assert due == [flight.campaign.id]


def test_a_spark_flight_escalating_a_promote_one_is_linked_and_logged_on_both(database, service):
    promote = service.record(campaign(tool="promote", ownership="creator"), [], now=NOW).campaign

    spark = service.record(campaign(escalated_from_id=promote.id), [], now=LIVE).campaign

    assert spark.escalated_from_id == promote.id
    assert events(database, promote.id)[-1] == ("campaign.escalated", "U0OWNER", {"to": spark.id})
    assert [e[0] for e in events(database, spark.id)] == ["campaign.recorded"]


@pytest.mark.parametrize("source_team, source_tool", [(TEAM, "spark"), (OTHER_TEAM, "promote")])
def test_no_link_to_a_spark_flight_or_to_another_workspaces(database, service, source_team, source_tool):
    source = service.record(campaign(source_team, tool=source_tool), [], now=NOW).campaign

    spark = service.record(campaign(escalated_from_id=source.id), [], now=LIVE).campaign

    assert spark.escalated_from_id is None
    assert [e[0] for e in events(database, source.id, source_team)] == ["campaign.recorded"]


def test_extending_moves_the_end_replans_the_pull_and_logs_both_ends(database, service, flight):
    new_end = LAST + timedelta(days=7)
    pull_before = pending(database, flight.campaign.id)[Kind.SUMMARY_PULL]

    done = service.extend_flight(TEAM, flight.campaign.id, new_end, actor="U0TEAMMATE", now=LIVE)

    assert (done.campaign.end_at, done.campaign.updated_by, done.campaign.updated_at) == (new_end, "U0TEAMMATE", LIVE)
    [pull] = pending(database, flight.campaign.id)[Kind.SUMMARY_PULL]
    assert pull > new_end > pull_before[0]
    assert events(database, flight.campaign.id)[-1] == (
        "flight.extended",
        "U0TEAMMATE",
        {"previous_end_at": LAST.isoformat(), "end_at": new_end.isoformat()},
    )


@pytest.mark.parametrize(
    "new_end, refusal, says",
    [(LAST, AlreadyInEffect, "already runs through"), (LAST - timedelta(days=1), FlightdeckError, "pick a day after")],
)
def test_an_extension_to_the_same_or_an_earlier_day_is_refused(database, service, flight, new_end, refusal, says):
    with pytest.raises(refusal, match=says):
        service.extend_flight(TEAM, flight.campaign.id, new_end, actor="U0OWNER", now=LIVE)

    assert campaign_row(database, flight.campaign.id).end_at == LAST
    assert len(events(database, flight.campaign.id)) == 1


def test_extending_an_ended_flight_runs_it_again(database, service, flight):
    service.end_flight(TEAM, flight.campaign.id, actor="U0OWNER", now=LIVE)

    done = service.extend_flight(TEAM, flight.campaign.id, LAST, actor="U0OWNER", now=LIVE + timedelta(hours=1))

    assert (done.campaign.status, done.campaign.end_at) == ("live", LAST)


def test_ending_closes_the_flight_now_and_cancels_its_flight_reminders(database, service, flight):
    assert Kind.FLIGHT_MIN_REACHED in pending(database, flight.campaign.id)

    done = service.end_flight(TEAM, flight.campaign.id, actor="U0OWNER", now=LIVE)

    assert (done.campaign.status, done.campaign.end_at) == ("ended", LIVE)
    assert Kind.FLIGHT_MIN_REACHED not in pending(database, flight.campaign.id)
    assert events(database, flight.campaign.id)[-1] == (
        "flight.ended",
        "U0OWNER",
        {"previous_end_at": LAST.isoformat(), "end_at": LIVE.isoformat()},
    )
    with pytest.raises(AlreadyHandled, match="already ended"):
        service.end_flight(TEAM, flight.campaign.id, actor="U0OWNER", now=LIVE)
    assert len(events(database, flight.campaign.id)) == 2


def test_a_flight_not_yet_started_cannot_be_ended(database, service, flight):
    with pytest.raises(FlightdeckError, match="hasn't started yet"):
        service.end_flight(TEAM, flight.campaign.id, actor="U0OWNER", now=NOW - timedelta(hours=1))
    assert campaign_row(database, flight.campaign.id).status == "planned"


def test_renewing_a_code_moves_its_expiry_keeps_the_history_and_logs_it(database, service, flight):
    [code] = flight.authorizations
    new_expiry = EXPIRY + timedelta(days=30)

    done = service.renew_code(TEAM, flight.campaign.id, code.id, new_expiry, actor="U0OWNER", now=LIVE)

    assert done.authorizations[0].expires_at == new_expiry
    assert Kind.CODE_RENEW not in pending(database, flight.campaign.id)  # the new expiry is after the flight
    with database.transaction() as session:
        [history] = campaign_store.renewals_for(session, TEAM, code.id)
    assert (history.previous_expires_at, history.new_expires_at, history.renewed_by) == (EXPIRY, new_expiry, "U0OWNER")
    assert events(database, flight.campaign.id)[-1] == (
        "code.renewed",
        "U0OWNER",
        {
            "authorization_id": code.id,
            "ad_account_id": "7001",
            "previous_expires_at": EXPIRY.isoformat(),
            "expires_at": new_expiry.isoformat(),
        },
    )
    with pytest.raises(AlreadyInEffect, match="that renewal is recorded"):
        service.renew_code(TEAM, flight.campaign.id, code.id, new_expiry, actor="U0OWNER", now=LIVE)


def test_a_code_of_another_flight_is_not_renewed_through_this_one(database, service, flight):
    other = service.record(campaign(), [authorization(EXPIRY, "7002")], now=NOW)

    with pytest.raises(NotFound):
        service.renew_code(
            TEAM, flight.campaign.id, other.authorizations[0].id, EXPIRY + timedelta(days=9), actor="U0OWNER", now=LIVE
        )
    assert len(events(database, flight.campaign.id)) == len(events(database, other.campaign.id)) == 1


def test_cancelling_drops_every_pending_reminder(database, service, flight):
    done = service.cancel(TEAM, flight.campaign.id, actor="U0ADMIN", now=LIVE)

    assert done.campaign.status == "cancelled"
    assert pending(database, flight.campaign.id) == {}
    assert events(database, flight.campaign.id)[-1] == ("campaign.cancelled", "U0ADMIN", {})
    with pytest.raises(AlreadyInEffect, match="was cancelled"):
        service.cancel(TEAM, flight.campaign.id, actor="U0ADMIN", now=LIVE)


def test_a_new_owner_takes_the_flight_in_its_own_calendar(database, service, flight):
    done = service.change_owner(TEAM, flight.campaign.id, "U0TEAMMATE", actor="U0OWNER", now=LIVE)

    assert (done.campaign.owner_id, done.campaign.owner_tz) == ("U0TEAMMATE", "America/New_York")
    assert events(database, flight.campaign.id)[-1] == (
        "owner.changed",
        "U0OWNER",
        {"previous_owner_id": "U0OWNER", "owner_id": "U0TEAMMATE"},
    )
    with pytest.raises(AlreadyInEffect, match="already owns"):
        service.change_owner(TEAM, flight.campaign.id, "U0TEAMMATE", actor="U0OWNER", now=LIVE)


def test_the_summary_pull_waits_for_the_flight_to_end(database, service, flight):
    with pytest.raises(FlightdeckError, match="still running"):
        service.summary_pulled(TEAM, flight.campaign.id, actor="U0OWNER", now=LIVE)
    assert campaign_row(database, flight.campaign.id).summary_pulled_at is None


def test_the_summary_pull_answers_its_reminder_and_logs_what_came_with_it(database, service, flight):
    asked = add_reminder(database, flight.campaign, Kind.SUMMARY_PULL, AFTER, status="sent")
    assert Kind.SUMMARY_OVERDUE in pending(database, flight.campaign.id)

    done = service.summary_pulled(
        TEAM,
        flight.campaign.id,
        actor="U0OWNER",
        now=AFTER,
        via_reminder=asked.id,
        also=lambda session, row: {"results": {"spent": "12"}},
    )

    assert (done.campaign.status, done.campaign.summary_pulled_at) == ("summarized", AFTER)
    assert (reminder(database, asked.id).status, reminder(database, asked.id).closed_by) == ("done", "U0OWNER")
    # Nothing asks for the summary any more (the flight's own reminders here were never swept).
    assert not {Kind.SUMMARY_PULL, Kind.SUMMARY_OVERDUE} & set(pending(database, flight.campaign.id))
    assert events(database, flight.campaign.id)[-1] == ("summary.pulled", "U0OWNER", {"results": {"spent": "12"}})


CHANGES = {
    "extend": lambda s, f: s.extend_flight(TEAM, f.campaign.id, LAST + timedelta(days=3), actor="U0OWNER", now=AFTER),
    "end": lambda s, f: s.end_flight(TEAM, f.campaign.id, actor="U0OWNER", now=AFTER),
    "renew": lambda s, f: s.renew_code(
        TEAM, f.campaign.id, f.authorizations[0].id, LAST + timedelta(days=30), actor="U0OWNER", now=AFTER
    ),
    "owner": lambda s, f: s.change_owner(TEAM, f.campaign.id, "U0TEAMMATE", actor="U0OWNER", now=AFTER),
    "summary": lambda s, f: s.summary_pulled(TEAM, f.campaign.id, actor="U0OWNER", now=AFTER),
    "cancel": lambda s, f: s.cancel(TEAM, f.campaign.id, actor="U0OWNER", now=AFTER),
}
CLOSE = {
    "cancelled": lambda s, f: s.cancel(TEAM, f.campaign.id, actor="U0ADMIN", now=LIVE),
    "summarized": lambda s, f: s.summary_pulled(TEAM, f.campaign.id, actor="U0ADMIN", now=AFTER),
}


@pytest.mark.parametrize("closed", CLOSE)
@pytest.mark.parametrize("change", CHANGES)
def test_a_closed_flight_refuses_every_change_and_logs_nothing(database, service, flight, closed, change):
    CLOSE[closed](service, flight)
    before, logged = campaign_row(database, flight.campaign.id), events(database, flight.campaign.id)

    with pytest.raises(AlreadyHandled, match="cancelled" if closed == "cancelled" else "already marked pulled"):
        CHANGES[change](service, flight)

    after = campaign_row(database, flight.campaign.id)
    assert (after.status, after.end_at, after.owner_id, after.updated_at) == (
        before.status,
        before.end_at,
        before.owner_id,
        before.updated_at,
    )
    assert events(database, flight.campaign.id) == logged


@pytest.mark.parametrize("change", CHANGES)
def test_another_workspaces_flight_is_not_found(database, service, change):
    theirs = service.record(campaign(OTHER_TEAM), [authorization(EXPIRY)], now=NOW)

    with pytest.raises(NotFound):
        CHANGES[change](service, theirs)
    assert [e[0] for e in events(database, theirs.campaign.id, OTHER_TEAM)] == ["campaign.recorded"]


def test_a_change_refused_after_its_replan_leaves_no_trace(database, service, flight):
    """The change, its replan and its event are one transaction: a refusal at the end undoes them all."""
    planned = pending(database, flight.campaign.id)

    def extend(session, row):
        row.end_at = LAST + timedelta(days=7)
        return {}

    def refuse(session):
        raise FlightdeckError("changed my mind")

    with pytest.raises(FlightdeckError, match="changed my mind"):
        service.change(
            TEAM,
            flight.campaign.id,
            actor="U0OWNER",
            now=LIVE,
            action="flight.extended",
            apply=extend,
            after_replan=refuse,
        )

    assert campaign_row(database, flight.campaign.id).end_at == LAST
    assert pending(database, flight.campaign.id) == planned
    assert [e[0] for e in events(database, flight.campaign.id)] == ["campaign.recorded"]


def test_what_comes_with_a_summary_pull_is_undone_with_it(database, service, flight):
    def write_then_fail(session, row):
        campaign_store.record_event(session, team_id=TEAM, campaign_id=row.id, actor="U0OWNER", action="x", at=AFTER)
        raise AlreadyHandled("These figures are for the other tool.")

    with pytest.raises(AlreadyHandled, match="other tool"):
        service.summary_pulled(TEAM, flight.campaign.id, actor="U0OWNER", now=AFTER, also=write_then_fail)

    row = campaign_row(database, flight.campaign.id)
    assert (row.status, row.summary_pulled_at) == ("planned", None)
    assert [e[0] for e in events(database, flight.campaign.id)] == ["campaign.recorded"]
