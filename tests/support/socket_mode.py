"""A local Socket Mode endpoint: the WebSocket Slack hands out through apps.connections.open.

Just enough of RFC 6455 for Slack's protocol: the handshake, a `hello`, envelopes pushed to the
app as text frames, the app's acknowledgements read back, ping answered with pong.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
import uuid
from typing import Any

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class SocketModeServer:
    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen()
        self._connections: list[socket.socket] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self._lock = threading.Condition()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=test"

    def close(self) -> None:
        self._listener.close()
        for connection in self._connections:
            connection.close()

    # -- what tests do ------------------------------------------------------------------------------------

    def wait_connected(self, timeout: float = 20.0) -> None:
        self._wait(lambda: self._connections, timeout, "the app never connected over Socket Mode")

    def push(self, kind: str, payload: dict[str, Any]) -> str:
        """Send an envelope (`slash_commands`, `interactive`, `events_api`) to the app; its id."""
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": True}
        with self._lock:
            connection = self._connections[-1]
        connection.sendall(_frame(json.dumps(envelope).encode()))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        return self._wait(lambda: self.acks.get(envelope_id), timeout, f"envelope {envelope_id} was never acked")

    def _wait(self, predicate, timeout: float, failure: str):
        deadline = time.monotonic() + timeout
        with self._lock:
            while not (result := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(failure)
                self._lock.wait(min(remaining, 0.05))
            return result

    # -- the protocol -------------------------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = connection.recv(4096)
            if not chunk:
                return
            request += chunk
        headers = dict(line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line)
        key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"]
        accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        connection.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0FLIGHTDECK"}}
        connection.sendall(_frame(json.dumps(hello).encode()))
        with self._lock:
            self._connections.append(connection)
            self._lock.notify_all()
        reader = connection.makefile("rb")
        while True:
            try:
                opcode, payload = _read_frame(reader)
            except (OSError, ValueError, struct.error):
                return
            if opcode == 0x9:  # ping
                connection.sendall(_frame(payload, opcode=0xA))
            elif opcode == 0x8:  # close
                return
            elif opcode == 0x1:
                message = json.loads(payload)
                if "envelope_id" in message:
                    with self._lock:
                        self.acks[message["envelope_id"]] = message
                        self._lock.notify_all()


def _frame(payload: bytes, opcode: int = 0x1) -> bytes:
    head = bytes([0x80 | opcode])
    length = len(payload)
    if length < 126:
        head += bytes([length])
    elif length < 1 << 16:
        head += bytes([126]) + struct.pack(">H", length)
    else:
        head += bytes([127]) + struct.pack(">Q", length)
    return head + payload


def _read_frame(reader) -> tuple[int, bytes]:
    first, second = reader.read(2)
    opcode = first & 0x0F
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack(">H", reader.read(2))
    elif length == 127:
        (length,) = struct.unpack(">Q", reader.read(8))
    mask = reader.read(4) if second & 0x80 else b""
    data = reader.read(length)
    if mask:
        data = bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))
    return opcode, data
