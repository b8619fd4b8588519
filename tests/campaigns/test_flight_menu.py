"""A flight's menu (on its summary message, in /flights, in the App Home) changes the whole flight."""

from __future__ import annotations

import time
from datetime import timedelta

from storage.models import Authorization
from tests.support import slack_requests as slack
from tests.support.flights import (
    SPARK_LAST_DAY,
    authorizations,
    campaign_now,
    choose,
    ephemerals,
    events,
    handled,
    menu_options,
    modal_after,
    record_flight,
    reminders_of,
    summary_message,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER, TEAMMATE
from tests.support.modal import state_values, texts


def test_the_summary_offers_the_flights_changes(flightdeck):
    spark = record_flight(flightdeck, spark=True)
    # The Spark codes have a menu of their own beside them (tests/renewals): its renewal steps come last.
    expected = ["renew", "extend", "end", "owner", "cancel", "ask"]
    assert list(menu_options(summary_message(flightdeck, spark))) == expected
    promote = record_flight(flightdeck, client="Sunly")
    assert list(menu_options(summary_message(flightdeck, promote))) == ["extend", "end", "escalate", "owner", "cancel"]


def test_a_flight_still_running_cannot_be_marked_summarized(flightdeck):
    campaign = record_flight(flightdeck)
    message = summary_message(flightdeck, campaign)
    option = {"text": {"type": "plain_text", "text": "Summary pulled…"}, "value": f"pulled:{campaign.id}"}
    action = {"type": "overflow", "action_id": "flight_menu", "block_id": "m", "selected_option": option}
    view = modal_after(
        flightdeck,
        lambda: flightdeck.sender.interaction(slack.message_block_actions(message, CHANNEL, action, user_id=OWNER)),
    )
    assert "still running" in texts(view) and view.get("submit") is None
    assert campaign_now(flightdeck, campaign).status == "live"


def test_cancelling_stops_every_pending_reminder_and_says_so(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    modal = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "cancel"))
    assert modal["callback_id"] == "cancel_flight"
    handled(flightdeck, campaign, lambda: flightdeck.submit(modal))
    assert campaign_now(flightdeck, campaign).status == "cancelled"
    assert {r.status for r in reminders_of(flightdeck, campaign)} == {"cancelled"}
    assert any("cancelled this flight" in note for note in thread_notes(flightdeck, campaign))
    assert "campaign.cancelled" in [e.action for e in events(flightdeck, campaign)]
    redrawn = summary_message(flightdeck, campaign)
    assert "Cancelled: no more reminders" in str(redrawn["blocks"])
    assert menu_options(redrawn) == {}
    flightdeck.clock.advance(days=30)
    flightdeck.dispatcher.tick()
    assert not [c for c in flightdeck.emulator.posts(CHANNEL) if c.args.get("blocks") and "reminder_" in str(c.args)]


def test_ending_and_pulling_from_the_menu(flightdeck):
    campaign = record_flight(flightdeck)
    handled(flightdeck, campaign, lambda: choose(flightdeck, campaign, "end"))
    ended = campaign_now(flightdeck, campaign)
    assert ended.status == "ended" and ended.end_at == flightdeck.clock.now()
    pending = {r.kind for r in reminders_of(flightdeck, campaign) if r.status == "pending"}
    assert pending == {"summary.pull", "summary.overdue"}
    assert list(menu_options(summary_message(flightdeck, campaign))) == [
        "extend",
        "pulled",
        "escalate",
        "owner",
        "cancel",
    ]

    # "Summary pulled…" opens the results modal (tests/results): its figures mark the flight summarized.
    form = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "pulled"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(form, {"results_spent": "20"}))
    assert campaign_now(flightdeck, campaign).status == "summarized"
    assert not [r for r in reminders_of(flightdeck, campaign) if r.status == "pending"]


