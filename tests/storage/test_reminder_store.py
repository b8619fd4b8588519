"""The reminders table on SQLite and PostgreSQL: replanning, claiming with a lease, settling a claim.

Every query is scoped to a Slack team; each test also shows another team's rows left alone.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.vocabulary import ReminderStatus
from storage import reminders as store
from tests.support.factories import NOW, OTHER_TEAM, TEAM, add_campaign, add_reminder, authorization, reminder, statuses

LEASE = timedelta(minutes=2)
HOUR = timedelta(hours=1)


def claim(database, token, *, now=NOW, limit=100, team_id=TEAM):
    return store.claim_due(database, team_id=team_id, now=now, lease=LEASE, limit=limit, token=token)


def replace(database, flight, planned, *, now=NOW, team_id=None):
    with database.transaction() as session:
        return store.replace_plan(
            session, team_id=team_id or flight.team_id, campaign_id=flight.id, planned=planned, now=now
        )


def sent(database, reminder_id, token, *, team_id=TEAM):
    return store.mark_sent(
        database,
        team_id=team_id,
        reminder_id=reminder_id,
        token=token,
        channel="C0GLOWCO",
        ts="1.2",
        late=False,
        now=NOW,
    )


# -- replace_plan ---------------------------------------------------------------------------------------


def test_replace_plan_adds_the_reminders_still_ahead_and_never_past_ones(database):
    flight = add_campaign(database)

    result = replace(
        database,
        flight,
        [store.PlannedRow("flight.hold", NOW - HOUR), store.PlannedRow("flight.min_reached", NOW + 72 * HOUR)],
    )

    assert (result.kept, result.added, result.cancelled) == (0, 1, 0)
    with database.transaction() as session:
        [row] = store.reminders_for(session, TEAM, flight.id)
    assert (row.kind, row.status) == ("flight.min_reached", ReminderStatus.PENDING)
    assert row.planned_at == row.due_at == row.available_at == NOW + 72 * HOUR


def test_replace_plan_keeps_unchanged_open_reminders_with_their_snooze_and_claim(database):
    flight = add_campaign(database)
    pending = add_reminder(database, flight, "flight.hold", NOW + HOUR)
    snoozed = add_reminder(
        database, flight, "flight.min_reached", NOW - HOUR, due_at=NOW + 2 * HOUR, available_at=NOW + 2 * HOUR
    )
    claimed = add_reminder(database, flight, "summary.pull", NOW - HOUR)
    claim(database, "t1")
    planned = [
        store.PlannedRow("flight.hold", NOW + HOUR),
        store.PlannedRow("flight.min_reached", NOW - HOUR),
        store.PlannedRow("summary.pull", NOW - HOUR),
    ]

    result = replace(database, flight, planned)

    assert (result.kept, result.added, result.cancelled) == (3, 0, 0)
    assert reminder(database, pending.id).status == ReminderStatus.PENDING
    assert reminder(database, snoozed.id).due_at == NOW + 2 * HOUR
    assert reminder(database, snoozed.id).available_at == NOW + 2 * HOUR
    assert store.still_claimed(database, team_id=TEAM, reminder_id=claimed.id, token="t1")


def test_replace_plan_cancels_changed_reminders_and_adds_their_new_instants(database):
    flight = add_campaign(database)
    moved = add_reminder(database, flight, "summary.pull", NOW + HOUR)
    dropped = add_reminder(database, flight, "summary.overdue", NOW + 2 * HOUR)

    result = replace(database, flight, [store.PlannedRow("summary.pull", NOW + 25 * HOUR)])

    assert (result.kept, result.added, result.cancelled) == (0, 1, 2)
    with database.transaction() as session:
        rows = store.reminders_for(session, TEAM, flight.id)
    assert [(r.kind, r.planned_at, r.status) for r in rows] == [
        ("summary.pull", NOW + HOUR, ReminderStatus.CANCELLED),
        ("summary.overdue", NOW + 2 * HOUR, ReminderStatus.CANCELLED),
        ("summary.pull", NOW + 25 * HOUR, ReminderStatus.PENDING),
    ]
    assert {moved.id, dropped.id} < {r.id for r in rows}


def test_replace_plan_cancels_a_claimed_reminder_so_its_holder_cannot_send_it(database):
    flight = add_campaign(database)
    due = add_reminder(database, flight, "flight.hold", NOW - HOUR)
    [claimed_id] = claim(database, "t1")

    replace(database, flight, [store.PlannedRow("flight.hold", NOW + 24 * HOUR)])

    assert claimed_id == due.id
    assert reminder(database, due.id).status == ReminderStatus.CANCELLED
    assert not store.still_claimed(database, team_id=TEAM, reminder_id=due.id, token="t1")
    assert not sent(database, due.id, "t1")
    assert reminder(database, due.id).status == ReminderStatus.CANCELLED


def test_replace_plan_leaves_reminders_already_sent_or_answered_alone(database):
    flight = add_campaign(database)
    was_sent = add_reminder(database, flight, "flight.hold", NOW - 24 * HOUR, status=ReminderStatus.SENT)
    done = add_reminder(database, flight, "flight.min_reached", NOW - HOUR, status=ReminderStatus.DONE)

    result = replace(database, flight, [])

    assert result.cancelled == 0
    assert statuses(database, flight) == {was_sent.id: ReminderStatus.SENT, done.id: ReminderStatus.DONE}


def test_replace_plan_touches_only_its_own_campaign(database):
    flight = add_campaign(database)
    neighbour = add_campaign(database)
    theirs = add_reminder(database, neighbour, "flight.hold", NOW + HOUR)

    replace(database, flight, [])

    assert reminder(database, theirs.id).status == ReminderStatus.PENDING


def test_replace_plan_for_another_team_touches_nothing(database):
    flight = add_campaign(database)
    pending = add_reminder(database, flight, "flight.hold", NOW + HOUR)

    result = replace(database, flight, [], team_id=OTHER_TEAM)

    assert result.cancelled == 0
    assert reminder(database, pending.id).status == ReminderStatus.PENDING


# -- reading ---------------------------------------------------------------------------------------------


def test_reminders_are_read_only_within_their_team(database):
    flight = add_campaign(database)
    row = add_reminder(database, flight, "flight.hold", NOW + HOUR)

    with database.transaction() as session:
        assert store.get_reminder(session, OTHER_TEAM, row.id) is None
        assert store.reminders_for(session, OTHER_TEAM, flight.id) == []
        assert [r.id for r in store.reminders_for(session, TEAM, flight.id)] == [row.id]


def test_due_kinds_lists_every_open_reminder_already_due_per_campaign(database):
    """Sent, answered and cancelled reminders belong to a plan that moved on: they don't count."""
    code = authorization(NOW + 24 * HOUR)
    flight = add_campaign(database, authorizations=[code])
    other_flight = add_campaign(database)
    add_reminder(database, flight, "code.renew", NOW - 48 * HOUR, authorization_id=code.id, status=ReminderStatus.SENT)
    add_reminder(database, flight, "code.swap", NOW - HOUR, authorization_id=code.id, status=ReminderStatus.CLAIMED)
    add_reminder(database, flight, "code.expired", NOW + 24 * HOUR, authorization_id=code.id)
    add_reminder(database, flight, "flight.hold", NOW - HOUR, status=ReminderStatus.CANCELLED)
    add_reminder(database, other_flight, "summary.pull", NOW)
    rival = add_campaign(database, OTHER_TEAM)
    add_reminder(database, rival, "summary.overdue", NOW - HOUR)

    with database.transaction() as session:
        found = store.due_kinds(session, team_id=TEAM, campaign_ids=[flight.id, other_flight.id, rival.id], now=NOW)

    assert {campaign_id: sorted(kinds) for campaign_id, kinds in found.items()} == {
        flight.id: [store.DueNow("code.swap", code.id, NOW - HOUR)],
        other_flight.id: [store.DueNow("summary.pull", None, NOW)],
    }


