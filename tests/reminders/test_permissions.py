"""Who may press a reminder's buttons: the owner, whoever recorded the flight, a workspace admin. No one else."""

from datetime import date

import pytest

from bot.slack.ids import ReminderAction as Button
from tests.support.factories import add_campaign, add_reminder
from tests.support.flights import (
    all_rows,
    as_delivered,
    click,
    ephemerals,
    handled,
    message_now,
    message_text,
    open_modal,
    record_flight,
    reload,
    reminder,
    run_at,
    thread_notes,
)
from tests.support.harness import ADMIN, CHANNEL, OWNER, TEAMMATE

OUTSIDER = "U0INTERN"
OTHER_TEAM = "T0RIVAL"
REFUSED = f"Only the flight's owner (<@{OWNER}>), whoever recorded it (<@{TEAMMATE}>) or a workspace admin"


@pytest.fixture
def flight(flightdeck):
    """A Spark flight a teammate recorded for its owner, its "evaluate" reminder just delivered."""
    flightdeck.emulator.add_user(OUTSIDER, tz="Europe/London")
    campaign = record_flight(
        flightdeck,
        spark=True,
        last_day=date(2026, 12, 20),
        code_expires_on=date(2026, 12, 10),
        user=TEAMMATE,
        owner=OWNER,
    )
    evaluate = reminder(flightdeck, campaign, "flight.min_reached")
    run_at(flightdeck, evaluate.due_at)
    return campaign, reload(flightdeck, evaluate), as_delivered(flightdeck, evaluate)


def refused_click(flightdeck, campaign, message, action, **kw):
    """Press, wait for the refusal, and check nothing at all changed."""
    before = all_rows(flightdeck)
    handled(flightdeck, campaign, lambda: click(flightdeck, message, CHANNEL, action, **kw))
    assert all_rows(flightdeck) == before
    assert message_now(flightdeck, CHANNEL, message["ts"])["blocks"] == message["blocks"]
    assert thread_notes(flightdeck, campaign) == []
    [refusal] = ephemerals(flightdeck)
    return refusal


@pytest.mark.parametrize("user", [OWNER, TEAMMATE, ADMIN], ids=["owner", "recorder", "admin"])
def test_the_owner_the_recorder_and_an_admin_may_act(flightdeck, flight, user):
    campaign, evaluate, message = flight

    handled(flightdeck, campaign, lambda: click(flightdeck, message, CHANNEL, Button.DONE, user=user))

    assert (reload(flightdeck, evaluate).status, reload(flightdeck, evaluate).closed_by) == ("done", user)
    assert f"Done by <@{user}>" in message_text(message_now(flightdeck, CHANNEL, message["ts"]))
    assert ephemerals(flightdeck) == []


@pytest.mark.parametrize("action", [Button.DONE, Button.END_FLIGHT])
def test_a_teammate_who_is_none_of_them_is_refused_and_nothing_changes(flightdeck, flight, action):
    campaign, _, message = flight

    refusal = refused_click(flightdeck, campaign, message, action, user=OUTSIDER)

    assert refusal.startswith(REFUSED)
    [told] = flightdeck.emulator.calls_to("chat.postEphemeral")
    assert (told.args["channel"], told.args["user"]) == (CHANNEL, OUTSIDER)


def test_a_teammate_gets_no_modal_to_extend_the_flight(flightdeck, flight):
    _, _, message = flight
    before = all_rows(flightdeck)

    _, view = open_modal(flightdeck, message, CHANNEL, Button.EXTEND_FLIGHT, user=OUTSIDER)

    assert view.get("submit") is None
    assert REFUSED in message_text(view)
    assert all_rows(flightdeck) == before


def test_a_submission_forged_by_a_teammate_changes_nothing(flightdeck, flight):
    campaign, _, message = flight
    _, view = open_modal(flightdeck, message, CHANNEL, Button.EXTEND_FLIGHT)  # the owner's modal
    before = all_rows(flightdeck)

    reply = flightdeck.submit(view, {"extend_last_day": "2026-12-27"}, user=OUTSIDER)

    answer = reply.json()
    assert (reply.status, answer["response_action"]) == (200, "update")
    assert answer["view"]["title"]["text"] == "Can't change this" and "submit" not in answer["view"]
    assert REFUSED in message_text(answer["view"])
    assert all_rows(flightdeck) == before
    assert thread_notes(flightdeck, campaign) == []


