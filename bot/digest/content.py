"""A digest's content from the database: the rows, read as the pure domain's flights (bot/core/digest.py)."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.digest import WEEK, Digest, DigestCode, DigestFlight, DigestRules, Undelivered, weekly_digest
from bot.core.renewal import state_for_code
from bot.core.vocabulary import CampaignStatus, Tool
from bot.digest.renewals import live_expiries, renewal_states, state_of
from storage.db import Database
from storage.digest_flights import DigestRow, digest_rows


def archive_url(workspace_url: str | None, channel_id: str | None, ts: str | None) -> str | None:
    """The link to a message, built from the workspace's address as chat.getPermalink would answer it.

    One link per flight without one Slack call per flight: a thousand flights, no thousand calls.
    """
    if not workspace_url or not channel_id or not ts:
        return None
    return f"{workspace_url.rstrip('/')}/archives/{channel_id}/p{ts.replace('.', '')}"


def digest_flight(row: DigestRow, states: dict, workspace_url: str | None, live: dict | None = None) -> DigestFlight:
    campaign = row.campaign
    live = live or {}
    codes = []
    for a in row.authorizations:
        # A code whose new one waits to be swapped in lapses at the old one's expiry (`live`). The state is
        # the one the reminders about that expiry follow (bot/core/renewal.py, `state_for_code`): a swapped-in
        # code that lapses before the flight ends needs a new round, not "swapped".
        expires_at = live.get(a.id, a.expires_at)
        state = state_for_code(state_of(states, a.id), live.get(a.id), expires_at)
        codes.append(DigestCode(a.id, a.ad_account_id, expires_at, state))
    undelivered = tuple(Undelivered(r.id, r.kind, r.due_at, r.last_error or "") for r in row.failed)
    return DigestFlight(
        id=campaign.id,
        client=campaign.client,
        title=campaign.creator_handle,
        owner_id=campaign.owner_id,
        start_at=campaign.start_at,
        end_at=campaign.end_at,
        timezone=campaign.owner_tz,
        codes=tuple(codes),
        summary_pulled=campaign.summary_pulled_at is not None,
        cancelled=campaign.status == CampaignStatus.CANCELLED,
        undelivered=undelivered,
        thread_url=archive_url(workspace_url, campaign.channel_id, campaign.message_ts),
        tool=Tool(campaign.tool),
    )


def build_digest(
    database: Database,
    team_id: str,
    *,
    now: datetime,
    timezone: str,
    involving: str | None = None,
    last_sent_at: datetime | None = None,
    workspace_url: str | None = None,
    rules: DigestRules | None = None,
    moved_from: date | None = None,
) -> Digest:
    """The week ahead of `now`: every open flight's (or those `involving` one person, for a DM digest).

    Reminders Slack wouldn't take are those that failed since the last digest (a week, for the first).
    `rules` are the workspace's settings (the summary window, the minimum flight): pass them, so the
    digest agrees with the reminders and the calendar feeds. `moved_from`: the day off it was due on.
    """
    rules = rules or DigestRules()
    failed_since = last_sent_at or now - WEEK
    with database.transaction() as session:
        rows = digest_rows(session, team_id, until=now + WEEK, failed_since=failed_since, involving=involving)
        ids = [a.id for row in rows for a in row.authorizations]
        states = renewal_states(session, team_id, ids) if ids else {}
        live = live_expiries(session, team_id, ids) if ids else {}
    flights = [digest_flight(row, states, workspace_url, live) for row in rows]
    return weekly_digest(
        flights,
        now,
        timezone,
        pull_after_end=rules.pull_after_end,
        overdue_after_end=rules.overdue_after_end,
        minimum_days=rules.minimum_days,
        moved_from=moved_from,
    )
