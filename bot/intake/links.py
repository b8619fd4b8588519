"""TikTok post links as Flightdeck accepts them, and the creator's @handle they carry.

A link is shown inside `<url|post>` in Slack messages, so only a canonical link rebuilt from its host
name and path is ever kept: nothing a person typed around it can become markup.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_TIKTOK_HOSTS = ("tiktok.com",)
_SHORT_HOSTS = ("vm.tiktok.com", "vt.tiktok.com")
# Letters, digits and hyphens only: the link is shown inside `<url|post>`, so nothing in it may be mrkdwn.
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z")
_VIDEO_PATH = re.compile(r"^/@[A-Za-z0-9_.]{2,24}/(?:video|photo)/\d{8,25}/?\Z")
_SHORT_PATH = re.compile(r"^/(?:t/)?[A-Za-z0-9]{5,20}/?\Z")
_T_PATH = re.compile(r"^/t/[A-Za-z0-9]{5,20}/?\Z")


def normalise_handle(raw: str) -> str:
    return "@" + raw.strip().lstrip("@")


def tiktok_post_url(raw: str) -> str | None:
    """The canonical link to one TikTok post, or None when `raw` isn't one.

    Accepts the full `/@handle/video/<id>` form and vm./vt./t/ short links. The canonical form is
    rebuilt from the host name and path alone: no user, password, port, query or fragment survives.
    """
    try:
        parts = urlsplit(raw.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    # The network location must be the host name and nothing else: a user, a password or a port
    # (`https://a><!channel><@www.tiktok.com/...`) is how text gets smuggled into a link.
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host or not _HOST.match(host):
        return None
    if not any(host == h or host.endswith("." + h) for h in _TIKTOK_HOSTS):
        return None
    if host in _SHORT_HOSTS:
        valid = bool(_SHORT_PATH.match(parts.path))
    else:
        valid = bool(_VIDEO_PATH.match(parts.path) or _T_PATH.match(parts.path))
    return f"https://{host}{parts.path}" if valid else None


_LINK_HANDLE = re.compile(r"^/@([A-Za-z0-9_.]{2,24})/")


def handle_in_link(raw: str) -> str | None:
    """The creator's @handle a full post link carries (`/@maria.cooks/video/…`); short links carry none."""
    canonical = tiktok_post_url(raw)
    match = _LINK_HANDLE.match(urlsplit(canonical).path) if canonical else None
    return "@" + match[1] if match else None


def is_tiktok_post_url(raw: str) -> bool:
    """A link to one TikTok post: the full `/@handle/video/<id>` form or a vm./vt./t/ short link."""
    return tiktok_post_url(raw) is not None
