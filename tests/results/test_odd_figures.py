"""Odd figures (spend far above the plan, more followers than visits) asked about before they're saved.

What can't be true is refused beside its field (tests/results/test_entering_results.py); what is only
odd shows the same form again, as typed, with a warning at the top: a second Save keeps the figures,
and the results card still flags them. Another odd value is asked about again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.support.flights import (
    buttons,
    campaign_now,
    handled,
    message_now,
    message_text,
    open_modal,
    record_flight,
)
from tests.support.harness import CHANNEL, OWNER, Flightdeck
from tests.support.modal import input_blocks, texts
from tests.support.results import answers, card_now, cards, form_from_reminder, result_row, summary_reminder

OVERSPEND = "Spend of $1,280.00 is 3.2× the planned $400.00 budget: check the amount and the flight."


def warned(reply) -> dict[str, Any]:
    """The form the submission was answered with: shown again, with its warning at the top."""
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "update", answer
    return answer["view"]


def warning_of(view: dict[str, Any]) -> str:
    top = view["blocks"][0]
    assert top["type"] == "section" and top["text"]["text"].startswith(":warning: *Check before saving*")
    return top["text"]["text"]


def typed_in(view: dict[str, Any]) -> dict[str, str | None]:
    return {block_id: block["element"].get("initial_value") for block_id, block in input_blocks(view).items()}


def nothing_saved(flightdeck: Flightdeck, campaign) -> None:
    assert result_row(flightdeck, campaign) is None
    assert campaign_now(flightdeck, campaign).status != "summarized"
    assert cards(flightdeck, campaign) == []


def test_spend_far_over_the_plan_is_asked_about_then_saved(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)  # Promote, profile visits, $50 a day for 8 days: $400 planned
    message = summary_reminder(flightdeck, campaign)
    view = form_from_reminder(flightdeck, message)

    figures = answers(spent="1,280", views="40K", profile_visits="900", new_followers="45")
    form = warned(flightdeck.submit(view, figures))

    assert warning_of(form) == (
        f":warning: *Check before saving*\n• {OVERSPEND}\nPress *Save* again to keep this figure, or change it first."
    )
    # The same form, with what the person typed, the flight's origin still carried.
    assert (form["callback_id"], form["title"], form["submit"]) == (view["callback_id"], view["title"], view["submit"])
    assert typed_in(form) == {
        "results_spent": "1,280",
        "results_views": "40K",
        "results_profile_visits": "900",
        "results_new_followers": "45",
    }
    assert len(form["blocks"]) == len(view["blocks"]) + 1
    nothing_saved(flightdeck, campaign)
    assert buttons(message_now(flightdeck, CHANNEL, message["ts"])) == buttons(message)

    # Save again, as shown: the figures are kept and the card still flags them.
    reply = handled(flightdeck, campaign, lambda: flightdeck.submit(form))

    assert (reply.status, reply.body) == (200, "")
    row = result_row(flightdeck, campaign)
    assert (row.spent, row.views, row.profile_visits, row.follows) == (Decimal(1280), 40_000, 900, 45)
    assert campaign_now(flightdeck, campaign).status == "summarized"
    assert f"Summary pulled by <@{OWNER}>" in message_text(message_now(flightdeck, CHANNEL, message["ts"]))
    read = message_text(card_now(flightdeck, campaign))
    assert f":warning: {OVERSPEND}" in read
    assert "Spent $1,280.00 of $400.00 planned (320.0 % of the plan)." in read


def test_another_odd_value_is_asked_about_again(flightdeck):
    campaign = record_flight(flightdeck)
    view = form_from_reminder(flightdeck, summary_reminder(flightdeck, campaign))
    form = warned(flightdeck.submit(view, answers(spent="1280", views="40000", profile_visits="900")))
    assert OVERSPEND in warning_of(form)

    # Changed to another amount still far over the plan: asked again, about the new amount.
    form = warned(flightdeck.submit(form, answers(spent="2000")))
    assert "Spend of $2,000.00 is 5.0× the planned $400.00 budget" in warning_of(form)
    assert typed_in(form)["results_spent"] == "2000"

    # The spend kept, but now more followers than visits: asked about that one alone.
    form = warned(flightdeck.submit(form, answers(new_followers="1200")))
    said = warning_of(form)
    assert "More followers than visits" in said and "Spend" not in said
    assert "keep this figure" in said
    nothing_saved(flightdeck, campaign)

    # The visits changed, the followers still above them: another odd pair, asked again.
    form = warned(flightdeck.submit(form, answers(profile_visits="1000")))
    assert "More followers than visits" in warning_of(form)

    reply = handled(flightdeck, campaign, lambda: flightdeck.submit(form))
    assert reply.body == ""
    row = result_row(flightdeck, campaign)
    assert (row.spent, row.profile_visits, row.follows) == (Decimal(2000), 1000, 1200)
    read = message_text(card_now(flightdeck, campaign))
    assert "5.0× the planned $400.00 budget" in read and "More followers than visits" in read

    # Correcting another figure later doesn't ask again about the odd ones already saved.
    _, correction = open_modal(flightdeck, card_now(flightdeck, campaign), CHANNEL, "results_correct")
    reply = handled(flightdeck, campaign, lambda: flightdeck.submit(correction, answers(views="41000")))
    assert reply.body == ""
    assert result_row(flightdeck, campaign).views == 41_000
    # But a new odd spend in a correction is.
    _, correction = open_modal(flightdeck, card_now(flightdeck, campaign), CHANNEL, "results_correct")
    form = warned(flightdeck.submit(correction, answers(spent="3000")))
    assert "7.5× the planned" in warning_of(form)
    assert result_row(flightdeck, campaign).spent == Decimal(2000)


def test_several_odd_figures_are_asked_about_together(flightdeck):
    campaign = record_flight(flightdeck, spark=True)  # Conversions, $700 planned
    view = form_from_reminder(flightdeck, summary_reminder(flightdeck, campaign))

    figures = answers(
        spent="700", impressions="50000", clicks="100", profile_visits="50", follows="80", conversions="150"
    )
    form = warned(flightdeck.submit(view, figures))

    said = warning_of(form)
    assert "More follows than profile visits" in said and "More conversions than clicks" in said
    assert "Press *Save* again to keep these figures, or change them first." in said
    assert "Spend" not in said
    reply = handled(flightdeck, campaign, lambda: flightdeck.submit(form))
    assert reply.body == ""
    assert result_row(flightdeck, campaign).conversions == 150


def test_figures_that_look_right_are_saved_at_the_first_save(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    view = form_from_reminder(flightdeck, summary_reminder(flightdeck, campaign))

    # At the plan's 1.2× (the most a boost overshoots without a word), followers below visits.
    figures = answers(spent="480", views="40000", profile_visits="900", new_followers="900")
    reply = handled(flightdeck, campaign, lambda: flightdeck.submit(view, figures))

    assert (reply.status, reply.body) == (200, "")
    assert result_row(flightdeck, campaign).spent == Decimal(480)
    assert ":warning:" not in texts(card_now(flightdeck, campaign))


def test_impossible_figures_are_refused_even_beside_odd_ones(flightdeck):
    campaign = record_flight(flightdeck)
    view = form_from_reminder(flightdeck, summary_reminder(flightdeck, campaign))

    reply = flightdeck.submit(view, answers(spent="5000", views="100", profile_visits="900"))

    assert reply.json() == {
        "response_action": "errors",
        "errors": {"results_profile_visits": "More visits than views: every one of them starts with a view."},
    }
    nothing_saved(flightdeck, campaign)
