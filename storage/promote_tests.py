"""Promote tests and their candidate flights (docs/domain.md). Every query is scoped to a Slack team.

A test's candidates are recorded with it, in the same transaction as their flights, reminders and
events: a test is never on record with half its flights, nor a flight with half its test.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from bot.core.calendar import last_day
from bot.core.errors import AlreadyHandled, FlightdeckError, NotFound
from bot.core.money import DEFAULT_LOCALE
from bot.core.promote_test import MAX_CANDIDATES, PromoteTestStatus
from bot.core.ranking import compare_escalation
from bot.core.results import PromoteResult, SparkResult
from bot.core.vocabulary import CampaignStatus, Tool
from storage import campaigns as campaign_store
from storage import results as result_store
from storage.models import Authorization, Campaign, PromoteTest, PromoteTestFlight
from storage.service import Campaigns
from storage.snapshot import Snapshot

Flight = tuple[Campaign, list[Authorization]]


@dataclass(frozen=True)
class Recorded:
    test: PromoteTest
    snapshots: list[Snapshot]


class PromoteTests:
    """The changes to a test, each in one transaction with the event log."""

    def __init__(self, campaigns: Campaigns):
        self.campaigns = campaigns
        self.database = campaigns.database

    def create(self, test: PromoteTest, flights: list[Flight], *, now: datetime, summary_in: str | None) -> Recorded:
        """The test and every candidate's flight, together."""
        with self.database.transaction() as session:
            session.add(test)
            session.flush()
            snapshots = [self._add(session, test, flight, now=now, summary_in=summary_in) for flight in flights]
            ids = [s.campaign.id for s in snapshots]
            for campaign_id in ids:
                campaign_store.record_event(
                    session,
                    team_id=test.team_id,
                    campaign_id=campaign_id,
                    actor=test.created_by,
                    action="promote_test.created",
                    at=now,
                    detail={"test_id": test.id, "candidates": ids},
                )
            return Recorded(test, snapshots)

    def add_flight(
        self, team_id: str, test_id: int, flight: Flight, *, now: datetime, summary_in: str | None
    ) -> Recorded:
        """One more candidate for an open test of the same client; refused (nothing saved) otherwise."""
        campaign = flight[0]
        with self.database.transaction() as session:
            # Locked: two intakes adding the sixth candidate at once can't make seven.
            test = get_test(session, team_id, test_id, for_update=True)
            ensure_takes(session, test, campaign.client)
            snapshot = self._add(session, test, flight, now=now, summary_in=summary_in)
            test.updated_at = now
            session.add(test)
            campaign_store.record_event(
                session,
                team_id=team_id,
                campaign_id=snapshot.campaign.id,
                actor=campaign.created_by,
                action="promote_test.joined",
                at=now,
                detail={"test_id": test.id},
            )
            return Recorded(test, [snapshot])

    def _add(self, session: Session, test: PromoteTest, flight: Flight, *, now: datetime, summary_in: str | None):
        campaign, authorizations = flight
        snapshot = self.campaigns.record_in(session, campaign, authorizations, now=now, summary_in=summary_in)
        link = PromoteTestFlight(team_id=test.team_id, test_id=test.id, campaign_id=campaign.id, added_at=now)
        link.added_by = campaign.created_by
        session.add(link)
        session.flush()
        return snapshot

    def call_winner(self, team_id: str, test_id: int, *, actor: str | None, now: datetime) -> PromoteTest:
        """Close the test: `actor` pressed "Call the winner", or (None) every candidate's figures came in."""
        with self.database.transaction() as session:
            test = get_test(session, team_id, test_id, for_update=True)
            if test.status == PromoteTestStatus.CLOSED:
                raise AlreadyHandled("This test's winner is already called.")
            test.status = PromoteTestStatus.CLOSED
            test.called_by, test.called_at = actor, now if actor else None
            test.updated_at = now
            session.add(test)
            for campaign_id in candidate_ids(session, team_id, test_id):
                campaign_store.record_event(
                    session,
                    team_id=team_id,
                    campaign_id=campaign_id,
                    actor=actor or "flightdeck",
                    action="promote_test.called",
                    at=now,
                    detail={"test_id": test_id},
                )
            return test

    def record(
        self, campaign: Campaign, authorizations: list[Authorization], *, now: datetime, summary_in: str | None
    ) -> tuple[Snapshot, PromoteTest | None]:
        """A flight of no test; a Spark flight escalating a test's candidate is linked to that test with it."""
        with self.database.transaction() as session:
            snapshot = self.campaigns.record_in(session, campaign, authorizations, now=now, summary_in=summary_in)
            return snapshot, self._link_escalation(session, snapshot.campaign, now=now)

    def _link_escalation(self, session: Session, spark: Campaign, *, now: datetime) -> PromoteTest | None:
        """The test whose candidate `spark` escalates now names it; None when it escalates no candidate."""
        team_id = spark.team_id
        if spark.escalated_from_id is None:
            return None
        test = containing_test(session, team_id, spark.escalated_from_id, for_update=True)
        if test is None:
            return None
        test.escalated_to_id = spark.id
        test.updated_at = now
        session.add(test)
        campaign_store.record_event(
            session,
            team_id=team_id,
            campaign_id=spark.escalated_from_id,
            actor=spark.created_by,
            action="promote_test.escalated",
            at=now,
            detail={"test_id": test.id, "to": spark.id},
        )
        return test

    def set_message(self, team_id: str, test_id: int, channel_id: str, ts: str) -> None:
        with self.database.transaction() as session:
            test = get_test(session, team_id, test_id)
            test.channel_id, test.message_ts = channel_id, ts
            session.add(test)


