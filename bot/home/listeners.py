"""Publishing the App Home when the user opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.deps import deps_of
from bot.home.ids import HOME_OPENED
from bot.home.views import MAX_FLIGHTS, MAX_LINES, home_view
from bot.slack.text import USER_ID
from storage.listing import active_flights, home_digest


def publish_home(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    user_id = event.get("user")
    if event.get("tab") != "home" or not isinstance(user_id, str) or not USER_ID.match(user_id):
        return
    deps = deps_of(context)
    now = deps.clock.now()
    with deps.database.transaction() as session:
        digest = home_digest(session, context.team_id, user_id=user_id, now=now, limit=MAX_LINES)
        lines, total = active_flights(session, context.team_id, involving=user_id, limit=MAX_FLIGHTS)
    view = home_view(digest, lines, total, now=now)
    client.views_publish(user_id=user_id, view=view.to_dict())


def register(app: App) -> None:
    app.event(HOME_OPENED)(publish_home)
