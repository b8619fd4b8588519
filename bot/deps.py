"""What listeners need, handed to each feature's `register(app, deps)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.campaigns.service import Campaigns
from bot.clock import Clock
from bot.config import Settings
from bot.users import Users
from storage.db import Database


@dataclass
class Deps:
    settings: Settings
    database: Database
    clock: Clock
    users: Users
    campaigns: Campaigns

    def today(self, timezone: str) -> date:
        return self.clock.now().astimezone(ZoneInfo(timezone)).date()
