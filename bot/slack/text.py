"""Small helpers for the text people read in Slack."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.core.calendar import Flight, day_label, first_day, flight_length, last_day, local_moment

# Slack's ids: users (U, or W on Enterprise Grid) and conversations (C public, G private, D direct).
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}\Z")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}\Z")

# The markup Flightdeck itself writes: mentions of real ids, channel links, date tokens, links to
# validated TikTok posts. Anything else between < and > in a message is someone's text.
_OWN_MARKUP = re.compile(
    r"<@[UW][A-Z0-9]{2,}>"
    r"|<#[CGD][A-Z0-9]{2,}>"
    r"|<!date\^\d{1,12}\^[^<>|]*\|[^<>|]*>"
    r"|<https://(?:[a-z0-9-]+\.)*tiktok\.com/[^\s<>|]*\|[^<>|]*>"
)


# What a person typed, made inert for mrkdwn. Slack documents escapes for `&`, `<` and `>` only; the
# rest is worked around here, in ways that hold in every client rather than in one parser's quirks.
#
# Formatting (*bold*, _italic_, ~strike~, `code`, and the full-width ＊ ＿ ｀ Slack also reads): mrkdwn
# has no backslash escape, and an invisible character beside the mark doesn't help. Slack reads a
# zero-width space as a word break, so `x\u200b*\u200bbold\u200b*\u200by` is bold: it is how text is
# made to format mid-word, the opposite of what's wanted. What does hold: a mark between two letters or
# digits formats nothing (`maria_cooks`, `a*b*c` read as typed), and a look-alike character is no
# markup at all. So a mark between two ASCII letters or digits is kept (a handle copies as typed) and
# any other becomes its look-alike (∗ ˍ ∼ ˋ, the substitutes jsx-slack settled on); backticks always.
# A `>` opening a line would quote it even as `&gt;`: an invisible soft hyphen goes before it.
#
# Links: Slack turns a bare URL, domain or e-mail address into a link, `@here` into a ping and
# `#name` into a channel link (the text object's `verbatim` stops that in blocks, but not in a
# message's `text`). Rather than trust one switch per call, the typed text is broken where those
# patterns hinge: a zero-width space after `:` in `://`, after a `.` before a letter (a domain's
# next label), and after an `@` or `#` before a word. It reads the same; only links Flightdeck writes
# (`<…>`) are live. The cost: a handle copied out of a message carries the invisible character, so
# text meant to be copied (the creator's code request) goes in plain_text and is never escaped.
_ZERO_WIDTH_SPACE = "\u200b"
_SOFT_HYPHEN = "\u00ad"
_LOOK_ALIKES = {
    "*": "\u2217",  # ∗ asterisk operator
    "_": "\u02cd",  # ˍ modifier letter low macron
    "~": "\u223c",  # ∼ tilde operator
    "`": "\u02cb",  # ˋ modifier letter grave accent
    "\uff0a": "\ufe61",  # ＊ → ﹡ small asterisk
    "\uff3f": "\u2e0f",  # ＿ → ⸏ paragraphos
    "\uff40": "\u2035",  # ｀ → ‵ reversed prime
}
# Between two of these a mark is mid-word, which Slack never formats.
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_MID_WORD_MARKS = frozenset("*_~")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """What a person typed, as mrkdwn that shows exactly those characters: no markup, no ping, no link."""
    out: list[str] = []
    last = len(text) - 1
    for i, char in enumerate(text):
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i < last else ""
        if char in _LOOK_ALIKES:
            mid_word = char in _MID_WORD_MARKS and before in _WORD and after in _WORD
            out.append(char if mid_word else _LOOK_ALIKES[char])
        elif char in _ENTITIES:
            quote = char == ">" and _opens_line(text, i)
            out.append(_SOFT_HYPHEN + _ENTITIES[char] if quote else _ENTITIES[char])
        elif char == "\uff1e" and _opens_line(text, i):  # ＞ quotes a line too
            out.append(_SOFT_HYPHEN + char)
        elif (
            (char == ":" and text.startswith("//", i + 1))
            or (char == "." and _starts_a_name(after))
            or (char in "@#" and (_starts_a_name(after) or after.isdecimal() or after in (".", "-")))
        ):
            out.append(char + _ZERO_WIDTH_SPACE)
        else:
            out.append(char)
    return "".join(out)


def _starts_a_name(char: str) -> bool:
    """A letter (or what becomes one: `_` and a backtick turn into modifier letters), as a domain's
    next label or a name after @ or # begins: digits after a dot are a number, not a domain."""
    return (char.isalnum() and not char.isdecimal()) or char in ("_", "`")


def _opens_line(text: str, index: int) -> bool:
    """Whether only spaces stand between `index` and the start of its line (or of the text, which a
    message may put at the start of one)."""
    start = text.rfind("\n", 0, index) + 1
    return not text[start:index].strip(" \t")


def mention(user_id: str) -> str:
    """A live mention of a real user id; anything else (a forged value) is shown as text, inert."""
    if isinstance(user_id, str) and USER_ID.match(user_id):
        return f"<@{user_id}>"
    return escape(str(user_id))


def channel_link(channel_id: str | None) -> str:
    """A link to a conversation by its id; anything that isn't one reads as "the channel"."""
    if isinstance(channel_id, str) and CHANNEL_ID.match(channel_id):
        return f"<#{channel_id}>"
    return "the channel"


def only_own_markup(text: str) -> str:
    """`text` with every `<…>` Flightdeck didn't write made inert: for a message echoed back from a
    payload (which a request can forge) before it is sent to Slack again."""
    kept, last = [], 0
    for match in _OWN_MARKUP.finditer(text):
        kept += [text[last : match.start()].replace("<", "&lt;").replace(">", "&gt;"), match.group()]
        last = match.end()
    kept.append(text[last:].replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(kept)


def readable(text: str) -> bool:
    """Text Slack and the database can both take: valid Unicode (no lone surrogates), no NUL."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def moment_token(instant: datetime, timezone: str) -> str:
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{local_moment(instant, timezone)}>"


def inert_blocks(blocks: list) -> list:
    """Blocks echoed back from a payload, every mrkdwn text in them passed through `only_own_markup`."""

    def clean(node):
        if isinstance(node, list):
            return [clean(item) for item in node]
        if not isinstance(node, dict):
            return node
        cleaned = {key: clean(value) for key, value in node.items()}
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            cleaned["text"] = only_own_markup(node["text"])
        return cleaned

    return clean(blocks)


# The flight's last minute, for saying when it stops: "Sun 29 Nov at 23:59" reads as its last day.
_LAST_MINUTE = timedelta(minutes=1)


def flight_span(campaign: Flight) -> str:
    """ "Mon 23 Nov → Sun 29 Nov (7 days)": the owner's calendar days, as plain text.

    Not `<!date>` tokens: a token converts to the reader's zone, and a day is not an instant. A
    Tokyo owner's Monday, pointed at by its noon, reads Sunday in New York. `flight_window` gives
    the instants.
    """
    first, last = first_day(campaign), last_day(campaign)
    days = flight_length(campaign)
    return f"{day_label(first)} → {day_label(last)} ({days} day{'s' if days != 1 else ''})"


def flight_window(campaign: Flight) -> str:
    """When the flight starts and stops, as `<!date>` tokens each reader sees in their own zone."""
    tz = campaign.owner_tz
    return f"{moment_token(campaign.start_at, tz)} → {moment_token(campaign.end_at - _LAST_MINUTE, tz)}"
