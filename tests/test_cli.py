"""`python -m bot`'s own answers: the list of commands, and `migrate` in plain words, never a traceback.

Each run is a real subprocess with a clean environment, in an empty working directory (no .env).
"""

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from tests.support.databases import UNREACHABLE_POSTGRES

COMMANDS = ("run", "serve", "socket", "check", "migrate", "help")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def bot(tmp_path):
    def run(*args: str, **settings: str) -> Run:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/flightdeck.db",
            **settings,
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.mark.parametrize("asking", ["help", "-h", "--help"])
def test_help_lists_the_commands_and_exits_zero(bot, asking):
    result = bot(asking)

    assert result.code == 0, result.output
    for command in COMMANDS:
        assert f"\n{command} " in f"\n{result.stdout}", command


def test_an_unknown_command_is_named_with_the_list_and_exits_two(bot):
    result = bot("mirgate")

    assert result.code == 2
    assert "Unknown command “mirgate”" in result.stderr
    assert "migrate  apply pending database migrations" in result.stderr


def test_migrate_creates_the_schema_then_says_it_is_up_to_date(bot, tmp_path):
    first = bot("migrate")
    assert first.code == 0, first.output
    assert f"Database schema upgraded at sqlite:///{tmp_path}/flightdeck.db." in first.stdout

    again = bot("migrate")
    assert again.code == 0, again.output
    assert "already up to date" in again.stdout


def test_migrate_names_a_bad_setting(bot):
    result = bot("migrate", PORT="abc")

    assert result.code == 1
    assert "✗ PORT should be a port number from 1 to 65535, not 'abc'." in result.stderr
    assert "Fix it in .env or the environment" in result.stderr


def test_migrate_names_an_unreachable_database_without_its_password(bot):
    result = bot("migrate", DATABASE_URL=UNREACHABLE_POSTGRES)

    assert result.code == 1
    assert "✗ Can't open the database at postgresql+psycopg://flightdeck:***@127.0.0.1:1/flightdeck" in result.stderr
    assert "Connection refused" in result.stderr
    assert "hunter2" not in result.output


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("sqlite:////nowhere/at/all/flightdeck.db", "unable to open database file"),
    ],
)
def test_migrate_names_a_database_url_it_cannot_use(bot, url, says):
    result = bot("migrate", DATABASE_URL=url)

    assert result.code == 1
    assert "✗ Can't open the database at" in result.stderr
    assert says in result.stderr


@pytest.mark.parametrize("url", ["mysql+nosuchdriver://host/db", "not a url"])
def test_migrate_names_a_database_flightdeck_cannot_run_on(bot, url):
    result = bot("migrate", DATABASE_URL=url)

    assert result.code == 1
    assert "✗ DATABASE_URL should be a SQLite or PostgreSQL address" in result.stderr
    assert "Traceback" not in result.output
