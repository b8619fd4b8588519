"""A WebClient that keeps its connection to Slack open between calls.

slack_sdk's WebClient opens a new connection for every call (urllib sends `Connection: close`):
to slack.com that is a TCP and a TLS handshake, two extra round trips, before every message. The
dispatcher sends one reminder at a time, so that a crash can repeat at most one, which makes each
call's round trips its pace. This client keeps one connection per thread and host, writes each
request in one piece, and otherwise answers exactly as the SDK's own transport does (errors as
urllib's HTTPError), so the SDK's response parsing, retry handlers and our rate-limit handling
are unchanged.
"""

from __future__ import annotations

import http.client
import io
import select
import socket
import ssl
import threading
import time
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import SplitResult, urlsplit
from urllib.request import Request

from slack_sdk import WebClient

# Slack closes idle connections after a while; one unused this long is replaced rather than trusted.
IDLE_SECONDS = 30.0

# A connection the server closed while it sat idle fails like this on its next request, before the
# request was read: then, and only then, is the request sent again on a fresh connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class NoAnswer(TimeoutError):
    """The request was written, and no answer came in time: Slack may have acted on it or not."""


class _Kept:
    """One open connection: its socket, and when it last answered."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.used_at = time.monotonic()

    def usable(self) -> bool:
        if self.sock.fileno() == -1 or time.monotonic() - self.used_at > IDLE_SECONDS:
            return False
        # Readable while idle means the server sent its FIN (or stray bytes): either way, done with it.
        readable, _, _ = select.select([self.sock], [], [], 0)
        return not readable

    def close(self) -> None:
        self.sock.close()


class KeepAliveWebClient(WebClient):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._kept = threading.local()
        # Every open connection, whichever thread holds it, so `close` can reach them all.
        self._open_connections: set[_Kept] = set()
        self._open_lock = threading.Lock()

    def close(self) -> None:
        """Close every connection this client keeps, in every thread (a thread's next call opens anew)."""
        with self._open_lock:
            kept, self._open_connections = self._open_connections, set()
        for connection in kept:
            connection.close()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        target = urlsplit(url)
        if self.proxy or target.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        request = _request_bytes(target, req)
        for attempt in (1, 2):
            try:
                kept, reused = self._connection(target)
            except OSError as error:
                # Nothing was sent: say so as the SDK's own transport does (URLError), never as a lost answer.
                raise URLError(error) from error
            try:
                kept.sock.sendall(request)
                response = http.client.HTTPResponse(kept.sock, method=req.get_method())
                response.begin()
                body = response.read()
            except _STALE:
                self._drop(target)
                if reused and attempt == 1:
                    continue
                raise
            except TimeoutError as error:
                self._drop(target)
                raise NoAnswer(f"no answer from Slack within {self.timeout} s") from error
            except http.client.HTTPException as error:
                self._drop(target)
                raise ConnectionError(f"Slack's answer couldn't be read: {error!r}") from error
            except BaseException:
                self._drop(target)
                raise
            kept.used_at = time.monotonic()
            if response.will_close:
                self._drop(target)
            return _answer(url, response, body)
        raise AssertionError("unreachable")

    # -- the connections ----------------------------------------------------------------------------------

    def _connections(self) -> dict[str, _Kept]:
        if not hasattr(self._kept, "by_host"):
            self._kept.by_host = {}
        return self._kept.by_host

    def _connection(self, target: SplitResult) -> tuple[_Kept, bool]:
        connections = self._connections()
        kept = connections.get(target.netloc)
        if kept is not None and kept.usable():
            return kept, True
        self._drop(target)
        kept = _Kept(self._open(target))
        connections[target.netloc] = kept
        with self._open_lock:
            self._open_connections.add(kept)
        return kept, False

    def _open(self, target: SplitResult) -> socket.socket:
        https = target.scheme == "https"
        port = target.port or (443 if https else 80)
        sock = socket.create_connection((target.hostname, port), timeout=self.timeout)
        # Small requests and answers, one at a time: never let Nagle hold one back for an ACK.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if https:
            context = self.ssl or ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=target.hostname)
        return sock

    def _drop(self, target: SplitResult) -> None:
        kept = self._connections().pop(target.netloc, None)
        if kept is not None:
            with self._open_lock:
                self._open_connections.discard(kept)
            kept.close()


def _request_bytes(target: SplitResult, req: Request) -> bytes:
    """The whole request, head and body, to be written in one go."""
    path = target.path + (f"?{target.query}" if target.query else "")
    body = req.data or b""
    headers = {"Host": target.netloc, **dict(req.header_items()), "Content-Length": str(len(body))}
    lines = [f"{req.get_method()} {path} HTTP/1.1", *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _answer(url: str, response: http.client.HTTPResponse, body: bytes) -> dict[str, Any]:
    """What the SDK's urllib transport returns for a response, or the HTTPError it raises."""
    if response.status >= 400:
        raise HTTPError(url, response.status, response.reason, response.headers, io.BytesIO(body))
    if response.headers.get_content_type() == "application/gzip":
        return {"status": response.status, "headers": response.headers, "body": body}
    charset = response.headers.get_content_charset() or "utf-8"
    return {"status": response.status, "headers": response.headers, "body": body.decode(charset)}
