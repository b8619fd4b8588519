"""The decision tree as tables: ownership, the five asked checks, and check 4 derived from budget and dates.

See docs/domain.md, "The ownership question".
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.core.decision import Answers, Budget, Decision, decide
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import BudgetType, Check, Ownership, Tool

# The default policy: Promote caps USD at 1,000 and GBP at 850 a day; its ceiling is 30 days.
POLICY = IntakePolicy()
START = date(2026, 11, 23)

CREATOR, BRAND, AGENCY, SHARED = Ownership.CREATOR, Ownership.BRAND, Ownership.AGENCY, Ownership.SHARED
PROMOTE_REASONS = (
    "the creator owns the data and sees it in their app",
    "every check is no, so Promote is fine and faster",
)
OWNERSHIP_REASONS = {
    BRAND: "the brand owns the conversion data, and that data lives in Ads Manager",
    AGENCY: "the agency owns the conversion data, and that data lives in Ads Manager",
    SHARED: "a shared dashboard needs the data, and that data lives in Ads Manager",
}


def daily(amount: str, currency: str = "USD") -> Budget:
    return Budget(Decimal(amount), currency, BudgetType.DAILY)


def lifetime(amount: str, currency: str = "USD") -> Budget:
    return Budget(Decimal(amount), currency, BudgetType.LIFETIME)


def answers(
    ownership: Ownership | None = None,
    *checks: Check,
    budget: Budget | None = None,
    days: int | None = None,
) -> Answers:
    """Answers with a flight of `days` days, counting the first and the last."""
    end = START + timedelta(days=days - 1) if days else None
    return Answers(ownership, frozenset(checks), budget, START if days else None, end)


def reads_after_because(reason: str) -> bool:
    """Reasons are joined into "<Tool>, because a; b." so each must be a lowercase clause without a full stop."""
    return bool(reason) and not reason[0].isupper() and not reason.endswith(".")


# -- ownership, the first question ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ownership", "tool", "reasons"),
    [
        pytest.param(CREATOR, Tool.PROMOTE, PROMOTE_REASONS, id="creator-promote"),
        pytest.param(BRAND, Tool.SPARK, (OWNERSHIP_REASONS[BRAND],), id="brand-spark"),
        pytest.param(AGENCY, Tool.SPARK, (OWNERSHIP_REASONS[AGENCY],), id="agency-spark"),
        pytest.param(SHARED, Tool.SPARK, (OWNERSHIP_REASONS[SHARED],), id="shared-dashboard-spark"),
    ],
)
def test_ownership_alone_decides_when_every_check_is_no(ownership, tool, reasons):
    decision = decide(answers(ownership), POLICY)

    assert decision == Decision(tool, reasons)
    assert decision.conflict is None


# -- each asked check -------------------------------------------------------------------------------------


@pytest.mark.parametrize("check", list(Check), ids=[c.value for c in Check])
def test_a_check_against_creator_ownership_is_spark_with_the_conflict_stated(check):
    decision = decide(answers(CREATOR, check), POLICY)

    assert decision.tool is Tool.SPARK
    assert decision.reasons == (check.reason,)
    assert decision.conflict.startswith("The creator owns the data, but ")
    assert check.reason in decision.conflict
    assert "Ads Manager" in decision.conflict


@pytest.mark.parametrize("check", list(Check), ids=[c.value for c in Check])
def test_a_check_with_brand_ownership_is_spark_without_conflict(check):
    decision = decide(answers(BRAND, check), POLICY)

    assert decision == Decision(Tool.SPARK, (OWNERSHIP_REASONS[BRAND], check.reason))


def test_several_checks_list_every_reason_in_the_trees_order():
    """The order the boxes were ticked in doesn't matter: reasons follow the tree, derived check 4 last."""
    ticked = answers(
        CREATOR,
        Check.PAID_PARTNERSHIP,
        Check.BUSINESS_SPENDER,
        Check.AUDIENCE_CONTROL,
        budget=daily("2000"),
        days=7,
    )

    decision = decide(ticked, POLICY)

    assert decision.tool is Tool.SPARK
    assert decision.reasons == (
        Check.BUSINESS_SPENDER.reason,
        Check.AUDIENCE_CONTROL.reason,
        Check.PAID_PARTNERSHIP.reason,
        "$2,000 a day is above the Promote cap of $1,000 a day",
    )
    assert all(reason in decision.conflict for reason in decision.reasons)


def test_every_check_at_once_with_agency_ownership_lists_all_six_reasons():
    decision = decide(answers(AGENCY, *Check), POLICY)

    assert decision.reasons == (OWNERSHIP_REASONS[AGENCY], *(check.reason for check in Check))
    assert decision.conflict is None


