"""Calendar feeds as a calendar app reads them: the link from the App Home or `/flights calendar`, then a GET.

The bot's PUBLIC_URL is a proxy's address in front of it, as in production: the tests fetch the same
path from the test server itself.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from email.message import Message
from typing import Any

from icalendar import Calendar

from storage.db import Database
from tests.support import slack_requests as slack
from tests.support.harness import OWNER, Flightdeck, test_settings

PUBLIC_URL = "https://flightdeck.example.com"
FEED_LINK = re.compile(re.escape(PUBLIC_URL) + r"/calendar/[A-Za-z0-9_-]{48}\.ics")


@dataclass
class Fetched:
    status: int
    headers: Message  # case-insensitive, as HTTP's are
    body: bytes

    def calendar(self) -> Calendar:
        assert self.status == 200, self
        return Calendar.from_ical(self.body)


def feeds_app(emulator, clock, database_url: str, **settings: Any) -> Flightdeck:
    configured = replace(test_settings(emulator, database_url), public_url=PUBLIC_URL, **settings)
    return Flightdeck(emulator, clock, Database(database_url), configured)


def fetch(flightdeck: Flightdeck, link: str, method: str = "GET", headers: dict[str, str] | None = None) -> Fetched:
    """What a calendar app gets for `link` (or for a bare path), asked of the running server."""
    path = link.removeprefix(PUBLIC_URL)
    request = urllib.request.Request(flightdeck.url + path, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, error.headers, error.read())


def open_home(flightdeck: Flightdeck, user: str = OWNER) -> dict[str, Any]:
    """Open the App Home and return it as published."""
    before = len(flightdeck.emulator.calls_to("views.publish"))
    flightdeck.sender.event({"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": "home"})
    published = flightdeck.emulator.wait_for_calls("views.publish", before + 1)[-1]
    return flightdeck.emulator.views[published.answer["view"]["id"]]


def home_calendar_text(home: dict[str, Any]) -> str:
    [block] = [b for b in home["blocks"] if b.get("block_id") == "home_calendar"]
    return block["text"]["text"]


def link_in(text: str) -> str:
    [link] = FEED_LINK.findall(text)
    return link


def press_new_link(flightdeck: Flightdeck, home: dict[str, Any], user: str = OWNER) -> dict[str, Any]:
    """Press "New link" (the confirm dialog is Slack's: the press arrives once it's confirmed)."""
    [(block, button)] = [
        (block, element)
        for block in home["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == "home_new_calendar_link"
    ]
    before = len(flightdeck.emulator.calls_to("views.publish"))
    action = slack.button_action(button, block["block_id"])
    assert flightdeck.sender.interaction(slack.view_block_actions(home, {}, action, user_id=user)).status == 200
    published = flightdeck.emulator.wait_for_calls("views.publish", before + 1)[-1]
    return flightdeck.emulator.views[published.answer["view"]["id"]]


def channel_reply(flightdeck: Flightdeck, text: str = "calendar", **kwargs: Any) -> str:
    """`/flights <text>` and what it answered, ephemerally."""
    replies = lambda: flightdeck.emulator.attempts_of("response_url")  # noqa: E731
    before = len(replies())
    flightdeck.slash("/flights", text, **kwargs)
    flightdeck.emulator.wait_for(lambda: len(replies()) > before)
    answer = replies()[-1].args
    assert answer.get("response_type") == "ephemeral"
    return answer["text"]


def events_by_uid(calendar: Calendar) -> dict[str, Any]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}
