"""The Promote test's message: posted when the intake records a test, redrawn as candidates join and
their results come in, and its two buttons, "Call the winner" and "Escalate the winner to Spark Ads".

Other features reach `show` and `after_results` through Deps hooks (bot/app.py wires them): the
intake after recording a test, the results after a flight's figures are saved.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import AlreadyHandled, FlightdeckError, NotAllowed, NotFound
from bot.core.promote_test import PromoteTestStatus
from bot.deps import Deps, deps_of
from bot.promote_tests.board import Board, load, settled
from bot.promote_tests.ids import TestAction, read_escalate_value, read_test_id
from bot.promote_tests.views import message_blocks, message_text, thread_link
from bot.slack.announce import note_in_thread
from bot.slack.api import call
from bot.slack.change_views import ChangeOrigin
from bot.slack.errors import refusals_told
from bot.slack.flight_changes import FlightChanges
from bot.slack.text import escape, mention
from storage import promote_tests as test_store
from storage.promote_tests import PromoteTests

log = logging.getLogger(__name__)


def show(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    test_id: int,
    new_flights: Iterable[int] = (),
    remade_by: str | None = None,
    called: bool = False,
) -> None:
    """Post the test's message in its channel, or redraw it; the new candidates' threads link to it.

    A test whose every post (not cancelled) has its results is closed here, its call made (or re-made
    after a correction). Once a call is made (here, or just before: `called`), the candidates' results
    cards are redrawn.
    """
    board = load(deps.database, team_id, test_id)
    if board.test.status == PromoteTestStatus.OPEN and settled(board):
        # AlreadyHandled: another flight's figures, saved at the same moment, made the call.
        with suppress(AlreadyHandled):
            PromoteTests(deps.campaigns).call_winner(team_id, test_id, actor=None, now=deps.clock.now())
            called = True
        board = load(deps.database, team_id, test_id)
    elif board.called and _call_moved(board):
        # A ranked flight's figures were corrected and the ranking names another winner: the call is re-made.
        called = PromoteTests(deps.campaigns).remake_call(
            team_id, test_id, actor=remade_by or "flightdeck", now=deps.clock.now()
        )
        board = load(deps.database, team_id, test_id)
    _draw(deps, client, board, set(new_flights))
    if called:
        _redraw_cards(deps, client, board)


def _redraw_cards(deps: Deps, client: WebClient, board: Board) -> None:
    """The candidates' results cards said they waited for the others, or named another place: now they
    say where the call put them (bot/results draws them, through the hook bot/app.py wires)."""
    deps.results_cards_changed(client, team_id=board.test.team_id, campaign_ids=[e.campaign.id for e in board.entries])


def _draw(deps: Deps, client: WebClient, board: Board, new_flights: set[int]) -> None:
    test = board.test
    workspace_url = _workspace_url(deps)
    blocks = [block.to_dict() for block in message_blocks(board, workspace_url)]
    if test.channel_id and test.message_ts:
        outcome = call(
            client.chat_update, channel=test.channel_id, ts=test.message_ts, text=message_text(board), blocks=blocks
        )
        if not outcome.ok:
            log.warning("Couldn't redraw Promote test %s: %s", test.id, outcome.error)
        _link_threads(client, board, new_flights, workspace_url)
        return
    channel = test.channel_id or next((e.campaign.channel_id for e in board.entries if e.campaign.channel_id), None)
    if not channel:
        return
    outcome = call(
        client.chat_postMessage, channel=channel, text=message_text(board), blocks=blocks, unfurl_links=False
    )
    if not outcome.ok:
        log.warning("Couldn't post Promote test %s: %s", test.id, outcome.error)
        return
    PromoteTests(deps.campaigns).set_message(test.team_id, test.id, outcome.data["channel"], outcome.data["ts"])
    test.channel_id, test.message_ts = outcome.data["channel"], outcome.data["ts"]
    _link_threads(client, board, {e.campaign.id for e in board.entries}, workspace_url)


def _call_moved(board: Board) -> bool:
    winner = board.ranking.winner if board.ranking is not None else None
    now_named = int(winner.key) if winner is not None else None
    return now_named != (board.test.call or {}).get("winner")


def _link_threads(client: WebClient, board: Board, campaign_ids: set[int], workspace_url: str | None) -> None:
    """In each new candidate's thread: it's part of the test, and where the test's message is."""
    link = thread_link(board.test, workspace_url)
    if link is None:
        return
    for entry in board.entries:
        if entry.campaign.id in campaign_ids and entry.campaign.message_ts:
            note_in_thread(
                client,
                entry.campaign,
                f":test_tube: {escape(entry.label)} is one of {len(board.entries)} posts in a Promote test for "
                f"{escape(board.test.client)}: <{link}|see the test>.",
            )


