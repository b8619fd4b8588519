"""What each reminder kind is called and which buttons it carries."""

from __future__ import annotations

from bot.core.vocabulary import Kind
from bot.slack.ids import ReminderAction

SNOOZES = (ReminderAction.SNOOZE_HOUR, ReminderAction.SNOOZE_MORNING)

BUTTONS: dict[Kind, tuple[ReminderAction, ...]] = {
    Kind.FLIGHT_HOLD: (ReminderAction.DONE,),
    Kind.FLIGHT_MIN_REACHED: (ReminderAction.EXTEND_FLIGHT, ReminderAction.END_FLIGHT, ReminderAction.DONE),
    Kind.FLIGHT_REVIEW: (ReminderAction.DONE, *SNOOZES),
    Kind.CODE_RENEW: (ReminderAction.CODE_RENEWED, *SNOOZES, ReminderAction.DONE),
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
}
