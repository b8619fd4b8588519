"""The real Flightdeck app, served over HTTP on a free port, wired to the Slack emulator.

Tests act as Slack does (signed requests to /slack/events) and as a person does (filling the
modal the emulator received), then read what the app said back through the emulator's log.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlmodel import func, select
from waitress import create_server

from bot.app import build_app
from bot.calendar.serve import calendar_application
from bot.config import DispatchSettings, Settings
from bot.core.policy import ReminderSchedule
from bot.reminders.dispatcher import Dispatcher
from bot.runtime import installation_of
from bot.server import wsgi_application
from bot.slack.api import web_client
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Authorization, Campaign, Event, Reminder
from tests.support import slack_requests as slack
from tests.support.clock import FakeClock
from tests.support.modal import action_for, state_values
from tests.support.slack_emulator import TEAM_ID, SlackEmulator
from tests.support.slack_requests import Reply, SlackSender

SIGNING_SECRET = "8f742231b10e8888abcd99a1b2c3d4e5"
OWNER = "U0OWNER"
TEAMMATE = "U0TEAMMATE"
ADMIN = "U0ADMIN"
CHANNEL = "C0GLOWCO"
# How long a listener may take to ack here (Slack and Bolt allow 3 s; see Flightdeck.__post_init__).
ACK_PATIENCE_SECONDS = 15


def test_settings(emulator: SlackEmulator, database_url: str, **dispatch: Any) -> Settings:
    return Settings(
        slack_bot_token=emulator.token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=emulator.url,
        database_url=database_url,
        default_timezone="America/New_York",
        dispatch=replace(DispatchSettings(slack_timeout_seconds=2), **dispatch),
        # The weekly review is off here, so each test's flights keep the reminders it was written about;
        # the review's own tests (tests/reminders/test_review.py) turn it on.
        schedule=ReminderSchedule(review_every=None),
    )


@dataclass
class Flightdeck:
    emulator: SlackEmulator
    clock: FakeClock
    database: Database
    settings: Settings
    sender: SlackSender = field(init=False)
    dispatcher: Dispatcher = field(init=False)

    def __post_init__(self):
        upgrade(self.database)
        installation = installation_of(self.settings)
        self.app, self.deps = build_app(self.settings, self.database, self.clock, installation=installation)
        # Bolt answers "unhandled" when a listener hasn't acked within 3 s, as Slack would give up. A test
        # machine under load can stall a thread that long on its own; what the tests check is what the app
        # answers, so they wait longer. The product keeps to 3 s by design: views.open before the time-zone
        # lookup, and that lookup bounded (tests/intake/test_open.py, tests/intake/test_timezone_lookup.py).
        for listener in self.app._listeners:
            listener.ack_timeout = ACK_PATIENCE_SECONDS
        calendar = calendar_application(self.deps, installation.team_id, workspace_url=installation.url)
        application = wsgi_application(self.app, calendar=calendar)
        self._server = create_server(application, host="127.0.0.1", port=0, threads=8)
        self._closing = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.effective_port}"
        self.sender = SlackSender(self.url + "/slack/events", SIGNING_SECRET)
        self.dispatcher = Dispatcher(
            database=self.database,
            client=web_client(self.settings, retry_connection_errors=False),
            clock=self.clock,
            settings=self.settings,
            team_id=TEAM_ID,
        )

    def _serve(self) -> None:
        try:
            self._server.run()
        except OSError:
            # Closing the listening socket from the test's thread pulls it from under select().
            if not self._closing:
                raise

    def close(self) -> None:
        self._closing = True
        self._server.close()
        # Its idle workers would live on, each holding its kept-alive connection to the emulator.
        self.app.listener_runner.listener_executor.shutdown(wait=False)
        # The clients keep their connections to the emulator open in the server's threads: close them,
        # or each test leaves sockets behind, and a long run passes select()'s limit of 1024 descriptors.
        for client in (self.app.client, self.deps.users.client, self.dispatcher.client):
            close = getattr(client, "close", None)
            if close is not None:
                close()
        self.database.dispose()

    # -- acting as Slack and as a person ------------------------------------------------------------------

    def slash(self, command: str, text: str = "", *, user: str = OWNER, channel: str = CHANNEL, **kwargs) -> Reply:
        payload = slack.slash_command(
            command, text, user_id=user, channel_id=channel, response_url=self.emulator.response_url
        )
        return self.sender.form(payload, **kwargs)

    def open_intake(self, text: str = "", *, user: str = OWNER, channel: str = CHANNEL) -> dict[str, Any]:
        before = len(self.emulator.calls_to("views.open"))
        reply = self.slash("/intake", text, user=user, channel=channel)
        assert reply.status == 200, reply
        opened = self.emulator.wait_for_calls("views.open", before + 1)
        # After opening, the app looks up the user's time zone: let that finish so it can't land in
        # the middle of what the test does next.
        lookups = [c for c in self.emulator.attempts_of("users.info") if c.args.get("user") == user]
        if not lookups:
            self.emulator.wait_for(
                lambda: [c for c in self.emulator.attempts_of("users.info") if c.args.get("user") == user]
            )
        return opened[-1].answer["view"]

    def change(self, view: dict[str, Any], answers: dict[str, Any], *, dispatch: str, user: str = OWNER):
        """Type or pick `answers`, then let the input `dispatch` fire its block action."""
        values = state_values(view, answers)
        before = len(self.emulator.calls_to("views.update"))
        payload = slack.view_block_actions(view, values, action_for(view, dispatch, values), user_id=user)
        reply = self.sender.interaction(payload)
        assert reply.status == 200, reply
        updated = self.emulator.wait_for_calls("views.update", before + 1)
        return updated[-1].answer["view"]

    def press_in_modal(self, view: dict[str, Any], action_id: str, *, user: str = OWNER) -> dict[str, Any]:
        button = next(
            (element, block)
            for block in view["blocks"]
            if block["type"] == "actions"
            for element in block["elements"]
            if element["action_id"] == action_id
        )
        values = state_values(view)
        before = len(self.emulator.calls_to("views.update"))
        action = slack.button_action(button[0], button[1].get("block_id", "actions"))
        reply = self.sender.interaction(slack.view_block_actions(view, values, action, user_id=user))
        assert reply.status == 200, reply
        return self.emulator.wait_for_calls("views.update", before + 1)[-1].answer["view"]

    def shortcut(
        self, message: dict[str, Any], *, user: str = OWNER, channel: str = CHANNEL, callback_id: str = "start_intake"
    ) -> Reply:
        """Run the message shortcut `callback_id` on `message`, as picked from its "More actions" menu."""
        return self.sender.interaction(slack.message_shortcut(message, channel, user_id=user, callback_id=callback_id))

    def submit(self, view: dict[str, Any], answers: dict[str, Any] | None = None, *, user: str = OWNER) -> Reply:
        values = state_values(view, answers)
        return self.sender.interaction(slack.view_submission(view, values, user_id=user))

    def press(self, message: dict[str, Any], channel: str, action_id: str, *, user: str = OWNER, **kw) -> Reply:
        """Press a button on a message the bot posted."""
        for block in message["blocks"]:
            for element in block.get("elements", []):
                if element.get("action_id") == action_id:
                    action = slack.button_action(element, block.get("block_id", ""))
                    return self.sender.interaction(
                        slack.message_block_actions(message, channel, action, user_id=user, **kw)
                    )
        raise AssertionError(f"no {action_id} button on the message")

    # -- reading the records ------------------------------------------------------------------------------

    def campaigns(self) -> list[Campaign]:
        with self.database.transaction() as session:
            return list(session.exec(select(Campaign).where(Campaign.team_id == TEAM_ID)))

    def reminders(self) -> list[Reminder]:
        with self.database.transaction() as session:
            query = select(Reminder).where(Reminder.team_id == TEAM_ID).order_by(Reminder.due_at, Reminder.id)
            return list(session.exec(query))

    def authorizations(self) -> list[Authorization]:
        with self.database.transaction() as session:
            query = select(Authorization).where(Authorization.team_id == TEAM_ID).order_by(Authorization.id)
            return list(session.exec(query))

    def events(self) -> list[Event]:
        with self.database.transaction() as session:
            return list(session.exec(select(Event).where(Event.team_id == TEAM_ID).order_by(Event.id)))

    def row_counts(self) -> dict[str, int]:
        """Rows in every table, whatever their workspace: what a rejected request must leave untouched."""
        with self.database.transaction() as session:
            return {
                model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
                for model in (Campaign, Authorization, Reminder, Event)
            }

    def now(self) -> datetime:
        return self.clock.now()
