"""The Slack client keeps its connection open between calls, over TLS too, and replaces a stale one."""

from __future__ import annotations

import socket
import ssl
import threading

import pytest
import trustme

from bot.app import build_deps
from bot.config import Settings
from bot.slack.api import call, web_client
from tests.support.slack_emulator import SlackEmulator

TOKEN = "xoxb-transport-test"


def client_for(url: str, **kwargs):
    return web_client(Settings(slack_bot_token=TOKEN, slack_api_url=url), retry_connection_errors=False, **kwargs)


def test_many_calls_share_one_connection():
    emulator = SlackEmulator(TOKEN).start()
    try:
        client = client_for(emulator.url)
        outcomes = [call(client.chat_postMessage, channel=f"C{i}", text="hello") for i in range(20)]

        assert all(outcome.ok for outcome in outcomes)
        assert [o.data["channel"] for o in outcomes] == [f"C{i}" for i in range(20)]
        assert emulator.connections_opened == 1
    finally:
        emulator.stop()


def test_each_thread_keeps_its_own_connection():
    emulator = SlackEmulator(TOKEN).start()
    try:
        client = client_for(emulator.url)
        results: list[bool] = []

        def send() -> None:
            results.extend(call(client.chat_postMessage, channel="C1", text="hi").ok for _ in range(5))

        threads = [threading.Thread(target=send) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert results == [True] * 15
        assert emulator.connections_opened == 3
    finally:
        emulator.stop()


def test_slacks_errors_read_as_they_do_through_the_sdks_own_transport():
    emulator = SlackEmulator(TOKEN).start()
    try:
        client = client_for(emulator.url)
        emulator.fail("chat.postMessage", retry_after=7)
        emulator.fail("chat.postMessage", status=503)
        emulator.fail("chat.postMessage", error="channel_not_found")

        limited, down, gone = (call(client.chat_postMessage, channel="C1", text="hi") for _ in range(3))
        after = call(client.chat_postMessage, channel="C1", text="hi")

        assert (limited.rate_limited, limited.retry_after) == (True, 7.0)
        assert (down.transient, down.error) == (True, "internal_error")
        assert (gone.channel_gone, gone.error) == (True, "channel_not_found")
        assert after.ok and emulator.connections_opened == 1
    finally:
        emulator.stop()


def test_a_reply_slower_than_the_timeout_fails_that_call_and_the_next_one_goes_through():
    emulator = SlackEmulator(TOKEN).start()
    try:
        client = client_for(emulator.url, timeout=0.3)
        emulator.fail("chat.postMessage", delay=1.0)

        slow = call(client.chat_postMessage, channel="C1", text="hi")
        after = call(client.chat_postMessage, channel="C1", text="hi")

        # Slack took it (the emulator posted it) but the answer never came: a send that may have landed.
        assert (slow.transient, slow.uncertain, slow.error) == (True, True, "no_answer")
        assert len(emulator.posts()) == 2
        assert after.ok
    finally:
        emulator.stop()


def test_a_connection_that_cannot_be_made_is_a_send_that_certainly_did_not_land():
    emulator = SlackEmulator(TOKEN).start()
    url = emulator.url
    emulator.stop()
    client = client_for(url, timeout=0.3)

    refused = call(client.chat_postMessage, channel="C1", text="hi")

    assert (refused.transient, refused.uncertain) == (True, False)
    assert refused.error == "network: ConnectionRefusedError"


@pytest.fixture
def certificate_authority():
    return trustme.CA()


def test_calls_go_over_tls_on_one_connection(certificate_authority):
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    certificate_authority.configure_trust(client_context)
    emulator = SlackEmulator(TOKEN).start(tls=server_context)
    try:
        assert emulator.url.startswith("https://")
        client = client_for(emulator.url)
        client.ssl = client_context

        outcomes = [call(client.chat_postMessage, channel="C1", text="hi") for _ in range(5)]

        assert all(outcome.ok for outcome in outcomes)
        assert emulator.connections_opened == 1
    finally:
        emulator.stop()


def test_a_server_that_isnt_trusted_is_refused(certificate_authority):
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(server_context)
    emulator = SlackEmulator(TOKEN).start(tls=server_context)
    try:
        outcome = call(client_for(emulator.url).chat_postMessage, channel="C1", text="hi")

        assert not outcome.ok and outcome.transient
        assert emulator.calls_to("chat.postMessage") == []
    finally:
        emulator.stop()


class DroppingServer:
    """Answers each connection's first request, keeps it open, then drops it unanswered at the next.

    That is a keep-alive connection the server closed at the moment it was reused: the request was
    never read, so the client may send it again on a fresh connection.
    """

    ANSWER = b'{"ok": true, "channel": "C1", "ts": "1.000001"}'

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/api/"
        self.requests = 0
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection, connection.makefile("rb") as reader:
            for answered in range(2):
                head = b""
                while not head.endswith(b"\r\n\r\n"):
                    line = reader.readline()
                    if not line:
                        return
                    head += line
                headers = head.lower().split(b"\r\n")
                length = next(int(line.split(b":")[1]) for line in headers if line.startswith(b"content-length"))
                reader.read(length)
                if answered:
                    return  # the second request on this connection: dropped unanswered
                self.requests += 1
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                    % (len(self.ANSWER), self.ANSWER)
                )

    def close(self) -> None:
        self.listener.close()


def test_a_connection_dropped_as_it_is_reused_is_replaced_and_the_request_sent_once_more():
    server = DroppingServer()
    try:
        client = client_for(server.url)

        first = call(client.chat_postMessage, channel="C1", text="hi")
        second = call(client.chat_postMessage, channel="C1", text="hi")

        assert first.ok and second.ok
        assert (server.requests, server.connections) == (2, 2)
    finally:
        server.close()


def test_sends_wait_long_enough_for_a_slow_slack_and_only_lookups_on_the_way_to_an_ack_are_short():
    settings = Settings(slack_bot_token="xoxb-test")

    # Slack can take well over 10 s to answer a message it accepts; a shorter wait sends it twice.
    assert web_client(settings).timeout >= 30
    assert build_deps(settings, database=None, clock=None).users.client.timeout <= 3


def test_close_ends_the_connections_every_thread_kept_and_a_later_call_opens_a_new_one():
    emulator = SlackEmulator(TOKEN).start()
    try:
        client = client_for(emulator.url)
        other = threading.Thread(target=lambda: call(client.chat_postMessage, channel="C1", text="hi"))
        other.start()
        other.join()
        assert call(client.chat_postMessage, channel="C1", text="hi").ok
        assert emulator.connections_opened == 2  # one per thread

        client.close()

        assert len(client._open_connections) == 0
        assert call(client.chat_postMessage, channel="C1", text="hi").ok
        assert emulator.connections_opened == 3
    finally:
        emulator.stop()
