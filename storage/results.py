"""A flight's post-campaign figures: saved with the summary pull, corrected later, read for lists and exports.

Entering the figures is the summary pull (docs/domain.md): the first save goes through
`Campaigns.summary_pulled`, so the flight is marked summarized and its summary reminders stop, in
the same transaction as the figures and the event. A later save is a correction: the row is changed
in place, under the flight's row lock, and the event keeps the figures before and after.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from bot.core.errors import AlreadyHandled, AlreadyInEffect
from bot.core.flight import Change, ensure, phase
from bot.core.results import PromoteResult, Result, SparkResult
from bot.core.vocabulary import CampaignStatus, Tool
from storage.models import Campaign, CampaignResult

if TYPE_CHECKING:
    from storage.service import Campaigns
    from storage.snapshot import Snapshot

# The stored columns of each tool's figures: (column, the core dataclass's field).
_COLUMNS = {
    Tool.PROMOTE: (
        ("views", "views"),
        ("profile_visits", "profile_visits"),
        ("follows", "new_followers"),
        ("clicks", "website_clicks"),
    ),
    Tool.SPARK: (
        ("impressions", "impressions"),
        ("views", "video_views"),
        ("clicks", "clicks"),
        ("profile_visits", "profile_visits"),
        ("follows", "follows"),
        ("conversions", "conversions"),
        ("conversion_value", "conversion_value"),
    ),
}
_FIGURE_COLUMNS = ("impressions", "views", "profile_visits", "follows", "clicks", "conversions", "conversion_value")


def _tool_of(result: Result) -> Tool:
    return Tool.PROMOTE if isinstance(result, PromoteResult) else Tool.SPARK


def as_result(row: CampaignResult) -> Result:
    """The stored row as the domain's figures."""
    return result_of_values([getattr(row, column) for column in VALUE_COLUMNS])


# The columns `result_of_values` reads, in order: the export reads them as plain tuples.
VALUE_COLUMNS = ("tool", "spent", *_FIGURE_COLUMNS)


def result_of_values(values: Sequence[Any]) -> Result:
    """The domain's figures from a stored row's VALUE_COLUMNS, in that order."""
    tool, spent, impressions, views, visits, follows, clicks, conversions, conversion_value = values
    # Normalised: the columns keep three decimals for every currency, 380.000 is the 380 typed.
    spent = Decimal(spent).normalize()
    if tool is Tool.PROMOTE:
        return PromoteResult(
            spent=spent, views=views, profile_visits=visits, new_followers=follows, website_clicks=clicks
        )
    return SparkResult(
        spent=spent,
        impressions=impressions,
        video_views=views,
        clicks=clicks,
        profile_visits=visits,
        follows=follows,
        conversions=conversions,
        conversion_value=Decimal(conversion_value).normalize() if conversion_value is not None else None,
    )


def _column_values(result: Result) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(_FIGURE_COLUMNS)
    values |= {column: getattr(result, name) for column, name in _COLUMNS[_tool_of(result)]}
    return {"tool": _tool_of(result), "spent": result.spent, **values}


def figures(result: Result) -> dict[str, Any]:
    """The figures as the event log keeps them: the core's names, money as text (JSON has no decimals)."""
    names = ("spent", *(name for _, name in _COLUMNS[_tool_of(result)]))
    return {name: _plain(getattr(result, name)) for name in names}


def _plain(value: Any) -> Any:
    # Normalised, so 120.500 read back from the database is the 120.5 that was typed.
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


def result_row(session: Session, team_id: str, campaign_id: int) -> CampaignResult | None:
    query = select(CampaignResult).where(CampaignResult.team_id == team_id, CampaignResult.campaign_id == campaign_id)
    return session.exec(query).first()


def results_for(session: Session, team_id: str, campaign_ids: Iterable[int]) -> dict[int, CampaignResult]:
    """The results of these flights (those that have some), by campaign id: one query for a list's page."""
    ids = list(campaign_ids)
    if not ids:
        return {}
    query = select(CampaignResult).where(CampaignResult.team_id == team_id, col(CampaignResult.campaign_id).in_(ids))
    return {row.campaign_id: row for row in session.exec(query)}


def escalations_with_cards(session: Session, team_id: str, promote_id: int) -> list[tuple[Campaign, CampaignResult]]:
    """The flights escalated from `promote_id` whose results card is posted: they compare with its figures."""
    query = (
        select(Campaign, CampaignResult)
        .join(CampaignResult, col(CampaignResult.campaign_id) == Campaign.id)
        .where(Campaign.team_id == team_id, CampaignResult.team_id == team_id)
        .where(Campaign.escalated_from_id == promote_id, col(CampaignResult.card_ts).is_not(None))
        .order_by(col(Campaign.id))
    )
    return list(session.exec(query))


def set_card(session: Session, team_id: str, campaign_id: int, channel: str, ts: str) -> None:
    """Where the flight's results card is, so a correction edits it rather than posting another."""
    session.execute(
        sa.update(CampaignResult)
        .where(CampaignResult.team_id == team_id, CampaignResult.campaign_id == campaign_id)
        .values(card_channel=channel[:32], card_ts=ts[:32])
    )


