"""A Promote test recorded from the intake (docs/domain.md): one flight per candidate post, linked as one test."""

from __future__ import annotations

import pytest

from tests.support.flights import events, record_flight
from tests.support.harness import CHANNEL, OWNER
from tests.support.intake import POST, spark_view
from tests.support.modal import block, block_ids
from tests.support.promote_tests import ANSWERS, SECOND, THIRD, candidates, promote_intake, record_test, recorded_tests


def test_a_promote_intake_offers_a_test_and_a_spark_intake_does_not(flightdeck):
    view = promote_intake(flightdeck)

    posts = block(view, "promote_test_posts")
    assert posts["optional"] is True and posts["element"]["multiline"] is True
    assert "One TikTok link per line" in posts["hint"]["text"]
    # No test open in the channel yet: nothing to join.
    assert "promote_test_join" not in block_ids(view)
    assert "promote_test_posts" not in block_ids(spark_view(flightdeck))


def test_one_intake_records_three_candidates_as_one_test(flightdeck_any):
    flightdeck = flightdeck_any

    test = record_test(flightdeck)

    flights = candidates(flightdeck, test)
    assert [c.post_url for c in flights] == [POST, SECOND, THIRD.split("?")[0]]
    # Each post's own creator, read from its link.
    assert [c.creator_handle for c in flights] == ["@maria.cooks", "@maria.cooks", "@sam.bakes"]
    assert {(c.tool, c.client, c.objective, c.channel_id, c.owner_id) for c in flights} == {
        ("promote", "GlowCo", "Profile visits", CHANNEL, OWNER)
    }
    assert (test.client, test.objective, test.channel_id, test.status) == ("GlowCo", "Profile visits", CHANNEL, "open")
    assert all("promote_test.created" in [e.action for e in events(flightdeck, c)] for c in flights)
    # Each has its own summary message and thread.
    assert len({c.message_ts for c in flights}) == 3


def test_a_resubmitted_test_is_recorded_once(flightdeck):
    view = promote_intake(flightdeck)
    filled = {**ANSWERS, "promote_test_posts": f"{SECOND}\n{THIRD}"}

    assert flightdeck.submit(view, filled).body == ""
    assert flightdeck.submit(view, filled).body == ""

    flightdeck.emulator.wait_for(lambda: len([c for c in flightdeck.campaigns() if c.message_ts]) == 3)
    assert len(recorded_tests(flightdeck)) == 1
    assert len(flightdeck.campaigns()) == 3


@pytest.mark.parametrize(
    "posts, error",
    [
        ("not a link", "This isn't a TikTok post link"),
        (f"{SECOND}\nhttps://example.com/@a/video/12345678", "Line 2 isn't a TikTok post link"),
        (POST, "This is the same post as the post above"),
        (f"{SECOND}\n{SECOND}?lang=en", "Line 2 is the same post as line 1"),
        ("\n".join(f"https://www.tiktok.com/@maria.cooks/video/730123456789012{n:04}" for n in range(6)), "at most 6"),
        ("https://www.tiktok.com/@maria.cooks/video/7301234567890123457\ud800", "character Slack can't show"),
    ],
)
def test_bad_candidate_lines_are_inline_errors_and_nothing_is_recorded(flightdeck, posts, error):
    view = promote_intake(flightdeck)

    reply = flightdeck.submit(view, {**ANSWERS, "promote_test_posts": posts})

    assert reply.json()["response_action"] == "errors"
    assert error in reply.json()["errors"]["promote_test_posts"]
    assert flightdeck.campaigns() == [] and recorded_tests(flightdeck) == []


def test_a_later_flight_joins_the_channels_open_test(flightdeck):
    test = record_test(flightdeck, posts=(SECOND,))
    fourth = "https://www.tiktok.com/@maria.cooks/video/7301234567890123459"

    view = promote_intake(flightdeck, post_url=fourth)
    option = block(view, "promote_test_join")["element"]["options"][0]
    assert (option["text"]["text"], option["value"]) == ("GlowCo · Profile visits · 2 posts", str(test.id))
    assert flightdeck.submit(view, {**ANSWERS, "post_url": fourth, "promote_test_join": str(test.id)}).body == ""

    flightdeck.emulator.wait_for(lambda: len(candidates(flightdeck, test)) == 3)
    assert candidates(flightdeck, test)[-1].post_url == fourth
    assert "promote_test.joined" in [e.action for e in events(flightdeck, candidates(flightdeck, test)[-1])]


def test_joining_a_test_of_another_client_or_with_posts_of_its_own_is_refused(flightdeck):
    test = record_test(flightdeck, posts=(SECOND,))
    fourth = "https://www.tiktok.com/@maria.cooks/video/7301234567890123459"
    view = promote_intake(flightdeck, post_url=fourth)

    other_client = flightdeck.submit(
        view, {**ANSWERS, "post_url": fourth, "client": "Sunly", "promote_test_join": str(test.id)}
    )
    both = flightdeck.submit(
        view, {**ANSWERS, "post_url": fourth, "promote_test_join": str(test.id), "promote_test_posts": THIRD}
    )

    assert "compares posts of GlowCo" in other_client.json()["errors"]["promote_test_join"]
    assert "Either list other posts" in both.json()["errors"]["promote_test_join"]
    assert len(flightdeck.campaigns()) == 2


def test_a_plain_promote_flight_belongs_to_no_test(flightdeck):
    record_flight(flightdeck)

    assert recorded_tests(flightdeck) == []
