"""Slack takes about one message a second per channel: the dispatcher keeps to it, channel by channel.

A channel's next turn counts from Slack's answer to its last message, so however long a call takes,
two messages never reach Slack less than the interval apart.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from bot.reminders.pacing import Pacer
from tests.support.flights import record_flight, reminder, run_at
from tests.support.harness import CHANNEL

T0 = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def test_the_pacer_gives_a_channel_its_next_turn_an_interval_after_its_last_message():
    pacer = Pacer(1.0)

    assert pacer.ready_at("C1", T0) == T0
    pacer.sent("C1", T0)
    assert pacer.ready_at("C1", T0) == T0 + SECOND
    assert pacer.ready_at("C2", T0) == T0
    pacer.pause("C1", 30, T0)  # Slack said 429, Retry-After 30
    assert pacer.ready_at("C1", T0) == T0 + 30 * SECOND
    pacer.forget_before(T0 + 31 * SECOND)
    assert pacer.ready_at("C1", T0 + 31 * SECOND) == T0 + 31 * SECOND


def test_messages_to_one_channel_arrive_an_interval_apart_counted_from_slacks_answer(flightdeck):
    flights = [record_flight(flightdeck, client=f"Client {n}") for n in range(3)]
    elsewhere = record_flight(flightdeck, client="Elsewhere", channel="C0ELSEWHERE")
    arrivals: list[tuple[str, datetime]] = []

    def slow_slack(method, args):
        # Each reminder takes Slack 0.4 s to answer, on the clock the dispatcher reads.
        if method == "chat.postMessage" and args.get("blocks"):
            arrivals.append((args["channel"], flightdeck.clock.now()))
            flightdeck.clock.advance(seconds=0.4)

    flightdeck.emulator.on_call = slow_slack
    due = reminder(flightdeck, flights[0], "flight.hold").due_at
    assert all(reminder(flightdeck, f, "flight.hold").due_at == due for f in [*flights, elsewhere])

    report = run_at(flightdeck, due)

    assert report.sent == 4 and report.rate_limited == 0
    here = [at for channel, at in arrivals if channel == CHANNEL]
    assert len(here) == 3
    for earlier, later in itertools.pairwise(here):
        assert later - earlier >= SECOND + timedelta(seconds=0.4)  # a second after the answer
        assert later - earlier < SECOND + timedelta(seconds=0.5)  # and no idling beyond it
    # The other channel doesn't wait for this one's turns.
    [(_, other)] = [(c, at) for c, at in arrivals if c == "C0ELSEWHERE"]
    assert other - here[0] <= timedelta(seconds=0.4)
