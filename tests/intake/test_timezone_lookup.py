"""The owner's time zone is looked up on the way to the submission's ack, so the lookup is bounded.

One attempt within its 2 s timeout, then the default: a retry after a dropped connection would
double the wait and miss Slack's 3 s deadline.
"""

from dataclasses import replace
from urllib.parse import urlsplit

import pytest

from bot.app import build_deps
from storage.db import Database
from tests.support import harness
from tests.support.databases import sqlite_url
from tests.support.harness import TEAMMATE
from tests.support.tcp_proxy import TcpProxy


@pytest.fixture
def slack_through_proxy(emulator):
    """A connection to the Slack emulator that a test can cut."""
    proxy = TcpProxy("127.0.0.1", urlsplit(emulator.url).port).start()
    yield proxy
    proxy.close()


def test_a_dropped_connection_is_not_retried_on_the_way_to_an_ack(emulator, clock, tmp_path, slack_through_proxy):
    settings = replace(
        harness.test_settings(emulator, sqlite_url(tmp_path)),
        slack_api_url=f"http://127.0.0.1:{slack_through_proxy.port}/api/",
    )
    database = Database(settings.database_url)
    users = build_deps(settings, database, clock).users

    slack_through_proxy.cut()
    assert users.timezone(TEAMMATE) == settings.default_timezone
    assert slack_through_proxy.refused == 1

    slack_through_proxy.restore()
    assert users.timezone(TEAMMATE) == "Europe/Paris"
    database.dispose()
