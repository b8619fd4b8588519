"""Listeners that change a flight: its ⋯ menu, and the submissions of the modals it opens.

A modal can be submitted long after it was opened, so each submission checks again who is asking.
Each submission makes its change before it answers Slack (one short transaction): what the row lock
finds (a flight closed or extended since the modal opened) is said in the modal, and a duplicate of
a submission that already took effect just closes it, so one confirmation reaches the thread.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.core.calendar import day_label, last_day, local_midnight, midnight_after
from bot.core.errors import AlreadyHandled, AlreadyInEffect, FlightdeckError, NotFound
from bot.core.flight import CLOSED
from bot.core.intake import FIRST_DAY, LAST_DAY, NOT_OFFERED, code_expiry, record_id
from bot.core.vocabulary import VALID_FOR_DAYS, Tool
from bot.deps import Deps, deps_of
from bot.slack.announce import refresh_summary
from bot.slack.change_views import ChangeOrigin, notice_view
from bot.slack.errors import refusals_told, tell_user
from bot.slack.flight_changes import FlightChanges
from bot.slack.flight_menu import read_choice
from bot.slack.ids import FLIGHT_MENU, ChangeView, ExtendField, MenuChoice, OwnerField, RenewField
from bot.slack.reminder_message import handled_note
from bot.slack.renewal_changes import RenewalChanges
from bot.slack.text import escape, mention, moment_token
from storage.models import Campaign, Reminder
from storage.snapshot import Snapshot

log = logging.getLogger(__name__)

SAVE_FAILED = "Flightdeck couldn't save this just now, so nothing was changed. Press the button again."
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
        MenuChoice.ESCALATE: lambda campaign, _origin: _escalation(deps, campaign, user_id),
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


def _escalation(deps: Deps, campaign, user_id: str):
    if campaign.tool != Tool.PROMOTE:
        raise FlightdeckError("Only a Promote flight can be escalated to Spark Ads.")
    if campaign.status in CLOSED:
        raise AlreadyHandled("This flight is closed: start a new Spark intake with `/intake` instead.")
    today = deps.today(deps.users.cached_timezone(user_id) or campaign.owner_tz)
    return deps.escalation_view(campaign, deps.settings.intake, deps.settings.schedule, today=today)


@dataclass
class Submission:
    """One submitted change modal whose sender may change its flight, and how to answer it."""

    deps: Deps
    changes: FlightChanges
    ack: Ack
    origin: ChangeOrigin
    campaign: Campaign
    reminder: Reminder | None
    team_id: str
    user_id: str
    values: dict[str, Any]

    def error(self, block_id: str, text: str) -> None:
        self.ack(response_action="errors", errors={block_id: text})

    def as_sent(self) -> dict[str, Any] | None:
        """The reminder message this modal came from, as sent: it is closed once the change is made."""
        return self.changes.as_sent(self.reminder, self.campaign) if self.reminder is not None else None

    def apply(self, change: Callable[[], Snapshot], refuse: Callable[[str], None]) -> Snapshot | None:
        """Make the change, then answer the submission: close the modal, or say in it why nothing changed."""
        try:
            snapshot = change()
        except AlreadyInEffect:
            # The same change already took effect (a double-click, or Slack's retry of a slow answer):
            # the submission that made it confirms it in the thread; this one only closes the modal.
            self.ack()
            return None
        except FlightdeckError as error:
            refuse(str(error))
            return None
        except SQLAlchemyError:
            log.exception("Couldn't save a change to a flight")
            refuse(SAVE_FAILED)
            return None
        self.ack()
        return snapshot

    def inline(self, block_id: str) -> Callable[[str], None]:
        return lambda text: self.error(block_id, text)

    def announce(self, client: WebClient, snapshot: Snapshot, message, *, note: str, confirmation: str) -> None:
        self.changes.announce(client, snapshot, self.origin, message, note=note, confirmation=confirmation)


def submission(save: Callable[[Submission, WebClient], None]):
    """The listener for a change modal: a modal can be submitted long after it was opened, so who is
    asking is checked again, and if they can't change the flight any more the modal says why."""

    def listener(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        deps = deps_of(context)
        changes = FlightChanges(deps)
        origin = ChangeOrigin.from_metadata(view["private_metadata"])
        user_id = body["user"]["id"]
        try:
            campaign, reminder = changes.authorised(context.team_id, user_id, origin)
        except FlightdeckError as error:
            ack(response_action="update", view=notice_view("Can't change this", str(error)).to_dict())
            return
        values = view["state"]["values"]
        save(Submission(deps, changes, ack, origin, campaign, reminder, context.team_id, user_id, values), client)

    listener.__name__ = save.__name__
    return listener


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
    message = sub.as_sent()
    new_expiry = local_midnight(expires, campaign.owner_tz)
    snapshot = sub.apply(
        lambda: sub.deps.campaigns.renew_code(
            sub.team_id,
            campaign.id,
            authorization_id,
            new_expiry,
            actor=sub.user_id,
            now=now,
            via_reminder=sub.origin.reminder_id,
        ),
        sub.inline(RenewField.EXPIRES_ON),
    )
    if snapshot is None:
        return
    authorization = next(a for a in snapshot.authorizations if a.id == authorization_id)
    when = moment_token(new_expiry, campaign.owner_tz)
    sub.announce(
        client,
        snapshot,
        message,
        note=handled_note(f"Code renewed (now expires {when})", sub.user_id, now, campaign.owner_tz),
        confirmation=(
            f"🔑 {mention(sub.user_id)} renewed the code for ad account {escape(authorization.ad_account_id)}: "
            f"it now expires {when}. Code reminders are rescheduled. Once the new code runs the ad, "
            "confirm “Swapped in Ads Manager” from the Spark codes' ⋯ menu."
        ),
    )


@submission
def save_extension(sub: Submission, client: WebClient) -> None:
    campaign = sub.campaign
    new_last_day = _picked_date(sub.values, ExtendField.LAST_DAY)
    # Against the last day as read now, for a quick answer; the service checks again under the lock.
    if new_last_day is None or new_last_day <= last_day(campaign):
        sub.error(ExtendField.LAST_DAY, "Pick a day after the current last day.")
        return
    now = sub.deps.clock.now()
    message = sub.as_sent()
    new_end = midnight_after(new_last_day, campaign.owner_tz)
    snapshot = sub.apply(
        lambda: sub.deps.campaigns.extend_flight(
            sub.team_id, campaign.id, new_end, actor=sub.user_id, now=now, via_reminder=sub.origin.reminder_id
        ),
        sub.inline(ExtendField.LAST_DAY),
    )
    if snapshot is None:
        return
    sub.announce(
        client,
        snapshot,
        message,
        note=handled_note("Flight extended", sub.user_id, now, campaign.owner_tz),
        confirmation=(
            f"📅 {mention(sub.user_id)} extended the flight through {day_label(new_last_day)}. "
            "Reminders are rescheduled."
        ),
    )


@submission
def save_cancellation(sub: Submission, client: WebClient) -> None:
    snapshot = sub.apply(
        lambda: sub.deps.campaigns.cancel(sub.team_id, sub.campaign.id, actor=sub.user_id, now=sub.deps.clock.now()),
        # The cancel modal has no input to hang an error on: it turns into the reason.
        lambda text: sub.ack(response_action="update", view=notice_view("Can't change this", text).to_dict()),
    )
    if snapshot is None:
        return
    sub.announce(
        client,
        snapshot,
        None,
        note="",
        confirmation=f"🛑 {mention(sub.user_id)} cancelled this flight. No more reminders for it.",
    )


@submission
def save_owner(sub: Submission, client: WebClient) -> None:
    new_owner = _picked_user(sub.values, OwnerField.NEW_OWNER)
    if new_owner is None:
        sub.error(OwnerField.NEW_OWNER, "Pick the flight's new owner.")
        return
    if new_owner == sub.campaign.owner_id:
        sub.error(OwnerField.NEW_OWNER, "That person already owns this flight: pick someone else.")
        return
    snapshot = sub.apply(
        lambda: sub.deps.campaigns.change_owner(
            sub.team_id, sub.campaign.id, new_owner, actor=sub.user_id, now=sub.deps.clock.now()
        ),
        sub.inline(OwnerField.NEW_OWNER),
    )
    if snapshot is None:
        return
    sub.announce(
        client,
        snapshot,
        None,
        note="",
        confirmation=(
            f"👤 {mention(sub.user_id)} made {mention(new_owner)} the owner of this flight. "
            "Its reminders mention them from now on."
        ),
    )


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
