"""Campaign, authorization and event queries. Every one is scoped to a Slack team."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from bot.core.vocabulary import CampaignStatus
from storage.models import Authorization, AuthorizationRenewal, Campaign, Event


def add_campaign(session: Session, campaign: Campaign, authorizations: Iterable[Authorization]) -> Campaign:
    session.add(campaign)
    session.flush()
    for authorization in authorizations:
        authorization.campaign_id = campaign.id
        authorization.team_id = campaign.team_id
        session.add(authorization)
    session.flush()
    return campaign


def get_campaign(session: Session, team_id: str, campaign_id: int, *, for_update: bool = False) -> Campaign | None:
    query = select(Campaign).where(Campaign.team_id == team_id, Campaign.id == campaign_id)
    if for_update:
        query = query.with_for_update()
    return session.exec(query).first()


def authorizations_for(session: Session, team_id: str, campaign_id: int) -> list[Authorization]:
    query = (
        select(Authorization)
        .where(Authorization.team_id == team_id, Authorization.campaign_id == campaign_id)
        .order_by(col(Authorization.id))
    )
    return list(session.exec(query))


def get_authorization(session: Session, team_id: str, authorization_id: int) -> Authorization | None:
    query = select(Authorization).where(Authorization.team_id == team_id, Authorization.id == authorization_id)
    return session.exec(query).first()


def renew_authorization(
    session: Session, authorization: Authorization, new_expires_at: datetime, *, actor: str, now: datetime
) -> None:
    session.add(
        AuthorizationRenewal(
            team_id=authorization.team_id,
            authorization_id=authorization.id,
            previous_expires_at=authorization.expires_at,
            new_expires_at=new_expires_at,
            renewed_by=actor,
            renewed_at=now,
        )
    )
    authorization.expires_at = new_expires_at
    authorization.updated_at = now
    session.add(authorization)


def renewals_for(session: Session, team_id: str, authorization_id: int) -> list[AuthorizationRenewal]:
    query = (
        select(AuthorizationRenewal)
        .where(AuthorizationRenewal.team_id == team_id, AuthorizationRenewal.authorization_id == authorization_id)
        .order_by(col(AuthorizationRenewal.id))
    )
    return list(session.exec(query))


def record_event(
    session: Session,
    *,
    team_id: str,
    campaign_id: int | None,
    actor: str,
    action: str,
    at: datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    session.add(Event(team_id=team_id, campaign_id=campaign_id, actor=actor, action=action, detail=detail or {}, at=at))


def events_for(session: Session, team_id: str, campaign_id: int) -> list[Event]:
    query = select(Event).where(Event.team_id == team_id, Event.campaign_id == campaign_id).order_by(col(Event.id))
    return list(session.exec(query))


def set_thread(session: Session, team_id: str, campaign_id: int, channel_id: str, ts: str) -> None:
    campaign = get_campaign(session, team_id, campaign_id)
    if campaign is not None:
        campaign.channel_id = channel_id
        campaign.message_ts = ts
        session.add(campaign)


def ended_between(connection: Connection, team_id: str, *, after: datetime, until: datetime) -> list[int]:
    """Open flights whose last day ended in (after, until]: what their summaries say has just changed."""
    query = sa.select(Campaign.id).where(
        Campaign.team_id == team_id,
        Campaign.end_at > after,
        Campaign.end_at <= until,
        col(Campaign.status).in_((CampaignStatus.PLANNED, CampaignStatus.LIVE)),
    )
    return list(connection.execute(query).scalars())
