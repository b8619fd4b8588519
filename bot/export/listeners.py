"""The App Home's export button; `/flights export` reaches `send_export` through the Deps hook."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import deps_of
from bot.export.send import Request, Scope, send_export
from bot.slack.errors import tell_user
from bot.slack.ids import EXPORT_MY_FLIGHTS
from bot.slack.text import USER_ID


def export_from_home(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    user_id = (body.get("user") or {}).get("id")
    if not isinstance(user_id, str) or not USER_ID.match(user_id):
        return
    request = Request(team_id=context.team_id, user_id=user_id, scope=Scope.MINE)
    sent = send_export(deps_of(context), client, request)
    if not sent.delivered:
        # The App Home has no channel to answer in: what went wrong comes as a DM.
        tell_user(client, {"user": {"id": user_id}}, sent.text)


def register(app: App) -> None:
    app.action(EXPORT_MY_FLIGHTS)(export_from_home)
