"""A digest's content from the database: the rows, read as the pure domain's flights (bot/core/digest.py)."""

from __future__ import annotations

from datetime import datetime

from bot.core.digest import WEEK, Digest, DigestCode, DigestFlight, Undelivered, weekly_digest
from bot.core.vocabulary import CampaignStatus
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
    # A code whose new one waits to be swapped in lapses at the old one's expiry (`live`).
    codes = tuple(
        DigestCode(a.id, a.ad_account_id, (live or {}).get(a.id, a.expires_at), state_of(states, a.id))
        for a in row.authorizations
    )
    undelivered = tuple(Undelivered(r.id, r.kind, r.due_at, r.last_error or "") for r in row.failed)
    return DigestFlight(
        id=campaign.id,
        client=campaign.client,
        title=campaign.creator_handle,
        owner_id=campaign.owner_id,
        start_at=campaign.start_at,
        end_at=campaign.end_at,
        timezone=campaign.owner_tz,
        codes=codes,
        summary_pulled=campaign.summary_pulled_at is not None,
        cancelled=campaign.status == CampaignStatus.CANCELLED,
        undelivered=undelivered,
        thread_url=archive_url(workspace_url, campaign.channel_id, campaign.message_ts),
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
) -> Digest:
    """The week ahead of `now`: every open flight's (or those `involving` one person, for a DM digest).

    Reminders Slack wouldn't take are those that failed since the last digest (a week, for the first).
    """
    failed_since = last_sent_at or now - WEEK
    with database.transaction() as session:
        rows = digest_rows(session, team_id, until=now + WEEK, failed_since=failed_since, involving=involving)
        ids = [a.id for row in rows for a in row.authorizations]
        states = renewal_states(session, team_id, ids) if ids else {}
        live = live_expiries(session, team_id, ids) if ids else {}
    flights = [digest_flight(row, states, workspace_url, live) for row in rows]
    return weekly_digest(flights, now, timezone)
