"""Every input of the intake modal, submitted or changed live with anything in it.

A submission is recorded whole (the flight, its reminders, its event) or not at all; whatever was
typed reaches Slack escaped; a choice the modal never offered is never stored.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.intake import FIRST_DAY, LAST_DAY
from bot.core.policy import IntakePolicy
from bot.slack.text import USER_ID
from tests.fuzz.fields import fresh_view_id, odd_states, state_for
from tests.fuzz.support import assert_fine, examples, hostile_text
from tests.support import slack_requests as slack
from tests.support.harness import OWNER, TEAMMATE
from tests.support.intake import PROMOTE_ANSWERS, SPARK_ANSWERS, promote_view, spark_view
from tests.support.modal import input_blocks, state_values

POLICY = IntakePolicy()


@pytest.fixture(scope="module")
def modals(driver):
    flightdeck = driver.flightdeck
    promote = promote_view(flightdeck)
    spark = spark_view(flightdeck)
    return {
        "promote": (promote, state_values(promote, PROMOTE_ANSWERS)),
        "spark": (spark, state_values(spark, SPARK_ANSWERS)),
    }


@st.composite
def edits(draw, view):
    """Up to four inputs changed, to anything; the client's name, most often, to hostile text."""
    blocks = input_blocks(view)
    changed = {}
    if draw(st.booleans()):
        changed["client"] = {"client": {"type": "plain_text_input", "value": draw(hostile_text)}}
    for block_id in draw(st.lists(st.sampled_from(sorted(blocks)), max_size=4, unique=True)):
        element = blocks[block_id]["element"]
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            changed[block_id] = {element["action_id"]: draw(odd_states)}
        else:
            changed[block_id] = {element["action_id"]: draw(state_for(element))}
    return changed


def _submit(driver, view, values, user):
    shown = {**view, "id": fresh_view_id()}
    return driver.interaction(slack.view_submission(shown, values, user_id=user))


def _recorded_whole(driver, before, after, outcome) -> None:
    added = {table: after[table] - before[table] for table in after}
    if added["campaign"] == 0:
        assert added == dict.fromkeys(added, 0), added
        return
    assert added["campaign"] == 1 and added["reminder"] >= 1 and added["event"] >= 1, added
    assert outcome.body == "", outcome.body
    campaign = max(driver.flightdeck.campaigns(), key=lambda c: c.id)
    # Only what the modal offered is stored: a forged choice is an inline error, never a record.
    assert USER_ID.match(campaign.owner_id), campaign.owner_id
    assert campaign.budget_currency in POLICY.currencies
    assert campaign.objective in POLICY.promote_objectives + POLICY.spark_objectives
    assert Decimal("0.01") <= Decimal(campaign.budget_amount)
    assert FIRST_DAY.year <= campaign.start_at.year and campaign.end_at.year <= LAST_DAY.year + 1
    campaign.client.encode("utf-8")  # a lone surrogate would have been refused


@settings(max_examples=examples(700))
@given(data=st.data(), tool=st.sampled_from(["promote", "spark"]), user=st.sampled_from([OWNER, TEAMMATE]))
def test_a_submission_with_anything_in_any_field(driver, modals, data, tool, user):
    view, values = modals[tool]
    values = {**values, **data.draw(edits(view))}
    before = driver.row_counts()

    outcome = _submit(driver, view, values, user)

    assert_fine(outcome)
    _recorded_whole(driver, before, driver.row_counts(), outcome)


@settings(max_examples=examples(150))
@given(client=hostile_text.filter(lambda text: 0 < len(text.strip()) <= 100))
def test_a_client_name_of_any_text_is_recorded_or_refused_inline_and_never_pings(driver, modals, client):
    view, values = modals["promote"]
    values = {**values, "client": {"client": {"type": "plain_text_input", "value": client}}}
    before = driver.row_counts()

    outcome = _submit(driver, view, values, OWNER)

    assert_fine(outcome)
    after = driver.row_counts()
    _recorded_whole(driver, before, after, outcome)
    if after["campaign"] > before["campaign"]:
        # The summary (blocks and notification text) went out and was checked above.
        assert any(call.method == "chat.postMessage" for call in outcome.calls)
    else:
        assert outcome.json().get("response_action") == "errors"


@settings(max_examples=examples(400))
@given(data=st.data(), tool=st.sampled_from(["promote", "spark"]))
def test_a_live_change_of_any_input_to_anything(driver, modals, data, tool):
    view, values = modals[tool]
    blocks = input_blocks(view)
    block_id = data.draw(st.sampled_from(sorted(blocks)))
    element = blocks[block_id]["element"]
    state = data.draw(state_for(element))
    values = {**values, **data.draw(edits(view)), block_id: {element["action_id"]: state}}
    action = {"action_id": element["action_id"], "block_id": block_id, "action_ts": "1.000001", **state}
    before = driver.row_counts()

    outcome = driver.interaction(slack.view_block_actions(view, values, action, user_id=OWNER))

    assert_fine(outcome)
    assert driver.row_counts() == before
