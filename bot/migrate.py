"""`python -m bot migrate`: bring the database's schema up to date, or say in plain words why not."""

from __future__ import annotations

import sys

from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.config import SettingsError, load_settings
from storage.db import Database
from storage.migrate import upgrade


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"✗ {error}.", file=sys.stderr)
        print("Fix it in .env or the environment, then run `python -m bot migrate` again.", file=sys.stderr)
        return 1
    where = _describe(settings.database_url)
    database = None
    try:
        database = Database(settings.database_url)
        ran = upgrade(database)
    except (SQLAlchemyError, ImportError, ValueError) as error:
        print(f"✗ Can't open the database at {where}: {_reason(error)}.", file=sys.stderr)
        print("Check DATABASE_URL and that the database is running; `python -m bot check` says more.", file=sys.stderr)
        return 1
    except CommandError as error:
        # Typically a database migrated by a newer Flightdeck than this one.
        print(
            f"✗ The database at {where} has a schema this Flightdeck doesn't know: {_reason(error)}.",
            file=sys.stderr,
        )
        print("Run the Flightdeck version that last migrated it, or a newer one.", file=sys.stderr)
        return 1
    finally:
        if database is not None:
            database.dispose()
    print(f"Database schema upgraded at {where}." if ran else f"Database schema at {where} already up to date.")
    return 0


def _reason(error: Exception) -> str:
    """The first line of what the driver said, without SQLAlchemy's wrapping (which can show the SQL)."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0].rstrip(".") if text else type(error).__name__


def _describe(url: str) -> str:
    """The database's address without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "DATABASE_URL (unreadable)"
