"""The Promote test's message in the channel: its candidates, their state and figures, and the call.

Ranked by the objective's metric (bot/core/ranking.py); a clear winner only when the lead holds up.
"""

from __future__ import annotations

from bot.slack.text import escape
from tests.support import slack_requests as slack
from tests.support.flights import campaign_now, choose, events, message_text, modal_after, open_modal, thread_notes
from tests.support.harness import CHANNEL, OWNER, TEAMMATE
from tests.support.modal import texts
from tests.support.promote_tests import (
    SECOND,
    buttons_of,
    candidates,
    enter_results,
    message_of,
    record_test,
    reloaded,
    results_form,
)
from tests.support.results import answers, card_now

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")
SAM = escape("@sam.bakes")


def test_a_recorded_test_gets_its_message_and_each_thread_links_to_it(flightdeck_any):
    flightdeck = flightdeck_any
    test = record_test(flightdeck)

    message = message_of(flightdeck, test)

    text = message_text(message)
    assert "Promote test: GlowCo" in text
    assert "ranked by visit-to-follow ratio" in text
    flights = candidates(flightdeck, test)
    for number, flight in enumerate(flights, start=1):
        assert f"Post {number} ({escape(flight.creator_handle)})" in text
        assert f"https://acme-agency.slack.com/archives/{CHANNEL}/p{flight.message_ts.replace('.', '')}" in text
        assert f"<{flight.post_url}|post on TikTok>" in text
        note = flightdeck.emulator.wait_for(
            lambda f=flight: [n for n in thread_notes(flightdeck, f) if "Promote test" in n]
        )
        assert "one of 3 posts in a Promote test for GlowCo" in note[0]
    assert text.count("Live, last day Mon 30 Nov") == 3
    assert f"Waiting for the figures of Post 1 ({MARIA}), Post 2 ({MARIA}) and Post 3 ({SAM})" in text
    # Nothing to call before any post has results.
    assert buttons_of(message) == []


def test_a_clear_winner_once_every_candidate_has_results(flightdeck_any):
    flightdeck = flightdeck_any
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)

    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    partial = message_text(message_of(flightdeck, test))
    assert "Results in" in partial and "Waiting for the figures of Post 2" in partial
    assert "promote_test_call_winner" in buttons_of(message_of(flightdeck, test))
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    enter_results(flightdeck, third, views=19000, profile_visits=1000, new_followers=60)

    message = message_of(flightdeck, test)
    text = message_text(message)
    assert f":trophy: *Clear winner.* Post 2 ({MARIA}) wins: 12.0 %" in text
    # Ranked: the winner first, each with its figures.
    assert text.index("*1. Post 2") < text.index("*2. Post 3") < text.index("*3. Post 1")
    assert "*12.0 % visit-to-follow* · $50.00 spent · 21,000 views · 1,000 profile visits · 120 new followers" in text
    assert buttons_of(message) == ["promote_test_escalate_winner"]
    assert reloaded(flightdeck, test).status == "closed"


def test_too_close_to_call_says_why(flightdeck):
    test = record_test(flightdeck, posts=("https://www.tiktok.com/@maria.cooks/video/7301234567890123457",))
    first, second = candidates(flightdeck, test)

    enter_results(flightdeck, first, views=9000, profile_visits=400, new_followers=24)
    enter_results(flightdeck, second, views=9000, profile_visits=400, new_followers=28)

    text = message_text(message_of(flightdeck, test))
    assert ":balance_scale: *Too close to call.*" in text
    assert (
        f"Post 2 ({MARIA}) leads (7.0 % of profile visitors followed, against 6.0 % for Post 1 ({MARIA})), "
        "but the gap could still be chance: about 2,900 more profile visits each would settle it, if the rates hold."
    ) in text
    assert "p = " not in text
    assert "promote_test_escalate_winner" not in buttons_of(message_of(flightdeck, test))