def test_a_reminder_id_from_another_workspace_is_refused_and_nothing_changes(flightdeck, flight):
    campaign, _, message = flight
    theirs = add_campaign(flightdeck.database, OTHER_TEAM, channel_id=CHANNEL, message_ts=campaign.message_ts)
    their_reminder = add_reminder(flightdeck.database, theirs, "flight.min_reached", status="sent")

    forged = {"value": str(their_reminder.id), "block_id": f"reminder_{their_reminder.id}"}
    refusal = refused_click(flightdeck, campaign, message, Button.END_FLIGHT, **forged)

    assert refusal == "That reminder isn't in Flightdeck's records for this workspace."


@pytest.mark.parametrize("value", ["", "7 OR 1=1", "reminder_3", "1e3", "-1"])
def test_a_forged_button_value_is_refused(flightdeck, flight, value):
    campaign, _, message = flight

    refusal = refused_click(flightdeck, campaign, message, Button.DONE, value=value)

    assert refusal == "That button doesn't point to a reminder."


@pytest.fixture
def outsiders_reminder(flightdeck, flight):
    """A flight the outsider owns, in the same channel, its day-2 reminder delivered: theirs to press."""
    theirs = record_flight(flightdeck, user=OUTSIDER, client="Sunny Snacks")
    hold = reminder(flightdeck, theirs, "flight.hold")
    run_at(flightdeck, hold.due_at)
    flightdeck.emulator.reset_calls()
    return theirs, reload(flightdeck, hold)


@pytest.mark.parametrize("forge_block", [False, True], ids=["value", "value-and-block"])
@pytest.mark.parametrize("action", [Button.DONE, Button.END_FLIGHT])
def test_a_button_forged_to_name_ones_own_reminder_cannot_close_another_flights_message(
    flightdeck, flight, outsiders_reminder, forge_block, action
):
    # The outsider may change their own flight, not this one: a forged value naming their own
    # reminder must not let them rewrite (or act through) this flight's reminder message.
    campaign, _, message = flight
    theirs, hold = outsiders_reminder
    forged = {"value": str(hold.id), "block_id": f"reminder_{hold.id}" if forge_block else None}

    refusal = refused_click(flightdeck, campaign, message, action, user=OUTSIDER, **forged)

    assert refusal == (
        "That button isn't on its reminder's message, so nothing was changed."
        if forge_block
        else "That button doesn't point to a reminder."
    )
    assert reload(flightdeck, hold).status == "sent"
    assert thread_notes(flightdeck, theirs) == []


def test_a_forged_button_opens_no_modal_for_another_message(flightdeck, flight, outsiders_reminder):
    _, _, message = flight
    _, hold = outsiders_reminder
    before = all_rows(flightdeck)
    emulator = flightdeck.emulator
    opened = len(emulator.calls_to("views.update"))

    click(
        flightdeck,
        message,
        CHANNEL,
        Button.EXTEND_FLIGHT,
        user=OUTSIDER,
        value=str(hold.id),
        block_id=f"reminder_{hold.id}",
    )

    updated = emulator.wait_for_calls("views.update", opened + 1)[-1]
    view = emulator.views[updated.answer["view"]["id"]]
    assert view.get("submit") is None
    assert "isn't on its reminder's message" in message_text(view)
    assert all_rows(flightdeck) == before


def test_a_press_from_another_workspace_is_ignored(flightdeck, flight):
    """The same button on another installation's message, in a channel our token can't see."""
    _, _, message = flight
    flightdeck.emulator.foreign_channels.add("C0RIVAL")
    before = all_rows(flightdeck)

    click(flightdeck, {**message, "bot_id": "B0RIVAL"}, "C0RIVAL", Button.DONE, team_id=OTHER_TEAM)

    assert all_rows(flightdeck) == before
    assert ephemerals(flightdeck) == []
    assert message_now(flightdeck, CHANNEL, message["ts"])["blocks"] == message["blocks"]
