"""The digest's messages: within Slack's limits however many clients and flights, every line once."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.digest import DigestCode, DigestFlight, weekly_digest
from bot.core.vocabulary import Tool
from bot.digest.blocks import MAX_BLOCKS, MESSAGE_CHARS, SECTION_CHARS, client_lines, digest_parts
from bot.slack.text import escape

# The creator's handle as the messages show it: escaped, so it neither links nor pings.
MARIA = escape("@maria.cooks")

NOW = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)
NY = "America/New_York"


def flight(number: int, client: str, handle: str, *, code: bool = True) -> DigestFlight:
    start = NOW - timedelta(days=10)
    return DigestFlight(
        id=number,
        client=client,
        title=handle,
        owner_id="U0OWNER",
        start_at=start,
        end_at=NOW + timedelta(days=2, hours=number % 24),
        timezone=NY,
        codes=(DigestCode(number, f"70{number:017d}", NOW + timedelta(days=1)),) if code else (),
        thread_url=f"https://acme-agency.slack.com/archives/C0GLOWCO/p1800000000{number:06d}",
    )


def section_texts(part) -> list[str]:
    return [block["text"]["text"] for block in part.blocks if block["type"] == "section"]


def check(parts) -> None:
    for part in parts:
        assert len(part.blocks) <= MAX_BLOCKS
        assert all(len(text) <= 3000 for text in section_texts(part))
        assert sum(len(text) for text in section_texts(part)) <= MESSAGE_CHARS + 300


def test_two_hundred_small_clients_fill_parts_up_to_fifty_blocks():
    flights = [flight(n, f"Client {n:03d}", f"@c{n}", code=False) for n in range(200)]
    parts = digest_parts(weekly_digest(flights, NOW, NY), NY, owners=True, heading="Weekly digest")

    check(parts)
    assert len(parts) > 1 and max(len(part.blocks) for part in parts) == MAX_BLOCKS
    assert [p.blocks[0]["elements"][0]["text"] for p in parts[1:]] == [
        f"Part {n} of {len(parts)}" for n in range(2, len(parts) + 1)
    ]


def test_one_client_with_hundreds_of_flights_continues_across_sections_and_parts():
    flights = [flight(n, "GlowCo", f"@creator.{n:04d}") for n in range(400)]
    parts = digest_parts(weekly_digest(flights, NOW, NY), NY, owners=True, heading="Weekly digest")

    check(parts)
    texts = [text for part in parts for text in section_texts(part)][1:]
    assert texts[0].startswith("*GlowCo*\n")
    assert all(text.startswith("*GlowCo* (continued)\n") for text in texts[1:])


@settings(max_examples=60, deadline=None)
@given(
    clients=st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=30),
    handles=st.lists(st.text(min_size=1, max_size=32), min_size=1, max_size=120),
)
def test_any_clients_and_handles_give_parts_within_limits_with_every_line_once(clients, handles):
    flights = [flight(n, clients[n % len(clients)], handle) for n, handle in enumerate(handles)]
    digest = weekly_digest(flights, NOW, NY)
    parts = digest_parts(digest, NY, owners=True, heading="Weekly digest")

    check(parts)
    shown = "\n".join(text for part in parts for text in section_texts(part))
    for client in digest.clients:
        for line in client_lines(client, NY):
            assert len(line) <= SECTION_CHARS
            assert line in shown
    # What a person typed never becomes markup: no `<` but the bot's own links, mentions and dates.
    assert "<" not in shown.replace("<https://acme-agency.slack.com/", "").replace("<@U0OWNER>", "").replace(
        "<!date^", ""
    )


def test_each_owner_is_mentioned_once_in_the_channel_digest_and_not_in_a_dm():
    two = [flight(n, f"Client {n % 3}", "@maria.cooks") for n in range(6)]
    theirs = replace(flight(7, "Client 0", "@other"), owner_id="U0TEAMMATE")
    digest = weekly_digest([*two, theirs], NOW, NY)

    [channel] = digest_parts(digest, NY, owners=True, heading="Weekly digest")
    text = json.dumps(channel.blocks)
    assert text.count("<@U0OWNER>") == 1 and text.count("<@U0TEAMMATE>") == 1
    assert "Owners with something here: <@U0OWNER>, <@U0TEAMMATE>" in text
    assert all("<@" not in line for part in [channel] for line in section_texts(part))
    [dm] = digest_parts(digest, NY, owners=False, heading="Your weekly digest")
    assert "<@" not in json.dumps(dm.blocks)


def test_two_flights_of_one_creator_and_client_read_apart_by_tool_and_days():
    spark = replace(flight(1, "GlowCo", "@maria.cooks"), tool=Tool.SPARK)
    promote = replace(
        flight(2, "GlowCo", "@maria.cooks", code=False),
        tool=Tool.PROMOTE,
        start_at=NOW - timedelta(days=3),
    )
    [client] = weekly_digest([spark, promote], NOW, NY).clients
    lines = client_lines(client, NY)
    # Monday 30 November 14:30 UTC less ten days is Friday 20 November in New York.
    assert any(f"|{MARIA}> (Spark Ads, Fri 20 Nov → Wed 2 Dec) · last day Wed 2 Dec" in line for line in lines)
    assert any(f"|{MARIA}> (Promote, Fri 27 Nov → Wed 2 Dec) · last day Wed 2 Dec" in line for line in lines)


def test_the_minimum_said_is_the_configured_one_and_a_moved_digest_says_from_which_day():
    short = replace(flight(1, "GlowCo", "@maria.cooks", code=False), start_at=NOW - timedelta(days=1))
    digest = weekly_digest([short], NOW, NY, minimum_days=7, moved_from=date(2026, 11, 28))

    [part] = digest_parts(digest, NY, owners=True, heading="Weekly digest")
    text = json.dumps(part.blocks, ensure_ascii=False)
    assert "4 days, under the 7-day minimum" in text
    assert "Moved from Saturday 28 Nov, a day off: the digest waits for a working day." in text
