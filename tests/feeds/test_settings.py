"""PUBLIC_URL and CALENDAR_SECRET: what calendar links are built on and signed with."""

from __future__ import annotations

import pytest

from bot.calendar.links import NEEDS_PUBLIC_URL, NEEDS_SECRET, feed_url
from bot.calendar.tokens import feed_lookup, lookup_of, signed_token
from bot.check import _check_calendar
from bot.config import SettingsError, load_settings


def settings(**environ: str):
    return load_settings(environ=environ, dotenv=False)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("https://flightdeck.example.com", "https://flightdeck.example.com"),
        ("https://flightdeck.example.com/", "https://flightdeck.example.com"),
        (" https://example.com/flightdeck/ ", "https://example.com/flightdeck"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("", ""),
    ],
)
def test_public_url_is_kept_without_its_trailing_slash(raw, kept):
    assert settings(PUBLIC_URL=raw).public_url == kept


@pytest.mark.parametrize(
    "raw",
    [
        "flightdeck.example.com",
        "ftp://example.com",
        "https://",
        "https://a b.com",
        "https://x.com/?a=1",
        "https://x.com/#f",
    ],
)
def test_a_public_url_calendars_couldnt_reach_is_refused_by_name(raw):
    with pytest.raises(SettingsError, match="PUBLIC_URL should be the bot's public address"):
        settings(PUBLIC_URL=raw)


def test_links_are_signed_with_calendar_secret_else_the_signing_secret():
    assert settings(SLACK_SIGNING_SECRET="s").feed_key == "s"
    assert settings(SLACK_SIGNING_SECRET="s", CALENDAR_SECRET="c").feed_key == "c"
    assert settings().feed_key == ""


def test_a_link_opens_only_under_the_key_that_made_it():
    lookup = feed_lookup()
    token = signed_token("key", lookup)
    assert lookup_of(token, "key") == lookup
    assert lookup_of(token, "another key") is None
    assert lookup_of(token, "") is None
    assert lookup_of(token[:-1], "key") is None
    assert feed_url("https://x.example", "key", lookup) == f"https://x.example/calendar/{token}.ics"


def test_what_is_missing_is_said_in_plain_words():
    assert "PUBLIC_URL" in NEEDS_PUBLIC_URL and "CALENDAR_SECRET" in NEEDS_SECRET


def test_the_check_says_whether_calendar_feeds_are_on():
    [off] = _check_calendar(settings())
    assert not off.ok and not off.problem and "PUBLIC_URL" in off.text
    [on] = _check_calendar(settings(PUBLIC_URL="https://x.example", SLACK_SIGNING_SECRET="s"))
    assert on.ok and "https://x.example/calendar/" in on.text
    [unsigned] = _check_calendar(settings(PUBLIC_URL="https://x.example"))
    assert not unsigned.problem and "CALENDAR_SECRET" in unsigned.text
    [plain] = _check_calendar(settings(PUBLIC_URL="http://x.example", SLACK_SIGNING_SECRET="s"))
    assert not plain.ok and not plain.problem and "HTTPS" in plain.text
