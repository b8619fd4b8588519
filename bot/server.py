"""Serving the app: HTTP through waitress (a production WSGI server), or Slack's Socket Mode."""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.errors import SlackApiError

from bot.slack.payloads import MAX_BODY_BYTES, parse, signed_by_slack

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SocketModeRefused(Exception):
    """Slack wouldn't open a Socket Mode connection with the app-level token."""


HEALTH_PATH = "/healthz"
# Calendar feeds (bot/calendar/serve.py): the one thing served that isn't for Slack.
CALENDAR_PREFIX = "/calendar/"


def wsgi_application(app: App, signing_secret: str | None = None, *, calendar: Callable | None = None) -> Callable:
    """Slack's requests at /slack/events, a health check at /healthz, calendar feeds, 404 for the rest.

    A request to /slack/events is checked for Slack's signature first (401), then for a body that
    reads as Slack's do (400), and only then reaches Bolt (see bot/payloads.py for why).
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    # The app was built with the secret; taking it from there keeps one source for both checks.
    secret = signing_secret or getattr(app, "_signing_secret", None)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return _plain(start_response, "200 OK", "ok")
        if calendar is not None and (environ.get("PATH_INFO") or "").startswith(CALENDAR_PREFIX):
            return calendar(environ, start_response)
        if environ.get("PATH_INFO") != EVENTS_PATH or environ.get("REQUEST_METHOD") != "POST":
            return slack(environ, start_response)
        length = _content_length(environ)
        if length is None or length > MAX_BODY_BYTES:
            return _plain(start_response, "413 Payload Too Large", "too large")
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if secret and not signed_by_slack(secret, body, headers):
            return _plain(start_response, "401 Unauthorized", "invalid signature")
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip() or None
        if parse(body, content_type) is None:
            log.warning("Refused a signed request whose body Flightdeck can't read")
            return _plain(start_response, "400 Bad Request", "unreadable request")
        environ["wsgi.input"] = io.BytesIO(body)
        return slack(environ, start_response)

    return application


def _content_length(environ: dict) -> int | None:
    raw = environ.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _plain(start_response: Callable, status: str, text: str) -> Iterable[bytes]:
    body = f"{text}\n".encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def feeds_only_application(calendar: Callable) -> Callable:
    """In Socket Mode Slack needs no HTTP server, but calendars do: feeds and /healthz, 404 for the rest."""

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or ""
        if path == HEALTH_PATH:
            return _plain(start_response, "200 OK", "ok")
        if path.startswith(CALENDAR_PREFIX):
            return calendar(environ, start_response)
        return _plain(start_response, "404 Not Found", "not found")

    return application


def start_feed_server(calendar: Callable, port: int):
    """The small HTTP listener Socket Mode runs for calendar feeds, serving from its own thread; close() stops it."""
    from waitress import create_server

    server = create_server(feeds_only_application(calendar), host="0.0.0.0", port=port, threads=4, ident="flightdeck")
    log.info("Serving calendar feeds on http://0.0.0.0:%s%s", server.effective_port, CALENDAR_PREFIX)
    threading.Thread(target=_run_quietly, args=(server,), name="feed-server", daemon=True).start()
    return server


def _run_quietly(server) -> None:
    # Closing the server from the main thread at shutdown pulls the socket from under select().
    with contextlib.suppress(OSError):
        server.run()


def serve_http(app: App, port: int, on_ready: Callable[[], None], *, calendar: Callable | None = None):
    from waitress import create_server

    application = wsgi_application(app, calendar=calendar)
    server = create_server(application, host="0.0.0.0", port=port, threads=8, ident="flightdeck")
    log.info("Listening for Slack on http://0.0.0.0:%s%s", server.effective_port, EVENTS_PATH)
    on_ready()
    try:
        server.run()
    finally:
        server.close()


def serve_socket_mode(app: App, app_token: str, on_ready: Callable[[], None]) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token)
    try:
        handler.connect()
    except SlackApiError as error:
        raise SocketModeRefused(error.response.get("error") or str(error.response.status_code)) from None
    log.info("Connected to Slack over Socket Mode")
    on_ready()
    try:
        threading.Event().wait()  # the handler's own threads serve; this one waits for a signal
    finally:
        handler.close()
