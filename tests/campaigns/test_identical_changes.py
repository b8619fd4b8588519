"""Six identical requests for the same change, fired at once, take effect once.

Each change (extend, end, renew the code, cancel, change owner) checks its
preconditions under the campaign's row lock. A barrier holds all six requests just before the
locked transaction, so every check made before it passes for each of them and only the one made
under the lock can tell the duplicates apart: on SQLite and on PostgreSQL. (Summary pulled, now
the results modal, has its own race in tests/results.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from tests.support import slack_requests as slack
from tests.support.flights import (
    SPARK_LAST_DAY,
    authorizations,
    campaign_now,
    choose,
    ephemerals,
    events,
    modal_after,
    record_flight,
    renewals,
    summary_message,
    summary_updates,
    thread_notes,
)
from tests.support.harness import OWNER, TEAMMATE, Flightdeck
from tests.support.modal import state_values
from tests.support.slack_requests import Reply

SIX = 6


def all_at_once(flightdeck: Flightdeck, monkeypatch, payload: dict) -> list[Reply]:
    """Send `payload` six times at the same moment; each waits at the row lock's door for the others."""
    return racing(flightdeck, monkeypatch, [payload] * SIX)


def racing(flightdeck: Flightdeck, monkeypatch, payloads: list[dict]) -> list[Reply]:
    """Send every payload at the same moment, each held just before the locked change until all are there."""
    campaigns = flightdeck.deps.campaigns
    at_the_lock = threading.Barrier(len(payloads), timeout=10)
    change = campaigns.change

    def change_once_all_have_checked(*args, **kwargs):
        at_the_lock.wait()
        return change(*args, **kwargs)

    monkeypatch.setattr(campaigns, "change", change_once_all_have_checked)
    replies: list[Reply | None] = [None] * len(payloads)
    start = threading.Barrier(len(payloads))

    def send(index: int) -> None:
        start.wait()
        replies[index] = flightdeck.sender.interaction(payloads[index])

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not at_the_lock.broken, "the requests never all reached the change"
    return replies


def submission(flightdeck: Flightdeck, campaign, choice: str, answers: dict | None = None) -> dict:
    """The submission of the modal `choice` opens from the flight's menu, filled with `answers`."""
    modal = modal_after(flightdeck, lambda: choose(flightdeck, campaign, choice))
    return slack.view_submission(modal, state_values(modal, answers), user_id=OWNER)


def menu_pick(flightdeck: Flightdeck, campaign, choice: str) -> dict:
    """`choice` picked from the flight's menu (as the summary offers it once the flight's last day is past)."""
    option = {"text": {"type": "plain_text", "text": choice}, "value": f"{choice}:{campaign.id}"}
    action = {"type": "overflow", "action_id": "flight_menu", "block_id": "menu", "selected_option": option}
    return slack.message_block_actions(
        summary_message(flightdeck, campaign), campaign.channel_id, action, user_id=OWNER
    )


def confirmed_once(flightdeck: Flightdeck, campaign, action: str, mark: str) -> None:
    """One event, and (once the winner has said so) one confirmation in the thread."""
    flightdeck.emulator.wait_for(lambda: [n for n in thread_notes(flightdeck, campaign) if n.startswith(mark)])
    assert [e.action for e in events(flightdeck, campaign)].count(action) == 1
    assert len([n for n in thread_notes(flightdeck, campaign) if n.startswith(mark)]) == 1


def closed_silently(replies: list[Reply]) -> None:
    """Every submission closed its modal: the duplicates found the change already made, and said nothing."""
    assert [(r.status, r.body) for r in replies] == [(200, "")] * SIX


