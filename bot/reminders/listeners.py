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
from bot.core.intake import record_id
from bot.core.plan import morning_snooze
from bot.core.vocabulary import SNOOZE_HOUR, TITLES
from bot.deps import Deps, deps_of
from bot.slack.change_views import ChangeOrigin
from bot.slack.errors import refusals_told
from bot.slack.flight_changes import FlightChanges
from bot.slack.ids import REMINDER_BLOCK, ReminderAction
from bot.slack.reminder_message import handled_note
from bot.slack.renewal_changes import RenewalChanges
from bot.slack.text import mention, moment_token
from storage.models import Campaign, Reminder
from storage.snapshot import ANSWERABLE


def read_click(body: dict[str, Any], action: dict[str, Any]) -> ChangeOrigin:
    """Which reminder a button names, and where its message is. The value is only a claim: checked later."""
    reminder_id = record_id(action.get("value"))
    if reminder_id is None:
        raise NotFound("That button doesn't point to a reminder.")
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


# A button's work once the click is checked: (deps, changes, team_id, user_id, reminder, campaign) ->
# (the flight afterwards, the note that closes the reminder, the confirmation in the thread).
Handler = Callable[[Deps, FlightChanges, str, str, Reminder, Campaign], tuple[Any, str, str]]


def answering(handler: Handler):
    """The listener for a button that changes the flight at once: check the click, do it, say so."""

    @refusals_told
    def listener(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        deps = deps_of(context)
        changes = FlightChanges(deps)
        origin = read_click(body, action)
        team_id, user_id = context.team_id, body["user"]["id"]
        message = body.get("message")
        campaign, reminder = changes.authorised(team_id, user_id, origin, answerable=False)
        if reminder.status not in ANSWERABLE:
            # Pressed again on a stale screen: the message already says who handled it.
            raise AlreadyHandled("This reminder was already handled.")
        try:
            snapshot, note, confirmation = handler(deps, changes, team_id, user_id, reminder, campaign)
        except AlreadyHandled as refusal:
            # The flight moved on without this reminder (ended, summary pulled): close its buttons,
            # unless a press that got there first already closed them, saying who did what.
            if deps.campaigns.reminder_and_campaign(team_id, reminder.id)[0].status in ANSWERABLE:
                changes.close_message(client, origin, message, str(refusal))
            raise
        changes.announce(client, snapshot, origin, message, note=note, confirmation=confirmation)

    listener.__name__ = handler.__name__
    return listener


def opening(modal_of: Callable[[FlightChanges], Callable[[Campaign, ChangeOrigin], Any]]):
    """The listener for a button that opens a change modal about the reminder's flight."""

    @refusals_told
    def listener(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        changes = FlightChanges(deps_of(context))
        origin = read_click(body, action)
        modal = modal_of(changes)
        changes.open_modal(
            client,
            trigger_id=body["trigger_id"],
            team_id=context.team_id,
            user_id=body["user"]["id"],
            origin=origin,
            build=lambda campaign, reminder: modal(campaign, _about(origin, campaign, reminder)),
        )

    return listener


def done(deps: Deps, changes: FlightChanges, team_id: str, user_id: str, reminder: Reminder, campaign: Campaign):
    now = deps.clock.now()
    snapshot = deps.campaigns.close_reminder(team_id, reminder.id, actor=user_id, now=now)
    return (
        snapshot,
        handled_note("Done", user_id, now, campaign.owner_tz),
        f"✅ {mention(user_id)} marked “{TITLES[reminder.kind]}” done.",
    )


def _snooze(deps: Deps, team_id: str, user_id: str, reminder: Reminder, campaign: Campaign, until, *, whose: str):
    now = deps.clock.now()
    snapshot = deps.campaigns.snooze(team_id, reminder.id, until, actor=user_id, now=now)
    when = moment_token(until, campaign.owner_tz)
    return (
        snapshot,
        f"💤 Snoozed until {when}{whose} by {mention(user_id)}.",
        f"💤 {mention(user_id)} snoozed “{TITLES[reminder.kind]}” until {when}{whose}.",
    )


def snooze_an_hour(deps: Deps, changes: FlightChanges, team_id: str, user_id: str, reminder: Reminder, campaign):
    return _snooze(deps, team_id, user_id, reminder, campaign, deps.clock.now() + SNOOZE_HOUR, whose="")


def snooze_to_morning(deps: Deps, changes: FlightChanges, team_id: str, user_id: str, reminder: Reminder, campaign):
    schedule = deps.settings.schedule
    morning = schedule.local_time
    until = morning_snooze(reminder.kind, deps.clock.now(), campaign.owner_tz, morning, schedule.working_week)
    # The button says "09:30" without a zone, and whoever pressed it may be elsewhere: say whose.
    whose = f" ({morning:%H:%M} {zone_place(campaign.owner_tz)} time, the owner's)"
    return _snooze(deps, team_id, user_id, reminder, campaign, until, whose=whose)


def end_flight(deps: Deps, changes: FlightChanges, team_id: str, user_id: str, reminder: Reminder, campaign):
    return changes.end_now(team_id, user_id, campaign, reminder.id)


@refusals_told
def summary_pulled(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    # The summary's figures are entered in the results feature's modal (bot/results), through its hook.
    ack()
    deps_of(context).open_results(
        client,
        trigger_id=body["trigger_id"],
        team_id=context.team_id,
        user_id=body["user"]["id"],
        origin=read_click(body, action),
    )


def swapped(deps: Deps, changes: FlightChanges, team_id: str, user_id: str, reminder: Reminder, campaign):
    # The button asks "Swapped in Ads Manager?" first (a confirm dialog): it stops the code's reminders.
    if reminder.authorization_id is None:
        raise NotFound("That reminder isn't about a Spark code.")
    return RenewalChanges(changes).swapped(team_id, user_id, campaign, reminder.authorization_id, reminder.id)


LISTENERS = {
    ReminderAction.DONE: answering(done),
    ReminderAction.SNOOZE_HOUR: answering(snooze_an_hour),
    ReminderAction.SNOOZE_MORNING: answering(snooze_to_morning),
    ReminderAction.END_FLIGHT: answering(end_flight),
    ReminderAction.SUMMARY_PULLED: summary_pulled,
    ReminderAction.SWAPPED: answering(swapped),
    ReminderAction.CODE_RENEWED: opening(lambda changes: changes.renew_modal),
    ReminderAction.ASK_CREATOR: opening(lambda changes: RenewalChanges(changes).ask_modal),
    ReminderAction.EXTEND_FLIGHT: opening(lambda changes: changes.extend_modal),
}


def register(app: App) -> None:
    for action_id, listener in LISTENERS.items():
        app.action(action_id)(listener)


def _about(origin: ChangeOrigin, campaign: Campaign, reminder: Reminder | None) -> ChangeOrigin:
    """A reminder's modal is about that reminder's flight and, for a code reminder, its authorization."""
    authorization_id = reminder.authorization_id if reminder is not None else None
    return replace(origin, campaign_id=campaign.id, authorization_id=authorization_id)
