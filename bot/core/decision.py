"""The agency's decision tree (docs/domain.md, "The ownership question"), as a pure function of the intake's answers.

Any check answered yes means Spark Ads; ownership "creator" with every check no means Promote.
Check 4 is never asked: it is derived from the budget and the flight against the agency's caps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bot.core.calendar import days_through
from bot.core.money import format_money
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import BudgetType, Check, Ownership, Tool

_OWNERSHIP_REASONS = {
    Ownership.BRAND: "the brand owns the conversion data, and that data lives in Ads Manager",
    Ownership.AGENCY: "the agency owns the conversion data, and that data lives in Ads Manager",
    Ownership.SHARED: "a shared dashboard needs the data, and that data lives in Ads Manager",
}


@dataclass(frozen=True)
class Budget:
    amount: Decimal
    currency: str
    type: BudgetType

    def daily(self, flight_days: int | None) -> Decimal | None:
        """Spend per day; a lifetime budget is spread over the flight's days."""
        if self.type is BudgetType.DAILY:
            return self.amount
        if not flight_days:
            return None
        return (self.amount / flight_days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def __str__(self) -> str:
        per = "a day" if self.type is BudgetType.DAILY else "for the flight"
        return f"{format_money(self.amount, self.currency, whole=True)} {per}"


def flight_days(start: date | None, end: date | None) -> int | None:
    """Days in a flight, counting both the first and the last day."""
    if start is None or end is None or end < start:
        return None
    return days_through(start, end)


@dataclass(frozen=True)
class Answers:
    ownership: Ownership | None = None
    checks: frozenset[Check] = frozenset()
    budget: Budget | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Decision:
    tool: Tool | None
    reasons: tuple[str, ...] = ()
    conflict: str | None = None
    over_budget_cap: bool = False
    over_duration_ceiling: bool = False

    @property
    def summary(self) -> str:
        """One line a busy reader takes in at a glance."""
        if self.tool is None:
            return "Answer the first question and the tool shows here."
        return f"{self.tool.label}, because {'; '.join(self.reasons)}."

    @property
    def derived_check(self) -> bool:
        return self.over_budget_cap or self.over_duration_ceiling


@dataclass(frozen=True)
class _Scale:
    """Check 4, derived: is the spend or the flight beyond what Promote allows?"""

    reasons: tuple[str, ...]
    over_budget_cap: bool
    over_duration_ceiling: bool


def _derive_scale(answers: Answers, policy: IntakePolicy) -> _Scale:
    reasons: list[str] = []
    days = flight_days(answers.start, answers.end)
    over_cap = over_ceiling = False
    budget = answers.budget
    if budget is not None:
        cap = policy.promote_daily_caps.get(budget.currency)
        daily = budget.daily(days)
        if cap is not None and daily is not None and daily > cap:
            over_cap = True
            reasons.append(
                f"{format_money(daily, budget.currency, whole=True)} a day is above the Promote cap of "
                f"{format_money(cap, budget.currency, whole=True)} a day"
            )
    if days is not None and days > policy.promote_max_days:
        over_ceiling = True
        reasons.append(f"a {days}-day flight runs past Promote's {policy.promote_max_days}-day ceiling")
    return _Scale(tuple(reasons), over_cap, over_ceiling)


def _and(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return "; ".join(items[:-1]) + "; and " + items[-1]


def decide(answers: Answers, policy: IntakePolicy) -> Decision:
    derived = _derive_scale(answers, policy)
    spark_reasons = [check.reason for check in Check if check in answers.checks] + list(derived.reasons)
    scale = {"over_budget_cap": derived.over_budget_cap, "over_duration_ceiling": derived.over_duration_ceiling}

    if answers.ownership is None:
        if spark_reasons:
            return Decision(Tool.SPARK, tuple(spark_reasons), **scale)
        return Decision(None, **scale)

    if answers.ownership is not Ownership.CREATOR:
        return Decision(Tool.SPARK, (_OWNERSHIP_REASONS[answers.ownership], *spark_reasons), **scale)

    if spark_reasons:
        # The conflict first, then what to do about it.
        conflict = (
            f"The creator owns the data, but {_and(spark_reasons)}: that needs Spark Ads. "
            "Agree now who reads the results in Ads Manager, or correct the answer that's wrong."
        )
        return Decision(Tool.SPARK, tuple(spark_reasons), conflict=conflict, **scale)

    return Decision(
        Tool.PROMOTE,
        ("the creator owns the data and sees it in their app", "every check is no, so Promote is fine and faster"),
        **scale,
    )
