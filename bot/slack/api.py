"""Slack Web API clients, and the one place that knows how Slack's failures should be read."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from slack_sdk.web import SlackResponse

from bot.config import Settings
from bot.slack.text import escape
from bot.slack.transport import KeepAliveWebClient, NoAnswer

# The channel can't take our message: archived, deleted, private without us, or we were removed.
CHANNEL_GONE = frozenset(
    {"channel_not_found", "not_in_channel", "is_archived", "channel_is_archived", "restricted_action"}
)
# Slack said no for good: retrying the same call won't help.
PERMANENT = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "invalid_blocks",
        "msg_too_long",
        "user_not_found",
        "cannot_dm_bot",
        "user_disabled",
    }
)


_PLAIN_WORDS = {
    "channel_not_found": "the channel is gone, or it's private and I'm not in it",
    "not_in_channel": "I'm not a member of the channel (invite me with `/invite @Flightdeck`)",
    "is_archived": "the channel is archived",
    "channel_is_archived": "the channel is archived",
    "restricted_action": "the workspace doesn't let me post there",
    "ratelimited": "Slack asked me to slow down and I ran out of retries",
    "invalid_auth": "Slack rejected my token (reinstall the app)",
    "token_revoked": "my token was revoked (reinstall the app)",
    "account_inactive": "my Slack account is deactivated (reinstall the app)",
    "missing_scope": "the app is missing a permission (reinstall it from manifest.yml)",
    "user_not_found": "Slack doesn't know that person",
    "invalid_blocks": "the message was too large for Slack",
    "msg_too_long": "the message was too long for Slack",
    "no_answer": "Slack didn't answer in time",
}


def in_plain_words(error: str) -> str:
    """What a Slack error code means to the person reading about it."""
    if error.startswith(("http_5", "internal_error", "fatal_error", "service_unavailable", "network")):
        return "Slack couldn't be reached"
    return _PLAIN_WORDS.get(error, f"Slack answered “{escape(error)}”")


def _sdk_logger() -> logging.Logger:
    """slack_sdk's logger, with a level of its own.

    The SDK decides whether to format its DEBUG lines from its logger's own level, not the effective
    one. Left at NOTSET, every call renders its whole request (a modal is kilobytes) into a string
    that logging then drops: on /intake that costs more than building the modal.
    """
    logger = logging.getLogger("slack_sdk.web.base_client")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    return logger


def web_client(settings: Settings, *, timeout: float | None = None, retry_connection_errors: bool = True) -> WebClient:
    client = KeepAliveWebClient(
        token=settings.slack_bot_token or None,
        base_url=settings.slack_api_url,
        timeout=timeout or settings.dispatch.slack_timeout_seconds,
        logger=_sdk_logger(),
    )
    client.retry_handlers = [ConnectionErrorRetryHandler(max_retry_count=1)] if retry_connection_errors else []
    return client


@dataclass(frozen=True)
class Outcome:
    """What became of one Slack call."""

    ok: bool
    data: dict[str, Any]
    error: str = ""
    retry_after: float | None = None
    channel_gone: bool = False
    transient: bool = False
    # The request went out and no answer came: Slack may have acted on it. Retrying may duplicate it.
    uncertain: bool = False
    # The answer's headers, lower-cased names (x-oauth-scopes: what the token was granted).
    headers: dict[str, Any] = field(default_factory=dict)

    @property
    def rate_limited(self) -> bool:
        return self.retry_after is not None


def call(method: Callable[..., SlackResponse], **kwargs: Any) -> Outcome:
    """Call a WebClient method and classify the result instead of raising.

    The four answers the callers act on: sent; rate-limited (with Retry-After); the channel is
    gone (archived, bot removed); a transient failure worth retrying; anything else is permanent.
    """
    try:
        response = method(**kwargs)
        headers = {str(name).lower(): value for name, value in (response.headers or {}).items()}
        return Outcome(ok=True, data=dict(response.data), headers=headers)
    except SlackApiError as error:
        status = error.response.status_code
        code = error.response.get("error") or f"http_{status}"
        if status == 429 or code == "ratelimited":
            headers = {k.lower(): v for k, v in (error.response.headers or {}).items()}
            retry_after = _retry_after(headers.get("retry-after"))
            return Outcome(ok=False, data={}, error="ratelimited", retry_after=retry_after)
        if code in CHANNEL_GONE:
            return Outcome(ok=False, data={}, error=code, channel_gone=True)
        transient = status >= 500 or code in ("internal_error", "fatal_error", "service_unavailable", "request_timeout")
        return Outcome(ok=False, data={}, error=code, transient=transient and code not in PERMANENT)
    except NoAnswer:
        return Outcome(ok=False, data={}, error="no_answer", transient=True, uncertain=True)
    except URLError as error:  # nothing reached Slack: the connection couldn't be made
        reason = error.reason if isinstance(error.reason, BaseException) else error
        return Outcome(ok=False, data={}, error=f"network: {type(reason).__name__}", transient=True)
    except TimeoutError:  # the SDK's own transport, reading the answer: as above
        return Outcome(ok=False, data={}, error="no_answer", transient=True, uncertain=True)
    except OSError as error:  # a connection lost on the way: refused, reset
        return Outcome(ok=False, data={}, error=f"network: {type(error).__name__}", transient=True)


def _retry_after(raw: Any) -> float:
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(1.0, float(raw))
    except (TypeError, ValueError):
        return 30.0


def open_dm(client: WebClient, user_id: str) -> Outcome:
    outcome = call(client.conversations_open, users=user_id)
    if outcome.ok:
        return Outcome(ok=True, data={"channel": outcome.data["channel"]["id"]})
    return outcome


def send_dm(client: WebClient, user_id: str, **message: Any) -> Outcome:
    opened = open_dm(client, user_id)
    if not opened.ok:
        return opened
    return call(client.chat_postMessage, channel=opened.data["channel"], **message)
