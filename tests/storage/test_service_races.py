"""Changes to one flight made at the same moment, straight through the service, on SQLite and PostgreSQL.

Each change reads the flight under its row lock and then pauses before checking anything: a check made
before the lock, or a read without it, would see the flight as none of the others had left it yet.
The same races through Slack are in tests/campaigns/test_identical_changes.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.core.errors import AlreadyHandled, FlightdeckError
from bot.core.flight import CLOSED_SAYS, NO_RESULTS_WHEN_CANCELLED
from bot.core.policy import ReminderSchedule
from storage import campaigns as campaign_store
from storage.service import Campaigns
from storage.snapshot import Snapshot
from tests.support.factories import NOW, TEAM, authorization, campaign, campaign_row, events

SIX = 6
PAUSE = 0.05  # seconds each change holds the lock before its checks
EXPIRY = NOW + timedelta(days=5)
LAST = NOW + timedelta(days=14)
LIVE = NOW + timedelta(days=2)
AFTER = LAST + timedelta(days=1)

Change = Callable[[Campaigns, Snapshot], Snapshot]


@pytest.fixture
def service(database) -> Campaigns:
    return Campaigns(database, ReminderSchedule())


@pytest.fixture
def flight(service) -> Snapshot:
    return service.record(campaign(), [authorization(EXPIRY)], now=NOW)


def at_once(service: Campaigns, monkeypatch, flight: Snapshot, changes: list[Change]) -> list[Snapshot | Exception]:
    """Start every change at the same moment, on its own thread; what each returned or raised, in order."""
    change = service.change

    def pausing(*args, apply, **kwargs):
        def slowly(session, row):
            time.sleep(PAUSE)
            return apply(session, row)

        return change(*args, apply=slowly, **kwargs)

    monkeypatch.setattr(service, "change", pausing)
    start = threading.Barrier(len(changes), timeout=10)
    outcomes: list[Snapshot | Exception | None] = [None] * len(changes)

    def run(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = changes[index](service, flight)
        except Exception as error:
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(changes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def actions(database, flight: Snapshot) -> list[str]:
    return [action for action, _, _ in events(database, flight.campaign.id)]


IDENTICAL: dict[str, tuple[str, Change]] = {
    "extend": (
        "flight.extended",
        lambda s, f: s.extend_flight(TEAM, f.campaign.id, LAST + timedelta(days=7), actor="U0OWNER", now=LIVE),
    ),
    "end": ("flight.ended", lambda s, f: s.end_flight(TEAM, f.campaign.id, actor="U0OWNER", now=LIVE)),
    "renew": (
        "code.renewed",
        lambda s, f: s.renew_code(
            TEAM, f.campaign.id, f.authorizations[0].id, EXPIRY + timedelta(days=30), actor="U0OWNER", now=LIVE
        ),
    ),
    "cancel": ("campaign.cancelled", lambda s, f: s.cancel(TEAM, f.campaign.id, actor="U0OWNER", now=LIVE)),
    "owner": (
        "owner.changed",
        lambda s, f: s.change_owner(TEAM, f.campaign.id, "U0TEAMMATE", actor="U0OWNER", now=LIVE),
    ),
    "summary": ("summary.pulled", lambda s, f: s.summary_pulled(TEAM, f.campaign.id, actor="U0OWNER", now=AFTER)),
}


@pytest.mark.parametrize("name", IDENTICAL)
def test_six_identical_changes_at_once_take_effect_once_with_one_event(database, service, flight, monkeypatch, name):
    action, change = IDENTICAL[name]

    outcomes = at_once(service, monkeypatch, flight, [change] * SIX)

    done = [o for o in outcomes if isinstance(o, Snapshot)]
    refused = [o for o in outcomes if not isinstance(o, Snapshot)]
    assert len(done) == 1, outcomes
    assert len(refused) == SIX - 1 and all(isinstance(o, AlreadyHandled) for o in refused), refused
    assert actions(database, flight) == ["campaign.recorded", action]
    with database.transaction() as session:
        assert len(campaign_store.renewals_for(session, TEAM, flight.authorizations[0].id)) == (name == "renew")


def test_an_end_racing_an_extension_leaves_the_flight_as_its_last_event_says(database, service, flight, monkeypatch):
    longer = LAST + timedelta(days=7)
    end, extend = (
        lambda s, f: s.end_flight(TEAM, f.campaign.id, actor="U0OWNER", now=LIVE),
        lambda s, f: s.extend_flight(TEAM, f.campaign.id, longer, actor="U0TEAMMATE", now=LIVE),
    )

    outcomes = at_once(service, monkeypatch, flight, [end, extend])

    # Either order is a sound one: ended then extended (it runs again), or extended then ended.
    assert all(isinstance(o, Snapshot) for o in outcomes), outcomes
    logged = events(database, flight.campaign.id)[1:]
    assert sorted(action for action, _, _ in logged) == ["flight.ended", "flight.extended"]
    # Each change saw the end the one before it left.
    assert logged[0][2]["previous_end_at"] == LAST.isoformat()
    assert logged[1][2]["previous_end_at"] == logged[0][2]["end_at"]
    row = campaign_row(database, flight.campaign.id)
    assert row.end_at.isoformat() == logged[1][2]["end_at"]
    if logged[1][0] == "flight.extended":
        assert (row.status, row.end_at, row.updated_by) == ("live", longer, "U0TEAMMATE")
    else:
        assert (row.status, row.end_at, row.updated_by) == ("ended", LIVE, "U0OWNER")


def test_a_summary_pull_racing_a_cancellation_lets_exactly_one_through(database, service, flight, monkeypatch):
    pull, cancel = IDENTICAL["summary"][1], IDENTICAL["cancel"][1]

    outcomes = at_once(service, monkeypatch, flight, [pull, cancel])

    [winner] = [o for o in outcomes if isinstance(o, Snapshot)]
    [loser] = [o for o in outcomes if not isinstance(o, Snapshot)]
    status = winner.campaign.status
    assert status in ("summarized", "cancelled")
    # The pull refused by a cancellation says so in its own words (bot/core/flight.py).
    says = NO_RESULTS_WHEN_CANCELLED if status == "cancelled" else CLOSED_SAYS[status]
    assert isinstance(loser, AlreadyHandled) and str(loser) == says
    assert campaign_row(database, flight.campaign.id).status == status
    assert actions(database, flight) == [
        "campaign.recorded",
        "summary.pulled" if status == "summarized" else "campaign.cancelled",
    ]


def test_a_shorter_extension_racing_a_longer_one_never_shortens_the_flight(database, service, flight, monkeypatch):
    longer, shorter = LAST + timedelta(days=7), LAST + timedelta(days=3)
    changes = [
        lambda s, f, day=day: s.extend_flight(TEAM, f.campaign.id, day, actor="U0OWNER", now=LIVE)
        for day in (longer, shorter)
    ]

    long_outcome, short_outcome = at_once(service, monkeypatch, flight, changes)

    assert isinstance(long_outcome, Snapshot)
    assert campaign_row(database, flight.campaign.id).end_at == longer
    extended = [
        detail["end_at"] for action, _, detail in events(database, flight.campaign.id) if action != "campaign.recorded"
    ]
    if isinstance(short_outcome, Exception):
        # The longer one got there first: the shorter one is refused against the new last day.
        assert isinstance(short_outcome, FlightdeckError) and "pick a day after that" in str(short_outcome)
        assert extended == [longer.isoformat()]
    else:
        assert extended == [shorter.isoformat(), longer.isoformat()]
