"""Typed errors with a message for the person who acted, and the one handler that shows it."""

from __future__ import annotations

import functools
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


class FlightdeckError(Exception):
    """An error the user can act on; `str(error)` is written for them."""


class NotFound(FlightdeckError):
    pass


class NotAllowed(FlightdeckError):
    pass


class AlreadyHandled(FlightdeckError):
    pass


SOMETHING_WENT_WRONG = "Something went wrong on Flightdeck's side and nothing was changed. Please try again."


def register(app) -> None:
    @app.error
    def handle_error(error: Exception, body: dict[str, Any], client: WebClient, logger: logging.Logger) -> None:
        if isinstance(error, FlightdeckError):
            tell_user(client, body, str(error))
            return
        logger.exception("Unhandled error in a Slack listener", exc_info=error)
        tell_user(client, body, SOMETHING_WENT_WRONG)


def refusals_told(listener):
    """For action listeners: tell the person why a click was refused, rather than raise after the ack.

    Bolt's threaded runner resets an acknowledgement that was already made when the listener then
    raises, so a raised refusal could reach Slack as a 404 after 3 s: the button would show an error.
    """

    @functools.wraps(listener)
    def wrapped(ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context) -> None:
        try:
            listener(ack, body, action, client, context)
        except FlightdeckError as error:
            tell_user(client, body, str(error))

    return wrapped


def tell_user(client: WebClient, body: dict[str, Any], text: str) -> None:
    """An ephemeral note in the channel the user acted in, or a DM when there is no channel."""
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    channel = (body.get("channel") or {}).get("id") or body.get("channel_id")
    if not user:
        return
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        else:
            client.chat_postMessage(channel=user, text=text)
    except SlackApiError as error:
        log.warning("Could not tell %s about an error: %s", user, error.response.get("error"))
