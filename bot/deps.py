"""What listeners need, put into each request's Bolt context by the app, and the hooks between features."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import BoltContext

from bot.clock import Clock
from bot.config import Settings
from bot.slack.users import Users
from storage.db import Database
from storage.service import Campaigns

# Where bot/app.py's middleware puts the Deps in every request's context.
DEPS_KEY = "deps"


@dataclass
class Deps:
    settings: Settings
    database: Database
    clock: Clock
    users: Users
    campaigns: Campaigns
    # What one feature must have another do, handed over where the app is wired (bot/app.py):
    # the Spark intake that escalates a Promote flight is the intake's, opened from the flight's menu.
    escalation_view: Callable[..., Any] = field(default=lambda *args, **kwargs: None)
    # `/flights export` sends the CSV that bot/export builds: (client, *, team_id, user_id, scope, channel_id,
    # member) -> what to tell the person, and whether the file reached their DM.
    export_flights: Callable[..., Any] = field(default=lambda *args, **kwargs: None)
    # A Promote test's message (bot/promote_tests): (client, *, team_id, test_id) posts or redraws it when
    # the intake records or joins a test; (client, *, team_id, campaign_id) after a flight's results are saved.
    promote_test_changed: Callable[..., Any] = field(default=lambda *args, **kwargs: None)
    results_saved: Callable[..., Any] = field(default=lambda *args, **kwargs: None)
    # And back: a test's call (or its re-making) changes what its candidates' results cards say of their
    # place, so bot/results draws them again: (client, *, team_id, campaign_ids) -> None.
    results_cards_changed: Callable[..., Any] = field(default=lambda *args, **kwargs: None)
    # `/flights digest …` is bot/digest's: (client, *, team_id, user_id, channel_id, text, member) -> the reply.
    digest_command: Callable[..., Any] = field(default=lambda *args, **kwargs: None)

    # Each feature's own state between requests (caches), one per app: see state_of.
    _states: dict[str, Any] = field(default_factory=dict)
    _states_lock: threading.Lock = field(default_factory=threading.Lock)

    def state_of(self, feature: str, create: Callable[[], Any]) -> Any:
        """`feature`'s state for this app, created on first use: listeners are plain functions, so what a
        feature remembers between requests lives with the app's Deps, not in the module."""
        with self._states_lock:
            if feature not in self._states:
                self._states[feature] = create()
            return self._states[feature]

    # A calendar feed link, made by bot/calendar: (team_id, *, user_id | channel_id, by, name, new) -> a
    # bot.slack.calendar_link.FeedLink (the link, or why there is none).
    feed_link: Callable[..., Any] = field(default=lambda *args, **kwargs: None)
    # "Summary pulled" (a reminder's button, the ⋯ menu) opens bot/results' modal: (client, *, trigger_id,
    # team_id, user_id, origin: ChangeOrigin) -> None.
    open_results: Callable[..., Any] = field(default=lambda *args, **kwargs: None)

    def today(self, timezone: str) -> date:
        return self.clock.now().astimezone(ZoneInfo(timezone)).date()


def deps_of(context: BoltContext) -> Deps:
    """The app's Deps, as its middleware put them into this request's context."""
    return context[DEPS_KEY]
