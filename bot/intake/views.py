"""The intake modal, built with slack_sdk.models so Slack's limits are checked on every render.

One modal: the top half decides (live), the bottom half records. It is rebuilt from the current
answers on every change, so the decision, the warnings and the Spark-only fields follow them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.blocks.basic_components import DispatchActionConfig
from slack_sdk.models.views import View

from bot.core.calendar import day_label
from bot.core.decision import Answers, Decision
from bot.core.intake import AdAccountCode, IntakeForm
from bot.core.money import format_money
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import (
    DEFAULT_VALID_FOR_DAYS,
    VALID_FOR_DAYS,
    AccountType,
    BudgetType,
    Check,
    Market,
    Ownership,
    Tool,
    Traction,
)
from bot.core.warnings import IntakeWarning
from bot.intake.form import ADD_CODE, DISCLOSURE_ON, MAX_LENGTHS, REMOVE_CODE
from bot.intake.ids import MAX_CODES, AccountField, IntakeId, expiry_note, objective_block
from bot.intake.inputs import choice, date_input, initial, labelled, radio_input, select_input, text_input
from bot.intake.links import handle_in_link
from bot.slack import metadata
from bot.slack.text import CHANNEL_ID, escape

DEFAULT_FLIGHT_DAYS = 7
MAX_ESCALATED_LABEL = 300
ON_ENTER = DispatchActionConfig(trigger_actions_on=["on_enter_pressed"])


@dataclass(frozen=True)
class IntakeContext:
    """What the modal carries between requests, in private_metadata."""

    channel_id: str
    ad_accounts: int = 1
    # A Spark intake escalating a Promote flight (the hybrid pattern, docs/domain.md): that flight, and its name.
    escalated_from: int | None = None
    escalated_label: str = ""

    def to_metadata(self) -> str:
        escalated = self.escalated_from is not None
        return metadata.encode(
            {
                "channel": self.channel_id,
                "accounts": self.ad_accounts,
                "from": self.escalated_from,
                "from_label": self.escalated_label[:MAX_ESCALATED_LABEL] if escalated else None,
            }
        )

    @classmethod
    def from_metadata(cls, raw: object) -> IntakeContext:
        """What the modal carried; a request that carries something else gets the defaults, never an error."""
        data = metadata.decode(raw)
        accounts = data.number("accounts")
        channel = data.text("channel")
        return cls(
            # Only a conversation id: the summary names the channel it couldn't be posted in.
            channel_id=channel if CHANNEL_ID.match(channel) else "",
            ad_accounts=accounts if accounts is not None and 1 <= accounts <= MAX_CODES else 1,
            escalated_from=data.number("from"),
            escalated_label=data.text("from_label")[:MAX_ESCALATED_LABEL],
        )


def default_form(*, today: date, owner_id: str | None, post_url: str, currency: str) -> IntakeForm:
    """What usually holds: a week-long daily-budget flight starting today, owned by whoever opened it,
    for the creator whose post the link is."""
    return IntakeForm(
        creator_handle=handle_in_link(post_url) or "",
        # The end is the flight's last day: a 7-day flight starting today ends 6 days from now.
        answers=Answers(start=today, end=today + timedelta(days=DEFAULT_FLIGHT_DAYS - 1)),
        post_url=post_url,
        owner_id=owner_id,
        budget_currency=currency,
        budget_type=BudgetType.DAILY,
    )


def intake_view(
    form: IntakeForm,
    decision: Decision,
    warnings: tuple[IntakeWarning, ...],
    context: IntakeContext,
    policy: IntakePolicy,
    *,
    today: date,
) -> View:
    tool = decision.tool or Tool.PROMOTE
    blocks: list[Block] = []
    if context.escalated_from is not None:
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f":arrow_up: Escalating *{escape(context.escalated_label)}* from Promote to Spark Ads: "
                        "the brand or agency takes over the spend in Ads Manager. The flight's details are filled "
                        "in; add the ad account and when the creator's code expires."
                    )
                ]
            )
        )
    blocks += [
        _ownership_block(form),
        _checks_block(form),
        ContextBlock(
            elements=[MarkdownTextObject(text=_caps_text(policy, form.budget_currency or policy.currencies[0]))]
        ),
        _decision_block(decision),
    ]
    if warnings:
        blocks.append(_warnings_block(warnings))
    blocks += [DividerBlock(), *_detail_blocks(form, tool, policy)]
    if decision.tool is Tool.SPARK:
        blocks += _spark_blocks(form, context, today)
    return View(
        type="modal",
        callback_id=IntakeId.VIEW,
        title="Escalate to Spark Ads" if context.escalated_from is not None else "TikTok boost intake",
        submit=f"Record {tool.label}" if decision.tool else "Record flight",
        close="Cancel",
        private_metadata=context.to_metadata(),
        blocks=blocks,
    )


def _caps_text(policy: IntakePolicy, currency: str) -> str:
    """Check 4 in the currency picked below: the line changes when the currency does."""
    cap = policy.promote_daily_caps.get(currency)
    spend = f"over {format_money(cap, currency, whole=True)} a day, or " if cap is not None else ""
    return f"Budget and dates decide too: {spend}longer than {policy.promote_max_days} days, needs Spark Ads."


def _ownership_block(form: IntakeForm) -> InputBlock:
    return radio_input(
        IntakeId.OWNERSHIP,
        "Who owns the conversion data at the end of the flight?",
        labelled(Ownership),
        form.answers.ownership,
    )


def _checks_block(form: IntakeForm) -> InputBlock:
    options = [choice(check.value, check.question) for check in Check]
    chosen = [option for option in options if option.value in form.answers.checks]
    return InputBlock(
        block_id=IntakeId.CHECKS,
        label="Does any of this apply?",
        optional=True,
        dispatch_action=True,
        element=CheckboxesElement(action_id=IntakeId.CHECKS, options=options, initial_options=chosen or None),
    )


def _decision_block(decision: Decision) -> SectionBlock:
    if decision.tool is None:
        text = "*Decision:* answer the first question and the tool shows here."
    else:
        reasons = "\n".join(f"• {escape(reason)}" for reason in decision.reasons)
        text = f"*→ {decision.tool.label}*, because:\n{reasons}"
        if decision.conflict:
            text += f"\n:warning: *Conflict:* {escape(decision.conflict)}"
    return SectionBlock(block_id=IntakeId.DECISION, text=MarkdownTextObject(text=text))


def _warnings_block(warnings: tuple[IntakeWarning, ...]) -> SectionBlock:
    lines = "\n".join(f":warning: {escape(warning.text)}" for warning in warnings)
    return SectionBlock(block_id=IntakeId.WARNINGS, text=MarkdownTextObject(text=lines))


def _detail_blocks(form: IntakeForm, tool: Tool, policy: IntakePolicy) -> list[Block]:
    objectives = policy.promote_objectives if tool is Tool.PROMOTE else policy.spark_objectives
    answers = form.answers
    return [
        text_input(
            IntakeId.CREATOR,
            "Creator's TikTok handle",
            form.creator_handle,
            "@creator",
            max_length=MAX_LENGTHS[IntakeId.CREATOR],
        ),
        text_input(
            IntakeId.POST_URL,
            "TikTok post link",
            form.post_url,
            "https://www.tiktok.com/@creator/video/…",
            max_length=MAX_LENGTHS[IntakeId.POST_URL],
        ),
        text_input(
            IntakeId.CLIENT, "Client or brand", form.client, "Brand name", max_length=MAX_LENGTHS[IntakeId.CLIENT]
        ),
        select_input(
            objective_block(tool),
            f"Objective ({tool.label})",
            [choice(name, name) for name in objectives],
            form.objective if form.objective in objectives else None,
            placeholder="Pick an objective",
        ),
        InputBlock(
            block_id=IntakeId.BUDGET_AMOUNT,
            label="Budget",
            hint="Press Enter to check it against the Promote cap.",
            dispatch_action=True,
            element=NumberInputElement(
                action_id=IntakeId.BUDGET_AMOUNT,
                is_decimal_allowed=True,
                initial_value=form.budget_text or None,
                placeholder="500",
                dispatch_action_config=ON_ENTER,
            ),
        ),
        select_input(
            IntakeId.CURRENCY,
            "Currency",
            [choice(code, code) for code in policy.currencies],
            form.budget_currency,
            placeholder="Currency",
        ),
        radio_input(
            IntakeId.BUDGET_TYPE,
            "The budget is",
            [choice(BudgetType.DAILY, "Per day"), choice(BudgetType.LIFETIME, "For the whole flight")],
            form.budget_type,
        ),
        date_input(IntakeId.FLIGHT_START, "Flight starts", answers.start),
        date_input(IntakeId.FLIGHT_END, "Flight ends (last day)", answers.end),
        InputBlock(
            block_id=IntakeId.OWNER,
            label="Flight owner (gets the reminders)",
            element=UserSelectElement(action_id=IntakeId.OWNER, initial_user=form.owner_id),
        ),
        select_input(
            IntakeId.TRACTION,
            "Posted organically 48 h+ with traction?",
            labelled(Traction),
            form.traction.value if form.traction else None,
            placeholder="Pick one",
        ),
        select_input(
            IntakeId.MARKET,
            "Market",
            labelled(Market),
            form.market.value if form.market else None,
            placeholder="Pick the market",
        ),
        select_input(
            IntakeId.ACCOUNT_TYPE,
            "Creator's account type",
            labelled(AccountType),
            form.account_type.value if form.account_type else None,
            placeholder="Pick the account type",
        ),
    ]


def _spark_blocks(form: IntakeForm, context: IntakeContext, today: date) -> list[Block]:
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
    codes = list(form.ad_accounts[: context.ad_accounts])
    codes += [AdAccountCode(issued_on=today)] * (context.ad_accounts - len(codes))
    for index, code in enumerate(codes):
        blocks += _code_blocks(index, code, several=len(codes) > 1, today=today)
    buttons = []
    if context.ad_accounts < MAX_CODES:
        buttons.append(ButtonElement(text=ADD_CODE, action_id=IntakeId.ADD_AD_ACCOUNT, value="add"))
    if context.ad_accounts > 1:
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


def with_more_accounts(context: IntakeContext) -> IntakeContext:
    return replace(context, ad_accounts=min(context.ad_accounts + 1, MAX_CODES))


def with_fewer_accounts(context: IntakeContext) -> IntakeContext:
    return replace(context, ad_accounts=max(context.ad_accounts - 1, 1))
