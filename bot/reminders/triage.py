"""Between its claim and its send, whether a reminder still goes: now, later, or not at all.

Plain decisions on what the claim loaded (docs/schedule.md, "Supersession" and "Snoozing"); the
dispatcher acts on them. A reminder is skipped when a later one of its chain (or a later weekly
review) is also due, when it asks to act before a code lapses and the code has lapsed, or when its
flight was cancelled. One due while its flight's summary is still being posted waits for that thread,
up to THREAD_WAIT past its due time, in steps of WAIT_STEP; after that it goes to its owner by DM.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.plan import BOUNDED_BY_EXPIRY, is_repeated_later, is_superseded
from bot.core.vocabulary import CampaignStatus, SkipReason
from storage import renewals as renewal_store
from storage.reminders import Claimed, DueNow

# A reminder in its thread beats one a minute early by DM.
THREAD_WAIT = timedelta(minutes=15)
WAIT_STEP = timedelta(seconds=30)


@dataclass(frozen=True)
class Verdict:
    """Send it now (neither set), skip it (and why), or try it again at `retry_at`."""

    skip: SkipReason | None = None
    retry_at: datetime | None = None


SEND = Verdict()


def triage(item: Claimed, due_now: Iterable[DueNow], now: datetime, *, thread_coming: bool) -> Verdict:
    """`due_now`: its flight's open reminders already due, itself included.

    `thread_coming`: its flight has no thread yet, and the summary that will make one is still to post.
    """
    reminder = item.reminder
    kind = reminder.kind
    due = [(other.kind, other.authorization_id, other.planned_at) for other in due_now]
    if is_superseded(kind, reminder.authorization_id, [(other, auth) for other, auth, _ in due]):
        return Verdict(skip=SkipReason.SUPERSEDED)
    if is_repeated_later(kind, reminder.planned_at, [(other, planned) for other, _, planned in due]):
        return Verdict(skip=SkipReason.LATER_REVIEW)
    if code_lapsed(item, now):
        return Verdict(skip=SkipReason.CODE_LAPSED)
    if item.campaign.status is CampaignStatus.CANCELLED:
        return Verdict(skip=SkipReason.CANCELLED)
    if thread_coming and now - reminder.due_at < THREAD_WAIT:
        return Verdict(retry_at=now + WAIT_STEP)
    return SEND


def code_lapsed(item: Claimed, now: datetime) -> bool:
    """A renew or swap reminder (snoozed, or held up by downtime) whose code has expired meanwhile.

    The code.expired reminder speaks for it; a "swap it before it lapses" after it lapsed would mislead.
    While a new code waits to be swapped in, the old code's reminders count down to the old expiry.
    """
    authorization = item.authorization
    if item.reminder.kind not in BOUNDED_BY_EXPIRY or authorization is None:
        return False
    swap_by = renewal_store.swap_by(item.renewal)
    expires_at = swap_by if swap_by is not None and item.reminder.planned_at <= swap_by else authorization.expires_at
    return expires_at <= now