def test_too_few_visits_is_too_close_to_call(flightdeck):
    test = record_test(flightdeck, posts=("https://www.tiktok.com/@maria.cooks/video/7301234567890123457",))
    first, second = candidates(flightdeck, test)

    enter_results(flightdeck, first, views=900, profile_visits=40, new_followers=2)
    enter_results(flightdeck, second, views=900, profile_visits=60, new_followers=30)

    text = message_text(message_of(flightdeck, test))
    assert (
        f"Too early to tell: only 60 profile visits for Post 2 ({MARIA}) and 40 for Post 1 ({MARIA}), "
        "and each post needs at least 100; keep it running a few more days or call it anyway." in text
    )


def test_the_owner_calls_the_winner_before_every_result_is_in(flightdeck):
    test = record_test(flightdeck)
    first, second, _ = candidates(flightdeck, test)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)

    flightdeck.press(message_of(flightdeck, test), CHANNEL, "promote_test_call_winner", user=OWNER)

    flightdeck.emulator.wait_for(lambda: reloaded(flightdeck, test).status == "closed")
    text = flightdeck.emulator.wait_for(
        lambda: (t := message_text(message_of(flightdeck, test))) and "Called by" in t and t
    )
    assert f"Clear winner.* Post 2 ({MARIA}) wins" in text
    assert f"Called by <@{OWNER}> before every post had results: Post 3 ({SAM}) not compared" in text


def test_someone_with_no_part_in_the_test_cannot_call_it(flightdeck):
    test = record_test(flightdeck)
    enter_results(flightdeck, candidates(flightdeck, test)[0], views=20000, profile_visits=1000, new_followers=50)

    flightdeck.press(message_of(flightdeck, test), CHANNEL, "promote_test_call_winner", user=TEAMMATE)

    told = flightdeck.emulator.wait_for(
        lambda: [c for c in flightdeck.emulator.calls_to("chat.postEphemeral") if c.args["user"] == TEAMMATE]
    )
    assert "Only the test's owner" in told[0].args["text"]
    assert reloaded(flightdeck, test).status == "open"


def test_bad_figures_are_refused_in_the_form_and_leave_the_test_as_it_was(flightdeck):
    test = record_test(flightdeck)
    first = candidates(flightdeck, test)[0]
    before = message_text(message_of(flightdeck, test))
    view = results_form(flightdeck, first)

    reply = flightdeck.submit(view, answers(spent="", views="lots", profile_visits="900", new_followers="-3"))
    clicks = flightdeck.submit(view, answers(spent="50", views="100", profile_visits="900"))

    assert set(reply.json()["errors"]) == {"results_spent", "results_views", "results_new_followers"}
    assert "More visits than views" in clicks.json()["errors"]["results_profile_visits"]
    assert message_text(message_of(flightdeck, test)) == before
    assert "Results in" not in before


def test_a_views_test_is_ranked_by_cost_per_1000_views(flightdeck):
    test = record_test(flightdeck, objective_promote="Views")
    first, second, third = candidates(flightdeck, test)

    enter_results(flightdeck, first, views=15000, new_followers=30)
    enter_results(flightdeck, second, views=20000, new_followers=40)
    enter_results(flightdeck, third, views=10000, new_followers=90)

    text = message_text(message_of(flightdeck, test))
    assert "ranked by cost per 1,000 views, then the follow rate" in text
    assert f"Clear winner.* Post 2 ({MARIA}) wins: $2.50 per 1,000 views" in text
    assert "*$2.50 per 1,000 views, 0.2 % followed* · $50.00 spent · 20,000 views · 40 new followers" in text
    assert text.index("*1. Post 2") < text.index("*2. Post 1") < text.index("*3. Post 3")


def test_a_website_clicks_test_is_ranked_by_click_through(flightdeck):
    test = record_test(flightdeck, posts=(SECOND,), objective_promote="Website clicks")
    first, second = candidates(flightdeck, test)

    enter_results(flightdeck, first, views=10000, profile_visits=300, website_clicks=200)
    enter_results(flightdeck, second, views=10000, profile_visits=300, website_clicks=300)

    text = message_text(message_of(flightdeck, test))
    assert "ranked by click-through ratio (website clicks per view)" in text
    assert (
        f"Clear winner.* Post 2 ({MARIA}) wins: 3.0 % of viewers clicked through to the website, against 2.0 %" in text
    )