@dataclass(frozen=True)
class Saved:
    """A save's outcome: the flight as it now stands, and the figures it replaced (None on a first entry)."""

    snapshot: Snapshot
    before: dict[str, Any] | None = None

    @property
    def corrected(self) -> bool:
        return self.before is not None


class Results:
    """Saves figures through the campaigns service, so each save is one change under the flight's lock."""

    def __init__(self, campaigns: Campaigns):
        self.campaigns = campaigns

    def save(
        self,
        team_id: str,
        campaign_id: int,
        result: Result,
        *,
        actor: str,
        now: datetime,
        via_reminder: int | None = None,
    ) -> Saved:
        """Enter a flight's figures (marking its summary pulled) or correct those already entered.

        A flight still running is refused by the summary pull; a cancelled one takes no figures.
        """
        summarized, entered = self._state(team_id, campaign_id)
        if not summarized:
            try:
                snapshot = self.campaigns.summary_pulled(
                    team_id,
                    campaign_id,
                    actor=actor,
                    now=now,
                    via_reminder=via_reminder,
                    also=lambda session, campaign: {"results": self._write(session, campaign, result, actor, now)[1]},
                )
                return Saved(snapshot)
            except AlreadyHandled:
                # Someone saved figures first (two submissions at once): these become a correction of
                # theirs, or nothing at all when they are the same figures.
                summarized, entered = self._state(team_id, campaign_id)
                if not summarized:
                    raise
        before: list[dict[str, Any] | None] = [None]

        def correct(session: Session, campaign: Campaign) -> dict:
            ensure(Change.CORRECT_RESULTS, phase(campaign, now))
            before[0], after = self._write(session, campaign, result, actor, now)
            if before[0] is None:
                return {"results": after}
            if before[0] == after:
                raise AlreadyInEffect("These are already the flight's figures.")
            return {"before": before[0], "after": after}

        snapshot = self.campaigns.change(
            team_id,
            campaign_id,
            actor=actor,
            now=now,
            action="results.corrected" if entered else "results.entered",
            apply=correct,
            via_reminder=via_reminder,
        )
        return Saved(snapshot, before[0])

    def _state(self, team_id: str, campaign_id: int) -> tuple[bool, bool]:
        """Whether the flight is summarized, and whether it has figures: which save this is, read before
        the locked change (which checks again)."""
        with self.campaigns.database.transaction() as session:
            campaign = session.get(Campaign, campaign_id)
            summarized = campaign is not None and campaign.team_id == team_id
            summarized = summarized and campaign.status == CampaignStatus.SUMMARIZED
            return summarized, summarized and result_row(session, team_id, campaign_id) is not None

    @staticmethod
    def _write(
        session: Session, campaign: Campaign, result: Result, actor: str, now: datetime
    ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """Insert or update the flight's row, under the lock the caller holds: (figures before, after)."""
        if _tool_of(result) is not campaign.tool:
            raise AlreadyHandled("These figures are for the other tool: reopen the form from the flight.")
        row = result_row(session, campaign.team_id, campaign.id)
        before = figures(as_result(row)) if row is not None else None
        if row is None:
            row = CampaignResult(
                team_id=campaign.team_id,
                campaign_id=campaign.id,
                entered_by=actor,
                entered_at=now,
                **_column_values(result),
                updated_by=actor,
                updated_at=now,
            )
        else:
            for column, value in _column_values(result).items():
                setattr(row, column, value)
            row.updated_by, row.updated_at = actor, now
        session.add(row)
        session.flush()
        return before, figures(result)


def latest_results(
    session: Session, team_id: str, *, involving: str, limit: int
) -> list[tuple[Campaign, CampaignResult]]:
    """The flights a person owns or recorded whose figures were entered (or corrected) last: the App Home's."""
    params = {"team_id": team_id, "involving": involving, "limit": limit}
    return [(campaign, row) for campaign, row in session.exec(_LATEST_RESULTS, params=params)]


def _latest_results_query() -> sa.Select:
    # Built once with bound parameters: the App Home runs it on every visit (bench/lists.py).
    team_id, involving = sa.bindparam("team_id"), sa.bindparam("involving")
    return (
        select(Campaign, CampaignResult)
        # The Home shows a line per flight: its intake answers, reasons and warnings aren't read (nor decoded).
        .options(
            *(
                defer(column, raiseload=True)
                for column in (Campaign.answers, Campaign.decision_reasons, Campaign.warnings)
            )
        )
        .join(CampaignResult, col(CampaignResult.campaign_id) == Campaign.id)
        .where(
            Campaign.team_id == team_id,
            CampaignResult.team_id == team_id,
            sa.or_(Campaign.owner_id == involving, Campaign.created_by == involving),
        )
        .order_by(col(CampaignResult.updated_at).desc(), col(CampaignResult.id).desc())
        .limit(sa.bindparam("limit"))
    )


_LATEST_RESULTS = _latest_results_query()
