"""`python -m bot check`: is everything in place to run? Plain words, and a non-zero exit if not.

Secrets are never printed: a token is described by its kind, not shown.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.config import Settings, SettingsError, load_settings
from bot.slack_api import call, web_client
from storage.db import Database
from storage.migrate import current_revision, head_revision


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


def check(settings: Settings) -> Iterator[Finding]:
    token_ok = settings.slack_bot_token.startswith("xoxb-")
    if not settings.slack_bot_token:
        yield Finding(
            False,
            "SLACK_BOT_TOKEN is not set. Copy the Bot User OAuth Token (xoxb-…) from your app's "
            "OAuth & Permissions page into .env.",
        )
    elif not token_ok:
        yield Finding(
            False,
            "SLACK_BOT_TOKEN doesn't look like a bot token: it should start with xoxb-. "
            "(xoxp- is a user token, xapp- is the app-level token.)",
        )
    else:
        yield Finding(True, "SLACK_BOT_TOKEN is a bot token.")

    if settings.slack_app_token:
        if settings.slack_app_token.startswith("xapp-"):
            yield Finding(True, "SLACK_APP_TOKEN is set: Flightdeck will use Socket Mode.")
        else:
            yield Finding(
                False,
                "SLACK_APP_TOKEN should be an app-level token starting with xapp- "
                "(Basic Information → App-Level Tokens, scope connections:write).",
            )
    elif not settings.slack_signing_secret:
        yield Finding(
            False,
            "Neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is set. "
            "Set one: the signing secret is on your app's Basic Information page.",
        )
    elif not re.fullmatch(r"[0-9a-f]{32}", settings.slack_signing_secret):
        yield Finding(
            False,
            "SLACK_SIGNING_SECRET doesn't look right: it's 32 hexadecimal characters, "
            "from Basic Information → App Credentials.",
        )
    else:
        yield Finding(True, f"SLACK_SIGNING_SECRET is set: Flightdeck will serve HTTP on port {settings.port}.")

    yield from _check_database(settings.database_url)

    if token_ok:
        outcome = call(web_client(settings, timeout=10).auth_test)
        if outcome.ok:
            yield Finding(
                True,
                f"Slack accepts the bot token: workspace “{outcome.data.get('team')}”, "
                f"bot user @{outcome.data.get('user')}.",
            )
        elif outcome.transient:
            yield Finding(
                False,
                f"Couldn't reach Slack at {settings.slack_api_url} ({outcome.error}). "
                "Check the network, or SLACK_API_URL if you changed it.",
            )
        else:
            yield Finding(
                False,
                f"Slack rejected the bot token ({outcome.error}). Reinstall the app to your "
                "workspace and copy the new Bot User OAuth Token.",
            )


def _check_database(url: str) -> Iterator[Finding]:
    where = _describe(url)
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
        print(("✓ " if finding.ok else "✗ ") + finding.text)
    problems = sum(not finding.ok for finding in findings)
    if problems:
        print(f"{problems} problem{'s' if problems > 1 else ''} to fix before Flightdeck can run.")
        return 1
    print("All good: start Flightdeck with `python -m bot`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
