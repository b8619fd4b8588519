"""Typed errors with a message for the person who acted, and the one handler that shows it."""

from __future__ import annotations

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
