"""Publishing the App Home when the user opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.home.views import MAX_FLIGHTS, home_view
from storage.listing import active_flights


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def publish_home(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home":
            return
        user_id = event["user"]
        with deps.database.transaction() as session:
            lines, total = active_flights(session, body["team_id"], involving=user_id, limit=MAX_FLIGHTS)
        view = home_view(lines, total, now=deps.clock.now())
        client.views_publish(user_id=user_id, view=view.to_dict())
