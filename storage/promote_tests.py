"""Promote tests and their candidate flights (docs/domain.md). Every query is scoped to a Slack team.

A test's candidates are recorded with it, in the same transaction as their flights, reminders and
events: a test is never on record with half its flights, nor a flight with half its test.

A test's call is made under the test's row lock and stored with it (`PromoteTest.call`): the flights
it ranked and its winner. Results that arrive after the call never change it; a correction of a
ranked flight's figures re-makes it on the same flights (`remake_call`). Only the winner as called
is linked to the test when it is escalated to Spark Ads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from bot.core.errors import AlreadyHandled, FlightdeckError, NotFound
from bot.core.money import DEFAULT_LOCALE
from bot.core.promote_test import MAX_CANDIDATES, PromoteTestStatus, candidate_label
from bot.core.ranking import Candidate, Ranking, compare_escalation, metric_for, rank
from bot.core.results import PromoteResult, SparkResult, Standing
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
        """Close the test: `actor` pressed "Call the winner", or (None) every candidate's figures came in.

        The call is made here, under the test's lock, on the candidates that have figures now.
        """
        with self.database.transaction() as session:
            test = get_test(session, team_id, test_id, for_update=True)
            if test.status == PromoteTestStatus.CLOSED:
                raise AlreadyHandled("This test's winner is already called.")
            flights = [c for c in candidates(session, team_id, test_id) if c.status != CampaignStatus.CANCELLED]
            with_results = set(result_store.results_for(session, team_id, [c.id for c in flights]))
            if not with_results:
                raise FlightdeckError(
                    "No post in this test has results yet: enter them from each flight's thread first."
                )
            covered = [c.id for c in flights if c.id in with_results]
            ranking = call_ranking(session, test, covered)
            winner = int(ranking.winner.key) if ranking is not None and ranking.winner else None
            test.status = PromoteTestStatus.CLOSED
            test.called_by, test.called_at = actor, now if actor else None
            test.call = {"flights": covered, "winner": winner}
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
                    detail={"test_id": test_id, "flights": covered, "winner": winner},
                )
            return test

    def remake_call(self, team_id: str, test_id: int, *, actor: str, now: datetime) -> bool:
        """After a correction: the call made again on the flights it covered, with their figures as they
        now stand. Whether its winner changed (and the call was re-made)."""
        with self.database.transaction() as session:
            test = get_test(session, team_id, test_id, for_update=True)
            call = test.call
            if test.status != PromoteTestStatus.CLOSED or not call:
                return False
            ranking = call_ranking(session, test, call["flights"])
            winner = int(ranking.winner.key) if ranking is not None and ranking.winner else None
            if winner == call.get("winner"):
                return False
            # A new dict, so the JSON column is seen as changed.
            test.call = {"flights": list(call["flights"]), "winner": winner, "remade_from": call.get("winner")}
            test.updated_at = now
            session.add(test)
            for campaign_id in call["flights"]:
                campaign_store.record_event(
                    session,
                    team_id=team_id,
                    campaign_id=campaign_id,
                    actor=actor,
                    action="promote_test.call_remade",
                    at=now,
                    detail={"test_id": test_id, "before": call.get("winner"), "after": winner},
                )
            return True

    def record(
        self, campaign: Campaign, authorizations: list[Authorization], *, now: datetime, summary_in: str | None
    ) -> tuple[Snapshot, PromoteTest | None]:
        """A flight of no test; a Spark flight escalating a test's candidate is linked to that test with it."""
        with self.database.transaction() as session:
            snapshot = self.campaigns.record_in(session, campaign, authorizations, now=now, summary_in=summary_in)
            return snapshot, self._link_escalation(session, snapshot.campaign, now=now)

    def _link_escalation(self, session: Session, spark: Campaign, *, now: datetime) -> PromoteTest | None:
        """The test whose winner `spark` escalates now names it; None when it escalates no test's winner as
        called (a candidate escalated from its ⋯ menu before the call, or one that didn't win): that is a
        plain escalation of its own flight."""
        team_id = spark.team_id
        if spark.escalated_from_id is None:
            return None
        test = containing_test(session, team_id, spark.escalated_from_id, for_update=True)
        if test is None or test.escalated_to_id is not None or called_winner(test) != spark.escalated_from_id:
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


def called_winner(test: PromoteTest) -> int | None:
    """The flight the test's call named its winner; None before the call or when it was too close."""
    return test.call.get("winner") if test.call else None


def call_ranking(session: Session, test: PromoteTest, flight_ids: Iterable[int]) -> Ranking | None:
    """The call on these candidates, with their figures as they stand; None for an objective that can't rank."""
    metric = metric_for(test.objective)
    if metric is None:
        return None
    covered = set(flight_ids)
    flights = candidates(session, test.team_id, test.id)
    rows = result_store.results_for(session, test.team_id, [c.id for c in flights if c.id in covered])
    ranked = []
    for number, flight in enumerate(flights, start=1):
        if flight.id not in covered:
            continue
        result = result_store.as_result(rows[flight.id]) if flight.id in rows else None
        ranked.append(
            Candidate(
                key=str(flight.id),
                label=candidate_label(number, flight.creator_handle),
                result=result if isinstance(result, PromoteResult) else None,
                currency=flight.budget_currency,
            )
        )
    return rank(ranked, metric, called=True)


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
    """Plain text on the Promote test this Spark flight's post came from, for its results card: it won
    the test, or (escalated from its ⋯ menu) it was a candidate the call didn't name."""
    spark = session.get(Campaign, spark_id)
    if spark is None or spark.team_id != team_id or spark.escalated_from_id is None:
        return None
    test = containing_test(session, team_id, spark.escalated_from_id)
    if test is None:
        return None
    posts = len(candidate_ids(session, team_id, test.id))
    if called_winner(test) == spark.escalated_from_id:
        return f"Its post won a Promote test of {posts} posts for {test.client}."
    why = "whose winner isn't called yet" if test.call is None else "but wasn't its winner as called"
    return (
        f"Its post was one of {posts} in a Promote test for {test.client}, {why}: "
        "this compares it with its own Promote flight only."
    )


def standing_of(session: Session, team_id: str, campaign_id: int) -> Standing | None:
    """Where a candidate stands among its test's posts, for its results card; None for a flight of no test,
    or a test whose objective can't rank."""
    test = containing_test(session, team_id, campaign_id)
    if test is None or metric_for(test.objective) is None:
        return None
    live = [c.id for c in candidates(session, team_id, test.id) if c.status != CampaignStatus.CANCELLED]
    if test.call is not None:
        if campaign_id not in test.call["flights"]:
            return Standing(place=None, posts=len(live), after_call=True)
        ranking = call_ranking(session, test, test.call["flights"])
    else:
        with_results = set(result_store.results_for(session, team_id, live))
        if campaign_id in with_results and len(with_results) < len(live):
            return Standing(place=None, posts=len(live), waiting=len(live) - len(with_results))
        ranking = call_ranking(session, test, live)
    row = next((r for r in ranking.rows if r.candidate.key == str(campaign_id)), None) if ranking else None
    if row is None:
        return None
    return Standing(place=row.rank, posts=len(ranking.rows), won=ranking.winner is row.candidate)
