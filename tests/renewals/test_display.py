"""Each code's renewal state where people look: the summary message, /flights and the App Home."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.digest.blocks import client_lines
from bot.digest.content import build_digest
from tests.support.flights import authorizations, choose, handled, modal_after, record_flight
from tests.support.harness import OWNER
from tests.support.renewals import ask_from_menu, codes_section, renew_from_menu, sent_it
from tests.support.slack_emulator import TEAM_ID

NEW_CODE = {"renew_issued_on": "2026-11-23", "renew_valid_for": "30"}


def flights_text(flightdeck) -> str:
    before = len(flightdeck.emulator.attempts_of("response_url"))
    flightdeck.slash("/flights")
    [*_, reply] = flightdeck.emulator.wait_for(
        lambda: (replies := flightdeck.emulator.attempts_of("response_url")) and len(replies) > before and replies
    )
    return json.dumps(reply.args["blocks"], ensure_ascii=False)


def home_text(flightdeck) -> str:
    before = len(flightdeck.emulator.calls_to("views.publish"))
    flightdeck.sender.event({"type": "app_home_opened", "user": OWNER, "channel": "D0OWNER", "tab": "home"})
    published = flightdeck.emulator.wait_for_calls("views.publish", before + 1)[-1]
    return json.dumps(published.args["view"], ensure_ascii=False)


def codes_text(flightdeck, campaign) -> str:
    return codes_section(flightdeck, campaign)["text"]["text"]


def test_every_state_shows_in_the_summary_in_flights_and_in_the_app_home(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    assert "code valid until <!date^" in codes_text(flightdeck, campaign)
    assert "creator asked" not in flights_text(flightdeck)

    flightdeck.clock.advance(days=1)  # Tue 24 Nov
    sent_it(flightdeck, campaign, ask_from_menu(flightdeck, campaign))
    for text in (codes_text(flightdeck, campaign), flights_text(flightdeck), home_text(flightdeck)):
        assert "creator asked Tue 24 Nov" in text

    flightdeck.clock.advance(days=1)
    renew_from_menu(flightdeck, campaign, NEW_CODE)
    home = home_text(flightdeck)
    # The old code still runs the ad and lapses mid-flight: the App Home keeps it among the codes to watch.
    assert "Spark codes expiring during their flight" in home
    for text in (codes_text(flightdeck, campaign), flights_text(flightdeck), home):
        assert "new code in, swap pending" in text

    flightdeck.clock.advance(hours=1)
    view = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "swapped"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {}))
    assert "swapped Wed 25 Nov" in codes_text(flightdeck, campaign)
    assert "swapped Wed 25 Nov" in flights_text(flightdeck)
    # The new code outlives the flight: nothing lapses before its end any more.
    assert "Spark codes expiring during their flight" not in home_text(flightdeck)


def test_the_codes_menu_goes_once_the_flight_has_ended(flightdeck):
    campaign = record_flight(flightdeck, spark=True)
    assert codes_section(flightdeck, campaign).get("accessory")
    flightdeck.clock.set(campaign.end_at + timedelta(hours=1))
    flightdeck.dispatcher.tick()  # notes the flight's end and redraws its summary
    flightdeck.emulator.wait_for(lambda: not codes_section(flightdeck, campaign).get("accessory"))


def test_the_weekly_digest_reads_each_codes_renewal_state(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)

    def states():
        digest = build_digest(flightdeck.database, TEAM_ID, now=flightdeck.now(), timezone="America/New_York")
        return [item.code.renewal for client in digest.clients for item in client.codes_expiring]

    assert [state.value for state in states()] == ["none"]
    sent_it(flightdeck, campaign, ask_from_menu(flightdeck, campaign))
    assert [state.value for state in states()] == ["requested"]


def test_the_digest_watches_the_old_code_until_the_new_one_is_swapped_in(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)
    [old] = authorizations(flightdeck, campaign)
    renew_from_menu(flightdeck, campaign, NEW_CODE)  # the new code outlives the flight

    def listed():
        digest = build_digest(flightdeck.database, TEAM_ID, now=flightdeck.now(), timezone="America/New_York")
        return [(i.code.expires_at, i.code.renewal.value) for c in digest.clients for i in c.codes_expiring]

    assert listed() == [(old.expires_at, "received")]
    view = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "swapped"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {}))
    assert listed() == []


def test_a_swapped_in_code_that_lapses_before_the_end_asks_the_digest_for_a_new_round(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_flight(flightdeck, spark=True)  # through Sunday 6 December
    renew_from_menu(flightdeck, campaign, {"renew_issued_on": "2026-11-25", "renew_valid_for": "7"})
    view = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "swapped"))
    handled(flightdeck, campaign, lambda: flightdeck.submit(view, {}))
    [code] = authorizations(flightdeck, campaign)
    assert code.expires_at < campaign.end_at

    thursday = flightdeck.now() + timedelta(days=3)  # the new code lapses within the week ahead
    digest = build_digest(flightdeck.database, TEAM_ID, now=thursday, timezone="America/New_York")
    [client] = digest.clients
    [item] = client.codes_expiring
    # As the new code's own renew reminder sees it: not asked yet, not "swapped".
    assert (item.code.expires_at, item.code.renewal.value) == (code.expires_at, "none")
    [line] = [line for line in client_lines(client, "America/New_York") if "the code for ad account" in line]
    assert line.endswith("· a new code is needed: the creator hasn't been asked yet")
    assert "swapped" not in line
