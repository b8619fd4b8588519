"""`GET /calendar/<token>.ics`: a feed, to whoever holds its link, and nothing to anyone else.

Served by the bot's own HTTP server in both modes (bot/server.py). Any path that isn't a live link
answers the same bare 404, so a guess learns nothing: not whether a link existed, nor whose it was.
Tokens are never logged; a few leading characters at most.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy.exc import SQLAlchemyError

from bot.calendar.feed import EventCache, PromoteTests, promote_tests_of, read_feed, render_feed
from bot.calendar.ics import CONTENT_TYPE
from bot.calendar.links import FEED_PATH_PREFIX
from bot.calendar.tokens import lookup_of
from bot.deps import Deps
from storage.feeds import feed_by_lookup, reading

log = logging.getLogger(__name__)

_FEED_PATH = re.compile(re.escape(FEED_PATH_PREFIX) + r"([A-Za-z0-9_-]{48})\.ics")
# Private: the link is a secret, so no shared cache keeps a copy. Calendar apps poll on their own
# schedule; a few minutes spares the database a burst of refreshes.
CACHE_CONTROL = "private, max-age=300"
_FEED_HEADERS = [
    ("Cache-Control", CACHE_CONTROL),
    ("Content-Disposition", 'inline; filename="flightdeck.ics"'),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Robots-Tag", "noindex"),
    ("Referrer-Policy", "no-referrer"),
]


def calendar_application(
    deps: Deps, team_id: str, *, workspace_url: str | None = None, promote_tests: PromoteTests | None = None
) -> Callable:
    """The WSGI application for paths under /calendar/ (bot/server.py routes them here)."""
    cache = EventCache()
    # The tests' ends link to the test's message, on the workspace's address like the flights' events.
    promote_tests = promote_tests or partial(promote_tests_of, workspace_url=workspace_url)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "method not allowed", [("Allow", "GET, HEAD")])
        match = _FEED_PATH.fullmatch(environ.get("PATH_INFO") or "")
        lookup = lookup_of(match[1], deps.settings.feed_key) if match else None
        if lookup is None:
            return _not_found(start_response)
        try:
            # Outside any transaction: on SQLite a transaction holds the write lock, and a feed seen
            # for the first time takes a while to serialise.
            with reading(deps.database) as session:
                feed = feed_by_lookup(session, team_id, lookup)
                contents = None if feed is None else read_feed(session, feed, promote_tests)
        except SQLAlchemyError as error:
            log.warning("Couldn't read a calendar feed (%s…): %s", lookup[:4], type(error).__name__)
            return _plain(start_response, "503 Service Unavailable", "try again later", [("Retry-After", "60")])
        if contents is None:
            log.info("Refused a calendar link that was replaced or never made (%s…)", lookup[:4])
            return _not_found(start_response)
        rendered = render_feed(
            contents, now=deps.clock.now(), schedule=deps.settings.schedule, cache=cache, workspace_url=workspace_url
        )
        body, etag = rendered.body, rendered.etag
        # Each flight's events are kept with their DTSTAMP, so an unchanged feed is the same bytes: a
        # calendar asking again with the ETag it holds gets a 304 and nothing to parse.
        if etag in (environ.get("HTTP_IF_NONE_MATCH") or ""):
            start_response("304 Not Modified", [("ETag", etag), *_FEED_HEADERS])
            return []
        log.debug("Served calendar feed %s… (%d flights)", lookup[:4], len(contents.rows))
        headers = [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body))), ("ETag", etag), *_FEED_HEADERS]
        start_response("200 OK", headers)
        return [] if method == "HEAD" else [body]

    return application


def _not_found(start_response: Callable) -> Iterable[bytes]:
    return _plain(start_response, "404 Not Found", "not found", [("Cache-Control", "no-store")])


def _plain(start_response: Callable, status: str, text: str, extra: list[tuple[str, str]]) -> Iterable[bytes]:
    body = f"{text}\n".encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))), *extra])
    return [body]