# -- ownership not answered yet ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "tool", "reasons"),
    [
        pytest.param(answers(), None, (), id="nothing-answered-no-tool-yet"),
        pytest.param(
            answers(None, Check.COMPARATIVE_TEST),
            Tool.SPARK,
            (Check.COMPARATIVE_TEST.reason,),
            id="a-check-already-means-spark",
        ),
        pytest.param(
            answers(None, budget=daily("1500"), days=7),
            Tool.SPARK,
            ("$1,500 a day is above the Promote cap of $1,000 a day",),
            id="derived-check-already-means-spark",
        ),
        pytest.param(answers(None, budget=daily("500"), days=7), None, (), id="small-budget-still-no-tool"),
    ],
)
def test_unanswered_ownership(given, tool, reasons):
    decision = decide(given, POLICY)

    assert (decision.tool, decision.reasons, decision.conflict) == (tool, reasons, None)


# -- check 4, derived from budget and dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "tool", "over_cap", "over_ceiling"),
    [
        pytest.param(answers(CREATOR, budget=daily("1000"), days=7), Tool.PROMOTE, False, False, id="daily-at-cap"),
        pytest.param(
            answers(CREATOR, budget=daily("1000.01"), days=7), Tool.SPARK, True, False, id="daily-one-cent-over"
        ),
        pytest.param(
            answers(CREATOR, budget=daily("5000")), Tool.SPARK, True, False, id="daily-over-cap-needs-no-dates"
        ),
        pytest.param(
            answers(CREATOR, budget=lifetime("6999.93"), days=7),
            Tool.PROMOTE,
            False,
            False,
            id="lifetime-999.99-a-day-over-7-days",
        ),
        # Counting the flight's last day: 7,000 over 7 days is exactly the cap; over 6 days it would be above.
        pytest.param(
            answers(CREATOR, budget=lifetime("7000"), days=7),
            Tool.PROMOTE,
            False,
            False,
            id="lifetime-exactly-at-cap-inclusive-days",
        ),
        pytest.param(
            answers(CREATOR, budget=lifetime("7000.07"), days=7),
            Tool.SPARK,
            True,
            False,
            id="lifetime-1000.01-a-day-over-7-days",
        ),
        pytest.param(
            answers(CREATOR, budget=lifetime("1000"), days=1), Tool.PROMOTE, False, False, id="lifetime-one-day-flight"
        ),
        pytest.param(
            answers(CREATOR, budget=lifetime("1000000")),
            Tool.PROMOTE,
            False,
            False,
            id="lifetime-without-dates-not-derived",
        ),
        pytest.param(
            Answers(CREATOR, budget=lifetime("1000000"), start=START),
            Tool.PROMOTE,
            False,
            False,
            id="lifetime-without-end-not-derived",
        ),
        pytest.param(
            Answers(CREATOR, budget=lifetime("1000000"), start=START, end=START - timedelta(days=1)),
            Tool.PROMOTE,
            False,
            False,
            id="lifetime-end-before-start-not-derived",
        ),
        pytest.param(
            answers(CREATOR, budget=daily("1000000", "JPY"), days=7),
            Tool.PROMOTE,
            False,
            False,
            id="currency-without-a-cap",
        ),
        pytest.param(
            answers(CREATOR, budget=daily("850", "GBP"), days=7), Tool.PROMOTE, False, False, id="gbp-at-its-own-cap"
        ),
        pytest.param(
            answers(CREATOR, budget=daily("850.01", "GBP"), days=7), Tool.SPARK, True, False, id="gbp-over-its-own-cap"
        ),
        pytest.param(answers(CREATOR, days=30), Tool.PROMOTE, False, False, id="flight-at-the-30-day-ceiling"),
        pytest.param(answers(CREATOR, days=31), Tool.SPARK, False, True, id="flight-one-day-past-the-ceiling"),
        pytest.param(
            answers(CREATOR, budget=daily("2000"), days=31), Tool.SPARK, True, True, id="over-cap-and-past-ceiling"
        ),
    ],
)
def test_check_4_is_derived_from_budget_and_flight(given, tool, over_cap, over_ceiling):
    decision = decide(given, POLICY)

    assert decision.tool is tool
    assert (decision.over_budget_cap, decision.over_duration_ceiling) == (over_cap, over_ceiling)
    assert decision.derived_check is (over_cap or over_ceiling)
    assert (decision.conflict is not None) is (tool is Tool.SPARK)


