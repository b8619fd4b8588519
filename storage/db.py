"""The engine and its transactions, for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_SECONDS = 5.0


def normalise_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` forms hosting platforms hand out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_engine(url: str, **kwargs) -> Engine:
    # A failed statement's error never carries the values it tried to write into the logs.
    kwargs.setdefault("hide_parameters", True)
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **kwargs)
    return sa.create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_engine(url: str, **kwargs) -> Engine:
    engine = sa.create_engine(
        url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, **kwargs
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Take over transaction control from the sqlite3 module, so BEGIN IMMEDIATE below is
        # really what runs: a write lock taken up front never fails halfway with SQLITE_BUSY.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # On an autocommit connection (the dispatcher's) each statement commits by itself.
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    def __init__(self, url: str, **engine_kwargs):
        self.url = normalise_url(url)
        self.engine = create_engine(self.url, **engine_kwargs)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def sweep_connection(self) -> Iterator[sa.Connection]:
        """One connection whose statements each commit on their own, for the dispatcher's tick.

        On PostgreSQL those commits don't wait for the disk (`synchronous_commit` off). A crash of
        this process loses none of them: they are in the server already. Only a crash of the
        server itself could lose its last fraction of a second, and then those reminders are sent
        again; none is lost. It halves the time to record each reminder sent.
        """
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if not self.is_postgres:
                yield connection
                return
            connection.exec_driver_sql("SET synchronous_commit TO off")
            try:
                yield connection
            finally:
                if not connection.invalidated:
                    connection.exec_driver_sql("RESET synchronous_commit")

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()
