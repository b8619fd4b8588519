"""A flight's menu (an overflow on its summary message, in /flights and in the App Home)."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import Option, OverflowMenuElement

from bot.core.flight import CLOSED, phase
from bot.core.vocabulary import CampaignStatus
from bot.slack.ids import FLIGHT_MENU, MenuChoice
from storage.models import Campaign


def flight_menu(
    campaign: Campaign, *, has_codes: bool, now: datetime, has_results: bool = False
) -> OverflowMenuElement | None:
    """The changes that make sense for this flight as it stands: once summarized, only its results."""
    stage = phase(campaign, now)
    if stage == CampaignStatus.SUMMARIZED:
        # Figures can be corrected later; a flight summarized before results were kept can still get them.
        choice = MenuChoice.CORRECT_RESULTS if has_results else MenuChoice.SUMMARY_PULLED
        text = choice.label if has_results else "Enter results…"
        return OverflowMenuElement(action_id=FLIGHT_MENU, options=[Option(value=f"{choice}:{campaign.id}", text=text)])
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


def read_choice(value: str) -> tuple[MenuChoice, int] | None:
    choice, _, campaign_id = value.partition(":")
    try:
        return MenuChoice(choice), int(campaign_id)
    except ValueError:
        return None
