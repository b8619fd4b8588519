"""The intake's answers as plain data, read from a modal's `view.state.values`.

Reading is lenient (a half-filled modal still yields a form, so the decision can update live);
bot/intake/validation.py is strict about the same form.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from bot.core.decision import Answers, Budget
from bot.core.intake import (
    FIRST_DAY,
    LAST_DAY,
    AdAccountCode,
    IntakeForm,
    whole_number,
)
from bot.core.vocabulary import VALID_FOR_DAYS, AccountType, BudgetType, Check, Market, Ownership, Tool, Traction
from bot.intake.ids import AccountField, IntakeId, objective_block
from bot.intake.links import handle_in_link
from bot.slack.text import USER_ID

MAX_BUDGET = Decimal("100000000")
ADD_CODE = "Add another post or ad account"
REMOVE_CODE = "Remove the last Spark ad"
DISCLOSURE_ON = "on"


def _state(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id)
    if not isinstance(block, dict):
        return {}
    state = block.get(block_id)
    if state is None and len(block) == 1:
        # The input was given a new action id (ids.renewed) so Slack would show a new initial value.
        state = next(iter(block.values()))
    return state if isinstance(state, dict) else {}


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _text(values: dict[str, Any], block_id: str) -> str:
    return (_string(_state(values, block_id).get("value")) or "").strip()


def _value_of(option: Any) -> str | None:
    return _string(option.get("value")) if isinstance(option, dict) else None


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    return _value_of(_state(values, block_id).get("selected_option"))


def _selected_all(values: dict[str, Any], block_id: str) -> list[str]:
    options = _state(values, block_id).get("selected_options")
    return [value for value in map(_value_of, options if isinstance(options, list) else []) if value is not None]


def _any_date(values: dict[str, Any], block_id: str) -> date | None:
    raw = _string(_state(values, block_id).get("selected_date"))
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _date(values: dict[str, Any], block_id: str) -> date | None:
    day = _any_date(values, block_id)
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def _out_of_range(values: dict[str, Any], block_ids: list[str]) -> frozenset[str]:
    return frozenset(b for b in block_ids if _any_date(values, b) is not None and _date(values, b) is None)


def _not_offered(values: dict[str, Any], account_count: int) -> frozenset[str]:
    """The blocks whose picked value is none of the modal's options for them (a forged request)."""
    offered = {
        IntakeId.OWNERSHIP: set(Ownership),
        IntakeId.BUDGET_TYPE: set(BudgetType),
        IntakeId.MARKET: set(Market),
        IntakeId.ACCOUNT_TYPE: set(AccountType),
        IntakeId.TRACTION: set(Traction),
    }
    wrong = {
        block for block, choices in offered.items() if (_selected(values, block) or next(iter(choices))) not in choices
    }
    if any(raw not in set(Check) for raw in _selected_all(values, IntakeId.CHECKS)):
        wrong.add(IntakeId.CHECKS)
    if any(raw != DISCLOSURE_ON for raw in _selected_all(values, IntakeId.DISCLOSURE)):
        wrong.add(IntakeId.DISCLOSURE)
    for index in range(account_count):
        block = AccountField.VALID_FOR.at(index)
        if (raw := _selected(values, block)) is not None and whole_number(raw) not in VALID_FOR_DAYS:
            wrong.add(block)
    owner = _string(_state(values, IntakeId.OWNER).get("selected_user"))
    if owner is not None and not USER_ID.match(owner):
        wrong.add(IntakeId.OWNER)
    return frozenset(wrong)


def _enum(kind, raw: str | None):
    try:
        return kind(raw) if raw is not None else None
    except ValueError:
        return None


CENT = Decimal("0.01")


