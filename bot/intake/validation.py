"""The intake's inline errors: `validate` is strict about the form bot/intake/form.py read leniently,
and keys each error by the block that needs fixing, as `response_action: errors` wants.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.calendar import day_label
from bot.core.intake import MIN_AD_ACCOUNT_DIGITS, NOT_OFFERED, OUT_OF_RANGE, IntakeForm, is_ad_account_id
from bot.core.policy import IntakePolicy
from bot.core.vocabulary import Tool
from bot.intake.form import CENT, MAX_BUDGET, REMOVE_CODE, parse_amount
from bot.intake.ids import AccountField, IntakeId, objective_block
from bot.intake.links import handle_in_link, is_tiktok_post_url, normalise_handle, tiktok_post_url
from bot.slack.text import readable

UNREADABLE_TEXT = "This has a character Slack can't show (it happens when copying): retype it."

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