# -- claiming --------------------------------------------------------------------------------------------


def test_claim_due_takes_only_pending_reminders_that_are_due(database):
    flight = add_campaign(database)
    due = add_reminder(database, flight, "flight.hold", NOW - HOUR)
    also_due = add_reminder(database, flight, "summary.pull", NOW)
    add_reminder(database, flight, "flight.min_reached", NOW + HOUR)
    add_reminder(database, flight, "summary.overdue", NOW - HOUR, available_at=NOW + HOUR)  # snoozed or backing off
    for status in (ReminderStatus.SENT, ReminderStatus.DONE, ReminderStatus.SKIPPED, ReminderStatus.CANCELLED):
        add_reminder(database, flight, "flight.hold", NOW - HOUR, status=status)
    add_reminder(database, flight, "code.renew", NOW - HOUR, status=ReminderStatus.FAILED)

    ids = claim(database, "t1")

    assert ids == sorted([due.id, also_due.id])
    for reminder_id in ids:
        row = reminder(database, reminder_id)
        assert (row.status, row.claim_token, row.lease_until) == (ReminderStatus.CLAIMED, "t1", NOW + LEASE)


def test_claim_due_never_takes_another_teams_reminders(database):
    rival = add_campaign(database, OTHER_TEAM)
    theirs = add_reminder(database, rival, "flight.hold", NOW - HOUR)

    assert claim(database, "t1") == []
    assert reminder(database, theirs.id, OTHER_TEAM).status == ReminderStatus.PENDING
    assert claim(database, "t2", team_id=OTHER_TEAM) == [theirs.id]


