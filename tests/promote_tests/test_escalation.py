"""The winner escalated to Spark Ads from the test's message, linked to the test, and compared with it."""

from __future__ import annotations

import json

from bot.slack.text import escape
from storage import promote_tests as test_store
from tests.support.flights import choose, events, modal_after, open_modal
from tests.support.harness import CHANNEL, TEAMMATE
from tests.support.modal import block, texts
from tests.support.promote_tests import (
    SCALED,
    buttons_of,
    candidates,
    enter_results,
    escalate,
    message_of,
    record_escalation,
    record_test,
    reloaded,
    results_form,
)
from tests.support.results import answers, card_now, wait_for_card
from tests.support.slack_emulator import TEAM_ID

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")


def won_test(flightdeck):
    """A test of three whose second post won clearly."""
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    enter_results(flightdeck, third, views=19000, profile_visits=1000, new_followers=60)
    return test, second


def test_the_winners_button_opens_the_spark_intake_filled_in_from_its_flight(flightdeck):
    test, winner = won_test(flightdeck)

    modal = escalate(flightdeck, test)

    assert modal["title"]["text"] == "Escalate to Spark Ads"
    assert json.loads(modal["private_metadata"])["from"] == winner.id
    assert block(modal, "post_url")["element"]["initial_value"] == winner.post_url
    assert f"Escalating *GlowCo · {MARIA}* from Promote to Spark Ads" in texts(modal)


def test_the_escalated_flight_is_linked_to_the_test_and_its_message_says_so(flightdeck_any):
    flightdeck = flightdeck_any
    test, winner = won_test(flightdeck)

    spark = record_escalation(flightdeck, test)

    assert spark.escalated_from_id == winner.id
    assert reloaded(flightdeck, test).escalated_to_id == spark.id
    assert "promote_test.escalated" in [e.action for e in events(flightdeck, winner)]
    message = flightdeck.emulator.wait_for(
        lambda: (m := message_of(flightdeck, test)) and "Escalated to Spark Ads" in json.dumps(m) and m
    )
    assert "promote_test_escalate_winner" not in buttons_of(message)
    assert "Once its results are in, they're compared here with the Promote winner." in texts(message)


def test_spark_results_are_compared_with_the_promote_winner(flightdeck_any):
    flightdeck = flightdeck_any
    test, _ = won_test(flightdeck)
    spark = record_escalation(flightdeck, test)

    enter_results(flightdeck, spark, spent="400", impressions=200000, clicks=3000, follows=400, profile_visits=2000)

    # $50 for 120 follows on Promote; $400 for 400 on Spark Ads.
    sentence = "A follow cost $1.00 on Spark Ads against $0.42 on Promote (140.0 % more)."
    flightdeck.emulator.wait_for(lambda: sentence in texts(message_of(flightdeck, test)))
    with flightdeck.database.transaction() as session:
        compared = test_store.escalation_comparison(session, TEAM_ID, spark)
    assert compared.sentence == sentence
    # The Spark flight's results card names the test that chose its post, beside the comparison.
    wait_for_card(flightdeck, spark)
    card = texts(card_now(flightdeck, spark))
    assert f"Its post won a Promote test of 3 posts for GlowCo. {sentence}" in card


def test_only_the_winner_may_be_escalated_from_the_test(flightdeck):
    test, _ = won_test(flightdeck)
    loser = candidates(flightdeck, test)[0]

    forged = escalate(flightdeck, test, value=f"{test.id}:{loser.id}")
    stranger = escalate(flightdeck, test, user=TEAMMATE)

    assert forged["title"]["text"] == "Can't change this"
    assert "isn't this test's winner" in texts(forged)
    assert stranger["title"]["text"] == "Can't change this"
    assert not [c for c in flightdeck.campaigns() if c.tool == "spark"]


def test_a_post_escalated_from_its_menu_before_the_call_is_not_linked_when_it_loses(flightdeck):
    test = record_test(flightdeck)
    loser = candidates(flightdeck, test)[0]

    modal = modal_after(flightdeck, lambda: choose(flightdeck, loser, "escalate"))
    modal = flightdeck.change(modal, SCALED, dispatch="flight_end")
    assert flightdeck.submit(modal, SCALED).body == ""
    spark = flightdeck.emulator.wait_for(
        lambda: next((c for c in flightdeck.campaigns() if c.tool == "spark" and c.message_ts), None)
    )
    assert reloaded(flightdeck, test).escalated_to_id is None
    first, second, third = candidates(flightdeck, test)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    enter_results(flightdeck, third, views=19000, profile_visits=1000, new_followers=60)
    # Not a test's flight: no test's message is redrawn for its figures.
    figures = answers(spent="400", impressions="200000", clicks="3000", follows="400", profile_visits="2000")
    assert flightdeck.submit(results_form(flightdeck, spark), figures).body == ""

    assert spark.escalated_from_id == loser.id
    assert reloaded(flightdeck, test).escalated_to_id is None
    assert "promote_test.escalated" not in [e.action for e in events(flightdeck, loser)]
    message = message_of(flightdeck, test)
    assert "Escalated to Spark Ads" not in texts(message)
    assert "promote_test_escalate_winner" in buttons_of(message)
    # Its card compares it with the Promote flight it came from, and says it didn't win.
    wait_for_card(flightdeck, spark)
    card = texts(card_now(flightdeck, spark))
    assert "Its post won" not in card
    assert "Its post was one of 3 in a Promote test for GlowCo, but wasn't its winner as called" in card
    assert "A follow cost $1.00 on Spark Ads against $1.00 on Promote." in card


def test_correcting_the_winners_figures_redraws_the_spark_card(flightdeck):
    test, winner = won_test(flightdeck)
    spark = record_escalation(flightdeck, test)
    enter_results(flightdeck, spark, spent="400", impressions=200000, clicks=3000, follows=400, profile_visits=2000)
    wait_for_card(flightdeck, spark)
    assert "against $0.42 on Promote" in texts(card_now(flightdeck, spark))

    _, view = open_modal(flightdeck, card_now(flightdeck, winner), CHANNEL, "results_correct")
    figures = answers(spent="50", views="21000", profile_visits="1000", new_followers="200")
    assert flightdeck.submit(view, figures).body == ""

    # $50 for 200 follows now: the Spark card is edited in place with the new comparison.
    flightdeck.emulator.wait_for(lambda: "against $0.25 on Promote" in texts(card_now(flightdeck, spark)))
