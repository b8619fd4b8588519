"""Two people (or one impatient double-click) pressing the same change at the same moment record it once.

Every check made before the campaign's row lock passes for both presses; the one made under the
lock stops the second. A barrier holds both presses just before the locked transaction, so they
really do race, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest

from bot.slack.ids import ReminderAction as Button
from tests.support.flights import (
    as_delivered,
    click,
    ephemerals,
    events,
    message_now,
    message_text,
    record_flight,
    reminder,
    run_at,
    summary_updates,
    thread_notes,
)
from tests.support.harness import ADMIN, CHANNEL, OWNER


@pytest.mark.parametrize(
    ("kind", "action", "event", "note"),
    [
        pytest.param("flight.min_reached", Button.END_FLIGHT, "flight.ended", "Flight ended by", id="end-flight"),
    ],
)
def test_two_presses_at_once_record_the_change_once(flightdeck_any, monkeypatch, kind, action, event, note):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    row = reminder(flightdeck, campaign, kind)
    run_at(flightdeck, row.due_at)
    message = as_delivered(flightdeck, row)
    campaigns = flightdeck.deps.campaigns
    both_checked = threading.Barrier(2, timeout=5)
    change = campaigns.change

    def change_once_both_have_checked(*args, **kwargs):
        both_checked.wait()
        return change(*args, **kwargs)

    monkeypatch.setattr(campaigns, "change", change_once_both_have_checked)
    updates = len(summary_updates(flightdeck, campaign))
    presses = [
        threading.Thread(target=click, args=(flightdeck, message, CHANNEL, action), kwargs={"user": user})
        for user in (OWNER, ADMIN)
    ]
    for press in presses:
        press.start()
    for press in presses:
        press.join()

    # Each press is answered: by redrawing the summary (it changed the flight) or by a refusal.
    flightdeck.emulator.wait_for(
        lambda: len(summary_updates(flightdeck, campaign)) - updates + len(ephemerals(flightdeck)) >= 2
    )
    assert [e.action for e in events(flightdeck, campaign)].count(event) == 1
    [refusal] = ephemerals(flightdeck)
    assert "already" in refusal
    assert len([n for n in thread_notes(flightdeck, campaign) if n.startswith(("⏹", "📊"))]) == 1
    # The second press leaves the message as the first one closed it: who did what, no buttons.
    flightdeck.emulator.wait_for(lambda: note in message_text(message_now(flightdeck, CHANNEL, message["ts"])))
    assert "already" not in message_text(message_now(flightdeck, CHANNEL, message["ts"]))
