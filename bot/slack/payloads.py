"""Reading what arrives at /slack/events before Bolt does: signed first, then readable, else 4xx.

Bolt parses the body before its own signature check, and a body it can't parse (`payload=null`,
invalid UTF-8, JSON nested past Python's recursion limit) raises out of the adapter as an HTTP 500,
signed or not. So the edge checks the signature first (401), then that the body reads as Slack's
requests do (400), and only then hands it to Bolt. Socket Mode payloads come from Slack's own
connection and skip this; `unreadable_shape` guards both ways in.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

# Slack's interaction payloads nest blocks within views within payloads: a dozen levels at most.
MAX_DEPTH = 64
# Slack's largest payloads (a modal's full state and view) stay far below this.
MAX_BODY_BYTES = 1_000_000


# As Slack's SDKs allow: a request signed longer ago than this is a replay.
MAX_SIGNATURE_AGE_SECONDS = 5 * 60


def signed_by_slack(secret: str, body: bytes, headers: dict[str, str], now: Callable[[], float] = time.time) -> bool:
    """Slack's v0 request signature, over the raw bytes.

    slack_sdk's SignatureVerifier computes the same HMAC but decodes the body as UTF-8 first, and
    raises on a body that isn't: signing the bytes answers every body, whatever it holds.
    """
    timestamp = headers.get("x-slack-request-timestamp") or ""
    signature = headers.get("x-slack-signature") or ""
    if not (timestamp.isascii() and timestamp.isdigit() and signature):
        return False
    if abs(now() - int(timestamp)) > MAX_SIGNATURE_AGE_SECONDS:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def parse(body: bytes, content_type: str | None) -> dict[str, Any] | None:
    """The request as Bolt will read it, or None when Bolt couldn't (or shouldn't) read it."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text:
        return {}
    try:
        if content_type == "application/json" or text.startswith("{"):
            data = json.loads(text)
        else:
            # strict: a percent-escape that isn't UTF-8 is refused here, not read as U+FFFD.
            fields = dict(parse_qsl(text, keep_blank_values=True, errors="strict"))
            data = json.loads(fields["payload"]) if "payload" in fields else fields
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None
    if not isinstance(data, dict) or _depth(data) > MAX_DEPTH:
        return None
    return data if unreadable_shape(data) is None else None


def _depth(data: Any) -> int:
    """How deep the JSON nests, without recursion (the point is to refuse what would exhaust it)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


# The envelope fields Bolt itself reads (to route a request and build its context), with the types it
# assumes: anything else makes Bolt raise before any listener of ours runs.
_ID_HOLDERS = ("team", "user", "channel", "enterprise")
_OBJECTS = ("view", "event", "container", "message", "state")


def _odd_ids(node: dict[str, Any]) -> str | None:
    for key in _ID_HOLDERS:
        value = node.get(key)
        if value is not None and not isinstance(value, str | dict):
            return f"{key} is neither an id nor an object"
        if isinstance(value, dict) and not isinstance(value.get("id", ""), str | None):
            return f"{key}.id isn't a string"
    return None


def unreadable_shape(body: dict[str, Any]) -> str | None:
    """Why Bolt (or a listener) couldn't read this payload's envelope; None when it can."""
    # Bolt looks for the team, user and channel in the payload, then in these (an event's message…).
    nested = [body.get(key) for key in ("event", "message", "previous_message", "item", "assistant_thread")]
    event = body.get("event")
    if isinstance(event, dict):
        nested += [event.get(key) for key in ("message", "previous_message", "item")]
    for node in [body, *(n for n in nested if isinstance(n, dict))]:
        if problem := _odd_ids(node):
            return problem
    for key in _OBJECTS:
        # Bolt reads a view or an event that is there (even as null) as an object.
        present = key in body if key in ("view", "event") else body.get(key) is not None
        if present and not isinstance(body[key], dict):
            return f"{key} isn't an object"
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return "authorizations isn't a list of objects"
    response_urls = body.get("response_urls", [])
    if not (isinstance(response_urls, list) and all(isinstance(u, dict) for u in response_urls)):
        return "response_urls isn't a list of objects"
    for key in ("type", "command", "callback_id", "trigger_id", "team_id", "user_id", "channel_id", "text"):
        if body.get(key) is not None and not isinstance(body[key], str):
            return f"{key} isn't a string"
    if body.get("type") == "block_actions":
        actions = body.get("actions")
        # Bolt routes a block action by its first action: there must be one, and it must be an object.
        if not (isinstance(actions, list) and actions and all(isinstance(a, dict) for a in actions)):
            return "a block action without actions"
        if not isinstance(actions[0].get("action_id"), str):
            return "an action without an action_id"
    view = body.get("view")
    if isinstance(view, dict):
        if not isinstance(view.get("type"), str):
            return "a view without a type"
        # Slack's views carry these as strings; they go back to Slack as the view to update.
        if any(
            not isinstance(view.get(key, ""), str | None) for key in ("id", "hash", "callback_id", "private_metadata")
        ):
            return "a view whose id, hash, callback_id or metadata isn't a string"
    event = body.get("event")
    if isinstance(event, dict) and not isinstance(event.get("type"), str):
        return "an event without a type"
    return None
