"""Calendar feeds under hostile input: `/flights calendar` with any argument, and any path or method
under /calendar/. Never a 5xx, never a feed without its link, at most one link per channel in use."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import replace
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.calendar.serve import calendar_application
from bot.server import wsgi_application
from storage.db import Database
from tests.fuzz.support import DRIVERS, QUIET, Driver, assert_fine, examples, hostile_text
from tests.support import slack_requests as slack
from tests.support.clock import START, FakeClock
from tests.support.databases import sqlite_url
from tests.support.feeds import FEED_LINK, PUBLIC_URL
from tests.support.harness import CHANNEL, OWNER, TEAMMATE, Flightdeck
from tests.support.harness import test_settings as settings_for
from tests.support.slack_emulator import TEAM_ID, SlackEmulator

TOKEN_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(scope="module")
def feed_driver(tmp_path_factory):
    levels = {name: logging.getLogger(name).level for name in QUIET}
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
    emulator = SlackEmulator().start()
    emulator.add_user(OWNER, tz="America/New_York")
    emulator.add_user(TEAMMATE, tz="Europe/Paris")
    url = sqlite_url(tmp_path_factory.mktemp("fuzz-feeds"))
    configured = replace(settings_for(emulator, url), public_url=PUBLIC_URL)
    flightdeck = Flightdeck(emulator, FakeClock(START), Database(url), configured)
    driver = Driver(flightdeck)
    driver.application = wsgi_application(flightdeck.app, calendar=calendar_application(flightdeck.deps, TEAM_ID))
    DRIVERS.append(driver)
    yield driver
    flightdeck.close()
    emulator.stop()
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def get(driver: Driver, path: str, method: str = "GET") -> tuple[int, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "3000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    answer = {}

    def start_response(status: str, _headers, _exc_info=None):
        answer["status"] = int(status.split()[0])

    body = b"".join(driver.application(environ, start_response))
    return answer["status"], body


def active_links(driver: Driver) -> list[tuple[str, str]]:
    with driver.flightdeck.database.engine.connect() as connection:
        query = "SELECT scope, coalesce(user_id, channel_id) FROM calendar_feed WHERE revoked_at IS NULL"
        return [tuple(row) for row in connection.execute(text(query))]


arguments = st.one_of(
    st.sampled_from(["calendar", "calendar new", " CALENDAR ", "calendar  new", "calendar old", "calendarnew"]),
    st.builds(lambda word, rest: f"{word} {rest}", st.sampled_from(["calendar", "calendar new"]), hostile_text),
)
channels = st.one_of(st.sampled_from([CHANNEL, "C0OTHER", "D0DIRECT", "G0PRIVATE", "C" + "X" * 40]), hostile_text)
users = st.one_of(st.sampled_from([OWNER, TEAMMATE, "U0NEWCOMER", "U" + "X" * 40]), hostile_text)


@settings(max_examples=examples(400))
@given(text=arguments, user=users, channel=channels)
def test_flights_calendar_with_any_argument(feed_driver, text, user, channel):
    before = feed_driver.row_counts()
    fields = slack.slash_command(
        "/flights", text, user_id=user, channel_id=channel, response_url=feed_driver.flightdeck.emulator.response_url
    )

    outcome = feed_driver.form(fields)

    assert_fine(outcome)
    assert feed_driver.row_counts() == before  # flights, reminders and events: untouched
    links = active_links(feed_driver)
    assert len(links) == len(set(links)), "one link in use per channel"
    for call in outcome.calls:
        for link in FEED_LINK.findall(str(call.args.get("text", ""))):
            status, body = get(feed_driver, link.removeprefix(PUBLIC_URL))
            assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


paths = st.one_of(
    st.text(max_size=80).map(lambda tail: "/calendar/" + tail),
    st.text(alphabet=TOKEN_CHARACTERS, min_size=40, max_size=56).map(lambda token: f"/calendar/{token}.ics"),
    st.text(alphabet=TOKEN_CHARACTERS, min_size=48, max_size=48).map(lambda token: f"/calendar/{token}.ics"),
    st.builds(lambda a, b: f"/calendar/{a}.ics{b}", st.text(TOKEN_CHARACTERS, min_size=48, max_size=48), st.text()),
    st.text(max_size=40).map(lambda tail: "/calendar/" + quote(tail)),
    st.sampled_from(["/calendar", "/calendar/", "/calendar/.ics", "/calendar/%00.ics", "/calendar/../slack/events"]),
)
methods = st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PROPFIND", "", "get"])


@settings(max_examples=examples(1500))
@given(path=paths, method=methods)
def test_any_path_under_calendar_answers_without_a_5xx_and_reads_nothing(feed_driver, path, method):
    status, body = get(feed_driver, path, method)

    assert status < 500, (path, method, status)
    assert status in (404, 405), (path, method, status)  # no guessed link opens a feed
    assert b"VCALENDAR" not in body
    assert not re.search(rb"[A-Za-z0-9_-]{16}", body)


home_users = st.one_of(
    st.sampled_from([OWNER, TEAMMATE, "U0NEWCOMER", "W0" + "X" * 40, "U0X> <!channel"]), hostile_text
)


@settings(max_examples=examples(300))
@given(
    user=home_users,
    value=st.one_of(st.just("person"), hostile_text),
    block_id=st.one_of(st.just("home_calendar_actions"), hostile_text),
)
def test_new_link_pressed_by_anyone_with_any_value(feed_driver, user, value, block_id):
    before = feed_driver.row_counts()
    button = {"action_id": "home_new_calendar_link", "text": {"type": "plain_text", "text": "New link"}, "value": value}
    home = {"id": "V0HOME", "type": "home", "blocks": [], "hash": "1"}
    payload = slack.view_block_actions(home, {}, slack.button_action(button, block_id), user_id=user)

    outcome = feed_driver.interaction(payload)

    assert_fine(outcome)
    assert feed_driver.row_counts() == before
    links = active_links(feed_driver)
    assert len(links) == len(set(links)), "one link in use per person"
    for call in outcome.calls:
        if call.method == "views.publish":
            assert call.args["user_id"] == user
            for link in FEED_LINK.findall(str(call.args.get("view"))):
                assert get(feed_driver, link.removeprefix(PUBLIC_URL))[0] == 200
