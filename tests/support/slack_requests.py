"""Requests as Slack sends them: form-encoded slash commands, `payload=` JSON interactions, signed.

`SlackSender` posts them over real HTTP to the app's /slack/events, with the `X-Slack-Signature`
and `X-Slack-Request-Timestamp` headers Slack computes from the signing secret.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from tests.support.slack_emulator import BOT_USER_ID, TEAM_ID

_triggers = itertools.count(1)


def trigger_id() -> str:
    return f"{next(_triggers)}.{int(time.time())}.0a1b2c3d4e5f"


@dataclass
class Reply:
    status: int
    body: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}


def sign(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


Reshape = Callable[[dict[str, Any]], dict[str, Any]]


class SlackSender:
    def __init__(self, url: str, signing_secret: str):
        self.url = url
        self.signing_secret = signing_secret
        # Rewrites every payload before it is signed: who is acting, from which organisation (see below).
        self.reshape: Reshape | None = None

    def _shaped(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.reshape(copy.deepcopy(payload)) if self.reshape else payload

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> Reply:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or sign(self.signing_secret, ts, body),
        }
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def form(self, fields: dict[str, Any], **kwargs) -> Reply:
        if "command" in fields:
            fields = self._shaped(fields)
        return self.post(urlencode(fields), "application/x-www-form-urlencoded", **kwargs)

    def interaction(self, payload: dict[str, Any], **kwargs) -> Reply:
        return self.form({"payload": json.dumps(self._shaped(payload))}, **kwargs)

    def event(self, event: dict[str, Any], **kwargs) -> Reply:
        envelope = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0FLIGHTDECK",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{next(_triggers):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
            "is_ext_shared_channel": False,
        }
        return self.post(json.dumps(self._shaped(envelope)), "application/json", **kwargs)


# -- who is acting, from where ----------------------------------------------------------------------------------


def slack_connect(their_team: str) -> Reshape:
    """A person of another organisation acting in a channel that organisation shares with ours.

    Slack names the acting user's own workspace as the team; what the app was installed in appears
    only where Slack puts it: a modal's `app_installed_team_id`, an event's `authorizations`.
    """

    def reshape(payload: dict[str, Any]) -> dict[str, Any]:
        if "command" in payload:
            return {**payload, "team_id": their_team, "team_domain": "glowco"}
        if payload.get("type") == "event_callback":
            return {**payload, "team_id": their_team, "is_ext_shared_channel": True}
        payload["team"] = {"id": their_team, "domain": "glowco"}
        if isinstance(payload.get("user"), dict):
            payload["user"]["team_id"] = their_team
        if isinstance(payload.get("view"), dict):
            payload["view"]["team_id"] = their_team
            payload["view"]["app_installed_team_id"] = TEAM_ID
        return payload

    return reshape


def enterprise_grid(team: str, enterprise: str) -> Reshape:
    """A request from workspace `team` of the Enterprise Grid org `enterprise`, as Grid shapes it.

    Interactions name the org beside the workspace, and the user's `team_id` is the org's id.
    """

    def reshape(payload: dict[str, Any]) -> dict[str, Any]:
        if "command" in payload:
            return {**payload, "team_id": team, "enterprise_id": enterprise, "enterprise_name": "Acme Group"}
        if payload.get("type") == "event_callback":
            payload["team_id"] = team
            payload["enterprise_id"] = enterprise
            for authorization in payload.get("authorizations") or []:
                authorization["enterprise_id"] = enterprise
            return payload
        payload["team"] = {"id": team, "domain": "acme", "enterprise_id": enterprise, "enterprise_name": "Acme Group"}
        payload["enterprise"] = {"id": enterprise, "name": "Acme Group"}
        if isinstance(payload.get("user"), dict):
            payload["user"]["team_id"] = enterprise
        return payload

    return reshape


# -- payloads -------------------------------------------------------------------------------------------------


def slash_command(
    command: str,
    text: str = "",
    *,
    user_id: str,
    channel_id: str,
    team_id: str = TEAM_ID,
    response_url: str = "https://hooks.slack.com/commands/T0AGENCY/1/abc",
) -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "team_domain": "acme-agency",
        "channel_id": channel_id,
        "channel_name": "client-glowco",
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": "A0FLIGHTDECK",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id(),
    }


def _user(user_id: str, team_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def _team(team_id: str) -> dict[str, str]:
    return {"id": team_id, "domain": "acme-agency"}


def view_block_actions(
    view: dict[str, Any], values: dict[str, Any], action: dict[str, Any], *, user_id: str, team_id: str = TEAM_ID
) -> dict[str, Any]:
    """A block_actions payload from inside a modal: the view with its current state and hash."""
    return {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": "A0FLIGHTDECK",
        "token": "legacy-verification-token",
        "container": {"type": "view", "view_id": view["id"]},
        "trigger_id": trigger_id(),
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "view": {**view, "state": {"values": values}},
        "actions": [action],
    }


def view_submission(
    view: dict[str, Any], values: dict[str, Any], *, user_id: str, team_id: str = TEAM_ID
) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "api_app_id": "A0FLIGHTDECK",
        "token": "legacy-verification-token",
        "trigger_id": trigger_id(),
        "view": {**view, "state": {"values": values}},
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def message_block_actions(
    message: dict[str, Any], channel: str, action: dict[str, Any], *, user_id: str, team_id: str = TEAM_ID
) -> dict[str, Any]:
    """A button pressed on a message (a reminder in a thread, say)."""
    return {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": "A0FLIGHTDECK",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": False,
            **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {}),
        },
        "trigger_id": trigger_id(),
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "client-glowco"},
        "message": message,
        "response_url": "https://hooks.slack.com/actions/T0AGENCY/1/abc",
        "actions": [action],
    }


def message_shortcut(
    message: dict[str, Any],
    channel: str,
    *,
    user_id: str,
    callback_id: str,
    team_id: str = TEAM_ID,
    response_url: str = "https://hooks.slack.com/app/T0AGENCY/1/abc",
) -> dict[str, Any]:
    return {
        "type": "message_action",
        "token": "legacy-verification-token",
        "action_ts": f"{time.time():.6f}",
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "channel": {"id": channel, "name": "client-glowco"},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id(),
        "response_url": response_url,
        "message_ts": message["ts"],
        "message": message,
    }


def button_action(button: dict[str, Any], block_id: str) -> dict[str, Any]:
    return {
        "action_id": button["action_id"],
        "block_id": block_id,
        "text": button["text"],
        "value": button.get("value", ""),
        "type": "button",
        "action_ts": f"{time.time():.6f}",
    }
