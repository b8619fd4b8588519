"""The newest action seen on each open modal, so a lost hash race never leaves an older answer on screen.

Two quick edits send two block actions carrying the same view hash. Whichever views.update lands
second gets `hash_conflict`; when that one is the newer answer, dropping it would leave the older
answer's decision on screen. Remembering the newest `action_ts` per view says which to keep.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from decimal import Decimal, InvalidOperation

# Modals open at once across a workspace: a few thousand is plenty, and the oldest go first.
MAX_VIEWS = 4096


def _instant(action_ts: str | None) -> Decimal | None:
    # Compared as decimals: a float can't tell two microseconds apart at today's epoch.
    try:
        instant = Decimal(action_ts or "")
    except InvalidOperation:
        return None
    return instant if instant.is_finite() else None


class NewestActions:
    def __init__(self, max_views: int = MAX_VIEWS):
        self._max_views = max_views
        self._newest: OrderedDict[str, Decimal] = OrderedDict()
        self._lock = threading.Lock()

    def saw(self, view_id: str, action_ts: str | None) -> None:
        """Note an action on `view_id` as it arrives, before its update is sent."""
        instant = _instant(action_ts)
        if instant is None:
            return
        with self._lock:
            newest = self._newest.get(view_id)
            if newest is None or instant > newest:
                self._newest[view_id] = instant
            self._newest.move_to_end(view_id)
            while len(self._newest) > self._max_views:
                self._newest.popitem(last=False)

    def is_newest(self, view_id: str, action_ts: str | None) -> bool:
        """True when no later action on `view_id` has been seen than this one."""
        instant = _instant(action_ts)
        if instant is None:
            return False
        with self._lock:
            newest = self._newest.get(view_id)
        return newest is not None and instant >= newest
