"""The renewal modals: the ready-to-send message for the creator, and the swap's confirmation.

The creator's message is shown as plain text (a `plain_text` section, emoji off): Slack shows it
exactly as written, line breaks kept and nothing read as markup or turned into an emoji, and an
Arabic message keeps its right-to-left layout (a preformatted block would set it left to right, in
monospace). One section per code, so dragging across it copies the whole message in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from slack_sdk.models.blocks import (
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core.calendar import day_label
from bot.core.creator_messages import Language
from bot.core.intake import record_id
from bot.core.renewal import RenewalRequest, RenewalState
from bot.slack import metadata
from bot.slack.blocks import TEXT_LIMIT
from bot.slack.change_views import ChangeOrigin, change_modal
from bot.slack.ids import ChangeView, SwapField
from bot.slack.text import escape, mention, moment_token
from storage.models import Authorization, Campaign, Renewal

# Where the ask modal keeps the codes it asks for: their ids, comma-separated.
CODES_KEY = "as"
MAX_CODES = 20

LANGUAGE_NAMES = {
    Language.ENGLISH: "English",
    Language.FRENCH: "French",
    Language.ITALIAN: "Italian",
    Language.GERMAN: "German",
    Language.ARABIC: "Arabic",
}


@dataclass(frozen=True)
class CodeRequest:
    authorization: Authorization
    request: RenewalRequest
    renewal: Renewal | None


def codes_metadata(origin: ChangeOrigin, authorization_ids: list[int]) -> str:
    fields = metadata.decode(origin.to_metadata()).fields
    return metadata.encode({**fields, CODES_KEY: ",".join(str(i) for i in authorization_ids)})


def codes_of(raw: object) -> list[int]:
    """The code ids an ask modal carried; anything that isn't a short list of ids reads as none."""
    text = metadata.decode(raw).text(CODES_KEY)
    parts = text.split(",") if text else []
    ids = [record_id(part) for part in parts]
    if len(ids) > MAX_CODES or None in ids:
        return []
    return ids


def plain_sections(text: str) -> list[SectionBlock]:
    """`text` as plain-text sections, split between paragraphs where it passes Slack's limit."""
    sections, current = [], ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= TEXT_LIMIT:
            current = candidate
            continue
        if current:
            sections.append(current)
        current = paragraph[:TEXT_LIMIT]
    sections.append(current)
    return [SectionBlock(text=PlainTextObject(text=part, emoji=False)) for part in sections]


def ask_view(origin: ChangeOrigin, campaign: Campaign, codes: list[CodeRequest], *, last_day: date) -> View:
    """The message to send the creator for each code, and "I've sent it" to record that it went."""
    creator = escape(campaign.creator_handle)
    language = codes[0].request.language
    in_language = ""
    if language is not Language.ENGLISH:
        in_language = f" It's in {LANGUAGE_NAMES[language]}, as the market is {campaign.market.label}."
    blocks: list = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"Copy the message below and send it to {creator} where you usually talk to them.{in_language} "
                "Then press *I've sent it* so Flightdeck records the request and its reminders know the creator "
                "was asked. Flightdeck never needs the code itself: when it arrives, press *Code renewed* and "
                "enter its expiry."
            )
        )
    ]
    for code in codes:
        authorization, request = code.authorization, code.request
        if len(codes) > 1:
            blocks.append(
                SectionBlock(
                    text=MarkdownTextObject(
                        text=f"*Ad account {escape(authorization.ad_account_id)}* (<{authorization.post_url}|post>)"
                    )
                )
            )
        blocks += plain_sections(request.text)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_why_validity(code, campaign, last_day))]))
    return change_modal(
        ChangeView.ASK_CREATOR,
        "Ask the creator",
        submit="I've sent it",
        close="Close",
        metadata=codes_metadata(origin, [c.authorization.id for c in codes]),
        blocks=blocks,
    )


def _why_validity(code: CodeRequest, campaign: Campaign, last_day: date) -> str:
    request, renewal = code.request, code.renewal
    tz = campaign.owner_tz
    expires = moment_token(code.authorization.expires_at, tz)
    if request.covered:
        why = (
            f"The code now expires {expires}. {request.validity_days} days is the shortest option that covers "
            f"{day_label(request.covers_until)}: the last day ({day_label(last_day)}) and the summary window."
        )
    else:
        why = (
            f"The code now expires {expires}. Even {request.validity_days} days ends before "
            f"{day_label(request.covers_until)}: another renewal will be needed before it runs out."
        )
    if renewal is not None and renewal.requested_at is not None and renewal.state is RenewalState.REQUESTED:
        why += f" {mention(renewal.requested_by or '')} already asked {moment_token(renewal.requested_at, tz)}."
    return why


def swap_view(origin: ChangeOrigin, campaign: Campaign, waiting: list[Authorization]) -> View:
    """The swap's confirmation, from the menu (an overflow option can't carry a confirm dialog)."""
    creator = escape(campaign.creator_handle)
    blocks: list = []
    if len(waiting) == 1:
        [authorization] = waiting
        origin = replace(origin, authorization_id=authorization.id)
        text = (
            f"Is {creator}'s new code for ad account {escape(authorization.ad_account_id)} in Ads Manager now? "
            "Confirming stops the old code's reminders."
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    else:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text="Confirming stops the old code's reminders for that ad account."))
        )
        options = [Option(value=str(a.id), text=f"Ad account {a.ad_account_id}"[:75]) for a in waiting]
        blocks.append(
            InputBlock(
                block_id=SwapField.AUTHORIZATION,
                label="Which ad account's new code is in Ads Manager?",
                element=StaticSelectElement(action_id=SwapField.AUTHORIZATION, options=options),
            )
        )
    return change_modal(
        ChangeView.CODE_SWAPPED,
        "Swapped in Ads Manager",
        submit="Confirm the swap",
        close="Not yet",
        metadata=origin.to_metadata(),
        blocks=blocks,
    )
