"""Which change each state of a flight allows (bot/core/flight.py), as tables: every change × every stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.errors import AlreadyHandled, AlreadyInEffect, FlightdeckError, NotFound
from bot.core.flight import Change, allowed, ensure, offered, phase, refusal
from bot.core.vocabulary import CampaignStatus, Tool

P, L, E, S, C = (
    CampaignStatus.PLANNED,
    CampaignStatus.LIVE,
    CampaignStatus.ENDED,
    CampaignStatus.SUMMARIZED,
    CampaignStatus.CANCELLED,
)
STAGES = (P, L, E, S, C)

SUMMARIZED = (AlreadyHandled, "This flight has ended and its summary is already marked pulled.")
CANCELLED = (AlreadyHandled, "This flight was cancelled.")
RUNNING = (FlightdeckError, "This flight is still running: end it first, or wait for its last day to pass.")
NO_RESULTS = (AlreadyHandled, "This flight was cancelled: it has no results to enter.")
OK = None

# For a flight with Spark codes (its tool only matters to an escalation, below). One row per change,
# one column per stage: planned, live, ended, summarized, cancelled.
TABLE = {
    Change.ASK_CREATOR: (OK, OK, OK, SUMMARIZED, CANCELLED),
    Change.RENEW_CODE: (OK, OK, OK, SUMMARIZED, CANCELLED),
    Change.SWAP_CODE: (OK, OK, OK, SUMMARIZED, CANCELLED),
    Change.EXTEND: (OK, OK, OK, SUMMARIZED, CANCELLED),
    Change.END: (
        (FlightdeckError, "This flight hasn't started yet: cancel it instead, from its ⋯ menu."),
        OK,
        (
            AlreadyHandled,
            "This flight has already ended: its last day was Mon 30 Nov. "
            "Once you have its summary, mark it pulled from the flight's ⋯ menu.",
        ),
        SUMMARIZED,
        CANCELLED,
    ),
    Change.SUMMARY_PULLED: (RUNNING, RUNNING, OK, SUMMARIZED, NO_RESULTS),
    Change.CORRECT_RESULTS: (
        RUNNING,
        RUNNING,
        (FlightdeckError, "This flight's summary isn't marked pulled yet: enter its results first."),
        OK,
        NO_RESULTS,
    ),
    Change.CHANGE_OWNER: (OK, OK, OK, SUMMARIZED, CANCELLED),
    Change.CANCEL: (OK, OK, OK, SUMMARIZED, (AlreadyInEffect, "This flight was cancelled.")),
}

ESCALATE_PROMOTE = (
    OK,
    OK,
    OK,
    OK,  # a Promote test too close to call can still be scaled with Spark Ads
    (AlreadyHandled, "This flight was cancelled: start a new Spark intake with `/intake` instead."),
)
ONLY_PROMOTE = (FlightdeckError, "Only a Promote flight can be escalated to Spark Ads.")


def said(error: FlightdeckError | None):
    return None if error is None else (type(error), str(error))


def cases():
    for change, row in TABLE.items():
        for stage, expected in zip(STAGES, row, strict=True):
            yield change, stage, expected


def test_the_table_names_every_change():
    assert set(TABLE) | {Change.ESCALATE} == set(Change)


@pytest.mark.parametrize(("change", "stage", "expected"), list(cases()))
@pytest.mark.parametrize("tool", [Tool.SPARK, Tool.PROMOTE])
def test_what_each_change_is_told_at_each_stage(change, stage, expected, tool):
    assert said(refusal(change, stage, tool=tool, has_codes=True, last_day=date(2026, 11, 30))) == expected
    assert allowed(change, stage, tool=tool, last_day=date(2026, 11, 30)) is (expected is None)


@pytest.mark.parametrize(("stage", "expected"), list(zip(STAGES, ESCALATE_PROMOTE, strict=True)))
def test_escalating_a_promote_flight(stage, expected):
    assert said(refusal(Change.ESCALATE, stage, tool=Tool.PROMOTE)) == expected
    assert said(refusal(Change.ESCALATE, stage, tool="promote")) == expected  # as a stored column reads


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("tool", [Tool.SPARK, "spark", None])
def test_only_a_promote_flight_is_escalated(stage, tool):
    assert said(refusal(Change.ESCALATE, stage, tool=tool)) == ONLY_PROMOTE


@pytest.mark.parametrize("change", [Change.ASK_CREATOR, Change.RENEW_CODE, Change.SWAP_CODE])
@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (P, (NotFound, "This flight has no Spark code.")),
        (L, (NotFound, "This flight has no Spark code.")),
        (E, (NotFound, "This flight has no Spark code.")),
        (S, SUMMARIZED),
        (C, CANCELLED),
    ],
)
def test_a_flight_without_codes_takes_no_code_change(change, stage, expected):
    assert said(refusal(change, stage, has_codes=False)) == expected


def test_ending_an_ended_flight_without_its_last_day():
    assert str(refusal(Change.END, E)).startswith("This flight has already ended. Once you have its summary")


def test_ensure_raises_the_refusal_and_passes_what_is_allowed():
    ensure(Change.EXTEND, L)
    with pytest.raises(AlreadyInEffect, match="was cancelled"):
        ensure(Change.CANCEL, C)


# What a flight's menus offer: what is allowed, less a code's changes once the flight has ended.
@pytest.mark.parametrize(
    ("stage", "spark", "promote"),
    [
        (P, ["ask", "renew", "swapped", "extend", "owner", "cancel"], ["extend", "escalate", "owner", "cancel"]),
        (
            L,
            ["ask", "renew", "swapped", "extend", "end", "owner", "cancel"],
            ["extend", "end", "escalate", "owner", "cancel"],
        ),
        (E, ["extend", "pulled", "owner", "cancel"], ["extend", "pulled", "escalate", "owner", "cancel"]),
        (S, ["results"], ["results", "escalate"]),
        (C, [], []),
    ],
)
def test_what_a_menu_offers_at_each_stage(stage, spark, promote):
    assert [c.value for c in Change if offered(c, stage, tool=Tool.SPARK, has_codes=True)] == spark
    assert [c.value for c in Change if offered(c, stage, tool=Tool.PROMOTE, has_codes=False)] == promote


@dataclass
class Flight:
    status: str
    start_at: datetime
    end_at: datetime
    owner_tz: str = "America/New_York"


START = datetime(2026, 11, 2, 5, tzinfo=UTC)
END = datetime(2026, 12, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "now", "expected"),
    [
        ("planned", START - timedelta(seconds=1), P),
        ("planned", START, L),  # stored as planned, the calendar has moved it on
        ("live", END - timedelta(seconds=1), L),
        ("live", END, E),
        ("planned", END, E),
        ("ended", START, E),  # ended early by a person: stays ended
        ("summarized", START, S),
        ("cancelled", END + timedelta(days=9), C),
    ],
)
def test_where_a_flight_stands(status, now, expected):
    assert phase(Flight(status, START, END), now) == expected
