"""`/flights digest`: subscribe a channel (or yourself, by DM) to the weekly digest, or turn it off.

    /flights digest #channel [day] [HH:MM] [tz=Area/City]
    /flights digest me [day] [HH:MM] [tz=Area/City]
    /flights digest off [#channel | me]
    /flights digest

The manifest has Slack escape /flights arguments, so a channel arrives as `<#C123|name>` (or
`<#C123>`). The digest's time zone is the zone of whoever sets it up, from their Slack profile, unless
`tz=` names another: the person typing it usually sits where the team reading it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient

from bot.core.calendar import zone_place
from bot.core.digest import DIGEST_LOCAL_TIME
from bot.core.vocabulary import DigestStatus
from bot.deps import Deps
from bot.digest.dispatch import why_not_sent
from bot.slack.api import call
from bot.slack.text import USER_ID, channel_link, escape, mention, moment_token
from storage import digests as store

CHANNEL_TOKEN = re.compile(r"<#([CG][A-Z0-9]{2,30})(?:\|[^<>]{0,200})?>\Z")
CLOCK = re.compile(r"([01]?\d|2[0-3])[:h.]([0-5]\d)\Z")
CLOCK_12H = re.compile(r"(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?([ap])\.?m\.?\Z", re.IGNORECASE)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_NAMES = tuple(day.capitalize() for day in DAYS)

USAGE = (
    "*The weekly digest*: codes expiring, flights ending, summaries due, short flights and reminders "
    "Slack couldn't take, client by client.\n"
    "`/flights digest #channel [day] [HH:MM]`: send it to a channel (every Monday at 09:30 unless you say "
    "otherwise, in your time zone, or add `tz=Europe/Paris`)\n"
    "`/flights digest me`: your own flights, in a DM\n"
    "`/flights digest off #channel` or `/flights digest off me`: stop it"
)


class Refused(ValueError):
    """What to tell the person instead: their words didn't make a digest."""


@dataclass(frozen=True)
class Asked:
    action: str  # "subscribe", "off" or "show"
    channel_id: str | None = None
    me: bool = False
    weekday: int = 0
    local_time: time = DIGEST_LOCAL_TIME
    timezone: str | None = None


def _day(word: str) -> int | None:
    word = word.lower().rstrip("s") if len(word) > 3 else word.lower()
    for number, day in enumerate(DAYS):
        if len(word) >= 3 and day.startswith(word):
            return number
    return None


def _clock(word: str) -> time | None:
    """ "09:30", "9h30", "16.45"; or "9am", "4:30pm" as many in the US write it."""
    if match := CLOCK.match(word):
        return time(int(match.group(1)), int(match.group(2)))
    if match := CLOCK_12H.match(word):
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        return time(hour, int(match.group(2) or 0))
    return None


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise Refused(f"I don't know the time zone “{escape(name)}”: write it like `tz=Europe/Paris`.") from None
    return name


def parse(text: str) -> Asked:
    """Read the words after `digest`; a Refused says, in plain words, what wasn't understood."""
    words = text.split()
    if not words:
        return Asked("show")
    action = "subscribe"
    if words[0].lower() == "off":
        action, words = "off", words[1:]
    elif words[-1].lower() == "off" and len(words) == 2:
        action, words = "off", words[:-1]
    channel_id, me = None, False
    weekday, local_time, timezone = None, None, None
    for word in words:
        lowered = word.lower()
        if (match := CHANNEL_TOKEN.match(word)) and channel_id is None and not me:
            channel_id = match.group(1)
        elif lowered == "me" and channel_id is None and not me:
            me = True
        elif action == "subscribe" and weekday is None and (day := _day(word)) is not None:
            weekday = day
        elif action == "subscribe" and local_time is None and (clock := _clock(word)):
            local_time = clock
        elif action == "subscribe" and timezone is None and lowered.startswith("tz="):
            timezone = _zone(word[3:])
        elif word.startswith("#"):
            raise Refused(
                f"I couldn't tell which channel “{escape(word)}” is: pick it from the list Slack offers as you "
                "type `#`, so it comes through as a link."
            )
        else:
            raise Refused(f"I don't know “{escape(word)}” in `/flights digest`.\n\n{USAGE}")
    if action == "subscribe" and channel_id is None and not me:
        raise Refused(f"Say where the digest goes: a channel (`/flights digest #channel`) or `me`.\n\n{USAGE}")
    return Asked(
        action,
        channel_id=channel_id,
        me=me,
        weekday=0 if weekday is None else weekday,
        local_time=local_time or DIGEST_LOCAL_TIME,
        timezone=timezone,
    )


