"""Money in the flight's currency, counts and percentages: one style wherever a figure shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.money import (
    format_count,
    format_money,
    format_multiple,
    format_percent,
    format_points,
    minor_unit,
    round_money,
)

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("4.2", "USD", "en_US", "$4.20"),
        ("4.2", "EUR", "en_US", "€4.20"),
        ("4.2", "GBP", "en_US", "£4.20"),
        ("4.2", "AED", "en_US", f"AED{NBSP}4.20"),
        ("4.2", "SAR", "en_US", f"SAR{NBSP}4.20"),
        ("420", "JPY", "en_US", "¥420"),
        ("4.5", "JPY", "en_US", "¥5"),
        ("1234.5", "USD", "en_US", "$1,234.50"),
        ("0.005", "USD", "en_US", "$0.01"),
        ("0.004", "USD", "en_US", "under $0.01"),
        ("0.4", "JPY", "en_US", "under ¥1"),
        ("0", "USD", "en_US", "$0.00"),
        ("4.2", "usd", "en_US", "$4.20"),
        ("4.2", "EUR", "fr_FR", f"4,20{NBSP}€"),
        ("1.2345", "KWD", "en_US", f"KWD{NBSP}1.235"),
    ],
)
def test_money_in_the_flights_currency(amount: str, currency: str, locale: str, expected: str) -> None:
    assert format_money(Decimal(amount), currency, locale) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1000", "USD", "en_US", "$1,000"),
        ("1000.00", "USD", "en_US", "$1,000"),
        ("1000.5", "USD", "en_US", "$1,000.50"),
        ("16.666", "USD", "en_US", "$16.67"),
        ("999.999", "USD", "en_US", "$1,000"),
        ("850", "GBP", "en_US", "£850"),
        ("1000", "AED", "en_US", f"AED{NBSP}1,000"),
        ("-5", "AED", "en_US", f"-AED{NBSP}5"),
        ("1000", "EUR", "fr_FR", f"1{NARROW_NBSP}000{NBSP}€"),
        ("0.004", "USD", "en_US", "under $0.01"),
    ],
)
def test_a_round_figure_may_leave_its_zero_cents_out(amount: str, currency: str, locale: str, expected: str) -> None:
    assert format_money(Decimal(amount), currency, locale, whole=True) == expected


@pytest.mark.parametrize(("currency", "unit"), [("USD", "0.01"), ("JPY", "1"), ("KWD", "0.001")])
def test_minor_unit(currency: str, unit: str) -> None:
    assert minor_unit(currency) == Decimal(unit)


@pytest.mark.parametrize(
    ("count", "locale", "expected"),
    [(0, "en_US", "0"), (999, "en_US", "999"), (12400, "en_US", "12,400"), (1234567, "en_US", "1,234,567")],
)
def test_counts(count: int, locale: str, expected: str) -> None:
    assert format_count(count, locale) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (0.031, "3.1 %"),
        (0.061, "6.1 %"),
        (0, "0.0 %"),
        (1, "100.0 %"),
        (1.2, "120.0 %"),
        (0.0005, "0.1 %"),
        (0.0004, "under 0.1 %"),
        (Decimal("0.0305"), "3.1 %"),
        (12.5, "1,250.0 %"),
    ],
)
def test_percentages(ratio: float | Decimal, expected: str) -> None:
    assert format_percent(ratio) == expected


def test_percent_follows_the_locale() -> None:
    assert format_percent(0.031, "fr_FR") == "3,1 %"


@pytest.mark.parametrize(("difference", "expected"), [(0.004, "0.4 points"), (0.01, "1.0 points"), (0, "0.0 points")])
def test_points(difference: float, expected: str) -> None:
    assert format_points(difference) == expected


@pytest.mark.parametrize(("ratio", "expected"), [(3.24, "3.2×"), (0, "0.0×"), (0.25, "0.3×")])
def test_multiples(ratio: float, expected: str) -> None:
    assert format_multiple(ratio) == expected


amounts = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False)


@given(amounts, st.sampled_from(["USD", "EUR", "GBP", "AED", "SAR", "JPY"]))
def test_rounding_is_within_half_a_minor_unit(amount: Decimal, currency: str) -> None:
    assert abs(round_money(amount, currency) - amount) <= minor_unit(currency) / 2


@given(amounts, st.sampled_from(["USD", "EUR", "GBP", "JPY"]))
def test_a_positive_amount_never_reads_as_zero(amount: Decimal, currency: str) -> None:
    text = format_money(amount, currency)
    digits = "".join(ch for ch in text if ch.isdigit())
    assert amount == 0 or text.startswith("under ") or set(digits) != {"0"}
