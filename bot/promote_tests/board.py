"""A Promote test as its message shows it: the candidates, their figures, their ranking, the escalation.

Read in one transaction. Which candidates are ranked: before the call, every one not cancelled (no
places are shown until all have their figures); once called, the flights the call was made on
(storage/promote_tests.py keeps them with the test), with their figures as they now stand. Results
that arrived after the call are shown beside it, outside the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.flight import CLOSED
from bot.core.promote_test import PromoteTestStatus, candidate_label
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
        return candidate_label(self.number, self.campaign.creator_handle)

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
    def called(self) -> bool:
        return self.test.call is not None

    @property
    def winner(self) -> Entry | None:
        """The winner as called (a re-made call's, after a correction); before the call, none."""
        if self.test.call is not None:
            winner_id = self.test.call.get("winner")
            return self.entry(winner_id) if winner_id is not None else None
        winner = self.ranking.winner if self.ranking else None
        return self.entry(int(winner.key)) if winner else None

    @property
    def remade_from(self) -> Entry | None:
        """The winner a correction of the figures displaced, when the call was re-made."""
        if self.test.call is None or "remade_from" not in self.test.call:
            return None
        before = self.test.call["remade_from"]
        return self.entry(before) if before is not None else None

    @property
    def remade(self) -> bool:
        return self.test.call is not None and "remade_from" in self.test.call

    @property
    def after_call(self) -> list[Entry]:
        """Candidates whose figures came in after the call: shown, never ranked."""
        if self.test.call is None:
            return []
        covered = set(self.test.call["flights"])
        return [e for e in self.entries if e.result is not None and e.campaign.id not in covered]

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
    if test.call is not None:
        # The call stands on the flights it was made on: results that came later don't enter it.
        covered = set(test.call["flights"])
        compared = [e for e in entries if e.campaign.id in covered]
    elif test.called_by is not None:
        # Called before the call was kept with the test: those that have figures.
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
    return rank(candidates, metric, called=test.status != PromoteTestStatus.OPEN)


def settled(board: Board) -> bool:
    """Whether the test's call is made: all figures in and a verdict other than waiting."""
    return board.ranking is not None and board.all_in and board.ranking.verdict is not Verdict.WAITING
