"""The candidates' results cards once their Promote test's winner is called.

A card posted before the call says the test waits for the other posts' results; the call (every post's
figures in, the owner's "Call the winner", or a call re-made after a correction) redraws each card in
its thread, where it now says its final place.
"""

from __future__ import annotations

from typing import Any

from storage.models import Campaign
from tests.support.flights import open_modal
from tests.support.harness import CHANNEL, OWNER, Flightdeck
from tests.support.modal import texts
from tests.support.promote_tests import SECOND, candidates, enter_results, message_of, record_test, reloaded
from tests.support.results import answers, card_now, cards


def as_posted(flightdeck: Flightdeck, campaign: Campaign) -> str:
    [card] = cards(flightdeck, campaign)
    return texts(card.args["blocks"])


def card_says(flightdeck: Flightdeck, campaign: Campaign, words: str) -> str:
    """The card as its thread shows it, once it says `words`."""
    return flightdeck.emulator.wait_for(lambda: (t := texts(card_now(flightdeck, campaign))) and words in t and t)


def redraws(flightdeck: Flightdeck, campaign: Campaign) -> list[Any]:
    [card] = cards(flightdeck, campaign)
    return [c for c in flightdeck.emulator.calls_to("chat.update") if c.args.get("ts") == card.answer["ts"]]


def test_each_card_says_its_final_place_once_every_post_is_in(flightdeck_any):
    flightdeck = flightdeck_any
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)

    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    assert "its Promote test of 3 posts waits for 2 more posts' results" in as_posted(flightdeck, first)
    assert "its Promote test of 3 posts waits for 1 more post's results" in as_posted(flightdeck, second)
    assert redraws(flightdeck, first) == [] and redraws(flightdeck, second) == []

    enter_results(flightdeck, third, views=19000, profile_visits=1000, new_followers=60)

    assert reloaded(flightdeck, test).status == "closed"
    first_now = card_says(flightdeck, first, "; 3rd of the 3 posts in its Promote test.")
    assert "waits for" not in first_now
    assert "1,000 profile visits at $0.05 each" in first_now and "Correct figures" in first_now
    assert "waits for" not in card_says(flightdeck, second, "; the winner of its Promote test of 3 posts.")
    card_says(flightdeck, third, "; 2nd of the 3 posts in its Promote test.")
    # Edited where they were posted: still one card a thread.
    assert [len(cards(flightdeck, c)) for c in (first, second, third)] == [1, 1, 1]


def test_the_owners_early_call_redraws_the_cards_of_the_posts_it_ranked(flightdeck):
    test = record_test(flightdeck)
    first, second, third = candidates(flightdeck, test)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)

    flightdeck.press(message_of(flightdeck, test), CHANNEL, "promote_test_call_winner", user=OWNER)

    assert "waits for" not in card_says(flightdeck, first, "; 2nd of the 2 posts in its Promote test.")
    assert "waits for" not in card_says(flightdeck, second, "; the winner of its Promote test of 2 posts.")
    assert cards(flightdeck, third) == []


def test_a_call_remade_after_a_correction_redraws_the_other_cards(flightdeck):
    test = record_test(flightdeck, posts=(SECOND,))
    first, second = candidates(flightdeck, test)
    enter_results(flightdeck, first, views=20000, profile_visits=1000, new_followers=50)
    enter_results(flightdeck, second, views=21000, profile_visits=1000, new_followers=120)
    card_says(flightdeck, second, "; the winner of its Promote test of 2 posts.")
    drawn = len(redraws(flightdeck, second))

    # The first post's followers corrected: it wins now, and the second post's card says so too.
    _, view = open_modal(flightdeck, card_now(flightdeck, first), CHANNEL, "results_correct")
    figures = answers(spent="50", views="20000", profile_visits="1000", new_followers="200")
    assert flightdeck.submit(view, figures).body == ""

    card_says(flightdeck, second, "; 2nd of the 2 posts in its Promote test.")
    assert len(redraws(flightdeck, second)) > drawn
    card_says(flightdeck, first, "; the winner of its Promote test of 2 posts.")
