"""Block Kit builders every feature shares: a section of mrkdwn, a context line.

The text is mrkdwn the caller has already escaped (bot/slack/text.py); a builder only caps it at
Slack's limit, so an overlong line is cut rather than refused with the whole message.
"""

from __future__ import annotations

from typing import Any

# Slack refuses a section's or a context element's text longer than this.
TEXT_LIMIT = 3000


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text[:TEXT_LIMIT]}


def section(text: str, accessory: dict[str, Any] | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [mrkdwn(text)]}
