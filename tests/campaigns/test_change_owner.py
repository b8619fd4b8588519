"""Change owner, from the flight's menu: who may, what it checks, and what the new owner gets."""

from __future__ import annotations

import pytest

from tests.support import slack_requests as slack
from tests.support.flights import (
    campaign_now,
    choose,
    ephemerals,
    events,
    handled,
    message_text,
    modal_after,
    post_of,
    posted,
    record_flight,
    reminder,
    run_at,
    summary_message,
    thread_notes,
)
from tests.support.harness import ADMIN, OWNER, TEAMMATE
from tests.support.modal import state_values

NOT_OPENED = "Slack didn't open the form — try again."


def owner_modal(flightdeck, campaign, *, user: str = OWNER) -> dict:
    return modal_after(flightdeck, lambda: choose(flightdeck, campaign, "owner", user=user))


def submit_owner(flightdeck, modal, value, *, user: str = OWNER):
    values = state_values(modal)
    values["change_owner_user"]["change_owner_user"]["selected_user"] = value
    return flightdeck.sender.interaction(slack.view_submission(modal, values, user_id=user))


def test_the_new_owner_is_shown_announced_and_mentioned_by_the_reminders_to_come(flightdeck):
    campaign = record_flight(flightdeck)
    modal = owner_modal(flightdeck, campaign)
    assert modal["callback_id"] == "change_owner"
    assert f"<@{OWNER}>" in str(modal["blocks"])

    handled(flightdeck, campaign, lambda: flightdeck.submit(modal, {"change_owner_user": TEAMMATE}))

    assert campaign_now(flightdeck, campaign).owner_id == TEAMMATE
    assert thread_notes(flightdeck, campaign)[-1] == (
        f"👤 <@{OWNER}> made <@{TEAMMATE}> the owner of this flight. Its reminders mention them from now on."
    )
    fields = [f["text"] for b in summary_message(flightdeck, campaign)["blocks"] for f in b.get("fields", [])]
    assert f"*Owner*\n<@{TEAMMATE}>" in fields
    [changed] = [e for e in events(flightdeck, campaign) if e.action == "owner.changed"]
    assert changed.actor == OWNER
    # The flight keeps the calendar its days were entered in; the next reminder mentions the new owner.
    assert campaign_now(flightdeck, campaign).owner_tz == campaign.owner_tz
    hold = reminder(flightdeck, campaign, "flight.hold")
    run_at(flightdeck, hold.due_at)
    delivered = message_text(posted(post_of(flightdeck, hold)))
    assert f"<@{TEAMMATE}>" in delivered and f"<@{OWNER}>" not in delivered


def test_a_reminder_already_sent_stays_as_it_was(flightdeck):
    campaign = record_flight(flightdeck)
    hold = reminder(flightdeck, campaign, "flight.hold")
    run_at(flightdeck, hold.due_at)
    sent = posted(post_of(flightdeck, hold))

    modal = owner_modal(flightdeck, campaign)
    handled(flightdeck, campaign, lambda: flightdeck.submit(modal, {"change_owner_user": ADMIN}))

    assert flightdeck.emulator.messages[(campaign.channel_id, sent["ts"])]["text"] == sent["text"]
    assert reminder(flightdeck, campaign, "flight.hold").status == "sent"


@pytest.mark.parametrize("forged", ["U0X> <!channel", "<!here>", "", "B0FLIGHTDECK", "u0lower", None, 42])
def test_a_forged_owner_is_an_inline_error_and_nothing_changes(flightdeck, forged):
    campaign = record_flight(flightdeck)
    modal = owner_modal(flightdeck, campaign)

    reply = submit_owner(flightdeck, modal, forged)

    assert reply.json() == {
        "response_action": "errors",
        "errors": {"change_owner_user": "Pick the flight's new owner."},
    }
    assert campaign_now(flightdeck, campaign).owner_id == OWNER
    assert "owner.changed" not in [e.action for e in events(flightdeck, campaign)]


def test_the_current_owner_again_is_an_inline_error(flightdeck):
    campaign = record_flight(flightdeck)
    modal = owner_modal(flightdeck, campaign)

    reply = flightdeck.submit(modal, {"change_owner_user": OWNER})

    assert reply.json()["errors"] == {"change_owner_user": "That person already owns this flight: pick someone else."}
    assert "owner.changed" not in [e.action for e in events(flightdeck, campaign)]


def test_only_the_owner_recorder_or_an_admin_may_and_the_old_owner_loses_the_right(flightdeck):
    campaign = record_flight(flightdeck, user=ADMIN, owner=OWNER)  # recorded by the admin for OWNER
    refused = owner_modal(flightdeck, campaign, user=TEAMMATE)
    assert refused["title"]["text"] == "Can't change this"

    modal = owner_modal(flightdeck, campaign)
    handled(flightdeck, campaign, lambda: flightdeck.submit(modal, {"change_owner_user": TEAMMATE}))
    assert campaign_now(flightdeck, campaign).owner_id == TEAMMATE

    # OWNER no longer owns it, didn't record it and isn't an admin: a modal they still had open is refused.
    stale = submit_owner(flightdeck, modal, ADMIN)
    assert stale.json()["response_action"] == "update"
    assert "Only the flight's owner" in str(stale.json()["view"])
    assert campaign_now(flightdeck, campaign).owner_id == TEAMMATE


def test_a_closed_flight_offers_no_owner_change_and_a_stale_modal_is_refused(flightdeck):
    campaign = record_flight(flightdeck)
    modal = owner_modal(flightdeck, campaign)
    cancel = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "cancel"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(cancel))

    reply = flightdeck.submit(modal, {"change_owner_user": TEAMMATE})

    assert reply.json()["errors"] == {"change_owner_user": "This flight was cancelled."}
    assert campaign_now(flightdeck, campaign).owner_id == OWNER


@pytest.mark.parametrize("refusal", [{"retry_after": 1}, {"error": "expired_trigger_id"}])
def test_a_change_modal_slack_would_not_open_is_said_plainly(flightdeck, refusal):
    campaign = record_flight(flightdeck)
    flightdeck.emulator.fail("views.open", **refusal)
    updates = len(flightdeck.emulator.calls_to("views.update"))

    choose(flightdeck, campaign, "extend")

    assert flightdeck.emulator.wait_for(lambda: ephemerals(flightdeck)) == [NOT_OPENED]
    assert len(flightdeck.emulator.calls_to("views.update")) == updates
    assert campaign_now(flightdeck, campaign).end_at == campaign.end_at
