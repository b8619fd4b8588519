"""Only the bot's own markup is live: mentions of real ids, channel links, its date tokens, post links.
What a person typed is shown as typed: nothing in it formats, quotes, pings or links."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.text import channel_link, escape, inert_blocks, mention, only_own_markup, readable
from tests.support.markup import INVISIBLE, QUOTE, STAND_INS, autolinks, live_marks, read_back, typed_markup


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


# -- typed text is text: no formatting, quote, ping or link, and it reads as typed -------------------------

# Text as people type it: any characters, weighted towards the ones mrkdwn or a linkifier reads. The
# invisible characters and look-alikes escape() writes are left out: they would read back as others.
_MARKUP_ALPHABET = "*_~`＊＿｀>＞<&:/.@#- \n\taZ09é日"
typed = st.text(
    alphabet=st.one_of(
        st.sampled_from(_MARKUP_ALPHABET),
        st.characters(exclude_characters=INVISIBLE + "".join(STAND_INS), exclude_categories=("Cs",)),
    ),
    max_size=40,
)


@settings(max_examples=400)
@given(text=typed)
def test_escaped_text_has_no_live_formatting_mark(text):
    escaped = escape(text)

    assert live_marks(escaped) == []
    # Nor does it open or close a span the bot writes around it.
    assert set(live_marks(f"*{escaped}*")) <= {0, len(escaped) + 1}
    assert set(live_marks(f"_{escaped}_ and `{escaped}`")) <= {
        0,
        len(escaped) + 1,
        len(escaped) + 7,
        2 * len(escaped) + 8,
    }


@settings(max_examples=400)
@given(text=typed)
def test_escaped_text_has_no_live_token_quote_link_or_ping(text):
    escaped = escape(text)

    assert "<" not in escaped and ">" not in escaped
    assert not QUOTE.search(escaped) and not QUOTE.search("Client:\n" + escaped)
    assert autolinks(escaped) == []


@settings(max_examples=400)
@given(text=typed)
def test_escaped_text_reads_back_as_typed(text):
    assert read_back(escape(text)) == text


@pytest.mark.parametrize(
    ("typed_text", "shown"),
    [
        ("Acme <Foods> & *Co*", "Acme &lt;Foods&gt; &amp; ∗Co∗"),
        ("_Glow_ ~Co~ `x` ＊y＊ ＿z＿ ｀w｀", "ˍGlowˍ ∼Co∼ ˋxˋ ﹡y﹡ ⸏z⸏ ‵w‵"),
        # Between two letters or digits a mark formats nothing, so it stays: a handle copies as typed.
        ("maria_cooks a*b*c 2~3", "maria_cooks a*b*c 2~3"),
        ("*_x_*", "∗ˍxˍ∗"),
        ("> quote\n  >> more\na > b", "\u00ad&gt; quote\n  \u00ad&gt;&gt; more\na &gt; b"),
        ("＞ quote", "\u00ad＞ quote"),
        ("https://evil.example/x", "https:\u200b//evil.\u200bexample/x"),
        ("www.evil.example", "www.\u200bevil.\u200bexample"),
        ("ana@evil.example", "ana@\u200bevil.\u200bexample"),
        ("@here @channel #general", "@\u200bhere @\u200bchannel #\u200bgeneral"),
        ("@maria.cooks", "@\u200bmaria.\u200bcooks"),
        # Numbers, sentences and lone signs are left alone.
        ("CTR 1.5% at $2.40. Done: yes @ 3 # 4", "CTR 1.5% at $2.40. Done: yes @ 3 # 4"),
        ("∗ ˍ ∼ ˋ", "∗ ˍ ∼ ˋ"),
        ("Check the flight.", "Check the flight."),
        ("@", "@"),
    ],
)
def test_escape_table(typed_text, shown):
    assert escape(typed_text) == shown


def test_the_markup_model_sees_what_escaping_prevents():
    # The checks above would fail on the old escaping (only & < >): they can fail.
    def entities_only(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    assert live_marks(entities_only("Acme *Co*")) == [5, 8]
    assert QUOTE.search(entities_only("> quote"))
    assert autolinks(entities_only("see https://evil.example or ana@evil.example @here")) == [
        "https://evil.example",
        "ana@evil.example",
        "@here",
    ]
    assert typed_markup(f"*{entities_only('*INJECTED* www.INJECTED.example')}*") != []
