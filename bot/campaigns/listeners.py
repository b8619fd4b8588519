"""Listeners that change a flight: its ⋯ menu, and the submissions of the modals it opens.

A modal can be submitted long after it was opened, so each submission checks again who is asking.
Each submission makes its change before it answers Slack (one short transaction): what the row lock
finds (a flight closed or extended since the modal opened) is said in the modal, and a duplicate of
a submission that already took effect just closes it, so one confirmation reaches the thread.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.calendar import day_label, last_day, local_midnight, midnight_after
from bot.core.errors import AlreadyHandled, NotFound
from bot.core.flight import Change
from bot.core.intake import FIRST_DAY, LAST_DAY, NOT_OFFERED, code_expiry, record_id
from bot.core.vocabulary import VALID_FOR_DAYS
from bot.deps import Deps, deps_of
from bot.slack.announce import refresh_summary
from bot.slack.change_views import ChangeOrigin
from bot.slack.errors import refusals_told, tell_user
from bot.slack.flight_changes import Done, FlightChanges, Submission, submission
from bot.slack.flight_menu import read_choice
from bot.slack.ids import FLIGHT_MENU, ChangeView, ExtendField, MenuChoice, OwnerField, RenewField
from bot.slack.reminder_message import handled_note
from bot.slack.renewal_changes import RenewalChanges
from bot.slack.text import escape, mention, moment_token

log = logging.getLogger(__name__)

# What a users_select reports: a person's id. Anything else was typed into the payload by hand.
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


@refusals_told
def menu_choice(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    deps = deps_of(context)
    changes = FlightChanges(deps)
    chosen = read_choice((action.get("selected_option") or {}).get("value", ""))
    if chosen is None:
        raise NotFound("That menu choice isn't one Flightdeck knows.")
    choice, campaign_id = chosen
    team_id, user_id = context.team_id, body["user"]["id"]
    origin = ChangeOrigin(campaign_id=campaign_id, channel="", ts="")
    modals = {
        MenuChoice.ASK_CREATOR: RenewalChanges(changes).ask_modal,
        MenuChoice.RENEW_CODE: changes.renew_modal,
        MenuChoice.SWAPPED: RenewalChanges(changes).swap_modal,
        MenuChoice.EXTEND: changes.extend_modal,
        MenuChoice.CANCEL: changes.cancel_modal,
        MenuChoice.CHANGE_OWNER: changes.owner_modal,
        MenuChoice.ESCALATE: lambda campaign, _origin: _escalation(deps, changes, campaign, user_id),
    }
    if choice in (MenuChoice.SUMMARY_PULLED, MenuChoice.CORRECT_RESULTS):
        # The summary's figures: bot/results' modal, through its hook (features don't import one another).
        deps.open_results(client, trigger_id=body["trigger_id"], team_id=team_id, user_id=user_id, origin=origin)
        return
    if choice in modals:
        changes.open_modal(
            client,
            trigger_id=body["trigger_id"],
            team_id=team_id,
            user_id=user_id,
            origin=origin,
            build=lambda campaign, _: modals[choice](campaign, origin),
        )
        return
    campaign, _ = changes.authorised(team_id, user_id, origin)
    try:
        snapshot, _, confirmation = changes.end_now(team_id, user_id, campaign, None)
    except AlreadyHandled:
        # Chosen from a menu drawn before the flight moved on (it ended on its last day, say):
        # redraw the summary, so its menu offers what now makes sense.
        refresh_summary(client, deps.campaigns.snapshot(team_id, campaign.id), now=deps.clock.now())
        raise
    changes.announce(client, snapshot, origin, None, note="", confirmation=confirmation)
    if (body.get("container") or {}).get("type") != "message" or body["container"].get("is_ephemeral"):
        # Chosen outside the campaign's thread (App Home, /flights): say it's done where they are.
        tell_user(client, body, confirmation)


def _escalation(deps: Deps, changes: FlightChanges, campaign, user_id: str):
    # Asked again under the Promote flight's row lock when the Spark intake is recorded (storage/service.py).
    changes.ensure(Change.ESCALATE, campaign)
    today = deps.today(deps.users.cached_timezone(user_id) or campaign.owner_tz)
    return deps.escalation_view(campaign, deps.settings.intake, deps.settings.schedule, today=today)


@submission
def save_renewal(sub: Submission, client: WebClient) -> None:
    campaign = sub.campaign
    authorization_id = sub.origin.authorization_id or _picked_int(sub.values, RenewField.AUTHORIZATION)
    expires, error = _new_expiry(sub.values, today=sub.deps.today(campaign.owner_tz))
    if authorization_id is None:
        error = (RenewField.AUTHORIZATION, "Pick the ad account whose code was renewed.")
    if error:
        sub.error(*error)
        return
    now = sub.deps.clock.now()
    new_expiry = local_midnight(expires, campaign.owner_tz)

    def renewed() -> Done:
        snapshot = sub.deps.campaigns.renew_code(
            sub.team_id,
            campaign.id,
            authorization_id,
            new_expiry,
            actor=sub.user_id,
            now=now,
            via_reminder=sub.origin.reminder_id,
        )
        authorization = next(a for a in snapshot.authorizations if a.id == authorization_id)
        when = moment_token(new_expiry, campaign.owner_tz)
        # Until the swap the old code runs the ad (docs/schedule.md, "A code's renewal"): say which lapses when.
        renewal = snapshot.renewals.get(authorization_id)
        old = renewal.swap_by if renewal is not None else None
        old_runs = (
            f"the old code runs the ad until you swap, and it expires {moment_token(old, campaign.owner_tz)}"
            if old
            else "the old code runs the ad until you swap"
        )
        return (
            snapshot,
            handled_note(f"Code renewed (the new code expires {when})", sub.user_id, now, campaign.owner_tz),
            f"🔑 {mention(sub.user_id)} entered the creator's new code for ad account "
            f"{escape(authorization.ad_account_id)}: the new code expires {when}. Swap it in Ads Manager; "
            f"{old_runs}. Code reminders are rescheduled. Once the new code runs the ad, "
            "confirm “Swapped in Ads Manager” from the Spark codes' ⋯ menu.",
        )

    sub.finish(client, renewed, sub.inline(RenewField.EXPIRES_ON), message=sub.as_sent())


@submission
def save_extension(sub: Submission, client: WebClient) -> None:
    campaign = sub.campaign
    new_last_day = _picked_date(sub.values, ExtendField.LAST_DAY)
    # Against the last day as read now, for a quick answer; the service checks again under the lock.
    if new_last_day is None or new_last_day <= last_day(campaign):
        sub.error(ExtendField.LAST_DAY, "Pick a day after the current last day.")
        return
    now = sub.deps.clock.now()
    new_end = midnight_after(new_last_day, campaign.owner_tz)

    def extended() -> Done:
        snapshot = sub.deps.campaigns.extend_flight(
            sub.team_id, campaign.id, new_end, actor=sub.user_id, now=now, via_reminder=sub.origin.reminder_id
        )
        return (
            snapshot,
            handled_note("Flight extended", sub.user_id, now, campaign.owner_tz),
            f"📅 {mention(sub.user_id)} extended the flight through {day_label(new_last_day)}. "
            "Reminders are rescheduled.",
        )

    sub.finish(client, extended, sub.inline(ExtendField.LAST_DAY), message=sub.as_sent())


@submission
def save_cancellation(sub: Submission, client: WebClient) -> None:
    def cancelled() -> Done:
        snapshot = sub.deps.campaigns.cancel(sub.team_id, sub.campaign.id, actor=sub.user_id, now=sub.deps.clock.now())
        return snapshot, "", f"🛑 {mention(sub.user_id)} cancelled this flight. No more reminders for it."

    # The cancel modal has no input to hang an error on: it turns into the reason.
    sub.finish(client, cancelled, sub.notice())


@submission
def save_owner(sub: Submission, client: WebClient) -> None:
    new_owner = _picked_user(sub.values, OwnerField.NEW_OWNER)
    if new_owner is None:
        sub.error(OwnerField.NEW_OWNER, "Pick the flight's new owner.")
        return
    if new_owner == sub.campaign.owner_id:
        sub.error(OwnerField.NEW_OWNER, "That person already owns this flight: pick someone else.")
        return

    def handed_over() -> Done:
        snapshot = sub.deps.campaigns.change_owner(
            sub.team_id, sub.campaign.id, new_owner, actor=sub.user_id, now=sub.deps.clock.now()
        )
        return (
            snapshot,
            "",
            f"👤 {mention(sub.user_id)} made {mention(new_owner)} the owner of this flight. "
            "Its reminders mention them from now on.",
        )

    sub.finish(client, handed_over, sub.inline(OwnerField.NEW_OWNER))


VIEWS = {
    ChangeView.CODE_RENEWED: save_renewal,
    ChangeView.EXTEND_FLIGHT: save_extension,
    ChangeView.CANCEL_FLIGHT: save_cancellation,
    ChangeView.CHANGE_OWNER: save_owner,
}


def register(app: App) -> None:
    app.action(FLIGHT_MENU)(menu_choice)
    for callback_id, listener in VIEWS.items():
        app.view(callback_id)(listener)


def _picked(values: Any, block_id: str) -> dict[str, Any]:
    """One input's state, whatever shape the request gave `view.state.values`."""
    block = values.get(block_id) if isinstance(values, dict) else None
    state = block.get(block_id) if isinstance(block, dict) else None
    return state if isinstance(state, dict) else {}


