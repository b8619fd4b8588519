"""Two presses of a renewal step at the same moment record it once, on SQLite and on PostgreSQL.

A barrier holds both just before the flight's locked transaction, so they really race; the check made
under the lock (the renewal's state, the modal already recorded) stops the second.
"""

from __future__ import annotations

import threading

from tests.support.flights import click, ephemerals, events, record_flight, summary_updates, thread_notes
from tests.support.harness import ADMIN, CHANNEL, OWNER
from tests.support.renewals import ask_from_reminder, delivered, renew_from_menu, renewal_of


def racing(flightdeck, monkeypatch, *acts):
    campaigns = flightdeck.deps.campaigns
    both_checked = threading.Barrier(len(acts), timeout=5)
    change = campaigns.change

    def change_once_all_have_checked(*args, **kwargs):
        both_checked.wait()
        return change(*args, **kwargs)

    monkeypatch.setattr(campaigns, "change", change_once_all_have_checked)
    threads = [threading.Thread(target=act) for act in acts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_two_swaps_at_once_record_one(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    renew_from_menu(flightdeck, campaign, {"renew_issued_on": "2026-11-23", "renew_valid_for": "30"})
    _, message = delivered(flightdeck, campaign, "code.swap", status="pending")
    updates = len(summary_updates(flightdeck, campaign))

    presses = [
        lambda user=user: click(flightdeck, message, CHANNEL, "reminder_swapped", user=user) for user in (OWNER, ADMIN)
    ]
    racing(flightdeck, monkeypatch, *presses)

    flightdeck.emulator.wait_for(
        lambda: len(summary_updates(flightdeck, campaign)) - updates + len(ephemerals(flightdeck)) >= 2
    )
    assert [e.action for e in events(flightdeck, campaign)].count("code.swapped") == 1
    [refusal] = ephemerals(flightdeck)
    assert "already" in refusal
    assert len([n for n in thread_notes(flightdeck, campaign) if n.startswith("🔁")]) == 1
    assert renewal_of(flightdeck, campaign).state == "swapped"


def test_ive_sent_it_submitted_twice_at_once_records_one_request(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    _, message = delivered(flightdeck, campaign, "code.renew")
    view = ask_from_reminder(flightdeck, message)
    replies = []

    racing(flightdeck, monkeypatch, *(lambda: replies.append(flightdeck.submit(view, {})) for _ in range(2)))

    assert [(r.status, r.body) for r in replies] == [(200, ""), (200, "")]
    assert [e.action for e in events(flightdeck, campaign)].count("code.requested") == 1
    flightdeck.emulator.wait_for(lambda: thread_notes(flightdeck, campaign))
    assert len(thread_notes(flightdeck, campaign)) == 1