def test_claim_due_respects_the_limit_and_leaves_the_rest_for_the_next_claim(database):
    flight = add_campaign(database)
    rows = [add_reminder(database, flight, "flight.hold", NOW - i * HOUR) for i in range(5)]

    first = claim(database, "t1", limit=3)
    second = claim(database, "t2", limit=3)

    assert (len(first), len(second)) == (3, 2)
    assert sorted(first + second) == sorted(r.id for r in rows)
    assert claim(database, "t3", limit=3) == []


def test_claim_due_takes_the_longest_waiting_first(database):
    flight = add_campaign(database)
    newest = add_reminder(database, flight, "summary.pull", NOW - HOUR)
    oldest = add_reminder(database, flight, "flight.hold", NOW - 3 * HOUR)

    assert claim(database, "t1", limit=1) == [oldest.id]
    assert claim(database, "t2", limit=1) == [newest.id]


def test_a_claimed_reminder_is_not_claimed_again_while_its_lease_holds(database):
    flight = add_campaign(database)
    row = add_reminder(database, flight, "flight.hold", NOW - HOUR)

    assert claim(database, "t1") == [row.id]
    assert claim(database, "t2") == []
    assert claim(database, "t2", now=NOW + LEASE - timedelta(seconds=1)) == []
    assert reminder(database, row.id).claim_token == "t1"


def test_a_claim_whose_lease_ran_out_is_taken_over_and_the_first_holder_loses_it(database):
    flight = add_campaign(database)
    row = add_reminder(database, flight, "flight.hold", NOW - HOUR)
    claim(database, "t1")

    later = NOW + LEASE + timedelta(seconds=1)
    assert claim(database, "t2", now=later) == [row.id]

    assert not store.still_claimed(database, team_id=TEAM, reminder_id=row.id, token="t1")
    assert not sent(database, row.id, "t1")
    assert sent(database, row.id, "t2")
    assert reminder(database, row.id).status == ReminderStatus.SENT


def test_extend_lease_keeps_a_slow_batch_from_being_taken_over(database):
    flight = add_campaign(database)
    mine = add_reminder(database, flight, "flight.hold", NOW - HOUR)
    claim(database, "t1")
    rival = add_campaign(database, OTHER_TEAM)
    theirs = add_reminder(database, rival, "flight.hold", NOW - HOUR)
    claim(database, "t1", team_id=OTHER_TEAM)

    store.extend_lease(database, team_id=TEAM, token="t1", until=NOW + 10 * LEASE)

    assert reminder(database, mine.id).lease_until == NOW + 10 * LEASE
    assert reminder(database, theirs.id, OTHER_TEAM).lease_until == NOW + LEASE
    assert claim(database, "t2", now=NOW + 5 * LEASE) == []
    assert claim(database, "t2", now=NOW + 11 * LEASE) == [mine.id]


