"""The flight's state machine: where a flight stands now, and which changes each state allows.

Every way of changing a flight asks `refusal` here: the ⋯ menu (what to offer), a change modal
before it opens (a quick answer), and the service under the flight's row lock (the answer that
counts: two quick presses both pass any check made before it). The states are docs/domain.md's.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from bot.core.calendar import Flight, day_label
from bot.core.errors import AlreadyHandled, AlreadyInEffect, FlightdeckError, NotFound
from bot.core.vocabulary import CampaignStatus, Tool

# The states no change leads out of: the flight is over and its summary pulled, or it was cancelled.
CLOSED = (CampaignStatus.SUMMARIZED, CampaignStatus.CANCELLED)

# What a change to a closed flight is told, unless the change has something more useful to say.
CLOSED_SAYS = {
    CampaignStatus.SUMMARIZED: "This flight has ended and its summary is already marked pulled.",
    CampaignStatus.CANCELLED: "This flight was cancelled.",
}

STILL_RUNNING = "This flight is still running: end it first, or wait for its last day to pass."
NO_RESULTS_WHEN_CANCELLED = "This flight was cancelled: it has no results to enter."


class Change(StrEnum):
    """Every change a person can make to a flight once it is recorded."""

    ASK_CREATOR = "ask"  # the creator asked for a new Spark code
    RENEW_CODE = "renew"  # a new code's expiry entered
    SWAP_CODE = "swapped"  # the new code swapped in Ads Manager
    EXTEND = "extend"
    END = "end"
    SUMMARY_PULLED = "pulled"  # the summary pulled (with its figures): the flight becomes summarized
    CORRECT_RESULTS = "results"  # a summarized flight's figures, entered late or corrected
    ESCALATE = "escalate"  # a Promote flight scaled with Spark Ads (a Spark intake linked to it)
    CHANGE_OWNER = "owner"
    CANCEL = "cancel"


# A Spark code's changes: they need a code, and a menu stops offering them once the flight has ended.
CODE_CHANGES = (Change.ASK_CREATOR, Change.RENEW_CODE, Change.SWAP_CODE)


def phase(campaign: Flight, now: datetime) -> CampaignStatus:
    """Where the flight stands now: stored states people set, else what the calendar says."""
    status = campaign.status
    if status in CLOSED or status == CampaignStatus.ENDED:
        return status
    if now >= campaign.end_at:
        return CampaignStatus.ENDED
    return CampaignStatus.PLANNED if now < campaign.start_at else CampaignStatus.LIVE


def refusal(
    change: Change,
    stage: CampaignStatus,
    *,
    tool: Tool | str | None = None,
    has_codes: bool = True,
    last_day: date | None = None,
) -> FlightdeckError | None:
    """Why `change` can't be made to a flight at `stage` (the error to raise, its text for people), or None.

    `tool` matters to an escalation, `has_codes` to a code's changes, `last_day` only to what ending an
    ended flight is told. The error's type says how a refusal is taken: AlreadyInEffect (the change
    already holds: a duplicate closes quietly), AlreadyHandled (the flight moved on), else a plain no.
    """
    if change is Change.ESCALATE:
        if tool != Tool.PROMOTE:
            return FlightdeckError("Only a Promote flight can be escalated to Spark Ads.")
        # A summarized Promote flight is what a Promote test escalates: its winner, or a too-close call.
        if stage == CampaignStatus.CANCELLED:
            return AlreadyHandled("This flight was cancelled: start a new Spark intake with `/intake` instead.")
        return None
    if change in (Change.SUMMARY_PULLED, Change.CORRECT_RESULTS):
        return _results_refusal(change, stage)
    if change is Change.CANCEL and stage == CampaignStatus.CANCELLED:
        return AlreadyInEffect(CLOSED_SAYS[stage])
    if stage in CLOSED:
        return AlreadyHandled(CLOSED_SAYS[stage])
    if change in CODE_CHANGES and not has_codes:
        return NotFound("This flight has no Spark code.")
    if change is Change.END:
        if stage == CampaignStatus.ENDED:
            its_last_day = f": its last day was {day_label(last_day)}" if last_day is not None else ""
            return AlreadyHandled(
                f"This flight has already ended{its_last_day}. "
                "Once you have its summary, mark it pulled from the flight's ⋯ menu."
            )
        if stage == CampaignStatus.PLANNED:
            return FlightdeckError("This flight hasn't started yet: cancel it instead, from its ⋯ menu.")
    return None


def _results_refusal(change: Change, stage: CampaignStatus) -> FlightdeckError | None:
    if stage == CampaignStatus.CANCELLED:
        return AlreadyHandled(NO_RESULTS_WHEN_CANCELLED)
    if stage in (CampaignStatus.PLANNED, CampaignStatus.LIVE):
        return FlightdeckError(STILL_RUNNING)
    if change is Change.SUMMARY_PULLED and stage == CampaignStatus.SUMMARIZED:
        return AlreadyHandled(CLOSED_SAYS[stage])
    if change is Change.CORRECT_RESULTS and stage == CampaignStatus.ENDED:
        return FlightdeckError("This flight's summary isn't marked pulled yet: enter its results first.")
    return None


def allowed(change: Change, stage: CampaignStatus, **facts) -> bool:
    return refusal(change, stage, **facts) is None


def ensure(change: Change, stage: CampaignStatus, **facts) -> None:
    """Raise the refusal, if there is one."""
    refused = refusal(change, stage, **facts)
    if refused is not None:
        raise refused


def offered(change: Change, stage: CampaignStatus, **facts) -> bool:
    """Whether a flight's menus offer the change: what is allowed, less a code's changes once the flight
    has ended (a reminder about a code sent before the end may still be answered; nothing asks for more)."""
    if change in CODE_CHANGES and stage == CampaignStatus.ENDED:
        return False
    return allowed(change, stage, **facts)
