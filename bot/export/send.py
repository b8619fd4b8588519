"""Build the CSV of a scope's flights and hand it to the person who asked, as a file in their DM.

The file goes to a DM, never the channel: a channel shared with a client (Slack Connect) must not
receive the agency's figures because someone typed a command there. The workspace-wide export is for
the agency's own people only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from slack_sdk import WebClient

from bot.core.export import export_filename, flights_csv
from bot.core.money import format_count
from bot.deps import Deps
from bot.export.rows import export_row, flight_result
from bot.slack.api import call, in_plain_words
from bot.slack.text import USER_ID, channel_link
from storage.db import Database
from storage.export import ExportScope, exported_flights

log = logging.getLogger(__name__)


class Scope(StrEnum):
    CHANNEL = "channel"
    MINE = "mine"
    WORKSPACE = "all"


@dataclass(frozen=True)
class Request:
    team_id: str
    user_id: str
    scope: Scope
    channel_id: str | None = None
    # The person belongs to the workspace Flightdeck is installed in (not a client's, via Slack Connect).
    member: bool = True


@dataclass(frozen=True)
class Sent:
    """What became of an export, in a sentence for the person: `delivered` when the file is in their DM."""

    delivered: bool
    text: str


def send_export(deps: Deps, client: WebClient, request: Request) -> Sent:
    """Sends the CSV to the person's DM."""
    if not USER_ID.match(request.user_id):
        return Sent(False, "Slack didn't say who asked for the export, so nothing was sent.")
    if request.scope is Scope.WORKSPACE and not request.member:
        return Sent(False, "Only the agency's own people can export every flight. Try `/flights export mine`.")
    if request.scope is Scope.CHANNEL and not request.channel_id:
        return Sent(False, "Run `/flights export` in the channel whose flights you want.")
    where = _where(request)
    content, flights = flights_file(deps.database, request.team_id, _stored_scope(request))
    if not flights:
        return Sent(False, f"There are no flights {where} to export yet.")
    opened = call(client.conversations_open, users=request.user_id)
    if not opened.ok:
        return Sent(False, f"I couldn't send you the export: {in_plain_words(opened.error)}.")
    count = f"{format_count(flights)} flight{'s' if flights != 1 else ''}"
    sent = call(
        client.files_upload_v2,
        channel=opened.data["channel"]["id"],
        file=content,
        filename=export_filename(deps.clock.now(), _file_scope(request)),
        title=f"Flightdeck flights, {deps.clock.now():%Y-%m-%d}",
        initial_comment=f"Your export of {count} {where}: one row per flight, UTF-8, opens in Excel and Google Sheets.",
    )
    if not sent.ok:
        log.warning("The export could not be uploaded: %s", sent.error)
        if sent.error == "missing_scope":
            return Sent(
                False,
                "I couldn't send you the export: the app needs the files:write permission. "
                "Reinstall it from manifest.yml, then try again.",
            )
        return Sent(False, f"I couldn't send you the export: {in_plain_words(sent.error)}. Try again in a minute.")
    return Sent(True, f"I've sent you the CSV of {count} {where} in a DM.")


def flights_file(database: Database, team_id: str, scope: ExportScope) -> tuple[bytes, int]:
    """The CSV of the scope's flights, and how many rows it has."""
    with database.transaction() as session:
        rows = [export_row(flight, flight_result(flight)) for flight in exported_flights(session, team_id, scope)]
    return flights_csv(rows), len(rows)


def export_for(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, scope: str, channel_id: str | None, member: bool
) -> Sent:
    """The hook `/flights export [mine | all]` calls (wired in bot/app.py): `scope` as the person typed it."""
    request = Request(team_id, user_id, Scope(scope or Scope.CHANNEL), channel_id=channel_id, member=member)
    return send_export(deps, client, request)


def _stored_scope(request: Request) -> ExportScope:
    if request.scope is Scope.CHANNEL:
        return ExportScope(channel_id=request.channel_id)
    if request.scope is Scope.MINE:
        return ExportScope(involving=request.user_id)
    return ExportScope()


def _where(request: Request) -> str:
    return {
        Scope.CHANNEL: f"in {channel_link(request.channel_id)}",
        Scope.MINE: "you own or recorded",
        Scope.WORKSPACE: "in the workspace",
    }[request.scope]


def _file_scope(request: Request) -> str:
    return {Scope.CHANNEL: "channel", Scope.MINE: "my-flights", Scope.WORKSPACE: "all-flights"}[request.scope]
