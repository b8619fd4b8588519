"""Where each Spark code's renewal stands: asked for, new code in, swapped in Ads Manager (docs/domain.md).

Every change takes the flight's row lock (through `Campaigns.change`), reads the renewal under it,
moves it on by the domain's rules (bot/core/renewal.py), replans the reminders and logs the event,
all in one transaction: two quick presses can't both take effect.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from bot.core.errors import AlreadyHandled, AlreadyInEffect, NotFound
from bot.core.flight import Change, ensure, phase
from bot.core.plan import CodeFacts, FlightFacts
from bot.core.renewal import InvalidRenewalTransition, RenewalEvent, RenewalState, next_state
from bot.core.vocabulary import OPEN_REMINDER_STATUSES, CampaignStatus, ReminderStatus
from storage import campaigns as campaign_store
from storage.models import Authorization, Campaign, Reminder, Renewal

if TYPE_CHECKING:
    from storage.service import Campaigns
    from storage.snapshot import Snapshot


def renewals_for(session: Session, team_id: str, campaign_id: int) -> dict[int, Renewal]:
    """A flight's renewals, by authorization id; a code never renewed nor asked about has none."""
    query = select(Renewal).where(Renewal.team_id == team_id, Renewal.campaign_id == campaign_id)
    return {renewal.authorization_id: renewal for renewal in session.exec(query)}


def renewals_of(session: Session, team_id: str, authorization_ids: Iterable[int]) -> dict[int, Renewal]:
    ids = list(authorization_ids)
    if not ids:
        return {}
    query = select(Renewal).where(Renewal.team_id == team_id, col(Renewal.authorization_id).in_(ids))
    return {renewal.authorization_id: renewal for renewal in session.exec(query)}


def renewal_states(session: Session, team_id: str, authorization_ids: Iterable[int]) -> dict[int, RenewalState]:
    """Each authorization's renewal state (its latest round), NONE where nothing was asked or entered."""
    ids = list(authorization_ids)
    found = renewals_of(session, team_id, ids)
    return {i: found[i].state if i in found else RenewalState.NONE for i in ids}


def live_expiries(session: Session, team_id: str, authorization_ids: Iterable[int]) -> dict[int, datetime]:
    """For each code whose new one waits to be swapped in: the expiry of the code still running the ad.

    An authorization's `expires_at` is its newest code's; until the swap, the old code is the one that lapses.
    """
    return {i: r.swap_by for i, r in renewals_of(session, team_id, authorization_ids).items() if swap_by(r)}


def state_of(renewal: Renewal | None) -> RenewalState:
    return renewal.state if renewal is not None else RenewalState.NONE


def swap_by(renewal: Renewal | None) -> datetime | None:
    """The expiry of the code still in Ads Manager while a new one waits to be swapped in."""
    if renewal is None or renewal.state != RenewalState.RECEIVED:
        return None
    return renewal.swap_by


def flight_facts(session: Session, campaign: Campaign, authorizations: list[Authorization]) -> FlightFacts:
    """What the plan needs to know about a flight: its days, its codes and what each renewal awaits."""
    renewals = renewals_for(session, campaign.team_id, campaign.id)
    return FlightFacts(
        start_at=campaign.start_at,
        end_at=campaign.end_at,
        timezone=campaign.owner_tz,
        codes=tuple(
            CodeFacts(a.id, a.expires_at, swap_by(renewals.get(a.id))) for a in authorizations if a.id is not None
        ),
        summary_pulled=campaign.summary_pulled_at is not None,
        cancelled=campaign.status == CampaignStatus.CANCELLED,
    )


def _get(session: Session, team_id: str, authorization_id: int) -> Renewal | None:
    query = select(Renewal).where(Renewal.team_id == team_id, Renewal.authorization_id == authorization_id)
    return session.exec(query).first()


def record(
    session: Session,
    authorization: Authorization,
    event: RenewalEvent,
    *,
    actor: str,
    now: datetime,
    view_id: str | None = None,
) -> Renewal:
    """Move one code's renewal on by `event`, in the caller's transaction (which holds the flight's lock).

    RECEIVE is recorded before the new expiry replaces the old: the old one is the code still in Ads
    Manager until the swap. Raises InvalidRenewalTransition when the state doesn't allow the event.
    """
    renewal = _get(session, authorization.team_id, authorization.id)
    before = state_of(renewal)
    after = next_state(before, event)
    if renewal is None:
        renewal = Renewal(
            team_id=authorization.team_id,
            campaign_id=authorization.campaign_id,
            authorization_id=authorization.id,
            state=after,
            created_at=now,
            updated_at=now,
        )
    elif before is RenewalState.SWAPPED and event is not RenewalEvent.SWAP:
        # A new round: what the last one recorded is in the event log.
        for name in ("requested_by", "requested_at", "request_view_id", "received_by", "received_at"):
            setattr(renewal, name, None)
        renewal.swapped_by = renewal.swapped_at = renewal.swap_by = None
    if event is RenewalEvent.REQUEST:
        renewal.requested_by, renewal.requested_at, renewal.request_view_id = actor, now, view_id
    elif event is RenewalEvent.RECEIVE:
        if before is not RenewalState.RECEIVED:
            renewal.swap_by = authorization.expires_at
        renewal.received_by, renewal.received_at = actor, now
    else:
        renewal.swapped_by, renewal.swapped_at = actor, now
    renewal.state = after
    renewal.updated_at = now
    session.add(renewal)
    session.flush()
    return renewal


