"""What Flightdeck needs to know about people: their time zone (cached) and whether they're admins."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient

from bot.clock import Clock
from bot.slack.api import call

log = logging.getLogger(__name__)

TIMEZONE_TTL = timedelta(hours=12)


class Users:
    def __init__(self, client: WebClient, clock: Clock, default_timezone: str):
        self.client = client
        self.clock = clock
        self.default_timezone = default_timezone
        self._timezones: dict[str, tuple[str, datetime]] = {}
        self._lock = threading.Lock()

    def cached_timezone(self, user_id: str) -> str | None:
        with self._lock:
            entry = self._timezones.get(user_id)
        if entry and self.clock.now() - entry[1] < TIMEZONE_TTL:
            return entry[0]
        return None

    def timezone(self, user_id: str) -> str:
        """The user's IANA time zone from users.info, cached; the default when Slack can't say."""
        cached = self.cached_timezone(user_id)
        if cached is None:
            self._info(user_id)
            cached = self.cached_timezone(user_id)
        return cached or self.default_timezone

    def is_admin(self, user_id: str) -> bool:
        profile = self._info(user_id) or {}
        return bool(profile.get("is_admin") or profile.get("is_owner") or profile.get("is_primary_owner"))

    def _info(self, user_id: str) -> dict | None:
        outcome = call(self.client.users_info, user=user_id)
        if not outcome.ok:
            log.warning("users.info for %s failed: %s", user_id, outcome.error)
            return None
        user = outcome.data.get("user") or {}
        if _valid_zone(user.get("tz")):
            with self._lock:
                self._timezones[user_id] = (user["tz"], self.clock.now())
        return user


def _valid_zone(name: str | None) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
