"""A Promote test's shape (docs/domain.md): how many candidates it takes, and when it stops taking them."""

from __future__ import annotations

from enum import StrEnum

# Two posts are the least a comparison needs; past six, each post's share of a short window is too thin.
MIN_CANDIDATES = 2
MAX_CANDIDATES = 6


class PromoteTestStatus(StrEnum):
    # Takes more candidates, from the intake's "Add to an open Promote test".
    OPEN = "open"
    # Its winner was called (every candidate's figures in, or the owner pressed "Call the winner").
    CLOSED = "closed"


def candidate_label(number: int, creator_handle: str) -> str:
    """How people know a candidate: its place in the test (1-based, the order it joined) and its creator."""
    return f"Post {number} ({creator_handle})"
