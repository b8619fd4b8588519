"""The swap reminder follows the renewal: what it says and offers in each state, and the swap that ends it.

The standard Spark flight's code expires Mon 30 Nov 00:00 in New York: the renew reminder comes Fri 27 Nov,
the swap Sun 29 Nov, the expiry Mon 30 Nov (tests/support/flights.py). On SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from tests.support.flights import (
    as_delivered,
    authorizations,
    buttons,
    campaign_now,
    choose,
    click,
    ephemerals,
    events,
    handled,
    message_now,
    message_text,
    modal_after,
    open_modal,
    record_flight,
    reload,
    reminder,
    reminder_posts,
    reminders_of,
    run_at,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER
from tests.support.renewals import (
    ask_from_reminder,
    codes_section,
    delivered,
    renew_from_menu,
    renewal_of,
    sent_it,
)

NOT_ANSWERED_BUTTONS = [
    "reminder_end_flight",
    "reminder_code_renewed",
    "reminder_snooze_hour",
    "reminder_snooze_morning",
    "reminder_done",
]
# Issued Sat 28 Nov for 30 days: it outlives the flight, so the new code needs no reminders of its own.
NEW_CODE = {"renew_issued_on": "2026-11-28", "renew_valid_for": "30"}


def element(message, action_id):
    return next(
        e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"] if e["action_id"] == action_id
    )


def open_code_reminders(flightdeck, campaign):
    return [(r.kind, r.status) for r in reminders_of(flightdeck, campaign) if r.kind.startswith("code.")]


def press(flightdeck, campaign, message, action_id):
    return handled(flightdeck, campaign, lambda: click(flightdeck, message, CHANNEL, action_id))


def test_nothing_asked_the_swap_says_no_code_came_and_offers_the_pause(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)

    _, message = delivered(flightdeck, campaign, "code.swap")

    text = message_text(message)
    assert "The creator hasn't sent a new code" in text
    assert "pause: end the flight rather than let the ad stop quietly" in text
    assert buttons(message) == NOT_ANSWERED_BUTTONS
    pause = element(message, "reminder_end_flight")
    assert pause["text"]["text"] == "Pause: end the flight"
    assert pause["confirm"]["confirm"]["text"] == "End flight"


def test_asked_but_unanswered_the_swap_says_so_and_the_pause_ends_the_flight(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    _, renew_message = delivered(flightdeck, campaign, "code.renew")
    sent_it(flightdeck, campaign, ask_from_reminder(flightdeck, renew_message))

    swap, message = delivered(flightdeck, campaign, "code.swap")

    assert "The creator was asked for a new code and hasn't answered" in message_text(message)
    assert buttons(message) == NOT_ANSWERED_BUTTONS
    press(flightdeck, campaign, message, "reminder_end_flight")
    assert campaign_now(flightdeck, campaign).status == "ended"
    assert reload(flightdeck, swap).status == "done"
    assert ("code.expired", "pending") not in open_code_reminders(flightdeck, campaign)


def test_new_code_in_the_swap_asks_for_the_swap_and_confirming_stops_the_codes_reminders(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    _, renew_message = delivered(flightdeck, campaign, "code.renew")
    sent_it(flightdeck, campaign, ask_from_reminder(flightdeck, renew_message))
    flightdeck.clock.set(flightdeck.now() + timedelta(hours=20))
    renew_from_menu(flightdeck, campaign, NEW_CODE)
    assert renewal_of(flightdeck, campaign).state == "received"
    assert "new code in, swap pending" in codes_section(flightdeck, campaign)["text"]["text"]

    swap, message = delivered(flightdeck, campaign, "code.swap")

    assert "The creator's new code is in: swap it in Ads Manager before the old one expires" in message_text(message)
    assert buttons(message) == ["reminder_swapped", "reminder_snooze_hour", "reminder_snooze_morning", "reminder_done"]
    swapped = element(message, "reminder_swapped")
    assert swapped["text"]["text"] == "Swapped in Ads Manager"
    assert swapped["confirm"]["title"]["text"] == "Swapped in Ads Manager?"

    press(flightdeck, campaign, message, "reminder_swapped")

    renewal = renewal_of(flightdeck, campaign)
    assert (renewal.state, renewal.swapped_by) == ("swapped", OWNER)
    expired = reminder(flightdeck, campaign, "code.expired")
    assert [(r.status, r.closed_by) for r in (reload(flightdeck, swap), expired)] == [("done", OWNER), ("done", OWNER)]
    assert "Swapped in Ads Manager by" in message_text(message_now(flightdeck, CHANNEL, message["ts"]))
    assert thread_notes(flightdeck, campaign)[-1].startswith(f"🔁 <@{OWNER}> swapped the new code")
    assert "swapped Sun 29 Nov" in codes_section(flightdeck, campaign)["text"]["text"]
    event = events(flightdeck, campaign)[-1]
    assert (event.action, event.actor) == ("code.swapped", OWNER)

    already = len(reminder_posts(flightdeck))
    run_at(flightdeck, expired.due_at + timedelta(minutes=5))
    assert len(reminder_posts(flightdeck)) == already  # the old code's expiry is done with: nothing is sent

    # Pressed again on the stale message: already handled, and recorded once.
    click(flightdeck, message, CHANNEL, "reminder_swapped")
    flightdeck.emulator.wait_for(lambda: "already handled" in " ".join(ephemerals(flightdeck)))
    assert [e.action for e in events(flightdeck, campaign)].count("code.swapped") == 1


def test_swapped_from_the_menu_before_the_swap_reminder_means_it_never_comes(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    renew_from_menu(flightdeck, campaign, {"renew_issued_on": "2026-11-23", "renew_valid_for": "30"})
    options = [o["text"]["text"] for o in codes_section(flightdeck, campaign)["accessory"]["options"]]
    assert options == ["Code renewed…", "Swapped in Ads Manager…"]

    view = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "swapped"))
    assert view["callback_id"] == "code_swapped"
    assert "Confirming stops the old code's reminders" in message_text(view)
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {}))
    again = flightdeck.submit(view, {})

    assert (again.status, again.body) == (200, "")
    assert renewal_of(flightdeck, campaign).state == "swapped"
    assert [e.action for e in events(flightdeck, campaign)].count("code.swapped") == 1
    assert {status for kind, status in open_code_reminders(flightdeck, campaign)} <= {"done", "cancelled"}
    already = len(reminder_posts(flightdeck))
    run_at(flightdeck, authorizations(flightdeck, campaign)[0].expires_at - timedelta(days=20))
    assert not [p for p in reminder_posts(flightdeck)[already:] if "code" in p.args["text"].lower()]


def test_a_swap_before_any_new_code_is_refused(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    _, message = delivered(flightdeck, campaign, "code.swap")
    # A "Swapped" button this reminder never offered, forged onto it.
    forged = copy.deepcopy(message)
    actions = next(b for b in forged["blocks"] if b["type"] == "actions")
    actions["elements"].append({**actions["elements"][0], "action_id": "reminder_swapped"})

    handled(flightdeck, campaign, lambda: click(flightdeck, forged, CHANNEL, "reminder_swapped"))

    assert "No new code is recorded" in ephemerals(flightdeck)[-1]
    assert renewal_of(flightdeck, campaign) is None


def test_code_renewed_on_the_swap_reminder_leaves_the_expiry_asking_for_the_swap(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    swap, message = delivered(flightdeck, campaign, "code.swap")
    _, view = open_modal(flightdeck, message, CHANNEL, "reminder_code_renewed")
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, NEW_CODE))
    assert reload(flightdeck, swap).status == "done"
    [note] = thread_notes(flightdeck, campaign)
    assert "confirm “Swapped in Ads Manager”" in note

    _, expired_message = delivered(flightdeck, campaign, "code.expired", status="pending")

    assert "new code is in: swap it in Ads Manager now" in message_text(expired_message)
    assert buttons(expired_message) == ["reminder_swapped", "reminder_end_flight", "reminder_done"]
    press(flightdeck, campaign, expired_message, "reminder_swapped")
    assert renewal_of(flightdeck, campaign).state == "swapped"


def test_a_long_flights_second_code_starts_a_new_round(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True, last_day=date(2026, 12, 31))
    # A 7-day code issued Sat 28 Nov lapses Sat 5 Dec, before the flight's end: it gets reminders of its own.
    renew_from_menu(flightdeck, campaign, {"renew_issued_on": "2026-11-28", "renew_valid_for": "7"})
    swap = min((r for r in reminders_of(flightdeck, campaign) if r.kind == "code.swap"), key=lambda r: r.due_at)
    run_at(flightdeck, swap.due_at)
    press(flightdeck, campaign, as_delivered(flightdeck, swap), "reminder_swapped")

    renew, renew_message = delivered(flightdeck, campaign, "code.renew", status="pending")

    assert renew.due_at == authorizations(flightdeck, campaign)[0].expires_at - timedelta(hours=72)
    assert "reminder_ask_creator" in buttons(renew_message)
    sent_it(flightdeck, campaign, ask_from_reminder(flightdeck, renew_message))
    assert renewal_of(flightdeck, campaign).state == "requested"
    next_swap = reminder(flightdeck, campaign, "code.swap", status="pending")
    run_at(flightdeck, next_swap.due_at)
    assert "was asked for a new code and hasn't answered" in message_text(as_delivered(flightdeck, next_swap))
