"""Free text has a length limit: the modal enforces it, and so does the server for a request that didn't."""

from tests.support.intake import POST, PROMOTE_ANSWERS, SPARK_ANSWERS, promote_view, spark_view
from tests.support.modal import input_blocks

NOTHING = {"campaign": 0, "spark_authorization": 0, "reminder": 0, "event": 0}
LIMITS = {
    "client": 100,
    "creator_handle": 25,
    "post_url": 500,
    "code_post_0": 500,
    "ad_account_0": 20,
    "code_post_1": 500,
    "ad_account_1": 20,
    "promote_test_posts": 3000,
}


def text_inputs(view) -> dict[str, dict]:
    return {
        block_id: b["element"]
        for block_id, b in input_blocks(view).items()
        if b["element"]["type"] == "plain_text_input"
    }


def test_every_text_input_of_the_modal_has_a_length_limit(flightdeck):
    promote = promote_view(flightdeck)
    spark = flightdeck.press_in_modal(
        flightdeck.change(promote, {"ownership": "brand"}, dispatch="ownership"), "add_ad_account"
    )

    for view in (promote, spark):
        limits = {block_id: element.get("max_length") for block_id, element in text_inputs(view).items()}
        assert limits == {block_id: LIMITS[block_id] for block_id in limits}
    assert set(text_inputs(spark)) | set(text_inputs(promote)) == set(LIMITS)


def test_a_client_name_over_100_characters_is_refused_inline_and_nothing_is_saved(flightdeck_any):
    flightdeck = flightdeck_any
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "client": "G" * 101})

    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["client"]
    assert "at most 100 characters" in answer["errors"]["client"]
    assert flightdeck.row_counts() == NOTHING
    assert flightdeck.emulator.posts() == []


def test_a_client_name_of_100_characters_is_recorded_whole(flightdeck_any):
    flightdeck = flightdeck_any
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "client": "G" * 100})

    assert (reply.status, reply.body) == (200, "")
    [campaign] = flightdeck.campaigns()
    assert campaign.client == "G" * 100


def test_a_post_link_over_500_characters_is_refused_inline(flightdeck):
    view = promote_view(flightdeck)

    reply = flightdeck.submit(view, {**PROMOTE_ANSWERS, "post_url": POST + "?" + "x" * 500})

    answer = reply.json()
    assert answer["errors"] == {"post_url": "The link can be at most 500 characters; this one has 562."}
    assert flightdeck.row_counts() == NOTHING


def test_an_ad_account_id_over_20_digits_is_refused_inline(flightdeck):
    view = spark_view(flightdeck)

    reply = flightdeck.submit(view, {**SPARK_ANSWERS, "ad_account_0": "7" * 21})

    answer = reply.json()
    assert list(answer["errors"]) == ["ad_account_0"]
    assert flightdeck.row_counts() == NOTHING
