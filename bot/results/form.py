"""Reading the results modal: the figures a person typed, or what to say beside each field.

Counts are read by `parse_count` (bot/core/result_check.py: "12,400", "12.4K"); money as the flight's
currency allows (no cents for yen). What can't be true is refused inline (`check`); what is only
odd comes back as warnings: the form asks once whether they're right (a second Save keeps them) and
the results card shows them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bot.core.money import minor_unit
from bot.core.result_check import check, parse_count, warned_on
from bot.core.results import Field, PromoteResult, Result, SparkResult
from bot.results.ids import CONFIRMED_FIELD, field_id
from bot.slack import metadata
from bot.slack.change_views import ChangeOrigin

# Above these a figure is a slip of the keyboard (and past what the columns hold).
MAX_COUNT = 10**12
MAX_MONEY = Decimal(10**11)
# What a plain-text input may hold: enough for "1,234,567,890.50".
MAX_TYPED = 40

_SPACES = (" ", "\u00a0", "\u202f", ",")
# Plain digits with an optional decimal part: no exponents, signs or other scripts' digits.
_AMOUNT = re.compile(r"[0-9]{1,15}(\.[0-9]{1,15})?")


@dataclass(frozen=True)
class Figures:
    result: Result | None
    errors: dict[str, str] = field(default_factory=dict)  # by block id
    warnings: dict[str, str] = field(default_factory=dict)  # by figure name
    # Each warning with the figures that raised it (bot/core/result_check.py's `warned_on`).
    flagged: frozenset[str] = frozenset()


def typed(values: Any, block_id: str) -> str:
    """One input's text, whatever shape the request gave `view.state.values`; "" when absent."""
    block = values.get(block_id) if isinstance(values, dict) else None
    state = block.get(block_id) if isinstance(block, dict) else None
    value = state.get("value") if isinstance(state, dict) else None
    return value if isinstance(value, str) else ""


def parse_money(raw: str, currency: str) -> Decimal | None:
    """ "1,234.50", "$1,234.50", "1234.5" → Decimal; blank is None; ValueError in plain words."""
    text = raw.strip()
    for mark in _SPACES:
        text = text.replace(mark, "")
    text = text.lstrip("$€£¥").removeprefix(currency.upper()).removesuffix(currency.upper()).rstrip("$€£¥")
    if not text:
        return None
    if text.startswith("-"):
        raise ValueError("Can't be negative.")
    if not _AMOUNT.fullmatch(text):
        raise ValueError("Enter an amount, like 120.50.")
    amount = Decimal(text)
    if amount > MAX_MONEY:
        raise ValueError("That's more than any flight spends: check the amount.")
    places = max(0, -minor_unit(currency).as_tuple().exponent)
    decimals = len(text.partition(".")[2].rstrip("0"))
    if decimals > places:
        raise ValueError(f"{currency.upper()} has {places or 'no'} decimal{'' if places == 1 else 's'}.")
    return amount


def read_figures(
    values: Any, fields: tuple[Field, ...], kind: type[Result], currency: str, planned: Decimal | None
) -> Figures:
    """The figures of the fields shown, checked; the modal's errors by block id."""
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for f in fields:
        raw = typed(values, field_id(f.name))
        try:
            if len(raw) > MAX_TYPED:
                raise ValueError("That's too long for a figure.")
            value = parse_money(raw, currency) if f.money else parse_count(raw)
            if isinstance(value, int) and value > MAX_COUNT:
                raise ValueError("That's more than a flight could bring: check the figure.")
        except ValueError as error:
            errors[field_id(f.name)] = str(error)
            continue
        except ArithmeticError:  # a count like "1e999999999K" that Decimal can't even hold
            errors[field_id(f.name)] = "Enter a whole number, like 12400 or 12.4K."
            continue
        if value is None and f.required:
            errors[field_id(f.name)] = "Enter the amount spent: it's what every ratio is measured by."
        parsed[f.name] = value
    if errors:
        return Figures(None, errors)
    result = kind(**parsed)
    checked = check(result, planned, currency=currency)
    return Figures(
        result if checked.ok else None,
        {field_id(name): text for name, text in checked.errors.items()},
        dict(checked.warnings),
        warned_on(result, checked.warnings),
    )


def as_typed(values: Any, fields: tuple[Field, ...]) -> dict[str, str]:
    """What the person typed in each field shown, by figure name: the form shown again keeps it."""
    shown = {f.name: typed(values, field_id(f.name))[:MAX_TYPED] for f in fields}
    return {name: text for name, text in shown.items() if text.strip()}


def confirmed_metadata(origin: ChangeOrigin, flagged: frozenset[str]) -> str:
    """The form's private_metadata once it warned about `flagged`: a second Save with them is a yes."""
    carried = dict(metadata.decode(origin.to_metadata()).fields)
    with_flags = metadata.encode({**carried, CONFIRMED_FIELD: ";".join(sorted(flagged))})
    # Only a forged origin (a channel thousands of characters long) gets here: it's warned again.
    return with_flags if len(with_flags) <= metadata.MAX_METADATA else origin.to_metadata()


def confirmed(raw_metadata: object) -> frozenset[str]:
    """The odd figures the person was shown and saves anyway (none when the metadata says otherwise).

    Anyone can forge this; all it can do is skip a warning that never blocks a save.
    """
    flags = metadata.decode(raw_metadata).text(CONFIRMED_FIELD)
    return frozenset(flag for flag in flags.split(";") if flag)


def initial_values(result: Result | None) -> Mapping[str, str]:
    """The figures already entered, as a person would type them again: for a correction's form."""
    if result is None:
        return {}
    shown: dict[str, str] = {}
    for name in ("spent", *(f for f in result.__dataclass_fields__ if f != "spent")):
        value = getattr(result, name)
        if value is not None:
            shown[name] = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return shown


__all__ = [
    "Figures",
    "PromoteResult",
    "SparkResult",
    "as_typed",
    "initial_values",
    "parse_money",
    "read_figures",
    "typed",
]
