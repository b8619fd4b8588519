"""A Slack Web API that answers at once, so a bench measures the dispatcher rather than an emulator.

The test suite's emulator (tests/support/slack_emulator.py) is faithful, keeps every message and
can misbehave on demand, and spends about a millisecond per call doing so in http.server. This one
speaks just enough HTTP/1.1 (keep-alive, Content-Length bodies) and just enough Slack
(chat.postMessage, chat.update, conversations.open, auth.test) to answer each call in tens of
microseconds, from a process of its own. It checks the bearer token and counts what it answered.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections import Counter
from typing import Any
from urllib.parse import parse_qs

from bench._support import ChildServer
from tests.support.slack_emulator import BOT_ID, BOT_USER_ID, TEAM_ID


class _Answers:
    def __init__(self, token: str):
        self.bearer = f"Bearer {token}".encode()
        self.counts: Counter[str] = Counter()
        self._ts = itertools.count(1)

    def answer(self, path: bytes, headers: dict[bytes, bytes], body: bytes) -> dict[str, Any]:
        method = path.rsplit(b"/", 1)[-1].decode()
        self.counts[method] += 1
        if headers.get(b"authorization") != self.bearer:
            return {"ok": False, "error": "invalid_auth"}
        if b"json" in headers.get(b"content-type", b""):
            args = json.loads(body or b"{}")
        else:
            args = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        if method == "chat.postMessage":
            channel = args.get("channel", "")
            channel = "D" + channel[1:] if channel.startswith("U") else channel
            return {"ok": True, "channel": channel, "ts": f"{1_800_000_000 + next(self._ts)}.000100"}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", ""))[1:]}}
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        return {"ok": True}


async def _serve(answers: _Answers, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head[:-4].split(b"\r\n")
            _, path, _ = request_line.split(b" ", 2)
            headers = {}
            for line in header_lines:
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get(b"content-length", b"0"))
            body = await reader.readexactly(length) if length else b""
            payload = json.dumps(answers.answer(path, headers, body)).encode()
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(payload), payload)
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
        pass  # the client hung up, or the server is stopping with this connection still open
    finally:
        writer.close()


def _run(connection, token: str) -> None:
    answers = _Answers(token)

    async def main() -> None:
        server = await asyncio.start_server(lambda r, w: _serve(answers, r, w), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        connection.send(f"http://127.0.0.1:{port}/api/")
        stopped = asyncio.Event()
        loop = asyncio.get_running_loop()

        def commands() -> None:
            while True:
                command = connection.recv()
                if command == "stats":
                    connection.send(dict(answers.counts))
                else:
                    loop.call_soon_threadsafe(stopped.set)
                    return

        threading.Thread(target=commands, daemon=True).start()
        async with server:
            await stopped.wait()
        connection.send(None)

    asyncio.run(main())


class InstantSlack(ChildServer):
    """The instant Slack in a child process; `stats()` says how many calls of each method it answered."""

    NAME = "instant Slack"

    def __init__(self, token: str):
        super().__init__(_run, token)
