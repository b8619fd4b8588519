"""Who may change a flight: its owner, whoever recorded it, or a workspace admin (docs/domain.md)."""

from __future__ import annotations

from bot.core.errors import NotAllowed
from bot.slack.text import mention
from bot.slack.users import Users
from storage.models import Campaign


def ensure_may_change(campaign: Campaign, user_id: str, users: Users) -> None:
    if user_id in (campaign.owner_id, campaign.created_by):
        return
    if users.is_admin(user_id):
        return
    raise NotAllowed(
        f"Only the flight's owner ({mention(campaign.owner_id)}), whoever recorded it "
        f"({mention(campaign.created_by)}) or a workspace admin can change this flight."
    )