def test_six_extensions_extend_once(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    new_last_day = SPARK_LAST_DAY + timedelta(days=7)
    payload = submission(flightdeck, campaign, "extend", {"extend_last_day": new_last_day.isoformat()})

    closed_silently(all_at_once(flightdeck, monkeypatch, payload))

    confirmed_once(flightdeck, campaign, "flight.extended", "📅")
    assert campaign_now(flightdeck, campaign).end_at == campaign.end_at + timedelta(days=7)
    [extended] = [e for e in events(flightdeck, campaign) if e.action == "flight.extended"]
    assert extended.detail["previous_end_at"] == campaign.end_at.isoformat()


def test_six_renewals_of_a_code_record_one_renewal(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    [code] = authorizations(flightdeck, campaign)
    payload = submission(flightdeck, campaign, "renew", {"renew_valid_for": "60"})

    closed_silently(all_at_once(flightdeck, monkeypatch, payload))

    confirmed_once(flightdeck, campaign, "code.renewed", "🔑")
    [renewal] = renewals(flightdeck, code.id)
    assert renewal.previous_expires_at == code.expires_at
    assert authorizations(flightdeck, campaign)[0].expires_at == renewal.new_expires_at > code.expires_at


def test_six_cancellations_cancel_once(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    payload = submission(flightdeck, campaign, "cancel")

    closed_silently(all_at_once(flightdeck, monkeypatch, payload))

    confirmed_once(flightdeck, campaign, "campaign.cancelled", "🛑")
    assert campaign_now(flightdeck, campaign).status == "cancelled"


def test_six_owner_changes_change_the_owner_once(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    payload = submission(flightdeck, campaign, "owner", {"change_owner_user": TEAMMATE})

    closed_silently(all_at_once(flightdeck, monkeypatch, payload))

    confirmed_once(flightdeck, campaign, "owner.changed", "👤")
    assert campaign_now(flightdeck, campaign).owner_id == TEAMMATE
    [changed] = [e for e in events(flightdeck, campaign) if e.action == "owner.changed"]
    assert changed.detail == {"previous_owner_id": OWNER, "owner_id": TEAMMATE}


def menu_race(flightdeck: Flightdeck, monkeypatch, campaign, choice: str) -> Callable[[], int]:
    """Pick `choice` six times at once from the flight's menu; returns how to count the answers so far."""
    updates = len(summary_updates(flightdeck, campaign))
    replies = all_at_once(flightdeck, monkeypatch, menu_pick(flightdeck, campaign, choice))
    assert [r.status for r in replies] == [200] * SIX
    # Each pick is answered: the winner redraws the summary; each duplicate says why not (and redraws too).
    flightdeck.emulator.wait_for(lambda: len(ephemerals(flightdeck)) >= SIX - 1)
    return lambda: len(summary_updates(flightdeck, campaign)) - updates


def test_six_ends_end_the_flight_once(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)

    menu_race(flightdeck, monkeypatch, campaign, "end")

    confirmed_once(flightdeck, campaign, "flight.ended", "⏹")
    ended = campaign_now(flightdeck, campaign)
    assert ended.status == "ended" and ended.end_at == flightdeck.clock.now()
    refusals = ephemerals(flightdeck)
    assert len(refusals) == SIX - 1 and all("already ended" in r for r in refusals), refusals


def test_a_shorter_extension_racing_a_longer_one_never_shortens_the_flight(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    longer, shorter = (
        submission(
            flightdeck, campaign, "extend", {"extend_last_day": (SPARK_LAST_DAY + timedelta(days=d)).isoformat()}
        )
        for d in (7, 3)
    )

    long_reply, short_reply = racing(flightdeck, monkeypatch, [longer, shorter])

    # Whichever took the lock first, the flight ends up running the longer one's week more.
    assert long_reply.body == ""
    assert campaign_now(flightdeck, campaign).end_at == campaign.end_at + timedelta(days=7)
    extensions = [e for e in events(flightdeck, campaign) if e.action == "flight.extended"]
    if short_reply.body:
        # The longer extension got there first: the shorter one is refused in its modal, against the new last day.
        assert short_reply.json() == {
            "response_action": "errors",
            "errors": {"extend_last_day": "This flight now runs through Sun 13 Dec: pick a day after that."},
        }
        assert len(extensions) == 1
    else:
        assert [e.detail["end_at"] for e in extensions] == [
            (campaign.end_at + timedelta(days=3)).isoformat(),
            (campaign.end_at + timedelta(days=7)).isoformat(),
        ]
