"""The intake's answers as plain data: what the modal says, once read, and the rules on its values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.core.decision import Answers
from bot.core.vocabulary import DEFAULT_VALID_FOR_DAYS, AccountType, BudgetType, Market, Traction


@dataclass(frozen=True)
class AdAccountCode:
    """One Spark authorization: a post, an ad account and when its code stops working.

    Only the expiry is kept. The code itself is a temporary password and is never asked for.
    `post_url` empty means the intake's post.
    """

    ad_account_id: str = ""
    issued_on: date | None = None
    valid_days: int | None = DEFAULT_VALID_FOR_DAYS
    expires_on: date | None = None
    post_url: str = ""

    @property
    def expiry_date(self) -> date | None:
        return code_expiry(self.issued_on, self.valid_days, self.expires_on)


def code_expiry(issued_on: date | None, valid_days: int | None, expires_on: date | None) -> date | None:
    """The day a Spark code stops working: the day picked, else its issue day plus its validity.

    The intake and a renewal ask the same three things; None when neither answer is there yet.
    """
    if expires_on is not None:
        return expires_on
    if issued_on is not None and valid_days:
        return issued_on + timedelta(days=valid_days)
    return None


@dataclass(frozen=True)
class IntakeForm:
    answers: Answers = field(default_factory=Answers)
    client: str = ""
    creator_handle: str = ""
    post_url: str = ""
    objective: str | None = None
    market: Market | None = None
    account_type: AccountType | None = None
    owner_id: str | None = None
    traction: Traction | None = None
    ad_groups: int | None = None
    disclosure_on: bool = False
    ad_accounts: tuple[AdAccountCode, ...] = ()
    budget_text: str = ""
    budget_currency: str | None = None
    budget_type: BudgetType = BudgetType.DAILY
    ad_groups_text: str = ""
    # Blocks whose date lies outside FIRST_DAY–LAST_DAY (read as no date), or whose picked value isn't
    # one the modal offers (read as nothing picked): the request says so, validation tells the person.
    out_of_range: frozenset[str] = frozenset()
    not_offered: frozenset[str] = frozenset()


# TikTok ad account (advertiser) IDs are long numbers, 16 to 19 digits in practice. A Spark code is 6
# digits (or, in newer apps, a string starting with #): a short number here is a pasted code, not an ID.
MIN_AD_ACCOUNT_DIGITS = 16


_AD_ACCOUNT = re.compile(rf"^[0-9]{{{MIN_AD_ACCOUNT_DIGITS},20}}\Z")


def is_ad_account_id(value: str) -> bool:
    return bool(_AD_ACCOUNT.match(value))


# What any modal's answers must be, whichever modal asks.
# The days a date picker may hold: past them, date arithmetic overflows (year 9999 + 30 days) and no
# flight or code is that old or that far ahead anyway.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


OUT_OF_RANGE = "Pick a day between 2000 and 2100: that one is too far off to be a flight's."


NOT_OFFERED = "That isn't one of the choices offered: pick one from the list."


def whole_number(raw: object, max_digits: int | None = None) -> int | None:
    """A whole number written in ASCII digits, at most `max_digits` of them, or None.

    ("²".isdigit() is true, but int("²") fails; int() also takes " 7", "+7" and "7_000", which are not digits.)
    """
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()):
        return None
    if max_digits is not None and len(raw) > max_digits:
        return None
    return int(raw)


# A stored row's id is a signed 64-bit integer: every number of 18 digits fits, some of 19 do not.
ID_DIGITS = 18


def record_id(raw: object, max_digits: int = ID_DIGITS) -> int | None:
    """The id a button's value, a picked option or a modal's metadata names, or None if it names none.

    The value is only a claim about a row: the caller still looks it up in the person's workspace.
    """
    return whole_number(raw, max_digits)
