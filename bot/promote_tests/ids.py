"""The action ids of a Promote test's message. Each button's value names the test (and the flight)."""

from __future__ import annotations

from enum import StrEnum


class TestAction(StrEnum):
    # Value: the test's id. Ranks the candidates that have figures, without waiting for the others.
    CALL_WINNER = "promote_test_call_winner"
    # Value: `{test id}:{campaign id}` of the winner. Opens the Spark intake filled in from that flight.
    ESCALATE_WINNER = "promote_test_escalate_winner"


def call_block_id(test_id: int) -> str:
    """The block holding a test's "Call the winner" button."""
    return f"promote_test_{test_id}"


def escalate_value(test_id: int, campaign_id: int) -> str:
    return f"{test_id}:{campaign_id}"


def read_escalate_value(raw: object) -> tuple[int, int] | None:
    """The test and flight a button names; None for anything else (a forged or garbled value)."""
    if not isinstance(raw, str):
        return None
    test, _, campaign = raw.partition(":")
    if not (test.isascii() and test.isdigit() and campaign.isascii() and campaign.isdigit()):
        return None
    if len(test) > 12 or len(campaign) > 12:
        return None
    return int(test), int(campaign)


def read_test_id(raw: object) -> int | None:
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        return None
    return int(raw)