def parse_amount(raw: str) -> Decimal | None:
    """The number typed, as typed (validation refuses what can't be stored); None if it isn't one."""
    cleaned = raw.replace(",", "").replace(" ", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def in_cents(amount: Decimal) -> Decimal | None:
    """The amount as it is stored (cents, Numeric(14, 2)); None when there is no budget to store."""
    if not CENT <= amount < MAX_BUDGET:
        return None
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def read_form(values: dict[str, Any], account_count: int) -> IntakeForm:
    if not isinstance(values, dict):
        values = {}
    checks = frozenset(c for c in (_enum(Check, raw) for raw in _selected_all(values, IntakeId.CHECKS)) if c)
    budget_text = _text(values, IntakeId.BUDGET_AMOUNT)
    typed = parse_amount(budget_text) if budget_text else None
    amount = in_cents(typed) if typed is not None else None
    currency = _selected(values, IntakeId.CURRENCY)
    budget_type = _enum(BudgetType, _selected(values, IntakeId.BUDGET_TYPE)) or BudgetType.DAILY
    budget = Budget(amount, currency, budget_type) if amount is not None and currency else None
    answers = Answers(
        ownership=_enum(Ownership, _selected(values, IntakeId.OWNERSHIP)),
        checks=checks,
        budget=budget,
        start=_date(values, IntakeId.FLIGHT_START),
        end=_date(values, IntakeId.FLIGHT_END),
    )
    objective = _selected(values, objective_block(Tool.SPARK)) or _selected(values, objective_block(Tool.PROMOTE))
    ad_groups_text = _text(values, IntakeId.AD_GROUPS)
    owner = _string(_state(values, IntakeId.OWNER).get("selected_user"))
    dates = [IntakeId.FLIGHT_START, IntakeId.FLIGHT_END]
    dates += [field.at(i) for i in range(account_count) for field in (AccountField.ISSUED_ON, AccountField.EXPIRES_ON)]
    return IntakeForm(
        answers=answers,
        client=_text(values, IntakeId.CLIENT),
        creator_handle=_text(values, IntakeId.CREATOR),
        post_url=_text(values, IntakeId.POST_URL),
        objective=objective,
        market=_enum(Market, _selected(values, IntakeId.MARKET)),
        account_type=_enum(AccountType, _selected(values, IntakeId.ACCOUNT_TYPE)),
        # Only a user id: it becomes a live mention in every message about the flight.
        owner_id=owner if owner is not None and USER_ID.match(owner) else None,
        traction=_enum(Traction, _selected(values, IntakeId.TRACTION)),
        ad_groups=groups if (groups := whole_number(ad_groups_text)) is not None and 0 < groups < 1000 else None,
        disclosure_on=bool(_selected_all(values, IntakeId.DISCLOSURE)),
        ad_accounts=tuple(
            account for index in range(account_count) if (account := _read_account(values, index)) is not None
        ),
        budget_text=budget_text,
        budget_currency=currency,
        budget_type=budget_type,
        ad_groups_text=ad_groups_text,
        out_of_range=_out_of_range(values, dates),
        not_offered=_not_offered(values, account_count),
    )


def _read_account(values: dict[str, Any], index: int) -> AdAccountCode | None:
    """One ad account's inputs, or None when the modal doesn't show them (yet)."""
    if not any(field.at(index) in values for field in AccountField):
        return None
    valid = _selected(values, AccountField.VALID_FOR.at(index))
    return AdAccountCode(
        ad_account_id=_text(values, AccountField.AD_ACCOUNT.at(index)),
        issued_on=_date(values, AccountField.ISSUED_ON.at(index)),
        # Only the durations the modal offers: a forged one could overflow the date arithmetic.
        valid_days=days if (days := whole_number(valid)) in VALID_FOR_DAYS else None,
        expires_on=_date(values, AccountField.EXPIRES_ON.at(index)),
        post_url=_text(values, AccountField.POST.at(index)),
    )


def with_handle_from_link(form: IntakeForm) -> IntakeForm:
    """A handle left empty is the one in the post link: nothing is asked that can be derived."""
    if form.creator_handle:
        return form
    return replace(form, creator_handle=handle_in_link(form.post_url) or "")