@pytest.mark.parametrize(
    ("given", "reasons"),
    [
        pytest.param(
            answers(CREATOR, budget=daily("1000.01"), days=7),
            ("$1,000.01 a day is above the Promote cap of $1,000 a day",),
            id="daily",
        ),
        pytest.param(
            answers(CREATOR, budget=lifetime("7000.07"), days=7),
            ("$1,000.01 a day is above the Promote cap of $1,000 a day",),
            id="lifetime-shown-per-day",
        ),
        pytest.param(
            answers(CREATOR, days=31),
            ("a 31-day flight runs past Promote's 30-day ceiling",),
            id="ceiling",
        ),
        pytest.param(
            answers(BRAND, budget=daily("900.50", "GBP"), days=45),
            (
                OWNERSHIP_REASONS[BRAND],
                "£900.50 a day is above the Promote cap of £850 a day",
                "a 45-day flight runs past Promote's 30-day ceiling",
            ),
            id="both-after-ownership",
        ),
    ],
)
def test_derived_reasons_say_the_figures(given, reasons):
    assert decide(given, POLICY).reasons == reasons


# -- the caps are the agency's settings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "tool"),
    [
        pytest.param(POLICY, Tool.PROMOTE, id="default-caps-promote"),
        pytest.param(IntakePolicy(promote_daily_caps={"USD": Decimal(250)}), Tool.SPARK, id="lower-daily-cap"),
        pytest.param(IntakePolicy(promote_max_days=7), Tool.SPARK, id="shorter-ceiling"),
        pytest.param(IntakePolicy(promote_daily_caps={"EUR": Decimal(250)}), Tool.PROMOTE, id="usd-not-capped"),
    ],
)
def test_a_custom_policy_changes_the_outcome(policy, tool):
    """300 USD a day for 10 days: Promote under the defaults, Spark once the agency tightens a cap."""
    assert decide(answers(CREATOR, budget=daily("300"), days=10), policy).tool is tool


def test_a_looser_policy_keeps_promote_where_the_default_would_escalate():
    big = answers(CREATOR, budget=daily("1500"), days=40)
    loose = IntakePolicy(promote_daily_caps={"USD": Decimal(2000)}, promote_max_days=60)

    assert decide(big, POLICY).tool is Tool.SPARK
    assert decide(big, loose).tool is Tool.PROMOTE


# -- how it reads -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "summary"),
    [
        pytest.param(answers(), "Answer the first question and the tool shows here.", id="unanswered"),
        pytest.param(
            answers(CREATOR),
            "Promote, because the creator owns the data and sees it in their app; "
            "every check is no, so Promote is fine and faster.",
            id="promote",
        ),
        pytest.param(
            answers(BRAND, Check.SERVER_SIDE_CONVERSIONS),
            "Spark Ads, because the brand owns the conversion data, and that data lives in Ads Manager; "
            "conversions need server-side tracking, which only Ads Manager has.",
            id="spark",
        ),
        pytest.param(
            answers(CREATOR, days=31),
            "Spark Ads, because a 31-day flight runs past Promote's 30-day ceiling.",
            id="spark-by-derivation",
        ),
    ],
)
def test_summary_reads_as_one_sentence(given, summary):
    assert decide(given, POLICY).summary == summary


def test_conflict_reads_as_plain_sentences():
    decision = decide(answers(CREATOR, Check.BUSINESS_SPENDER), POLICY)

    # The conflict first, then what to do.
    assert decision.conflict == (
        "The creator owns the data, but a brand or agency is paying: that needs Spark Ads. "
        "Agree now who reads the results in Ads Manager, or correct the answer that's wrong."
    )


def test_a_conflict_with_several_reasons_lists_them_in_one_sentence():
    decision = decide(answers(CREATOR, Check.BUSINESS_SPENDER, Check.AUDIENCE_CONTROL), POLICY)

    assert decision.conflict.startswith(
        "The creator owns the data, but a brand or agency is paying and the audience needs exclusion or "
        "retargeting: that needs Spark Ads."
    )


@pytest.mark.parametrize(
    "given",
    [
        answers(CREATOR),
        *(answers(owner) for owner in OWNERSHIP_REASONS),
        answers(None, *Check),
        answers(CREATOR, budget=daily("1000.01"), days=31),
    ],
    ids=["promote", "brand", "agency", "shared", "every-check", "derived"],
)
def test_every_reason_reads_as_a_clause_after_because(given):
    decision = decide(given, POLICY)

    assert decision.reasons
    assert all(reads_after_because(reason) for reason in decision.reasons), decision.reasons
