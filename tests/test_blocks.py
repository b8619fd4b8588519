"""The shared Block Kit builders: the shape Slack expects, the text capped at Slack's limit."""

from __future__ import annotations

import pytest

from bot.slack.blocks import TEXT_LIMIT, context, section


@pytest.mark.parametrize(("text", "shown"), [("*Hi*", "*Hi*"), ("x" * (TEXT_LIMIT + 5), "x" * TEXT_LIMIT)])
def test_a_section_and_a_context_hold_mrkdwn_within_the_limit(text, shown):
    assert section(text) == {"type": "section", "text": {"type": "mrkdwn", "text": shown}}
    assert context(text) == {"type": "context", "elements": [{"type": "mrkdwn", "text": shown}]}


def test_a_section_carries_its_accessory():
    button = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "go"}
    assert section("Text", button)["accessory"] == button
    assert "accessory" not in section("Text")
