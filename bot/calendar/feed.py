"""A feed's calendar: its stored flights read, turned into bot/calendar/ics.py's events, serialised."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from sqlmodel import Session

from bot.calendar.ics import FeedCode, FeedFlight, FeedPromoteTest, calendar_feed
from bot.core.policy import ReminderSchedule
from bot.core.vocabulary import Tool
from storage.feeds import FeedFlightRow, FeedScope, FeedSubject, feed_flights
from storage.models import CalendarFeed

# The Promote test each candidate flight belongs to, by flight id: its end is an event of its own.
# Promote tests are recorded elsewhere; until they are wired in (bot/app.py), flights carry none.
PromoteTests = Callable[[Session, str, Sequence[int]], Mapping[int, FeedPromoteTest]]


def no_promote_tests(session: Session, team_id: str, flight_ids: Sequence[int]) -> Mapping[int, FeedPromoteTest]:
    return {}


def subject_of(feed: CalendarFeed) -> FeedSubject:
    scope = FeedScope(feed.scope)
    return FeedSubject(scope, feed.user_id if scope is FeedScope.PERSON else feed.channel_id)


def feed_calendar(
    session: Session,
    feed: CalendarFeed,
    *,
    now: datetime,
    schedule: ReminderSchedule,
    workspace_url: str | None = None,
    promote_tests: PromoteTests = no_promote_tests,
) -> tuple[bytes, int]:
    """The feed's iCalendar bytes, and how many flights it shows."""
    rows = feed_flights(session, feed.team_id, subject_of(feed))
    tests = promote_tests(session, feed.team_id, [row.id for row in rows]) if rows else {}
    flights = [_flight(row, workspace_url, tests.get(row.id)) for row in rows]
    body = calendar_feed(
        feed.name,
        flights,
        now,
        # The workspace in every UID: two installations' record ids can't meet in one calendar.
        uid_domain=f"{feed.team_id.lower()}.flightdeck",
        pull_after_end=schedule.pull_after_end,
        overdue_after_end=schedule.overdue_after_end,
        code_alarms=(schedule.renew_before_expiry, schedule.swap_before_expiry),
    )
    return body, len(flights)


def _flight(row: FeedFlightRow, workspace_url: str | None, test: FeedPromoteTest | None) -> FeedFlight:
    return FeedFlight(
        id=row.id,
        title=f"{row.creator_handle} ({_tool_label(row.tool)})",
        client=row.client,
        start_at=row.start_at,
        end_at=row.end_at,
        timezone=row.owner_tz,
        updated_at=row.updated_at,
        codes=tuple(FeedCode(c.id, c.ad_account_id, c.expires_at, c.updated_at) for c in row.codes),
        promote_test=test,
        thread_url=_permalink(workspace_url, row.channel_id, row.message_ts),
    )


def _tool_label(tool: str) -> str:
    try:
        return Tool(tool).label
    except ValueError:
        return tool


def _permalink(workspace_url: str | None, channel_id: str | None, ts: str | None) -> str | None:
    """The flight's summary message, where its thread is: Slack's permalink form, built without a call."""
    if not (workspace_url and channel_id and ts):
        return None
    return f"{workspace_url.rstrip('/')}/archives/{channel_id}/p{ts.replace('.', '')}"
