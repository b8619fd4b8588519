"""Listeners are plain module-level functions: each can be imported and run alone, with its
dependencies in a Bolt context, as the app's middleware puts them there (docs/architecture.md)."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.deps import DEPS_KEY
from bot.flights.listeners import list_flights
from bot.home.listeners import publish_home
from bot.reminders.listeners import LISTENERS
from bot.slack.api import web_client
from bot.slack.ids import ReminderAction
from tests.support.flights import record_flight
from tests.support.harness import OWNER, TEAMMATE
from tests.support.slack_emulator import TEAM_ID


def context_of(flightdeck) -> BoltContext:
    context = BoltContext({"team_id": TEAM_ID, "user_id": OWNER})
    context[DEPS_KEY] = flightdeck.deps
    context["client"] = web_client(flightdeck.settings)
    return context


def test_the_app_homes_listener_runs_alone(flightdeck):
    context = context_of(flightdeck)
    publish_home(
        event={"type": "app_home_opened", "user": TEAMMATE, "tab": "home"}, client=context.client, context=context
    )
    [published] = flightdeck.emulator.calls_to("views.publish")
    assert published.args["user_id"] == TEAMMATE
    assert "You have no active flights" in str(published.args["view"])


def test_the_flights_command_runs_alone(flightdeck):
    record_flight(flightdeck, spark=True)
    acked, said = [], []
    command = {"text": "mine", "user_id": OWNER, "channel_id": "C0ELSEWHERE"}
    list_flights(
        ack=lambda *args, **kwargs: acked.append(True),
        command=command,
        respond=lambda **kwargs: said.append(kwargs),
        context=context_of(flightdeck),
    )
    assert acked == [True]
    assert said[0]["response_type"] == "ephemeral"
    assert "Flights" in said[0]["text"] and "(1)" in said[0]["text"]


def test_a_forged_reminder_button_run_alone_is_refused_and_said_so(flightdeck):
    context = context_of(flightdeck)
    acked = []
    LISTENERS[ReminderAction.DONE](
        ack=lambda *args, **kwargs: acked.append(True),
        body={"user": {"id": OWNER}, "channel": {"id": "C0X"}, "container": {"channel_id": "C0X", "message_ts": "1.2"}},
        action={"value": "not-a-reminder", "block_id": "x"},
        client=context.client,
        context=context,
    )
    assert acked == [True]
    [told] = flightdeck.emulator.calls_to("chat.postEphemeral")
    assert "doesn't point to a reminder" in told.args["text"]
