"""Where each code's renewal stands, for the digest to show beside its expiry.

The one place the digest reads renewal states: the renewal store's (storage/renewals.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from bot.core.renewal import RenewalState
from storage import renewals as renewal_store


def renewal_states(session: Session, team_id: str, authorization_ids: Iterable[int]) -> dict[int, RenewalState]:
    """The renewal state of each code by authorization id; a code missing from the answer has none."""
    return renewal_store.renewal_states(session, team_id, authorization_ids)


def live_expiries(session: Session, team_id: str, authorization_ids: Iterable[int]) -> dict[int, datetime]:
    """The expiry that lapses first for codes whose new one isn't swapped in yet: the old code's."""
    return renewal_store.live_expiries(session, team_id, authorization_ids)


def state_of(states: dict[int, RenewalState], authorization_id: int) -> RenewalState:
    return states.get(authorization_id, RenewalState.NONE)
