"""Escalating a Promote flight to Spark Ads: validate with Promote, scale with Spark (docs/domain.md).

The winner of a Promote test gets escalated: the creator authorizes the post, the brand or agency
picks up the spend in Ads Manager. The Spark intake opens filled in from the Promote flight (client,
creator, post, market, account, owner, budget currency and type), with the brand as the data's owner
and paying, and the post's traction proven by the test; the person adds the ad account and the code's
expiry, and the dates of the scaled flight.
"""

from __future__ import annotations

from datetime import date, timedelta

from slack_sdk.models.views import View

from bot.core.decision import Answers, decide
from bot.core.intake import AdAccountCode, IntakeForm
from bot.core.policy import IntakePolicy, ReminderSchedule
from bot.core.vocabulary import Check, Ownership, Traction
from bot.core.warnings import intake_warnings
from bot.intake.views import DEFAULT_FLIGHT_DAYS, IntakeContext, intake_view
from storage.models import Campaign


def escalation_label(campaign: Campaign) -> str:
    return f"{campaign.client} · {campaign.creator_handle}"


def escalation_form(campaign: Campaign, *, today: date) -> IntakeForm:
    return IntakeForm(
        answers=Answers(
            ownership=Ownership.BRAND,
            checks=frozenset({Check.BUSINESS_SPENDER}),
            start=today,
            end=today + timedelta(days=DEFAULT_FLIGHT_DAYS - 1),
        ),
        client=campaign.client,
        creator_handle=campaign.creator_handle,
        post_url=campaign.post_url,
        market=campaign.market,
        account_type=campaign.account_type,
        owner_id=campaign.owner_id,
        traction=Traction.PROVEN,
        ad_accounts=(AdAccountCode(issued_on=today),),
        budget_currency=campaign.budget_currency,
        budget_type=campaign.budget_type,
    )


def escalation_view(campaign: Campaign, policy: IntakePolicy, schedule: ReminderSchedule, *, today: date) -> View:
    """The Spark intake for `campaign`'s post, linked to it through the modal's metadata."""
    form = escalation_form(campaign, today=today)
    decision = decide(form.answers, policy)
    warnings = intake_warnings(form, decision, policy, renew_before=schedule.renew_before_expiry)
    context = IntakeContext(
        channel_id=campaign.channel_id or "",
        escalated_from=campaign.id,
        escalated_label=escalation_label(campaign),
    )
    return intake_view(form, decision, warnings, context, policy, today=today)
