"""The App Home's lists come from all of a user's active flights, most urgent first, with totals."""

from __future__ import annotations

from datetime import timedelta

from storage.listing import home_digest
from tests.support.factories import NOW, OTHER_TEAM, TEAM, add_campaign, add_reminder, authorization

ME, SOMEONE = "U0OWNER", "U0SOMEONE"


def digest(database, *, user=ME, team=TEAM, limit=3):
    with database.transaction() as session:
        return home_digest(session, team, user_id=user, now=NOW, limit=limit)


def test_the_code_lapsing_soonest_leads_even_on_the_flight_that_ends_last(database):
    for days in range(1, 6):  # five flights ending soon, their codes lapsing late in each
        add_campaign(
            database,
            end_at=NOW + timedelta(days=days + 10),
            authorizations=[authorization(NOW + timedelta(days=days + 5), ad_account_id=f"70000000000000000{days}")],
        )
    last = add_campaign(
        database,
        client="Ends Last",
        end_at=NOW + timedelta(days=60),
        authorizations=[authorization(NOW + timedelta(hours=20), ad_account_id="7999999999999999999")],
    )

    codes = digest(database).codes

    assert codes.total == 6
    assert codes.items[0][1].id == last.id
    assert [a.expires_at for a, _ in codes.items] == sorted(a.expires_at for a, _ in codes.items)
    assert len(codes.items) == 3


def test_only_codes_that_lapse_before_a_running_flight_ends_are_listed(database):
    add_campaign(database, end_at=NOW + timedelta(days=5), authorizations=[authorization(NOW + timedelta(days=9))])
    add_campaign(
        database,
        start_at=NOW - timedelta(days=9),
        end_at=NOW - timedelta(days=1),
        authorizations=[authorization(NOW - timedelta(days=3))],
    )

    assert digest(database).codes.total == 0


def test_reminders_failed_next_and_flights_awaiting_the_pull(database):
    running = add_campaign(database, end_at=NOW + timedelta(days=5))
    ended = add_campaign(database, start_at=NOW - timedelta(days=8), end_at=NOW - timedelta(hours=6))
    pulled = add_campaign(
        database, start_at=NOW - timedelta(days=8), end_at=NOW - timedelta(hours=7), summary_pulled_at=NOW
    )
    add_reminder(database, running, "flight.min_reached", NOW + timedelta(days=2))
    add_reminder(database, running, "flight.hold", NOW + timedelta(hours=3))
    add_reminder(database, ended, "summary.pull", NOW + timedelta(hours=18))
    add_reminder(database, running, "flight.hold", NOW - timedelta(days=1), status="failed", last_error="is_archived")
    add_reminder(database, running, "flight.hold", NOW - timedelta(days=2), status="sent")

    found = digest(database)

    assert [(r.kind, r.due_at) for r, _ in found.upcoming.items] == [
        ("flight.hold", NOW + timedelta(hours=3)),
        ("summary.pull", NOW + timedelta(hours=18)),
        ("flight.min_reached", NOW + timedelta(days=2)),
    ]
    assert [(r.last_error, c.id) for r, c in found.failed.items] == [("is_archived", running.id)]
    assert [c.id for c in found.awaiting.items] == [ended.id]
    assert pulled.id not in [c.id for c in found.awaiting.items]


def test_only_the_users_flights_in_the_users_workspace(database):
    theirs = add_campaign(database, owner_id=SOMEONE, created_by=SOMEONE, authorizations=[authorization(NOW)])
    add_reminder(database, theirs, "flight.hold", NOW + timedelta(hours=1))
    recorded_by_me = add_campaign(database, owner_id=SOMEONE, created_by=ME)
    add_reminder(database, recorded_by_me, "flight.hold", NOW + timedelta(hours=2))
    elsewhere = add_campaign(database, team_id=OTHER_TEAM, authorizations=[authorization(NOW)])
    add_reminder(database, elsewhere, "flight.hold", NOW + timedelta(hours=1))

    mine = digest(database)

    assert [c.id for _, c in mine.upcoming.items] == [recorded_by_me.id]
    assert mine.codes.total == 0
    assert digest(database, user=SOMEONE).upcoming.total == 2
