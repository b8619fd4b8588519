"""Reading what arrives at /slack/events before Bolt does: signed first, then readable, else 4xx.

Bolt parses the body before its own signature check, and a body it can't parse (`payload=null`,
invalid UTF-8, JSON nested past Python's recursion limit) raises out of the adapter as an HTTP 500,
signed or not. So the edge checks the signature first (401), then that the body reads as Slack's
requests do (400), and only then hands it to Bolt. Socket Mode payloads come from Slack's own
connection and skip this; `unreadable_shape` guards both ways in.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

# Slack's interaction payloads nest blocks within views within payloads: a dozen levels at most.
MAX_DEPTH = 64
# Slack's largest payloads (a modal's full state and view) stay far below this.
MAX_BODY_BYTES = 1_000_000


def signed_by_slack(verifier: SignatureVerifier, body: bytes, headers: dict[str, str]) -> bool:
    timestamp = headers.get("x-slack-request-timestamp") or ""
    signature = headers.get("x-slack-signature") or ""
    if not timestamp or not signature:
        return False
    return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)


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


def unreadable_shape(body: dict[str, Any]) -> str | None:
    """Why Bolt (or a listener) couldn't read this payload's envelope; None when it can."""
    for key in _ID_HOLDERS:
        value = body.get(key)
        if value is not None and not isinstance(value, str | dict):
            return f"{key} is neither an id nor an object"
        if isinstance(value, dict) and not isinstance(value.get("id", ""), str | None):
            return f"{key}.id isn't a string"
    for key in _OBJECTS:
        if body.get(key) is not None and not isinstance(body[key], dict):
            return f"{key} isn't an object"
    authorizations = body.get("authorizations")
    if authorizations is not None and not (
        isinstance(authorizations, list) and all(isinstance(a, dict) for a in authorizations)
    ):
        return "authorizations isn't a list of objects"
    response_urls = body.get("response_urls")
    if response_urls is not None and not (
        isinstance(response_urls, list) and all(isinstance(u, dict) for u in response_urls)
    ):
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
    readable_view = isinstance(view, dict) and isinstance(view.get("type"), str)
    if isinstance(view, dict) and not (readable_view and isinstance(view.get("callback_id", ""), str)):
        return "a view without a type, or with an odd callback_id"
    event = body.get("event")
    if isinstance(event, dict) and not isinstance(event.get("type"), str):
        return "an event without a type"
    return None
