"""Test databases: a SQLite file per test, and one PostgreSQL database per test session.

PostgreSQL comes from TEST_DATABASE_URL (default: the local server's `test` database); the
session creates its own database beside it, so runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid

import sqlalchemy as sa

from storage.db import Database, normalise_url
from storage.migrate import upgrade

# A PostgreSQL nothing listens at, whose password every message about it must hide.
UNREACHABLE_POSTGRES = "postgresql+psycopg://flightdeck:hunter2@127.0.0.1:1/flightdeck"
POSTGRES_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TABLES = (
    "promote_test_flight",
    "promote_test",
    "campaign_result",
    "digest_subscription",
    "calendar_feed",
    "event",
    "code_renewal",
    "summary_post",
    "reminder",
    "authorization_renewal",
    "spark_authorization",
    "campaign",
)


class PostgresForTests:
    """Creates a throwaway database on first use and drops it at the end of the session."""

    def __init__(self, admin_url: str = POSTGRES_ADMIN_URL):
        self.admin_url = normalise_url(admin_url)
        self.name = f"flightdeck_test_{uuid.uuid4().hex[:10]}"
        self.url: str | None = None

    def _admin(self) -> sa.Engine:
        return sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")

    def ensure(self) -> str:
        if self.url is None:
            engine = self._admin()
            try:
                with engine.connect() as connection:
                    connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            except sa.exc.OperationalError as error:
                raise RuntimeError(
                    f"PostgreSQL isn't answering at {self.admin_url} ({error.orig}). Start it, or point "
                    "TEST_DATABASE_URL at one: the storage tests must run on PostgreSQL too."
                ) from error
            finally:
                engine.dispose()
            self.url = sa.engine.make_url(self.admin_url).set(database=self.name).render_as_string(hide_password=False)
            database = Database(self.url)
            upgrade(database)
            database.dispose()
        return self.url

    def clean(self) -> None:
        if self.url is None:
            return
        engine = sa.create_engine(self.url)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        engine.dispose()

    def drop(self) -> None:
        if self.url is None:
            return
        engine = self._admin()
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        engine.dispose()


def sqlite_url(directory) -> str:
    return f"sqlite:///{directory}/flightdeck.db"
