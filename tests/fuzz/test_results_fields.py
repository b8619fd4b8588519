"""The results modal submitted with anything in every field, and the card's button pressed with any value.

Two flights are recorded the real way (one under a client made of markup) and run to their end, so
a submission may really save figures (the product working) or be refused beside its fields; either
way nothing answers 5xx, a refusal writes nothing, and nothing typed comes back as live markup.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.results import PROMOTE_FIELDS, SPARK_FIELDS
from tests.fuzz.fields import fresh_view_id, odd_states
from tests.fuzz.support import assert_fine, examples, hostile_text
from tests.support import slack_requests as slack
from tests.support.flights import record_flight, run_at
from tests.support.harness import ADMIN, CHANNEL, OWNER, TEAMMATE

HOSTILE_CLIENT = "<!channel> <https://evil.example|invoice> *INJECTED* _INJECTED_"
FIELDS = sorted({f"results_{f.name}" for f in (*PROMOTE_FIELDS, *SPARK_FIELDS)})
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, ADMIN]), hostile_text)
figures = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True).map(str),
    st.sampled_from(["12.4K", "1.2M", "1e999999999K", "1,240", "$380.50", "12.345", "١٢٣", "-0", " ", "NaN"]),
)


@pytest.fixture(scope="module")
def flights(driver):
    flightdeck = driver.flightdeck
    promote = record_flight(flightdeck, client=HOSTILE_CLIENT)
    spark = record_flight(flightdeck, spark=True, client="GlowCo & <Sons>")
    run_at(flightdeck, spark.end_at + timedelta(days=1))
    return [promote, spark]


@st.composite
def submissions(draw, campaigns):
    campaign = draw(st.sampled_from(campaigns))
    metadata = draw(
        st.one_of(
            st.builds(
                lambda k: json.dumps({"k": k, "c": CHANNEL, "ts": ""}),
                st.one_of(st.just(campaign.id), st.integers(), hostile_text),
            ),
            hostile_text,
        )
    )
    values = {}
    for block_id in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=len(FIELDS))):
        state = {"type": "plain_text_input", "value": draw(st.one_of(st.none(), figures))}
        values[block_id] = {block_id: draw(st.one_of(st.just(state), odd_states))}
    view = {"id": fresh_view_id(), "type": "modal", "callback_id": "campaign_results", "private_metadata": metadata}
    return view, values


@settings(max_examples=examples(400))
@given(data=st.data(), user=users)
def test_the_results_modal_submitted_with_anything(driver, flights, data, user):
    view, values = data.draw(submissions(flights))
    before = driver.row_counts()

    outcome = driver.interaction(slack.view_submission(view, values, user_id=user))

    assert_fine(outcome)
    answer = outcome.json()
    if outcome.status >= 400 or answer.get("response_action") in ("errors", "update"):
        assert driver.row_counts() == before


@settings(max_examples=examples(150))
@given(
    value=st.one_of(st.integers().map(str), hostile_text, st.just("1")),
    block_id=st.one_of(st.just("results_card_1"), st.just("results_card_2"), hostile_text),
    user=users,
)
def test_the_correct_figures_button_with_any_value(driver, flights, value, block_id, user):
    message = {"type": "message", "ts": "1700000000.000100", "text": "card", "blocks": []}
    action = {"action_id": "results_correct", "block_id": block_id, "type": "button", "value": value}
    before = driver.row_counts()

    outcome = driver.interaction(slack.message_block_actions(message, CHANNEL, action, user_id=user))

    assert_fine(outcome)
    assert driver.row_counts() == before
