"""The digest as Slack messages: grouped by client, each flight linked to its thread, split into parts.

A message holds at most 50 blocks and a section 3,000 characters. A long digest goes out as a first
message and, threaded under it, as many parts as it needs, each saying which part it is. Every piece
of text a person typed (client, creator handle, ad account) is escaped; instants are `<!date>` tokens,
so each reader sees them in their own zone, and days are the owner's calendar days as plain text.

Each line names the flight by its creator, tool and days, so two flights of one creator and client
differ. The channel digest mentions each owner once, in its first message ("Owners: …"), not on every
line every week (docs/schedule.md, "The weekly digest").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from bot.core.calendar import day_label
from bot.core.digest import (
    MINIMUM_FLIGHT_DAYS,
    ClientDigest,
    CodeExpiring,
    Digest,
    DigestFlight,
    SummaryDue,
    SummaryStatus,
    UndeliveredReminder,
)
from bot.core.renewal import RenewalState
from bot.core.vocabulary import TITLES, Kind
from bot.slack.api import in_plain_words
from bot.slack.blocks import context, section
from bot.slack.text import escape, mention, moment_token

MAX_BLOCKS = 50
# Slack's limit is 3,000 characters per section; a little room is kept for the "(continued)" heading.
SECTION_CHARS = 2_900
# Past this a message is a wall to scroll: the rest goes in the next part.
MESSAGE_CHARS = 12_000

RENEWAL_WORDS = {
    RenewalState.NONE: "a new code is needed: the creator hasn't been asked yet",
    RenewalState.REQUESTED: "a new code is needed: the creator was asked, no code yet",
    RenewalState.RECEIVED: "new code received, not yet swapped in Ads Manager",
    RenewalState.SWAPPED: "new code swapped in",
}
WHAT_IT_COVERS = (
    "Codes expiring in the next 7 days, flights ending, summaries due or overdue, "
    "flights under the minimum, and reminders Slack couldn't take."
)
QUIET_WEEK = "A quiet week: nothing expiring, ending, due or short, and every reminder was delivered."


@dataclass(frozen=True)
class Part:
    text: str
    """The notification's words: no one's typed text, so nothing to escape."""
    blocks: list[dict]


# strftime's day and month names cost about 10 µs a call; a thousand flights share a few dozen days.
_day = lru_cache(maxsize=512)(day_label)


def _label(text: str) -> str:
    # A link's label ends at its first `|` or `>`: keep what a person typed from ending it early.
    return escape(text).replace("|", "¦")


def flight_ref(flight: DigestFlight) -> str:
    """ "@maria.cooks (Spark Ads, Mon 23 Nov → Sun 6 Dec)", linked to the flight's thread."""
    name = _label(flight.title or "flight")
    ref = f"<{flight.thread_url}|{name}>" if flight.thread_url else name
    days = f"{_day(flight.first_day)} → {_day(flight.last_day)}"
    what = f"{flight.tool.label}, {days}" if flight.tool is not None else days
    return f"{ref} ({what})"


def owners_line(digest: Digest) -> str | None:
    """Each owner with something in the digest, mentioned once, in order of first appearance."""
    seen: dict[str, None] = {}
    for client in digest.clients:
        sections = (client.codes_expiring, client.flights_ending, client.summaries, client.short_flights)
        for item in (*[i for items in sections for i in items], *client.undelivered):
            seen.setdefault(item.flight.owner_id, None)
    if not seen:
        return None
    return "Owners with something here: " + ", ".join(mention(owner) for owner in seen)


def _code_line(item: CodeExpiring, tz: str) -> str:
    ref, account = flight_ref(item.flight), escape(item.code.ad_account_id)
    renewal = RENEWAL_WORDS[item.code.renewal]
    when = moment_token(item.code.expires_at, tz)
    if item.lapsed:
        stopped = "the ad has stopped"
        return f":rotating_light: {ref} · the code for ad account {account} expired {when}: {stopped} · {renewal}"
    return f":key: {ref} · the code for ad account {account} expires {when} · {renewal}"


def _summary_line(item: SummaryDue, tz: str) -> str:
    ref = flight_ref(item.flight)
    if item.status is SummaryStatus.OVERDUE:
        return f":bar_chart: {ref} · summary overdue: the window closed {moment_token(item.overdue_at, tz)}"
    if item.status is SummaryStatus.DUE:
        return f":bar_chart: {ref} · summary due now, before {moment_token(item.overdue_at, tz)}"
    return f":bar_chart: {ref} · summary to pull from {moment_token(item.due_at, tz)}"


