"""The intake's warnings (docs/domain.md): each appears exactly when its failure is likely, and never otherwise."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.core.decision import Answers, Budget, decide
from bot.core.intake import AdAccountCode, IntakeForm
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import AccountType, BudgetType, Check, Market, Ownership, Tool, Traction
from bot.core.vocabulary import WarningCode as W
from bot.core.warnings import intake_warnings
from tests.support.intake import AD_ACCOUNT

POLICY = IntakePolicy()  # at least 5 days, 7 recommended; ad groups need 20 USD a day each
START = date(2026, 11, 23)  # a Monday
ACCOUNT = AD_ACCOUNT
OTHER_ACCOUNT = "7098765432109876543"


def last_day(days: int) -> date:
    return START + timedelta(days=days - 1)


def intake(
    tool: Tool = Tool.PROMOTE,
    *checks: Check,
    days: int = 7,
    budget: str = "50",
    budget_type: BudgetType = BudgetType.DAILY,
    currency: str = "USD",
    ownership: Ownership | None = None,
    **details,
) -> IntakeForm:
    """A form that raises no warning, changed only where a row says so.

    Promote: a creator's proven post in the US, 50 USD a day for a week, for views.
    Spark: the brand owns the data, one ad account whose code outlives the flight, one ad group.
    """
    spark = tool is Tool.SPARK
    answers = Answers(
        ownership=ownership or (Ownership.BRAND if spark else Ownership.CREATOR),
        checks=frozenset(checks),
        budget=Budget(Decimal(budget), currency, budget_type),
        start=START,
        end=last_day(days),
    )
    baseline = IntakeForm(
        answers=answers,
        client="GlowCo",
        creator_handle="@maria.cooks",
        objective="Reach" if spark else "Views",
        market=Market.US,
        account_type=AccountType.CREATOR,
        traction=Traction.PROVEN,
        ad_groups=1 if spark else None,
        ad_accounts=(AdAccountCode(ACCOUNT, expires_on=last_day(days) + timedelta(days=1)),) if spark else (),
    )
    return replace(baseline, **details)


def expires(day: date, account: str = ACCOUNT) -> AdAccountCode:
    return AdAccountCode(account, expires_on=day)


def warnings_for(form: IntakeForm, policy: IntakePolicy = POLICY):
    return intake_warnings(form, decide(form.answers, policy), policy)


def codes(form: IntakeForm, policy: IntakePolicy = POLICY) -> list[W]:
    return [warning.code for warning in warnings_for(form, policy)]


SPARK = Tool.SPARK
CONVERSIONS = Check.SERVER_SIDE_CONVERSIONS
PARTNERSHIP = Check.PAID_PARTNERSHIP

CASES = [
    # The baselines themselves are clean, so every other row's warning is caused by its one change.
    pytest.param(intake(), [], id="promote-baseline-clean"),
    pytest.param(intake(SPARK), [], id="spark-baseline-clean"),
    # Flat post: neither tool rescues a post the algorithm ignored.
    pytest.param(intake(traction=Traction.TOO_NEW), [W.FLAT_POST], id="flat-post-too-new"),
    pytest.param(intake(traction=Traction.FLAT), [W.FLAT_POST], id="flat-post-no-traction"),
    pytest.param(intake(SPARK, traction=Traction.FLAT), [W.FLAT_POST], id="flat-post-on-spark-too"),
    pytest.param(intake(traction=Traction.PROVEN), [], id="flat-post-proven-is-fine"),
    pytest.param(intake(traction=None), [], id="flat-post-not-answered-yet"),
    # Misaligned objective: buying views when the need was conversions.
    pytest.param(intake(SPARK, CONVERSIONS, objective="Video views"), [W.MISALIGNED_OBJECTIVE], id="misaligned-views"),
    pytest.param(intake(SPARK, CONVERSIONS, objective="Reach"), [W.MISALIGNED_OBJECTIVE], id="misaligned-reach"),
    pytest.param(intake(SPARK, CONVERSIONS, objective="Conversions"), [], id="aligned-conversions"),
    pytest.param(intake(SPARK, CONVERSIONS, objective=None), [], id="aligned-objective-not-picked-yet"),
    pytest.param(intake(SPARK, objective="Video views"), [], id="aligned-views-when-views-are-the-need"),
    # Too short a flight: under 5 days, counting the first and last day.
    pytest.param(intake(days=4), [W.SHORT_FLIGHT], id="short-flight-4-days"),
    pytest.param(intake(days=1), [W.SHORT_FLIGHT], id="short-flight-1-day"),
    pytest.param(intake(days=5), [], id="short-flight-5-days-is-enough"),
    pytest.param(intake(SPARK, days=4), [W.SHORT_FLIGHT], id="short-flight-on-spark-too"),
    # Spark code expiring while the flight still runs, including on its last day.
    pytest.param(intake(SPARK, ad_accounts=(expires(last_day(7)),)), [W.CODE_EXPIRES_IN_FLIGHT], id="code-on-last-day"),
    pytest.param(
        intake(SPARK, ad_accounts=(expires(START + timedelta(days=2)),)),
        [W.CODE_EXPIRES_IN_FLIGHT],
        id="code-mid-flight",
    ),
    pytest.param(
        intake(SPARK, ad_accounts=(expires(last_day(7) + timedelta(days=1)),)), [], id="code-day-after-flight"
    ),
    pytest.param(
        intake(
            SPARK, days=30, ad_accounts=(AdAccountCode(ACCOUNT, issued_on=START - timedelta(days=10), valid_days=30),)
        ),
        [W.CODE_EXPIRES_IN_FLIGHT],
        id="code-issue-date-plus-validity-in-flight",
    ),
    pytest.param(
        intake(SPARK, days=30, ad_accounts=(AdAccountCode(ACCOUNT, issued_on=START, valid_days=30),)),
        [],
        id="code-issue-date-plus-validity-outlives-flight",
    ),
    pytest.param(
        intake(SPARK, ad_accounts=(expires(last_day(7)), expires(last_day(7), OTHER_ACCOUNT))),
        [W.CODE_EXPIRES_IN_FLIGHT, W.CODE_EXPIRES_IN_FLIGHT],
        id="code-one-warning-per-expiring-account",
    ),
    pytest.param(intake(ad_accounts=(expires(START),)), [], id="code-ignored-on-promote-which-needs-no-authorization"),
    # Budget spread over too many ad groups: under the per-group daily minimum.
    pytest.param(intake(SPARK, budget="50", ad_groups=3), [W.BUDGET_SPREAD_THIN], id="thin-daily-16.67-per-group"),
    pytest.param(intake(SPARK, budget="60", ad_groups=3), [], id="thin-daily-20-per-group-is-enough"),
    pytest.param(intake(SPARK, budget="15", ad_groups=1), [], id="thin-one-group-is-focused"),
    pytest.param(intake(SPARK, budget="15", ad_groups=None), [], id="thin-groups-not-entered"),
    pytest.param(
        intake(SPARK, budget="700", budget_type=BudgetType.LIFETIME, ad_groups=6),
        [W.BUDGET_SPREAD_THIN],
        id="thin-lifetime-100-a-day-over-6-groups",
    ),
    pytest.param(
        intake(SPARK, budget="700", budget_type=BudgetType.LIFETIME, ad_groups=5),
        [],
        id="thin-lifetime-100-a-day-over-5-groups-is-enough",
    ),
    pytest.param(intake(SPARK, budget="1000", currency="JPY", ad_groups=5), [], id="thin-currency-without-a-minimum"),
    pytest.param(intake(budget="10", ad_groups=5), [], id="thin-not-on-promote-which-has-no-ad-groups"),
    # Promote website clicks on MENA: often gated to business accounts.
    pytest.param(
        intake(objective="Website clicks", market=Market.MENA, account_type=AccountType.PERSONAL),
        [W.MENA_PERSONAL_WEBSITE_CLICKS],
        id="mena-personal-account",
    ),
    pytest.param(
        intake(objective="Website clicks", market=Market.MENA, account_type=AccountType.CREATOR),
        [W.MENA_PERSONAL_WEBSITE_CLICKS],
        id="mena-creator-account-is-not-business-either",
    ),
    pytest.param(
        intake(objective="Website clicks", market=Market.MENA, account_type=AccountType.BUSINESS),
        [],
        id="mena-business-account",
    ),
    pytest.param(
        intake(objective="Website clicks", market=Market.US, account_type=AccountType.PERSONAL),
        [],
        id="mena-other-market",
    ),
    pytest.param(
        intake(objective="Profile visits", market=Market.MENA, account_type=AccountType.PERSONAL),
        [],
        id="mena-other-objective",
    ),
    pytest.param(
        intake(objective="Website clicks", market=Market.MENA, account_type=None),
        [],
        id="mena-account-type-not-answered",
    ),
    pytest.param(
        intake(SPARK, objective="Traffic", market=Market.MENA, account_type=AccountType.PERSONAL),
        [],
        id="mena-not-on-spark",
    ),
    # Paid partnership without the disclosure toggle.
    pytest.param(intake(SPARK, PARTNERSHIP), [W.PARTNERSHIP_WITHOUT_DISCLOSURE], id="partnership-no-disclosure"),
    pytest.param(intake(SPARK, PARTNERSHIP, disclosure_on=True), [], id="partnership-with-disclosure"),
    pytest.param(
        intake(SPARK, PARTNERSHIP, ownership=Ownership.CREATOR),
        [W.PARTNERSHIP_WITHOUT_DISCLOSURE],
        id="partnership-creator-owned-is-still-spark",
    ),
    # Several failures at once are all reported.
    pytest.param(
        intake(
            SPARK,
            CONVERSIONS,
            PARTNERSHIP,
            days=3,
            traction=Traction.FLAT,
            objective="Reach",
            ad_groups=4,
            ad_accounts=(expires(START),),
        ),
        [
            W.FLAT_POST,
            W.MISALIGNED_OBJECTIVE,
            W.SHORT_FLIGHT,
            W.CODE_EXPIRES_IN_FLIGHT,
            W.BUDGET_SPREAD_THIN,
            W.PARTNERSHIP_WITHOUT_DISCLOSURE,
        ],
        id="all-spark-failures",
    ),
]


@pytest.mark.parametrize(("form", "expected"), CASES)
def test_warnings_appear_exactly_when_they_should(form, expected):
    assert codes(form) == expected


@pytest.mark.parametrize(("form", "expected"), CASES)
def test_warnings_never_mention_an_authorization_code(form, expected):
    """A code is six digits; ad account ids are longer, dates shorter, so any 6-digit run would be a code."""
    for warning in warnings_for(form):
        assert not re.search(r"(?<!\d)\d{6}(?!\d)", warning.text), warning.text


def test_warnings_need_no_authorization_code():
    """The only inputs are the form's fields, and none of them holds a code: only when it expires."""
    names = [f.name for f in fields(IntakeForm)] + [f.name for f in fields(AdAccountCode)]

    assert not [name for name in names if "code" in name]


