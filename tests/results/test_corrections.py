"""Correcting a flight's figures, racing submissions, and Spark Ads against the Promote flight it scaled."""

from __future__ import annotations

import threading
from datetime import date

from storage.models import Campaign
from tests.support import slack_requests as slack
from tests.support.flights import (
    campaign_now,
    events,
    handled,
    menu_options,
    message_text,
    open_modal,
    record_flight,
    summary_updates,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER, TEAMMATE
from tests.support.modal import input_blocks, state_values, texts
from tests.support.results import (
    after_the_flight,
    answers,
    card_now,
    cards,
    form_from_menu,
    form_from_reminder,
    result_row,
    summary_now,
    summary_reminder,
)


def entered(flightdeck, campaign, **figures):
    view = form_from_reminder(flightdeck, summary_reminder(flightdeck, campaign))
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, answers(**figures)))
    flightdeck.emulator.wait_for(lambda: cards(flightdeck, campaign))


def test_correct_figures_reopens_the_form_filled_in_and_edits_the_card(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    entered(flightdeck, campaign, spent="380", views="12.4K", profile_visits="1240", new_followers="76")
    card = card_now(flightdeck, campaign)

    _, view = open_modal(flightdeck, card, CHANNEL, "results_correct")

    assert view["title"]["text"] == "Correct results"
    shown = {block_id: b["element"].get("initial_value") for block_id, b in input_blocks(view).items()}
    assert shown == {
        "results_spent": "380",
        "results_views": "12400",
        "results_profile_visits": "1240",
        "results_new_followers": "76",
    }
    figures = answers(spent="400", views="13000", profile_visits="1240", new_followers="76")
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, figures, user=OWNER))

    assert len(cards(flightdeck, campaign)) == 1  # edited in place, not posted again
    read = message_text(card_now(flightdeck, campaign))
    assert "1,240 profile visits at $0.32 each" in read and "*Views*\n13,000" in read
    assert f"corrected by <@{OWNER}>" in read
    assert thread_notes(flightdeck, campaign)[-1] == (
        f"✏️ <@{OWNER}> corrected the figures: Spent $380.00 → $400.00; Views 12,400 → 13,000."
    )
    correction = events(flightdeck, campaign)[-1]
    assert correction.action == "results.corrected" and correction.actor == OWNER
    assert (correction.detail["before"]["spent"], correction.detail["after"]["spent"]) == ("380", "400")
    assert (correction.detail["before"]["views"], correction.detail["after"]["views"]) == (12_400, 13_000)
    assert "Spent $400.00 of $400.00 planned" in message_text(summary_now(flightdeck, campaign))
    assert campaign_now(flightdeck, campaign).status == "summarized"


def test_the_menu_of_a_summarized_flight_offers_correct_results(flightdeck):
    campaign = record_flight(flightdeck)
    entered(flightdeck, campaign, spent="380")
    offered = [o["text"]["text"] for o in menu_options(summary_now(flightdeck, campaign)).values()]
    # A summarized Promote flight can still be scaled with Spark Ads (tests/campaigns/test_escalation.py).
    assert offered == ["Correct results…", "Escalate to Spark Ads…"]

    view = form_from_menu(flightdeck, campaign, "results")
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, answers(spent="390")))

    assert str(result_row(flightdeck, campaign).spent).rstrip("0").rstrip(".") == "390"
    assert events(flightdeck, campaign)[-1].action == "results.corrected"


def test_only_those_who_may_change_the_flight_can_correct_it(flightdeck):
    campaign = record_flight(flightdeck)
    entered(flightdeck, campaign, spent="380")

    _, view = open_modal(flightdeck, card_now(flightdeck, campaign), CHANNEL, "results_correct", user=TEAMMATE)

    assert view.get("submit") is None and "Only the flight's owner" in texts(view)


def test_the_reminder_pressed_again_after_the_figures_says_so(flightdeck):
    campaign = record_flight(flightdeck)
    message = summary_reminder(flightdeck, campaign)
    view = form_from_reminder(flightdeck, message)
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, answers(spent="380")))

    again = form_from_reminder(flightdeck, message)  # the person's client still shows the button

    assert again.get("submit") is None and "already handled" in texts(again)


