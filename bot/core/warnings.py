"""Warnings shown before submit and kept on the record (docs/domain.md, "The warnings").

A warning never blocks an intake: it tells the team what is likely to waste the spend.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from bot.core.calendar import day_label
from bot.core.decision import Decision, flight_days
from bot.core.intake import IntakeForm, is_ad_account_id
from bot.core.money import format_money
from bot.core.policy import IntakePolicy, ReminderSchedule
from bot.core.vocabulary import AccountType, Check, Market, Tool, Traction, WarningCode


@dataclass(frozen=True)
class IntakeWarning:
    code: WarningCode
    text: str


def intake_warnings(
    form: IntakeForm,
    decision: Decision,
    policy: IntakePolicy,
    *,
    renew_before: timedelta = ReminderSchedule.renew_before_expiry,
) -> tuple[IntakeWarning, ...]:
    """`renew_before`: how long before a code expires the renewal reminder comes (a setting)."""
    return tuple(_warnings(form, decision, policy, renew_before))


def ahead(delta: timedelta) -> str:
    """A reminder's lead time as people say it: "72 h", "90 min"."""
    seconds = int(delta.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    return f"{max(1, seconds // 60)} min"


def _warnings(
    form: IntakeForm, decision: Decision, policy: IntakePolicy, renew_before: timedelta
) -> Iterator[IntakeWarning]:
    answers = form.answers
    days = flight_days(answers.start, answers.end)

    if form.traction is Traction.TOO_NEW:
        yield IntakeWarning(
            WarningCode.FLAT_POST,
            "The post has been live under 48 h. Let it run organically for 48–72 h first: "
            "boosting can't rescue a post the algorithm ignored.",
        )
    elif form.traction is Traction.FLAT:
        yield IntakeWarning(
            WarningCode.FLAT_POST,
            "The post is flat organically. Boosting amplifies the flatness: pick a post with proven organic carry.",
        )

    if Check.SERVER_SIDE_CONVERSIONS in answers.checks and form.objective and not _is_conversion(form.objective):
        yield IntakeWarning(
            WarningCode.MISALIGNED_OBJECTIVE,
            f"The need is conversions, but the objective is {form.objective}. "
            "Pick Conversions, or the spend buys the wrong signal.",
        )

    if days is not None and days < policy.min_flight_days:
        yield IntakeWarning(
            WarningCode.SHORT_FLIGHT,
            f"A {days}-day flight is too short: both tools need {policy.min_flight_days}–"
            f"{policy.recommended_flight_days} days to exit the learning phase. "
            f"Plan at least {policy.recommended_flight_days} days.",
        )

    if decision.tool is Tool.SPARK:
        yield from _spark_warnings(form, days, policy, renew_before)

    if (
        decision.tool is Tool.PROMOTE
        and form.market is Market.MENA
        # docs/domain.md, "The warnings": gated to business accounts, so a creator account is caught too.
        and form.account_type in (AccountType.PERSONAL, AccountType.CREATOR)
        and form.objective
        and "website" in form.objective.lower()
    ):
        yield IntakeWarning(
            WarningCode.MENA_PERSONAL_WEBSITE_CLICKS,
            "On MENA, Promote's website-click objective is often limited to business accounts. "
            "Check the creator's account, or pick another objective.",
        )


def _is_conversion(objective: str) -> bool:
    lowered = objective.lower()
    return "conversion" in lowered or "lead" in lowered


def _spark_warnings(
    form: IntakeForm, days: int | None, policy: IntakePolicy, renew_before: timedelta
) -> Iterator[IntakeWarning]:
    end = form.answers.end
    for account in form.ad_accounts:
        expiry = account.expiry_date
        # The flight runs through its end day, so a code expiring that day already stops the ad early.
        if end is not None and expiry is not None and expiry <= end:
            # Only a real ad account ID is named: whatever else was typed there may be the code itself.
            named = account.ad_account_id if is_ad_account_id(account.ad_account_id) else "this ad account"
            yield IntakeWarning(
                WarningCode.CODE_EXPIRES_IN_FLIGHT,
                f"The code for {named} expires {day_label(expiry)}, "
                f"before the flight ends {day_label(end)}. "
                f"Flightdeck will remind you to get a new one {ahead(renew_before)} ahead.",
            )

    budget = form.answers.budget
    groups = form.ad_groups or 1
    daily = budget.daily(days) if budget is not None else None
    minimum = policy.ad_group_min_daily.get(budget.currency) if budget is not None else None
    if groups > 1 and daily is not None and minimum is not None and daily / groups < minimum:
        yield IntakeWarning(
            WarningCode.BUDGET_SPREAD_THIN,
            f"{format_money(daily, budget.currency, whole=True)} a day over {groups} ad groups is "
            f"{format_money(daily / groups, budget.currency, whole=True)} per group, "
            f"under the {format_money(minimum, budget.currency, whole=True)} "
            "the algorithm needs to learn. Run one focused ad group instead.",
        )

    if Check.PAID_PARTNERSHIP in form.answers.checks and not form.disclosure_on:
        yield IntakeWarning(
            WarningCode.PARTNERSHIP_WITHOUT_DISCLOSURE,
            "A brand pays the creator for this post: will the ad have the branded-content toggle on? "
            "TikTok requires it. Plan to turn it on in Ads Manager, then answer “Yes” above.",
        )
