"""Shared fixtures: a fake clock, the Slack emulator, databases (SQLite and PostgreSQL), the app."""

from __future__ import annotations

import pytest

from storage.db import Database
from tests.support.clock import START, FakeClock
from tests.support.databases import PostgresForTests, sqlite_url
from tests.support.harness import ADMIN, OWNER, TEAMMATE, Flightdeck, test_settings
from tests.support.slack_emulator import SlackEmulator


@pytest.fixture(scope="session")
def postgres():
    server = PostgresForTests()
    yield server
    server.drop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def emulator():
    emulator = SlackEmulator().start()
    emulator.add_user(OWNER, tz="America/New_York")
    emulator.add_user(TEAMMATE, tz="Europe/Paris")
    emulator.add_user(ADMIN, tz="Europe/Helsinki", is_admin=True)
    yield emulator
    emulator.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    """Parametrises a test over both backends."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    server = request.getfixturevalue("postgres")
    url = server.ensure()
    server.clean()
    return url


@pytest.fixture
def database(database_url):
    database = Database(database_url)
    from storage.migrate import upgrade

    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_database_url(tmp_path) -> str:
    return sqlite_url(tmp_path)


@pytest.fixture
def flightdeck(emulator, clock, sqlite_database_url):
    """The app on SQLite (the embedded default)."""
    app = Flightdeck(emulator, clock, Database(sqlite_database_url), test_settings(emulator, sqlite_database_url))
    yield app
    app.close()


@pytest.fixture
def flightdeck_any(emulator, clock, database_url):
    """The app on each backend in turn."""
    app = Flightdeck(emulator, clock, Database(database_url), test_settings(emulator, database_url))
    yield app
    app.close()
