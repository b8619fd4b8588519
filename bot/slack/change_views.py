"""The small modals that change a flight: a renewed code's expiry, a new last day, a new owner, a cancellation."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.core.calendar import day_label
from bot.core.vocabulary import DEFAULT_VALID_FOR_DAYS, VALID_FOR_DAYS
from bot.slack import metadata
from bot.slack.ids import ChangeView, ExtendField, OwnerField, RenewField
from bot.slack.text import escape, mention
from storage.models import Authorization, Campaign


@dataclass(frozen=True)
class ChangeOrigin:
    """What a change modal is about, and where it was opened from (a reminder's message, or a menu)."""

    campaign_id: int | None
    channel: str
    ts: str
    thread_ts: str | None = None
    reminder_id: int | None = None
    authorization_id: int | None = None

    def to_metadata(self) -> str:
        return metadata.encode(
            {
                "k": self.campaign_id,
                "r": self.reminder_id,
                "a": self.authorization_id,
                "c": self.channel,
                "ts": self.ts,
                "th": self.thread_ts,
            }
        )

    @classmethod
    def from_metadata(cls, raw: object) -> ChangeOrigin:
        """What the modal carried; anything else reads as a change of no flight (bot/slack/metadata.py)."""
        data = metadata.decode(raw)
        return cls(
            campaign_id=data.number("k"),
            reminder_id=data.number("r"),
            authorization_id=data.number("a"),
            channel=data.text("c"),
            ts=data.text("ts"),
            thread_ts=data.text("th") or None,
        )


def _account_label(authorization: Authorization) -> str:
    return f"Ad account {authorization.ad_account_id}"


def renew_view(origin: ChangeOrigin, campaign: Campaign, authorizations: list[Authorization], *, today: date) -> View:
    """The new code's expiry; when the flight has several codes and none was named, which one."""
    options = [Option(value=str(days), text=f"{days} days") for days in VALID_FOR_DAYS]
    default = next(o for o in options if o.value == str(DEFAULT_VALID_FOR_DAYS))
    blocks = []
    chosen = next((a for a in authorizations if a.id == origin.authorization_id), None)
    if chosen is None and len(authorizations) == 1:
        chosen = authorizations[0]
    creator = escape(campaign.creator_handle)
    if chosen is not None:
        intro = f"New Spark code from {creator} for ad account {escape(chosen.ad_account_id)}."
    else:
        intro = f"New Spark code from {creator}."
    blocks.append(
        SectionBlock(text=MarkdownTextObject(text=f"{intro} Only its expiry is needed: never paste the code here."))
    )
    if chosen is None:
        accounts = [Option(value=str(a.id), text=_account_label(a)[:75]) for a in authorizations]
        blocks.append(
            InputBlock(
                block_id=RenewField.AUTHORIZATION,
                label="For which ad account?",
                element=StaticSelectElement(action_id=RenewField.AUTHORIZATION, options=accounts),
            )
        )
    blocks += [
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
    ]
    if chosen is not None:
        origin = replace(origin, authorization_id=chosen.id)
    return change_modal(
        ChangeView.CODE_RENEWED,
        "Code renewed",
        submit="Save",
        metadata=origin.to_metadata(),
        blocks=blocks,
    )


def extend_view(origin: ChangeOrigin, campaign: Campaign, *, current_last_day: date) -> View:
    return change_modal(
        ChangeView.EXTEND_FLIGHT,
        "Extend flight",
        submit="Extend",
        metadata=origin.to_metadata(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape(campaign.client)}* currently runs through "
                    f"{day_label(current_last_day)}. Reminders are rescheduled from the new last day."
                )
            ),
            InputBlock(
                block_id=ExtendField.LAST_DAY,
                label="New last day",
                element=DatePickerElement(action_id=ExtendField.LAST_DAY, initial_date=current_last_day.isoformat()),
            ),
        ],
    )


def cancel_view(origin: ChangeOrigin, campaign: Campaign) -> View:
    return change_modal(
        ChangeView.CANCEL_FLIGHT,
        "Cancel flight",
        submit="Cancel flight",
        close="Keep it",
        metadata=origin.to_metadata(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"Cancel *{escape(campaign.client)}* with {escape(campaign.creator_handle)}? "
                    "Its pending reminders stop. The record stays, marked cancelled."
                )
            )
        ],
    )


def owner_view(origin: ChangeOrigin, campaign: Campaign) -> View:
    return change_modal(
        ChangeView.CHANGE_OWNER,
        "Change owner",
        submit="Change owner",
        metadata=origin.to_metadata(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape(campaign.client)}* is owned by {mention(campaign.owner_id)}. The new owner is "
                    "mentioned in its reminders from now on; those already sent stay as they are."
                )
            ),
            InputBlock(
                block_id=OwnerField.NEW_OWNER,
                label="New owner",
                element=UserSelectElement(action_id=OwnerField.NEW_OWNER),
            ),
        ],
    )


def change_modal(
    callback_id: str, title: str, *, submit: str, metadata: str, blocks: list, close: str = "Cancel"
) -> View:
    """A modal that changes a flight: its callback id names the change, its metadata what it is about."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=title,
        submit=submit,
        close=close,
        private_metadata=metadata,
        blocks=blocks,
    )


def notice_view(title: str, text: str) -> View:
    """What a modal turns into when the change turns out not to be allowed (Flightdeck's own words)."""
    return View(type="modal", title=title, close="Close", blocks=[SectionBlock(text=MarkdownTextObject(text=text))])
