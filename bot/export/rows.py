"""A stored flight as the export's row (bot/core/export.py): local days, expiries, never a code.

Run for every flight of an export (10,000 and more), so what is the same for many flights is worked
out once: each time zone, each distinct list of reasons or warnings as stored.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.calendar import day_ending, day_starting
from bot.core.export import CodeExpiry, ExportRow
from bot.core.results import PromoteResult, SparkResult
from storage.export import ExportedFlight
from storage.results import result_of_values


def export_row(flight: ExportedFlight, result: PromoteResult | SparkResult | None = None) -> ExportRow:
    (
        flight_id,
        client,
        creator_handle,
        post_url,
        tool,
        objective,
        owner_id,
        status,
        start_at,
        end_at,
        owner_tz,
        budget_amount,
        budget_currency,
        budget_type,
        market,
        account_type,
        decision_reasons,
        warnings,
        escalated_from_id,
    ) = flight.campaign
    zone = _zone(owner_tz)
    return ExportRow(
        flight_id=str(flight_id),
        client=client,
        creator_handle=creator_handle,
        post_url=post_url,
        tool=str(tool),
        objective=objective,
        owner=owner_id,
        status=str(status),
        flight_start=day_starting(start_at, zone),
        flight_end=day_ending(end_at, zone),
        budget_amount=budget_amount,
        budget_currency=budget_currency,
        budget_type=str(budget_type),
        market=str(market),
        account_type=str(account_type),
        decision_reasons=_reasons(decision_reasons),
        warnings=_warnings(warnings),
        code_expiries=tuple(
            # The code's last local day for its owner: what "expires on" means to the person reading.
            CodeExpiry(ad_account, expires_at.astimezone(zone).date())
            for ad_account, expires_at in flight.authorizations
        ),
        escalated_from=str(escalated_from_id) if escalated_from_id else None,
        result=result,
    )


def flight_result(flight: ExportedFlight) -> PromoteResult | SparkResult | None:
    """The flight's figures, when it has some."""
    return result_of_values(flight.result) if flight.result is not None else None


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@functools.lru_cache(maxsize=4096)
def _reasons(stored: str | None) -> tuple[str, ...]:
    """The decision's reasons as stored (JSON text): the same few lists recur across flights."""
    return tuple(str(reason) for reason in _decoded(stored))


@functools.lru_cache(maxsize=4096)
def _warnings(stored: str | None) -> tuple[str, ...]:
    return tuple(_warning_text(warning) for warning in _decoded(stored))


def _decoded(stored: str | None) -> list[Any]:
    return (json.loads(stored) if stored else None) or []


def _warning_text(warning: Any) -> str:
    """A kept warning is {"code", "text"}: the words the person saw."""
    if isinstance(warning, dict):
        return str(warning.get("text") or warning.get("code") or "")
    return str(warning)
