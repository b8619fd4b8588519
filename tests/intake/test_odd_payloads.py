"""Odd payloads, correctly signed, get an answer a person can act on, never an HTTP 500.

A request can come from anywhere that holds the signing secret, or from a client that sends
digits Python reads differently (`"²".isdigit()` is true, `int("²")` raises).
"""

from decimal import Decimal

import pytest

from tests.support import slack_requests as slack
from tests.support.harness import OWNER
from tests.support.intake import PROMOTE_ANSWERS, SPARK_ANSWERS, promote_view, spark_view
from tests.support.modal import action_for, state_values

NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}


def submit_values(flightdeck, view, values):
    return flightdeck.sender.interaction(slack.view_submission(view, values, user_id=OWNER))


@pytest.mark.parametrize(
    ("block_id", "state", "error_on"),
    [
        pytest.param("ad_groups", {"type": "number_input", "value": "²"}, "ad_groups", id="ad-groups-superscript"),
        pytest.param(
            "code_valid_days_0",
            {"type": "static_select", "selected_option": {"value": "²"}},
            "code_valid_days_0",
            id="validity-superscript",
        ),
        pytest.param(
            "code_valid_days_0",
            {"type": "static_select", "selected_option": {"value": "9" * 12}},
            "code_valid_days_0",
            id="validity-past-any-date",
        ),
    ],
)
def test_odd_digits_are_answered_inline(flightdeck, block_id, state, error_on):
    view = spark_view(flightdeck)
    values = state_values(view, SPARK_ANSWERS)
    values[block_id] = {block_id: state}

    reply = submit_values(flightdeck, view, values)

    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [error_on]
    assert flightdeck.row_counts() == NOTHING


@pytest.mark.parametrize("metadata", ["{not json", "[1, 2]", '"C0GLOWCO"', ""])
def test_a_submission_with_unreadable_metadata_is_still_recorded(flightdeck, metadata):
    view = {**promote_view(flightdeck), "private_metadata": metadata}

    reply = submit_values(flightdeck, view, state_values(view, PROMOTE_ANSWERS))

    assert (reply.status, reply.body) == (200, "")
    flightdeck.emulator.wait_for(lambda: flightdeck.row_counts()["campaign"] == 1)
    # Without a channel to post in, the summary goes to the person who recorded it.
    [told] = flightdeck.emulator.wait_for_calls("chat.postMessage")
    assert told.answer["channel"] == "D" + OWNER[1:]


def test_a_block_action_with_unreadable_metadata_still_updates_the_modal(flightdeck):
    view = {**flightdeck.open_intake(), "private_metadata": "{not json"}
    values = state_values(view, {"ownership": "brand"})

    reply = flightdeck.sender.interaction(
        slack.view_block_actions(view, values, action_for(view, "ownership", values), user_id=OWNER)
    )

    assert reply.status == 200
    [update] = flightdeck.emulator.wait_for_calls("views.update")
    assert update.answer["view"]["private_metadata"] == '{"channel":"","accounts":1}'


def test_a_submission_without_state_is_answered_inline(flightdeck):
    view = promote_view(flightdeck)
    payload = slack.view_submission(view, {}, user_id=OWNER)
    del payload["view"]["state"]

    reply = flightdeck.sender.interaction(payload)

    assert reply.status == 200
    assert reply.json()["response_action"] in ("errors", "update")
    assert flightdeck.row_counts() == NOTHING


@pytest.mark.parametrize("budget", ["0.001", "0.004", "0.009"])
def test_a_budget_under_one_cent_is_refused_inline(flightdeck, budget):
    view = promote_view(flightdeck)

    answer = flightdeck.submit(view, {**PROMOTE_ANSWERS, "budget_amount": budget}).json()

    assert answer == {
        "response_action": "errors",
        "errors": {"budget_amount": "The smallest budget is 0.01: check the number."},
    }
    assert flightdeck.row_counts() == NOTHING


def test_a_budget_is_recorded_in_cents(flightdeck_any):
    flightdeck = flightdeck_any
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "budget_amount": "49.995"})

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert Decimal(campaign.budget_amount) == Decimal("50.00")
