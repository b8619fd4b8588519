"""Every button and menu value, on real messages and forged ones, and the modals they open, submitted.

Two flights are recorded the real way first, one under a client name made of markup, and their
first reminders sent; the cases then press, pick and submit anything on them. A change that is
allowed may happen (that is the product working); a refused one writes nothing.
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.fields import dates, fresh_view_id, odd_states, option_values
from tests.fuzz.support import assert_fine, examples, hostile_text
from tests.support import slack_requests as slack
from tests.support.flights import record_flight, run_at
from tests.support.harness import ADMIN, OWNER, TEAMMATE

HOSTILE_CLIENT = "<!channel> <https://evil.example|invoice> *INJECTED* _INJECTED_"
ACTIONS = [
    *("done", "snooze_hour", "snooze_morning", "end_flight", "summary_pulled", "code_renewed", "extend_flight"),
    *("reminder_ask_creator", "reminder_swapped"),
]
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, ADMIN, "U0X> <!channel"]), hostile_text)


@pytest.fixture(scope="module")
def messages(driver):
    flightdeck = driver.flightdeck
    promote = record_flight(flightdeck, client=HOSTILE_CLIENT)
    spark = record_flight(flightdeck, spark=True, client="GlowCo & <Sons>")
    run_at(flightdeck, promote.start_at + timedelta(days=2, hours=1))
    # Copies: the emulator updates its messages as the cases change the flights.
    sent = [
        (copy.deepcopy(message), channel)
        for (channel, _ts), message in flightdeck.emulator.messages.items()
        if any(block.get("type") == "actions" for block in message.get("blocks", []))
        or any("accessory" in block for block in message.get("blocks", []))
    ]
    assert sent, "no reminder or summary message to press on"
    return {"sent": sent, "campaigns": [promote, spark]}


def _elements(message):
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            yield block.get("block_id", ""), element
        if isinstance(block.get("accessory"), dict):
            yield block.get("block_id", ""), block["accessory"]


@st.composite
def presses(draw, sent):
    message, channel = draw(st.sampled_from(sent))
    message = copy.deepcopy(message)
    elements = list(_elements(message))
    block_id, element = draw(st.sampled_from(elements))
    action = {"action_id": element["action_id"], "block_id": block_id, "type": element["type"], "action_ts": "1.1"}
    if element["type"] == "overflow":
        value = draw(st.one_of(option_values(element), st.builds(lambda c, n: f"{c}:{n}", hostile_text, st.integers())))
        action["selected_option"] = {"value": value}
    else:
        action["value"] = draw(st.one_of(st.just(element.get("value", "")), st.integers().map(str), hostile_text))
    if draw(st.booleans()):
        action["action_id"] = draw(st.sampled_from([*ACTIONS, "flight_menu"]))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        action["block_id"] = draw(hostile_text)
    if draw(st.booleans()):
        # The message as the payload carries it: Slack's copy, or a forged one the bot would echo back.
        message["text"] = draw(hostile_text)
        message["blocks"] = [{"type": "section", "text": {"type": "mrkdwn", "text": draw(hostile_text)}}]
    return message, channel, action


@settings(max_examples=examples(800))
@given(data=st.data(), user=users)
def test_any_button_or_menu_value_on_any_message(driver, messages, data, user):
    message, channel, action = data.draw(presses(messages["sent"]))
    before = driver.row_counts()

    outcome = driver.interaction(slack.message_block_actions(message, channel, action, user_id=user))

    assert_fine(outcome)
    if outcome.status >= 400:
        assert driver.row_counts() == before


CHANGE_FIELDS = {
    "extend_flight": ["extend_last_day"],
    "code_renewed": ["renew_authorization", "renew_issued_on", "renew_valid_for", "renew_expires_on"],
    "cancel_flight": [],
    "ask_creator": [],
    "code_swapped": ["swap_authorization"],
}


@st.composite
def change_submissions(draw, campaigns):
    callback = draw(st.sampled_from(sorted(CHANGE_FIELDS)))
    campaign = draw(st.sampled_from(campaigns))
    metadata = draw(
        st.one_of(
            st.builds(
                lambda k, a: json.dumps({"k": k, "a": a, "c": "", "ts": ""}),
                st.one_of(st.just(campaign.id), st.integers(), hostile_text),
                st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
            ),
            hostile_text,
        )
    )
    values = {}
    for block_id in CHANGE_FIELDS[callback]:
        if block_id.endswith(("_day", "_on")):
            state = {"type": "datepicker", "selected_date": draw(st.one_of(st.none(), dates))}
        else:
            state = {
                "type": "static_select",
                "selected_option": {
                    "value": draw(st.one_of(hostile_text, st.sampled_from(["1", "30", "365", "²", "9" * 20])))
                },
            }
        values[block_id] = {block_id: draw(st.one_of(st.just(state), odd_states))}
    view = {"id": fresh_view_id(), "type": "modal", "callback_id": callback, "private_metadata": metadata}
    return view, values


@settings(max_examples=examples(500))
@given(data=st.data(), user=users)
def test_a_change_modal_submitted_with_anything(driver, messages, data, user):
    view, values = data.draw(change_submissions(messages["campaigns"]))
    before = driver.row_counts()

    outcome = driver.interaction(slack.view_submission(view, values, user_id=user))

    assert_fine(outcome)
    answer = outcome.json()
    if outcome.status >= 400 or answer.get("response_action") == "errors":
        assert driver.row_counts() == before


@settings(max_examples=examples(150))
@given(user=users, tab=st.sampled_from(["home", "messages", "about"]))
def test_the_app_home_for_anyone(driver, messages, user, tab):
    before = driver.row_counts()
    envelope = {
        "token": "legacy-verification-token",
        "team_id": "T0AGENCY",
        "api_app_id": "A0FLIGHTDECK",
        "event": {"type": "app_home_opened", "user": user, "tab": tab},
        "type": "event_callback",
        "event_id": "Ev0FUZZ",
        "event_time": 1,
    }

    outcome = driver.post(json.dumps(envelope), "application/json")

    assert_fine(outcome)
    assert driver.row_counts() == before
