"""Why a reminder was skipped: the text its row records, and the words its summary line uses."""

from __future__ import annotations

import pytest

from bot.core.vocabulary import SkipReason


# The recorded texts are those rows already hold (reminder.last_error): changing one needs a data migration.
@pytest.mark.parametrize(
    ("recorded", "reason", "label"),
    [
        ("superseded by a later reminder", SkipReason.SUPERSEDED, "a later one replaced it"),
        ("superseded by a later review", SkipReason.LATER_REVIEW, "a later review replaced it"),
        (
            "the code expired before this reminder could go out",
            SkipReason.CODE_LAPSED,
            "the code had already expired",
        ),
        ("cancelled", SkipReason.CANCELLED, "the flight was cancelled"),
    ],
)
def test_a_recorded_reason_reads_back_with_its_label(recorded, reason, label):
    assert SkipReason.recorded(recorded) is reason
    assert reason.label == label


@pytest.mark.parametrize("text", [None, "", "channel_not_found", "Superseded by a later reminder"])
def test_other_text_in_the_column_is_no_reason(text):
    assert SkipReason.recorded(text) is None


def test_every_reason_has_a_label():
    assert all(reason.label for reason in SkipReason)
