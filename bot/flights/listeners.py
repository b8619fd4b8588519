"""`/flights [mine | all | help]`, answered ephemerally to whoever asked."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.deps import Deps, deps_of
from bot.flights.ids import FLIGHTS_COMMAND
from bot.flights.views import HELP
from bot.slack.calendar_link import link_text
from bot.slack.flight_list import flight_list_blocks
from bot.slack.text import channel_link, escape, mention
from bot.slack.workspace import is_member
from storage.listing import active_flights

# A message holds at most 50 blocks: a heading, the flights, and an "and N more" line.
MAX_SHOWN = 45


EXPORT_SCOPES = {"export": "channel", "export mine": "mine", "export all": "all"}


def export_flights(deps: Deps, respond: Respond, context: BoltContext, *, user_id: str, channel_id: str, scope: str):
    """`/flights export [mine | all]`: the CSV goes to the person's DM; this says what became of it."""
    chosen = EXPORT_SCOPES.get(" ".join(scope.split()))
    if chosen is None:
        respond(response_type="ephemeral", text=f"I don't know “/flights {escape(scope)}”.\n\n{HELP}")
        return
    sent = deps.export_flights(
        context.client,
        team_id=context.team_id,
        user_id=user_id,
        scope=chosen,
        channel_id=channel_id,
        member=is_member(context),
    )
    respond(response_type="ephemeral", text=sent.text)


CALENDAR_WORDS = {"calendar": False, "calendar new": True}


def calendar_link(deps: Deps, respond: Respond, context: BoltContext, command: dict[str, Any], *, scope: str):
    """`/flights calendar [new]`: the channel's feed link (made once, the same after); `new` replaces it."""
    new = CALENDAR_WORDS.get(" ".join(scope.split()))
    if new is None:
        respond(response_type="ephemeral", text=f"I don't know “/flights {escape(scope)}”.\n\n{HELP}")
        return
    channel_id = command["channel_id"]
    if new and not is_member(context):
        # Everyone subscribed would lose the channel's calendar: a decision for the agency's own people.
        respond(
            response_type="ephemeral", text="Only members of this workspace can replace the channel's calendar link."
        )
        return
    name = command.get("channel_name")
    # Slack names a DM or an old-style private channel by its kind, not its name: no name then.
    named = isinstance(name, str) and name not in ("", "directmessage", "privategroup")
    name = f"Flightdeck: #{name}" if named else "Flightdeck: this channel's flights"
    link = deps.feed_link(context.team_id, channel_id=channel_id, by=command["user_id"], name=name, new=new)
    respond(response_type="ephemeral", text=link_text(link, whose=f"the flights in {channel_link(channel_id)}"))


def subscribe_digest(deps: Deps, respond: Respond, context: BoltContext, command: dict[str, Any], **who: str):
    """`/flights digest …`: bot/digest reads the words as typed (channel ids and zone names keep their case)."""
    words = command.get("text", "").strip()[len("digest") :]
    text = deps.digest_command(context.client, team_id=context.team_id, text=words, member=is_member(context), **who)
    respond(response_type="ephemeral", text=text)


def list_flights(ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    scope = command.get("text", "").strip().lower()
    team_id, user_id, channel_id = context.team_id, command["user_id"], command["channel_id"]
    if scope in ("help", "?"):
        respond(response_type="ephemeral", text=HELP)
        return
    if scope.split(" ", 1)[0] == "digest":
        subscribe_digest(deps, respond, context, command, user_id=user_id, channel_id=channel_id)
        return
    if scope.split(" ", 1)[0] == "calendar":
        calendar_link(deps, respond, context, command, scope=scope)
        return
    if scope.split(" ", 1)[0] == "export":
        export_flights(deps, respond, context, user_id=user_id, channel_id=channel_id, scope=scope)
        return
    if scope not in ("", "mine", "all"):
        respond(response_type="ephemeral", text=f"I don't know “/flights {escape(scope)}”.\n\n{HELP}")
        return
    filters = {"": {"channel_id": channel_id}, "mine": {"involving": user_id}, "all": {}}[scope]
    with deps.database.transaction() as session:
        lines, total = active_flights(session, team_id, limit=MAX_SHOWN, **filters)
    heading, empty = {
        "": (f"*Active flights in {channel_link(channel_id)}* ({total})", "No active flights in this channel."),
        "mine": (f"*Flights {mention(user_id)} owns or recorded* ({total})", "You have no active flights."),
        "all": (f"*Every active flight* ({total})", "No active flights in this workspace."),
    }[scope]
    empty += " Start one with `/intake`."
    blocks = flight_list_blocks(lines, total, heading=heading, empty=empty, limit=MAX_SHOWN, now=deps.clock.now())
    respond(response_type="ephemeral", text=heading if lines else empty, blocks=blocks)


def register(app: App) -> None:
    app.command(FLIGHTS_COMMAND)(list_flights)
