"""Changes to a campaign, each in one transaction with the reminders it reschedules.

The listeners decide who may act and what to say; this module keeps the records and the
reminders table in step: whatever changes the flight replans its reminders before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from bot.core.calendar import day_label, last_day
from bot.core.errors import AlreadyHandled, AlreadyInEffect, FlightdeckError, NoLongerApplies, NotFound, SnoozeTooLate
from bot.core.flight import Change, ensure, phase
from bot.core.plan import code_expiry_of, plan, snooze_allowed
from bot.core.policy import ReminderSchedule
from bot.core.renewal import RenewalEvent
from bot.core.vocabulary import SNOOZE_HOUR, CampaignStatus, ReminderStatus, Tool
from storage import campaigns as campaign_store
from storage import reminders as reminder_store
from storage import renewals as renewal_store
from storage import results as result_store
from storage import summaries as summary_store
from storage.db import Database
from storage.models import Authorization, Campaign, Reminder
from storage.snapshot import ANSWERABLE, Snapshot, plain_instant


class Campaigns:
    def __init__(
        self,
        database: Database,
        schedule: ReminderSchedule,
        *,
        instant_text: Callable[[datetime, str], str] = plain_instant,
    ):
        self.database = database
        self.schedule = schedule
        # How a refusal names an instant in the owner's zone: the app passes Slack's date tokens.
        self.instant_text = instant_text

    def record(
        self, campaign: Campaign, authorizations: list[Authorization], *, now: datetime, summary_in: str | None = None
    ) -> Snapshot:
        """Save an intake: the campaign, its authorizations, its reminders and the event, together.

        With `summary_in` (the channel it came from), its summary post too: a flight is never on
        record without the summary that will give it its thread.
        """
        with self.database.transaction() as session:
            return self.record_in(session, campaign, authorizations, now=now, summary_in=summary_in)

    def record_in(
        self, session: Session, campaign: Campaign, authorizations: list[Authorization], *, now, summary_in=None
    ) -> Snapshot:
        """`record` inside a transaction of the caller's: a Promote test records its candidates together."""
        source = self._escalated_from(session, campaign, now)
        campaign.escalated_from_id = source.id if source else None
        campaign_store.add_campaign(session, campaign, authorizations)
        if summary_in is not None:
            summary_store.add_pending(session, campaign, summary_in, now=now)
        self._replan(session, campaign, now)
        if source is not None:
            campaign_store.record_event(
                session,
                team_id=campaign.team_id,
                campaign_id=source.id,
                actor=campaign.created_by,
                action="campaign.escalated",
                at=now,
                detail={"to": campaign.id},
            )
        campaign_store.record_event(
            session,
            team_id=campaign.team_id,
            campaign_id=campaign.id,
            actor=campaign.created_by,
            action="campaign.recorded",
            at=now,
            detail={"tool": campaign.tool, "warnings": [w["code"] for w in campaign.warnings]},
        )
        return self._snapshot(session, campaign)

    @staticmethod
    def _escalated_from(session: Session, campaign: Campaign, now: datetime) -> Campaign | None:
        """The Promote flight a Spark intake escalates, if the modal named one of this workspace's.

        Read under its row lock: a flight cancelled since the Spark form opened is escalated no more.
        """
        if campaign.escalated_from_id is None or campaign.tool != Tool.SPARK:
            return None
        source = campaign_store.get_campaign(session, campaign.team_id, campaign.escalated_from_id, for_update=True)
        if source is None or source.tool != Tool.PROMOTE:
            return None  # a forged link names nothing
        ensure(Change.ESCALATE, phase(source, now), tool=source.tool)
        return source

    def snapshot(self, team_id: str, campaign_id: int) -> Snapshot:
        with self.database.transaction() as session:
            return self._snapshot(session, self._campaign(session, team_id, campaign_id))

    def set_thread(self, team_id: str, campaign_id: int, channel_id: str, ts: str) -> None:
        with self.database.transaction() as session:
            campaign_store.set_thread(session, team_id, campaign_id, channel_id, ts)

    def change(
        self,
        team_id: str,
        campaign_id: int,
        *,
        actor: str,
        now: datetime,
        action: str,
        apply: Callable[[Session, Campaign], dict],
        via_reminder: int | None = None,
        after_replan: Callable[[Session], None] | None = None,
    ) -> Snapshot:
        """Apply one change under a row lock, replan, and log who did it.

        `via_reminder` is the reminder whose button led here: acting on it handles it.
        `after_replan` may still refuse the change (by raising) once the replan is known.
        """
        with self.database.transaction() as session:
            campaign = self._campaign(session, team_id, campaign_id, for_update=True)
            detail = apply(session, campaign)
            if via_reminder is not None:
                self._mark_handled(session, team_id, campaign, via_reminder, actor, now)
            campaign.updated_by = actor
            campaign.updated_at = now
            session.add(campaign)
            session.flush()
            self._replan(session, campaign, now)
            if after_replan is not None:
                after_replan(session)
            campaign_store.record_event(
                session, team_id=team_id, campaign_id=campaign.id, actor=actor, action=action, at=now, detail=detail
            )
            return self._snapshot(session, campaign)

    def renew_code(
        self,
        team_id: str,
        campaign_id: int,
        authorization_id: int,
        new_expires_at: datetime,
        *,
        actor: str,
        now: datetime,
        via_reminder: int | None = None,
    ) -> Snapshot:
        with self.database.transaction() as session:
            authorization = campaign_store.get_authorization(session, team_id, authorization_id)
            # The code must belong to the flight the person was allowed to change, whatever a form said.
            if authorization is None or authorization.campaign_id != campaign_id:
                raise NotFound("That Spark code isn't part of this flight.")

        def apply(session: Session, campaign: Campaign) -> dict:
            ensure(Change.RENEW_CODE, phase(campaign, now))
            current = campaign_store.get_authorization(session, team_id, authorization_id)
            previous = current.expires_at
            if previous == new_expires_at:
                # Read under the row lock: an identical renewal that got here first is the one recorded.
                # Plain text: it may be shown as the modal's inline error, where mrkdwn isn't read.
                when = plain_instant(previous, campaign.owner_tz)
                raise AlreadyInEffect(f"This code already expires {when}: that renewal is recorded.")
            renewal_store.record(session, current, RenewalEvent.RECEIVE, actor=actor, now=now)
            campaign_store.renew_authorization(session, current, new_expires_at, actor=actor, now=now)
            return {
                "authorization_id": authorization_id,
                "ad_account_id": current.ad_account_id,
                "previous_expires_at": previous.isoformat(),
                "expires_at": new_expires_at.isoformat(),
            }

        return self.change(
            team_id, campaign_id, actor=actor, now=now, action="code.renewed", apply=apply, via_reminder=via_reminder
        )

    def extend_flight(
        self,
        team_id: str,
        campaign_id: int,
        new_end_at: datetime,
        *,
        actor: str,
        now: datetime,
        via_reminder: int | None = None,
    ) -> Snapshot:
        def apply(session: Session, campaign: Campaign) -> dict:
            ensure(Change.EXTEND, phase(campaign, now))
            previous = campaign.end_at
            # Compared with the last day as read under the row lock, not as the modal showed it.
            if new_end_at == previous:
                raise AlreadyInEffect(f"This flight already runs through {day_label(last_day(campaign))}.")
            if new_end_at < previous:
                raise FlightdeckError(
                    f"This flight now runs through {day_label(last_day(campaign))}: pick a day after that."
                )
            campaign.end_at = new_end_at
            if campaign.status == CampaignStatus.ENDED:
                campaign.status = CampaignStatus.LIVE
            return {"previous_end_at": previous.isoformat(), "end_at": new_end_at.isoformat()}

        return self.change(
            team_id, campaign_id, actor=actor, now=now, action="flight.extended", apply=apply, via_reminder=via_reminder
        )

    def end_flight(
        self, team_id: str, campaign_id: int, *, actor: str, now: datetime, via_reminder: int | None = None
    ) -> Snapshot:
        def apply(session: Session, campaign: Campaign) -> dict:
            # Checked here, under the row lock: two quick presses both pass any check made before it.
            ensure(Change.END, phase(campaign, now), last_day=last_day(campaign))
            previous = campaign.end_at
            campaign.end_at = min(campaign.end_at, now)
            campaign.status = CampaignStatus.ENDED
            return {"previous_end_at": previous.isoformat(), "end_at": campaign.end_at.isoformat()}

        return self.change(
            team_id, campaign_id, actor=actor, now=now, action="flight.ended", apply=apply, via_reminder=via_reminder
        )

    def summary_pulled(
        self,
        team_id: str,
        campaign_id: int,
        *,
        actor: str,
        now: datetime,
        via_reminder: int | None = None,
        also: Callable[[Session, Campaign], dict] | None = None,
    ) -> Snapshot:
        """`also` writes what came with the pull (its figures, storage/results.py) under the same lock."""

        def apply(session: Session, campaign: Campaign) -> dict:
            ensure(Change.SUMMARY_PULLED, phase(campaign, now))
            campaign.summary_pulled_at = now
            campaign.status = CampaignStatus.SUMMARIZED
            return also(session, campaign) if also is not None else {}

        return self.change(
            team_id, campaign_id, actor=actor, now=now, action="summary.pulled", apply=apply, via_reminder=via_reminder
        )

    def cancel(self, team_id: str, campaign_id: int, *, actor: str, now: datetime) -> Snapshot:
        def apply(session: Session, campaign: Campaign) -> dict:
            ensure(Change.CANCEL, phase(campaign, now))
            campaign.status = CampaignStatus.CANCELLED
            return {}

        return self.change(team_id, campaign_id, actor=actor, now=now, action="campaign.cancelled", apply=apply)

    def change_owner(self, team_id: str, campaign_id: int, new_owner: str, *, actor: str, now: datetime) -> Snapshot:
        """Hand the flight to someone else: its reminders mention them from now on.

        The flight keeps its calendar (`owner_tz`): its days were entered in that zone, and reading
        its instants in another would move its first and last day.
        """

        def apply(session: Session, campaign: Campaign) -> dict:
            ensure(Change.CHANGE_OWNER, phase(campaign, now))
            previous = campaign.owner_id
            if new_owner == previous:
                raise AlreadyInEffect("That person already owns this flight.")
            campaign.owner_id = new_owner
            return {"previous_owner_id": previous, "owner_id": new_owner}

        return self.change(team_id, campaign_id, actor=actor, now=now, action="owner.changed", apply=apply)

    # -- one reminder ---------------------------------------------------------------------------------------

    def reminder_and_campaign(self, team_id: str, reminder_id: int) -> tuple[Reminder, Campaign]:
        with self.database.transaction() as session:
            reminder = reminder_store.get_reminder(session, team_id, reminder_id)
            if reminder is None:
                raise NotFound("That reminder isn't in Flightdeck's records for this workspace.")
            return reminder, self._campaign(session, team_id, reminder.campaign_id)

    def close_reminder(self, team_id: str, reminder_id: int, *, actor: str, now: datetime) -> Snapshot:
        """Done: the reminder is handled and stays closed."""

        def apply(session: Session, campaign: Campaign) -> dict:
            reminder = self._open_for_action(session, team_id, reminder_id)
            reminder.status = ReminderStatus.DONE
            reminder.closed_by = actor
            reminder.updated_at = now
            session.add(reminder)
            return {"reminder_id": reminder_id, "kind": reminder.kind}

        campaign_id = self.reminder_and_campaign(team_id, reminder_id)[1].id
        return self.change(team_id, campaign_id, actor=actor, now=now, action="reminder.done", apply=apply)

    def snooze(self, team_id: str, reminder_id: int, until: datetime, *, actor: str, now: datetime) -> Snapshot:
        """The same reminder again at `until`; replanning keeps it, since its planned instant is unchanged."""

        def apply(session: Session, campaign: Campaign) -> dict:
            reminder = self._open_for_action(session, team_id, reminder_id)
            self._ensure_in_time(session, campaign, reminder, until, now)
            reminder.status = ReminderStatus.PENDING
            reminder.due_at = reminder.available_at = until
            reminder.claim_token = reminder.lease_until = None
            reminder.attempts = 0
            reminder.updated_at = now
            session.add(reminder)
            return {"reminder_id": reminder_id, "kind": reminder.kind, "until": until.isoformat()}

        def still_planned(session: Session) -> None:
            # A reminder the flight's plan has moved on from (its flight extended, its code renewed) is
            # cancelled by the replan: snoozing it would say "snoozed" and send nothing.
            reminder = reminder_store.get_reminder(session, team_id, reminder_id)
            if reminder is None or reminder.status != ReminderStatus.PENDING:
                raise NoLongerApplies("This reminder no longer applies: the flight changed since.")

        campaign_id = self.reminder_and_campaign(team_id, reminder_id)[1].id
        return self.change(
            team_id,
            campaign_id,
            actor=actor,
            now=now,
            action="reminder.snoozed",
            apply=apply,
            after_replan=still_planned,
        )

    def _ensure_in_time(
        self, session: Session, campaign: Campaign, reminder: Reminder, until: datetime, now: datetime
    ) -> None:
        if reminder.authorization_id is None:
            return
        kind = reminder.kind
        # The code this reminder counts down to: while a new one waits to be swapped, the old one's expiry.
        expires_at = code_expiry_of(kind, reminder.planned_at, self.schedule)
        if snooze_allowed(kind, until, expires_at):
            return
        when = self.instant_text(expires_at, campaign.owner_tz)
        if snooze_allowed(kind, now + SNOOZE_HOUR, expires_at):
            raise SnoozeTooLate(
                f"That's after the Spark code expires ({when}), too late to act on this. "
                "Snooze 1 h instead, or renew the code now."
            )
        raise SnoozeTooLate(f"The Spark code expires {when}: too soon to snooze this. Renew the code now.")

    def _mark_handled(
        self, session: Session, team_id: str, campaign: Campaign, reminder_id: int, actor: str, now: datetime
    ) -> None:
        reminder = reminder_store.get_reminder(session, team_id, reminder_id)
        if reminder is not None and reminder.campaign_id == campaign.id and reminder.status in ANSWERABLE:
            reminder.status = ReminderStatus.DONE
            reminder.closed_by = actor
            reminder.updated_at = now
            session.add(reminder)

    def _open_for_action(self, session: Session, team_id: str, reminder_id: int) -> Reminder:
        reminder = reminder_store.get_reminder(session, team_id, reminder_id)
        if reminder is None:
            raise NotFound("That reminder isn't in Flightdeck's records for this workspace.")
        if reminder.status not in ANSWERABLE:
            raise AlreadyHandled("This reminder was already handled.")
        return reminder

    # -- helpers ------------------------------------------------------------------------------------------

    def _campaign(self, session: Session, team_id: str, campaign_id: int, *, for_update: bool = False) -> Campaign:
        campaign = campaign_store.get_campaign(session, team_id, campaign_id, for_update=for_update)
        if campaign is None:
            raise NotFound("That flight isn't in Flightdeck's records for this workspace.")
        return campaign

    def _replan(self, session: Session, campaign: Campaign, now: datetime) -> None:
        authorizations = campaign_store.authorizations_for(session, campaign.team_id, campaign.id)
        rows = [
            reminder_store.PlannedRow(r.kind, r.due_at, r.authorization_id, r.moved_from)
            for r in plan(renewal_store.flight_facts(session, campaign, authorizations), self.schedule)
        ]
        reminder_store.replace_plan(session, team_id=campaign.team_id, campaign_id=campaign.id, planned=rows, now=now)

    def _snapshot(self, session: Session, campaign: Campaign) -> Snapshot:
        return Snapshot(
            campaign=campaign,
            authorizations=campaign_store.authorizations_for(session, campaign.team_id, campaign.id),
            reminders=reminder_store.reminders_for(session, campaign.team_id, campaign.id),
            result=result_store.result_row(session, campaign.team_id, campaign.id),
            renewals=renewal_store.renewals_for(session, campaign.team_id, campaign.id),
        )
