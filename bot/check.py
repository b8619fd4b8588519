"""`python -m bot check`: is everything in place to run? Plain words, and a non-zero exit if not.

Secrets are never printed: a token is described by its kind, not shown.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.config import Settings, SettingsError, load_settings
from bot.slack.api import call, web_client
from bot.slack.scopes import REQUIRED_SCOPES, missing_scopes
from storage.db import Database
from storage.migrate import current_revision, head_revision


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str
    # A note: what isn't ready for a way of running Flightdeck that `python -m bot` doesn't use.
    note: bool = False
    # Neither good nor bad: what Flightdeck will do.
    info: bool = False

    @property
    def mark(self) -> str:
        return "→" if self.info else "✓" if self.ok else "–" if self.note else "✗"

    @property
    def problem(self) -> bool:
        return not self.ok and not self.note


def check(settings: Settings) -> Iterator[Finding]:
    yield from _check_bot_token(settings)
    yield from _check_modes(settings)
    yield from _check_calendar(settings)
    yield from _check_database(settings.database_url)


def _check_calendar(settings: Settings) -> Iterator[Finding]:
    """Calendar feeds are optional: what they lack is a note, never a reason not to start."""
    base = settings.public_url
    if not base:
        yield Finding(
            False,
            "Calendar feeds are off: set PUBLIC_URL, the bot's public HTTPS base, to give people calendar links.",
            note=True,
        )
        return
    if not settings.feed_key:
        yield Finding(
            False, "Calendar feeds need CALENDAR_SECRET (or SLACK_SIGNING_SECRET) to sign their links.", note=True
        )
        return
    https = base.startswith("https://")
    yield Finding(
        https,
        f"Calendar links begin {base}/calendar/: the bot (or a proxy in front of it) must answer there."
        + ("" if https else " Calendar apps subscribe over HTTPS only: PUBLIC_URL should start with https://."),
        note=not https,
    )


def _check_bot_token(settings: Settings) -> Iterator[Finding]:
    token = settings.slack_bot_token
    if not token:
        yield Finding(
            False,
            "SLACK_BOT_TOKEN is not set. Copy the Bot User OAuth Token (xoxb-…) from your app's "
            "OAuth & Permissions page into .env.",
        )
        return
    if not token.startswith("xoxb-"):
        yield Finding(
            False,
            "SLACK_BOT_TOKEN doesn't look like a bot token: it should start with xoxb-. "
            "(xoxp- is a user token, xapp- is the app-level token.)",
        )
        return
    # Only Slack can say the token is good: until it has, it merely looks like one.
    outcome = call(web_client(settings, timeout=10).auth_test)
    if outcome.ok:
        yield Finding(
            True,
            f"Slack accepts the bot token: workspace “{outcome.data.get('team')}”, "
            f"bot user @{outcome.data.get('user')}.",
        )
        missing = missing_scopes(_first(outcome.headers.get("x-oauth-scopes")))
        if missing:
            needs = "; ".join(f"{scope} ({REQUIRED_SCOPES[scope]})" for scope in missing)
            yield Finding(
                False,
                f"The app is missing permissions Flightdeck uses: {needs}. Update the app from manifest.yml "
                "(App Manifest → paste it → Save), reinstall it to the workspace, and copy the new bot token.",
            )
    elif outcome.transient:
        yield Finding(
            False,
            f"SLACK_BOT_TOKEN looks like a bot token (xoxb-…), but Slack couldn't be reached at "
            f"{settings.slack_api_url} ({outcome.error}). Check the network, or SLACK_API_URL if you changed it.",
        )
    else:
        yield Finding(
            False,
            f"SLACK_BOT_TOKEN looks like a bot token (xoxb-…), but Slack rejected the bot token ({outcome.error}). "
            "Reinstall the app to your workspace and copy the new Bot User OAuth Token.",
        )


def _first(value: object) -> str | None:
    """A header's value: the SDK gives some as lists."""
    if isinstance(value, list):
        return str(value[0]) if value else None
    return str(value) if value else None


