"""Driving a code's renewal the way a person does: the reminders' buttons, the menus, the modals."""

from __future__ import annotations

import json
from typing import Any

from storage import renewals as renewal_store
from storage.models import Campaign, Renewal
from tests.support.flights import (
    as_delivered,
    authorizations,
    choose,
    handled,
    modal_after,
    open_modal,
    reload,
    reminder,
    run_at,
    summary_message,
)
from tests.support.harness import CHANNEL, OWNER
from tests.support.slack_emulator import TEAM_ID


def delivered(flightdeck, campaign: Campaign, kind: str, *, status: str | None = None):
    """Bring the clock to the reminder's due time, send it, and return it with its message."""
    row = reminder(flightdeck, campaign, kind, status=status)
    run_at(flightdeck, row.due_at)
    return reload(flightdeck, row), as_delivered(flightdeck, row)


def renewal_of(flightdeck, campaign: Campaign) -> Renewal | None:
    [code] = authorizations(flightdeck, campaign)
    with flightdeck.database.transaction() as session:
        return renewal_store.renewals_for(session, TEAM_ID, campaign.id).get(code.id)


def plain_sections(view: dict[str, Any]) -> list[str]:
    """The modal's plain-text sections: the message the owner copies for the creator."""
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and b["text"]["type"] == "plain_text"]


def last_view_sent(flightdeck) -> dict[str, Any]:
    """The modal exactly as the bot last sent it to Slack (views.open then views.update with it)."""
    view = flightdeck.emulator.calls_to("views.update")[-1].args["view"]
    return json.loads(view) if isinstance(view, str) else view


def ask_from_reminder(flightdeck, message: dict[str, Any], *, user: str = OWNER) -> dict[str, Any]:
    _, view = open_modal(flightdeck, message, CHANNEL, "reminder_ask_creator", user=user)
    return view


def ask_from_menu(flightdeck, campaign: Campaign, *, user: str = OWNER) -> dict[str, Any]:
    return modal_after(flightdeck, lambda: choose(flightdeck, campaign, "ask", user=user))


def sent_it(flightdeck, campaign: Campaign, view: dict[str, Any], *, user: str = OWNER):
    return handled(flightdeck, campaign, lambda: flightdeck.submit(view, {}, user=user))


def renew_from_menu(flightdeck, campaign: Campaign, answers: dict[str, Any]):
    view = modal_after(flightdeck, lambda: choose(flightdeck, campaign, "renew"))
    return handled(flightdeck, campaign, lambda: flightdeck.submit(view, answers))


def codes_section(flightdeck, campaign: Campaign) -> dict[str, Any]:
    message = summary_message(flightdeck, campaign)
    return next(b for b in message["blocks"] if "*Spark codes*" in b.get("text", {}).get("text", ""))
