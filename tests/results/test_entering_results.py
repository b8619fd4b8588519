"""Entering a flight's figures: from the summary reminder and from the ⋯ menu, on SQLite and PostgreSQL.

The modal fits the tool; what can't be true is refused inline; the thread gets the results card and
the summary message its headline; the flight is summarized and its summary reminders stop.
"""

from __future__ import annotations

from decimal import Decimal

from bot.slack.text import escape
from tests.support.flights import (
    buttons,
    campaign_now,
    events,
    handled,
    menu_options,
    message_now,
    message_text,
    record_flight,
    reminder,
    reminder_posts,
    run_at,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER
from tests.support.modal import input_blocks, texts
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

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")


def test_promote_results_from_the_reminder_button(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck)  # Promote, profile visits, $50 a day for 8 days
    message = summary_reminder(flightdeck, campaign)
    overdue = reminder(flightdeck, campaign, "summary.overdue")

    view = form_from_reminder(flightdeck, message)

    # The creator's app's figures; website clicks only for the website-clicks goal.
    assert list(input_blocks(view)) == [
        "results_spent",
        "results_views",
        "results_profile_visits",
        "results_new_followers",
    ]
    assert input_blocks(view)["results_spent"]["label"]["text"] == "Spent (USD)"
    assert input_blocks(view)["results_spent"].get("optional") is not True
    assert input_blocks(view)["results_views"]["optional"] is True
    assert "View analytics" in texts(view)
    figures = answers(spent="380", views="12.4K", profile_visits="1,240", new_followers="76")
    reply = handled(flightdeck, campaign, lambda: flightdeck.submit(view, figures))
    assert (reply.status, reply.body) == (200, "")

    closed = campaign_now(flightdeck, campaign)
    assert closed.status == "summarized" and closed.summary_pulled_at == flightdeck.now()
    row = result_row(flightdeck, campaign)
    stored = (row.spent, row.views, row.profile_visits, row.follows, row.clicks)
    assert stored == (Decimal(380), 12_400, 1_240, 76, None)
    [event] = [e for e in events(flightdeck, campaign) if e.action == "summary.pulled"]
    assert event.detail["results"] == {
        "spent": "380",
        "views": 12_400,
        "profile_visits": 1_240,
        "new_followers": 76,
        "website_clicks": None,
    }
    # The reminder is answered and its buttons gone; the summary reminders stop.
    answered = message_now(flightdeck, CHANNEL, message["ts"])
    assert buttons(answered) == [] and f"Summary pulled by <@{OWNER}>" in message_text(answered)
    sent = len(reminder_posts(flightdeck))
    run_at(flightdeck, overdue.due_at)
    assert len(reminder_posts(flightdeck)) == sent

    card = card_now(flightdeck, campaign)
    read = message_text(card)
    assert "1,240 profile visits at $0.31 each; 6.1 % of visitors followed." in read
    assert "*Views*\n12,400" in read and "*Spent*\n$380.00" in read
    assert "Cost per profile visit: *$0.31*" in read and "Visit-to-follow: *6.1 %*" in read
    assert "Spent $380.00 of $400.00 planned (95.0 % of the plan)." in read
    assert buttons(card) == ["results_correct"]
    assert ":warning:" not in read

    summary = message_text(summary_now(flightdeck, campaign))
    assert "1,240 profile visits at $0.31 each" in summary
    assert "Spent $380.00 of $400.00 planned" in summary
    assert "summarized" in summary
    assert list(menu_options(summary_now(flightdeck, campaign))) == ["results", "escalate"]


def test_spark_results_from_the_menu(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)  # Conversions, $50 a day for 14 days
    after_the_flight(flightdeck, campaign)

    view = form_from_menu(flightdeck, campaign)

    assert list(input_blocks(view)) == [
        "results_spent",
        "results_impressions",
        "results_video_views",
        "results_clicks",
        "results_profile_visits",
        "results_follows",
        "results_conversions",
        "results_conversion_value",
    ]
    assert "Ads Manager" in texts(view)
    figures = answers(
        spent="640.50",
        impressions="210000",
        video_views="88000",
        clicks="3100",
        profile_visits="900",
        follows="140",
        conversions="62",
        conversion_value="2,480",
    )
    reply = handled(flightdeck, campaign, lambda: flightdeck.submit(view, figures))
    assert (reply.status, reply.body) == (200, "")

    assert campaign_now(flightdeck, campaign).status == "summarized"
    read = message_text(card_now(flightdeck, campaign))
    assert "62 conversions at $10.33 each; a return of 3.9× the spend." in read
    assert "Cost per conversion: *$10.33*" in read and "Return on spend: *3.9×*" in read
    assert "Click-through: *1.5 %*" in read
    assert "Spent $640.50 of $700.00 planned (91.5 % of the plan)." in read
    assert "62 conversions at $10.33 each" in message_text(summary_now(flightdeck, campaign))
    assert not [n for n in thread_notes(flightdeck, campaign) if "pulled the summary" in n]


def test_impossible_figures_are_refused_beside_their_field(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    after_the_flight(flightdeck, campaign)
    view = form_from_menu(flightdeck, campaign)

    reply = flightdeck.submit(
        view, answers(spent="", impressions="1000", clicks="5000", video_views="lots", follows="-3")
    )

    assert reply.status == 200
    assert reply.json() == {
        "response_action": "errors",
        "errors": {
            "results_spent": "Enter the amount spent: it's what every ratio is measured by.",
            "results_video_views": "Enter a whole number, like 12400 or 12.4K.",
            "results_follows": "Enter a whole number, like 12400 or 12.4K.",
        },
    }
    reply = flightdeck.submit(view, answers(spent="12.345", impressions="1000", clicks="5000"))
    assert reply.json()["errors"] == {
        "results_spent": "USD has 2 decimals.",
    }
    reply = flightdeck.submit(view, answers(spent="100", impressions="1000", clicks="5000"))
    assert reply.json()["errors"] == {
        "results_clicks": "More clicks than impressions: the ad has to be shown first.",
    }
    assert result_row(flightdeck, campaign) is None
    assert campaign_now(flightdeck, campaign).status != "summarized"
    assert cards(flightdeck, campaign) == []


def test_a_running_flight_offers_no_results_yet(flightdeck):
    campaign = record_flight(flightdeck)

    assert "pulled" not in menu_options(summary_now(flightdeck, campaign))


def test_the_app_home_shows_the_latest_results(flightdeck):
    campaign = record_flight(flightdeck, client="GlowCo <Beauty>")
    view = form_from_reminder(flightdeck, summary_reminder(flightdeck, campaign))
    figures = answers(spent="380", views="12400", profile_visits="1240", new_followers="76")
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, figures))

    flightdeck.sender.event({"type": "app_home_opened", "user": OWNER, "channel": "D0OWNER", "tab": "home"})

    [published] = flightdeck.emulator.wait_for_calls("views.publish")
    read = texts(published.args["view"])
    assert f"*Latest results*\n• *GlowCo &lt;Beauty&gt;* ({MARIA}): 1,240 profile visits at $0.31 each" in read


def test_spark_results_from_the_reminder_and_promote_from_the_menu(flightdeck):
    promote = record_flight(flightdeck, client="Sunly")  # ends first
    spark = record_flight(flightdeck, spark=True)
    after_the_flight(flightdeck, promote)
    view = form_from_menu(flightdeck, promote)
    assert "results_new_followers" in input_blocks(view)
    handled(flightdeck, promote, lambda: flightdeck.submit(view, answers(spent="300", views="30000")))

    message = summary_reminder(flightdeck, spark)
    view = form_from_reminder(flightdeck, message)
    assert "results_impressions" in input_blocks(view)
    handled(flightdeck, spark, lambda: flightdeck.submit(view, answers(spent="700", impressions="250000")))

    assert {campaign_now(flightdeck, c).status for c in (spark, promote)} == {"summarized"}
    assert f"Summary pulled by <@{OWNER}>" in message_text(message_now(flightdeck, CHANNEL, message["ts"]))
    assert "*Impressions*\n250,000" in message_text(card_now(flightdeck, spark))
    assert "Spent $300.00 of $400.00 planned (75.0 % of the plan)." in message_text(card_now(flightdeck, promote))
