"""Reading the figures a person types, and what can't be true of them against what is merely odd.

Counts are read as typed or copied from the creator's app ("12,400", "12.4K"). `check` sorts what it
finds into errors, which block the save because the figures can't all be true, and warnings, which
a person may confirm by saving again; `warned_on` names each warning with the figures that raised it,
so that confirming one odd value doesn't wave through another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal

from bot.core.money import DEFAULT_LOCALE, format_money, format_multiple
from bot.core.results import PromoteResult, Result

# --- Reading figures typed by a person -------------------------------------------------------------

_SUFFIXES = {"K": 1_000, "M": 1_000_000}


def parse_count(raw: str) -> int | None:
    """A count as typed or copied: "12,400", "12 400", "12.4K", "1.2M"; blank is None.

    The creator's app abbreviates large figures, so "12.4K" is accepted. Raises ValueError, in
    plain words, for anything that isn't a whole non-negative number.
    """
    text = raw.strip().replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if not text:
        return None
    multiplier = _SUFFIXES.get(text[-1].upper(), 1)
    if multiplier != 1:
        text = text[:-1]
    try:
        value = Decimal(text) * multiplier
    except ArithmeticError:
        raise ValueError("Enter a whole number, like 12400 or 12.4K.") from None
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        raise ValueError("Enter a whole number, like 12400 or 12.4K.")
    return int(value)


# --- Validation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """Per-field messages: errors block the save (the figures can't all be true), warnings don't."""

    errors: Mapping[str, str]
    warnings: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


OVERSPEND_WARNING = Decimal("1.2")


def check(
    result: Result,
    planned: Decimal | None = None,
    overspend: Decimal = OVERSPEND_WARNING,
    *,
    currency: str | None = None,
    locale: str = DEFAULT_LOCALE,
) -> Check:
    """What can't be true of these figures, and what is merely odd (`currency` names the money in words).

    Impossible: a negative figure; on either tool, anything the boost brought that outnumbers the
    times it was shown (every view, visit, click or follow from a boost starts with the post being
    shown); on Spark, more video views or clicks than impressions, or a conversion value without
    conversions. Odd only: more follows than profile visits (people follow from the video itself),
    more conversions than clicks (view-through attribution counts conversions without a click), and
    a spend above `overspend` × the planned budget.
    """
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for f in fields(result):
        value = getattr(result, f.name)
        if isinstance(value, Decimal) and not value.is_finite():
            errors[f.name] = "Enter an amount, like 120.50."
        elif value is not None and value < 0:
            errors[f.name] = "Can't be negative."

    def above(name: str, base_name: str, message: str, into: dict[str, str]) -> None:
        value, base = getattr(result, name), getattr(result, base_name)
        if value is not None and base is not None and value > base and name not in errors:
            into.setdefault(name, message)

    if isinstance(result, PromoteResult):
        for name, what in (("website_clicks", "clicks"), ("profile_visits", "visits"), ("new_followers", "followers")):
            above(name, "views", f"More {what} than views: every one of them starts with a view.", errors)
        above(
            "new_followers",
            "profile_visits",
            "More followers than visits: possible (people follow from the video), but check they aren't swapped.",
            warnings,
        )
    else:
        for name, what in (
            ("video_views", "video views"),
            ("clicks", "clicks"),
            ("profile_visits", "profile visits"),
            ("follows", "follows"),
        ):
            above(name, "impressions", f"More {what} than impressions: the ad has to be shown first.", errors)
        above(
            "follows",
            "profile_visits",
            "More follows than profile visits: possible (people follow from the video), but check they aren't swapped.",
            warnings,
        )
        above(
            "conversions",
            "clicks",
            "More conversions than clicks: fine with view-through attribution; otherwise check the column.",
            warnings,
        )
        if result.conversion_value and result.conversion_value > 0 and result.conversions == 0:
            errors.setdefault("conversion_value", "A conversion value needs at least one conversion.")

    if planned is not None and planned > 0 and "spent" not in errors and result.spent > planned * overspend:
        times = format_multiple(result.spent / planned, locale)
        if currency is None:
            warnings["spent"] = f"Spend is {times} the planned budget: check the amount and the flight."
        else:
            spent, budget = format_money(result.spent, currency, locale), format_money(planned, currency, locale)
            warnings["spent"] = (
                f"Spend of {spent} is {times} the planned {budget} budget: check the amount and the flight."
            )
    return Check(errors=errors, warnings=warnings)


# The figures each odd-figure warning of `check` is raised on.
_WARNED_ON: Mapping[str, tuple[str, ...]] = {
    "spent": ("spent",),
    "new_followers": ("new_followers", "profile_visits"),
    "follows": ("follows", "profile_visits"),
    "conversions": ("conversions", "clicks"),
}


def warned_on(result: Result, warnings: Iterable[str]) -> frozenset[str]:
    """Each warning named with the figures that raised it ("spent=1600", "follows=12/10"): what a person
    confirms by saving odd figures anyway. Another odd value of those figures is another warning."""

    def plain(value: object) -> str:
        return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)

    return frozenset(
        f"{name}={'/'.join(plain(getattr(result, f)) for f in _WARNED_ON.get(name, (name,)))}" for name in warnings
    )
