"""The flights as a CSV a spreadsheet opens cleanly: one row per flight.

UTF-8 with a byte-order mark (so Excel reads accents and Arabic handles right), comma-separated,
CRLF line ends, ISO dates (2026-11-23), figures as plain machine numbers (1234.5, 0.0612) rather
than formatted for people, an empty cell for anything unknown. Lists inside a cell are joined
with "; ". A Spark code is never exported, only the day it expires.

The columns, in order, are `COLUMNS`; their names are stable, so a sheet built on them keeps
working:

    flight_id, client, creator_handle, post_url, tool, objective, market, account_type, owner,
    status, flight_start, flight_end, budget_amount, budget_currency, budget_type, planned_total,
    decision_reasons, warnings, code_expiries, escalated_from,
    spent, impressions, views, profile_visits, follows, clicks, conversions, conversion_value,
    cost_per_1000_views, cost_per_profile_visit, visit_to_follow, click_through, cost_per_click,
    cost_per_follow, cost_per_conversion, return_on_spend, spend_vs_plan

`views` is Promote's views or Spark's video views, `follows` Promote's new followers or Spark's
follows, `clicks` Promote's website clicks or Spark's clicks; `code_expiries` reads
"<ad account>: <expiry date>" per authorization.

A cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return)
gets a leading single quote, so a creator handle or a client name can't execute anything.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from bot.core.calendar import days_through
from bot.core.ratios import planned_total, ratios
from bot.core.results import PromoteResult, SparkResult

COLUMNS: tuple[str, ...] = (
    "flight_id",
    "client",
    "creator_handle",
    "post_url",
    "tool",
    "objective",
    "market",
    "account_type",
    "owner",
    "status",
    "flight_start",
    "flight_end",
    "budget_amount",
    "budget_currency",
    "budget_type",
    "planned_total",
    "decision_reasons",
    "warnings",
    "code_expiries",
    "escalated_from",
    "spent",
    "impressions",
    "views",
    "profile_visits",
    "follows",
    "clicks",
    "conversions",
    "conversion_value",
    "cost_per_1000_views",
    "cost_per_profile_visit",
    "visit_to_follow",
    "click_through",
    "cost_per_click",
    "cost_per_follow",
    "cost_per_conversion",
    "return_on_spend",
    "spend_vs_plan",
)

BOM = "\ufeff".encode()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 100  # about 40 kB of CSV a chunk


@dataclass(frozen=True)
class CodeExpiry:
    ad_account: str
    expires_on: date


@dataclass(frozen=True)
class ExportRow:
    """One flight as the export sees it. Dates are the owner's local days; `owner` as people should
    read it (a name or a Slack user id, the caller's choice)."""

    flight_id: str
    client: str
    creator_handle: str
    post_url: str
    tool: str
    objective: str
    owner: str
    status: str
    flight_start: date
    flight_end: date
    budget_amount: Decimal
    budget_currency: str
    budget_type: str
    market: str = ""
    account_type: str = ""
    decision_reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    code_expiries: tuple[CodeExpiry, ...] = ()
    escalated_from: str | None = None
    result: PromoteResult | SparkResult | None = None


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text with a leading quote."""
    return f"'{cell}" if cell[:1] in _FORMULA_FIRST else cell


def _number(value: int | Decimal | float | None, places: int | None = None) -> str:
    """A plain machine number; ratios to `places` decimals, rounded half up like the money."""
    if value is None:
        return ""
    if type(value) is int:
        return str(value)
    number = Decimal(str(value)) if type(value) is float else value
    if places is not None:
        number = number.quantize(_quantum(places), rounding=ROUND_HALF_UP)
    return format(number, "f")


@functools.cache
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


_RATIO_QUANTUM = _quantum(4)


def _ratio(value: int | Decimal | float | None) -> str:
    """`_number(value, 4)`, without the look-ups: nine ratios a flight, every flight of an export."""
    if value is None:
        return ""
    kind = type(value)
    if kind is int:
        return str(value)
    number = Decimal(str(value)) if kind is float else value
    return format(number.quantize(_RATIO_QUANTUM, rounding=ROUND_HALF_UP), "f")


def _cells(row: ExportRow) -> list[str]:
    days = days_through(row.flight_start, row.flight_end)
    try:
        planned = planned_total(row.budget_amount, row.budget_type, days if days > 0 else None)
    except ValueError:
        planned = None  # an unknown budget type still exports, without a plan
    result = row.result
    r = ratios(result, planned) if result else None
    spark = result if isinstance(result, SparkResult) else None
    figures = [
        _number(result.spent) if result else "",
        _number(spark.impressions) if spark else "",
        _number(result.views) if result else "",
        _number(result.profile_visits) if result else "",
        _number(result.follows) if result else "",
        _number(result.clicks) if result else "",
        _number(spark.conversions) if spark else "",
        _number(spark.conversion_value) if spark else "",
    ]
    if r:
        figures += [
            _ratio(r.cost_per_1000_views),
            _ratio(r.cost_per_profile_visit),
            _ratio(r.visit_to_follow),
            _ratio(r.click_through),
            _ratio(r.cost_per_click),
            _ratio(r.cost_per_follow),
            _ratio(r.cost_per_conversion),
            _ratio(r.return_on_spend),
            _ratio(r.spend_vs_plan),
        ]
    else:
        figures += [""] * 9
    texts = [
        row.flight_id,
        row.client,
        row.creator_handle,
        row.post_url,
        row.tool,
        row.objective,
        row.market,
        row.account_type,
        row.owner,
        row.status,
        row.flight_start.isoformat(),
        row.flight_end.isoformat(),
        _number(row.budget_amount),
        row.budget_currency,
        row.budget_type,
        _number(planned),
        "; ".join(row.decision_reasons),
        "; ".join(row.warnings),
        "; ".join(f"{c.ad_account}: {c.expires_on.isoformat()}" for c in row.code_expiries),
        row.escalated_from or "",
    ]
    # Each cell a string (the figures already are), formula-looking ones quoted (inlined `neutralise`:
    # 37 cells × every flight).
    cells = [cell if type(cell) is str else str(cell) for cell in texts]
    cells += figures
    return [f"'{cell}" if cell[:1] in _FORMULA_FIRST else cell for cell in cells]


def iter_flights_csv(rows: Iterable[ExportRow], rows_per_chunk: int = ROWS_PER_CHUNK) -> Iterator[bytes]:
    """The CSV in chunks of bytes, the first carrying the BOM and the header; memory stays flat
    however many flights there are, so it can feed a streamed HTTP response or a file upload."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    pending = 0
    first = True
    for row in rows:
        writer.writerow(_cells(row))
        pending += 1
        if pending >= rows_per_chunk:
            yield _take(buffer, first)
            first, pending = False, 0
    if pending or first:
        yield _take(buffer, first)


def _take(buffer: io.StringIO, first: bool) -> bytes:
    # Slack text may carry lone surrogates (JSON allows the escape); they can't be UTF-8.
    data = buffer.getvalue().encode("utf-8", errors="replace")
    buffer.seek(0)
    buffer.truncate()
    return BOM + data if first else data


def flights_csv(rows: Iterable[ExportRow]) -> bytes:
    """The whole CSV at once."""
    return b"".join(iter_flights_csv(rows))


def export_filename(now: datetime, scope: str = "flights") -> str:
    """ "flightdeck-flights-2026-12-02.csv": the day of the export, so downloads don't overwrite each other."""
    safe = re.sub(r"[^\w-]+", "-", scope, flags=re.ASCII).strip("-") or "flights"
    return f"flightdeck-{safe}-{now.date().isoformat()}.csv"
