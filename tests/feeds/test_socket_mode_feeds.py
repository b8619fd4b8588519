"""In Socket Mode Slack needs no HTTP server, but calendars do: with PUBLIC_URL the bot still serves feeds."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from icalendar import Calendar

from tests.support.bot_process import BotProcess
from tests.support.feeds import FEED_LINK, PUBLIC_URL
from tests.support.harness import CHANNEL, OWNER
from tests.support.slack_emulator import TEAM_ID
from tests.support.slack_requests import slash_command
from tests.support.socket_mode import SocketModeServer

pytestmark = pytest.mark.slow


@pytest.fixture
def socket_server():
    server = SocketModeServer()
    yield server
    server.close()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_socket_mode_serves_the_channels_feed(emulator, socket_server, tmp_path):
    emulator.socket_url = socket_server.url
    env = {"SLACK_APP_TOKEN": emulator.app_token, "PUBLIC_URL": PUBLIC_URL}
    bot = BotProcess(emulator, f"sqlite:///{tmp_path}/flightdeck.db", tmp_path, env=env, command="run")
    with bot:
        bot.start()
        socket_server.wait_connected()
        assert bot.healthy()
        base = f"http://127.0.0.1:{bot.port}"

        command = slash_command(
            "/flights",
            "calendar",
            user_id=OWNER,
            channel_id=CHANNEL,
            team_id=TEAM_ID,
            response_url=emulator.response_url,
        )
        socket_server.wait_ack(socket_server.push("slash_commands", command))
        [reply] = emulator.wait_for(lambda: emulator.attempts_of("response_url"), timeout=15)
        [link] = FEED_LINK.findall(reply.args["text"])

        with urllib.request.urlopen(base + link.removeprefix(PUBLIC_URL), timeout=5) as response:
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
            calendar = Calendar.from_ical(response.read())
        assert str(calendar["x-wr-calname"]).startswith("Flightdeck")
        # Only feeds: Slack's events come over the socket, not here.
        assert status_of(base + "/slack/events") == 404
        assert status_of(base + "/calendar/" + "A" * 48 + ".ics") == 404
        token = link.rsplit("/", 1)[-1].removesuffix(".ics")
    assert token[:8] not in bot.log()
