"""Which workspace a request belongs to: the one Flightdeck is installed in, or not ours at all.

Flightdeck holds one bot token, so it serves one installation. Slack Connect makes "whose request is
this?" subtle: in a channel shared with a client, the client's people act with their own
organisation's `team.id`, while the channel, the flight and the reminders are ours. Slack says which
installation a request is for in different places per payload kind — `authorizations` on events,
`view.app_installed_team_id` on modals — and not at all on a slash command or a click, where the
acting user's team is all there is. So, in order:

1. what Slack names as the installation (`authorizations`, `view.app_installed_team_id`) decides;
2. the acting team, when it is ours (or, for an org-wide install, our Enterprise Grid org);
3. a surface our bot made: a modal or message whose `bot_id` is our bot's;
4. the conversation: if our token can see the channel, it is one of ours shared with another
   organisation (asked of Slack once per channel, then remembered).

Anything else — another workspace of the same Grid org, another installation of the app — is
answered 200 with nothing done. Accepted requests carry our workspace as `context.team_id`, which
is the id every record and query uses.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from bot.slack.api import call

log = logging.getLogger(__name__)

# How long what Slack said about a channel's visibility is trusted.
CHANNEL_MEMORY_SECONDS = 600.0


# The request context's flag: the acting person belongs to our workspace (see `is_member`).
MEMBER_KEY = "acting_user_is_member"


def is_member(context: Any) -> bool:
    """The acting person is one of the workspace's own people, not a client's via Slack Connect."""
    return bool(context.get(MEMBER_KEY))


@dataclass(frozen=True)
class Installation:
    """The workspace (and Grid org) our bot token belongs to, from auth.test."""

    team_id: str
    enterprise_id: str | None = None
    org_wide: bool = False
    bot_id: str | None = None
    # The workspace's address (https://acme.slack.com/): where a message's permalink begins.
    url: str | None = None

    @classmethod
    def from_auth_test(cls, data: dict[str, Any]) -> Installation:
        return cls(
            team_id=data["team_id"],
            enterprise_id=data.get("enterprise_id") or None,
            org_wide=bool(data.get("is_enterprise_install")),
            bot_id=data.get("bot_id") or None,
            url=data.get("url") or None,
        )

    def names_us(self, team_id: Any, enterprise_id: Any = None) -> bool:
        if isinstance(team_id, str) and team_id == self.team_id:
            return True
        return self.org_wide and isinstance(enterprise_id, str) and enterprise_id == self.enterprise_id


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _acting_team(body: dict[str, Any]) -> tuple[Any, Any]:
    """The acting user's team and Grid org, wherever this payload kind puts them."""
    team = body.get("team")
    team_id = team if isinstance(team, str) else _dict(team).get("id")
    team_id = team_id or body.get("team_id") or _dict(body.get("user")).get("team_id")
    enterprise = body.get("enterprise")
    enterprise_id = enterprise if isinstance(enterprise, str) else _dict(enterprise).get("id")
    return team_id, enterprise_id or body.get("enterprise_id") or _dict(team).get("enterprise_id")


def _channel(body: dict[str, Any]) -> str | None:
    channel = (
        _dict(body.get("channel")).get("id")
        or body.get("channel_id")
        or _dict(body.get("container")).get("channel_id")
        or _dict(body.get("event")).get("channel")
    )
    return channel if isinstance(channel, str) and channel else None


class ChannelVisibility:
    """Whether our bot token can see a channel, asked of Slack and remembered for a while."""

    def __init__(self, client: WebClient, *, monotonic: Callable[[], float] = time.monotonic):
        self.client = client
        self.monotonic = monotonic
        self._known: dict[str, tuple[bool, float]] = {}
        self._lock = threading.Lock()

    def visible(self, channel: str) -> bool:
        now = self.monotonic()
        with self._lock:
            known = self._known.get(channel)
        if known is not None and now - known[1] < CHANNEL_MEMORY_SECONDS:
            return known[0]
        outcome = call(self.client.conversations_info, channel=channel)
        if outcome.transient or outcome.rate_limited:
            # Slack couldn't say: don't remember a guess. Refusing is the safe side.
            log.warning("Couldn't ask Slack about channel %s: %s", channel, outcome.error)
            return False
        with self._lock:
            self._known[channel] = (outcome.ok, now)
        return outcome.ok


class OnlyOurInstallation(Middleware):
    """Requests for our installation go on, as our workspace; anything else is answered with nothing done.

    A Middleware subclass rather than a decorated function: Bolt then calls it directly instead of
    building every injectable argument for it, which is a tenth of the way to views.open.
    """

    def __init__(self, installation: Installation, channels: ChannelVisibility):
        self.installation = installation
        self.channels = channels

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        body = req.body if isinstance(req.body, dict) else {}
        if not self.is_ours(body):
            log.warning("Ignored a request for a workspace Flightdeck isn't installed in")
            return BoltResponse(status=200, body="")
        req.context["team_id"] = self.installation.team_id
        # Whether the person acting is one of ours, not a client's in a channel shared with us.
        req.context[MEMBER_KEY] = self.installation.names_us(*_acting_team(body))
        return next()

    def is_ours(self, body: dict[str, Any]) -> bool:
        ours = self.installation
        authorizations = body.get("authorizations")
        if isinstance(authorizations, list) and authorizations:
            return any(ours.names_us(_dict(a).get("team_id"), _dict(a).get("enterprise_id")) for a in authorizations)
        view = _dict(body.get("view"))
        team_id, enterprise_id = _acting_team(body)
        installed_in = view.get("app_installed_team_id")
        if installed_in:
            return ours.names_us(installed_in, enterprise_id)
        if ours.names_us(team_id, enterprise_id):
            return True
        if ours.bot_id and ours.bot_id in (view.get("bot_id"), _dict(body.get("message")).get("bot_id")):
            # A modal or message our bot made: only our token could have made it.
            return True
        channel = _channel(body)
        return channel is not None and self.channels.visible(channel)
