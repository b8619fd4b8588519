"""Campaigns, authorizations, renewals and events on SQLite and PostgreSQL, each scoped to its team."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from storage import campaigns as store
from tests.support.factories import NOW, OTHER_TEAM, TEAM, add_campaign, authorization, campaign


def test_a_campaign_reads_back_as_it_was_recorded(database):
    recorded = add_campaign(database, start_at=datetime(2026, 11, 23, 0, 0, tzinfo=ZoneInfo("America/New_York")))

    with database.transaction() as session:
        found = store.get_campaign(session, TEAM, recorded.id)

    assert found.start_at == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
    assert found.start_at.tzinfo is not None and found.end_at == NOW + timedelta(days=14)
    assert found.budget_amount == Decimal("1250.50")
    assert found.answers == {"ownership": "brand", "spender": "brand"}
    assert found.warnings[0]["code"] == "short_flight"
    assert (found.status, found.summary_pulled_at, found.channel_id) == ("planned", None, None)


def test_naive_instants_are_refused_rather_than_guessed(database):
    with pytest.raises(StatementError, match="aware"), database.transaction() as session:
        session.add(campaign(start_at=datetime(2026, 11, 23, 9, 30)))


def test_a_campaign_is_found_only_within_its_team(database):
    recorded = add_campaign(database)

    with database.transaction() as session:
        assert store.get_campaign(session, OTHER_TEAM, recorded.id) is None
        assert store.get_campaign(session, TEAM, recorded.id, for_update=True).id == recorded.id


def test_authorizations_belong_to_their_campaign_and_its_team(database):
    codes = [authorization(NOW + timedelta(days=3), "7001"), authorization(NOW + timedelta(days=30), "7002")]
    recorded = add_campaign(database, authorizations=codes)
    add_campaign(database, OTHER_TEAM, authorizations=[authorization(NOW, "9009")])

    with database.transaction() as session:
        found = store.authorizations_for(session, TEAM, recorded.id)
        assert store.authorizations_for(session, OTHER_TEAM, recorded.id) == []
        assert store.get_authorization(session, OTHER_TEAM, codes[0].id) is None
        assert store.get_authorization(session, TEAM, codes[0].id).ad_account_id == "7001"

    assert [(a.ad_account_id, a.campaign_id, a.team_id) for a in found] == [
        ("7001", recorded.id, TEAM),
        ("7002", recorded.id, TEAM),
    ]
    assert found[0].expires_at == NOW + timedelta(days=3)


def test_renewing_an_authorization_moves_its_expiry_and_keeps_its_history(database):
    code = authorization(NOW + timedelta(days=3))
    add_campaign(database, authorizations=[code])
    first, second = NOW + timedelta(days=33), NOW + timedelta(days=63)

    for new_expiry, actor in ((first, "U0OWNER"), (second, "U0ADMIN")):
        with database.transaction() as session:
            found = store.get_authorization(session, TEAM, code.id)
            store.renew_authorization(session, found, new_expiry, actor=actor, now=NOW)

    with database.transaction() as session:
        assert store.get_authorization(session, TEAM, code.id).expires_at == second
        history = store.renewals_for(session, TEAM, code.id)
        assert store.renewals_for(session, OTHER_TEAM, code.id) == []

    assert [(r.previous_expires_at, r.new_expires_at, r.renewed_by) for r in history] == [
        (NOW + timedelta(days=3), first, "U0OWNER"),
        (first, second, "U0ADMIN"),
    ]


def test_events_are_kept_in_order_within_their_team(database):
    recorded = add_campaign(database)
    with database.transaction() as session:
        for action in ("campaign.recorded", "flight.extended", "code.renewed"):
            store.record_event(
                session, team_id=TEAM, campaign_id=recorded.id, actor="U0OWNER", action=action, at=NOW, detail={"n": 1}
            )

    with database.transaction() as session:
        events = store.events_for(session, TEAM, recorded.id)
        assert store.events_for(session, OTHER_TEAM, recorded.id) == []

    assert [e.action for e in events] == ["campaign.recorded", "flight.extended", "code.renewed"]
    assert events[0].detail == {"n": 1}


def test_set_thread_records_the_summary_message_only_within_the_team(database):
    recorded = add_campaign(database)

    with database.transaction() as session:
        store.set_thread(session, OTHER_TEAM, recorded.id, "C0RIVAL", "9.9")
    with database.transaction() as session:
        assert store.get_campaign(session, TEAM, recorded.id).message_ts is None
        store.set_thread(session, TEAM, recorded.id, "C0GLOWCO", "1700000000.000100")
    with database.transaction() as session:
        found = store.get_campaign(session, TEAM, recorded.id)

    assert (found.channel_id, found.message_ts) == ("C0GLOWCO", "1700000000.000100")


def test_a_failed_write_never_carries_what_it_tried_to_write(database):
    first = add_campaign(database, client="Client Confidential Ltd")

    with pytest.raises(IntegrityError) as failed, database.transaction() as session:
        session.add(campaign(id=first.id, client="Client Confidential Ltd"))

    assert "Client Confidential" not in str(failed.value)
    assert "parameters hidden" in str(failed.value)
