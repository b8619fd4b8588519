"""Every bad input is answered inline, on the field that needs fixing, and nothing is saved or posted."""

from datetime import timedelta

import pytest

from tests.support.intake import POST, PROMOTE_ANSWERS, SPARK_ANSWERS, TODAY, decision_text, promote_view, spark_view
from tests.support.modal import block_ids

NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}


def assert_nothing_done(flightdeck):
    assert flightdeck.row_counts() == NOTHING
    assert flightdeck.emulator.posts() == []


@pytest.mark.parametrize(
    ("change", "block_id", "says"),
    [
        ({"flight_end": (TODAY - timedelta(days=1)).isoformat()}, "flight_end", "ends before it starts"),
        ({"post_url": "https://www.instagram.com/p/C0abcdEFgh/"}, "post_url", "isn't a TikTok post link"),
        ({"post_url": "http://[tiktok.com/@maria.cooks"}, "post_url", "isn't a TikTok post link"),
        ({"post_url": "tiktok maria cooks video"}, "post_url", "isn't a TikTok post link"),
        ({"creator_handle": "maria cooks!"}, "creator_handle", "isn't a TikTok handle"),
        ({"budget_amount": "lots"}, "budget_amount", "must be a number"),
        ({"budget_amount": "0"}, "budget_amount", "more than zero"),
        ({"budget_amount": "-50"}, "budget_amount", "more than zero"),
        ({"client": ""}, "client", "client or brand"),
        (
            {"creator_handle": "", "post_url": "https://vm.tiktok.com/ZMabc1234/"},
            "creator_handle",
            "Enter the creator's TikTok handle",
        ),
        ({"post_url": ""}, "post_url", "Paste the link"),
        ({"objective_promote": None}, "objective_promote", "Pick an objective"),
        ({"market": None}, "market", "Pick the market"),
        ({"budget_amount": ""}, "budget_amount", "Enter the budget"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_bad_promote_field_is_answered_on_that_field(flightdeck, change, block_id, says):
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, **change})

    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [block_id]
    assert says in answer["errors"][block_id]
    assert_nothing_done(flightdeck)


@pytest.mark.parametrize(
    ("change", "block_id", "says"),
    [
        ({"ad_account_0": ""}, "ad_account_0", "Enter the ad account ID"),
        ({"ad_account_0": "act_70123"}, "ad_account_0", "Ad account IDs are 16–20 digits"),
        (
            {"code_issued_0": (TODAY + timedelta(days=2)).isoformat(), "code_expires_0": TODAY.isoformat()},
            "code_expires_0",
            "can't expire before it was issued",
        ),
        ({"code_issued_0": None}, "code_issued_0", "Pick the day the creator issued the code"),
        ({"objective_spark": None}, "objective_spark", "Pick an objective"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_bad_spark_field_is_answered_on_that_field(flightdeck, change, block_id, says):
    # As a person does it: the dates picked reach the modal (and its warnings) before the button is pressed.
    view = flightdeck.change(spark_view(flightdeck), {**SPARK_ANSWERS, **change}, dispatch="code_issued_0")

    reply = flightdeck.submit(view, {**SPARK_ANSWERS, **change})

    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == [block_id]
    assert says in answer["errors"][block_id]
    assert_nothing_done(flightdeck)


def test_an_unanswered_ownership_question_is_flagged_on_it(flightdeck):
    view = flightdeck.open_intake(POST)

    reply = flightdeck.submit(view, {k: v for k, v in PROMOTE_ANSWERS.items() if k != "ownership"})

    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["ownership"]
    assert "Pick who owns the conversion data" in answer["errors"]["ownership"]
    assert_nothing_done(flightdeck)


def test_a_budget_that_changed_the_tool_without_enter_shows_the_spark_fields_first(flightdeck):
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "budget_amount": "5000"})

    answer = reply.json()
    assert answer["response_action"] == "update"
    assert {"ad_account_0", "code_issued_0", "code_valid_days_0", "objective_spark"} <= set(block_ids(answer["view"]))
    assert decision_text(answer["view"]).startswith("*→ Spark Ads*")
    assert_nothing_done(flightdeck)


def test_a_budget_lowered_without_enter_back_under_the_cap_shows_the_promote_fields_first(flightdeck):
    view = promote_view(flightdeck)
    view = flightdeck.change(view, {"budget_amount": "5000"}, dispatch="budget_amount")
    assert "ad_account_0" in block_ids(view)

    reply = flightdeck.submit(view, {**SPARK_ANSWERS, "ownership": "creator", "budget_amount": "50"})

    answer = reply.json()
    assert answer["response_action"] == "update"
    assert "ad_account_0" not in block_ids(answer["view"])
    assert "objective_promote" in block_ids(answer["view"])
    assert_nothing_done(flightdeck)
