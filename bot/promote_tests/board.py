"""A Promote test as its message shows it: the candidates, their figures, their ranking, the escalation.

Read in one transaction. Which candidates are ranked: every one not cancelled, once all have their
figures; or, once someone pressed "Call the winner", those that have figures by then.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.flight import CLOSED
from bot.core.ranking import Candidate, Escalation, Metric, Ranking, Verdict, metric_for, rank
from bot.core.results import PromoteResult, Result
from bot.core.vocabulary import CampaignStatus
from storage import promote_tests as test_store
from storage import results as result_store
from storage.db import Database
from storage.models import Campaign, PromoteTest


@dataclass(frozen=True)
class Entry:
    """One candidate: its flight, its figures if entered, and its place in the test (1-based)."""

    campaign: Campaign
    result: Result | None
    number: int

    @property
    def label(self) -> str:
        return f"Post {self.number} ({self.campaign.creator_handle})"

    @property
    def cancelled(self) -> bool:
        return self.campaign.status == CampaignStatus.CANCELLED


@dataclass(frozen=True)
class Board:
    test: PromoteTest
    entries: list[Entry]
    metric: Metric | None
    ranking: Ranking | None
    spark: Campaign | None = None
    comparison: Escalation | None = None

    def entry(self, campaign_id: int) -> Entry | None:
        return next((e for e in self.entries if e.campaign.id == campaign_id), None)

    @property
    def winner(self) -> Entry | None:
        winner = self.ranking.winner if self.ranking else None
        return self.entry(int(winner.key)) if winner else None

    @property
    def all_in(self) -> bool:
        """Every candidate still in the test has its figures: the call can be made."""
        live = [e for e in self.entries if not e.cancelled]
        return bool(live) and all(e.result is not None for e in live)

    @property
    def still_running(self) -> list[Entry]:
        return [e for e in self.entries if e.campaign.status not in CLOSED]


def load(database: Database, team_id: str, test_id: int) -> Board:
    with database.transaction() as session:
        test = test_store.get_test(session, team_id, test_id)
        flights = test_store.candidates(session, team_id, test_id)
        rows = result_store.results_for(session, team_id, [c.id for c in flights])
        spark = comparison = None
        if test.escalated_to_id is not None:
            spark = session.get(Campaign, test.escalated_to_id)
            spark = spark if spark is not None and spark.team_id == team_id else None
            comparison = test_store.escalation_comparison(session, team_id, spark) if spark else None
    entries = [
        Entry(c, result_store.as_result(rows[c.id]) if c.id in rows else None, number)
        for number, c in enumerate(flights, start=1)
    ]
    metric = metric_for(test.objective)
    return Board(test, entries, metric, _ranking(test, entries, metric), spark, comparison)


def _ranking(test: PromoteTest, entries: list[Entry], metric: Metric | None) -> Ranking | None:
    if metric is None:
        return None
    compared = [e for e in entries if not e.cancelled]
    if test.called_by is not None:
        # Called early: only the candidates that had figures are compared.
        compared = [e for e in compared if e.result is not None]
    candidates = [
        Candidate(
            key=str(e.campaign.id),
            label=e.label,
            result=e.result if isinstance(e.result, PromoteResult) else None,
            currency=e.campaign.budget_currency,
        )
        for e in compared
    ]
    return rank(candidates, metric)


def settled(board: Board) -> bool:
    """Whether the test's call is made: all figures in and a verdict other than waiting."""
    return board.ranking is not None and board.all_in and board.ranking.verdict is not Verdict.WAITING
