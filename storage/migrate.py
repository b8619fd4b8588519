"""Schema upgrades through Alembic: `python -m bot migrate`, and automatically on start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database) -> bool:
    """Apply pending migrations; True when anything ran."""
    if current_revision(database) == head_revision():
        return False
    with database.engine.begin() as connection:
        command.upgrade(_config(connection), "head")
    return True


def new_revision(database: Database, message: str) -> None:
    """For developers: autogenerate a revision from the models (`python -m storage.migrate "msg"`)."""
    with database.engine.begin() as connection:
        command.revision(_config(connection), message=message, autogenerate=True)


if __name__ == "__main__":
    import os
    import sys

    url = os.environ.get("DATABASE_URL", "sqlite:///flightdeck.db")
    new_revision(Database(url), " ".join(sys.argv[1:]) or "schema change")
