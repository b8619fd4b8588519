"""Making, finding and replacing feed links: `https://<PUBLIC_URL>/calendar/<token>.ics`.

A subject (a person, a channel) has one link at a time. It is made the first time it's asked for,
shown the same every time after (the token is rebuilt from the row's lookup id and the key), and
replaced only on request ("New link"), which revokes the old one at once.
"""

from __future__ import annotations

from bot.calendar.tokens import feed_lookup, signed_token
from bot.deps import Deps
from bot.slack.calendar_link import FeedLink
from bot.slack.text import CHANNEL_ID, USER_ID
from storage.feeds import FeedScope, FeedSubject, active_feed, create_feed, revoke_feeds

FEED_PATH_PREFIX = "/calendar/"

NEEDS_PUBLIC_URL = (
    "Calendar links aren't turned on yet: whoever installed Flightdeck gives it its public address "
    "(the `PUBLIC_URL` setting, in the README), then your link shows here."
)
NOT_A_SUBJECT = "Calendar feeds are for a channel or a person of this workspace."
# The columns' width: Slack's ids are far shorter.
MAX_ID_LENGTH = 32
NEEDS_SECRET = (
    "Calendar feeds need a secret to sign their links: whoever runs Flightdeck sets `CALENDAR_SECRET` "
    "(see the README), then the link shows here."
)


def feed_url(public_url: str, key: str, lookup: str) -> str:
    return f"{public_url}{FEED_PATH_PREFIX}{signed_token(key, lookup)}.ics"


def feed_link(
    deps: Deps,
    team_id: str,
    *,
    user_id: str | None = None,
    channel_id: str | None = None,
    by: str,
    name: str,
    new: bool = False,
) -> FeedLink:
    """The link to a person's feed (`user_id`) or a channel's (`channel_id`), made if there is none.

    `new` revokes the link in use and makes another. Without PUBLIC_URL (or a key) there is no link,
    and the FeedLink says what is missing instead of showing one that can't work.
    """
    settings = deps.settings
    if not settings.public_url:
        return FeedLink(unavailable=NEEDS_PUBLIC_URL)
    if not settings.feed_key:
        return FeedLink(unavailable=NEEDS_SECRET)
    if user_id is not None and USER_ID.match(user_id):
        subject = FeedSubject(FeedScope.PERSON, user_id)
    elif user_id is None and channel_id is not None and CHANNEL_ID.match(channel_id):
        subject = FeedSubject(FeedScope.CHANNEL, channel_id)
    else:
        return FeedLink(unavailable=NOT_A_SUBJECT)
    if len(subject.id) > MAX_ID_LENGTH or len(by) > MAX_ID_LENGTH:
        return FeedLink(unavailable=NOT_A_SUBJECT)
    now = deps.clock.now()
    with deps.database.transaction() as session:
        replaced = bool(new and revoke_feeds(session, team_id, subject, now=now))
        feed = None if new else active_feed(session, team_id, subject)
        if feed is None:
            feed = create_feed(session, team_id, subject, lookup=feed_lookup(), name=name, by=by, now=now)
        lookup = feed.lookup
    return FeedLink(url=feed_url(settings.public_url, settings.feed_key, lookup), replaced=replaced)
