"""Builds the Bolt app: one client, the listeners of each feature, and the one error handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltContext

from bot.calendar.links import feed_link
from bot.campaigns import listeners as changes
from bot.clock import Clock
from bot.config import Settings
from bot.deps import DEPS_KEY, Deps
from bot.digest.command import digest_command
from bot.export import listeners as export
from bot.export.send import export_for
from bot.flights import listeners as flights
from bot.home import listeners as home
from bot.intake import listeners as intake
from bot.intake.escalation import escalation_view
from bot.promote_tests import listeners as promote_tests
from bot.reminders import listeners as reminders
from bot.renewals import listeners as renewals
from bot.results import listeners as results
from bot.slack import errors
from bot.slack.api import web_client
from bot.slack.text import moment_token
from bot.slack.users import Users
from bot.slack.workspace import ChannelVisibility, Installation, OnlyOurInstallation
from storage.db import Database
from storage.service import Campaigns


class _TokenIsTheClients(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN itself and, handed our client as well, warns that the token "will be
    unused". It is used: our client carries it. The warning would only alarm whoever reads the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_BOLT_LOG = logging.getLogger("slack_bolt.App")
if not any(isinstance(f, _TokenIsTheClients) for f in _BOLT_LOG.filters):
    _BOLT_LOG.addFilter(_TokenIsTheClients())

LISTENER_WORKERS = 16


def build_deps(settings: Settings, database: Database, clock: Clock) -> Deps:
    deps = Deps(
        settings=settings,
        database=database,
        clock=clock,
        # Time zones are looked up on the way to an ack: they must answer fast or fall back. No retry
        # after a failed connection either, or one lookup could take two timeouts, past Slack's 3 s.
        users=Users(web_client(settings, timeout=2, retry_connection_errors=False), clock, settings.default_timezone),
        campaigns=Campaigns(database, settings.schedule, instant_text=moment_token),
        escalation_view=escalation_view,
    )
    deps.export_flights = lambda client, **request: export_for(deps, client, **request)
    deps.digest_command = lambda client, **request: digest_command(deps, client, **request)
    deps.feed_link = lambda team_id, **request: feed_link(deps, team_id, **request)
    deps.open_results = lambda client, **request: results.open_results(deps, client, **request)
    deps.promote_test_changed = lambda client, **test: promote_tests.show(deps, client, **test)
    deps.results_saved = lambda client, **flight: promote_tests.after_results(deps, client, **flight)
    deps.results_cards_changed = lambda client, **flights: results.redraw_cards(deps, client, **flights)
    return deps


def build_app(settings: Settings, database: Database, clock: Clock, *, installation: Installation) -> tuple[App, Deps]:
    """The Slack app for `installation`, the workspace whose bot token we hold."""
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
    promote_tests.use_workspace(deps, installation.url)

    def provide_deps(context: BoltContext, next: Callable[[], None]) -> None:
        # Listeners are plain functions: what they need arrives with the request (bot.deps.deps_of).
        context[DEPS_KEY] = deps
        next()

    app.use(provide_deps)
    app.use(OnlyOurInstallation(installation, ChannelVisibility(deps.users.client)))
    intake.register(app)
    reminders.register(app)
    changes.register(app)
    flights.register(app)
    home.register(app)
    export.register(app)
    promote_tests.register(app)
    results.register(app)
    renewals.register(app)
    errors.register(app)
    return app, deps
