"""The intake's answers as plain data, read from a modal's `view.state.values`.

Reading is lenient (a half-filled modal still yields a form, so the decision can update live);
`validate` is strict and returns inline errors keyed by block_id, as `response_action: errors` wants.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from bot.core.calendar import day_label
from bot.core.decision import Answers, Budget
from bot.core.intake import (
    FIRST_DAY,
    LAST_DAY,
    MIN_AD_ACCOUNT_DIGITS,
    NOT_OFFERED,
    OUT_OF_RANGE,
    AdAccountCode,
    IntakeForm,
    is_ad_account_id,
    whole_number,
)
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import VALID_FOR_DAYS, AccountType, BudgetType, Check, Market, Ownership, Tool, Traction
from bot.intake.ids import AccountField, IntakeId, objective_block
from bot.intake.links import handle_in_link, is_tiktok_post_url, normalise_handle, tiktok_post_url
from bot.slack.text import USER_ID, readable

MAX_BUDGET = Decimal("100000000")
UNREADABLE_TEXT = "This has a character Slack can't show (it happens when copying): retype it."
ADD_CODE = "Add another post or ad account"
REMOVE_CODE = "Remove the last Spark ad"
DISCLOSURE_ON = "on"


# -- reading ----------------------------------------------------------------------------------------------


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


# -- validating -------------------------------------------------------------------------------------------

# The longest text each free-text input takes. The modal says so too (max_length), but a request
# can come from anywhere signed with our secret, so validation checks again; storage columns hold these.
MAX_LENGTHS = {
    IntakeId.CLIENT: 100,
    IntakeId.CREATOR: 25,
    IntakeId.POST_URL: 500,
    AccountField.POST: 500,
    AccountField.AD_ACCOUNT: 20,
}

_HANDLE = re.compile(r"^@?(?=.{2,24}$)[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$")
AD_ACCOUNT_SHAPE = "Ad account IDs are 16–20 digits, like 7012345678901234567 (Ads Manager → account menu)."
PASTED_CODE = (
    "That looks like the authorization code — never paste it here. "
    "Enter the ad account ID (Ads Manager → account menu)."
)


def looks_like_a_code(value: str) -> bool:
    """Too short for an ad account ID, in the shape of a Spark authorization code (or a # code)."""
    digits = re.sub(r"[\s-]", "", value)
    short_number = digits.isascii() and digits.isdigit() and len(digits) < MIN_AD_ACCOUNT_DIGITS
    return value.startswith("#") or short_number


def with_handle_from_link(form: IntakeForm) -> IntakeForm:
    """A handle left empty is the one in the post link: nothing is asked that can be derived."""
    if form.creator_handle:
        return form
    return replace(form, creator_handle=handle_in_link(form.post_url) or "")


def _too_long(block_id: str, value: str, limit: int, what: str) -> dict[str, str]:
    if len(value) > limit:
        return {block_id: f"{what} can be at most {limit} characters; this one has {len(value)}."}
    return {}


def _post_link_errors(block_id: str, link: str) -> dict[str, str]:
    if len(link) > MAX_LENGTHS[IntakeId.POST_URL]:
        return _too_long(block_id, link, MAX_LENGTHS[IntakeId.POST_URL], "The link")
    if not is_tiktok_post_url(link):
        return {
            block_id: "That isn't a TikTok post link. Paste one like https://www.tiktok.com/@creator/video/7301234567890123456"
        }
    return {}


def validate(form: IntakeForm, tool: Tool | None, *, today: date, policy: IntakePolicy | None = None) -> dict[str, str]:
    """Inline errors for a submission, keyed by the block that needs fixing. Empty when valid.

    With the policy, the currency and the objective must also be ones the modal offered."""
    errors = _field_errors(form, tool, today=today)
    if policy is not None:
        errors.update(_policy_errors(form, tool, policy))
    # Last, so they replace a generic "pick a day" on the same field with the reason.
    errors.update(dict.fromkeys(form.out_of_range, OUT_OF_RANGE))
    errors.update(dict.fromkeys(form.not_offered, NOT_OFFERED))
    errors.update(dict.fromkeys(_unreadable_texts(form), UNREADABLE_TEXT))
    return errors


def _policy_errors(form: IntakeForm, tool: Tool | None, policy: IntakePolicy) -> dict[str, str]:
    errors = {}
    if form.budget_currency is not None and form.budget_currency not in policy.currencies:
        errors[IntakeId.CURRENCY] = NOT_OFFERED
    if tool is not None and form.objective:
        objectives = policy.spark_objectives if tool is Tool.SPARK else policy.promote_objectives
        if form.objective not in objectives:
            errors[objective_block(tool)] = NOT_OFFERED
    return errors


def _unreadable_texts(form: IntakeForm) -> list[str]:
    texts = {IntakeId.CLIENT: form.client, IntakeId.CREATOR: form.creator_handle, IntakeId.POST_URL: form.post_url}
    for index, account in enumerate(form.ad_accounts):
        texts[AccountField.AD_ACCOUNT.at(index)] = account.ad_account_id
        texts[AccountField.POST.at(index)] = account.post_url
    texts[IntakeId.BUDGET_AMOUNT] = form.budget_text
    texts[IntakeId.AD_GROUPS] = form.ad_groups_text
    return [block for block, text in texts.items() if not readable(text)]


def _field_errors(form: IntakeForm, tool: Tool | None, *, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    answers = form.answers
    if answers.ownership is None:
        errors[IntakeId.OWNERSHIP] = "Pick who owns the conversion data: it decides the tool."
    if not form.client:
        errors[IntakeId.CLIENT] = "Enter the client or brand."
    errors.update(_too_long(IntakeId.CLIENT, form.client, MAX_LENGTHS[IntakeId.CLIENT], "The client or brand"))
    if not form.creator_handle:
        errors[IntakeId.CREATOR] = "Enter the creator's TikTok handle, like @maria.cooks."
    elif not _HANDLE.match(form.creator_handle):
        errors[IntakeId.CREATOR] = (
            "That isn't a TikTok handle: 2–24 letters, numbers, underscores or dots, like @maria.cooks."
        )
    elif (linked := handle_in_link(form.post_url)) and linked.lower() != normalise_handle(form.creator_handle).lower():
        # An error, not a warning: reminders and the App Home show the handle beside the link, so a
        # wrong pair misleads the whole flight, and it is nearly always a typo or the wrong link pasted.
        errors[IntakeId.CREATOR] = (
            f"The post link is {linked}'s post, not {normalise_handle(form.creator_handle)}'s. "
            "Fix the handle or the link (leave the handle empty to take the link's)."
        )
    if not form.post_url:
        errors[IntakeId.POST_URL] = "Paste the link to the TikTok post."
    else:
        errors.update(_post_link_errors(IntakeId.POST_URL, form.post_url))
    if tool is not None and not form.objective:
        errors[objective_block(tool)] = "Pick an objective."
    if form.market is None:
        errors[IntakeId.MARKET] = "Pick the market."
    if form.account_type is None:
        errors[IntakeId.ACCOUNT_TYPE] = "Pick the creator's account type."
    if form.traction is None:
        errors[IntakeId.TRACTION] = "Say whether the post has organic traction yet."
    if not form.owner_id:
        errors[IntakeId.OWNER] = "Pick who owns this flight."
    errors.update(_budget_errors(form))
    errors.update(_flight_errors(form))
    if tool is Tool.SPARK:
        errors.update(_spark_errors(form, today))
    return errors


def _budget_errors(form: IntakeForm) -> dict[str, str]:
    if not form.budget_text:
        return {IntakeId.BUDGET_AMOUNT: "Enter the budget, like 500."}
    amount = parse_amount(form.budget_text)
    if amount is None:
        return {IntakeId.BUDGET_AMOUNT: "The budget must be a number, like 500 or 1250.50."}
    if amount <= 0:
        return {IntakeId.BUDGET_AMOUNT: "The budget must be more than zero."}
    if amount < CENT:
        return {IntakeId.BUDGET_AMOUNT: "The smallest budget is 0.01: check the number."}
    if amount >= MAX_BUDGET:
        return {IntakeId.BUDGET_AMOUNT: "That budget is too large: check the number."}
    if form.answers.budget is None:
        return {IntakeId.CURRENCY: "Pick the currency."}
    return {}


def _flight_errors(form: IntakeForm) -> dict[str, str]:
    start, end = form.answers.start, form.answers.end
    errors = {}
    if start is None:
        errors[IntakeId.FLIGHT_START] = "Pick the day the flight starts."
    if end is None:
        errors[IntakeId.FLIGHT_END] = "Pick the day the flight ends."
    if start and end and end < start:
        errors[IntakeId.FLIGHT_END] = "The flight ends before it starts: pick an end date on or after the start."
    return errors


def _spark_errors(form: IntakeForm, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if form.ad_groups_text and form.ad_groups is None:
        errors[IntakeId.AD_GROUPS] = "Enter how many ad groups share the budget, as a whole number like 1."
    seen: set[tuple[str, str]] = set()
    for index, account in enumerate(form.ad_accounts):
        account_block = AccountField.AD_ACCOUNT.at(index)
        if account.post_url:
            errors.update(_post_link_errors(AccountField.POST.at(index), account.post_url))
        # One code covers one post for one ad account: the same pair twice is a mistake.
        post = tiktok_post_url(account.post_url or form.post_url) or account.post_url
        if not account.ad_account_id:
            last_extra = 0 < index == len(form.ad_accounts) - 1
            errors[account_block] = (
                f"Enter the ad account ID, or press “{REMOVE_CODE}”." if last_extra else "Enter the ad account ID."
            )
        elif looks_like_a_code(account.ad_account_id):
            errors[account_block] = PASTED_CODE
        elif not is_ad_account_id(account.ad_account_id):
            errors[account_block] = AD_ACCOUNT_SHAPE
        elif (post, account.ad_account_id) in seen:
            errors[account_block] = "This ad account is already listed for this post."
        seen.add((post, account.ad_account_id))
        issued_block, expires_block = AccountField.ISSUED_ON.at(index), AccountField.EXPIRES_ON.at(index)
        expiry = account.expiry_date
        if account.expires_on is None and account.issued_on is None:
            errors[issued_block] = "Pick the day the creator issued the code."
        elif expiry is None:
            errors[AccountField.VALID_FOR.at(index)] = "Pick how long the code is valid, or the day it expires."
        elif account.expires_on and account.issued_on and account.expires_on < account.issued_on:
            errors[expires_block] = "The code can't expire before it was issued."
        elif expiry <= today:
            # On the field the expiry came from: the date picked, or the issue date its validity counts from.
            if account.expires_on is not None:
                errors[expires_block] = f"This code expired {day_label(expiry)}: ask the creator for a new one."
            else:
                errors[issued_block] = (
                    f"{account.valid_days} days from this issue date, the code expired {day_label(expiry)}: "
                    "ask the creator for a new one."
                )
    return errors
