"""What a person could see as live markup in what the bot sent Slack: the check every hostile-input test makes.

Anything a person types is text, never markup (bot/slack/text.py): the only `<…>` tokens the bot may
send are the ones it writes itself, and nothing typed formats, quotes, pings or links. Typed text
that imitates markup carries INJECTED, so what came from the input can be told from what the bot wrote.
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


# -- a model of what Slack's mrkdwn reads, written apart from bot/slack/text.py -----------------------------

# The marks that format a span: *bold*, _italic_, ~strike~, `code`, and the full-width ones Slack reads too.
MARKS = "*_~`\uff0a\uff3f\uff40"
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def _in_word(char: str) -> bool:
    return bool(char) and bool(_ASCII_WORD.fullmatch(char))


def can_open(text: str, index: int) -> bool:
    """Whether the mark at `index` could open a span: not mid-word, and something follows it.

    Deliberately wide: anything but an ASCII letter or digit counts as a word break before it
    (punctuation, an invisible character, another script), and anything but whitespace as its content.
    """
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return not _in_word(before) and bool(after) and not after.isspace()


def can_close(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return bool(before) and not before.isspace() and not _in_word(after)


def live_marks(text: str) -> list[int]:
    """Where a formatting mark in `text` could open or close a span."""
    return [i for i, char in enumerate(text) if char in MARKS and (can_open(text, i) or can_close(text, i))]


# What Slack turns into a link or a ping when it isn't inside `<…>`: a URL with a scheme, a domain (or
# an e-mail address, which ends in one), and an @ or # before a word. Python's \w has letters of every
# script; an invisible character is not one, so it ends a domain here as it does for a linkifier.
AUTOLINKS = [
    re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://"),
    re.compile(r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"),
    re.compile(r"(?<![\w.])[@#][\w.-]"),
]
# A line that starts with a quote mark (as an entity or full-width) is a quote.
QUOTE = re.compile(r"^[ \t]*(?:&gt;|>|\uff1e)", re.MULTILINE)


def autolinks(text: str) -> list[str]:
    """Each word of `text` (outside `<…>` tokens) that Slack could turn, in part, into a link or a ping."""
    bare = re.sub(r"<[^<>]*>", " ", text)
    return [word for word in bare.split() if any(pattern.search(word) for pattern in AUTOLINKS)]


# The characters bot/slack/text.py may add or swap in, and what each stands for.
INVISIBLE = "\u200b\u00ad"
STAND_INS = {
    "\u2217": "*",
    "\u02cd": "_",
    "\u223c": "~",
    "\u02cb": "`",
    "\ufe61": "\uff0a",
    "\u2e0f": "\uff3f",
    "\u2035": "\uff40",
}


def read_back(shown: str) -> str:
    """The characters a person reads in escaped text: invisible ones dropped, look-alikes and entities
    read as what they stand for."""
    text = "".join(STAND_INS.get(char, char) for char in shown if char not in INVISIBLE)
    return re.sub(r"&(lt|gt|amp);", lambda m: {"lt": "<", "gt": ">", "amp": "&"}[m.group(1)], text)


def typed_markup(shown: str) -> list[str]:
    """Markup around INJECTED (so from typed text) in one mrkdwn text: a live formatting mark against
    it, a quote mark opening its line, or a link or ping made of it.

    A generated value never starts or ends with INJECTED (tests/fuzz/support.py), so a mark against
    it is the value's own, never the bot's `*…*` around the value.
    """
    problems = []
    for match in re.finditer("INJECTED", shown):
        start, end = match.start(), match.end()
        if start > 0 and shown[start - 1] in MARKS and can_open(shown, start - 1):
            problems.append(f"a live {shown[start - 1]!r} before {shown[max(0, start - 20) : end]!r}")
        if end < len(shown) and shown[end] in MARKS and can_close(shown, end):
            problems.append(f"a live {shown[end]!r} after {shown[start : end + 20]!r}")
    for match in QUOTE.finditer(shown):
        line = shown[match.start() :].split("\n", 1)[0]
        if "INJECTED" in line:
            problems.append(f"a quote: {line[:60]!r}")
    problems += [f"a link or ping: {link!r}" for link in autolinks(shown) if "INJECTED" in link]
    return problems


def live_markup(calls: list[Call]) -> list[str]:
    """Each `<…>` in what was sent that the bot may not write, or that carries generated input, and any
    formatting, quote, link or ping made of generated input."""
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
            problems += [f"{call.method}: {problem} in {shown[:200]!r}" for problem in typed_markup(shown)]
    return problems
