"""The hybrid pattern end to end, over signed HTTP against the emulator, on SQLite and PostgreSQL.

One intake records a Promote test of three posts; each post's results are entered from its summary
reminder (a slip refused in the form first); the test's message ranks them and calls a clear winner;
the winner is escalated to Spark Ads; the Spark results are compared with the test; and `/flights
export` sends a CSV, read back with the csv module, that holds every flight, its figures and the
link from the Spark flight to the Promote post it scaled.
"""

from __future__ import annotations

import csv
import io

from bot.core.export import COLUMNS
from bot.slack.text import escape
from tests.support.flights import message_text
from tests.support.modal import texts
from tests.support.promote_tests import (
    buttons_of,
    candidates,
    enter_results,
    message_of,
    record_escalation,
    record_test,
    reloaded,
    results_form,
)
from tests.support.results import answers, card_now, cards, form_from_reminder, summary_reminder, wait_for_card

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")


def test_a_promote_test_from_intake_to_spark_ads_to_the_brands_spreadsheet(flightdeck_any):
    flightdeck = flightdeck_any

    # One intake, three candidate posts, one test.
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)
    assert [c.tool for c in (first, second, third)] == ["promote"] * 3

    # The first post's figures: a word where a number goes, then more visits than views, refused in the
    # form itself; then the figures as they are.
    form = results_form(flightdeck, first)
    not_a_number = flightdeck.submit(form, answers(spent="50", views="lots", profile_visits="1000"))
    assert not_a_number.json()["errors"] == {"results_views": "Enter a whole number, like 12400 or 12.4K."}
    impossible = flightdeck.submit(form, answers(spent="50", views="900", profile_visits="1000"))
    assert "More visits than views" in impossible.json()["errors"]["results_profile_visits"]
    assert reloaded(flightdeck, test).status == "open"
    fixed = flightdeck.submit(form, answers(spent="50", views="20000", profile_visits="1000", new_followers="50"))
    assert (fixed.status, fixed.body) == (200, "")
    flightdeck.emulator.wait_for(lambda: "Results in" in message_text(message_of(flightdeck, test)))
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    enter_results(flightdeck, third, views=19000, profile_visits=1000, new_followers=60)

    # Ranked by visit-to-follow, a clear winner, and its button.
    message = flightdeck.emulator.wait_for(
        lambda: (m := message_of(flightdeck, test)) and "Clear winner" in message_text(m) and m
    )
    text = message_text(message)
    assert text.index("*1. Post 2") < text.index("*2. Post 3") < text.index("*3. Post 1")
    assert (
        f":trophy: *Clear winner.* Post 2 ({MARIA}) wins: 12.0 % of profile visitors followed, "
        f"against 6.0 % for Post 3 ({escape('@sam.bakes')}) — too big a gap to be chance."
    ) in text
    assert "promote_test_escalate_winner" in buttons_of(message)
    assert reloaded(flightdeck, test).call == {"flights": [first.id, second.id, third.id], "winner": second.id}
    # Each post's card says how it did against its objective and its budget, and where it stands: the
    # first one waited for the others' results, and once the winner is called says its final place.
    wait_for_card(flightdeck, first)
    wait_for_card(flightdeck, third)
    [posted] = cards(flightdeck, first)
    assert (
        "1,000 profile visits at $0.05 each, spending only 12.5 % of its budget ($50.00 of $400.00); "
        "its Promote test of 3 posts waits for 2 more posts' results before it compares them."
    ) in texts(posted.args["blocks"])
    flightdeck.emulator.wait_for(
        lambda: "; 3rd of the 3 posts in its Promote test." in texts(card_now(flightdeck, first))
    )
    assert "; 2nd of the 3 posts in its Promote test." in texts(card_now(flightdeck, third))

    # The winner escalated to Spark Ads, from the test's message: linked to the test.
    spark = record_escalation(flightdeck, test)
    assert spark.escalated_from_id == second.id
    assert reloaded(flightdeck, test).escalated_to_id == spark.id

    # Spark's figures: more clicks than impressions refused inline, then the real ones.
    spark_form = form_from_reminder(flightdeck, summary_reminder(flightdeck, spark))
    refused = flightdeck.submit(spark_form, answers(spent="400", impressions="1000", clicks="3000"))
    assert "More clicks than impressions" in refused.json()["errors"]["results_clicks"]
    saved = flightdeck.submit(
        spark_form,
        answers(spent="400", impressions="200000", clicks="3000", profile_visits="2000", follows="400"),
    )
    assert (saved.status, saved.body) == (200, "")

    # Compared with the test, on its message and on the Spark flight's card.
    sentence = "A follow cost $1.00 on Spark Ads against $0.42 on Promote (140.0 % more)"
    flightdeck.emulator.wait_for(lambda: sentence in texts(message_of(flightdeck, test)))
    wait_for_card(flightdeck, spark)
    card = texts(card_now(flightdeck, spark))
    assert f"Its post won a Promote test of 3 posts for GlowCo. {sentence}" in card

    # The brand's spreadsheet: the channel's flights, as a CSV in a DM.
    flightdeck.slash("/flights", "export")
    sent = flightdeck.emulator.wait_for(lambda: list(flightdeck.emulator.files.values()))[-1]
    content = sent["content"]
    assert content.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    rows = {int(row["flight_id"]): row for row in reader}
    assert set(rows) == {first.id, second.id, third.id, spark.id}
    for flight, follows in ((first, "50"), (second, "120"), (third, "60")):
        row = rows[flight.id]
        assert (row["tool"], row["status"], row["spent"], row["follows"]) == ("promote", "summarized", "50", follows)
        assert row["profile_visits"] == "1000" and row["escalated_from"] == ""
    assert rows[second.id]["visit_to_follow"] == "0.1200"
    spark_row = rows[spark.id]
    assert (spark_row["tool"], spark_row["status"], spark_row["escalated_from"]) == (
        "spark",
        "summarized",
        str(second.id),
    )
    assert (spark_row["impressions"], spark_row["clicks"], spark_row["follows"]) == ("200000", "3000", "400")
    assert spark_row["spent"] == "400" and spark_row["cost_per_follow"] == "1.0000"


def test_a_close_test_is_called_too_close_and_says_what_would_settle_it(flightdeck_any):
    flightdeck = flightdeck_any
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)

    enter_results(flightdeck, first, views=9000, profile_visits=400, new_followers=24)
    enter_results(flightdeck, second, views=9000, profile_visits=400, new_followers=28)
    enter_results(flightdeck, third, views=9000, profile_visits=400, new_followers=20)

    message = flightdeck.emulator.wait_for(
        lambda: (m := message_of(flightdeck, test)) and "Too close to call" in message_text(m) and m
    )
    text = message_text(message)
    assert (
        f":balance_scale: *Too close to call.* Post 2 ({MARIA}) leads (7.0 % of profile visitors followed, "
        f"against 6.0 % for Post 1 ({MARIA})), but the gap could still be chance: "
        "about 2,900 more profile visits each would settle it, if the rates hold."
    ) in text
    assert "promote_test_escalate_winner" not in buttons_of(message)
    assert reloaded(flightdeck, test).call == {"flights": [first.id, second.id, third.id], "winner": None}
    # The last post's card, drawn once every figure was in, says where it stands.
    wait_for_card(flightdeck, third)
    assert "; 3rd of the 3 posts in its Promote test." in texts(card_now(flightdeck, third))