def test_load_claimed_returns_this_holders_reminders_with_their_campaign_and_authorization(database):
    code = authorization(NOW + 24 * HOUR)
    flight = add_campaign(database, authorizations=[code])
    renew = add_reminder(database, flight, "code.renew", NOW - 2 * HOUR, authorization_id=code.id)
    hold = add_reminder(database, flight, "flight.hold", NOW - HOUR)
    ids = claim(database, "t1")

    with database.transaction() as session:
        loaded = store.load_claimed(session, team_id=TEAM, token="t1", ids=ids)
        assert store.load_claimed(session, team_id=TEAM, token="t2", ids=ids) == []
        assert store.load_claimed(session, team_id=OTHER_TEAM, token="t1", ids=ids) == []

    assert [(c.reminder.id, c.campaign.id) for c in loaded] == [(renew.id, flight.id), (hold.id, flight.id)]
    assert loaded[0].authorization.id == code.id
    assert loaded[1].authorization is None


# -- settling a claim ------------------------------------------------------------------------------------


def test_mark_sent_records_the_slack_message_while_the_claim_holds(database):
    flight = add_campaign(database)
    row = add_reminder(database, flight, "flight.hold", NOW - HOUR)
    claim(database, "t1")

    assert not sent(database, row.id, "t1", team_id=OTHER_TEAM)
    assert not sent(database, row.id, "t2")
    assert reminder(database, row.id).status == ReminderStatus.CLAIMED
    assert store.mark_sent(
        database, team_id=TEAM, reminder_id=row.id, token="t1", channel="C0GLOWCO", ts="17.4", late=True, now=NOW
    )

    after = reminder(database, row.id)
    assert (after.status, after.slack_channel, after.slack_ts, after.late) == (
        ReminderStatus.SENT,
        "C0GLOWCO",
        "17.4",
        True,
    )
    assert (after.sent_at, after.lease_until) == (NOW, None)
    assert not store.still_claimed(database, team_id=TEAM, reminder_id=row.id, token="t1")
    assert not sent(database, row.id, "t1")


def test_mark_skipped_records_why_while_the_claim_holds(database):
    flight = add_campaign(database)
    row = add_reminder(database, flight, "code.renew", NOW - HOUR)
    claim(database, "t1")

    assert not store.mark_skipped(database, team_id=TEAM, reminder_id=row.id, token="t2", reason="x", now=NOW)
    assert store.mark_skipped(database, team_id=TEAM, reminder_id=row.id, token="t1", reason="superseded", now=NOW)

    after = reminder(database, row.id)
    assert (after.status, after.last_error) == (ReminderStatus.SKIPPED, "superseded")


def test_mark_failed_records_the_error_and_the_attempt_while_the_claim_holds(database):
    flight = add_campaign(database)
    row = add_reminder(database, flight, "flight.hold", NOW - HOUR, attempts=2)
    claim(database, "t1")
    error = "channel_not_found " * 50

    assert not store.mark_failed(database, team_id=OTHER_TEAM, reminder_id=row.id, token="t1", error=error, now=NOW)
    assert store.mark_failed(database, team_id=TEAM, reminder_id=row.id, token="t1", error=error, now=NOW)

    after = reminder(database, row.id)
    assert (after.status, after.attempts, after.last_error) == (ReminderStatus.FAILED, 3, error[:500])


def test_release_hands_a_reminder_back_to_pending_from_a_later_instant(database):
    flight = add_campaign(database)
    row = add_reminder(database, flight, "flight.hold", NOW - HOUR)
    claim(database, "t1")
    retry_at = NOW + timedelta(seconds=30)

    def release(token, team_id=TEAM):
        store.release(
            database,
            team_id=team_id,
            reminder_ids=[row.id],
            token=token,
            available_at=retry_at,
            error="ratelimited",
            count_attempt=True,
            now=NOW,
        )

    release("t2")
    release("t1", team_id=OTHER_TEAM)
    assert reminder(database, row.id).status == ReminderStatus.CLAIMED

    release("t1")

    after = reminder(database, row.id)
    assert (after.status, after.claim_token, after.lease_until) == (ReminderStatus.PENDING, None, None)
    assert (after.available_at, after.attempts, after.last_error) == (retry_at, 1, "ratelimited")
    assert after.due_at == NOW - HOUR  # lateness still counts from when it was due
    assert claim(database, "t2", now=retry_at - timedelta(seconds=1)) == []
    assert claim(database, "t2", now=retry_at) == [row.id]
