"""Entering a flight's results as a person does: from the summary reminder's button or the ⋯ menu."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.slack.ids import ReminderAction
from storage.models import Campaign, CampaignResult
from tests.support.flights import (
    as_delivered,
    choose,
    modal_after,
    open_modal,
    reload,
    reminder,
    run_at,
    summary_message,
)
from tests.support.harness import CHANNEL, OWNER, Flightdeck
from tests.support.slack_emulator import TEAM_ID, Call


def summary_reminder(flightdeck: Flightdeck, campaign: Campaign) -> dict[str, Any]:
    """Bring the clock to the summary pull reminder, send it, and return its message."""
    row = reminder(flightdeck, campaign, "summary.pull")
    run_at(flightdeck, row.due_at)
    return as_delivered(flightdeck, reload(flightdeck, row))


def form_from_reminder(flightdeck: Flightdeck, message: dict[str, Any], *, user: str = OWNER) -> dict[str, Any]:
    return open_modal(flightdeck, message, CHANNEL, ReminderAction.SUMMARY_PULLED, user=user)[1]


def form_from_menu(flightdeck: Flightdeck, campaign: Campaign, choice: str = "pulled", **kw) -> dict[str, Any]:
    return modal_after(flightdeck, lambda: choose(flightdeck, campaign, choice, **kw))


def after_the_flight(flightdeck: Flightdeck, campaign: Campaign) -> None:
    """The flight has ended and its summary pull reminder gone out (which redraws the summary's menu)."""
    summary_reminder(flightdeck, campaign)


def answers(**figures: str) -> dict[str, str]:
    return {f"results_{name}": value for name, value in figures.items()}


def result_row(flightdeck: Flightdeck, campaign: Campaign) -> CampaignResult | None:
    with flightdeck.database.transaction() as session:
        query = select(CampaignResult).where(
            CampaignResult.team_id == TEAM_ID, CampaignResult.campaign_id == campaign.id
        )
        return session.exec(query).first()


def cards(flightdeck: Flightdeck, campaign: Campaign) -> list[Call]:
    """The results cards posted in the flight's thread."""
    return [
        c
        for c in flightdeck.emulator.posts(campaign.channel_id)
        if c.args.get("thread_ts") == campaign.message_ts and "results_card_" in str(c.args.get("blocks"))
    ]


def card_now(flightdeck: Flightdeck, campaign: Campaign) -> dict[str, Any]:
    [card] = cards(flightdeck, campaign)
    return flightdeck.emulator.messages[(campaign.channel_id, card.answer["ts"])]


def wait_for_card(flightdeck: Flightdeck, campaign: Campaign, count: int = 1) -> None:
    flightdeck.emulator.wait_for(lambda: len(cards(flightdeck, campaign)) >= count)


def summary_now(flightdeck: Flightdeck, campaign: Campaign) -> dict[str, Any]:
    return summary_message(flightdeck, campaign)