# -- what they say -----------------------------------------------------------------------------------------


def text_of(form: IntakeForm, code: W) -> str:
    return next(warning.text for warning in warnings_for(form) if warning.code is code)


def test_the_code_warning_names_the_account_and_both_days():
    form = intake(SPARK, ad_accounts=(expires(date(2026, 11, 27)),))

    text = text_of(form, W.CODE_EXPIRES_IN_FLIGHT)

    assert text.startswith(f"The code for {ACCOUNT} expires Fri 27 Nov, before the flight ends Sun 29 Nov.")


@pytest.mark.parametrize("typed", ["483920", "#xK2pL9+vQ==", "7012"])
def test_the_code_warning_never_repeats_what_was_typed_unless_it_is_an_ad_account_id(typed):
    form = intake(SPARK, ad_accounts=(expires(date(2026, 11, 27), typed),))

    text = text_of(form, W.CODE_EXPIRES_IN_FLIGHT)

    assert text.startswith("The code for this ad account expires Fri 27 Nov")
    assert typed not in text


def test_the_thin_budget_warning_gives_the_spend_per_group():
    text = text_of(intake(SPARK, budget="50", ad_groups=3), W.BUDGET_SPREAD_THIN)

    assert text.startswith("$50 a day over 3 ad groups is $16.67 per group, under the $20 ")


