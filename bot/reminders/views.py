"""The two small modals reminders open: a renewed code's new expiry, and a flight's new last day."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.intake.form import DEFAULT_VALID_FOR_DAYS, VALID_FOR_DAYS
from bot.reminders.kinds import ReminderView
from bot.text import escape


class RenewField:
    ISSUED_ON = "renew_issued_on"
    VALID_FOR = "renew_valid_for"
    EXPIRES_ON = "renew_expires_on"


class ExtendField:
    LAST_DAY = "extend_last_day"


@dataclass(frozen=True)
class ClickOrigin:
    """Where the button was pressed, so the modal's submission can close that message."""

    reminder_id: int
    channel: str
    ts: str
    thread_ts: str | None

    def to_metadata(self) -> str:
        return json.dumps({"r": self.reminder_id, "c": self.channel, "ts": self.ts, "th": self.thread_ts})

    @classmethod
    def from_metadata(cls, raw: str) -> ClickOrigin:
        data = json.loads(raw)
        return cls(reminder_id=int(data["r"]), channel=data["c"], ts=data["ts"], thread_ts=data.get("th"))


def renew_view(origin: ClickOrigin, *, today: date, ad_account: str, creator: str) -> View:
    options = [Option(value=str(days), text=f"{days} days") for days in VALID_FOR_DAYS]
    default = next(o for o in options if o.value == str(DEFAULT_VALID_FOR_DAYS))
    return View(
        type="modal",
        callback_id=ReminderView.CODE_RENEWED,
        title="Code renewed",
        submit="Save",
        close="Cancel",
        private_metadata=origin.to_metadata(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"New Spark code from {escape(creator)} for ad account {escape(ad_account)}. "
                    "Only its expiry is needed: never paste the code here."
                )
            ),
            InputBlock(
                block_id=RenewField.ISSUED_ON,
                label="New code issued on",
                element=DatePickerElement(action_id=RenewField.ISSUED_ON, initial_date=today.isoformat()),
            ),
            InputBlock(
                block_id=RenewField.VALID_FOR,
                label="Valid for",
                element=StaticSelectElement(action_id=RenewField.VALID_FOR, options=options, initial_option=default),
            ),
            InputBlock(
                block_id=RenewField.EXPIRES_ON,
                label="Or: it expires on",
                optional=True,
                element=DatePickerElement(action_id=RenewField.EXPIRES_ON),
            ),
        ],
    )


def extend_view(origin: ClickOrigin, *, current_last_day: date, client: str) -> View:
    return View(
        type="modal",
        callback_id=ReminderView.EXTEND_FLIGHT,
        title="Extend flight",
        submit="Extend",
        close="Cancel",
        private_metadata=origin.to_metadata(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape(client)}* currently runs through {current_last_day:%a} {current_last_day.day} "
                    f"{current_last_day:%b}. Reminders are rescheduled from the new last day."
                )
            ),
            InputBlock(
                block_id=ExtendField.LAST_DAY,
                label="New last day",
                element=DatePickerElement(action_id=ExtendField.LAST_DAY, initial_date=current_last_day.isoformat()),
            ),
        ],
    )


def notice_view(title: str, text: str) -> View:
    """What a modal turns into when the click turns out not to be allowed."""
    return View(type="modal", title=title, close="Close", blocks=[SectionBlock(text=MarkdownTextObject(text=text))])
