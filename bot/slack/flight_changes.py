"""What every way of changing a flight shares: who may, the modals it opens, what is said after.

The same modals open from a reminder's buttons and from a flight's menu. Opening spends the
trigger_id first (it expires in 3 s) on a placeholder, then checks who is asking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.core.calendar import last_day
from bot.core.errors import AlreadyHandled, AlreadyInEffect, FlightdeckError, NotFound
from bot.core.flight import Change, ensure, phase
from bot.core.vocabulary import Kind, ReminderStatus
from bot.deps import Deps, deps_of
from bot.slack.announce import note_in_thread, refresh_summary
from bot.slack.api import call
from bot.slack.change_views import ChangeOrigin, cancel_view, extend_view, notice_view, owner_view, renew_view
from bot.slack.permissions import ensure_may_change
from bot.slack.reminder_message import closed_blocks, handled_note, render_reminder
from bot.slack.text import inert_blocks, mention, moment_token, only_own_markup
from storage.models import Campaign, Reminder
from storage.snapshot import ANSWERABLE, Snapshot

log = logging.getLogger(__name__)
T = TypeVar("T")

FORM_NOT_OPENED = "Slack didn't open the form — try again."


class FormNotOpened(FlightdeckError):
    """Slack refused views.open (rate-limited, the trigger expired…): nothing was shown, nothing changed."""


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
            # The message a click came from is the one rewritten afterwards: it must be this reminder's,
            # or a forged value could close another flight's reminder on the strength of this one.
            if (reminder.slack_channel, reminder.slack_ts) != (origin.channel, origin.ts):
                raise NotFound("That button isn't on its reminder's message, so nothing was changed.")
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
        snapshot = self.campaigns.snapshot(campaign.team_id, campaign.id)
        authorization = next((a for a in snapshot.authorizations if a.id == reminder.authorization_id), None)
        renewal = snapshot.renewals.get(reminder.authorization_id) if reminder.authorization_id else None
        rendered = render_reminder(
            reminder, campaign, authorization, late=reminder.late, schedule=self.deps.settings.schedule, renewal=renewal
        )
        return {"text": rendered.text, "blocks": rendered.blocks}

    def close_message(self, client: WebClient, origin: ChangeOrigin, message: dict[str, Any] | None, note: str):
        """Take the buttons off the reminder that was answered, saying who did what."""
        if origin.reminder_id is None or not origin.channel or not origin.ts:
            return
        # The message comes from the click's payload, which a request can forge: only our own markup stays live.
        shown = message if isinstance(message, dict) else {}
        text = shown.get("text") if isinstance(shown.get("text"), str) else ""
        blocks = shown.get("blocks") if isinstance(shown.get("blocks"), list) else []
        outcome = call(
            client.chat_update,
            channel=origin.channel,
            ts=origin.ts,
            text=only_own_markup(text) or note,
            blocks=closed_blocks(inert_blocks(blocks), note),
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
        refresh_summary(client, snapshot, now=self.deps.clock.now())

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
        opened = call(client.views_open, trigger_id=trigger_id, view=placeholder)
        if not opened.ok:
            # Raised to the listener's refusal handler, which tells the person where they clicked.
            log.warning("Slack didn't open a change modal: %s", opened.error)
            raise FormNotOpened(FORM_NOT_OPENED)
        try:
            campaign, reminder = self.authorised(team_id, user_id, origin)
            view = build(campaign, reminder)
        except FlightdeckError as error:
            view = notice_view("Can't change this", str(error))
        updated = call(client.views_update, view_id=opened.data["view"]["id"], view=view.to_dict())
        if not updated.ok:
            log.warning("Couldn't fill a change modal: %s", updated.error)
            raise FormNotOpened("Slack didn't show the form — close it and try again.")

    # -- changes made straight from a click ---------------------------------------------------------

    def end_now(self, team_id: str, user_id: str, campaign: Campaign, via_reminder: int | None):
        """End the flight now: its summary pulls are rescheduled from now."""
        now = self.deps.clock.now()
        snapshot = self.campaigns.end_flight(team_id, campaign.id, actor=user_id, now=now, via_reminder=via_reminder)
        pull = next(
            (r for r in snapshot.reminders if r.kind == Kind.SUMMARY_PULL and r.status == ReminderStatus.PENDING), None
        )
        when = f" Summary pull reminder: {moment_token(pull.due_at, campaign.owner_tz)}." if pull else ""
        return (
            snapshot,
            handled_note("Flight ended", user_id, now, campaign.owner_tz),
            f"⏹ {mention(user_id)} ended the flight now.{when}",
        )

    # -- modals ------------------------------------------------------------------------------------

    def ensure(self, change: Change, campaign: Campaign, **facts) -> None:
        """A quick answer before a form opens: the service asks again under the row lock."""
        ensure(change, phase(campaign, self.deps.clock.now()), tool=campaign.tool, **facts)

    def renew_modal(self, campaign: Campaign, origin: ChangeOrigin):
        self.ensure(Change.RENEW_CODE, campaign)
        authorizations = self.campaigns.snapshot(campaign.team_id, campaign.id).authorizations
        if origin.authorization_id is not None:
            authorizations = [a for a in authorizations if a.id == origin.authorization_id]
        if not authorizations:
            raise NotFound("This flight has no Spark code to renew.")
        return renew_view(origin, campaign, authorizations, today=self.deps.today(campaign.owner_tz))

    def extend_modal(self, campaign: Campaign, origin: ChangeOrigin):
        self.ensure(Change.EXTEND, campaign)
        return extend_view(origin, campaign, current_last_day=last_day(campaign))

    def owner_modal(self, campaign: Campaign, origin: ChangeOrigin):
        self.ensure(Change.CHANGE_OWNER, campaign)
        return owner_view(origin, campaign)

    def cancel_modal(self, campaign: Campaign, origin: ChangeOrigin):
        self.ensure(Change.CANCEL, campaign)
        return cancel_view(origin, campaign)


# What a change says after it is made: the flight as it stands, the note that closes the reminder it
# answered, and the confirmation in the flight's thread.
Done = tuple[Snapshot, str, str]

SAVE_FAILED = "Flightdeck couldn't save this just now, so nothing was changed. Press the button again."


@dataclass
class Submission:
    """One submitted change modal whose sender may change its flight, and how to answer it.

    A modal can be submitted long after it opened: `submission` checked who is asking again. The
    change is made before Slack is answered (one short transaction): what the row lock finds is said
    in the modal, and a duplicate of a submission that already took effect only closes it, so one
    confirmation reaches the thread.
    """

    deps: Deps
    changes: FlightChanges
    ack: Callable[..., None]
    view: dict[str, Any]
    origin: ChangeOrigin
    campaign: Campaign
    reminder: Reminder | None
    team_id: str
    user_id: str

    @property
    def values(self) -> dict[str, Any]:
        values = (self.view.get("state") or {}).get("values")
        return values if isinstance(values, dict) else {}

    def error(self, block_id: str, text: str) -> None:
        self.ack(response_action="errors", errors={block_id: text})

    def inline(self, block_id: str) -> Callable[[str], None]:
        """Say a refusal under that input."""
        return lambda text: self.error(block_id, text)

    def notice(self, title: str = "Can't change this") -> Callable[[str], None]:
        """Say a refusal in place of the form (one without an input to hang it on)."""
        return lambda text: self.ack(response_action="update", view=notice_view(title, text).to_dict())

    def as_sent(self) -> dict[str, Any] | None:
        """The reminder message this modal came from, as sent: read before the change, closed after it."""
        return self.changes.as_sent(self.reminder, self.campaign) if self.reminder is not None else None

    def apply(self, change: Callable[[], T], refuse: Callable[[str], None], *, save_failed: str = SAVE_FAILED):
        """Make the change, then answer the submission: close the modal (returning what the change
        returned), or say in it why nothing changed (returning None)."""
        try:
            done = change()
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
            refuse(save_failed)
            return None
        self.ack()
        return done

    def finish(
        self,
        client: WebClient,
        change: Callable[[], Done],
        refuse: Callable[[str], None],
        *,
        message: dict[str, Any] | None = None,
        save_failed: str = SAVE_FAILED,
    ) -> None:
        """Make the change and answer the modal; once made, close the reminder `message` (if it came from
        one), confirm it in the flight's thread and redraw the summary."""
        done = self.apply(change, refuse, save_failed=save_failed)
        if done is not None:
            snapshot, note, confirmation = done
            self.changes.announce(client, snapshot, self.origin, message, note=note, confirmation=confirmation)


