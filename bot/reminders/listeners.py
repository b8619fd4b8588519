"""Reminder buttons.

Every click is re-checked: the reminder must belong to this workspace, the button must be on the
message that delivered it, and the person must be allowed to change the flight. The message then
loses its buttons (nothing can be pressed twice), the thread gets a one-line confirmation, and
the summary message is redrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.calendar import zone_place
from bot.core.errors import AlreadyHandled, NotFound
from bot.core.plan import next_morning
from bot.core.vocabulary import SNOOZE_HOUR, TITLES, Kind
from bot.deps import Deps
from bot.slack.change_views import ChangeOrigin
from bot.slack.errors import refusals_told
from bot.slack.flight_changes import FlightChanges
from bot.slack.ids import REMINDER_BLOCK, ReminderAction
from bot.slack.reminder_message import handled_note
from bot.slack.renewal_changes import RenewalChanges
from bot.slack.text import mention, moment_token
from storage.models import Campaign, Reminder
from storage.service import ANSWERABLE


def read_click(body: dict[str, Any], action: dict[str, Any]) -> ChangeOrigin:
    """Which reminder a button names, and where its message is. The value is only a claim: checked later."""
    try:
        reminder_id = int(action.get("value", ""))
    except ValueError:
        raise NotFound("That button doesn't point to a reminder.") from None
    if action.get("block_id") != f"{REMINDER_BLOCK}{reminder_id}":
        # Each reminder's buttons sit in a block named after it: a value that disagrees was tampered with.
        raise NotFound("That button doesn't point to a reminder.")
    container = body.get("container") or {}
    message = body.get("message") or {}
    return ChangeOrigin(
        campaign_id=None,
        reminder_id=reminder_id,
        channel=container.get("channel_id") or (body.get("channel") or {}).get("id", ""),
        ts=container.get("message_ts") or message.get("ts", ""),
        thread_ts=message.get("thread_ts"),
    )


Handler = Callable[[str, str, Reminder, Campaign], tuple[Any, str, str]]


def register(app: App, deps: Deps) -> None:
    changes = FlightChanges(deps)
    renewals = RenewalChanges(changes)
    campaigns = deps.campaigns
    morning = deps.settings.schedule.local_time

    def on_click(action_id: ReminderAction, handler: Handler) -> None:
        @app.action(action_id)
        @refusals_told
        def listener(
            ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
        ) -> None:
            ack()
            origin = read_click(body, action)
            team_id, user_id = context.team_id, body["user"]["id"]
            message = body.get("message")
            campaign, reminder = changes.authorised(team_id, user_id, origin, answerable=False)
            if reminder.status not in ANSWERABLE:
                # Pressed again on a stale screen: the message already says who handled it.
                raise AlreadyHandled("This reminder was already handled.")
            try:
                snapshot, note, confirmation = handler(team_id, user_id, reminder, campaign)
            except AlreadyHandled as refusal:
                # The flight moved on without this reminder (ended, summary pulled): close its buttons,
                # unless a press that got there first already closed them, saying who did what.
                if campaigns.reminder_and_campaign(team_id, reminder.id)[0].status in ANSWERABLE:
                    changes.close_message(client, origin, message, str(refusal))
                raise
            changes.announce(client, snapshot, origin, message, note=note, confirmation=confirmation)

    def done(team_id: str, user_id: str, reminder: Reminder, campaign: Campaign):
        now = deps.clock.now()
        snapshot = campaigns.close_reminder(team_id, reminder.id, actor=user_id, now=now)
        return (
            snapshot,
            handled_note("Done", user_id, now, campaign.owner_tz),
            f"✅ {mention(user_id)} marked “{TITLES[Kind(reminder.kind)]}” done.",
        )

    def snooze_until(until_of, *, at_morning: bool) -> Handler:
        def snooze(team_id: str, user_id: str, reminder: Reminder, campaign: Campaign):
            now = deps.clock.now()
            until = until_of(now, campaign)
            snapshot = campaigns.snooze(team_id, reminder.id, until, actor=user_id, now=now)
            when = moment_token(until, campaign.owner_tz)
            # The button says "09:30" without a zone, and whoever pressed it may be elsewhere: say whose.
            whose = f" ({morning:%H:%M} {zone_place(campaign.owner_tz)} time, the owner's)" if at_morning else ""
            return (
                snapshot,
                f"💤 Snoozed until {when}{whose} by {mention(user_id)}.",
                f"💤 {mention(user_id)} snoozed “{TITLES[Kind(reminder.kind)]}” until {when}{whose}.",
            )

        return snooze

    on_click(ReminderAction.DONE, done)
    on_click(
        ReminderAction.SNOOZE_HOUR,
        snooze_until(lambda now, campaign: now + SNOOZE_HOUR, at_morning=False),
    )
    on_click(
        ReminderAction.SNOOZE_MORNING,
        snooze_until(lambda now, campaign: next_morning(now, campaign.owner_tz, morning), at_morning=True),
    )
    on_click(
        ReminderAction.END_FLIGHT,
        lambda team_id, user_id, reminder, campaign: changes.end_now(team_id, user_id, campaign, reminder.id),
    )
    on_click(
        ReminderAction.SUMMARY_PULLED,
        lambda team_id, user_id, reminder, campaign: changes.pulled(team_id, user_id, campaign, reminder.id),
    )

    def swapped(team_id: str, user_id: str, reminder: Reminder, campaign: Campaign):
        if reminder.authorization_id is None:
            raise NotFound("That reminder isn't about a Spark code.")
        return renewals.swapped(team_id, user_id, campaign, reminder.authorization_id, reminder.id)

    # The button asks "Swapped in Ads Manager?" first (a confirm dialog): it stops the code's reminders.
    on_click(ReminderAction.SWAPPED, swapped)

    def on_modal_click(action_id: ReminderAction, modal) -> None:
        @app.action(action_id)
        @refusals_told
        def listener(
            ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
        ) -> None:
            ack()
            origin = read_click(body, action)
            changes.open_modal(
                client,
                trigger_id=body["trigger_id"],
                team_id=context.team_id,
                user_id=body["user"]["id"],
                origin=origin,
                build=lambda campaign, reminder: modal(campaign, _about(origin, campaign, reminder)),
            )

    on_modal_click(ReminderAction.CODE_RENEWED, changes.renew_modal)
    on_modal_click(ReminderAction.ASK_CREATOR, renewals.ask_modal)
    on_modal_click(ReminderAction.EXTEND_FLIGHT, changes.extend_modal)


def _about(origin: ChangeOrigin, campaign: Campaign, reminder: Reminder | None) -> ChangeOrigin:
    """A reminder's modal is about that reminder's flight and, for a code reminder, its authorization."""
    authorization_id = reminder.authorization_id if reminder is not None else None
    return replace(origin, campaign_id=campaign.id, authorization_id=authorization_id)