def test_the_short_flight_warning_recommends_the_policys_lengths():
    text = text_of(intake(days=4), W.SHORT_FLIGHT)

    assert text.startswith("A 4-day flight is too short: both tools need 5–7 days")


def test_the_misaligned_warning_names_the_objective():
    assert "the objective is Video views" in text_of(
        intake(SPARK, CONVERSIONS, objective="Video views"), W.MISALIGNED_OBJECTIVE
    )


# -- the thresholds are the agency's settings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "form", "expected"),
    [
        pytest.param(IntakePolicy(min_flight_days=7), intake(days=6), [W.SHORT_FLIGHT], id="longer-minimum-flight"),
        pytest.param(IntakePolicy(min_flight_days=3), intake(days=4), [], id="shorter-minimum-flight"),
        pytest.param(
            IntakePolicy(ad_group_min_daily={"USD": Decimal(10)}),
            intake(SPARK, budget="50", ad_groups=3),
            [],
            id="lower-ad-group-minimum",
        ),
        pytest.param(
            IntakePolicy(ad_group_min_daily={"USD": Decimal(50)}),
            intake(SPARK, budget="90", ad_groups=2),
            [W.BUDGET_SPREAD_THIN],
            id="higher-ad-group-minimum",
        ),
    ],
)
def test_thresholds_follow_the_policy(policy, form, expected):
    assert codes(form, policy) == expected