def submission(
    save: Callable[[Submission, WebClient], None] | None = None,
    *,
    answerable: bool = True,
    refused: str = "Can't change this",
):
    """The listener for a change modal (`@submission`, or `@submission(answerable=False)`).

    Who is asking is checked again, and if they can't change the flight any more the modal says why
    (titled `refused`). Unless `answerable`, a reminder handled since the modal opened (or by this very
    submission, sent twice) isn't refused: the change is made without it, its message says who handled it.
    """

    if save is None:
        return lambda save: submission(save, answerable=answerable, refused=refused)

    def listener(ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context) -> None:
        deps = deps_of(context)
        changes = FlightChanges(deps)
        origin = ChangeOrigin.from_metadata(view.get("private_metadata"))
        user_id = body["user"]["id"]
        try:
            campaign, reminder = changes.authorised(context.team_id, user_id, origin, answerable=answerable)
        except FlightdeckError as error:
            ack(response_action="update", view=notice_view(refused, str(error)).to_dict())
            return
        if reminder is not None and reminder.status not in ANSWERABLE:
            origin, reminder = replace(origin, reminder_id=None), None
        save(Submission(deps, changes, ack, view, origin, campaign, reminder, context.team_id, user_id), client)

    listener.__name__ = save.__name__
    return listener
