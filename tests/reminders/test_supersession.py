"""After downtime, a missed reminder is skipped when a later kind of its chain is also due (docs/schedule.md).

code.renew < code.swap < code.expired, per authorization; summary.pull < summary.overdue.
Flight reminders are never superseded by another kind: each says something the others do not. Of
weekly reviews missed together, only the latest goes.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.plan import is_repeated_later, is_superseded
from bot.core.vocabulary import Kind

RENEW, SWAP, EXPIRED = Kind.CODE_RENEW, Kind.CODE_SWAP, Kind.CODE_EXPIRED
PULL, OVERDUE = Kind.SUMMARY_PULL, Kind.SUMMARY_OVERDUE
HOLD, MIN_REACHED = Kind.FLIGHT_HOLD, Kind.FLIGHT_MIN_REACHED
CODE, OTHER_CODE = 1, 2

CASES = [
    # (missed reminder, its authorization, also due now, superseded?)
    pytest.param(RENEW, CODE, [(SWAP, CODE)], True, id="renew-by-swap"),
    pytest.param(RENEW, CODE, [(EXPIRED, CODE)], True, id="renew-by-expired"),
    pytest.param(SWAP, CODE, [(EXPIRED, CODE)], True, id="swap-by-expired"),
    pytest.param(RENEW, CODE, [(RENEW, CODE), (SWAP, CODE), (EXPIRED, CODE)], True, id="renew-by-whole-chain"),
    pytest.param(SWAP, CODE, [(RENEW, CODE)], False, id="swap-not-by-earlier-renew"),
    pytest.param(EXPIRED, CODE, [(RENEW, CODE), (SWAP, CODE)], False, id="expired-is-last-of-chain"),
    pytest.param(RENEW, CODE, [(RENEW, CODE)], False, id="renew-not-by-itself"),
    pytest.param(RENEW, CODE, [(SWAP, OTHER_CODE)], False, id="renew-not-by-another-codes-swap"),
    pytest.param(SWAP, CODE, [(EXPIRED, OTHER_CODE)], False, id="swap-not-by-another-codes-expiry"),
    pytest.param(RENEW, CODE, [(SWAP, OTHER_CODE), (SWAP, CODE)], True, id="renew-by-own-swap-among-others"),
    pytest.param(PULL, None, [(OVERDUE, None)], True, id="pull-by-overdue"),
    pytest.param(OVERDUE, None, [(PULL, None)], False, id="overdue-not-by-earlier-pull"),
    pytest.param(PULL, None, [(EXPIRED, CODE)], False, id="pull-not-by-code-chain"),
    pytest.param(RENEW, CODE, [(OVERDUE, None)], False, id="renew-not-by-summary-chain"),
    pytest.param(HOLD, None, [(MIN_REACHED, None)], False, id="hold-not-by-min-reached"),
    pytest.param(HOLD, None, [(PULL, None), (OVERDUE, None)], False, id="hold-not-by-summary"),
    pytest.param(MIN_REACHED, None, [(OVERDUE, None), (EXPIRED, CODE)], False, id="min-reached-never"),
    pytest.param(RENEW, CODE, [], False, id="nothing-else-due"),
]


@pytest.mark.parametrize(("kind", "authorization_id", "due_now", "superseded"), CASES)
def test_missed_reminder_is_superseded_only_by_a_later_kind_of_its_own_chain(
    kind, authorization_id, due_now, superseded
):
    assert is_superseded(kind, authorization_id, due_now) is superseded


REVIEW = Kind.FLIGHT_REVIEW
WEEK_1, WEEK_2 = datetime(2026, 11, 30, 14, 30, tzinfo=UTC), datetime(2026, 12, 7, 14, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "planned_at", "due_now", "superseded"),
    [
        # Weekly reviews missed together: only the latest goes, since it asks all the others did.
        pytest.param(REVIEW, WEEK_1, [(REVIEW, WEEK_1), (REVIEW, WEEK_2)], True, id="review-by-next-weeks"),
        pytest.param(REVIEW, WEEK_2, [(REVIEW, WEEK_1), (REVIEW, WEEK_2)], False, id="latest-review-goes"),
        pytest.param(REVIEW, WEEK_1, [(REVIEW, WEEK_1)], False, id="review-alone"),
        pytest.param(REVIEW, WEEK_1, [(HOLD, WEEK_2), (OVERDUE, WEEK_2)], False, id="review-not-by-other-kinds"),
        # Only the review repeats: other kinds are never superseded by a later one of their own kind.
        pytest.param(PULL, WEEK_1, [(PULL, WEEK_2)], False, id="pull-not-by-a-later-pull"),
    ],
)
def test_of_missed_weekly_reviews_only_the_latest_goes(kind, planned_at, due_now, superseded):
    assert is_repeated_later(kind, planned_at, due_now) is superseded
