"""The weekly review's buttons and a reminder moved off a day off, pressed with any value by anyone.

Its own app, with the review and working days on: a long flight is recorded the real way under a
client name made of markup, and its reminders are sent up to its first review (the minimum-flight
one moved from Saturday to Monday). A refused press writes nothing; none answers 5xx or echoes markup.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.policy import ReminderSchedule
from bot.core.working_days import WorkingWeek
from storage.db import Database
from tests.fuzz.support import QUIET, Driver, assert_fine, examples, hostile_text
from tests.support import harness
from tests.support import slack_requests as slack
from tests.support.clock import START, FakeClock
from tests.support.databases import sqlite_url
from tests.support.flights import record_flight, run_at
from tests.support.harness import ADMIN, OWNER, TEAMMATE, Flightdeck
from tests.support.slack_emulator import SlackEmulator

HOSTILE_CLIENT = "<!channel> <https://evil.example|review> *INJECTED* @INJECTED.x"
ACTIONS = ["done", "snooze_hour", "snooze_morning", "end_flight", "summary_pulled", "extend_flight"]
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, ADMIN, "U0X> <!channel"]), hostile_text)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    levels = {name: logging.getLogger(name).level for name in QUIET}
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    emulator = SlackEmulator().start()
    emulator.add_user(OWNER, tz="America/New_York")
    emulator.add_user(TEAMMATE, tz="Europe/Paris")
    emulator.add_user(ADMIN, tz="Europe/Helsinki", is_admin=True)
    url = sqlite_url(tmp_path_factory.mktemp("fuzz-review"))
    schedule = ReminderSchedule(working_week=WorkingWeek())
    settings_ = replace(harness.test_settings(emulator, url), schedule=schedule)
    flightdeck = Flightdeck(emulator, FakeClock(START), Database(url), settings_)
    driver = Driver(flightdeck)
    record_flight(flightdeck, client=HOSTILE_CLIENT, last_day=date(2026, 12, 20))
    run_at(flightdeck, datetime(2026, 11, 30, 14, 30, tzinfo=UTC))  # Monday: the moved reminder and the review
    sent = [
        (copy.deepcopy(message), channel)
        for (channel, _ts), message in emulator.messages.items()
        if any(block.get("type") == "actions" for block in message.get("blocks", []))
    ]
    texts = " ".join(str(message["blocks"]) for message, _ in sent)
    assert "Review the creative" in texts and "Moved from Saturday" in texts
    yield driver, sent
    flightdeck.close()
    emulator.stop()
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@st.composite
def presses(draw, sent):
    message, channel = draw(st.sampled_from(sent))
    message = copy.deepcopy(message)
    block = draw(st.sampled_from([b for b in message["blocks"] if b.get("type") == "actions"]))
    element = draw(st.sampled_from(block["elements"]))
    action = {
        "action_id": draw(st.one_of(st.just(element["action_id"]), st.sampled_from(ACTIONS))),
        "block_id": draw(st.one_of(st.just(block["block_id"]), hostile_text)),
        "type": "button",
        "value": draw(st.one_of(st.just(element["value"]), st.integers().map(str), hostile_text)),
        "action_ts": "1.1",
    }
    if draw(st.booleans()):
        message["blocks"] = [{"type": "section", "text": {"type": "mrkdwn", "text": draw(hostile_text)}}]
    return message, channel, action


@settings(max_examples=examples(300))
@given(data=st.data(), user=users)
def test_any_press_on_a_review_or_a_moved_reminder(reviewed, data, user):
    driver, sent = reviewed
    message, channel, action = data.draw(presses(sent))
    before = driver.row_counts()

    outcome = driver.interaction(slack.message_block_actions(message, channel, action, user_id=user))

    assert_fine(outcome)
    if outcome.status >= 400:
        assert driver.row_counts() == before
