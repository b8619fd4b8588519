"""A Promote flight offers "Escalate to Spark Ads": a Spark intake, filled in, linked to it (docs/domain.md).

docs/domain.md, "The hybrid pattern": validate with Promote, scale the winner with Spark Ads.
"""

from __future__ import annotations

import json

from bot.slack.text import escape
from tests.support.flights import (
    AD_ACCOUNT,
    POST,
    campaign_now,
    choose,
    ephemerals,
    events,
    handled,
    menu_options,
    modal_after,
    record_flight,
    summary_message,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER, TEAMMATE
from tests.support.modal import block, texts

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")

SCALED = {
    "objective_spark": "Conversions",
    "budget_amount": "400",
    "ad_account_0": AD_ACCOUNT,
    "code_expires_0": "2026-12-20",
    "flight_end": "2026-12-06",
}


def escalate(flightdeck, promote, *, user=OWNER):
    return modal_after(flightdeck, lambda: choose(flightdeck, promote, "escalate", user=user))


def test_only_a_promote_flight_offers_it(flightdeck):
    promote = record_flight(flightdeck)
    spark = record_flight(flightdeck, spark=True, client="Sunly")

    assert menu_options(summary_message(flightdeck, promote))["escalate"]["text"]["text"] == "Escalate to Spark Ads…"
    assert "escalate" not in menu_options(summary_message(flightdeck, spark))


def test_it_opens_a_spark_intake_filled_in_from_the_promote_flight(flightdeck):
    promote = record_flight(flightdeck)

    modal = escalate(flightdeck, promote)

    assert modal["title"]["text"] == "Escalate to Spark Ads"
    assert modal["submit"]["text"] == "Record Spark Ads"
    read = texts(modal)
    assert f"Escalating *GlowCo · {MARIA}* from Promote to Spark Ads" in read
    assert block(modal, "ownership")["element"]["initial_option"]["value"] == "brand"
    assert block(modal, "creator_handle")["element"]["initial_value"] == "@maria.cooks"
    assert block(modal, "post_url")["element"]["initial_value"] == POST
    assert block(modal, "client")["element"]["initial_value"] == "GlowCo"
    assert block(modal, "owner")["element"]["initial_user"] == OWNER
    assert "ad_account_0" in [b.get("block_id") for b in modal["blocks"]]
    assert json.loads(modal["private_metadata"])["from"] == promote.id


def test_recording_it_links_the_two_flights_and_says_so_in_both_threads(flightdeck):
    promote = record_flight(flightdeck)
    modal = flightdeck.change(escalate(flightdeck, promote), SCALED, dispatch="flight_end")

    reply = flightdeck.submit(modal, SCALED)

    assert (reply.status, reply.body) == (200, "")
    spark = flightdeck.emulator.wait_for(
        lambda: next((c for c in flightdeck.campaigns() if c.tool == "spark" and c.message_ts), None)
    )
    assert spark.escalated_from_id == promote.id
    assert (spark.client, spark.creator_handle, spark.post_url, spark.channel_id) == (
        "GlowCo",
        "@maria.cooks",
        POST,
        CHANNEL,
    )
    assert "campaign.escalated" in [e.action for e in events(flightdeck, promote)]
    note = flightdeck.emulator.wait_for(lambda: [n for n in thread_notes(flightdeck, promote) if "escalated" in n])
    assert "the Spark flight has its own summary" in note[0]
    # It is still running: the note says to stop the boost in TikTok, then end the flight here.
    assert "stop this Promote boost in the TikTok app and end it here" in note[0]
    assert "Escalated from a Promote test" in texts(summary_message(flightdeck, spark)["blocks"])
    # The Promote flight runs on until someone ends it.
    assert next(c for c in flightdeck.campaigns() if c.id == promote.id).status == "live"


def test_a_teammate_who_may_not_change_the_flight_is_refused(flightdeck):
    promote = record_flight(flightdeck)

    modal = escalate(flightdeck, promote, user=TEAMMATE)

    assert modal["title"]["text"] == "Can't change this"
    assert [c.id for c in flightdeck.campaigns()] == [promote.id]


def test_a_link_forged_to_a_spark_flight_records_no_link(flightdeck):
    promote = record_flight(flightdeck)
    spark = record_flight(flightdeck, spark=True, client="Sunly")
    modal = escalate(flightdeck, promote)
    metadata = json.loads(modal["private_metadata"]) | {"from": spark.id}
    modal = {**modal, "private_metadata": json.dumps(metadata)}
    modal = flightdeck.change(modal, SCALED, dispatch="flight_end")

    assert flightdeck.submit(modal, SCALED).body == ""

    third = flightdeck.emulator.wait_for(lambda: [c for c in flightdeck.campaigns() if c.message_ts][2:])[0]
    assert third.escalated_from_id is None
    assert "campaign.escalated" not in [e.action for e in events(flightdeck, spark)]
    assert not ephemerals(flightdeck)


def summarized(flightdeck, promote):
    """The Promote flight ended from its menu and its figures entered: its test was run, and read."""
    handled(flightdeck, promote, lambda: choose(flightdeck, promote, "end"))
    # An ended flight offers it too, beside its summary pull.
    assert "escalate" in menu_options(summary_message(flightdeck, promote))
    form = modal_after(flightdeck, lambda: choose(flightdeck, promote, "pulled"))
    handled(flightdeck, promote, lambda: flightdeck.submit(form, {"results_spent": "20"}))
    assert campaign_now(flightdeck, promote).status == "summarized"


def test_a_summarized_promote_flight_can_still_be_escalated(flightdeck):
    # Its Promote test was too close to call (docs/domain.md): the owner scales it with Spark Ads anyway.
    promote = record_flight(flightdeck)
    summarized(flightdeck, promote)
    assert list(menu_options(summary_message(flightdeck, promote))) == ["results", "escalate"]

    modal = flightdeck.change(escalate(flightdeck, promote), SCALED, dispatch="flight_end")
    assert json.loads(modal["private_metadata"])["from"] == promote.id
    reply = flightdeck.submit(modal, SCALED)

    assert (reply.status, reply.body) == (200, "")
    spark = flightdeck.emulator.wait_for(
        lambda: next((c for c in flightdeck.campaigns() if c.tool == "spark" and c.message_ts), None)
    )
    assert spark.escalated_from_id == promote.id
    assert "campaign.escalated" in [e.action for e in events(flightdeck, promote)]
    [note] = flightdeck.emulator.wait_for(lambda: [n for n in thread_notes(flightdeck, promote) if "escalated" in n])
    assert "⋯ menu" not in note  # nothing left to end: the Promote flight is over
    assert campaign_now(flightdeck, promote).status == "summarized"


def test_a_cancelled_promote_flight_is_not_escalated_even_from_a_form_opened_before(flightdeck):
    promote = record_flight(flightdeck)
    modal = flightdeck.change(escalate(flightdeck, promote), SCALED, dispatch="flight_end")
    stale = summary_message(flightdeck, promote)
    cancel = modal_after(flightdeck, lambda: choose(flightdeck, promote, "cancel"))
    handled(flightdeck, promote, lambda: flightdeck.submit(cancel))
    refusal = "This flight was cancelled: start a new Spark intake with `/intake` instead."

    assert menu_options(summary_message(flightdeck, promote)) == {}
    from_stale_menu = escalate_from(flightdeck, promote, stale)
    assert from_stale_menu["title"]["text"] == "Can't change this" and refusal in texts(from_stale_menu)
    # The form opened before the cancellation: refused under the Promote flight's row lock, in the form.
    reply = flightdeck.submit(modal, SCALED)
    assert reply.json() == {"response_action": "errors", "errors": {"ownership": refusal}}
    assert [c.id for c in flightdeck.campaigns()] == [promote.id]
    assert "campaign.escalated" not in [e.action for e in events(flightdeck, promote)]


def escalate_from(flightdeck, promote, message):
    return modal_after(flightdeck, lambda: choose(flightdeck, promote, "escalate", message=message))