def close_code_reminders(
    session: Session, team_id: str, authorization_id: int, *, up_to: datetime, actor: str, now: datetime
) -> int:
    """The swapped code's reminders still open (those planned up to its expiry) are done: closed, by whom."""
    rows = session.exec(
        select(Reminder).where(
            Reminder.team_id == team_id,
            Reminder.authorization_id == authorization_id,
            col(Reminder.status).in_(OPEN_REMINDER_STATUSES),
            col(Reminder.planned_at) <= up_to,
        )
    ).all()
    for reminder in rows:
        reminder.status = ReminderStatus.DONE
        reminder.closed_by = actor
        reminder.claim_token = None
        reminder.updated_at = now
        session.add(reminder)
    return len(rows)


@dataclass(frozen=True)
class Done:
    snapshot: Snapshot
    authorizations: list[Authorization]
    """The codes the change was about, as they stand after it."""


class Renewals:
    """The renewal changes, each under the flight's row lock with its event, through `Campaigns.change`."""

    def __init__(self, campaigns: Campaigns):
        self.campaigns = campaigns

    def request(
        self,
        team_id: str,
        campaign_id: int,
        authorization_ids: list[int],
        *,
        actor: str,
        now: datetime,
        view_id: str | None = None,
        via_reminder: int | None = None,
    ) -> Done:
        """The owner sent the creator the request for these codes ("I've sent it").

        The same modal submitted again (a double press, Slack's retry) records nothing more.
        """
        asked: list[Authorization] = []

        def apply(session: Session, campaign: Campaign) -> dict:
            ensure(Change.ASK_CREATOR, phase(campaign, now))
            codes = _codes_of(session, campaign, authorization_ids)
            renewals = renewals_of(session, team_id, [a.id for a in codes])
            if view_id and all(r.request_view_id == view_id for r in renewals.values()) and len(renewals) == len(codes):
                raise AlreadyInEffect("That request is recorded already.")
            for authorization in codes:
                if state_of(renewals.get(authorization.id)) is RenewalState.RECEIVED:
                    raise AlreadyHandled(
                        f"The new code for ad account {authorization.ad_account_id} is in already: "
                        "swap it in Ads Manager, then confirm “Swapped in Ads Manager”."
                    )
                record(session, authorization, RenewalEvent.REQUEST, actor=actor, now=now, view_id=view_id)
            asked.extend(codes)
            return {"authorization_ids": [a.id for a in codes], "ad_account_ids": [a.ad_account_id for a in codes]}

        snapshot = self.campaigns.change(
            team_id, campaign_id, actor=actor, now=now, action="code.requested", apply=apply, via_reminder=via_reminder
        )
        return Done(snapshot, asked)

    def swap(
        self,
        team_id: str,
        campaign_id: int,
        authorization_id: int,
        *,
        actor: str,
        now: datetime,
        via_reminder: int | None = None,
    ) -> Done:
        """The new code is in Ads Manager: the old code's reminders are done, the new code's planned."""
        swapped: list[Authorization] = []

        def apply(session: Session, campaign: Campaign) -> dict:
            ensure(Change.SWAP_CODE, phase(campaign, now))
            [authorization] = _codes_of(session, campaign, [authorization_id])
            renewal = _get(session, team_id, authorization_id)
            state = state_of(renewal)
            if state is RenewalState.SWAPPED:
                raise AlreadyInEffect("That new code is already marked swapped in Ads Manager.")
            try:
                record(session, authorization, RenewalEvent.SWAP, actor=actor, now=now)
            except InvalidRenewalTransition:
                raise AlreadyHandled(
                    f"No new code is recorded for ad account {authorization.ad_account_id} yet: "
                    "once the creator sends one, press “Code renewed” and enter its expiry first."
                ) from None
            old_expiry = renewal.swap_by or authorization.expires_at
            close_code_reminders(session, team_id, authorization_id, up_to=old_expiry, actor=actor, now=now)
            # The code running the ad changed: what reads the authorization's last change (a calendar
            # feed's SEQUENCE) sees its expiry move.
            authorization.updated_at = now
            session.add(authorization)
            swapped.append(authorization)
            return {
                "authorization_id": authorization_id,
                "ad_account_id": authorization.ad_account_id,
                "replaced_expires_at": old_expiry.isoformat(),
                "expires_at": authorization.expires_at.isoformat(),
            }

        snapshot = self.campaigns.change(
            team_id, campaign_id, actor=actor, now=now, action="code.swapped", apply=apply, via_reminder=via_reminder
        )
        return Done(snapshot, swapped)


def _codes_of(session: Session, campaign: Campaign, authorization_ids: list[int]) -> list[Authorization]:
    """The named codes, each checked to be this flight's: a forged id names nothing."""
    mine = {a.id: a for a in campaign_store.authorizations_for(session, campaign.team_id, campaign.id)}
    if not authorization_ids or any(i not in mine for i in authorization_ids):
        raise NotFound("That Spark code isn't part of this flight.")
    return [mine[i] for i in dict.fromkeys(authorization_ids)]
