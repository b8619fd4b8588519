"""Serving the app: HTTP through waitress (a production WSGI server), or Slack's Socket Mode."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SocketModeRefused(Exception):
    """Slack wouldn't open a Socket Mode connection with the app-level token."""


HEALTH_PATH = "/healthz"


def wsgi_application(app: App) -> Callable:
    """Slack's requests at /slack/events, a health check at /healthz, 404 for the rest."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok\n"]
        return slack(environ, start_response)

    return application


def serve_http(app: App, port: int, on_ready: Callable[[], None]):
    from waitress import create_server

    server = create_server(wsgi_application(app), host="0.0.0.0", port=port, threads=8, ident="flightdeck")
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
