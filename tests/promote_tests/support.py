"""A Promote test recorded the real way: one intake, its post and the other candidates, one link a line."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage import promote_tests as test_store
from storage.models import Campaign, PromoteTest
from tests.support.flights import PROMOTE_LAST_DAY
from tests.support.harness import CHANNEL, OWNER, Flightdeck
from tests.support.intake import POST
from tests.support.slack_emulator import TEAM_ID

SECOND = "https://www.tiktok.com/@maria.cooks/video/7301234567890123457"
THIRD = "https://www.tiktok.com/@sam.bakes/video/7301234567890123458?is_from_webapp=1"

ANSWERS: dict[str, Any] = {
    "creator_handle": "@maria.cooks",
    "client": "GlowCo",
    "budget_amount": "50",
    "organic_traction": "proven",
    "market": "us",
    "account_type": "creator",
    "objective_promote": "Profile visits",
    "flight_end": PROMOTE_LAST_DAY.isoformat(),
}


def promote_intake(flightdeck: Flightdeck, *, user: str = OWNER, channel: str = CHANNEL, **answers: Any):
    """The intake modal with Promote's fields (and the test's) filled in, not yet submitted."""
    view = flightdeck.open_intake(POST, user=user, channel=channel)
    view = flightdeck.change(view, {"ownership": "creator"}, dispatch="ownership", user=user)
    return flightdeck.change(view, {**ANSWERS, **answers}, dispatch="flight_end", user=user)


def record_test(flightdeck: Flightdeck, posts: tuple[str, ...] = (SECOND, THIRD), **answers: Any) -> PromoteTest:
    """Record a test of the intake's post and `posts`, and wait until every candidate's summary is posted."""
    filled = {**ANSWERS, **answers, "promote_test_posts": "\n".join(posts)}
    view = promote_intake(flightdeck, **answers)
    reply = flightdeck.submit(view, filled)
    assert (reply.status, reply.body) == (200, ""), reply
    test = flightdeck.emulator.wait_for(lambda: recorded_tests(flightdeck)[-1:])[0]
    flightdeck.emulator.wait_for(lambda: all(c.message_ts for c in candidates(flightdeck, test)))
    return test


def recorded_tests(flightdeck: Flightdeck) -> list[PromoteTest]:
    with flightdeck.database.transaction() as session:
        return list(session.exec(select(PromoteTest).where(PromoteTest.team_id == TEAM_ID).order_by(PromoteTest.id)))


def reloaded(flightdeck: Flightdeck, test: PromoteTest) -> PromoteTest:
    with flightdeck.database.transaction() as session:
        return test_store.get_test(session, TEAM_ID, test.id)


def candidates(flightdeck: Flightdeck, test: PromoteTest) -> list[Campaign]:
    with flightdeck.database.transaction() as session:
        return test_store.candidates(session, TEAM_ID, test.id)
