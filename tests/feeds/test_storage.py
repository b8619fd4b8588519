"""storage/feeds.py on both databases: whose flights a feed reads, links made and revoked, no lock taken."""

from __future__ import annotations

import threading
from datetime import timedelta

from storage.feeds import (
    FeedScope,
    FeedSubject,
    active_feed,
    aware,
    create_feed,
    feed_by_lookup,
    feed_flights,
    reading,
    revoke_feeds,
)
from tests.support.factories import NOW, OTHER_TEAM, TEAM, add_campaign, authorization

OWNER, OTHER = "U0OWNER", "U0OTHER"
PERSON = FeedSubject(FeedScope.PERSON, OWNER)
CHANNEL = FeedSubject(FeedScope.CHANNEL, "C0GLOWCO")


def test_a_persons_feed_reads_what_they_own_or_recorded_not_cancelled_nor_another_workspaces(database):
    owned = add_campaign(database, channel_id="C0GLOWCO", authorizations=[authorization(NOW + timedelta(days=3))])
    recorded = add_campaign(database, owner_id=OTHER, start_at=NOW - timedelta(days=1), channel_id="C0ELSE")
    add_campaign(database, status="cancelled")
    theirs = add_campaign(database, owner_id=OTHER, created_by=OTHER, updated_by=OTHER, channel_id="C0GLOWCO")
    add_campaign(database, OTHER_TEAM)

    with reading(database) as session:
        mine = feed_flights(session, TEAM, PERSON)
        channel = feed_flights(session, TEAM, CHANNEL)

    assert [row.id for row in mine] == [recorded.id, owned.id]  # by start
    [code] = mine[1].codes
    assert aware(code.expires_at) == NOW + timedelta(days=3) and code.ad_account_id == "7001"
    assert mine[0].codes == ()
    assert aware(mine[1].start_at) == NOW and mine[1].owner_tz == "America/New_York"
    assert [row.id for row in channel] == [owned.id, theirs.id]


def test_a_flight_with_several_codes_is_one_row(database):
    add_campaign(
        database,
        authorizations=[authorization(NOW + timedelta(days=5), "7002"), authorization(NOW + timedelta(days=2))],
    )
    with reading(database) as session:
        [row] = feed_flights(session, TEAM, PERSON)
    assert [code.ad_account_id for code in row.codes] == ["7001", "7002"]  # soonest expiry first


def test_links_are_made_found_and_revoked_per_subject_and_workspace(database):
    with database.transaction() as session:
        first = create_feed(session, TEAM, PERSON, lookup="a" * 16, name="mine", by=OWNER, now=NOW)
        create_feed(session, TEAM, CHANNEL, lookup="b" * 16, name="#glowco", by=OWNER, now=NOW)
    with database.transaction() as session:
        assert active_feed(session, TEAM, PERSON).id == first.id
        assert active_feed(session, OTHER_TEAM, PERSON) is None
        assert feed_by_lookup(session, OTHER_TEAM, "a" * 16) is None
        assert revoke_feeds(session, TEAM, PERSON, now=NOW) == 1
    with database.transaction() as session:
        assert active_feed(session, TEAM, PERSON) is None
        assert feed_by_lookup(session, TEAM, "a" * 16) is None
        assert feed_by_lookup(session, TEAM, "b" * 16).channel_id == "C0GLOWCO"


def test_reading_a_feed_holds_no_lock_a_write_would_wait_for(database):
    add_campaign(database)
    written = threading.Event()
    with reading(database) as session:
        feed_flights(session, TEAM, PERSON)

        def write() -> None:
            add_campaign(database, client="Meanwhile")
            written.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert written.wait(3), "a write waited for the feed's read"
        feed_flights(session, TEAM, PERSON)
    writer.join()
