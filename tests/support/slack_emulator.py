"""A local Slack Web API: records every call, answers as Slack does, misbehaves on demand.

The app reaches it through SLACK_API_URL. It checks the bearer token, keeps views (with ids and
hashes) and messages (with channels, ts and threads), and can be told to answer 429 with
Retry-After, a 5xx, a slow reply, or an error such as `channel_not_found`.
"""

from __future__ import annotations

import itertools
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any

from tests.support.slack_http import handler_for, json_arg
from tests.support.slack_recorder import Answer, Call, CallRecorder, rate_limited

TEAM_ID = "T0AGENCY"
TEAM_NAME = "Acme Agency"
BOT_USER_ID = "U0FLIGHTDECK"
BOT_ID = "B0FLIGHTDECK"
# What the app was granted, as Slack tells it in every answer's x-oauth-scopes header: the manifest's.
GRANTED_SCOPES = "commands,chat:write,chat:write.public,channels:read,groups:read,im:write,users:read,files:write"


@dataclass
class User:
    id: str
    tz: str = "America/New_York"
    is_admin: bool = False
    name: str = ""
    # Another organisation's person, in a channel shared with ours (Slack Connect).
    team_id: str = TEAM_ID


class SlackEmulator(CallRecorder):
    """Slack's Web API for one workspace, on a local port; what it records and how it misbehaves is
    tests/support/slack_recorder.py's."""

    def __init__(self, token: str = "xoxb-test-token", app_token: str = "xapp-1-A0FLIGHTDECK-test"):
        super().__init__()
        self.token = token
        # Socket Mode: apps.connections.open takes the app-level token and hands out this WebSocket.
        self.app_token = app_token
        self.socket_url: str | None = None
        self.views: dict[str, dict[str, Any]] = {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.users: dict[str, User] = {}
        self.channel_errors: dict[str, str] = {}
        # Channels of other workspaces: our token can't see them (conversations.info says channel_not_found).
        self.foreign_channels: set[str] = set()
        # Channels our bot can see but isn't a member of, and channels shared with another organisation.
        self.outside_channels: set[str] = set()
        self.shared_channels: set[str] = set()
        # auth.test's answer for a workspace of an Enterprise Grid org (and for an org-wide install).
        self.enterprise_id: str | None = None
        self.org_wide = False
        self.channel_rate_seconds: float | None = None
        self.rate_limited_count = 0
        self.connections_opened = 0
        self.answer_delay = 0.0
        self.scopes = GRANTED_SCOPES
        # Files: bytes sent to an upload URL, by file id; and the files completed into a conversation.
        self.uploads: dict[str, bytes] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.scheme = "http"
        # Called with (method, args) as each call arrives, before it is answered: a test's hook into time.
        self.on_call: Callable[[str, dict[str, Any]], None] | None = None
        self._last_post: dict[str, float] = {}
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle ----------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_port}/api/"

    @property
    def response_url(self) -> str:
        """Where commands' and actions' replies go (Slack's hooks.slack.com in production)."""
        return f"http://127.0.0.1:{self._server.server_port}/respond/{next(self._ids)}"

    def start(self, *, tls: ssl.SSLContext | None = None) -> SlackEmulator:
        """Serve (over TLS with `tls`, a server-side context, as slack.com does)."""
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what tests set up --------------------------------------------------------------------------------

    def add_user(
        self, user_id: str, *, tz: str = "America/New_York", is_admin: bool = False, team_id: str = TEAM_ID
    ) -> None:
        self.users[user_id] = User(user_id, tz=tz, is_admin=is_admin, name=user_id.lower(), team_id=team_id)

    def channel_gone(self, channel: str, error: str = "channel_not_found") -> None:
        self.channel_errors[channel] = error

    def enforce_channel_rate(self, seconds: float = 1.0) -> None:
        """Allow one chat.postMessage per channel per `seconds`; answer 429 with Retry-After beyond it."""
        self.channel_rate_seconds = seconds

    # -- what tests read ----------------------------------------------------------------------------------

    def posts(self, channel: str | None = None) -> list[Call]:
        return [c for c in self.calls_to("chat.postMessage") if channel is None or c.answer.get("channel") == channel]

    # -- answering ----------------------------------------------------------------------------------------

    def answer_request(self, method: str, args: dict[str, Any], auth: str) -> Answer:
        if self.on_call is not None:
            self.on_call(method, args)
        status, answer, headers, delay = self._record(method, args, lambda: self._respond(method, args, auth))
        return status, answer, headers, delay or self.answer_delay

    def connection_opened(self) -> None:
        with self._lock:
            self.connections_opened += 1

    def _respond(self, method: str, args: dict[str, Any], auth: str):
        if method == "response_url":
            return 200, {"ok": True}, {}, 0
        token = auth.removeprefix("Bearer ").strip() or args.get("token", "")
        if method == "apps.connections.open":
            if token != self.app_token or self.socket_url is None:
                return 200, {"ok": False, "error": "invalid_auth"}, {}, 0
            return 200, {"ok": True, "url": self.socket_url}, {}, 0
        if token != self.token:
            return 200, {"ok": False, "error": "invalid_auth"}, {}, 0
        fault = self._take_fault(method, args)
        if fault is not None:
            if fault.retry_after is not None:
                self.rate_limited_count += 1
            if (instead := fault.answer()) is not None:
                return instead
            if fault.delay:
                status, answer, headers, _ = self._respond_normally(method, args)
                return status, answer, headers, fault.delay
        return self._respond_normally(method, args)

    def _respond_normally(self, method: str, args: dict[str, Any]):
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        answer = handler(args) if handler else {"ok": True}
        if isinstance(answer, tuple):
            return answer
        return 200, answer, {"x-oauth-scopes": self.scopes}, 0

    def receive_upload(self, file_id: str, data: bytes) -> None:
        with self._lock:
            if file_id in self.uploads:
                self.uploads[file_id] = data
            self._lock.notify_all()

    def _missing(self, scope: str) -> dict[str, Any] | None:
        if scope in self.scopes.split(","):
            return None
        return {"ok": False, "error": "missing_scope", "needed": scope, "provided": self.scopes}

    # -- methods ------------------------------------------------------------------------------------------

    def _auth_test(self, args):
        return {
            "ok": True,
            "url": "https://acme-agency.slack.com/",
            "team": TEAM_NAME,
            "user": "flightdeck",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "enterprise_id": self.enterprise_id,
            "is_enterprise_install": self.org_wide,
        }

    def _new_view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        view_id = view_id or f"V{next(self._ids):08d}"
        stored = {
            **view,
            "id": view_id,
            "team_id": TEAM_ID,
            "app_installed_team_id": TEAM_ID,
            "hash": f"{int(time.time())}.{next(self._ids):08d}",
            "state": {"values": {}},
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "app_id": "A0FLIGHTDECK",
            "bot_id": BOT_ID,
        }
        self.views[view_id] = stored
        return stored

    def _views_open(self, args):
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": self._new_view(json_arg(args["view"]))}

    def _views_update(self, args):
        view_id = args.get("view_id")
        current = self.views.get(view_id)
        if current is None:
            return {"ok": False, "error": "not_found"}
        if args.get("hash") and args["hash"] != current["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        return {"ok": True, "view": self._new_view(json_arg(args["view"]), view_id)}

    def _views_publish(self, args):
        return {"ok": True, "view": self._new_view(json_arg(args["view"]))}

    def _next_ts(self) -> str:
        return f"{1_800_000_000 + next(self._ts)}.{next(self._ids):06d}"

    def _channel_for(self, channel: str) -> str:
        return "D" + channel[1:] if channel.startswith("U") else channel

    def _chat_postMessage(self, args):
        channel = self._channel_for(args.get("channel", ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.channel_errors:
            return {"ok": False, "error": self.channel_errors[channel]}
        if self.channel_rate_seconds is not None:
            now = time.monotonic()
            last = self._last_post.get(channel)
            if last is not None and now - last < self.channel_rate_seconds:
                self.rate_limited_count += 1
                retry = max(1, round(self.channel_rate_seconds - (now - last) + 0.5))
                return rate_limited(retry)
            self._last_post[channel] = now
        ts = self._next_ts()
        message = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "text": args.get("text", ""),
            "blocks": json_arg(args.get("blocks")) or [],
            "ts": ts,
        }
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_update(self, args):
        key = (args.get("channel"), args.get("ts"))
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        message = self.messages[key]
        message.update(text=args.get("text", message["text"]), blocks=json_arg(args.get("blocks")) or [])
        return {"ok": True, "channel": key[0], "ts": key[1], "text": message["text"]}

    def _chat_postEphemeral(self, args):
        return {"ok": True, "message_ts": self._next_ts()}

    def _conversations_open(self, args):
        users = args.get("users", "")
        if not users or "," in users:
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "channel": {"id": "D" + users[1:]}}

    def _conversations_info(self, args):
        channel = args.get("channel", "")
        if not channel or channel in self.foreign_channels:
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.channel_errors:
            return {"ok": False, "error": self.channel_errors[channel]}
        shared = channel in self.shared_channels
        return {
            "ok": True,
            "channel": {
                "id": channel,
                "is_channel": True,
                "is_member": channel not in self.outside_channels,
                "is_ext_shared": shared,
                "is_shared": shared,
            },
        }

    def _files_getUploadURLExternal(self, args):
        if (missing := self._missing("files:write")) is not None:
            return missing
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        self.uploads[file_id] = b""
        port = self._server.server_port
        return {"ok": True, "upload_url": f"http://127.0.0.1:{port}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, args):
        if (missing := self._missing("files:write")) is not None:
            return missing
        listed = json_arg(args.get("files") or "[]")
        if not listed or any(item.get("id") not in self.uploads for item in listed):
            return {"ok": False, "error": "file_not_found"}
        channel = self._channel_for(args.get("channel_id") or args.get("channels") or "")
        completed = []
        for item in listed:
            record = {
                "id": item["id"],
                "title": item.get("title", ""),
                "channel": channel,
                "initial_comment": args.get("initial_comment", ""),
                "thread_ts": args.get("thread_ts"),
                "content": self.uploads[item["id"]],
            }
            self.files[item["id"]] = record
            completed.append({"id": item["id"], "title": record["title"]})
        return {"ok": True, "files": completed}

    def _users_info(self, args):
        user = self.users.get(args.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {
            "ok": True,
            "user": {
                "id": user.id,
                "team_id": user.team_id,
                "name": user.name,
                "tz": user.tz,
                "is_admin": user.is_admin,
                "is_owner": False,
                "is_primary_owner": False,
            },
        }
