"""Feed links: unguessable tokens, compared in constant time."""

import re

import pytest

from bot.calendar.tokens import feed_token, token_digest, tokens_match


def test_tokens_are_long_url_safe_and_new_each_time():
    tokens = {feed_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)


@pytest.mark.parametrize(
    ("presented", "matches"),
    [
        ("abc123", True),
        ("abc124", False),
        ("abc12", False),
        ("abc1234", False),
        ("ABC123", False),
        ("", False),
        (None, False),
        ("abc12é", False),  # non-ASCII is compared, not an error
    ],
)
def test_tokens_match(presented, matches):
    assert tokens_match(presented, "abc123") is matches


def test_the_stored_digest_is_not_the_token():
    token = feed_token()
    digest = token_digest(token)
    assert token not in digest
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert token_digest(token) == digest
    assert token_digest(feed_token()) != digest
    assert tokens_match(token_digest(token), digest)