def ensure_takes(session: Session, test: PromoteTest, client: str) -> None:
    """Whether `test` takes one more candidate of `client`; a refusal in words for the person if not."""
    if test.status != PromoteTestStatus.OPEN:
        raise AlreadyHandled("That Promote test's winner is already called: it takes no more posts.")
    if " ".join(client.split()).casefold() != " ".join(test.client.split()).casefold():
        raise FlightdeckError(f"That Promote test compares posts of {test.client}: this flight is for {client}.")
    if len(candidate_ids(session, test.team_id, test.id)) >= MAX_CANDIDATES:
        raise FlightdeckError(f"That Promote test already has {MAX_CANDIDATES} posts, the most one test compares.")


def get_test(session: Session, team_id: str, test_id: int, *, for_update: bool = False) -> PromoteTest:
    query = select(PromoteTest).where(PromoteTest.team_id == team_id, PromoteTest.id == test_id)
    if for_update:
        query = query.with_for_update()
    test = session.exec(query).first()
    if test is None:
        raise NotFound("That Promote test isn't one Flightdeck knows.")
    return test


def candidate_ids(session: Session, team_id: str, test_id: int) -> list[int]:
    query = (
        select(PromoteTestFlight.campaign_id)
        .where(PromoteTestFlight.team_id == team_id, PromoteTestFlight.test_id == test_id)
        .order_by(col(PromoteTestFlight.id))
    )
    return list(session.exec(query))


def candidate_counts(session: Session, team_id: str, test_ids: list[int]) -> dict[int, int]:
    query = (
        select(PromoteTestFlight.test_id, func.count())
        .where(PromoteTestFlight.team_id == team_id, col(PromoteTestFlight.test_id).in_(test_ids))
        .group_by(PromoteTestFlight.test_id)
    )
    return dict(session.exec(query).all())


def candidates(session: Session, team_id: str, test_id: int) -> list[Campaign]:
    """The test's flights, in the order they joined it."""
    query = (
        select(Campaign)
        .join(PromoteTestFlight, col(PromoteTestFlight.campaign_id) == col(Campaign.id))
        .where(PromoteTestFlight.team_id == team_id, PromoteTestFlight.test_id == test_id, Campaign.team_id == team_id)
        .order_by(col(PromoteTestFlight.id))
    )
    return list(session.exec(query))


def open_tests(session: Session, team_id: str, *, channel_id: str | None = None, client: str | None = None):
    """The tests still taking candidates, newest first: the channel's, or the client's."""
    query = select(PromoteTest).where(PromoteTest.team_id == team_id, PromoteTest.status == PromoteTestStatus.OPEN)
    if channel_id is not None:
        query = query.where(PromoteTest.channel_id == channel_id)
    if client is not None:
        query = query.where(PromoteTest.client == client)
    return list(session.exec(query.order_by(col(PromoteTest.id).desc())))


def containing_test(session: Session, team_id: str, campaign_id: int, *, for_update: bool = False):
    """The test `campaign_id` is a candidate of, if any."""
    query = (
        select(PromoteTest)
        .join(PromoteTestFlight, col(PromoteTestFlight.test_id) == col(PromoteTest.id))
        .where(PromoteTestFlight.team_id == team_id, PromoteTestFlight.campaign_id == campaign_id)
        .where(PromoteTest.team_id == team_id)
    )
    if for_update:
        query = query.with_for_update(of=PromoteTest)
    return session.exec(query).first()


def escalating_test(session: Session, team_id: str, spark_id: int) -> PromoteTest | None:
    """The test whose winner was escalated to the Spark Ads flight `spark_id`."""
    query = select(PromoteTest).where(PromoteTest.team_id == team_id, PromoteTest.escalated_to_id == spark_id)
    return session.exec(query).first()


# -- the escalated Spark Ads flight against the test that chose it ------------------------------------------


def escalation_comparison(session: Session, team_id: str, spark: Campaign, locale: str = DEFAULT_LOCALE):
    """The Spark flight's results set against the Promote candidate it escalates (cost per follow,
    click-through), when both have figures; None otherwise. For the Spark flight's results card and
    the test's message alike."""
    if spark.escalated_from_id is None or spark.tool != Tool.SPARK:
        return None
    promote = campaign_store.get_campaign(session, team_id, spark.escalated_from_id)
    rows = result_store.results_for(session, team_id, [spark.id, spark.escalated_from_id])
    if promote is None or spark.id not in rows or promote.id not in rows:
        return None
    promote_result, spark_result = result_store.as_result(rows[promote.id]), result_store.as_result(rows[spark.id])
    if not isinstance(promote_result, PromoteResult) or not isinstance(spark_result, SparkResult):
        return None
    return compare_escalation(
        promote_result, spark_result, promote.budget_currency, spark.budget_currency, locale=locale
    )


def chosen_by(session: Session, team_id: str, spark_id: int) -> str | None:
    """Plain text naming the Promote test whose winner this Spark flight scales, for its results card."""
    test = escalating_test(session, team_id, spark_id)
    if test is None:
        return None
    posts = len(candidate_ids(session, team_id, test.id))
    return f"Its post won a Promote test of {posts} posts for {test.client}."


# -- for lists and calendars --------------------------------------------------------------------------------


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
