"""What a person could see as live markup in what the bot sent Slack: the check every hostile-input test makes.

Anything a person types is text, never markup (bot/slack/text.py): the only `<…>` tokens the bot may
send are the ones it writes itself.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.support.slack_emulator import Call

# Web API methods whose arguments people read (and whose mrkdwn Slack renders).
TEXT_METHODS = {
    "chat.postMessage",
    "chat.update",
    "chat.postEphemeral",
    "views.open",
    "views.update",
    "views.push",
    "views.publish",
    "response_url",
}


# The markup the bot may write: mentions of user ids, links to channels, date tokens, links to TikTok
# posts. Written independently of bot/slack/text.py on purpose: the check mustn't share the code it checks.
_ALLOWED = [
    re.compile(r"@[UW][A-Z0-9]{2,}"),
    re.compile(r"#[CGD][A-Z0-9]{2,}"),
    re.compile(r"!date\^[0-9]+\^\{date_short_pretty\} at \{time\}\|[^<>|]*"),
    re.compile(r"https://(www\.|vm\.|vt\.|m\.)?tiktok\.com/[A-Za-z0-9_.@/]*\|[^<>|]*"),
    # A link to a flight's thread (a Promote test's message links its candidates').
    re.compile(r"https://([a-z0-9-]+\.)*slack\.com/archives/[CGD][A-Z0-9]{2,}/p[0-9]+\|[^<>|]*"),
]


def mrkdwn_texts(args: dict[str, Any]) -> list[str]:
    """Every string Slack reads as mrkdwn in a Web API call: the top-level `text` and mrkdwn objects."""
    found: list[str] = []
    if isinstance(args.get("text"), str):
        found.append(args["text"])

    def walk(node: Any) -> None:
        if isinstance(node, str) and node[:1] in "[{":
            try:
                node = json.loads(node)
            except ValueError:
                return
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for key in ("blocks", "view", "attachments"):
        if key in args:
            walk(args[key])
    return found


def live_markup(calls: list[Call]) -> list[str]:
    """Each `<…>` in what was sent that the bot may not write, or that carries generated input."""
    problems = []
    for call in calls:
        if call.method not in TEXT_METHODS:
            continue
        for shown in mrkdwn_texts(call.args):
            for match in re.finditer(r"<([^<>]*)>", shown):
                inner = match.group(1)
                if "INJECTED" in inner or not any(p.fullmatch(inner) for p in _ALLOWED):
                    problems.append(f"{call.method}: {match.group()!r} in {shown[:200]!r}")
            # An unescaped < that opens no token: someone's text, sent as is.
            if re.search(r"<(?![@#!h])", shown):
                problems.append(f"{call.method}: a raw '<' in {shown[:200]!r}")
    return problems
