"""`python -m bot check` says in plain words what is wrong, exits non-zero until it's right, never shows a token.

Each run is a real subprocess with a clean environment, in an empty working directory (no .env).
"""

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.support.databases import UNREACHABLE_POSTGRES
from tests.support.harness import SIGNING_SECRET


@dataclass
class Run:
    code: int
    output: str


@pytest.fixture
def run_check(tmp_path, emulator):
    """Runs the check with only the given settings; by default everything is right."""

    def run(**settings: str | None) -> Run:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "SLACK_BOT_TOKEN": emulator.token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": emulator.url,
            "DATABASE_URL": f"sqlite:///{tmp_path}/flightdeck.db",
        }
        env.update(settings)
        env = {name: value for name, value in env.items() if value is not None}
        done = subprocess.run(
            [sys.executable, "-m", "bot", "check"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        output = done.stdout + done.stderr
        for secret in (env.get("SLACK_BOT_TOKEN"), env.get("SLACK_APP_TOKEN"), env.get("SLACK_SIGNING_SECRET")):
            if secret:
                assert secret not in output, "the check printed a secret"
        return Run(done.returncode, output)

    return run


def test_everything_right_says_so_and_exits_zero(run_check, emulator):
    result = run_check()

    assert result.code == 0, result.output
    assert "All good" in result.output
    assert "Slack accepts the bot token" in result.output
    assert "✗" not in result.output
    assert emulator.calls_to("auth.test")


def test_a_token_missing_a_permission_the_manifest_asks_for_is_named(run_check, emulator):
    # An app created before /flights export had no files:write: Slack lists what the token holds.
    emulator.scopes = "commands,chat:write,chat:write.public,channels:read,groups:read,im:write,users:read"

    result = run_check()

    assert result.code != 0
    assert "missing permissions Flightdeck uses: files:write" in result.output
    assert "reinstall it to the workspace" in result.output


def test_a_missing_bot_token_is_named(run_check):
    result = run_check(SLACK_BOT_TOKEN=None)

    assert result.code != 0
    assert "SLACK_BOT_TOKEN is not set" in result.output


@pytest.mark.parametrize("token", ["xoxp-1111-2222-userpassword", "xapp-1-A0FLIGHTDECK-3333-applevelsecret"])
def test_a_token_of_the_wrong_kind_in_the_bot_slot_is_named(run_check, emulator, token):
    result = run_check(SLACK_BOT_TOKEN=token)

    assert result.code != 0
    assert "SLACK_BOT_TOKEN doesn't look like a bot token: it should start with xoxb-" in result.output
    assert emulator.attempts_of("auth.test") == []


def test_a_bot_token_in_the_app_token_slot_is_named(run_check, emulator):
    result = run_check(SLACK_APP_TOKEN=emulator.token)

    assert result.code != 0
    assert "SLACK_APP_TOKEN should be an app-level token starting with xapp-" in result.output


def test_http_mode_without_a_signing_secret_is_named(run_check):
    result = run_check(SLACK_SIGNING_SECRET=None)

    assert result.code != 0
    assert "→ `python -m bot` will use HTTP mode, because SLACK_APP_TOKEN isn't set." in result.output
    assert (
        "✗ HTTP mode (`python -m bot serve`, the web process) isn't ready: it needs SLACK_SIGNING_SECRET, "
        "from your app's Basic Information → App Credentials."
    ) in result.output
    # Socket Mode isn't what `python -m bot` would use here: what it needs is a note, not a problem.
    assert "– Socket Mode isn't ready: it needs SLACK_APP_TOKEN" in result.output
    assert "1 problem to fix" in result.output


def test_socket_mode_without_a_signing_secret_is_ready_and_says_what_http_mode_needs(run_check, emulator):
    emulator.socket_url = "ws://127.0.0.1:1/link"  # what apps.connections.open hands out for a good token
    result = run_check(SLACK_SIGNING_SECRET=None, SLACK_APP_TOKEN=emulator.app_token)

    assert result.code == 0, result.output
    assert "→ `python -m bot` will use Socket Mode, because SLACK_APP_TOKEN is set." in result.output
    assert "✓ Socket Mode is ready: Slack accepts SLACK_APP_TOKEN" in result.output
    assert (
        "– HTTP mode (`python -m bot serve`, the web process) isn't ready: it needs SLACK_SIGNING_SECRET"
    ) in result.output
    assert "All good" in result.output
    assert len(emulator.calls_to("apps.connections.open")) == 1  # asked Slack, and Slack said yes


def test_an_app_level_token_slack_refuses_fails_socket_mode(run_check, emulator):
    emulator.socket_url = "ws://127.0.0.1:1/link"
    result = run_check(SLACK_APP_TOKEN="xapp-1-A0FLIGHTDECK-revoked")

    assert result.code != 0
    assert "✗ Socket Mode isn't ready: Slack refused SLACK_APP_TOKEN (invalid_auth)." in result.output
    assert "✓ HTTP mode is ready on port 3000 at /slack/events" in result.output
    assert "1 problem to fix" in result.output


def test_a_port_out_of_range_is_named(run_check):
    result = run_check(PORT="70000")

    assert result.code != 0
    assert "PORT should be a port number from 1 to 65535, not '70000'" in result.output


def test_an_unreachable_database_is_named_without_its_password(run_check):
    result = run_check(DATABASE_URL=UNREACHABLE_POSTGRES)

    assert result.code != 0
    assert "Can't open the database at postgresql+psycopg://flightdeck:***@127.0.0.1:1/flightdeck" in result.output
    assert "hunter2" not in result.output


def test_a_token_slack_rejects_is_named(run_check, emulator):
    result = run_check(SLACK_BOT_TOKEN="xoxb-0000-1111-revokedtoken")

    assert result.code != 0
    assert (
        "✗ SLACK_BOT_TOKEN looks like a bot token (xoxb-…), but Slack rejected the bot token (invalid_auth)"
    ) in result.output
    assert "is a bot token" not in result.output and "✓ SLACK_BOT_TOKEN" not in result.output
    assert emulator.attempts_of("auth.test")


def test_a_sqlite_file_that_does_not_exist_yet_is_not_created(run_check, tmp_path):
    result = run_check(DATABASE_URL=f"sqlite:///{tmp_path}/new.db")

    assert result.code == 0, result.output
    assert f"✓ The database file {tmp_path}/new.db doesn't exist yet: Flightdeck will create it on first start." in (
        result.output
    )
    assert not (tmp_path / "new.db").exists()


def test_a_sqlite_file_in_a_missing_folder_is_named(run_check, tmp_path):
    result = run_check(DATABASE_URL=f"sqlite:///{tmp_path}/nowhere/new.db")

    assert result.code != 0
    assert f"the folder {tmp_path}/nowhere doesn't exist or can't be written" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_an_existing_sqlite_file_is_opened_and_its_schema_checked(run_check, tmp_path):
    from storage.db import Database
    from storage.migrate import upgrade

    database = Database(f"sqlite:///{tmp_path}/flightdeck.db")
    upgrade(database)
    database.dispose()

    result = run_check()

    assert result.code == 0, result.output
    assert "answers and its schema is up to date" in result.output


def test_settings_come_from_a_dotenv_file_in_the_working_directory(run_check, tmp_path, emulator):
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={emulator.token}\nSLACK_SIGNING_SECRET={SIGNING_SECRET}\n")

    result = run_check(SLACK_BOT_TOKEN=None, SLACK_SIGNING_SECRET=None)

    assert result.code == 0, result.output
    assert "All good" in result.output
