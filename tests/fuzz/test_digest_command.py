"""`/flights digest` with any words: a channel as Slack escapes it, days, times, zones, and hostile text."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.digest.command import Refused, parse
from bot.slack.text import CHANNEL_ID, USER_ID
from storage.subscription_models import DigestSubscription
from tests.fuzz.support import examples, hostile_text, live_markup
from tests.support import slack_requests as slack
from tests.support.harness import CHANNEL, OWNER, TEAMMATE

channel_ids = st.from_regex(r"[CG][A-Z0-9]{2,12}", fullmatch=True)
channel_tokens = st.one_of(
    channel_ids.map(lambda c: f"<#{c}>"),
    st.builds(lambda c, name: f"<#{c}|{name}>", channel_ids, hostile_text),
    st.sampled_from(["<#C0OPS|ops>", "<#c0lower|x>", "<#C0OPS|>", "<#>", "#ops", "<#C0OPS|a|b>", "<#U0OWNER>"]),
)
words = st.one_of(
    channel_tokens,
    st.sampled_from(
        ["me", "ME", "off", "Off", "monday", "Fri", "tues", "sundays", "mo", "9:30", "09:30", "23:59", "24:00", "7h15"]
    ),
    st.sampled_from(["tz=Europe/Paris", "tz=europe/paris", "tz=", "tz=../../etc/passwd", "tz=UTC", "tz=Asia/Tokyo"]),
    hostile_text,
)
arguments = st.lists(words, max_size=5).map(" ".join)
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, "U0NEWCOMER"]), hostile_text)
channels = st.one_of(st.sampled_from([CHANNEL, "C0OPS", "D0DIRECT", "G0PRIVATE"]), hostile_text)
# A channel link the bot writes itself: only ever a validated id, naming the channel the person picked.
_CHANNEL_LINK = re.compile(r"<#[CG][A-Z0-9]{2,}>")


@settings(max_examples=examples(400))
@given(text=arguments)
def test_parsing_any_words_reads_them_or_says_why_not(text):
    try:
        asked = parse(text)
    except Refused as refused:
        assert str(refused)
        return
    assert asked.action in ("subscribe", "off", "show")
    assert asked.channel_id is None or CHANNEL_ID.match(asked.channel_id)
    assert 0 <= asked.weekday <= 6
    assert asked.timezone is None or ZoneInfo(asked.timezone)


@settings(max_examples=examples(300))
@given(text=arguments, user=users, channel=channels)
def test_flights_digest_with_any_words(driver, text, user, channel):
    fields = slack.slash_command(
        "/flights",
        f"digest {text}",
        user_id=user,
        channel_id=channel,
        response_url=driver.flightdeck.emulator.response_url,
    )

    outcome = driver.form(fields)

    assert outcome.status < 500, (outcome.status, outcome.body)
    problems = [p for p in live_markup(outcome.calls) if not _CHANNEL_LINK.fullmatch(p.split("'")[1])]
    assert not problems, problems
    with driver.flightdeck.database.transaction() as session:
        for row in session.exec(select(DigestSubscription)):
            assert (row.channel_id is None) != (row.user_id is None)
            assert row.channel_id is None or CHANNEL_ID.match(row.channel_id)
            assert row.user_id is None or USER_ID.match(row.user_id)
            assert 0 <= row.weekday <= 6 and re.fullmatch(r"[0-2]\d:[0-5]\d", row.local_time)
            assert ZoneInfo(row.timezone)
