"""When Slack won't open the intake modal, the person is told so at once, and only they see it."""

from __future__ import annotations

import time

import pytest

from tests.support import slack_requests as slack
from tests.support.harness import CHANNEL, OWNER

NOT_OPENED = "Slack didn't open the form — try again."
MESSAGE = {"type": "message", "user": OWNER, "text": "new post for GlowCo", "ts": "1800000000.000100"}

REFUSALS = [
    pytest.param({"retry_after": 1}, id="rate-limited"),
    pytest.param({"error": "expired_trigger_id"}, id="trigger-expired"),
    pytest.param({"status": 503}, id="slack-down"),
]


def replies_to_the_person(flightdeck) -> list[dict]:
    return [c.args for c in flightdeck.emulator.calls_to("response_url")]


@pytest.mark.parametrize("refusal", REFUSALS)
def test_intake_says_slack_did_not_open_the_form(flightdeck, refusal):
    flightdeck.emulator.fail("views.open", **refusal)

    started = time.monotonic()
    reply = flightdeck.slash("/intake")
    answered_in = time.monotonic() - started

    assert reply.status == 200 and reply.body == ""
    assert answered_in < 1.0, "the command waited for views.open before acknowledging"
    [said] = flightdeck.emulator.wait_for(lambda: replies_to_the_person(flightdeck))
    assert said == {"text": NOT_OPENED, "response_type": "ephemeral"}
    assert not flightdeck.emulator.calls_to("views.open")
    assert flightdeck.row_counts() == {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}


@pytest.mark.parametrize("refusal", REFUSALS)
def test_the_shortcut_says_slack_did_not_open_the_form(flightdeck, refusal):
    flightdeck.emulator.fail("views.open", **refusal)
    payload = slack.message_shortcut(
        MESSAGE, CHANNEL, user_id=OWNER, callback_id="start_intake", response_url=flightdeck.emulator.response_url
    )

    reply = flightdeck.sender.interaction(payload)

    assert reply.status == 200 and reply.body == ""
    [said] = flightdeck.emulator.wait_for(lambda: replies_to_the_person(flightdeck))
    assert said["text"] == NOT_OPENED


def test_without_a_working_response_url_it_is_said_ephemerally_in_the_channel(flightdeck):
    flightdeck.emulator.fail("views.open", error="expired_trigger_id")
    command = slack.slash_command(
        "/intake", user_id=OWNER, channel_id=CHANNEL, response_url="http://127.0.0.1:1/respond/closed"
    )

    assert flightdeck.sender.form(command).status == 200

    [said] = flightdeck.emulator.wait_for(lambda: flightdeck.emulator.calls_to("chat.postEphemeral"))
    assert (said.args["channel"], said.args["user"], said.args["text"]) == (CHANNEL, OWNER, NOT_OPENED)


def test_when_slack_opens_the_form_nothing_else_is_said(flightdeck):
    flightdeck.open_intake()

    assert not replies_to_the_person(flightdeck)
    assert not flightdeck.emulator.calls_to("chat.postEphemeral")
