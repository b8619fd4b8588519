"""Starting Flightdeck: settings, schema, workspace, app, dispatcher, then serving until stopped."""

from __future__ import annotations

import gc
import logging
import signal
import sys
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.app import build_app
from bot.calendar.serve import calendar_application
from bot.clock import SystemClock
from bot.config import Settings, SettingsError, load_settings
from bot.digest.dispatch import DigestDispatcher
from bot.reminders.dispatcher import Dispatcher
from bot.server import SocketModeRefused, serve_http, serve_socket_mode, start_feed_server
from bot.slack.api import call, web_client
from bot.slack.workspace import Installation
from storage.db import Database
from storage.migrate import upgrade

log = logging.getLogger("flightdeck")


# What to do about any setting that stops the bot: said after every reason it can't start.
WHERE_SETTINGS_GO = (
    "Settings come from the environment or a .env file here (copy .env.example); "
    "`python -m bot check` says what is missing or wrong."
)


class StartupError(Exception):
    """Flightdeck can't start; the message says why in plain words."""


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # At DEBUG the Slack SDK logs request headers (the bot token) and Bolt logs payloads: never let
    # LOG_LEVEL turn that on.
    for name in ("slack_sdk", "slack_bolt"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def installation_of(settings: Settings) -> Installation:
    outcome = call(web_client(settings, timeout=10).auth_test)
    if outcome.transient:
        raise StartupError(f"Couldn't reach Slack at {settings.slack_api_url} ({outcome.error}).")
    if not outcome.ok:
        raise StartupError(f"Slack rejected the bot token ({outcome.error}). Run `python -m bot check` for details.")
    return Installation.from_auth_test(outcome.data)


def open_database(url: str) -> Database:
    """The database, its schema brought up to date; a StartupError in plain words if it can't be."""
    database = Database(url)
    try:
        if upgrade(database):
            log.info("Database schema upgraded")
    except SQLAlchemyError as error:
        database.dispose()
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        where = make_url(database.url).render_as_string(hide_password=True)
        raise StartupError(f"Can't open the database at {where}: {reason}.") from error
    return database


def freeze_startup_objects() -> None:
    """Take what startup built (modules, the tables' metadata, the Bolt app) out of the garbage
    collector's walks: it lives as long as the process, and a full collection walking it all is what
    made the odd request slow (bench/feed.py: a calendar feed's p99 went from about 130 ms to 50 ms).
    Objects made later are collected as usual."""
    gc.collect()
    gc.freeze()


def start_dispatcher(
    dispatcher: Dispatcher, interval_seconds: float, digests: DigestDispatcher | None = None
) -> BackgroundScheduler:
    """APScheduler wakes the dispatchers; the reminders and digests themselves live only in the database."""
    scheduler = BackgroundScheduler(timezone=UTC)
    jobs = {"dispatch-reminders": dispatcher.tick}
    if digests is not None:
        # A job of its own: a long digest never holds up a reminder, nor a backlog of reminders a digest.
        jobs["dispatch-digests"] = digests.tick
    for job_id, tick in jobs.items():
        scheduler.add_job(
            tick,
            IntervalTrigger(seconds=interval_seconds),
            id=job_id,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
    scheduler.start()
    return scheduler


def run(mode: str = "auto") -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Flightdeck can't start: {error}. {WHERE_SETTINGS_GO}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    socket_mode = settings.socket_mode if mode == "auto" else mode == "socket"
    try:
        return _run(settings, socket_mode)
    except StartupError as error:
        log.error("Flightdeck can't start: %s %s", error, WHERE_SETTINGS_GO)
        return 2


def _run(settings: Settings, socket_mode: bool) -> int:
    if not settings.slack_bot_token.startswith("xoxb-"):
        raise StartupError("SLACK_BOT_TOKEN is missing or isn't a bot token (xoxb-…).")
    if socket_mode and not settings.slack_app_token.startswith("xapp-"):
        raise StartupError("Socket Mode needs SLACK_APP_TOKEN, an app-level token (xapp-…).")
    if not socket_mode and not settings.slack_signing_secret:
        raise StartupError("HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests.")

    database = open_database(settings.database_url)
    clock = SystemClock()
    installation = installation_of(settings)
    team_id = installation.team_id
    app, deps = build_app(settings, database, clock, installation=installation)
    calendar = calendar_application(deps, team_id, workspace_url=installation.url)

    scheduler = None
    dispatcher = Dispatcher(
        database=database,
        client=web_client(settings, retry_connection_errors=False),
        clock=clock,
        settings=settings,
        team_id=team_id,
    )
    digests = DigestDispatcher(
        database=database,
        client=web_client(settings, retry_connection_errors=False),
        clock=clock,
        settings=settings,
        team_id=team_id,
    )
    if settings.run_dispatcher:
        scheduler = start_dispatcher(dispatcher, settings.dispatch.interval_seconds, digests)

    freeze_startup_objects()

    def stop(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)

    def ready() -> None:
        log.info("Flightdeck is ready (workspace %s, %s)", team_id, "Socket Mode" if socket_mode else "HTTP")

    feed_server = None
    try:
        if socket_mode:
            # Calendar links need an address to reach: without PUBLIC_URL there are none to serve.
            if settings.public_url:
                try:
                    feed_server = start_feed_server(calendar, settings.port)
                except OSError as error:
                    raise StartupError(f"Can't listen for calendar feeds on port {settings.port} ({error}).") from None
            try:
                serve_socket_mode(app, settings.slack_app_token, ready)
            except SocketModeRefused as refused:
                raise StartupError(
                    f"Slack refused the app-level token for Socket Mode ({refused}). Check SLACK_APP_TOKEN: it "
                    "starts with xapp- and needs the connections:write scope."
                ) from None
        else:
            serve_http(app, settings.port, ready, calendar=calendar)
    except KeyboardInterrupt:
        log.info("Stopping")
    finally:
        if feed_server is not None:
            feed_server.close()
        dispatcher.stop()
        digests.stop()
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        database.dispose()
    return 0
