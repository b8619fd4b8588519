"""Feed links people can't guess: a random token per feed, checked in constant time.

Store the token's digest, not the token: a leaked table then opens no calendar. Revoking a link is
deleting (or replacing) its row.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32


def feed_token() -> str:
    """A new URL-safe token: 32 random bytes, 43 characters."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """What to store and look up: SHA-256 of the token, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_match(presented: str | None, expected: str) -> bool:
    """Whether the token in a request is the expected one, in time that doesn't depend on where they differ."""
    if presented is None:
        return False
    return hmac.compare_digest(presented.encode("utf-8"), expected.encode("utf-8"))
