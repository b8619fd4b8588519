"""A flight's menu (an overflow on its summary message, in /flights and in the App Home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import Option, OverflowMenuElement

from bot.core.flight import CLOSED, phase
from bot.core.intake import record_id
from bot.core.renewal import RenewalState
from bot.core.vocabulary import CampaignStatus
from bot.slack.ids import FLIGHT_MENU, MenuChoice
from storage.models import Campaign


def menu_choices(
    campaign: Campaign, *, has_codes: bool, now: datetime, has_results: bool = False
) -> list[tuple[MenuChoice, str]]:
    """The changes that make sense for this flight as it stands, with their labels: once summarized, only
    its results; none once cancelled."""
    stage = phase(campaign, now)
    if stage == CampaignStatus.SUMMARIZED:
        # Figures can be corrected later; a flight summarized before results were kept can still get them.
        if has_results:
            return [(MenuChoice.CORRECT_RESULTS, MenuChoice.CORRECT_RESULTS.label)]
        return [(MenuChoice.SUMMARY_PULLED, "Enter results…")]
    if stage in CLOSED:
        return []
    choices = [MenuChoice.RENEW_CODE] if has_codes and stage != CampaignStatus.ENDED else []
    choices.append(MenuChoice.EXTEND)
    if stage == CampaignStatus.LIVE:
        choices.append(MenuChoice.END)
    if stage == CampaignStatus.ENDED:
        choices.append(MenuChoice.SUMMARY_PULLED)
    if campaign.tool == "promote":
        # docs/domain.md, "The hybrid pattern": the Promote test's winner is scaled with Spark Ads.
        choices.append(MenuChoice.ESCALATE)
    choices += [MenuChoice.CHANGE_OWNER, MenuChoice.CANCEL]
    return [(choice, choice.label) for choice in choices]


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
    if not states or phase(campaign, now) in (*CLOSED, CampaignStatus.ENDED):
        return None
    choices = []
    if any(state is not RenewalState.RECEIVED for state in states):
        choices.append(MenuChoice.ASK_CREATOR)
    choices.append(MenuChoice.RENEW_CODE)
    if RenewalState.RECEIVED in states:
        choices.append(MenuChoice.SWAPPED)
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