def test_renewing_one_of_several_codes_asks_which(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    with flightdeck.database.transaction() as session:
        first = authorizations(flightdeck, campaign)[0]
        session.add(
            Authorization(
                team_id=campaign.team_id,
                campaign_id=campaign.id,
                post_url=campaign.post_url,
                ad_account_id="7099999999999999999",
                expires_at=first.expires_at + timedelta(days=1),
                created_at=first.created_at,
                updated_at=first.updated_at,
            )
        )
    modal = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "renew"))
    assert "renew_authorization" in state_values(modal)
    reply = flightdeck.submit(modal, {"renew_valid_for": "60"})
    assert reply.json()["errors"] == {"renew_authorization": "Pick the ad account whose code was renewed."}
    second = authorizations(flightdeck, campaign)[1]
    handled(flightdeck, campaign, lambda: flightdeck.submit(modal, {"renew_authorization": str(second.id)}))
    renewed = authorizations(flightdeck, campaign)[1]
    assert renewed.expires_at > second.expires_at
    assert authorizations(flightdeck, campaign)[0].expires_at == first.expires_at


def test_extending_from_the_menu(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    modal = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "extend"))
    new_last_day = SPARK_LAST_DAY + timedelta(days=7)
    handled(flightdeck, campaign, lambda: flightdeck.submit(modal, {"extend_last_day": new_last_day.isoformat()}))
    assert campaign_now(flightdeck, campaign).end_at > campaign.end_at


def test_someone_who_may_not_change_the_flight_is_refused(flightdeck):
    campaign = record_flight(flightdeck)
    handled(flightdeck, campaign, lambda: choose(flightdeck, campaign, "end", user=TEAMMATE))
    assert campaign_now(flightdeck, campaign).status == "live"
    assert "Only the flight's owner" in ephemerals(flightdeck)[-1]
    modal = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "cancel", user=TEAMMATE))
    assert modal["title"]["text"] == "Can't change this"
    assert campaign_now(flightdeck, campaign).status == "live"


def test_a_forged_menu_value_changes_nothing(flightdeck):
    campaign = record_flight(flightdeck)
    message = summary_message(flightdeck, campaign)
    for value in ("end:999999", "explode:1", "end:abc"):
        action = {
            "type": "overflow",
            "action_id": "flight_menu",
            "block_id": "menu",
            "selected_option": {"text": {"type": "plain_text", "text": "x"}, "value": value},
            "action_ts": f"{time.time():.6f}",
        }
        before = len(flightdeck.emulator.calls_to("chat.postEphemeral"))
        flightdeck.sender.interaction(slack.message_block_actions(message, CHANNEL, action, user_id=OWNER))
        flightdeck.emulator.wait_for(lambda b=before: len(flightdeck.emulator.calls_to("chat.postEphemeral")) > b)
    assert campaign_now(flightdeck, campaign).status == "live"


def test_a_stale_end_flight_on_a_flight_that_ended_says_so_and_redraws_the_menu(flightdeck):
    campaign = record_flight(flightdeck)  # through Monday 30 November
    stale = summary_message(flightdeck, campaign)  # drawn while the flight was running
    assert "end" in menu_options(stale)
    flightdeck.clock.set(campaign.end_at + timedelta(hours=8))  # Tuesday 08:00: over, no pull reminder yet

    choose(flightdeck, campaign, "end", message=stale)

    assert flightdeck.emulator.wait_for(lambda: ephemerals(flightdeck)) == [
        "This flight has already ended: its last day was Mon 30 Nov. "
        "Once you have its summary, mark it pulled from the flight's ⋯ menu."
    ]
    assert campaign_now(flightdeck, campaign).end_at == campaign.end_at
    assert "flight.ended" not in [e.action for e in events(flightdeck, campaign)]
    assert list(menu_options(summary_message(flightdeck, campaign))) == [
        "extend",
        "pulled",
        "escalate",
        "owner",
        "cancel",
    ]

    # "Summary pulled…" opens the results modal (tests/results): its figures mark the flight summarized.
    form = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "pulled"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(form, {"results_spent": "20"}))
    assert campaign_now(flightdeck, campaign).status == "summarized"
