"""From a valid intake to the rows that record it. Dates are entered in the owner's time zone."""

from __future__ import annotations

from datetime import datetime

from bot.core.calendar import local_midnight, midnight_after
from bot.core.decision import Decision
from bot.core.intake import IntakeForm
from bot.core.vocabulary import CampaignStatus, Tool
from bot.core.warnings import IntakeWarning
from bot.intake.links import normalise_handle, tiktok_post_url
from storage.models import Authorization, Campaign


def canonical_post_url(url: str) -> str:
    """The post's link as stored and shown: https, the host name and the path, nothing else.

    Tracking parameters (`?is_from_webapp=1&sender_device=pc`…) go; so does anything that isn't the
    host name in front of it. Only validated links get here.
    """
    canonical = tiktok_post_url(url)
    if canonical is None:
        raise ValueError("not a TikTok post link")
    return canonical


def build_records(
    form: IntakeForm,
    decision: Decision,
    warnings: tuple[IntakeWarning, ...],
    *,
    team_id: str,
    user_id: str,
    timezone: str,
    now: datetime,
    view_id: str | None = None,
    escalated_from: int | None = None,
) -> tuple[Campaign, list[Authorization]]:
    answers = form.answers
    budget = answers.budget
    # The flight runs through its last day: it ends at the midnight that follows it.
    start_at = local_midnight(answers.start, timezone)
    end_at = midnight_after(answers.end, timezone)
    post_url = canonical_post_url(form.post_url)
    campaign = Campaign(
        team_id=team_id,
        tool=decision.tool,
        ownership=answers.ownership,
        answers={
            "ownership": answers.ownership,
            "checks": sorted(answers.checks),
            "over_budget_cap": decision.over_budget_cap,
            "over_duration_ceiling": decision.over_duration_ceiling,
            "organic_traction": form.traction,
            "disclosure_on": form.disclosure_on,
        },
        decision_reasons=list(decision.reasons),
        conflict=decision.conflict,
        warnings=[{"code": w.code.value, "text": w.text} for w in warnings],
        client=form.client,
        creator_handle=normalise_handle(form.creator_handle),
        post_url=post_url,
        objective=form.objective,
        market=form.market,
        account_type=form.account_type,
        budget_amount=budget.amount,
        budget_currency=budget.currency,
        budget_type=budget.type,
        ad_groups=form.ad_groups if decision.tool is Tool.SPARK else None,
        disclosure_on=form.disclosure_on,
        start_at=start_at,
        end_at=end_at,
        owner_tz=timezone,
        status=CampaignStatus.PLANNED if start_at > now else CampaignStatus.LIVE,
        owner_id=form.owner_id,
        intake_view_id=view_id,
        escalated_from_id=escalated_from,
        created_by=user_id,
        created_at=now,
        updated_by=user_id,
        updated_at=now,
    )
    authorizations = [
        Authorization(
            team_id=team_id,
            campaign_id=0,
            # Each code authorizes one post: the intake's, unless the code names another.
            post_url=canonical_post_url(account.post_url) if account.post_url else post_url,
            ad_account_id=account.ad_account_id,
            # A code's hour of issue isn't known: counting from the start of its day errs early, never late.
            expires_at=local_midnight(account.expiry_date, timezone),
            created_at=now,
            updated_at=now,
        )
        for account in (form.ad_accounts if decision.tool is Tool.SPARK else ())
    ]
    return campaign, authorizations
