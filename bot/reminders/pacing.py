"""Per-channel pacing: Slack allows chat.postMessage about once a second per channel.

The pacer only keeps time; the dispatcher asks it which channel may go next and when.
"""

from __future__ import annotations

from datetime import datetime, timedelta


class Pacer:
    def __init__(self, interval_seconds: float):
        self.interval = timedelta(seconds=interval_seconds)
        self._ready_at: dict[str, datetime] = {}

    def ready_at(self, channel: str, now: datetime) -> datetime:
        return max(now, self._ready_at.get(channel, now))

    def sent(self, channel: str, at: datetime) -> None:
        self._ready_at[channel] = max(self._ready_at.get(channel, at), at + self.interval)

    def pause(self, channel: str, seconds: float, now: datetime) -> None:
        """Slack answered 429: nothing more to this channel until Retry-After has passed."""
        self._ready_at[channel] = max(self._ready_at.get(channel, now), now + timedelta(seconds=seconds))

    def forget_before(self, now: datetime) -> None:
        """Drop channels that are long ready, so the map doesn't grow without end."""
        self._ready_at = {channel: at for channel, at in self._ready_at.items() if at > now}
