"""Where each code's renewal stands, for the digest to show beside its expiry.

The one place the digest reads renewal states: until renewals are recorded, every code reads as
"not requested". Point `renewal_states` at the renewal store's read once it exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from bot.core.renewal import RenewalState


def renewal_states(session: Session, team_id: str, authorization_ids: Iterable[int]) -> dict[int, RenewalState]:
    """The renewal state of each code by authorization id; a code missing from the answer has none."""
    return {}


def state_of(states: dict[int, RenewalState], authorization_id: int) -> RenewalState:
    return states.get(authorization_id, RenewalState.NONE)
