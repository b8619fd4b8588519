"""Slack listeners of the intake: open the modal, keep its decision live, record the submission.

Each listener acknowledges first. Opening uses the trigger_id before anything else (it expires in
3 s); the decision and the warnings are pure functions of the modal's state.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import select

from bot.core.decision import Decision, decide
from bot.core.errors import FlightdeckError
from bot.core.intake import IntakeForm
from bot.core.vocabulary import Tool
from bot.core.warnings import intake_warnings
from bot.deps import Deps, deps_of
from bot.intake.form import read_form, with_handle_from_link
from bot.intake.ids import INTAKE_COMMAND, LIVE_ACTIONS, RENEWED, AccountField, IntakeId
from bot.intake.latest import NewestActions
from bot.intake.links import is_tiktok_post_url
from bot.intake.opening import OpeningViews
from bot.intake.promote_test_fields import (
    TestChoice,
    candidate_forms,
    choice_blocks,
    choice_errors,
    open_tests_in,
    read_test_choice,
    save,
)
from bot.intake.record import build_records
from bot.intake.validation import validate
from bot.intake.views import IntakeContext, intake_view, with_fewer_accounts, with_more_accounts
from bot.slack.announce import SummaryPoster, tell_escalated
from bot.slack.api import call
from bot.slack.errors import refusals_told, tell_user
from storage.models import Campaign
from storage.promote_tests import PromoteTests

log = logging.getLogger(__name__)

_LIVE = re.compile(
    "^(?:"
    + "|".join(re.escape(a) for a in LIVE_ACTIONS)
    + rf"|{IntakeId.OBJECTIVE}_\w+"
    + "|"
    + "|".join(rf"{field}_\d" for field in AccountField)
    + f")(?:{RENEWED})?$"
)
_LINK = re.compile(r"<(https?://[^|>]+)(?:\|[^>]*)?>|(https?://\S+)")
SAVE_FAILED = "Flightdeck couldn't save this just now, so nothing was recorded. Press the button again."
FORM_NOT_OPENED = "Slack didn't open the form — try again."


def first_tiktok_link(text: str) -> str:
    for match in _LINK.finditer(text or ""):
        url = match.group(1) or match.group(2)
        if is_tiktok_post_url(url):
            return url
    return ""


def render(
    deps: Deps, form: IntakeForm, context: IntakeContext, user_id: str, team_id: str, choice: TestChoice
) -> tuple[dict, Decision]:
    policy = deps.settings.intake
    decision = decide(form.answers, policy)
    warnings = intake_warnings(form, decision, policy, renew_before=deps.settings.schedule.renew_before_expiry)
    today = deps.today(deps.users.cached_timezone(user_id) or deps.settings.default_timezone)
    view = intake_view(form, decision, warnings, context, policy, today=today)
    if _may_test(decision, context):
        # A Promote intake may record a Promote test, or join one of the channel's (bot/intake/promote_test_fields.py).
        view.blocks += choice_blocks(choice, open_tests_in(deps.database, team_id, context.channel_id))
    return view.to_dict(), decision


def open_modal(deps: Deps, client: WebClient, trigger_id: str, user_id: str, channel_id: str, post_url: str) -> bool:
    opening = _state(deps).opening
    known = deps.users.cached_timezone(user_id)
    today = deps.today(known or deps.settings.default_timezone)
    view = opening.view(today=today, user_id=user_id, channel_id=channel_id, post_url=post_url)
    opened = call(client.views_open, trigger_id=trigger_id, view=view)
    if not opened.ok:
        # Rate-limited, the trigger expired, Slack unreachable: the caller says so to the person.
        log.warning("Slack didn't open the intake modal: %s", opened.error)
        return False
    # Only now, the trigger spent: the opener's time zone (which also warms the cache for the submission).
    owners_today = deps.today(deps.users.timezone(user_id))
    if known is None and owners_today != today:
        # The day was guessed from the default time zone, and it's another day where the opener is.
        shown = opened.data.get("view") or {}
        fixed = opening.view(
            today=owners_today, user_id=user_id, channel_id=channel_id, post_url=post_url, new_dates=True
        )
        # With the hash views.open returned: if the person already changed something, their answers stand.
        outcome = call(client.views_update, view_id=shown.get("id"), hash=shown.get("hash"), view=fixed)
        if not outcome.ok and outcome.error != "hash_conflict":
            log.warning("Couldn't put the opener's own dates in the intake modal: %s", outcome.error)
    return True


@refusals_told
def open_from_command(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond | None, context: BoltContext
) -> None:
    ack()
    post_url = command.get("text", "").strip()
    if not open_modal(
        deps_of(context), client, command["trigger_id"], command["user_id"], command["channel_id"], post_url
    ):
        tell_privately(respond, client, command, FORM_NOT_OPENED)


@refusals_told
def open_from_message(
    ack: Ack, shortcut: dict[str, Any], client: WebClient, respond: Respond | None, context: BoltContext
) -> None:
    ack()
    message = shortcut.get("message") or {}
    post_url = first_tiktok_link(message.get("text", ""))
    deps = deps_of(context)
    if not open_modal(
        deps, client, shortcut["trigger_id"], shortcut["user"]["id"], shortcut["channel"]["id"], post_url
    ):
        tell_privately(respond, client, shortcut, FORM_NOT_OPENED)


def update_in_place(deps: Deps, body: dict[str, Any], client: WebClient, context: IntakeContext) -> None:
    newest = _state(deps).newest
    view = body["view"]
    action_ts = (body.get("actions") or [{}])[0].get("action_ts")
    newest.saw(view["id"], action_ts)
    form = read_form(_values(view), context.ad_accounts)
    team_id = (body.get("team") or {}).get("id") or ""
    rendered, _ = render(deps, form, context, body["user"]["id"], team_id, read_test_choice(_values(view)))
    outcome = call(client.views_update, view_id=view["id"], hash=view["hash"], view=rendered)
    if not outcome.ok and outcome.error == "hash_conflict" and newest.is_newest(view["id"], action_ts):
        # An older answer's update got in first: this one carries the latest state, so it wins.
        outcome = call(client.views_update, view_id=view["id"], view=rendered)
    if not outcome.ok and outcome.error != "hash_conflict":
        log.warning("Couldn't update the intake modal: %s", outcome.error)


@refusals_told
def answer_changed(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    update_in_place(deps_of(context), body, client, IntakeContext.from_metadata(body["view"].get("private_metadata")))


@refusals_told
def add_ad_account(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    opened = IntakeContext.from_metadata(body["view"].get("private_metadata"))
    update_in_place(deps_of(context), body, client, with_more_accounts(opened))


@refusals_told
def remove_ad_account(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    opened = IntakeContext.from_metadata(body["view"].get("private_metadata"))
    update_in_place(deps_of(context), body, client, with_fewer_accounts(opened))


def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps = deps_of(context)
    policy = deps.settings.intake
    team_id = context.team_id
    user_id = body["user"]["id"]
    if _already_recorded(deps, team_id, view["id"]):
        # Slack gave up waiting for the first ack and the person pressed the button again.
        ack()
        return
    opened = IntakeContext.from_metadata(view.get("private_metadata"))
    form = with_handle_from_link(read_form(_values(view), opened.ad_accounts))
    choice = read_test_choice(_values(view))
    rendered, decision = render(deps, form, opened, user_id, team_id, choice)
    if _tool_shown(view) != (decision.tool or "promote") or _verdict(view) != _verdict(rendered):
        # The answers change the tool, a reason or a warning, and the modal doesn't show it yet (the
        # budget and ad-group inputs update it only on Enter, the text inputs never; an update can
        # still be on its way). Nothing is recorded unseen: show it, and the next press records it.
        ack(response_action="update", view=rendered)
        return
    timezone = deps.users.timezone(form.owner_id or user_id)
    now = deps.clock.now()
    errors = validate(form, decision.tool, today=deps.today(timezone), policy=policy)
    if not _may_test(decision, opened):
        choice = TestChoice()
    elif test_problems := choice_errors(choice, form, open_tests_in(deps.database, team_id, opened.channel_id)):
        errors = {**test_problems, **errors}
    if errors:
        ack(response_action="errors", errors=errors)
        return
    warnings = intake_warnings(form, decision, policy, renew_before=deps.settings.schedule.renew_before_expiry)
    flights = [
        build_records(
            candidate,
            decision,
            warnings,
            team_id=team_id,
            user_id=user_id,
            timezone=timezone,
            now=now,
            # The first candidate carries the modal's id, which tells a resubmission; the others follow it.
            view_id=view["id"] if index == 0 else f"{view['id']}.{index}",
            escalated_from=opened.escalated_from,
        )
        for index, candidate in enumerate(candidate_forms(form, choice))
    ]
    try:
        snapshots, test_id = save(
            PromoteTests(deps.campaigns), flights, choice, now=now, summary_in=opened.channel_id or ""
        )
    except FlightdeckError as error:
        # The test picked stopped taking posts since the modal opened, or the Promote flight escalated
        # was cancelled (each checked under its row lock): said where the form shows that choice.
        block = IntakeId.OWNERSHIP if opened.escalated_from is not None else IntakeId.JOIN_TEST
        ack(response_action="errors", errors={block: str(error)})
        return
    except SQLAlchemyError as error:
        if isinstance(error, IntegrityError) and _already_recorded(deps, team_id, view["id"]):
            # The same submission, still being saved when this copy arrived, got there first.
            ack()
            return
        log.exception("Couldn't save an intake")
        ack(response_action="errors", errors={IntakeId.OWNERSHIP: SAVE_FAILED})
        return
    ack()
    poster = SummaryPoster(client, deps.campaigns, deps.clock, deps.settings.dispatch)
    for snapshot in snapshots:
        poster.post_new(snapshot)
    if snapshots[0].campaign.escalated_from_id is not None:
        tell_escalated(client, deps.campaigns, snapshots[0].campaign, user_id, now)
    if test_id is not None:
        # The test's own message, in bot/promote_tests: posted for a new test, redrawn for the others.
        deps.promote_test_changed(
            client, team_id=team_id, test_id=test_id, new_flights=[s.campaign.id for s in snapshots]
        )


@dataclass
class _IntakeState:
    """What the intake keeps between requests, one per app: its opening views and each modal's newest answer."""

    opening: OpeningViews
    newest: NewestActions


