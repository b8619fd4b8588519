"""Reminder buttons and their two modals.

Every click is re-checked: the reminder must belong to this workspace, and the person must be
allowed to change the flight. The message then loses its buttons (nothing can be pressed twice),
the thread gets a one-line confirmation, and the summary message is redrawn.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.campaigns.announce import note_in_thread, refresh_summary
from bot.campaigns.permissions import ensure_may_change
from bot.campaigns.service import Snapshot
from bot.deps import Deps
from bot.errors import AlreadyHandled, FlightdeckError, NotFound, tell_user
from bot.intake.form import VALID_FOR_DAYS
from bot.intake.record import local_midnight
from bot.reminders.kinds import TITLES, ReminderAction, ReminderView
from bot.reminders.messages import closed_blocks, handled_note, render_reminder
from bot.reminders.plan import Kind, next_morning, wall_clock
from bot.reminders.views import ClickOrigin, ExtendField, RenewField, extend_view, notice_view, renew_view
from bot.slack_api import call
from bot.text import day_token, escape, mention, moment_token
from storage.models import Campaign, CampaignStatus, Reminder, ReminderStatus

log = logging.getLogger(__name__)

# A reminder whose message still carries live buttons: sent (or failed, and shown to its owner).
_ANSWERABLE = (ReminderStatus.SENT, ReminderStatus.FAILED)


def refusals_told(listener):
    """Tell the person why a click was refused, instead of raising once the click is acknowledged.

    Bolt's threaded runner resets an acknowledgement that was already made when the listener then
    raises, so a raised refusal could reach Slack as a 404 after 3 s: the button would show an error.
    """

    @functools.wraps(listener)
    def wrapped(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        try:
            listener(ack, body, action, client)
        except FlightdeckError as error:
            tell_user(client, body, str(error))

    return wrapped


@dataclass(frozen=True)
class Click:
    team_id: str
    user_id: str
    reminder_id: int
    origin: ClickOrigin
    message: dict[str, Any]

    @classmethod
    def read(cls, body: dict[str, Any], action: dict[str, Any]) -> Click:
        try:
            reminder_id = int(action.get("value", ""))
        except ValueError:
            raise NotFound("That button doesn't point to a reminder.") from None
        container = body.get("container") or {}
        message = body.get("message") or {}
        origin = ClickOrigin(
            reminder_id=reminder_id,
            channel=container.get("channel_id") or (body.get("channel") or {}).get("id", ""),
            ts=container.get("message_ts") or message.get("ts", ""),
            thread_ts=message.get("thread_ts"),
        )
        return cls(body["team"]["id"], body["user"]["id"], reminder_id, origin, message)


def register(app: App, deps: Deps) -> None:
    campaigns = deps.campaigns

    def authorised(team_id: str, user_id: str, reminder_id: int) -> tuple[Reminder, Campaign]:
        reminder, campaign = campaigns.reminder_and_campaign(team_id, reminder_id)
        ensure_may_change(campaign, user_id, deps.users)
        return reminder, campaign

    def authorised_or_refused(ack: Ack, team_id: str, user_id: str, reminder_id: int):
        """For a modal's submission: the modal itself says why it can't be saved, and nothing is."""
        try:
            return authorised(team_id, user_id, reminder_id)
        except FlightdeckError as error:
            ack(response_action="update", view=notice_view("Can't change this", str(error)).to_dict())
            return None

    def close_message(client: WebClient, origin: ClickOrigin, message: dict[str, Any] | None, note: str) -> None:
        if not origin.channel or not origin.ts:
            return
        blocks = (message or {}).get("blocks") or []
        outcome = call(
            client.chat_update,
            channel=origin.channel,
            ts=origin.ts,
            text=(message or {}).get("text") or note,
            blocks=closed_blocks(blocks, note),
        )
        if not outcome.ok:
            log.warning("Couldn't close reminder message %s: %s", origin.ts, outcome.error)

    def as_sent(reminder: Reminder, campaign: Campaign) -> dict[str, Any]:
        """The reminder message as it was sent, for closing it after a modal (which doesn't carry it)."""
        authorization = next(
            (
                a
                for a in campaigns.snapshot(campaign.team_id, campaign.id).authorizations
                if a.id == reminder.authorization_id
            ),
            None,
        )
        rendered = render_reminder(
            reminder, campaign, authorization, late=reminder.late, morning=deps.settings.schedule.local_time
        )
        return {"text": rendered.text, "blocks": rendered.blocks}

    def finish(client, snapshot: Snapshot, origin: ClickOrigin, message, *, note: str, confirmation: str) -> None:
        close_message(client, origin, message, note)
        note_in_thread(client, snapshot.campaign, confirmation, channel=origin.channel, thread_ts=origin.thread_ts)
        refresh_summary(client, snapshot)

    def simple(action_id: ReminderAction, handler) -> None:
        @app.action(action_id)
        @refusals_told
        def listener(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
            ack()
            click = Click.read(body, action)
            reminder, campaign = authorised(click.team_id, click.user_id, click.reminder_id)
            try:
                snapshot, note, confirmation = handler(click, reminder, campaign)
            except AlreadyHandled:
                # Close buttons still live here; a message an earlier click closed keeps saying who did what.
                if reminder.status in _ANSWERABLE:
                    close_message(client, click.origin, click.message, "This reminder was already handled.")
                raise
            finish(client, snapshot, click.origin, click.message, note=note, confirmation=confirmation)

    def done(click: Click, reminder: Reminder, campaign: Campaign):
        now = deps.clock.now()
        snapshot = campaigns.close_reminder(click.team_id, reminder.id, actor=click.user_id, now=now)
        title = TITLES[Kind(reminder.kind)]
        return (
            snapshot,
            handled_note("Done", click.user_id, now, campaign.owner_tz),
            f"✅ {mention(click.user_id)} marked “{title}” done.",
        )

    def snooze_until(until_of):
        def snooze(click: Click, reminder: Reminder, campaign: Campaign):
            now = deps.clock.now()
            until = until_of(now, campaign)
            snapshot = campaigns.snooze(click.team_id, reminder.id, until, actor=click.user_id, now=now)
            when = moment_token(until, campaign.owner_tz)
            return (
                snapshot,
                f"💤 Snoozed until {when} by {mention(click.user_id)}.",
                f"💤 {mention(click.user_id)} snoozed “{TITLES[Kind(reminder.kind)]}” until {when}.",
            )

        return snooze

    def end_flight(click: Click, reminder: Reminder, campaign: Campaign):
        if campaign.status in (CampaignStatus.ENDED, CampaignStatus.SUMMARIZED, CampaignStatus.CANCELLED):
            raise AlreadyHandled("This flight has already ended.")
        now = deps.clock.now()
        snapshot = campaigns.end_flight(
            click.team_id, campaign.id, actor=click.user_id, now=now, via_reminder=reminder.id
        )
        return (
            snapshot,
            handled_note("Flight ended", click.user_id, now, campaign.owner_tz),
            f"⏹ {mention(click.user_id)} ended the flight now. {_next_summary_pull(snapshot)}",
        )

    def summary_pulled(click: Click, reminder: Reminder, campaign: Campaign):
        if campaign.summary_pulled_at is not None:
            raise AlreadyHandled("The summary is already marked pulled.")
        now = deps.clock.now()
        snapshot = campaigns.summary_pulled(
            click.team_id, campaign.id, actor=click.user_id, now=now, via_reminder=reminder.id
        )
        return (
            snapshot,
            handled_note("Summary pulled", click.user_id, now, campaign.owner_tz),
            f"📊 {mention(click.user_id)} pulled the summary. No more summary reminders for this flight.",
        )

    morning = deps.settings.schedule.local_time
    simple(ReminderAction.DONE, done)
    simple(ReminderAction.SNOOZE_HOUR, snooze_until(lambda now, campaign: now + timedelta(hours=1)))
    simple(
        ReminderAction.SNOOZE_MORNING,
        snooze_until(lambda now, campaign: next_morning(now, campaign.owner_tz, morning)),
    )
    simple(ReminderAction.END_FLIGHT, end_flight)
    simple(ReminderAction.SUMMARY_PULLED, summary_pulled)

    # -- buttons that open a modal: open it first (the trigger expires in 3 s), then check -----------------

    def open_then_check(body: dict[str, Any], action: dict[str, Any], client: WebClient, build) -> None:
        click = Click.read(body, action)
        placeholder = notice_view("Flightdeck", "Loading…").to_dict()
        opened = client.views_open(trigger_id=body["trigger_id"], view=placeholder)
        view_id = opened["view"]["id"]
        try:
            reminder, campaign = authorised(click.team_id, click.user_id, click.reminder_id)
            if reminder.status not in _ANSWERABLE:
                raise AlreadyHandled("This reminder was already handled.")
            view = build(click, reminder, campaign)
        except FlightdeckError as error:
            # Flightdeck's own words, mentions included: escaping them would show `<@U…>` as text.
            view = notice_view("Can't change this", str(error))
        client.views_update(view_id=view_id, view=view.to_dict())

    @app.action(ReminderAction.CODE_RENEWED)
    @refusals_told
    def code_renewed(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()

        def build(click: Click, reminder: Reminder, campaign: Campaign):
            snapshot = campaigns.snapshot(click.team_id, campaign.id)
            authorization = next((a for a in snapshot.authorizations if a.id == reminder.authorization_id), None)
            if authorization is None:
                raise NotFound("This reminder isn't about a Spark code.")
            return renew_view(
                click.origin,
                today=deps.today(campaign.owner_tz),
                ad_account=authorization.ad_account_id,
                creator=campaign.creator_handle,
            )

        open_then_check(body, action, client, build)

    @app.action(ReminderAction.EXTEND_FLIGHT)
    @refusals_told
    def extend_flight(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()

        def build(click: Click, reminder: Reminder, campaign: Campaign):
            return extend_view(click.origin, current_last_day=_last_day(campaign), client=campaign.client)

        open_then_check(body, action, client, build)

    @app.view(ReminderView.CODE_RENEWED)
    def save_renewal(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        origin = ClickOrigin.from_metadata(view["private_metadata"])
        found = authorised_or_refused(ack, team_id, user_id, origin.reminder_id)
        if found is None:
            return
        reminder, campaign = found
        values = view["state"]["values"]
        issued = _picked_date(values, RenewField.ISSUED_ON)
        expires = _picked_date(values, RenewField.EXPIRES_ON)
        valid = ((values.get(RenewField.VALID_FOR) or {}).get(RenewField.VALID_FOR) or {}).get("selected_option")
        days = int(valid["value"]) if valid and valid["value"].isdigit() else None
        if expires is None and issued is not None and days in VALID_FOR_DAYS:
            expires = issued + timedelta(days=days)
        today = deps.today(campaign.owner_tz)
        if expires is None:
            ack(response_action="errors", errors={RenewField.ISSUED_ON: "Pick the day the new code was issued."})
            return
        if issued is not None and expires < issued:
            ack(response_action="errors", errors={RenewField.EXPIRES_ON: "The code can't expire before it was issued."})
            return
        if expires <= today:
            ack(response_action="errors", errors={RenewField.EXPIRES_ON: "That date has passed: pick a later expiry."})
            return
        ack()
        now = deps.clock.now()
        message = as_sent(reminder, campaign)
        new_expiry = local_midnight(expires, campaign.owner_tz)
        snapshot = campaigns.renew_code(
            team_id, reminder.authorization_id, new_expiry, actor=user_id, now=now, via_reminder=reminder.id
        )
        authorization = next(a for a in snapshot.authorizations if a.id == reminder.authorization_id)
        when = moment_token(new_expiry, campaign.owner_tz)
        finish(
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

    @app.view(ReminderView.EXTEND_FLIGHT)
    def save_extension(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        origin = ClickOrigin.from_metadata(view["private_metadata"])
        found = authorised_or_refused(ack, team_id, user_id, origin.reminder_id)
        if found is None:
            return
        reminder, campaign = found
        last_day = _picked_date(view["state"]["values"], ExtendField.LAST_DAY)
        if last_day is None or last_day <= _last_day(campaign):
            ack(response_action="errors", errors={ExtendField.LAST_DAY: "Pick a day after the current last day."})
            return
        if campaign.status in (CampaignStatus.SUMMARIZED, CampaignStatus.CANCELLED):
            ack(response_action="errors", errors={ExtendField.LAST_DAY: "This flight is closed and can't be extended."})
            return
        ack()
        now = deps.clock.now()
        message = as_sent(reminder, campaign)
        new_end = local_midnight(last_day + timedelta(days=1), campaign.owner_tz)
        snapshot = campaigns.extend_flight(
            team_id, campaign.id, new_end, actor=user_id, now=now, via_reminder=reminder.id
        )
        finish(
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


def _last_day(campaign: Campaign) -> date:
    return (wall_clock(campaign.end_at, campaign.owner_tz) - timedelta(seconds=1)).date()


def _picked_date(values: dict[str, Any], block_id: str) -> date | None:
    raw = ((values.get(block_id) or {}).get(block_id) or {}).get("selected_date")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _next_summary_pull(snapshot: Snapshot) -> str:
    pull = next(
        (r for r in snapshot.reminders if r.kind == Kind.SUMMARY_PULL and r.status == "pending"),
        None,
    )
    if pull is None:
        return ""
    return f"Summary pull reminder: {moment_token(pull.due_at, snapshot.campaign.owner_tz)}."
