"""`python -m bot` runs over Socket Mode when SLACK_APP_TOKEN is set: the Procfile's worker."""

import json

import pytest

from tests.support.bot_process import BotProcess
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


def test_with_an_app_token_the_bot_connects_over_socket_mode_and_serves_intake(emulator, socket_server, tmp_path):
    emulator.socket_url = socket_server.url
    env = {"SLACK_APP_TOKEN": emulator.app_token}
    bot = BotProcess(emulator, f"sqlite:///{tmp_path}/flightdeck.db", tmp_path, env=env, command="run")
    with bot:
        bot.start()
        socket_server.wait_connected()
        assert not bot.healthy(timeout=0.5)  # no HTTP server in Socket Mode

        command = slash_command("/intake", "", user_id=OWNER, channel_id=CHANNEL, team_id=TEAM_ID)
        envelope = socket_server.push("slash_commands", command)

        assert socket_server.wait_ack(envelope)["envelope_id"] == envelope
        [opened] = emulator.wait_for_calls("views.open")
        view = opened.args["view"]
        view = json.loads(view) if isinstance(view, str) else view
        assert view["callback_id"] == "intake"
        assert opened.args["trigger_id"] == command["trigger_id"]
        [connect] = emulator.attempts_of("apps.connections.open")
        assert connect.answer["ok"]


def test_a_rejected_app_token_is_said_in_plain_words(emulator, tmp_path):
    env = {"SLACK_APP_TOKEN": "xapp-wrong"}
    bot = BotProcess(emulator, f"sqlite:///{tmp_path}/flightdeck.db", tmp_path, env=env, command="run")
    with bot:
        bot.spawn()
        assert bot.process.wait(timeout=30) == 2
        log = bot.current_log()
        assert "Slack refused the app-level token" in log
        assert "Traceback" not in log
        assert "xapp-wrong" not in log
