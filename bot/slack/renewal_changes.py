"""Renewing a creator's code from Slack: the ask and swap modals, and the swap from a reminder's button.

Opened from a reminder (bot/reminders) and from a flight's ⋯ menu (bot/campaigns); the modals'
submissions are bot/renewals'. The states and their rules are docs/domain.md's and bot/core/renewal.py's.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.calendar import last_day
from bot.core.errors import AlreadyHandled, NotFound
from bot.core.flight import Change
from bot.core.renewal import RenewalState, creator_request, summary_window_last_day
from bot.slack.change_views import ChangeOrigin
from bot.slack.flight_changes import FlightChanges
from bot.slack.reminder_message import handled_note
from bot.slack.renewal_views import CodeRequest, ask_view, swap_view
from bot.slack.text import escape, mention, moment_token
from storage.models import Authorization, Campaign, Renewal
from storage.renewals import Renewals, state_of
from storage.snapshot import Snapshot


class RenewalChanges:
    def __init__(self, changes: FlightChanges):
        self.changes = changes
        self.deps = changes.deps
        self.renewals = Renewals(changes.campaigns)

    def ask_modal(self, campaign: Campaign, origin: ChangeOrigin):
        """The creator's message for the code the reminder is about, or for each code that needs one."""
        self.changes.ensure(Change.ASK_CREATOR, campaign)
        snapshot = self.changes.campaigns.snapshot(campaign.team_id, campaign.id)
        codes = _to_ask(snapshot, origin.authorization_id)
        today = self.deps.today(campaign.owner_tz)
        flight_last_day = last_day(campaign)
        window_end = summary_window_last_day(flight_last_day, self.deps.settings.schedule.overdue_after_end)
        requests = [
            CodeRequest(
                authorization,
                creator_request(
                    authorization.post_url,
                    authorization.ad_account_id,
                    campaign.creator_handle,
                    flight_last_day,
                    window_end,
                    today,
                    campaign.market,
                ),
                snapshot.renewals.get(authorization.id),
            )
            for authorization in codes
        ]
        return ask_view(origin, campaign, requests, last_day=flight_last_day)

    def swap_modal(self, campaign: Campaign, origin: ChangeOrigin):
        self.changes.ensure(Change.SWAP_CODE, campaign)
        snapshot = self.changes.campaigns.snapshot(campaign.team_id, campaign.id)
        waiting = [
            a
            for a in snapshot.authorizations
            if state_of(snapshot.renewals.get(a.id)) is RenewalState.RECEIVED
            and origin.authorization_id in (None, a.id)
        ]
        if not waiting:
            raise AlreadyHandled(
                "No new code is waiting to be swapped. When the creator sends one, press “Code renewed” "
                "and enter its expiry first."
            )
        return swap_view(origin, campaign, waiting)

    def swapped(self, team_id: str, user_id: str, campaign: Campaign, authorization_id: int, via_reminder: int | None):
        """The swap confirmed: what the reminder's message and the thread then say."""
        now = self.deps.clock.now()
        done = self.renewals.swap(
            team_id, campaign.id, authorization_id, actor=user_id, now=now, via_reminder=via_reminder
        )
        [authorization] = done.authorizations
        return (
            done.snapshot,
            handled_note("Swapped in Ads Manager", user_id, now, campaign.owner_tz),
            swap_confirmation(user_id, done.snapshot, authorization),
        )

    def asked(
        self,
        team_id: str,
        user_id: str,
        campaign: Campaign,
        authorization_ids: list[int],
        *,
        now: datetime,
        view_id: str | None,
        via_reminder: int | None,
    ):
        done = self.renewals.request(
            team_id, campaign.id, authorization_ids, actor=user_id, now=now, view_id=view_id, via_reminder=via_reminder
        )
        accounts = ", ".join(escape(a.ad_account_id) for a in done.authorizations)
        creator = escape(campaign.creator_handle)
        return (
            done.snapshot,
            handled_note("Creator asked for a new code", user_id, now, campaign.owner_tz),
            f"✉️ {mention(user_id)} asked {creator} for a new code for ad account {accounts}. "
            "When it arrives, press “Code renewed” and enter its expiry: never paste the code itself.",
        )


def swap_confirmation(user_id: str, snapshot: Snapshot, authorization: Authorization) -> str:
    when = moment_token(authorization.expires_at, snapshot.campaign.owner_tz)
    return (
        f"🔁 {mention(user_id)} swapped the new code for ad account {escape(authorization.ad_account_id)} "
        f"into Ads Manager: the old code's reminders are done. The new code expires {when}."
    )


def _to_ask(snapshot: Snapshot, authorization_id: int | None) -> list[Authorization]:
    """The code named, or else the flight's codes that lapse before it ends (all of them, if none does).

    A code whose new one is already in is left out: it waits for its swap, not for the creator.
    """
    renewals: dict[int, Renewal] = snapshot.renewals
    if authorization_id is not None:
        named = [a for a in snapshot.authorizations if a.id == authorization_id]
        if not named:
            raise NotFound("That Spark code isn't part of this flight.")
        if state_of(renewals.get(authorization_id)) is RenewalState.RECEIVED:
            raise AlreadyHandled(_waiting_swap(named[0]))
        return named
    candidates = [a for a in snapshot.authorizations if state_of(renewals.get(a.id)) is not RenewalState.RECEIVED]
    if not candidates:
        if snapshot.authorizations:
            raise AlreadyHandled(_waiting_swap(snapshot.authorizations[0]))
        raise NotFound("This flight has no Spark code.")
    lapsing = [a for a in candidates if a.expires_at < snapshot.campaign.end_at]
    return lapsing or candidates


def _waiting_swap(authorization: Authorization) -> str:
    return (
        f"The new code for ad account {authorization.ad_account_id} is in already: swap it in Ads Manager, "
        "then confirm “Swapped in Ads Manager”."
    )
