"""Money and numbers the way people read them.

One style everywhere Flightdeck shows a figure:

- money in the flight's own currency, with its symbol and its minor unit ($4.20, €4.20, £4.20,
  ¥420, AED 4.20), rounded half up like the intake rounds a budget; a positive amount too small
  to show reads "under $0.01" rather than a misleading $0.00; a round figure a person typed or an
  agency set (a budget, a cap) may leave its zero cents out ($1,000 a day);
- counts with thousands separators (12,400);
- ratios as percentages with one decimal and a space before the sign (3.1 %); a positive ratio
  too small to show reads "under 0.1 %";
- differences of two percentages in points (0.4 points).

The locale decides separators and symbol placement (fr_FR gives 4,20 €); en_US is the default.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    parse_pattern,
)

DEFAULT_LOCALE = "en_US"
NO_BREAK_SPACE = "\u00a0"


def minor_unit(currency: str) -> Decimal:
    """The smallest amount the currency shows: 0.01 for USD, 1 for JPY, 0.001 for KWD."""
    return Decimal(1).scaleb(-get_currency_precision(currency.upper()))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """The amount rounded half up to the currency's minor unit."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, locale: str = DEFAULT_LOCALE, *, whole: bool = False) -> str:
    """`Decimal("4.2"), "USD"` → "$4.20"; `"JPY"` → "¥4"; `"AED"` → "AED 4.20".

    `whole=True` leaves a whole amount's zero minor digits out: `Decimal(1000)` → "$1,000".
    """
    currency = currency.upper()
    rounded = round_money(amount, currency)
    if rounded == 0 and amount > 0:
        return f"under {_currency(minor_unit(currency), currency, locale)}"
    return _currency(rounded, currency, locale, whole=whole and rounded == rounded.to_integral_value())


def _currency(amount: Decimal, currency: str, locale: str, *, whole: bool = False) -> str:
    if whole:
        pattern = parse_pattern(Locale.parse(locale).currency_formats["standard"])
        pattern.frac_prec = (0, 0)
        text = pattern.apply(amount, Locale.parse(locale), currency=currency, currency_digits=False)
    else:
        text = format_currency(amount, currency, locale=locale)
    # CLDR asks for a space between a letter symbol and the digits ("AED 4.20"); babel leaves it out.
    symbol = get_currency_symbol(currency, locale=locale)
    if symbol[-1:].isalpha() and text.startswith(symbol) and text[len(symbol) : len(symbol) + 1].isdigit():
        text = f"{symbol}{NO_BREAK_SPACE}{text[len(symbol) :]}"
    elif symbol[-1:].isalpha() and text.startswith(f"-{symbol}") and text[len(symbol) + 1 : len(symbol) + 2].isdigit():
        text = f"-{symbol}{NO_BREAK_SPACE}{text[len(symbol) + 1 :]}"
    return text


def format_count(count: int, locale: str = DEFAULT_LOCALE) -> str:
    """12400 → "12,400"."""
    return format_decimal(count, format="#,##0", locale=locale)


def format_percent(ratio: float | Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """0.031 → "3.1 %"; 0.0004 → "under 0.1 %"."""
    percent = Decimal(str(ratio)) * 100
    shown = percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if shown == 0 and percent > 0:
        return f"under {format_decimal(Decimal('0.1'), format='0.0', locale=locale)} %"
    return f"{format_decimal(shown, format='#,##0.0', locale=locale)} %"


def format_points(difference: float | Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """The gap between two ratios in percentage points: 0.004 → "0.4 points"."""
    points = (Decimal(str(difference)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_decimal(points, format='#,##0.0', locale=locale)} points"


def format_multiple(ratio: float | Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """A return on spend as a multiple: 3.24 → "3.2×"."""
    shown = Decimal(str(ratio)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_decimal(shown, format='#,##0.0', locale=locale)}×"
