"""A clock the tests move by hand: nothing waits for a due time to come round."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# Monday 23 November 2026, 10:00 in New York: the owner's working morning, where every test's clock starts.
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("the fake clock needs an aware start")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()
        self.slept = 0.0

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=max(0.0, seconds))
            self.slept += max(0.0, seconds)

    def advance(self, delta: timedelta | None = None, **kwargs) -> datetime:
        with self._lock:
            self._now += delta if delta is not None else timedelta(**kwargs)
            return self._now

    def set(self, instant: datetime) -> None:
        with self._lock:
            self._now = instant.astimezone(UTC)
