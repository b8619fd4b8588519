"""Several dispatchers claiming the same due reminders at once, each on its own engine, for real."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import select

from storage import reminders as store
from storage.db import Database
from storage.models import Reminder
from tests.support.factories import NOW, TEAM, add_due_reminders

WORKERS = 6
BATCH = 20
DUE = 500


def test_concurrent_claimers_take_each_due_reminder_exactly_once(database):
    due = add_due_reminders(database, team_id=TEAM, count=DUE, due_at=NOW, now=NOW)
    start = threading.Barrier(WORKERS)
    batches: dict[str, list[list[int]]] = {}
    errors: list[BaseException] = []

    def claimer(token: str) -> None:
        own = Database(database.url)
        taken: list[list[int]] = []
        try:
            start.wait()
            while batch := store.claim_due(
                own, team_id=TEAM, now=NOW, lease=timedelta(minutes=5), limit=BATCH, token=token
            ):
                taken.append(batch)
        except BaseException as error:
            errors.append(error)
        finally:
            own.dispose()
            batches[token] = taken

    threads = [threading.Thread(target=claimer, args=(f"worker-{n}",)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    claimed = [reminder_id for taken in batches.values() for batch in taken for reminder_id in batch]
    assert sorted(claimed) == sorted(due)
    assert all(len(batch) <= BATCH for taken in batches.values() for batch in taken)
    # Each claimer really holds what it was told it claimed: no one's claim was overwritten by another's.
    with database.transaction() as session:
        holder = dict(session.exec(select(Reminder.id, Reminder.claim_token)).all())
    assert all(holder[reminder_id] == token for token, taken in batches.items() for b in taken for reminder_id in b)
