"""The renewal's buttons and modals with anything in them: "Ask the creator", "Swapped in Ads Manager".

A Spark flight is recorded the real way and its renew and swap reminders sent (one code waiting for
its swap), then the cases press and submit anything. An allowed change may happen; a refused one
writes nothing.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.fields import fresh_view_id, odd_states
from tests.fuzz.support import assert_fine, examples, hostile_text
from tests.support import slack_requests as slack
from tests.support.flights import choose, handled, modal_after, record_flight, reminder, run_at
from tests.support.harness import ADMIN, OWNER, TEAMMATE

BUTTONS = ["reminder_ask_creator", "reminder_swapped"]
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, ADMIN]), hostile_text)
ids = st.one_of(st.integers(min_value=-2, max_value=50), st.integers(), hostile_text, st.none())


@pytest.fixture(scope="module")
def flight(driver):
    flightdeck = driver.flightdeck
    campaign = record_flight(flightdeck, spark=True, client="<!here> & Co")
    run_at(flightdeck, reminder(flightdeck, campaign, "code.renew").due_at)
    view = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "renew"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {"renew_issued_on": "2026-11-27"}))
    run_at(flightdeck, reminder(flightdeck, campaign, "code.swap", status="pending").due_at)
    sent = [
        (copy.deepcopy(message), channel)
        for (channel, _ts), message in flightdeck.emulator.messages.items()
        if any(block.get("type") == "actions" for block in message.get("blocks", []))
    ]
    assert sent
    return {"campaign": campaign, "sent": sent}


@st.composite
def presses(draw, sent):
    message, channel = draw(st.sampled_from(sent))
    actions = [b for b in message["blocks"] if b.get("type") == "actions"]
    block = draw(st.sampled_from(actions))
    value = draw(st.one_of(st.just(block["elements"][0].get("value", "")), st.integers().map(str), hostile_text))
    block_id = draw(st.one_of(st.just(block.get("block_id", "")), hostile_text))
    action = {"action_id": draw(st.sampled_from(BUTTONS)), "block_id": block_id, "type": "button", "value": value}
    return message, channel, {**action, "action_ts": "1.1"}


@settings(max_examples=examples(300))
@given(data=st.data(), user=users)
def test_the_renewal_buttons_with_any_value(driver, flight, data, user):
    message, channel, action = data.draw(presses(flight["sent"]))
    before = driver.row_counts()

    outcome = driver.interaction(slack.message_block_actions(message, channel, action, user_id=user))

    assert_fine(outcome)
    if outcome.status >= 400:
        assert driver.row_counts() == before


@st.composite
def submissions(draw, campaign_id):
    callback = draw(st.sampled_from(["ask_creator", "code_swapped"]))
    fields = {
        "k": draw(st.one_of(st.just(campaign_id), ids)),
        "a": draw(ids),
        "r": draw(ids),
        "c": draw(st.one_of(st.just(""), hostile_text)),
        "ts": "",
        "as": draw(
            st.one_of(
                st.just("1"),
                st.lists(st.integers(min_value=-1, max_value=10**20), max_size=30).map(lambda n: ",".join(map(str, n))),
                hostile_text,
                st.integers(),
                st.none(),
            )
        ),
    }
    metadata = draw(st.one_of(st.just(json.dumps(fields)), hostile_text))
    state = {"type": "static_select", "selected_option": {"value": draw(st.one_of(st.just("1"), hostile_text))}}
    values = {"swap_authorization": {"swap_authorization": draw(st.one_of(st.just(state), odd_states))}}
    view = {"id": fresh_view_id(), "type": "modal", "callback_id": callback, "private_metadata": metadata}
    return view, values


@settings(max_examples=examples(300))
@given(data=st.data(), user=users)
def test_the_renewal_modals_submitted_with_anything(driver, flight, data, user):
    view, values = data.draw(submissions(flight["campaign"].id))
    before = driver.row_counts()

    outcome = driver.interaction(slack.view_submission(view, values, user_id=user))

    assert_fine(outcome)
    answer = outcome.json()
    if outcome.status >= 400 or answer.get("response_action") in ("errors", "update"):
        assert driver.row_counts() == before
