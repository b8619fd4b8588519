"""Only the bot's own markup is live: mentions of real ids, channel links, its date tokens, post links."""

import pytest

from bot.slack.text import channel_link, escape, inert_blocks, mention, only_own_markup, readable


@pytest.mark.parametrize("user_id", ["U0OWNER", "W0GRIDUSER", "U123"])
def test_a_real_user_id_is_a_mention(user_id):
    assert mention(user_id) == f"<@{user_id}>"


@pytest.mark.parametrize("forged", ["U0X> <!channel", "<!here>", "u0lower", "U0", "C0CHANNEL", "U0A|x"])
def test_anything_else_is_shown_as_inert_text(forged):
    assert "<" not in mention(forged) and ">" not in mention(forged)
    assert mention(forged) == escape(forged)


def test_a_channel_link_needs_a_conversation_id():
    assert channel_link("C0GLOWCO") == "<#C0GLOWCO>"
    assert channel_link("C0X> <!channel") == "the channel"
    assert channel_link(None) == "the channel"


def test_echoed_text_keeps_the_bots_own_tokens_and_disarms_the_rest():
    text = (
        "<@U0OWNER> <!date^1796101140^{date_short_pretty} at {time}|Mon 30 Nov 23:59> "
        "<https://www.tiktok.com/@maria.cooks/video/7301234567890123456|post> <!channel> "
        "<https://evil.example|invoice>"
    )

    assert only_own_markup(text) == (
        "<@U0OWNER> <!date^1796101140^{date_short_pretty} at {time}|Mon 30 Nov 23:59> "
        "<https://www.tiktok.com/@maria.cooks/video/7301234567890123456|post> &lt;!channel&gt; "
        "&lt;https://evil.example|invoice&gt;"
    )


def test_echoed_blocks_are_disarmed_in_every_mrkdwn_text_only():
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "<!here> hi"}},
        {"type": "header", "text": {"type": "plain_text", "text": "<!here>"}},
    ]

    assert inert_blocks(blocks) == [
        {"type": "section", "text": {"type": "mrkdwn", "text": "&lt;!here&gt; hi"}},
        {"type": "header", "text": {"type": "plain_text", "text": "<!here>"}},
    ]


def test_readable_text_is_valid_unicode_without_nul():
    assert readable("GlowCo 🚀 é")
    assert not readable("Glow\ud800Co")
    assert not readable("Glow\x00Co")
