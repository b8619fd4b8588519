"""Asking the creator for a new code: the ready-to-send message, in their language, and the request recorded.

Over signed HTTP against the emulator, on SQLite and PostgreSQL (`flightdeck_any`).
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.renewal import creator_request
from bot.slack.text import escape
from tests.support.flights import (
    AD_ACCOUNT,
    buttons,
    events,
    message_now,
    message_text,
    record_flight,
    reload,
    thread_notes,
)
from tests.support.harness import ADMIN, CHANNEL, OWNER, TEAMMATE
from tests.support.intake import POST
from tests.support.renewals import (
    ask_from_menu,
    ask_from_reminder,
    codes_section,
    delivered,
    last_view_sent,
    plain_sections,
    renewal_of,
    sent_it,
)

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")

# The renew reminder goes out 72 h before the code's expiry (Mon 30 Nov, 00:00 in New York): on Fri 27 Nov.
ASKED_ON = date(2026, 11, 27)
LAST_DAY = date(2026, 12, 6)


def expected(market: str):
    # The flight's last day is Sun 6 Dec, the summary window's Tue 8 Dec: 12 days from Fri 27 Nov, so 30 days.
    return creator_request(POST, AD_ACCOUNT, "@maria.cooks", LAST_DAY, date(2026, 12, 8), ASKED_ON, market)


@pytest.mark.parametrize(
    ("market", "greeting", "in_language"),
    [
        ("us", "Hi @maria.cooks,", None),
        ("fr", "Bonjour @maria.cooks,", "It's in French, as the market is FR+."),
        ("it", "Ciao @maria.cooks,", "It's in Italian, as the market is IT+."),
        ("de", "Hallo @maria.cooks,", "It's in German, as the market is DE+."),
        ("mena", "مرحبًا @maria.cooks،", "It's in Arabic, as the market is MENA."),
    ],
)
def test_the_renew_reminder_gives_the_creators_message_in_the_markets_language(
    flightdeck_any, market, greeting, in_language
):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True, market=market)
    _, message = delivered(flightdeck, campaign, "code.renew")
    assert "reminder_ask_creator" in buttons(message)

    view = ask_from_reminder(flightdeck, message)

    sent = last_view_sent(flightdeck)
    assert sent["callback_id"] == "ask_creator"
    assert (sent["submit"]["text"], sent["title"]["text"]) == ("I've sent it", "Ask the creator")
    # One plain-text section, emoji off: copied in one go, exactly as written.
    [text] = plain_sections(sent)
    [section] = [b for b in sent["blocks"] if b["type"] == "section" and b["text"]["type"] == "plain_text"]
    assert section["text"]["emoji"] is False
    request = expected(market)
    assert text == request.text
    assert text.startswith(greeting)
    assert POST in text and AD_ACCOUNT in text
    assert request.validity_days == 30 and "30" in text
    assert "Ad settings" in text and "Ad authorization" in text and "⋯" in text
    intro = message_text(sent)
    assert (in_language in intro) if in_language else "It's in" not in intro
    assert "30 days is the shortest option that covers Tue 8 Dec" in intro
    # Nothing to type: Flightdeck never asks for the code.
    assert not [b for b in sent["blocks"] if b["type"] == "input"]
    assert view["id"]


def test_each_language_says_the_rules_the_creator_must_keep():
    for market in ("us", "fr", "it", "de", "mena"):
        text = expected(market).text
        assert text.count("\n\n") >= 5, market
    english = expected("us").text
    assert "one ad account only" in english
    assert "don't edit or delete the post until the campaign ends" in english
    assert "privately" in english and "never in a public channel" in english


def test_ive_sent_it_records_the_request_closes_the_reminder_and_says_so(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    renew, message = delivered(flightdeck, campaign, "code.renew")
    view = ask_from_reminder(flightdeck, message)

    reply = sent_it(flightdeck, campaign, view)

    assert (reply.status, reply.body) == (200, "")
    renewal = renewal_of(flightdeck, campaign)
    assert (renewal.state, renewal.requested_by, renewal.requested_at) == ("requested", OWNER, flightdeck.now())
    event = events(flightdeck, campaign)[-1]
    assert (event.action, event.actor) == ("code.requested", OWNER)
    assert (reload(flightdeck, renew).status, reload(flightdeck, renew).closed_by) == ("done", OWNER)
    shown = message_now(flightdeck, CHANNEL, message["ts"])
    assert buttons(shown) == []
    assert "Creator asked for a new code" in message_text(shown)
    [note] = thread_notes(flightdeck, campaign)
    assert note.startswith(f"✉️ <@{OWNER}> asked {MARIA} for a new code for ad account {AD_ACCOUNT}")
    assert "creator asked Fri 27 Nov" in codes_section(flightdeck, campaign)["text"]["text"]


def test_the_same_modal_sent_twice_records_one_request(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    _, message = delivered(flightdeck, campaign, "code.renew")
    view = ask_from_reminder(flightdeck, message)
    sent_it(flightdeck, campaign, view)

    again = flightdeck.submit(view, {})

    assert (again.status, again.body) == (200, "")
    assert [e.action for e in events(flightdeck, campaign)].count("code.requested") == 1
    assert len(thread_notes(flightdeck, campaign)) == 1


def test_the_menu_asks_for_the_code_that_lapses_and_a_teammate_may_not(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    options = codes_section(flightdeck, campaign)["accessory"]["options"]
    assert [o["text"]["text"] for o in options] == ["Ask the creator for a new code…", "Code renewed…"]

    view = ask_from_menu(flightdeck, campaign)
    # Asked on Monday 23 Nov, 14 days before the window's last day: 30 days still.
    assert "choose a validity of 30 days" in plain_sections(view)[0]
    sent_it(flightdeck, campaign, view)
    assert renewal_of(flightdeck, campaign).state == "requested"

    refused = ask_from_menu(flightdeck, campaign, user=TEAMMATE)
    assert refused["title"]["text"] == "Can't change this"
    assert [e.action for e in events(flightdeck, campaign)].count("code.requested") == 1


def test_asked_from_the_menu_first_the_renew_reminder_says_so_and_may_ask_again(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    sent_it(flightdeck, campaign, ask_from_menu(flightdeck, campaign))

    _, message = delivered(flightdeck, campaign, "code.renew")

    assert f"<@{OWNER}> asked {MARIA} <!date^" in message_text(message)
    assert "You asked" not in message_text(message)
    # A TikTok code can't be extended: the reminder asks for a new one.
    assert f"Ask {MARIA} for a new code now: a TikTok code can't be extended, only replaced." in message_text(message)
    assert "send the request again if no code came" in message_text(message)
    view = ask_from_reminder(flightdeck, message)
    assert "<@U0OWNER> already asked" in message_text(view)
    sent_it(flightdeck, campaign, view)
    assert [e.action for e in events(flightdeck, campaign)].count("code.requested") == 2
    assert renewal_of(flightdeck, campaign).requested_at == flightdeck.now()


def test_the_renew_reminder_names_the_admin_who_asked_rather_than_you(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    view = ask_from_menu(flightdeck, campaign, user=ADMIN)
    # The intro says what to press once the message is sent.
    assert "Then press *I've sent it* so Flightdeck records the request" in message_text(view)
    sent_it(flightdeck, campaign, view, user=ADMIN)

    _, message = delivered(flightdeck, campaign, "code.renew")

    text = message_text(message)
    assert f"<@{ADMIN}> asked {MARIA} <!date^" in text and "You asked" not in text