def digest_command(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, channel_id: str, text: str, member: bool
) -> str:
    """Do what `/flights digest …` asks; what to tell the person, ephemerally."""
    if not isinstance(user_id, str) or not USER_ID.match(user_id):
        return "Slack didn't say who asked, so nothing was changed."
    if not member:
        return "Only the agency's own people can set up or stop a digest."
    try:
        asked = parse(text)
    except Refused as refused:
        return str(refused)
    if asked.action == "show":
        return _show(deps, team_id, user_id, channel_id)
    if asked.action == "off":
        return _off(deps, team_id, user_id, channel_id, asked)
    if asked.channel_id is not None:
        refusal = _cannot_post_in(client, asked.channel_id)
        if refusal:
            return refusal
    timezone = asked.timezone or deps.users.timezone(user_id)
    schedule = store.Schedule(asked.weekday, asked.local_time, timezone, deps.settings.schedule.working_week)
    target = {"channel_id": asked.channel_id} if asked.channel_id else {"user_id": user_id}
    row = store.subscribe(
        deps.database, team_id=team_id, schedule=schedule, actor=user_id, now=deps.clock.now(), **target
    )
    if asked.channel_id:
        _announce(client, asked.channel_id, user_id, asked, timezone)
    where = channel_link(asked.channel_id) if asked.channel_id else "You"
    what = "the weekly digest" if asked.channel_id else "the weekly digest of your flights by DM"
    stop = f"off {channel_link(asked.channel_id)}" if asked.channel_id else "off me"
    return (
        f"{where} will get {what} every {DAY_NAMES[asked.weekday]} at {asked.local_time:%H:%M} "
        f"({zone_place(timezone)} time), the first on {moment_token(row.next_due_at, timezone)}. "
        f"To stop it: `/flights digest {stop}`."
    )


def _announce(client: WebClient, channel_id: str, user_id: str, asked: Asked, timezone: str) -> None:
    """Tell the channel where its digest comes from, and how to stop it: its readers didn't all ask for it."""
    call(
        client.chat_postMessage,
        channel=channel_id,
        text=(
            f":calendar: {mention(user_id)} set up Flightdeck's weekly digest here: every "
            f"{DAY_NAMES[asked.weekday]} at {asked.local_time:%H:%M} ({zone_place(timezone)} time), what needs "
            "a look this week, client by client. `/flights digest off` in this channel stops it."
        ),
    )


def _cannot_post_in(client: WebClient, channel_id: str) -> str | None:
    """Why the digest can't go to this channel, or None when it can."""
    link = channel_link(channel_id)
    outcome = call(client.conversations_info, channel=channel_id)
    if outcome.transient or outcome.rate_limited:
        return "I couldn't reach Slack to check that channel. Please try again in a moment."
    if not outcome.ok:
        return (
            f"I can't see {link}: it's private and I'm not in it, or it's gone. "
            "Invite me with `/invite @Flightdeck` there, then try again."
        )
    channel = outcome.data.get("channel") or {}
    if channel.get("is_archived"):
        return f"{link} is archived: pick another channel."
    if not channel.get("is_member"):
        return f"I'm not in {link}. Invite me with `/invite @Flightdeck` there, then try again."
    if channel.get("is_ext_shared") or channel.get("is_shared"):
        return (
            f"{link} is shared with another organisation, and the digest covers every client's flights. "
            "Pick one of the agency's own channels."
        )
    return None


def _off(deps: Deps, team_id: str, user_id: str, channel_id: str, asked: Asked) -> str:
    now = deps.clock.now()
    if asked.me or (asked.channel_id is None and channel_id.startswith("D")):
        stopped = store.turn_off(deps.database, team_id=team_id, actor=user_id, now=now, user_id=user_id)
        return "Your weekly digest is off." if stopped else "You had no weekly digest on."
    target = asked.channel_id or channel_id
    link = channel_link(target)
    stopped = store.turn_off(deps.database, team_id=team_id, actor=user_id, now=now, channel_id=target[:32])
    return f"The weekly digest in {link} is off." if stopped else f"There was no weekly digest going to {link}."


def _show(deps: Deps, team_id: str, user_id: str, channel_id: str) -> str:
    lines = []
    with deps.database.transaction() as session:
        here = store.subscription_for(session, team_id, channel_id=channel_id[:32]) if channel_id else None
        mine = store.subscription_for(session, team_id, user_id=user_id)
    for row, who in ((here, channel_link(channel_id)), (mine, "You")):
        if row is not None and row.status is not DigestStatus.OFF:
            schedule = store.schedule_of(row)
            next_one = moment_token(row.next_due_at, row.timezone)
            lines.append(
                f"{who} get{'s' if who != 'You' else ''} the digest every {DAY_NAMES[schedule.weekday]} at "
                f"{row.local_time} ({zone_place(row.timezone)} time); next {next_one}."
            )
            if row.last_error:
                lines.append(f"The last one couldn't be sent: {why_not_sent(row.last_error)}.")
    return "\n".join([*lines, USAGE]) if lines else USAGE