def _state(deps: Deps) -> _IntakeState:
    return deps.state_of("intake", lambda: _IntakeState(OpeningViews(deps.settings.intake), NewestActions()))


def register(app: App) -> None:
    app.command(INTAKE_COMMAND)(open_from_command)
    app.shortcut(IntakeId.SHORTCUT)(open_from_message)
    app.action(_LIVE)(answer_changed)
    app.action(IntakeId.ADD_AD_ACCOUNT)(add_ad_account)
    app.action(IntakeId.REMOVE_AD_ACCOUNT)(remove_ad_account)
    app.view(IntakeId.VIEW)(submit)


def _may_test(decision: Decision, context: IntakeContext) -> bool:
    """A Promote intake may record a test; an escalation to Spark Ads never does."""
    return decision.tool is Tool.PROMOTE and context.escalated_from is None


def tell_privately(respond: Respond | None, client: WebClient, body: dict[str, Any], text: str) -> None:
    """Only to the person, through the request's response_url: it works even where Flightdeck isn't a member."""
    if respond is not None:
        try:
            if respond(text=text, response_type="ephemeral").status_code == 200:
                return
        except OSError as error:
            log.warning("Couldn't answer through the response_url: %s", error)
    tell_user(client, body, text)


def _already_recorded(deps: Deps, team_id: str, view_id: str) -> bool:
    """Whether this modal's submission was saved already. A read, so it takes no write lock."""
    query = select(Campaign.id).where(Campaign.team_id == team_id, Campaign.intake_view_id == view_id)
    try:
        with deps.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            return connection.execute(query).first() is not None
    except SQLAlchemyError:
        # Saving will fail the same way and say so inline; a second copy can't be saved either.
        log.exception("Couldn't check whether an intake was already recorded")
        return False


def _verdict(view: dict[str, Any]) -> list[tuple[str, str]]:
    """What the modal says about the intake: its decision (tool, reasons, conflict) and its warnings."""
    blocks = view.get("blocks")
    return [
        (block["block_id"], str((block.get("text") or {}).get("text")))
        for block in (blocks if isinstance(blocks, list) else [])
        if isinstance(block, dict) and block.get("block_id") in (IntakeId.DECISION, IntakeId.WARNINGS)
    ]


def _values(view: dict[str, Any]) -> dict[str, Any]:
    """The inputs' state as Slack reports it; nothing, for a payload that carries none."""
    values = (view.get("state") or {}).get("values")
    return values if isinstance(values, dict) else {}


def _tool_shown(view: dict[str, Any]) -> str:
    """Which tool's fields the submitted modal carried (its objective block names it)."""
    prefix = f"{IntakeId.OBJECTIVE}_"
    for block_id in _values(view):
        if block_id.startswith(prefix):
            return block_id[len(prefix) :]
    return "promote"
