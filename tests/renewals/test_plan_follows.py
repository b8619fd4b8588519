"""The plan and the reminders' view of a renewal, as tables: pure, no Slack, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.plan import CodeFacts, FlightFacts, code_expiry_of, plan
from bot.core.policy import ReminderSchedule
from bot.core.renewal import RenewalEvent, RenewalState, next_state, state_for_code
from bot.core.vocabulary import Kind

START = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
END = START + timedelta(days=14)
OLD = START + timedelta(days=7)
SCHEDULE = ReminderSchedule()


def codes(code: CodeFacts) -> list[tuple[Kind, datetime]]:
    flight = FlightFacts(start_at=START, end_at=END, timezone="America/New_York", codes=(code,))
    return [(r.kind, r.due_at) for r in plan(flight, SCHEDULE) if r.authorization_id == code.authorization_id]


def test_a_code_waiting_for_its_swap_keeps_the_old_codes_swap_and_expiry_and_plans_the_new_ones():
    new = START + timedelta(days=12)
    assert codes(CodeFacts(1, new, swap_by=OLD)) == [
        (Kind.CODE_SWAP, OLD - SCHEDULE.swap_before_expiry),
        (Kind.CODE_EXPIRED, OLD),
        (Kind.CODE_RENEW, new - SCHEDULE.renew_before_expiry),
        (Kind.CODE_SWAP, new - SCHEDULE.swap_before_expiry),
        (Kind.CODE_EXPIRED, new),
    ]


def test_a_new_code_that_outlives_the_flight_leaves_only_the_old_codes_swap():
    assert codes(CodeFacts(1, END + timedelta(days=30), swap_by=OLD)) == [
        (Kind.CODE_SWAP, OLD - SCHEDULE.swap_before_expiry),
        (Kind.CODE_EXPIRED, OLD),
    ]


def test_without_a_waiting_code_the_plan_is_the_usual_chain():
    assert [kind for kind, _ in codes(CodeFacts(1, OLD))] == [Kind.CODE_RENEW, Kind.CODE_SWAP, Kind.CODE_EXPIRED]


@pytest.mark.parametrize("kind", [Kind.CODE_RENEW, Kind.CODE_SWAP, Kind.CODE_EXPIRED])
def test_each_code_reminder_counts_down_to_its_expiry(kind):
    [due] = [at for k, at in codes(CodeFacts(1, OLD)) if k is kind]
    assert code_expiry_of(kind, due, SCHEDULE) == OLD
    assert code_expiry_of(Kind.SUMMARY_PULL, due, SCHEDULE) is None


@pytest.mark.parametrize(
    ("state", "reminder_about", "seen"),
    [
        (RenewalState.NONE, OLD, RenewalState.NONE),
        (RenewalState.REQUESTED, OLD, RenewalState.REQUESTED),
        (RenewalState.RECEIVED, OLD, RenewalState.RECEIVED),  # the old code's swap: the new one is in
        (RenewalState.RECEIVED, OLD + timedelta(days=5), RenewalState.NONE),  # the new code's own: not asked yet
        (RenewalState.SWAPPED, OLD + timedelta(days=5), RenewalState.NONE),  # a new round
    ],
)
def test_what_a_code_reminder_sees_of_the_renewal(state, reminder_about, seen):
    swap_by = OLD if state is RenewalState.RECEIVED else None
    assert state_for_code(state, swap_by, reminder_about) is seen


@pytest.mark.parametrize(
    ("event", "after"), [(RenewalEvent.REQUEST, RenewalState.REQUESTED), (RenewalEvent.RECEIVE, RenewalState.RECEIVED)]
)
def test_after_a_swap_the_next_request_or_code_starts_a_new_round(event, after):
    assert next_state(RenewalState.SWAPPED, event) is after
