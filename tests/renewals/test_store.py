"""The renewal store: each change under the flight's lock with its event, the plan following the state."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.errors import AlreadyHandled, AlreadyInEffect, NotFound
from bot.core.policy import ReminderSchedule
from bot.core.renewal import RenewalState
from storage import campaigns as campaign_store
from storage import reminders as reminder_store
from storage import renewals as renewal_store
from storage.renewals import Renewals
from storage.service import Campaigns
from tests.support.factories import NOW, OTHER_TEAM, TEAM, authorization, campaign

EXPIRY = NOW + timedelta(days=5)
NEW_EXPIRY = NOW + timedelta(days=40)


@pytest.fixture
def flight(database):
    campaigns = Campaigns(database, ReminderSchedule())
    snapshot = campaigns.record(campaign(), [authorization(EXPIRY)], now=NOW)
    return campaigns, snapshot.campaign, snapshot.authorizations[0]


def code_reminders(database, campaign_id):
    with database.transaction() as session:
        rows = reminder_store.reminders_for(session, TEAM, campaign_id)
    return [(r.kind, r.planned_at, r.status) for r in rows if r.kind.startswith("code.")]


def states(database, *ids, team_id=TEAM):
    with database.transaction() as session:
        return renewal_store.renewal_states(session, team_id, ids)


def test_a_request_is_recorded_with_who_and_when_and_its_event(database, flight):
    campaigns, flight_row, code = flight

    done = Renewals(campaigns).request(TEAM, flight_row.id, [code.id], actor="U0OWNER", now=NOW, view_id="V1")

    renewal = done.snapshot.renewals[code.id]
    assert (renewal.state, renewal.requested_by, renewal.requested_at) == ("requested", "U0OWNER", NOW)
    assert states(database, code.id) == {code.id: RenewalState.REQUESTED}
    with database.transaction() as session:
        event = campaign_store.events_for(session, TEAM, flight_row.id)[-1]
    assert (event.action, event.actor, event.detail["authorization_ids"]) == ("code.requested", "U0OWNER", [code.id])


def test_the_same_modal_submitted_twice_records_one_request(database, flight):
    campaigns, flight_row, code = flight
    renewals = Renewals(campaigns)
    renewals.request(TEAM, flight_row.id, [code.id], actor="U0OWNER", now=NOW, view_id="V1")

    with pytest.raises(AlreadyInEffect):
        renewals.request(TEAM, flight_row.id, [code.id], actor="U0OWNER", now=NOW, view_id="V1")
    # Sent again from a new modal (a reminder to the creator): recorded, with its new time.
    later = NOW + timedelta(hours=5)
    again = renewals.request(TEAM, flight_row.id, [code.id], actor="U0OWNER", now=later, view_id="V2")

    assert again.snapshot.renewals[code.id].requested_at == later
    with database.transaction() as session:
        actions = [e.action for e in campaign_store.events_for(session, TEAM, flight_row.id)]
    assert actions.count("code.requested") == 2


def test_a_new_code_keeps_the_old_codes_swap_and_expiry_until_the_swap(database, flight):
    campaigns, flight_row, code = flight
    schedule = campaigns.schedule
    renewals = Renewals(campaigns)
    renewals.request(TEAM, flight_row.id, [code.id], actor="U0OWNER", now=NOW)

    campaigns.renew_code(TEAM, flight_row.id, code.id, NEW_EXPIRY, actor="U0OWNER", now=NOW + timedelta(hours=1))

    assert states(database, code.id) == {code.id: RenewalState.RECEIVED}
    pending = [(kind, at) for kind, at, status in code_reminders(database, flight_row.id) if status == "pending"]
    # The new code outlives the flight: only the old code's swap and expiry remain.
    assert pending == [("code.swap", EXPIRY - schedule.swap_before_expiry), ("code.expired", EXPIRY)]

    swapped_at = NOW + timedelta(hours=2)
    done = renewals.swap(TEAM, flight_row.id, code.id, actor="U0TEAMMATE", now=swapped_at)

    renewal = done.snapshot.renewals[code.id]
    assert (renewal.state, renewal.swapped_by, renewal.swapped_at) == ("swapped", "U0TEAMMATE", swapped_at)
    left = [(kind, status) for kind, _, status in code_reminders(database, flight_row.id) if status != "cancelled"]
    assert left == [("code.swap", "done"), ("code.expired", "done")]
    with database.transaction() as session:
        rows = reminder_store.reminders_for(session, TEAM, flight_row.id)
        closers = {r.closed_by for r in rows if r.status == "done"}
        event = campaign_store.events_for(session, TEAM, flight_row.id)[-1]
    assert closers == {"U0TEAMMATE"}
    assert (event.action, event.detail["replaced_expires_at"]) == ("code.swapped", EXPIRY.isoformat())


def test_a_swap_needs_a_new_code_and_happens_once(database, flight):
    campaigns, flight_row, code = flight
    renewals = Renewals(campaigns)

    with pytest.raises(AlreadyHandled, match="No new code is recorded"):
        renewals.swap(TEAM, flight_row.id, code.id, actor="U0OWNER", now=NOW)
    campaigns.renew_code(TEAM, flight_row.id, code.id, NEW_EXPIRY, actor="U0OWNER", now=NOW)
    renewals.swap(TEAM, flight_row.id, code.id, actor="U0OWNER", now=NOW)
    with pytest.raises(AlreadyInEffect):
        renewals.swap(TEAM, flight_row.id, code.id, actor="U0OWNER", now=NOW)
    assert states(database, code.id) == {code.id: RenewalState.SWAPPED}


def test_asking_while_a_new_code_waits_is_refused(database, flight):
    campaigns, flight_row, code = flight
    campaigns.renew_code(TEAM, flight_row.id, code.id, NEW_EXPIRY, actor="U0OWNER", now=NOW)

    with pytest.raises(AlreadyHandled, match="swap it in Ads Manager"):
        Renewals(campaigns).request(TEAM, flight_row.id, [code.id], actor="U0OWNER", now=NOW)


def test_a_swapped_codes_next_renewal_starts_a_new_round(database, flight):
    campaigns, flight_row, code = flight
    renewals = Renewals(campaigns)
    campaigns.renew_code(TEAM, flight_row.id, code.id, NOW + timedelta(days=9), actor="U0OWNER", now=NOW)
    renewals.swap(TEAM, flight_row.id, code.id, actor="U0OWNER", now=NOW)

    done = renewals.request(TEAM, flight_row.id, [code.id], actor="U0OWNER", now=NOW + timedelta(days=6))

    renewal = done.snapshot.renewals[code.id]
    assert (renewal.state, renewal.swapped_at, renewal.received_at) == ("requested", None, None)


def test_a_code_of_another_flight_or_workspace_is_not_found(database, flight):
    campaigns, flight_row, code = flight
    other = campaigns.record(campaign(), [authorization(EXPIRY)], now=NOW)
    rival = campaigns.record(campaign(OTHER_TEAM), [authorization(EXPIRY)], now=NOW)
    renewals = Renewals(campaigns)

    with pytest.raises(NotFound):
        renewals.request(TEAM, flight_row.id, [other.authorizations[0].id], actor="U0OWNER", now=NOW)
    with pytest.raises(NotFound):
        renewals.request(TEAM, rival.campaign.id, [code.id], actor="U0OWNER", now=NOW)
    assert states(database, code.id, team_id=OTHER_TEAM) == {code.id: RenewalState.NONE}
