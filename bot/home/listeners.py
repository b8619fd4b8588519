"""Publishing the App Home when the user opens it, and replacing their calendar link from it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps, deps_of
from bot.home.ids import HOME_OPENED, NEW_CALENDAR_LINK
from bot.home.views import MAX_FLIGHTS, MAX_LINES, MAX_RESULTS, home_view
from bot.slack.text import USER_ID
from storage.listing import active_flights, home_digest
from storage.results import latest_results

# The name a person's feed takes in their calendar app.
PERSONAL_CALENDAR = "Flightdeck: my flights"


def publish(deps: Deps, client: WebClient, team_id: str, user_id: str, *, new_link: bool = False) -> None:
    now = deps.clock.now()
    # Made on the first visit, the same link after; `new_link` revokes it and makes another.
    link = deps.feed_link(team_id, user_id=user_id, by=user_id, name=PERSONAL_CALENDAR, new=new_link)
    with deps.database.transaction() as session:
        digest = home_digest(session, team_id, user_id=user_id, now=now, limit=MAX_LINES)
        lines, total = active_flights(session, team_id, involving=user_id, limit=MAX_FLIGHTS)
        results = latest_results(session, team_id, involving=user_id, limit=MAX_RESULTS)
    view = home_view(digest, lines, total, now=now, results=results, calendar=link)
    client.views_publish(user_id=user_id, view=view)


def new_calendar_link(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """ "New link" (confirmed): the old link stops working at once, and the Home shows the new one."""
    ack()
    user_id = (body.get("user") or {}).get("id")
    if not isinstance(user_id, str) or not USER_ID.match(user_id):
        return
    publish(deps_of(context), client, context.team_id, user_id, new_link=True)


def publish_home(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    user_id = event.get("user")
    if event.get("tab") != "home" or not isinstance(user_id, str) or not USER_ID.match(user_id):
        return
    publish(deps_of(context), client, context.team_id, user_id)


def register(app: App) -> None:
    app.event(HOME_OPENED)(publish_home)
    app.action(NEW_CALENDAR_LINK)(new_calendar_link)
