"""A flight run in two ad accounts: one code each, so one message to the creator each, and the swap asks which.

Over signed HTTP against the emulator, on SQLite and PostgreSQL: the flight recorded through the intake
modal with a second ad account, then the codes' ⋯ menu driven as a person does.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storage import renewals as renewal_store
from tests.support.flights import (
    AD_ACCOUNT,
    authorizations,
    choose,
    events,
    handled,
    modal_after,
    thread_notes,
)
from tests.support.harness import CHANNEL, OWNER, Flightdeck
from tests.support.intake import POST
from tests.support.modal import state_values, texts
from tests.support.renewals import ask_from_menu, renew_from_menu, sent_it
from tests.support.slack_emulator import TEAM_ID

SECOND_ACCOUNT = "7098765432109876543"
ANSWERS = {
    "creator_handle": "@maria.cooks",
    "client": "GlowCo",
    "budget_amount": "50",
    "organic_traction": "proven",
    "market": "us",
    "account_type": "creator",
    "objective_spark": "Conversions",
    "flight_end": "2026-12-06",
    "ad_account_0": AD_ACCOUNT,
    "code_expires_0": "2026-11-30",
    "ad_account_1": SECOND_ACCOUNT,
    "code_expires_1": "2026-12-02",
}


def record_in_two_accounts(flightdeck: Flightdeck):
    view = flightdeck.open_intake(POST, channel=CHANNEL)
    view = flightdeck.change(view, {"ownership": "brand"}, dispatch="ownership")
    view = flightdeck.press_in_modal(view, "add_ad_account")
    view = flightdeck.change(view, ANSWERS, dispatch="flight_end")
    reply = flightdeck.submit(view, ANSWERS)
    assert (reply.status, reply.body) == (200, ""), reply
    return flightdeck.emulator.wait_for(lambda: next((c for c in flightdeck.campaigns() if c.message_ts), None))


def messages_by_account(view) -> dict[str, str]:
    """Each ad account's ready-to-send message: the plain sections under its "*Ad account …*" heading."""
    found: dict[str, list[str]] = {}
    for block in view["blocks"]:
        text = block.get("text") or {}
        if text.get("type") == "mrkdwn" and text["text"].startswith("*Ad account "):
            found[text["text"].removeprefix("*Ad account ").split("*")[0]] = []
        elif text.get("type") == "plain_text" and found:
            found[list(found)[-1]].append(text["text"])
    return {account: "\n".join(parts) for account, parts in found.items()}


def states(flightdeck: Flightdeck, campaign) -> dict[str, str]:
    with flightdeck.database.transaction() as session:
        found = renewal_store.renewals_for(session, TEAM_ID, campaign.id)
    return {
        a.ad_account_id: found[a.id].state if a.id in found else "none" for a in authorizations(flightdeck, campaign)
    }


def test_two_ad_accounts_get_one_message_each_and_the_swap_asks_which(flightdeck_any):
    flightdeck = flightdeck_any
    campaign = record_in_two_accounts(flightdeck)
    first, second = authorizations(flightdeck, campaign)
    assert (first.ad_account_id, second.ad_account_id) == (AD_ACCOUNT, SECOND_ACCOUNT)
    assert second.expires_at == datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # both lapse before Sunday 6 December

    # Ask the creator: both codes lapse in flight, so one ready-to-send message per ad account.
    view = ask_from_menu(flightdeck, campaign)
    messages = messages_by_account(view)
    assert list(messages) == [AD_ACCOUNT, SECOND_ACCOUNT]
    for account, message in messages.items():
        other = SECOND_ACCOUNT if account == AD_ACCOUNT else AD_ACCOUNT
        assert account in message and other not in message and POST in message
    sent_it(flightdeck, campaign, view)
    assert states(flightdeck, campaign) == {AD_ACCOUNT: "requested", SECOND_ACCOUNT: "requested"}
    [asked] = [e for e in events(flightdeck, campaign) if e.action == "code.requested"]
    assert asked.actor == OWNER and asked.detail["ad_account_ids"] == [AD_ACCOUNT, SECOND_ACCOUNT]
    assert f"for a new code for ad account {AD_ACCOUNT}, {SECOND_ACCOUNT}" in thread_notes(flightdeck, campaign)[-1]

    # Both new codes come in (the renew modal asks which, one at a time).
    for code in (first, second):
        renew_from_menu(
            flightdeck,
            campaign,
            {"renew_authorization": str(code.id), "renew_issued_on": "2026-11-23", "renew_valid_for": "30"},
        )
    assert states(flightdeck, campaign) == {AD_ACCOUNT: "received", SECOND_ACCOUNT: "received"}

    # The swap: "Which ad account" lists both; nothing picked is refused by name.
    swap = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "swapped"))
    assert "swap_authorization" in state_values(swap)
    picker = next(b for b in swap["blocks"] if b.get("block_id") == "swap_authorization")
    assert picker["label"]["text"] == "Which ad account's new code is in Ads Manager?"
    options = {o["text"]["text"]: o["value"] for o in picker["element"]["options"]}
    assert options == {f"Ad account {AD_ACCOUNT}": str(first.id), f"Ad account {SECOND_ACCOUNT}": str(second.id)}
    refused = flightdeck.submit(swap, {})
    assert refused.json()["errors"] == {"swap_authorization": "Pick the ad account whose code you swapped."}

    handled(flightdeck, campaign, lambda: flightdeck.submit(swap, {"swap_authorization": str(second.id)}))
    assert states(flightdeck, campaign) == {AD_ACCOUNT: "received", SECOND_ACCOUNT: "swapped"}
    assert f"swapped the new code for ad account {SECOND_ACCOUNT}" in thread_notes(flightdeck, campaign)[-1]

    # Only the first is left to swap: the modal names it, without a picker.
    swap = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "swapped"))
    assert "swap_authorization" not in state_values(swap)
    assert f"new code for ad account {AD_ACCOUNT} in Ads Manager now?" in texts(swap)
    handled(flightdeck, campaign, lambda: flightdeck.submit(swap, {}))
    assert states(flightdeck, campaign) == {AD_ACCOUNT: "swapped", SECOND_ACCOUNT: "swapped"}