def test_a_cancelled_post_is_left_out_and_the_others_decide(flightdeck):
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)
    cancel = modal_after(flightdeck, lambda: choose(flightdeck, third, "cancel"))
    assert flightdeck.submit(cancel).body == ""
    flightdeck.emulator.wait_for(lambda: campaign_now(flightdeck, third).status == "cancelled")

    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)

    text = message_text(message_of(flightdeck, test))
    assert "Cancelled: left out of the comparison" in text
    assert f"Clear winner.* Post 2 ({MARIA}) wins" in text
    assert reloaded(flightdeck, test).status == "closed"


def test_corrected_figures_redraw_the_ranking(flightdeck):
    test = record_test(flightdeck, posts=(SECOND,))
    first, second = candidates(flightdeck, test)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    assert "Clear winner.* Post 2" in message_text(message_of(flightdeck, test))
    drawn = len(flightdeck.emulator.calls_to("chat.update"))

    _, view = open_modal(flightdeck, card_now(flightdeck, first), CHANNEL, "results_correct")
    figures = answers(spent="50", views="20000", profile_visits="1000", new_followers="200")
    assert flightdeck.submit(view, figures).body == ""

    flightdeck.emulator.wait_for(lambda: "Clear winner.* Post 1" in message_text(message_of(flightdeck, test)))
    assert len(flightdeck.emulator.calls_to("chat.update")) > drawn
    # The call stands on the same two posts, re-made with the corrected figures, and says so.
    text = message_text(message_of(flightdeck, test))
    assert "The call was re-made on the same posts after their figures were corrected" in text
    assert f"(it had named Post 2 ({MARIA}))" in text
    call = reloaded(flightdeck, test).call
    assert call == {"flights": [first.id, second.id], "winner": first.id, "remade_from": second.id}
    assert "promote_test.call_remade" in [e.action for e in events(flightdeck, first)]


def test_results_after_an_early_call_are_shown_beside_it_without_changing_it(flightdeck_any):
    flightdeck = flightdeck_any
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    flightdeck.press(message_of(flightdeck, test), CHANNEL, "promote_test_call_winner", user=OWNER)
    flightdeck.emulator.wait_for(lambda: "Called by" in message_text(message_of(flightdeck, test)))
    assert reloaded(flightdeck, test).call == {"flights": [first.id, second.id], "winner": second.id}

    # The third post's figures would have won: they came after the call, so they don't change it.
    enter_results(flightdeck, third, views=20000, profile_visits=1000, new_followers=300)

    text = flightdeck.emulator.wait_for(
        lambda: (t := message_text(message_of(flightdeck, test))) and "arrived after the call" in t and t
    )
    assert f"Clear winner.* Post 2 ({MARIA}) wins" in text
    assert "Results arrived after the call: shown here, not in it" in text
    assert "30.0 %" not in text.split("Clear winner")[1]  # the late figures aren't in the call's sentence
    assert reloaded(flightdeck, test).call == {"flights": [first.id, second.id], "winner": second.id}
    message = message_of(flightdeck, test)
    escalate = next(
        b["accessory"]["value"] for b in message["blocks"] if (b.get("accessory") or {}).get("type") == "button"
    )
    assert escalate.endswith(f":{second.id}")
    # Its own card says where it stands.
    assert "its results came after its Promote test of 3 posts was called" in texts(card_now(flightdeck, third))


def test_calling_with_no_results_is_refused_and_leaves_the_test_open(flightdeck):
    test = record_test(flightdeck)
    forged = slack.button_action(
        {
            "type": "button",
            "action_id": "promote_test_call_winner",
            "value": str(test.id),
            "text": {"type": "plain_text", "text": "Call"},
        },
        f"promote_test_{test.id}",
    )
    message = message_of(flightdeck, test)
    reply = flightdeck.sender.interaction(slack.message_block_actions(message, CHANNEL, forged, user_id=OWNER))
    assert reply.status == 200

    told = flightdeck.emulator.wait_for(lambda: flightdeck.emulator.calls_to("chat.postEphemeral"))
    assert "No post in this test has results yet" in told[-1].args["text"]
    assert reloaded(flightdeck, test).status == "open" and reloaded(flightdeck, test).call is None
