"""Every callback, block and action id of the shared Slack edge, in one place.

These are the ids more than one feature meets: the modals that change a flight, a flight's ⋯ menu,
and a reminder's buttons. A feature's own ids live in that feature's `ids.py` (bot/intake/ids.py).
Input blocks use the same string for block_id and action_id, so `view.state.values[id][id]` reads a field.
"""

from __future__ import annotations

from enum import StrEnum


class ChangeView(StrEnum):
    """The callback ids of the modals that change a flight."""

    CODE_RENEWED = "code_renewed"
    EXTEND_FLIGHT = "extend_flight"
    CANCEL_FLIGHT = "cancel_flight"
    CHANGE_OWNER = "change_owner"
    ASK_CREATOR = "ask_creator"
    CODE_SWAPPED = "code_swapped"


class RenewField(StrEnum):
    AUTHORIZATION = "renew_authorization"
    ISSUED_ON = "renew_issued_on"
    VALID_FOR = "renew_valid_for"
    EXPIRES_ON = "renew_expires_on"


class SwapField(StrEnum):
    AUTHORIZATION = "swap_authorization"


class ExtendField(StrEnum):
    LAST_DAY = "extend_last_day"


class OwnerField(StrEnum):
    NEW_OWNER = "change_owner_user"


# The overflow on a flight's summary message, in /flights and in the App Home.
FLIGHT_MENU = "flight_menu"


class MenuChoice(StrEnum):
    """A flight menu option's value is `{choice}:{campaign id}`."""

    ASK_CREATOR = "ask"
    RENEW_CODE = "renew"
    SWAPPED = "swapped"
    EXTEND = "extend"
    END = "end"
    SUMMARY_PULLED = "pulled"
    CORRECT_RESULTS = "results"
    ESCALATE = "escalate"
    CHANGE_OWNER = "owner"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        return {
            "ask": "Ask the creator for a new code…",
            "renew": "Code renewed…",
            "swapped": "Swapped in Ads Manager…",
            "extend": "Extend flight…",
            "end": "End flight now",
            "pulled": "Summary pulled…",
            "results": "Correct results…",
            "escalate": "Escalate to Spark Ads…",
            "owner": "Change owner…",
            "cancel": "Cancel flight…",
        }[self]


class ReminderAction(StrEnum):
    """A reminder's buttons; each carries the reminder's id as its value."""

    DONE = "reminder_done"
    SNOOZE_HOUR = "reminder_snooze_hour"
    SNOOZE_MORNING = "reminder_snooze_morning"
    CODE_RENEWED = "reminder_code_renewed"
    EXTEND_FLIGHT = "reminder_extend_flight"
    END_FLIGHT = "reminder_end_flight"
    SUMMARY_PULLED = "reminder_summary_pulled"
    ASK_CREATOR = "reminder_ask_creator"
    SWAPPED = "reminder_swapped"


# A reminder's buttons sit in the actions block `reminder_{id}`: a press names the reminder twice.
REMINDER_BLOCK = "reminder_"


# The App Home's "Export my flights (CSV)" button, answered by bot/export.
EXPORT_MY_FLIGHTS = "export_my_flights"