def test_six_identical_submissions_at_once_save_once(flightdeck_any, monkeypatch):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)
    after_the_flight(flightdeck, campaign)
    view = form_from_menu(flightdeck, campaign)
    payload = slack.view_submission(view, state_values(view, answers(spent="380", views="9000")), user_id=OWNER)
    campaigns = flightdeck.deps.campaigns
    at_the_lock = threading.Barrier(6, timeout=10)
    change = campaigns.change

    def change_once_all_are_there(*args, **kwargs):
        if kwargs.get("action") == "summary.pulled":  # the first save; the others then retry as corrections
            at_the_lock.wait()
        return change(*args, **kwargs)

    monkeypatch.setattr(campaigns, "change", change_once_all_are_there)
    updates = len(summary_updates(flightdeck, campaign))
    replies = []
    threads = [
        threading.Thread(target=lambda: replies.append(flightdeck.sender.interaction(payload))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [(r.status, r.body) for r in replies] == [(200, "")] * 6
    flightdeck.emulator.wait_for(lambda: len(summary_updates(flightdeck, campaign)) > updates)
    actions = [e.action for e in events(flightdeck, campaign)]
    assert actions.count("summary.pulled") == 1 and "results.corrected" not in actions
    assert len(cards(flightdeck, campaign)) == 1
    assert result_row(flightdeck, campaign).views == 9000


def test_a_spark_flight_escalated_from_promote_compares_their_results(flightdeck_any):
    flightdeck = flightdeck_any
    promote = record_flight(flightdeck)
    entered(flightdeck, promote, spent="380", views="40000", profile_visits="1240", new_followers="76")
    # Recorded once the Promote flight is over: it runs a fortnight from today.
    spark = record_flight(flightdeck, spark=True, last_day=date(2026, 12, 14), code_expires_on=date(2026, 12, 30))
    with flightdeck.database.transaction() as session:
        # As the escalation from the Promote flight's menu records it (tests/campaigns/test_escalation.py).
        row = session.get(Campaign, spark.id)
        row.escalated_from_id = promote.id
        session.add(row)
    after_the_flight(flightdeck, spark)
    view = form_from_menu(flightdeck, spark)

    figures = answers(spent="640", impressions="200000", clicks="3000", follows="320", conversions="40")
    handled(flightdeck, spark, lambda: flightdeck.submit(view, figures))

    read = message_text(card_now(flightdeck, spark))
    assert "*Spark Ads against the Promote flight it scaled*" in read
    assert "A follow cost $2.00 on Spark Ads against $5.00 on Promote (60.0 % less)." in read


def test_two_people_entering_different_figures_at_once_keep_both_in_the_log(flightdeck):
    campaign = record_flight(flightdeck)
    after_the_flight(flightdeck, campaign)
    view = form_from_menu(flightdeck, campaign)
    payloads = [
        slack.view_submission(view, state_values(view, answers(spent=spent)), user_id=OWNER) for spent in ("380", "390")
    ]
    campaigns = flightdeck.deps.campaigns
    at_the_lock = threading.Barrier(2, timeout=10)
    change = campaigns.change

    def change_once_both_are_there(*args, **kwargs):
        if kwargs.get("action") == "summary.pulled":
            at_the_lock.wait()
        return change(*args, **kwargs)

    flightdeck.deps.campaigns.change = change_once_both_are_there
    replies = []
    try:
        threads = [
            threading.Thread(target=lambda p=p: replies.append(flightdeck.sender.interaction(p))) for p in payloads
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        del flightdeck.deps.campaigns.change

    assert [(r.status, r.body) for r in replies] == [(200, "")] * 2
    flightdeck.emulator.wait_for(lambda: len(thread_notes(flightdeck, campaign)) >= 1)
    actions = [e.action for e in events(flightdeck, campaign)]
    assert actions.count("summary.pulled") == 1 and actions.count("results.corrected") == 1
    # The correction edits the first card once that card is on record; if it gets there first, it posts its own.
    assert cards(flightdeck, campaign)
    [note] = [n for n in thread_notes(flightdeck, campaign) if n.startswith("✏️")]
    assert note in (
        f"✏️ <@{OWNER}> corrected the figures: Spent $380.00 → $390.00.",
        f"✏️ <@{OWNER}> corrected the figures: Spent $390.00 → $380.00.",
    )
