"""Builds the Bolt app: one client, the listeners of each feature, and the one error handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot import errors
from bot.campaigns import listeners as changes
from bot.campaigns.service import Campaigns
from bot.clock import Clock
from bot.config import Settings
from bot.deps import Deps
from bot.flights import listeners as flights
from bot.home import listeners as home
from bot.intake import listeners as intake
from bot.reminders import listeners as reminders
from bot.slack_api import web_client
from bot.users import Users
from storage.db import Database

log = logging.getLogger(__name__)

LISTENER_WORKERS = 16


def build_deps(settings: Settings, database: Database, clock: Clock) -> Deps:
    return Deps(
        settings=settings,
        database=database,
        clock=clock,
        # Time zones are looked up on the way to an ack: they must answer fast or fall back. No retry
        # after a failed connection either, or one lookup could take two timeouts, past Slack's 3 s.
        users=Users(web_client(settings, timeout=2, retry_connection_errors=False), clock, settings.default_timezone),
        campaigns=Campaigns(database, settings.schedule),
    )


class OnlyOurWorkspace(Middleware):
    """A payload for another workspace never touches this one's records.

    A Middleware subclass rather than a decorated function: Bolt then calls it directly instead of
    building every injectable argument for it, which is a tenth of the way to views.open.
    """

    def __init__(self, team_id: str):
        self.team_id = team_id

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        context = req.context
        if context.team_id and context.team_id != self.team_id and not context.enterprise_id:
            log.warning("Ignored a request from workspace %s", context.team_id)
            return BoltResponse(status=200, body="")
        return next()


def build_app(settings: Settings, database: Database, clock: Clock, *, team_id: str) -> tuple[App, Deps]:
    """The Slack app for the workspace `team_id` (the one whose bot token we hold)."""
    client = web_client(settings)
    app = App(
        signing_secret=settings.slack_signing_secret or None,
        client=client,
        # auth.test now, not on the first request: a trigger_id lives 3 s and views.open must come first.
        token_verification_enabled=True,
        name="flightdeck",
        # Bolt's default is 5 workers, fewer than the HTTP server's 8 threads. A listener keeps its
        # worker after acking while it talks to Slack, and a change is acked only once it's saved: a
        # sixth quick submission would wait for a worker and could miss Slack's 3 s.
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_WORKERS, thread_name_prefix="listener"),
    )
    deps = build_deps(settings, database, clock)

    app.use(OnlyOurWorkspace(team_id))
    intake.register(app, deps)
    reminders.register(app, deps)
    changes.register(app, deps)
    flights.register(app, deps)
    home.register(app, deps)
    errors.register(app)
    return app, deps