def _check_modes(settings: Settings) -> Iterator[Finding]:
    """Both ways of running, each ready or not; only the one `python -m bot` would use must be."""
    socket_missing = _socket_mode_missing(settings)
    http_missing = _http_mode_missing(settings)
    uses_socket = settings.socket_mode
    yield Finding(
        True,
        "`python -m bot` will use Socket Mode, because SLACK_APP_TOKEN is set."
        if uses_socket
        else "`python -m bot` will use HTTP mode, because SLACK_APP_TOKEN isn't set.",
        info=True,
    )
    if socket_missing is None:
        yield Finding(True, "Socket Mode is ready: Slack accepts SLACK_APP_TOKEN (`python -m bot socket`, the worker).")
    else:
        yield Finding(False, f"Socket Mode isn't ready: {socket_missing}", note=not uses_socket)
    if http_missing is None:
        yield Finding(
            True,
            f"HTTP mode is ready on port {settings.port} at /slack/events (`python -m bot serve`, the web process).",
        )
    else:
        yield Finding(
            False, f"HTTP mode (`python -m bot serve`, the web process) isn't ready: {http_missing}", note=uses_socket
        )


def _socket_mode_missing(settings: Settings) -> str | None:
    token = settings.slack_app_token
    if not token:
        return (
            "it needs SLACK_APP_TOKEN, an app-level token (xapp-…) from Basic Information → App-Level Tokens, "
            "with the connections:write scope."
        )
    if not token.startswith("xapp-"):
        return (
            "SLACK_APP_TOKEN should be an app-level token starting with xapp- "
            "(Basic Information → App-Level Tokens, scope connections:write)."
        )
    client = web_client(replace(settings, slack_bot_token=""), timeout=10)
    outcome = call(client.apps_connections_open, app_token=token)
    if outcome.ok:
        return None
    if outcome.transient:
        return f"Slack couldn't be reached at {settings.slack_api_url} to check SLACK_APP_TOKEN ({outcome.error})."
    return (
        f"Slack refused SLACK_APP_TOKEN ({outcome.error}). Make a new app-level token with the "
        "connections:write scope (Basic Information → App-Level Tokens)."
    )


def _http_mode_missing(settings: Settings) -> str | None:
    secret = settings.slack_signing_secret
    if not secret:
        return "it needs SLACK_SIGNING_SECRET, from your app's Basic Information → App Credentials."
    if not re.fullmatch(r"[0-9a-f]{32}", secret):
        return (
            "SLACK_SIGNING_SECRET doesn't look right: it's 32 hexadecimal characters, "
            "from Basic Information → App Credentials."
        )
    return None


def _check_database(url: str) -> Iterator[Finding]:
    where = _describe(url)
    missing = _missing_sqlite_file(url)
    if missing is not None:
        # Opening it would create it: say what will happen instead of doing it.
        folder = missing.parent
        if folder.is_dir() and os.access(folder, os.W_OK):
            yield Finding(
                True, f"The database file {missing} doesn't exist yet: Flightdeck will create it on first start."
            )
        else:
            yield Finding(
                False,
                f"The database file {missing} can't be created: the folder {folder} doesn't exist or can't be "
                "written. Create the folder, or change DATABASE_URL.",
            )
        return
    try:
        database = Database(url)
        database.ping()
        revision = current_revision(database)
    except (SQLAlchemyError, ImportError, ValueError) as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0] if str(error) else type(error).__name__
        yield Finding(False, f"Can't open the database at {where}: {reason}. Check DATABASE_URL.")
        return
    database.dispose()
    if revision == head_revision():
        yield Finding(True, f"The database at {where} answers and its schema is up to date.")
    else:
        yield Finding(True, f"The database at {where} answers; its schema will be upgraded when Flightdeck starts.")


def _missing_sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names, when it doesn't exist yet (in-memory and URI forms aside)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database or ""
    if not parsed.drivername.startswith("sqlite") or database in ("", ":memory:") or database.startswith("file:"):
        return None
    path = Path(database)
    return None if path.exists() else path


def _describe(url: str) -> str:
    """The database's address without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "DATABASE_URL (unreadable)"


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"✗ {error}.")
        print("Fix the settings above in .env or the environment, then run `python -m bot check` again.")
        return 1
    findings = list(check(settings))
    for finding in findings:
        print(f"{finding.mark} {finding.text}")
    problems = sum(finding.problem for finding in findings)
    if problems:
        print(f"{problems} problem{'s' if problems > 1 else ''} to fix before Flightdeck can run.")
        return 1
    print("All good: start Flightdeck with `python -m bot`.")
    if any(finding.note for finding in findings):
        print("(Lines marked – matter only if you run Flightdeck the other way.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
