"""A flight's menu (an overflow on its summary message, in /flights and in the App Home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import Option, OverflowMenuElement

from bot.core.flight import Change, offered, phase
from bot.core.intake import record_id
from bot.core.renewal import RenewalState
from bot.slack.ids import FLIGHT_MENU, MenuChoice
from storage.models import Campaign

# The flight's ⋯ menu, in this order; what each state allows is bot/core/flight.py's.
_MENU = (
    Change.RENEW_CODE,
    Change.EXTEND,
    Change.END,
    Change.SUMMARY_PULLED,
    Change.CORRECT_RESULTS,
    Change.ESCALATE,
    Change.CHANGE_OWNER,
    Change.CANCEL,
)


def menu_choices(
    campaign: Campaign, *, has_codes: bool, now: datetime, has_results: bool = False
) -> list[tuple[MenuChoice, str]]:
    """The changes that make sense for this flight as it stands, with their labels (at most five: Slack's
    overflow shows no more): once summarized, its results and, for Promote, its escalation; none once cancelled."""
    stage = phase(campaign, now)
    choices = []
    for change in _MENU:
        if not offered(change, stage, tool=campaign.tool, has_codes=has_codes):
            continue
        if change is Change.CORRECT_RESULTS and not has_results:
            # A flight summarized before results were kept can still get them.
            choices.append((MenuChoice.SUMMARY_PULLED, "Enter results…"))
        else:
            choices.append((MenuChoice(change), MenuChoice(change).label))
    return choices


def flight_menu(
    campaign: Campaign, *, has_codes: bool, now: datetime, has_results: bool = False
) -> OverflowMenuElement | None:
    choices = menu_choices(campaign, has_codes=has_codes, now=now, has_results=has_results)
    if not choices:
        return None
    return OverflowMenuElement(
        action_id=FLIGHT_MENU,
        options=[Option(value=f"{choice}:{campaign.id}", text=text) for choice, text in choices],
    )


def flight_menu_dict(
    campaign: Campaign, *, has_codes: bool, now: datetime, has_results: bool = False
) -> dict[str, Any] | None:
    """The same menu as a plain dict: lists draw dozens of them, and slack_sdk's models cost more than the rest."""
    choices = menu_choices(campaign, has_codes=has_codes, now=now, has_results=has_results)
    if not choices:
        return None
    return {
        "type": "overflow",
        "action_id": FLIGHT_MENU,
        "options": [
            {"text": {"type": "plain_text", "text": text, "emoji": True}, "value": f"{choice}:{campaign.id}"}
            for choice, text in choices
        ],
    }


def code_menu(campaign: Campaign, states: Iterable[RenewalState], *, now: datetime) -> OverflowMenuElement | None:
    """The Spark codes' own menu, beside them on the summary: the flight's menu has room for five options only.

    It offers each step of a renewal (docs/domain.md) that some code of the flight is at.
    """
    states = list(states)
    stage = phase(campaign, now)
    wanted = (
        (Change.ASK_CREATOR, any(state is not RenewalState.RECEIVED for state in states)),
        (Change.RENEW_CODE, True),
        (Change.SWAP_CODE, RenewalState.RECEIVED in states),
    )
    choices = [MenuChoice(change) for change, needed in wanted if states and needed and offered(change, stage)]
    if not choices:
        return None
    return OverflowMenuElement(
        action_id=FLIGHT_MENU,
        options=[Option(value=f"{choice}:{campaign.id}", text=choice.label) for choice in choices],
    )


def read_choice(value: str) -> tuple[MenuChoice, int] | None:
    choice, _, raw_id = value.partition(":")
    campaign_id = record_id(raw_id)
    try:
        return (MenuChoice(choice), campaign_id) if campaign_id is not None else None
    except ValueError:
        return None
