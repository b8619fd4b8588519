"""The intake modal, built with slack_sdk.models so Slack's limits are checked on every render.

One modal: the top half decides (live), the bottom half records. It is rebuilt from the current
answers on every change, so the decision, the warnings and the Spark-only fields follow them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.core.decision import Answers, Decision
from bot.core.intake import IntakeForm
from bot.core.money import format_money
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import (
    AccountType,
    BudgetType,
    Check,
    Market,
    Ownership,
    Tool,
    Traction,
)
from bot.core.warnings import IntakeWarning
from bot.intake.ids import MAX_CODES, IntakeId, objective_block
from bot.intake.inputs import ON_ENTER, choice, date_input, labelled, radio_input, select_input, text_input
from bot.intake.links import handle_in_link
from bot.intake.spark_fields import spark_blocks
from bot.intake.validation import MAX_LENGTHS
from bot.slack import metadata
from bot.slack.text import CHANNEL_ID, escape

DEFAULT_FLIGHT_DAYS = 7
MAX_ESCALATED_LABEL = 300


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
        blocks += spark_blocks(form, context.ad_accounts, today)
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


def with_more_accounts(context: IntakeContext) -> IntakeContext:
    return replace(context, ad_accounts=min(context.ad_accounts + 1, MAX_CODES))


def with_fewer_accounts(context: IntakeContext) -> IntakeContext:
    return replace(context, ad_accounts=max(context.ad_accounts - 1, 1))
