"""The intake end to end: /intake opens the modal, answers reshape it live, a submit records it."""

from tests.support.harness import CHANNEL, OWNER
from tests.support.intake import POST, PROMOTE_ANSWERS


def block(view, block_id):
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_promote_intake_is_recorded_and_summarised(flightdeck):
    view = flightdeck.open_intake(POST)
    assert block(view, "post_url")["element"]["initial_value"] == POST
    view = flightdeck.change(view, {"ownership": "creator"}, dispatch="ownership")
    assert "Promote" in block(view, "decision")["text"]["text"]

    reply = flightdeck.submit(view, PROMOTE_ANSWERS)

    assert reply.status == 200 and reply.body == ""
    post = flightdeck.emulator.wait_for_calls("chat.postMessage")[0]
    assert post.args["channel"] == CHANNEL
    assert "Promote" in post.args["text"]
    flightdeck.emulator.wait_for(lambda: flightdeck.campaigns()[0].message_ts)
    [campaign] = flightdeck.campaigns()
    assert (campaign.tool, campaign.owner_id, campaign.channel_id) == ("promote", OWNER, CHANNEL)
    assert campaign.message_ts == post.answer["ts"]
    assert {r.kind for r in flightdeck.reminders()} == {
        "flight.hold",
        "flight.min_reached",
        "summary.pull",
        "summary.overdue",
    }


def test_brand_ownership_turns_the_modal_into_spark(flightdeck):
    view = flightdeck.open_intake(POST)
    view = flightdeck.change(view, {"ownership": "brand"}, dispatch="ownership")
    assert "Spark Ads" in block(view, "decision")["text"]["text"]
    assert block(view, "ad_account_0")
    assert block(view, "objective_spark")
