"""Promote tests as a calendar shows them (docs/domain.md): each test with its posts and its last day.

Every query is scoped to a Slack team.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from bot.core.calendar import last_day
from bot.core.vocabulary import CampaignStatus
from storage.models import PromoteTest, PromoteTestFlight
from storage.promote_tests import candidates


@dataclass(frozen=True)
class TestSpan:
    """A test as a calendar shows it: its last day is its last candidate's (cancelled ones aside)."""

    test: PromoteTest
    posts: int
    last_day: date


def tests_of_flights(session: Session, team_id: str, flight_ids: Iterable[int]) -> dict[int, TestSpan]:
    """The test each of these flights is a candidate in, by flight id; flights of no test are left out."""
    ids = list(flight_ids)
    if not ids:
        return {}
    query = (
        select(PromoteTestFlight.campaign_id, PromoteTest)
        .join(PromoteTest, col(PromoteTest.id) == col(PromoteTestFlight.test_id))
        .where(PromoteTestFlight.team_id == team_id, col(PromoteTestFlight.campaign_id).in_(ids))
        .where(PromoteTest.team_id == team_id)
    )
    found = list(session.exec(query))
    spans: dict[int, TestSpan] = {}
    for test in {t.id: t for _, t in found}.values():
        flights = [c for c in candidates(session, team_id, test.id) if c.status != CampaignStatus.CANCELLED]
        if flights:
            spans[test.id] = TestSpan(test, len(flights), max(last_day(c) for c in flights))
    return {flight_id: spans[test.id] for flight_id, test in found if test.id in spans}
