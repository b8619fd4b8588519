"""The Slack emulator's HTTP side (tests/support/slack_emulator.py): Web API calls, replies to a
response_url, and the bytes of a file upload, each read as Slack would and handed to the emulator.
"""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from tests.support.slack_emulator import SlackEmulator


def handler_for(emulator: SlackEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def setup(self):
            super().setup()
            emulator.connection_opened()

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if self.path.startswith("/upload/"):
                # files.getUploadURLExternal's URL: the file's bytes, as they are.
                emulator.receive_upload(self.path.rsplit("/", 1)[-1], self.rfile.read(length))
                body = f"OK - {length}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            raw = self.rfile.read(length).decode()
            args = parse_body(raw, self.headers.get("Content-Type", ""))
            if self.path.startswith("/respond/"):
                # A response_url: Slack takes the reply to a command or action here, no token.
                status, answer, headers, delay = emulator.answer_request("response_url", args, "")
            else:
                method = self.path.rsplit("/", 1)[-1]
                auth = self.headers.get("Authorization", "")
                status, answer, headers, delay = emulator.answer_request(method, args, auth)
            if delay:
                time.sleep(delay)
            body = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    return Handler


def parse_body(raw: str, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        return json.loads(raw or "{}")
    return {key: values[0] for key, values in parse_qs(raw).items()}


def json_arg(value: Any) -> Any:
    """An argument Slack takes as JSON: a string in a form-encoded call, already parsed in a JSON one."""
    return json.loads(value) if isinstance(value, str) else value
