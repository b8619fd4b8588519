"""What each reminder kind is called and which buttons it carries."""

from __future__ import annotations

from bot.core.renewal import RenewalState, SwapAction, swap_advice
from bot.core.vocabulary import Kind
from bot.slack.ids import ReminderAction

SNOOZES = (ReminderAction.SNOOZE_HOUR, ReminderAction.SNOOZE_MORNING)

BUTTONS: dict[Kind, tuple[ReminderAction, ...]] = {
    Kind.FLIGHT_HOLD: (ReminderAction.DONE,),
    Kind.FLIGHT_MIN_REACHED: (ReminderAction.EXTEND_FLIGHT, ReminderAction.END_FLIGHT, ReminderAction.DONE),
    Kind.FLIGHT_REVIEW: (ReminderAction.DONE, *SNOOZES),
    Kind.CODE_RENEW: (ReminderAction.ASK_CREATOR, ReminderAction.CODE_RENEWED, *SNOOZES, ReminderAction.DONE),
    Kind.CODE_SWAP: (ReminderAction.CODE_RENEWED, *SNOOZES, ReminderAction.DONE),
    Kind.CODE_EXPIRED: (ReminderAction.CODE_RENEWED, ReminderAction.END_FLIGHT, ReminderAction.DONE),
    Kind.SUMMARY_PULL: (ReminderAction.SUMMARY_PULLED, *SNOOZES),
    Kind.SUMMARY_OVERDUE: (ReminderAction.SUMMARY_PULLED, *SNOOZES),
}

BUTTON_LABELS = {
    ReminderAction.DONE: "Done",
    ReminderAction.SNOOZE_HOUR: "Snooze 1 h",
    ReminderAction.SNOOZE_MORNING: "Tomorrow 09:30",
    ReminderAction.CODE_RENEWED: "Code renewed",
    ReminderAction.EXTEND_FLIGHT: "Extend flight",
    ReminderAction.END_FLIGHT: "End flight now",
    ReminderAction.SUMMARY_PULLED: "Summary pulled",
    ReminderAction.ASK_CREATOR: "Ask the creator for a new code",
    ReminderAction.SWAPPED: "Swapped in Ads Manager",
}

_SWAP_BUTTONS = {
    SwapAction.END_FLIGHT: ReminderAction.END_FLIGHT,
    SwapAction.CODE_RENEWED: ReminderAction.CODE_RENEWED,
    SwapAction.SWAPPED: ReminderAction.SWAPPED,
}


def buttons_for(kind: Kind, state: RenewalState = RenewalState.NONE) -> tuple[ReminderAction, ...]:
    """A reminder's buttons; a code's swap and expiry reminders follow its renewal (docs/schedule.md)."""
    if kind is Kind.CODE_SWAP:
        offers = tuple(_SWAP_BUTTONS[action] for action in swap_advice(state).offers)
        return (*offers, *SNOOZES, ReminderAction.DONE)
    if kind is Kind.CODE_EXPIRED and state is RenewalState.RECEIVED:
        return (ReminderAction.SWAPPED, ReminderAction.END_FLIGHT, ReminderAction.DONE)
    return BUTTONS[kind]


def label_for(kind: Kind, action: ReminderAction) -> str:
    # Beside "Code renewed" on a swap reminder, ending the flight is the pause the workflow calls for.
    if kind is Kind.CODE_SWAP and action is ReminderAction.END_FLIGHT:
        return SwapAction.END_FLIGHT.label
    return BUTTON_LABELS[action]
