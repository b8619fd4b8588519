"""Typed errors with a message for the person who acted, and the one handler that shows it."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.core.errors import FlightdeckError

log = logging.getLogger(__name__)

SLACK_ID = re.compile(r"^[A-Z][A-Z0-9]{2,}\Z")


SOMETHING_WENT_WRONG = "Something went wrong on Flightdeck's side and nothing was changed. Please try again."
SLACK_REFUSED = "Slack didn't take that just now, so nothing was changed. Please try again."

# What reading a payload of an unexpected shape raises (a missing key, a list for an object, a date
# past 9999…), or what slack_sdk refuses to send for it (a view id that isn't one). Signed requests
# only get this far, so such a body is answered 400, never 500.
UNREADABLE = (
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,
    OverflowError,
    RecursionError,
    SlackRequestError,
)


def register(app) -> None:
    @app.error
    def handle_error(
        error: Exception,
        body: dict[str, Any],
        client: WebClient,
        logger: logging.Logger,
        response: BoltResponse | None,
    ) -> None:
        if isinstance(error, FlightdeckError):
            tell_user(client, body, str(error))
            return
        if isinstance(error, UNREADABLE) and response is not None:
            # Not yet acknowledged: the request itself couldn't be read. Nothing was done, so there is
            # nothing to tell the person beyond what Slack shows for a refused request.
            logger.warning("Refused a request Flightdeck couldn't read: %r", error, exc_info=error)
            response.status, response.body = 400, ""
            return
        logger.exception("Unhandled error in a Slack listener", exc_info=error)
        tell_user(client, body, SOMETHING_WENT_WRONG)


def refusals_told(listener):
    """For listeners that ack first: tell the person why a click was refused, rather than raise after the ack.

    Bolt's threaded runner resets an acknowledgement that was already made when the listener then
    raises, so a raised refusal could reach Slack as a 404 after 3 s: the button would show an error.
    A payload of a shape the listener can't read is logged, for the same reason; nothing was done.
    Bolt injects arguments by the names of the listener's own parameters (it unwraps the wrapper).
    """

    @functools.wraps(listener)
    def wrapped(**kwargs: Any) -> None:
        try:
            listener(**kwargs)
        except FlightdeckError as error:
            body = kwargs.get("body") or kwargs.get("command") or kwargs.get("shortcut") or {}
            tell_user(kwargs["client"], body, str(error))
        except UNREADABLE as error:
            log.warning("Acknowledged a request Flightdeck then couldn't read: %r", error, exc_info=error)
        except SlackApiError as error:
            # Slack refused what the request led to (a trigger_id it doesn't know, say): nothing was changed.
            log.warning("Slack refused a call after the ack: %s", error.response.get("error"))
            body = kwargs.get("body") or kwargs.get("command") or kwargs.get("shortcut") or {}
            tell_user(kwargs["client"], body, SLACK_REFUSED)

    return wrapped


def tell_user(client: WebClient, body: dict[str, Any], text: str) -> None:
    """An ephemeral note in the channel the user acted in, or a DM when there is no channel."""
    user = _id_of(body, "user")
    channel = _id_of(body, "channel")
    if not user:
        return
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        else:
            client.chat_postMessage(channel=user, text=text)
    except SlackApiError as error:
        log.warning("Could not tell %s about an error: %s", user, error.response.get("error"))


def _id_of(body: Any, key: str) -> str | None:
    """`body[key]["id"]` or `body[key + "_id"]`, when it is a Slack id; whatever shape the body has."""
    if not isinstance(body, dict):
        return None
    holder = body.get(key)
    found = holder.get("id") if isinstance(holder, dict) else None
    found = found or body.get(f"{key}_id")
    return found if isinstance(found, str) and SLACK_ID.match(found) else None
