"""Enum-valued columns: stored as the enum's value, read back as its member, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import StatementError
from sqlmodel import SQLModel

from bot.core.promote_test import PromoteTestStatus
from bot.core.renewal import RenewalState
from bot.core.vocabulary import (
    AccountType,
    BudgetType,
    CampaignStatus,
    DigestStatus,
    Kind,
    Market,
    Ownership,
    ReminderStatus,
    SummaryStatus,
    Tool,
)
from storage import campaigns as store
from storage.columns import StrEnumType
from storage.models import Reminder
from storage.subscription_models import FeedScope
from tests.support.factories import TEAM, add_campaign, add_reminder, campaign, reminder

ENUM_COLUMNS = [
    ("campaign", "tool", Tool),
    ("campaign", "ownership", Ownership),
    ("campaign", "market", Market),
    ("campaign", "account_type", AccountType),
    ("campaign", "budget_type", BudgetType),
    ("campaign", "status", CampaignStatus),
    ("reminder", "kind", Kind),
    ("reminder", "status", ReminderStatus),
    ("summary_post", "status", SummaryStatus),
    ("digest_subscription", "status", DigestStatus),
    ("calendar_feed", "scope", FeedScope),
    ("campaign_result", "tool", Tool),
    ("promote_test", "status", PromoteTestStatus),
    ("code_renewal", "state", RenewalState),
]


@pytest.mark.parametrize(("table", "column", "enum"), ENUM_COLUMNS)
def test_each_enum_valued_column_is_typed_with_its_enum(table, column, enum):
    kind = SQLModel.metadata.tables[table].c[column].type

    assert isinstance(kind, StrEnumType) and kind.enum is enum
    assert kind.column == f"{table}.{column}"
    assert max(len(member.value) for member in enum) <= kind.length


def test_a_campaign_recorded_with_strings_reads_back_as_members(database):
    recorded = add_campaign(database, tool="promote", market="mena", budget_type="daily", status="live")

    with database.transaction() as session:
        found = store.get_campaign(session, TEAM, recorded.id)

    assert found.tool is Tool.PROMOTE and found.market is Market.MENA and found.budget_type is BudgetType.DAILY
    assert found.status is CampaignStatus.LIVE and found.account_type is AccountType.BUSINESS
    # Members are their strings: payloads and comparisons read as before.
    assert (found.tool, found.market.label) == ("promote", "MENA")


def test_a_column_select_reads_members_too(database):
    flight = add_campaign(database)
    add_reminder(database, flight, "code.swap", status="sent")

    with database.engine.connect() as connection:
        kind, status = connection.execute(
            sa.select(sa.column("kind"), sa.column("status")).select_from(sa.table("reminder"))
        ).one()
        typed = connection.execute(sa.select(Reminder.kind, Reminder.status)).one()

    # The stored text is the value, as before: no migration.
    assert (type(kind), kind, type(status), status) == (str, "code.swap", str, "sent")
    assert typed.kind is Kind.CODE_SWAP and typed.status is ReminderStatus.SENT


def test_a_value_the_enum_does_not_know_is_refused_on_write(database):
    refused = pytest.raises(StatementError, match=r"'weekly' in campaign.budget_type is not a BudgetType")
    with refused, database.transaction() as session:
        session.add(campaign(budget_type="weekly"))


def test_a_value_stored_behind_the_models_back_fails_loudly_naming_its_column(database):
    flight = add_campaign(database)
    planned = add_reminder(database, flight, "flight.hold")
    with database.engine.begin() as connection:
        connection.execute(sa.text("UPDATE campaign SET market = 'atlantis' WHERE id = :id"), {"id": flight.id})
        connection.execute(sa.text("UPDATE reminder SET kind = 'flight.nap' WHERE id = :id"), {"id": planned.id})

    failed = pytest.raises(ValueError, match=r"'atlantis' in campaign.market is not a Market")
    with failed, database.transaction() as session:
        store.get_campaign(session, TEAM, flight.id)
    with pytest.raises(ValueError, match=r"'flight.nap' in reminder.kind is not a Kind"):
        reminder(database, planned.id)
