"""The Promote test's intake fields and its message's buttons, with anything in them.

Two tests are recorded the real way first, for a client named in markup: one waiting for results
(it offers "Call the winner"), one with a clear winner (it offers "Escalate the winner"). The cases
then submit the intake with any candidate lines and any test to join, and press anything on the
tests' messages. A test is recorded whole or not at all, never of more than six posts, only of
TikTok posts; whatever was typed reaches Slack escaped.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.promote_test import MAX_CANDIDATES
from bot.intake.links import tiktok_post_url
from tests.fuzz.fields import fresh_view_id, odd_states
from tests.fuzz.support import assert_fine, examples, hostile_text
from tests.support import slack_requests as slack
from tests.support.harness import ADMIN, CHANNEL, OWNER, TEAMMATE
from tests.support.modal import state_values
from tests.support.promote_tests import (
    ANSWERS,
    SECOND,
    THIRD,
    candidates,
    enter_results,
    message_of,
    promote_intake,
    record_test,
    recorded_tests,
)

HOSTILE_CLIENT = "<!channel> <https://evil.example|invoice> & ~INJECTED~ co"
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, ADMIN, "U0X> <!channel"]), hostile_text)
links = st.one_of(
    st.sampled_from([SECOND, THIRD, "https://vm.tiktok.com/ZMabc123/", "https://evil.example/@a/video/12345678"]),
    st.integers(min_value=10**17, max_value=10**19).map(lambda n: f"https://www.tiktok.com/@maria.cooks/video/{n}"),
    hostile_text,
)
candidate_text = st.one_of(
    st.lists(links, max_size=MAX_CANDIDATES + 1).map("\n".join),
    hostile_text,
    st.just("\n" * 5000),
)


@pytest.fixture(scope="module")
def tests(driver):
    flightdeck = driver.flightdeck
    waiting = record_test(flightdeck, client=HOSTILE_CLIENT)
    won = record_test(flightdeck, posts=(SECOND,), client=HOSTILE_CLIENT)
    enter_results(flightdeck, candidates(flightdeck, waiting)[0], views=9000, profile_visits=500, new_followers=20)
    first, second = candidates(flightdeck, won)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    view = promote_intake(flightdeck, client=HOSTILE_CLIENT)
    assert "promote_test_join" in state_values(view)
    messages = [copy.deepcopy(message_of(flightdeck, test)) for test in (waiting, won)]
    return {"view": view, "messages": messages, "ids": [waiting.id, won.id]}


def _test_rows(driver) -> dict[int, list[str]]:
    flightdeck = driver.flightdeck
    return {test.id: [c.post_url for c in candidates(flightdeck, test)] for test in recorded_tests(flightdeck)}


@settings(max_examples=examples(300))
@given(data=st.data(), user=st.sampled_from([OWNER, TEAMMATE]))
def test_an_intake_with_any_candidates_and_any_test_to_join(driver, tests, data, user):
    view = tests["view"]
    values = state_values(view, {**ANSWERS, "client": HOSTILE_CLIENT})
    posts = data.draw(
        st.one_of(st.builds(lambda v: {"type": "plain_text_input", "value": v}, candidate_text), odd_states)
    )
    join_value = st.one_of(st.sampled_from([str(i) for i in tests["ids"]] + ["0", "-1", "9" * 30]), hostile_text)
    join = data.draw(
        st.one_of(
            st.none(), st.builds(lambda v: {"type": "static_select", "selected_option": {"value": v}}, join_value)
        )
    )
    values["promote_test_posts"] = {"promote_test_posts": posts}
    if join is not None:
        values["promote_test_join"] = {"promote_test_join": join}
    before_rows, before_tests = driver.row_counts(), _test_rows(driver)

    outcome = driver.interaction(slack.view_submission({**view, "id": fresh_view_id()}, values, user_id=user))

    assert_fine(outcome)
    after_tests = _test_rows(driver)
    added = driver.row_counts()["campaign"] - before_rows["campaign"]
    if added == 0:
        assert after_tests == before_tests
        return
    assert outcome.body == ""
    grown = {i: posts for i, posts in after_tests.items() if posts != before_tests.get(i)}
    assert len(grown) <= 1 and all(2 <= len(p) <= MAX_CANDIDATES for p in after_tests.values())
    assert added == sum(len(p) - len(before_tests.get(i, [])) for i, p in grown.items()) or (not grown and added == 1)
    assert all(tiktok_post_url(post) == post for p in after_tests.values() for post in p)


@settings(max_examples=examples(300))
@given(data=st.data(), user=users)
def test_any_value_on_the_tests_buttons(driver, tests, data, user):
    message = copy.deepcopy(data.draw(st.sampled_from(tests["messages"])))
    pressable = [
        (block.get("block_id", ""), element)
        for block in message["blocks"]
        for element in (block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}])
        if element.get("type") == "button"
    ]
    block_id, button = data.draw(st.sampled_from(pressable))
    value = data.draw(
        st.one_of(
            st.just(button["value"]),
            st.builds(lambda t, c: f"{t}:{c}", st.integers(min_value=-1, max_value=40), st.integers(min_value=-1)),
            hostile_text,
        )
    )
    action = {**slack.button_action({**button, "value": value}, block_id)}
    if data.draw(st.booleans()):
        action["action_id"] = data.draw(st.sampled_from(["promote_test_call_winner", "promote_test_escalate_winner"]))
    before = driver.row_counts()

    outcome = driver.interaction(slack.message_block_actions(message, CHANNEL, action, user_id=user))

    assert_fine(outcome)
    assert driver.row_counts()["campaign"] == before["campaign"]