def _undelivered_line(item: UndeliveredReminder, tz: str) -> str:
    reminder = item.reminder
    title = TITLES.get(Kind._value2member_map_.get(reminder.kind), escape(reminder.kind))
    why = in_plain_words(reminder.reason) if reminder.reason else "Slack wouldn't take it"
    ref = flight_ref(item.flight)
    return f":x: {ref} · couldn't deliver “{title}” (due {moment_token(reminder.due_at, tz)}): {why}"


def client_lines(client: ClientDigest, tz: str, *, minimum_days: int = MINIMUM_FLIGHT_DAYS) -> list[str]:
    lines = [_code_line(item, tz) for item in client.codes_expiring]
    lines += [f":checkered_flag: {flight_ref(i.flight)} · last day {_day(i.last_day)}" for i in client.flights_ending]
    lines += [_summary_line(item, tz) for item in client.summaries]
    lines += [
        f":warning: {flight_ref(i.flight)} · {i.days} day{'s' if i.days != 1 else ''}, "
        f"under the {minimum_days}-day minimum"
        for i in client.short_flights
    ]
    lines += [_undelivered_line(item, tz) for item in client.undelivered]
    return [line[:SECTION_CHARS] for line in lines]


def _owners_context(line: str) -> dict:
    """A long list of owners over a context block's elements (3,000 characters each, ten at most)."""
    elements: list[str] = []
    for name in line.split(", "):
        if elements and len(elements[-1]) + 2 + len(name) <= SECTION_CHARS:
            elements[-1] += ", " + name
        else:
            elements.append(name)
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text} for text in elements[:10]]}


def moved_note(day: date) -> str:
    """Why this digest comes on a working day rather than its own (docs/schedule.md, working days)."""
    return f":calendar: Moved from {day:%A} {day.day} {day:%b}, a day off: the digest waits for a working day."


def digest_parts(digest: Digest, timezone: str, *, owners: bool, heading: str) -> list[Part]:
    """The messages of one digest, in order: the first in the channel, the rest in its thread.

    `owners` mentions each owner once in the first message (the channel digest; a DM's flights are the reader's).
    `heading` is Flightdeck's own words ("Weekly digest", "Your weekly digest").
    """
    week = day_label(digest.week_of)
    items = sum(
        len(c.codes_expiring) + len(c.flights_ending) + len(c.summaries) + len(c.short_flights) + len(c.undelivered)
        for c in digest.clients
    )
    clients = len(digest.clients)
    summary = (
        f"{items} thing{'s' if items != 1 else ''} to look at across {clients} client{'s' if clients != 1 else ''}"
        if items
        else "a quiet week"
    )
    title = f"{heading}, week of {week}: {summary}"
    first = [
        section(f":calendar: *{heading}* · week of {week} · {summary}"),
        context(f"{WHAT_IT_COVERS} Until {moment_token(digest.until, timezone)}."),
    ]
    if digest.moved_from is not None:
        first.append(context(moved_note(digest.moved_from)))
    owners_text = owners_line(digest) if owners else None
    if owners_text:
        first.append(_owners_context(owners_text))
    if digest.is_empty:
        return [Part(title, [*first, section(QUIET_WEEK)])]

    messages: list[list[str]] = [[]]
    room = MAX_BLOCKS - len(first) - 1  # one block kept for "Part 1 of n"
    chars = 0
    for client in digest.clients:
        name = f"*{escape(client.client)}*"
        text = name
        for line in client_lines(client, timezone, minimum_days=digest.minimum_days):
            if len(text) + 1 + len(line) <= SECTION_CHARS:
                text += "\n" + line
                continue
            room, chars = _add(messages, text, room, chars)
            text = f"{name} (continued)\n{line}"
        room, chars = _add(messages, text, room, chars)

    total = len(messages)
    parts = []
    for number, sections in enumerate(messages, start=1):
        blocks = [section(text) for text in sections]
        label = f"Part {number} of {total}"
        if number == 1:
            blocks = [*first, *blocks]
            if total > 1:
                blocks.append(context(f"{label}: the rest is in the thread."))
            parts.append(Part(title, blocks))
        else:
            parts.append(Part(f"{heading}, week of {week}: {label.lower()}", [context(f"{label}"), *blocks]))
    return parts


def _add(messages: list[list[str]], section: str, room: int, chars: int) -> tuple[int, int]:
    """Put one section in the current message, or start the next part when it is full."""
    if messages[-1] and (room <= 0 or chars + len(section) > MESSAGE_CHARS):
        messages.append([])
        room, chars = MAX_BLOCKS - 1, 0  # a later part starts with its "Part k of n"
    messages[-1].append(section)
    return room - 1, chars + len(section)
