"""A reminder to act before a code lapses never goes out once it has lapsed."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from storage.models import Reminder
from tests.support.flights import authorizations, posts_of, record_flight, reload, reminder, run_at


def _move(flightdeck, row: Reminder, **values) -> None:
    with flightdeck.database.engine.begin() as connection:
        connection.execute(sa.update(Reminder).where(Reminder.id == row.id).values(**values))


def test_a_swap_reminder_held_past_the_expiry_is_skipped_not_sent(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    expires_at = authorizations(flightdeck, campaign)[0].expires_at
    swap = reminder(flightdeck, campaign, "code.swap")
    expired = reminder(flightdeck, campaign, "code.expired")
    # The code.expired reminder has been answered; the swap was put off until after the expiry.
    _move(flightdeck, expired, status="done")
    later = expires_at + timedelta(hours=9, minutes=30)
    _move(flightdeck, swap, due_at=later, available_at=later)

    run_at(flightdeck, later)

    assert posts_of(flightdeck, swap) == []
    row = reload(flightdeck, swap)
    assert row.status == "skipped" and "expired" in row.last_error


def test_a_swap_reminder_due_before_the_expiry_is_sent(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    swap = reminder(flightdeck, campaign, "code.swap")

    run_at(flightdeck, swap.due_at)

    assert len(posts_of(flightdeck, swap)) == 1
    assert reload(flightdeck, swap).status == "sent"
