"""Spark codes, one per post and ad account: "Add another post or ad account" can be undone with
"Remove the last Spark ad".

An extra one left empty is not silently dropped: a code nobody recorded would get no renewal
reminders, so the person is asked to fill it in or remove it.
"""

import pytest

from tests.support.intake import SPARK_ANSWERS, spark_view
from tests.support.modal import block, block_ids

SECOND = {"ad_account_1", "code_issued_1", "code_valid_days_1", "code_expires_1"}


def buttons(view) -> list[str]:
    return [element["action_id"] for b in view["blocks"] if b["type"] == "actions" for element in b["elements"]]


def test_the_remove_button_shows_only_with_two_ad_accounts_or_more(flightdeck):
    view = spark_view(flightdeck)
    assert buttons(view) == ["add_ad_account"]

    view = flightdeck.press_in_modal(view, "add_ad_account")

    assert buttons(view) == ["add_ad_account", "remove_ad_account"]
    assert [e["text"]["text"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "Add another post or ad account",
        "Remove the last Spark ad",
    ]


def test_removing_drops_the_last_ad_account_and_keeps_the_others(flightdeck):
    view = flightdeck.change(spark_view(flightdeck), {"ad_account_0": "7012345678901234"}, dispatch="code_valid_days_0")
    view = flightdeck.press_in_modal(view, "add_ad_account")
    assert set(block_ids(view)) >= SECOND

    view = flightdeck.press_in_modal(view, "remove_ad_account")

    assert not SECOND & set(block_ids(view))
    assert block(view, "ad_account_0")["element"]["initial_value"] == "7012345678901234"
    assert buttons(view) == ["add_ad_account"]


def test_an_ad_account_added_by_mistake_can_be_removed_and_the_intake_recorded(flightdeck):
    view = flightdeck.press_in_modal(spark_view(flightdeck), "add_ad_account")
    refused = flightdeck.submit(view, SPARK_ANSWERS).json()
    assert refused["response_action"] == "errors"
    assert refused["errors"] == {"ad_account_1": "Enter the ad account ID, or press “Remove the last Spark ad”."}

    view = flightdeck.press_in_modal(view, "remove_ad_account")
    reply = flightdeck.submit(view, SPARK_ANSWERS)

    assert (reply.status, reply.body) == (200, "")
    assert [a.ad_account_id for a in flightdeck.authorizations()] == [SPARK_ANSWERS["ad_account_0"]]


def test_with_eight_codes_only_removing_is_offered_and_the_modal_fits_slacks_limits(flightdeck):
    view = flightdeck.change(spark_view(flightdeck), {"checks": ["paid_partnership"]}, dispatch="checks")
    for _ in range(7):
        view = flightdeck.press_in_modal(view, "add_ad_account")

    assert "ad_account_7" in block_ids(view)
    assert buttons(view) == ["remove_ad_account"]
    # Every warning showing as well (budget spread thin, codes lapsing in flight, a short flight…).
    crowded = {f"code_expires_{i}": "2026-11-25" for i in range(8)} | {"flight_end": "2026-11-25", "ad_groups": "9"}
    view = flightdeck.change(view, {**crowded, "budget_amount": "20"}, dispatch="flight_end")
    assert "warnings" in block_ids(view)
    assert len(view["blocks"]) <= 100
    assert len(view["private_metadata"]) <= 3000


NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
PASTED_CODE = (
    "That looks like the authorization code — never paste it here. "
    "Enter the ad account ID (Ads Manager → account menu)."
)


@pytest.mark.parametrize(
    "pasted",
    [
        pytest.param("483920", id="six-digit-code"),
        pytest.param("483 920", id="code-with-a-space"),
        pytest.param("#xK2pL9+vQ==", id="hash-code"),
        pytest.param("701234567890", id="twelve-digits"),
    ],
)
def test_a_code_pasted_as_the_ad_account_is_refused_and_never_posted(flightdeck, pasted):
    view = spark_view(flightdeck)

    answer = flightdeck.submit(view, {**SPARK_ANSWERS, "ad_account_0": pasted}).json()

    assert answer == {"response_action": "errors", "errors": {"ad_account_0": PASTED_CODE}}
    assert flightdeck.row_counts() == NOTHING
    assert flightdeck.emulator.posts() == []


def test_a_long_number_that_isnt_all_digits_is_asked_for_again(flightdeck):
    view = spark_view(flightdeck)

    answer = flightdeck.submit(view, {**SPARK_ANSWERS, "ad_account_0": "70123456789O1234567"}).json()

    assert answer["errors"] == {
        "ad_account_0": "Ad account IDs are 16–20 digits, like 7012345678901234567 (Ads Manager → account menu)."
    }


def test_a_sixteen_digit_ad_account_is_recorded(flightdeck):
    view = spark_view(flightdeck)

    reply = flightdeck.submit(view, {**SPARK_ANSWERS, "ad_account_0": "6812345678901234"})

    assert (reply.status, reply.body) == (200, "")
    assert [a.ad_account_id for a in flightdeck.authorizations()] == ["6812345678901234"]