def use_workspace(deps: Deps, workspace_url: str | None) -> None:
    """The workspace's address (auth.test's, at start-up), for links to the flights' threads."""
    deps.state_of("promote_tests", dict)["workspace_url"] = workspace_url


def _workspace_url(deps: Deps) -> str | None:
    return deps.state_of("promote_tests", dict).get("workspace_url")


def after_results(deps: Deps, client: WebClient, *, team_id: str, campaign_id: int, user_id: str | None = None) -> None:
    """A flight's figures were saved: if it's a candidate (or the winner's Spark flight), redraw its test."""
    with deps.database.transaction() as session:
        test = test_store.containing_test(session, team_id, campaign_id)
        test = test or test_store.escalating_test(session, team_id, campaign_id)
    if test is not None:
        show(deps, client, team_id=team_id, test_id=test.id, remade_by=user_id)


def ensure_may_call(board: Board, user_id: str, deps: Deps) -> None:
    """The test's owner, whoever recorded it, a candidate's owner, or a workspace admin."""
    test = board.test
    people = {test.owner_id, test.created_by} | {e.campaign.owner_id for e in board.entries}
    if user_id in people or deps.users.is_admin(user_id):
        return
    raise NotAllowed(
        f"Only the test's owner ({mention(test.owner_id)}), a candidate's owner or a workspace admin can call it."
    )


@refusals_told
def call_winner(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext):
    ack()
    deps = deps_of(context)
    test_id = read_test_id(action.get("value"))
    if test_id is None:
        raise NotFound("That button isn't one Flightdeck knows.")
    team_id, user_id = context.team_id, body["user"]["id"]
    board = load(deps.database, team_id, test_id)
    ensure_may_call(board, user_id, deps)
    # Whether any post has results is checked with the call, under the test's lock (storage/promote_tests.py).
    PromoteTests(deps.campaigns).call_winner(team_id, test_id, actor=user_id, now=deps.clock.now())
    show(deps, client, team_id=team_id, test_id=test_id, called=True)


@refusals_told
def escalate_winner(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext):
    ack()
    deps = deps_of(context)
    named = read_escalate_value(action.get("value"))
    if named is None:
        raise NotFound("That button isn't one Flightdeck knows.")
    test_id, campaign_id = named
    team_id, user_id = context.team_id, body["user"]["id"]

    def build(campaign, _reminder):
        # Read again now: a correction since the message was drawn may have changed the winner.
        board = load(deps.database, team_id, test_id)
        winner = board.winner
        if winner is None or winner.campaign.id != campaign.id:
            raise FlightdeckError("That post isn't this test's winner any more: see the test's message.")
        if board.test.escalated_to_id is not None:
            raise AlreadyHandled("This test's winner is already escalated to Spark Ads.")
        today = deps.today(deps.users.cached_timezone(user_id) or campaign.owner_tz)
        return deps.escalation_view(campaign, deps.settings.intake, deps.settings.schedule, today=today)

    FlightChanges(deps).open_modal(
        client,
        trigger_id=body["trigger_id"],
        team_id=team_id,
        user_id=user_id,
        origin=ChangeOrigin(campaign_id=campaign_id, channel="", ts=""),
        build=build,
    )


def register(app: App) -> None:
    app.action(TestAction.CALL_WINNER)(call_winner)
    app.action(TestAction.ESCALATE_WINNER)(escalate_winner)
