"""The Alembic migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from storage import models, subscription_models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.db import Database
from storage.migrate import current_revision, head_revision, upgrade
from tests.support.databases import POSTGRES_ADMIN_URL, TABLES, sqlite_url
from tests.support.factories import add_campaign


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request, tmp_path):
    """A database with no tables at all, on each backend."""
    if request.param == "sqlite":
        database = Database(sqlite_url(tmp_path))
        yield database
        database.dispose()
        return
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"flightdeck_migrate_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    database = Database(sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False))
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def table_names(database: Database) -> set[str]:
    return set(sa.inspect(database.engine).get_table_names())


def test_upgrade_from_empty_creates_every_table(empty_database):
    assert table_names(empty_database) == set()

    assert upgrade(empty_database) is True

    assert table_names(empty_database) == {*TABLES, "alembic_version"}
    assert table_names(empty_database) == {*SQLModel.metadata.tables, "alembic_version"}
    assert current_revision(empty_database) == head_revision()


def test_upgrading_again_changes_nothing(empty_database):
    upgrade(empty_database)
    recorded = add_campaign(empty_database)

    assert upgrade(empty_database) is False

    assert current_revision(empty_database) == head_revision()
    with empty_database.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT id FROM campaign")).scalars().all() == [recorded.id]


def test_the_migrations_and_the_models_agree(empty_database):
    upgrade(empty_database)

    with empty_database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)

    assert differences == []
