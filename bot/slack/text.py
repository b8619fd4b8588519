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


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