def _picked_date(values: dict[str, Any], block_id: str) -> date | None:
    """The date picked, if it is one a flight or a code can have (past it, date arithmetic overflows)."""
    raw = _picked(values, block_id).get("selected_date")
    try:
        day = date.fromisoformat(raw) if isinstance(raw, str) and raw else None
    except ValueError:
        return None
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def _picked_user(values: dict[str, Any], block_id: str) -> str | None:
    raw = ((values.get(block_id) or {}).get(block_id) or {}).get("selected_user")
    return raw if isinstance(raw, str) and _USER_ID.fullmatch(raw) else None


def _picked_int(values: dict[str, Any], block_id: str) -> int | None:
    option = _picked(values, block_id).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return record_id(value)


def _new_expiry(values: dict[str, Any], *, today: date) -> tuple[date | None, tuple[str, str] | None]:
    """The renewed code's expiry from the modal, or the inline error to show."""
    issued = _picked_date(values, RenewField.ISSUED_ON)
    expires = _picked_date(values, RenewField.EXPIRES_ON)
    days = _picked_int(values, RenewField.VALID_FOR)
    if days is not None and days not in VALID_FOR_DAYS:
        return None, (RenewField.VALID_FOR, NOT_OFFERED)
    if issued is not None and expires is not None and expires < issued:
        return None, (RenewField.EXPIRES_ON, "The code can't expire before it was issued.")
    expires = code_expiry(issued, days, expires)
    if expires is None:
        return None, (RenewField.ISSUED_ON, "Pick the day the new code was issued (between 2000 and 2100).")
    if expires <= today:
        return None, (RenewField.EXPIRES_ON, "That date has passed: pick a later expiry.")
    return expires, None
