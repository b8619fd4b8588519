"""Changing a flight from Slack: the modals and their submissions, and what is said afterwards.

The same modals open from a reminder's buttons and from a flight's menu. Opening spends the
trigger_id first (it expires in 3 s) on a placeholder, then checks who is asking; the submission
checks again, since a modal can be submitted long after it was opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.campaigns.announce import note_in_thread, refresh_summary
from bot.campaigns.menu import FLIGHT_MENU, MenuChoice, read_choice
from bot.campaigns.permissions import ensure_may_change
from bot.campaigns.service import Snapshot
from bot.campaigns.views import (
    ChangeOrigin,
    ChangeView,
    ExtendField,
    RenewField,
    cancel_view,
    extend_view,
    notice_view,
    renew_view,
)
from bot.deps import Deps
from bot.errors import AlreadyHandled, FlightdeckError, NotFound, refusals_told, tell_user
from bot.intake.form import VALID_FOR_DAYS
from bot.intake.record import local_midnight
from bot.reminders.messages import closed_blocks, handled_note, render_reminder
from bot.reminders.plan import wall_clock
from bot.slack_api import call
from bot.text import day_token, escape, mention, moment_token
from storage.models import Campaign, CampaignStatus, Reminder, ReminderStatus

log = logging.getLogger(__name__)

# A reminder whose message still carries live buttons: sent (or failed, and shown to its owner).
ANSWERABLE = (ReminderStatus.SENT, ReminderStatus.FAILED)
CLOSED = (CampaignStatus.SUMMARIZED, CampaignStatus.CANCELLED)


def last_day(campaign: Campaign) -> date:
    """The flight's last day on the owner's calendar (it ends at the midnight after it)."""
    return (wall_clock(campaign.end_at, campaign.owner_tz) - timedelta(seconds=1)).date()


class FlightChanges:
    """What every way of changing a flight shares: the checks, and what is said afterwards."""

    def __init__(self, deps: Deps):
        self.deps = deps
        self.campaigns = deps.campaigns

    def authorised(
        self, team_id: str, user_id: str, origin: ChangeOrigin, *, answerable: bool = True
    ) -> tuple[Campaign, Reminder | None]:
        """The campaign (and reminder) behind a click, if this person may change it; else a refusal."""
        reminder = None
        if origin.reminder_id is not None:
            reminder, campaign = self.campaigns.reminder_and_campaign(team_id, origin.reminder_id)
            if origin.campaign_id is not None and campaign.id != origin.campaign_id:
                raise NotFound("That reminder doesn't belong to this flight.")
        elif origin.campaign_id is not None:
            campaign = self.campaigns.snapshot(team_id, origin.campaign_id).campaign
        else:
            raise NotFound("That isn't a flight Flightdeck knows.")
        ensure_may_change(campaign, user_id, self.deps.users)
        if answerable and reminder is not None and reminder.status not in ANSWERABLE:
            raise AlreadyHandled("This reminder was already handled.")
        return campaign, reminder

    def as_sent(self, reminder: Reminder, campaign: Campaign) -> dict[str, Any]:
        """The reminder message as it was sent, to close it after a modal (which doesn't carry it)."""
        authorizations = self.campaigns.snapshot(campaign.team_id, campaign.id).authorizations
        authorization = next((a for a in authorizations if a.id == reminder.authorization_id), None)
        rendered = render_reminder(
            reminder, campaign, authorization, late=reminder.late, morning=self.deps.settings.schedule.local_time
        )
        return {"text": rendered.text, "blocks": rendered.blocks}

    def close_message(self, client: WebClient, origin: ChangeOrigin, message: dict[str, Any] | None, note: str):
        """Take the buttons off the reminder that was answered, saying who did what."""
        if origin.reminder_id is None or not origin.channel or not origin.ts:
            return
        outcome = call(
            client.chat_update,
            channel=origin.channel,
            ts=origin.ts,
            text=(message or {}).get("text") or note,
            blocks=closed_blocks((message or {}).get("blocks") or [], note),
        )
        if not outcome.ok:
            log.warning("Couldn't close reminder message %s: %s", origin.ts, outcome.error)

    def announce(
        self, client: WebClient, snapshot: Snapshot, origin: ChangeOrigin, message, *, note: str, confirmation: str
    ) -> None:
        self.close_message(client, origin, message, note)
        if origin.reminder_id is not None:
            note_in_thread(client, snapshot.campaign, confirmation, channel=origin.channel, thread_ts=origin.thread_ts)
        else:
            note_in_thread(client, snapshot.campaign, confirmation)
        refresh_summary(client, snapshot)

    def open_modal(
        self,
        client: WebClient,
        *,
        trigger_id: str,
        team_id: str,
        user_id: str,
        origin: ChangeOrigin,
        build: Callable[[Campaign, Reminder | None], Any],
    ) -> None:
        placeholder = notice_view("Flightdeck", "Loading…").to_dict()
        view_id = client.views_open(trigger_id=trigger_id, view=placeholder)["view"]["id"]
        try:
            campaign, reminder = self.authorised(team_id, user_id, origin)
            view = build(campaign, reminder)
        except FlightdeckError as error:
            view = notice_view("Can't change this", str(error))
        client.views_update(view_id=view_id, view=view.to_dict())

    # -- changes made straight from a click ---------------------------------------------------------

    def end_now(self, team_id: str, user_id: str, campaign: Campaign, via_reminder: int | None):
        """End the flight now: its summary pulls are rescheduled from now."""
        if campaign.status in (CampaignStatus.ENDED, *CLOSED):
            raise AlreadyHandled("This flight has already ended.")
        now = self.deps.clock.now()
        snapshot = self.campaigns.end_flight(team_id, campaign.id, actor=user_id, now=now, via_reminder=via_reminder)
        pull = next((r for r in snapshot.reminders if r.kind == "summary.pull" and r.status == "pending"), None)
        when = f" Summary pull reminder: {moment_token(pull.due_at, campaign.owner_tz)}." if pull else ""
        return (
            snapshot,
            handled_note("Flight ended", user_id, now, campaign.owner_tz),
            f"⏹ {mention(user_id)} ended the flight now.{when}",
        )

    def pulled(self, team_id: str, user_id: str, campaign: Campaign, via_reminder: int | None):
        if campaign.summary_pulled_at is not None:
            raise AlreadyHandled("The summary is already marked pulled.")
        now = self.deps.clock.now()
        snapshot = self.campaigns.summary_pulled(
            team_id, campaign.id, actor=user_id, now=now, via_reminder=via_reminder
        )
        return (
            snapshot,
            handled_note("Summary pulled", user_id, now, campaign.owner_tz),
            f"📊 {mention(user_id)} pulled the summary. No more summary reminders for this flight.",
        )

    # -- modals ------------------------------------------------------------------------------------

    def renew_modal(self, campaign: Campaign, origin: ChangeOrigin):
        authorizations = self.campaigns.snapshot(campaign.team_id, campaign.id).authorizations
        if origin.authorization_id is not None:
            authorizations = [a for a in authorizations if a.id == origin.authorization_id]
        if not authorizations:
            raise NotFound("This flight has no Spark code to renew.")
        return renew_view(origin, campaign, authorizations, today=self.deps.today(campaign.owner_tz))

    def extend_modal(self, campaign: Campaign, origin: ChangeOrigin):
        if campaign.status in CLOSED:
            raise AlreadyHandled("This flight is closed and can't be extended.")
        return extend_view(origin, campaign, current_last_day=last_day(campaign))

    def cancel_modal(self, campaign: Campaign, origin: ChangeOrigin):
        if campaign.status in CLOSED:
            raise AlreadyHandled("This flight is already closed.")
        return cancel_view(origin, campaign)


def register(app: App, deps: Deps) -> None:
    changes = FlightChanges(deps)
    campaigns = deps.campaigns

    @app.action(FLIGHT_MENU)
    @refusals_told
    def menu_choice(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        chosen = read_choice((action.get("selected_option") or {}).get("value", ""))
        if chosen is None:
            raise NotFound("That menu choice isn't one Flightdeck knows.")
        choice, campaign_id = chosen
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        origin = ChangeOrigin(campaign_id=campaign_id, channel="", ts="")
        modals = {
            MenuChoice.RENEW_CODE: changes.renew_modal,
            MenuChoice.EXTEND: changes.extend_modal,
            MenuChoice.CANCEL: changes.cancel_modal,
        }
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
        change = changes.end_now if choice is MenuChoice.END else changes.pulled
        snapshot, _, confirmation = change(team_id, user_id, campaign, None)
        changes.announce(client, snapshot, origin, None, note="", confirmation=confirmation)
        if (body.get("container") or {}).get("type") != "message" or body["container"].get("is_ephemeral"):
            # Chosen outside the campaign's thread (App Home, /flights): say it's done where they are.
            tell_user(client, body, confirmation)

    def checked(ack: Ack, body: dict[str, Any], view: dict[str, Any]):
        """For a submission: the modal itself says why it can't be saved, and nothing is."""
        origin = ChangeOrigin.from_metadata(view["private_metadata"])
        try:
            campaign, reminder = changes.authorised(body["team"]["id"], body["user"]["id"], origin)
        except FlightdeckError as error:
            ack(response_action="update", view=notice_view("Can't change this", str(error)).to_dict())
            return None
        return origin, campaign, reminder

    @app.view(ChangeView.CODE_RENEWED)
    def save_renewal(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        found = checked(ack, body, view)
        if found is None:
            return
        origin, campaign, reminder = found
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        values = view["state"]["values"]
        authorization_id = origin.authorization_id or _picked_int(values, RenewField.AUTHORIZATION)
        expires, error = _new_expiry(values, today=deps.today(campaign.owner_tz))
        if authorization_id is None:
            error = (RenewField.AUTHORIZATION, "Pick the ad account whose code was renewed.")
        if error:
            ack(response_action="errors", errors=dict([error]))
            return
        ack()
        now = deps.clock.now()
        message = changes.as_sent(reminder, campaign) if reminder is not None else None
        new_expiry = local_midnight(expires, campaign.owner_tz)
        snapshot = campaigns.renew_code(
            team_id, authorization_id, new_expiry, actor=user_id, now=now, via_reminder=origin.reminder_id
        )
        authorization = next(a for a in snapshot.authorizations if a.id == authorization_id)
        when = moment_token(new_expiry, campaign.owner_tz)
        changes.announce(
            client,
            snapshot,
            origin,
            message,
            note=handled_note(f"Code renewed (now expires {when})", user_id, now, campaign.owner_tz),
            confirmation=(
                f"🔑 {mention(user_id)} renewed the code for ad account {escape(authorization.ad_account_id)}: "
                f"it now expires {when}. Code reminders are rescheduled."
            ),
        )

    @app.view(ChangeView.EXTEND_FLIGHT)
    def save_extension(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        found = checked(ack, body, view)
        if found is None:
            return
        origin, campaign, reminder = found
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        new_last_day = _picked_date(view["state"]["values"], ExtendField.LAST_DAY)
        if new_last_day is None or new_last_day <= last_day(campaign):
            ack(response_action="errors", errors={ExtendField.LAST_DAY: "Pick a day after the current last day."})
            return
        if campaign.status in CLOSED:
            ack(response_action="errors", errors={ExtendField.LAST_DAY: "This flight is closed and can't be extended."})
            return
        ack()
        now = deps.clock.now()
        message = changes.as_sent(reminder, campaign) if reminder is not None else None
        new_end = local_midnight(new_last_day + timedelta(days=1), campaign.owner_tz)
        snapshot = campaigns.extend_flight(
            team_id, campaign.id, new_end, actor=user_id, now=now, via_reminder=origin.reminder_id
        )
        changes.announce(
            client,
            snapshot,
            origin,
            message,
            note=handled_note("Flight extended", user_id, now, campaign.owner_tz),
            confirmation=(
                f"📅 {mention(user_id)} extended the flight through "
                f"{day_token(new_end - timedelta(seconds=1), campaign.owner_tz)}. Reminders are rescheduled."
            ),
        )

    @app.view(ChangeView.CANCEL_FLIGHT)
    def save_cancellation(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        found = checked(ack, body, view)
        if found is None:
            return
        origin, campaign, _ = found
        if campaign.status in CLOSED:
            ack(
                response_action="update",
                view=notice_view("Can't change this", "This flight is already closed.").to_dict(),
            )
            return
        ack()
        user_id = body["user"]["id"]
        snapshot = campaigns.cancel(body["team"]["id"], campaign.id, actor=user_id, now=deps.clock.now())
        changes.announce(
            client,
            snapshot,
            origin,
            None,
            note="",
            confirmation=f"🛑 {mention(user_id)} cancelled this flight. No more reminders for it.",
        )


def _picked_date(values: dict[str, Any], block_id: str) -> date | None:
    raw = ((values.get(block_id) or {}).get(block_id) or {}).get("selected_date")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _picked_int(values: dict[str, Any], block_id: str) -> int | None:
    option = ((values.get(block_id) or {}).get(block_id) or {}).get("selected_option") or {}
    value = option.get("value", "")
    return int(value) if value.isdigit() else None


def _new_expiry(values: dict[str, Any], *, today: date) -> tuple[date | None, tuple[str, str] | None]:
    """The renewed code's expiry from the modal, or the inline error to show."""
    issued = _picked_date(values, RenewField.ISSUED_ON)
    expires = _picked_date(values, RenewField.EXPIRES_ON)
    days = _picked_int(values, RenewField.VALID_FOR)
    if issued is not None and expires is not None and expires < issued:
        return None, (RenewField.EXPIRES_ON, "The code can't expire before it was issued.")
    if expires is None and issued is not None and days in VALID_FOR_DAYS:
        expires = issued + timedelta(days=days)
    if expires is None:
        return None, (RenewField.ISSUED_ON, "Pick the day the new code was issued.")
    if expires <= today:
        return None, (RenewField.EXPIRES_ON, "That date has passed: pick a later expiry.")
    return expires, None
