"""A stored flight as the export's row (bot/core/export.py): local days, expiries, never a code."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.core.calendar import first_day, last_day
from bot.core.export import CodeExpiry, ExportRow
from bot.core.results import PromoteResult, SparkResult
from storage.export import ExportedFlight
from storage.results import as_result


def export_row(flight: ExportedFlight, result: PromoteResult | SparkResult | None = None) -> ExportRow:
    campaign = flight.campaign
    return ExportRow(
        flight_id=str(campaign.id),
        client=campaign.client,
        creator_handle=campaign.creator_handle,
        post_url=campaign.post_url,
        tool=str(campaign.tool),
        objective=campaign.objective,
        owner=campaign.owner_id,
        status=str(campaign.status),
        flight_start=first_day(campaign),
        flight_end=last_day(campaign),
        budget_amount=campaign.budget_amount,
        budget_currency=campaign.budget_currency,
        budget_type=str(campaign.budget_type),
        market=str(campaign.market),
        account_type=str(campaign.account_type),
        decision_reasons=tuple(str(reason) for reason in campaign.decision_reasons or ()),
        warnings=tuple(_warning_text(warning) for warning in campaign.warnings or ()),
        code_expiries=tuple(
            # The code's last local day for its owner: what "expires on" means to the person reading.
            CodeExpiry(a.ad_account_id, a.expires_at.astimezone(ZoneInfo(campaign.owner_tz)).date())
            for a in flight.authorizations
        ),
        escalated_from=str(campaign.escalated_from_id) if campaign.escalated_from_id else None,
        result=result,
    )


def flight_result(flight: ExportedFlight) -> PromoteResult | SparkResult | None:
    """The flight's figures, when it has some."""
    return as_result(flight.result) if flight.result is not None else None


def _warning_text(warning: Any) -> str:
    """A kept warning is {"code", "text"}: the words the person saw."""
    if isinstance(warning, dict):
        return str(warning.get("text") or warning.get("code") or "")
    return str(warning)
