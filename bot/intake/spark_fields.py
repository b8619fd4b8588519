"""The intake modal's Spark fields: one group of inputs per code (a post and an ad account), and the
line under each saying when that code expires, seen before submit (docs/domain.md).
"""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    SectionBlock,
    StaticSelectElement,
)

from bot.core.calendar import day_label
from bot.core.intake import AdAccountCode, IntakeForm
from bot.core.vocabulary import DEFAULT_VALID_FOR_DAYS, VALID_FOR_DAYS, Check
from bot.intake.form import ADD_CODE, DISCLOSURE_ON, REMOVE_CODE
from bot.intake.ids import MAX_CODES, AccountField, IntakeId, expiry_note
from bot.intake.inputs import ON_ENTER, choice, date_input, initial, text_input
from bot.intake.validation import MAX_LENGTHS


def spark_blocks(form: IntakeForm, ad_accounts: int, today: date) -> list[Block]:
    """The Spark-only part of the modal: the shared budget, the disclosure, and `ad_accounts` codes' inputs."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text="*Spark codes*: one per post and ad account. We only need each code's expiry date. "
                "Never paste the code itself."
            )
        ),
        InputBlock(
            block_id=IntakeId.AD_GROUPS,
            label="Ad groups sharing the budget",
            optional=True,
            dispatch_action=True,
            element=NumberInputElement(
                action_id=IntakeId.AD_GROUPS,
                is_decimal_allowed=False,
                min_value=1,
                initial_value=str(form.ad_groups or 1),
                dispatch_action_config=ON_ENTER,
            ),
        ),
    ]
    if Check.PAID_PARTNERSHIP in form.answers.checks:
        option = choice(DISCLOSURE_ON, "Yes, we'll turn it on in Ads Manager")
        blocks.append(
            InputBlock(
                block_id=IntakeId.DISCLOSURE,
                label="Will the ad have the branded-content toggle on?",
                optional=True,
                dispatch_action=True,
                element=CheckboxesElement(
                    action_id=IntakeId.DISCLOSURE,
                    options=[option],
                    initial_options=[option] if form.disclosure_on else None,
                ),
            )
        )
    codes = list(form.ad_accounts[:ad_accounts])
    codes += [AdAccountCode(issued_on=today)] * (ad_accounts - len(codes))
    for index, code in enumerate(codes):
        blocks += _code_blocks(index, code, several=len(codes) > 1, today=today)
    buttons = []
    if ad_accounts < MAX_CODES:
        buttons.append(ButtonElement(text=ADD_CODE, action_id=IntakeId.ADD_AD_ACCOUNT, value="add"))
    if ad_accounts > 1:
        buttons.append(ButtonElement(text=REMOVE_CODE, action_id=IntakeId.REMOVE_AD_ACCOUNT, value="remove"))
    blocks.append(ActionsBlock(elements=buttons))
    return blocks


def _code_blocks(index: int, code: AdAccountCode, *, several: bool, today: date) -> list[Block]:
    """One code's inputs. With one code, its post is the intake's, so only several codes ask for theirs."""

    def label(single: str, multiple: str) -> str:
        # Not "Code 2": a free-text input must never read as asking for the code itself.
        return f"Spark ad {index + 1} · {multiple}" if several else single

    valid_options = [choice(str(days), f"{days} days") for days in VALID_FOR_DAYS]
    blocks: list[Block] = []
    if several:
        blocks.append(
            text_input(
                AccountField.POST.at(index),
                label("", "Post link"),
                code.post_url,
                "Empty: the post link above",
                max_length=MAX_LENGTHS[AccountField.POST],
                optional=True,
            )
        )
    return [
        *blocks,
        text_input(
            AccountField.AD_ACCOUNT.at(index),
            label("Ad account ID", "Ad account ID"),
            code.ad_account_id,
            "7012345678901234567",
            max_length=MAX_LENGTHS[AccountField.AD_ACCOUNT],
            hint="The advertiser ID, 16–20 digits, from Ads Manager's account menu. Not the creator's code.",
        ),
        date_input(AccountField.ISSUED_ON.at(index), label("Code issued on", "Code issued on"), code.issued_on),
        InputBlock(
            block_id=AccountField.VALID_FOR.at(index),
            label=label("Code valid for", "Code valid for"),
            dispatch_action=True,
            element=StaticSelectElement(
                action_id=AccountField.VALID_FOR.at(index),
                options=valid_options,
                initial_option=initial(valid_options, str(code.valid_days or DEFAULT_VALID_FOR_DAYS)),
            ),
        ),
        date_input(
            AccountField.EXPIRES_ON.at(index),
            label("Or: code expires on", "Or: code expires on"),
            code.expires_on,
            optional=True,
        ),
        ContextBlock(block_id=expiry_note(index), elements=[MarkdownTextObject(text=expiry_line(code, today))]),
    ]


def expiry_line(code: AdAccountCode, today: date) -> str:
    """When the code stops working, from what was entered: seen before submit, not after."""
    expiry = code.expiry_date
    if expiry is None:
        return "→ pick the day the code was issued, or the day it expires"
    day = day_label(expiry) + (f" {expiry.year}" if expiry.year != today.year else "")
    if expiry <= today:
        return f"→ *expired {day}*: ask the creator for a new code"
    return f"→ expires {day}"
