"""A flight's menu (an overflow on its summary message, in /flights and in the App Home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from slack_sdk.models.blocks import Option, OverflowMenuElement

from bot.core.flight import CLOSED, phase
from bot.core.renewal import RenewalState
from bot.core.vocabulary import CampaignStatus
from bot.slack.ids import FLIGHT_MENU, MenuChoice
from storage.models import Campaign


def flight_menu(campaign: Campaign, *, has_codes: bool, now: datetime) -> OverflowMenuElement | None:
    """The changes that make sense for this flight as it stands; none once it is closed."""
    stage = phase(campaign, now)
    if stage in CLOSED:
        return None
    choices = [MenuChoice.RENEW_CODE] if has_codes and stage != CampaignStatus.ENDED else []
    choices.append(MenuChoice.EXTEND)
    if stage == CampaignStatus.LIVE:
        choices.append(MenuChoice.END)
    if stage == CampaignStatus.ENDED:
        choices.append(MenuChoice.SUMMARY_PULLED)
    if campaign.tool == "promote":
        # Seed 000's hybrid pattern: the Promote test's winner is scaled with Spark Ads.
        choices.append(MenuChoice.ESCALATE)
    choices += [MenuChoice.CHANGE_OWNER, MenuChoice.CANCEL]
    return OverflowMenuElement(
        action_id=FLIGHT_MENU,
        options=[Option(value=f"{choice}:{campaign.id}", text=choice.label) for choice in choices],
    )


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
    choice, _, campaign_id = value.partition(":")
    try:
        return MenuChoice(choice), int(campaign_id)
    except ValueError:
        return None
