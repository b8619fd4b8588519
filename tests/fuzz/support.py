"""Driving the app in-process for the property-based suite, and the checks every case must pass.

Each case is one request handed straight to the WSGI application (the same one waitress serves),
signed as Slack signs it. Bolt's listeners run inline rather than on its thread pool, so when the
call returns, everything the request caused (its Web API calls, its writes) has happened and the
case can be judged: no 5xx, no partial write, no live markup from what was typed.
"""

from __future__ import annotations

import io
import json
import os
import threading
import time
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from hypothesis import strategies as st
from sqlalchemy import text

from bot.server import EVENTS_PATH, wsgi_application
from tests.support.harness import SIGNING_SECRET, Flightdeck
from tests.support.markup import live_markup
from tests.support.slack_emulator import Call
from tests.support.slack_requests import sign

# Every generated value that imitates markup carries INJECTED, so a token the bot wrote itself can
# never be mistaken for one that came from the input (the bot mentions U0OWNER; a person typing
# <@U0OWNER> is caught by the shape check only once it is escaped, so the marker does the rest).
HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0INJECTED|@everyone>",
    "<https://evil.example|INJECTED invoice>",
    "<http://evil.example>",
    "<mailto:a@evil.example|INJECTED>",
    "<@U0INJECTED>",
    "<@W0INJECTED|INJECTED>",
    "<#C0INJECTED>",
    "<!date^1700000000^{date}|INJECTED>",
    "<https://www.tiktok.com/@maria.cooks/video/7301234567890123456|INJECTED>",
    "U0X> <!channel",
    "&lt;!channel&gt;",
    "<<!here>>",
    "<",
    ">",
    "&",
    "*bold* _it_ ~s~ `code`",
    # Formatting, quotes, links and pings, in plain characters (tests/support/markup.py): none starts
    # or ends with INJECTED, so a mark against it is the value's own, not the bot's around the value.
    "*INJECTED*",
    "_INJECTED_",
    "~INJECTED~",
    "`INJECTED`",
    "```INJECTED```",
    "\uff0aINJECTED\uff0a",
    "*a*INJECTED*b*",
    "\n> INJECTED.",
    "> INJECTED.",
    "https://evil.example/INJECTED/x",
    "www.INJECTED.example",
    "a.INJECTED@evil.example",
    "@INJECTED.x",
    "#INJECTED-x",
    "@here",
    "\ud800",
    "\udfff",
    "\x00",
    "é",
    "🚀",
    "\u202e",
    "9" * 30,
    "-1",
    "²",
    "1e309",
    "NaN",
    "",
    " ",
]

hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=4).map("".join)


TABLES = ("campaign", "spark_authorization", "authorization_renewal", "reminder", "event", "campaign_result")
_COUNTS = "SELECT " + ", ".join(f"(SELECT count(*) FROM {table})" for table in TABLES)


class InlineExecutor(Executor):
    """Runs each submitted function at once, in the caller's thread: a case ends when its work does."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # Bolt's own runner catches listener errors; this keeps parity
            future.set_exception(error)
        return future


@dataclass
class Outcome:
    status: int
    body: str
    calls: list[Call]

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body) if self.body else {}
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


class Driver:
    """Hands requests to the app in-process; counts the cases and the time they took."""

    def __init__(self, flightdeck: Flightdeck):
        self.flightdeck = flightdeck
        self.cases = 0
        self.seconds = 0.0
        self._lock = threading.Lock()
        # Bolt's thread-pool runner is swapped for an inline one: the app's own code path, run to the end.
        self.flightdeck.app._listener_runner.listener_executor = InlineExecutor()
        self.application = wsgi_application(self.flightdeck.app)

    def post(
        self,
        body: str | bytes,
        content_type: str = "application/x-www-form-urlencoded",
        *,
        signed: bool = True,
        signature: str | None = None,
    ) -> Outcome:
        raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        timestamp = str(int(time.time()))
        headers = {"HTTP_X_SLACK_REQUEST_TIMESTAMP": timestamp}
        if signed:
            headers["HTTP_X_SLACK_SIGNATURE"] = _sign_bytes(timestamp, raw)
        elif signature is not None:
            headers["HTTP_X_SLACK_SIGNATURE"] = signature
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": EVENTS_PATH,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "3000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(raw)),
            "wsgi.input": io.BytesIO(raw),
            "wsgi.url_scheme": "http",
            **headers,
        }
        started = time.perf_counter()
        first = len(self.flightdeck.emulator.calls)
        answer: dict[str, Any] = {}

        def start_response(status: str, _headers, _exc_info=None):
            answer["status"] = int(status.split()[0])

        chunks = self.application(environ, start_response)
        text = b"".join(chunks).decode("utf-8", "replace")
        with self._lock:
            self.cases += 1
            self.seconds += time.perf_counter() - started
        return Outcome(answer["status"], text, list(self.flightdeck.emulator.calls[first:]))

    def row_counts(self) -> dict[str, int]:
        """Rows in every table, in one query: what a refused request must leave as it was."""
        with self.flightdeck.database.engine.connect() as connection:
            counts = connection.execute(text(_COUNTS)).one()
        return dict(zip(TABLES, counts, strict=True))

    def interaction(self, payload: Any, **kwargs) -> Outcome:
        return self.post(urlencode({"payload": json.dumps(payload)}), **kwargs)

    def form(self, fields: dict[str, Any], **kwargs) -> Outcome:
        # A lone surrogate goes out as the bytes it would be (not UTF-8): the edge must refuse those.
        return self.post(urlencode(fields, errors="surrogatepass"), **kwargs)


def _sign_bytes(timestamp: str, raw: bytes) -> str:
    try:
        return sign(SIGNING_SECRET, timestamp, raw.decode("utf-8"))
    except UnicodeDecodeError:
        import hashlib
        import hmac

        base = f"v0:{timestamp}:".encode() + raw
        return "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()


# -- what a case must not produce (tests/support/markup.py) -----------------------------------------------


def assert_fine(outcome: Outcome) -> None:
    assert outcome.status < 500, (outcome.status, outcome.body)
    problems = live_markup(outcome.calls)
    assert not problems, problems


# -- how many cases ---------------------------------------------------------------------------------------

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
DRIVERS: list[Driver] = []  # every module's driver, for the run's closing count (conftest.py)


def examples(count: int) -> int:
    return max(1, int(count * SCALE))


# Refused requests are logged (some with a traceback): formatting thousands of them into pytest's
# capture would cost more than the cases. Each case asserts what matters; errors still show.
QUIET = ("bot", "slack_bolt", "slack_sdk")
