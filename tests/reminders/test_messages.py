"""Reminder messages built from per-kind button templates read exactly as if built afresh."""

from __future__ import annotations

from datetime import time

import pytest
from slack_sdk.models.blocks import ActionsBlock

from bot.reminders.kinds import BUTTONS
from bot.reminders.messages import _button, _buttons
from bot.reminders.plan import Kind


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("reminder_id", [1, 98765, 10**12])
def test_each_kinds_buttons_carry_this_reminders_id_as_if_built_for_it(kind, reminder_id):
    morning = time(8, 45)
    built = ActionsBlock(
        block_id=f"reminder_{reminder_id}", elements=[_button(a, reminder_id, morning) for a in BUTTONS[kind]]
    ).to_dict()

    assert _buttons(kind, reminder_id, morning) == built


def test_two_reminders_of_one_kind_never_share_their_ids():
    first, second = _buttons(Kind.CODE_RENEW, 1, time(9, 30)), _buttons(Kind.CODE_RENEW, 2, time(9, 30))

    assert {e["value"] for e in first["elements"]} == {"1"}
    assert {e["value"] for e in second["elements"]} == {"2"}
    assert first["block_id"] != second["block_id"]
