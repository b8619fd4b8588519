"""Starting the bot: what a newcomer reads when a setting is wrong, and no false alarm when all is right."""

import logging
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from bot.app import build_app
from bot.slack.workspace import Installation
from storage.db import Database
from tests.support import harness
from tests.support.clock import FakeClock
from tests.support.slack_emulator import TEAM_ID

START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def start(tmp_path, **settings: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **settings}
    return subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "settings",
    [
        {},  # nothing set at all: no token
        {"SLACK_BOT_TOKEN": "xoxb-1", "PORT": "not-a-port"},
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": "mysql://nope"},
    ],
)
def test_a_bad_setting_says_where_settings_go_and_how_to_check_them(tmp_path, settings):
    done = start(tmp_path, **settings)

    assert done.returncode == 2
    said = done.stdout + done.stderr
    assert "Flightdeck can't start" in said
    assert ".env" in said and "python -m bot check" in said
    assert "Traceback" not in said


def test_building_the_app_with_the_token_in_the_environment_warns_of_nothing(tmp_path, emulator, monkeypatch, caplog):
    # As after loading .env: Bolt sees SLACK_BOT_TOKEN beside our client, which carries the same token.
    monkeypatch.setenv("SLACK_BOT_TOKEN", emulator.token)
    url = f"sqlite:///{tmp_path}/flightdeck.db"
    database = Database(url)
    with caplog.at_level(logging.DEBUG, logger="slack_bolt"):
        build_app(harness.test_settings(emulator, url), database, FakeClock(START), installation=Installation(TEAM_ID))
    database.dispose()

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
