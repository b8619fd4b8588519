"""Feed links people can't guess: a random token per feed, checked in constant time.

Store the token's digest, not the token: a leaked table then opens no calendar. Revoking a link is
deleting (or replacing) its row.

The App Home shows a person's link every time it opens, so the link must be rebuilt from what is
stored without the table holding it: a link is a random lookup id (stored) followed by its HMAC
under a secret key the database never sees (`signed_token`). A leaked table gives lookup ids only;
without the key they open nothing. Changing the key replaces every link at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
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


LOOKUP_BYTES = 12  # 16 characters: what the row stores, to find the link's feed
MAC_BYTES = 24  # 32 characters: what proves the key made the link
LOOKUP_LENGTH = 16
SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_-]{48}")
_CONTEXT = b"flightdeck calendar feed\x00"


def feed_lookup() -> str:
    """A new random lookup id for a feed row."""
    return secrets.token_urlsafe(LOOKUP_BYTES)


def signed_token(key: str, lookup: str) -> str:
    """The link's token: the lookup id, then its HMAC-SHA256 under `key` (48 URL-safe characters)."""
    return lookup + _mac(key, lookup)


def lookup_of(token: str, key: str) -> str | None:
    """The lookup id of a token the key made; None for anything else, in time that doesn't say why."""
    if not key or not SIGNED_TOKEN.fullmatch(token):
        return None
    lookup, mac = token[:LOOKUP_LENGTH], token[LOOKUP_LENGTH:]
    return lookup if tokens_match(mac, _mac(key, lookup)) else None


def _mac(key: str, lookup: str) -> str:
    digest = hmac.new(key.encode("utf-8"), _CONTEXT + lookup.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:MAC_BYTES]).decode("ascii")
