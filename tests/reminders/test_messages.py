"""Reminder messages built from per-kind button templates read exactly as if built afresh."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import ActionsBlock

from bot.core.vocabulary import Kind
from bot.core.working_days import WorkingWeek
from bot.slack.ids import ReminderAction
from bot.slack.reminder_message import Snoozes, _buttons, _elements, snoozes_for

NEW_YORK = "America/New_York"
SNOOZE_CHOICES = [
    Snoozes(True, "Tomorrow 09:30"),
    Snoozes(True, "Today 08:45"),
    Snoozes(True, None),
    Snoozes(False, None),
]


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("reminder_id", [1, 98765, 10**12])
@pytest.mark.parametrize("snoozes", SNOOZE_CHOICES)
def test_each_kinds_buttons_carry_this_reminders_id_as_if_built_for_it(kind, reminder_id, snoozes):
    built = ActionsBlock(block_id=f"reminder_{reminder_id}", elements=_elements(kind, reminder_id, snoozes)).to_dict()

    assert _buttons(kind, reminder_id, snoozes) == built


def test_two_reminders_of_one_kind_never_share_their_ids():
    snoozes = Snoozes(True, "Tomorrow 09:30")
    first, second = _buttons(Kind.CODE_RENEW, 1, snoozes), _buttons(Kind.CODE_RENEW, 2, snoozes)

    assert {e["value"] for e in first["elements"]} == {"1"}
    assert {e["value"] for e in second["elements"]} == {"2"}
    assert first["block_id"] != second["block_id"]


def ny(hour: int, minute: int = 0, day: int = 29) -> datetime:
    """That time on the owner's clock in New York, late November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=ZoneInfo(NEW_YORK)).astimezone(UTC)


EXPIRY = ny(0, day=30)  # Monday 30 November, 00:00 in New York


@pytest.mark.parametrize(
    ("kind", "shown_at", "offered"),
    [
        # The swap goes out at midnight, a day before the code lapses: 09:30 is still today.
        pytest.param(Kind.CODE_SWAP, ny(0), Snoozes(True, "Today 09:30"), id="swap-at-midnight"),
        # Shown after 09:30 (late), the next morning is after the expiry: not offered.
        pytest.param(Kind.CODE_SWAP, ny(10), Snoozes(True, None), id="swap-late-morning"),
        # In the code's last hour nothing fits.
        pytest.param(Kind.CODE_SWAP, ny(23, 30), Snoozes(False, None), id="swap-last-hour"),
        pytest.param(Kind.CODE_RENEW, ny(0, day=27), Snoozes(True, "Today 09:30"), id="renew-at-midnight"),
        pytest.param(Kind.SUMMARY_PULL, ny(10), Snoozes(True, "Tomorrow 09:30"), id="summary-after-0930"),
        pytest.param(Kind.FLIGHT_HOLD, ny(9), Snoozes(False, None), id="no-snoozes-on-hold"),
    ],
)
def test_a_reminder_offers_only_the_snoozes_that_come_back_in_time(kind, shown_at, offered):
    assert snoozes_for(kind, shown_at, NEW_YORK, time(9, 30), EXPIRY) == offered


def test_a_snooze_not_offered_leaves_no_button():
    actions = [e["action_id"] for e in _buttons(Kind.CODE_SWAP, 5, Snoozes(True, None))["elements"]]

    assert actions == [
        ReminderAction.END_FLIGHT,
        ReminderAction.CODE_RENEWED,
        ReminderAction.SNOOZE_HOUR,
        ReminderAction.DONE,
    ]


@pytest.mark.parametrize(
    ("kind", "shown_at", "label"),
    [
        # Friday 10:00 with Saturday and Sunday off: a day-based reminder's morning is Monday's.
        pytest.param(Kind.SUMMARY_PULL, ny(10, day=27), "Mon 09:30", id="summary-on-friday"),
        pytest.param(Kind.FLIGHT_REVIEW, ny(10, day=27), "Mon 09:30", id="review-on-friday"),
        pytest.param(Kind.SUMMARY_PULL, ny(10, day=26), "Tomorrow 09:30", id="summary-on-thursday"),
        # A code reminder's is tomorrow's, day off or not.
        pytest.param(Kind.CODE_RENEW, ny(10, day=27), "Tomorrow 09:30", id="code-on-friday"),
    ],
)
def test_with_working_days_the_morning_snooze_names_the_working_morning(kind, shown_at, label):
    offered = snoozes_for(kind, shown_at, NEW_YORK, time(9, 30), ny(0, day=30), WorkingWeek())
    assert offered.morning == label
