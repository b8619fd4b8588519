"""A WebClient that keeps its connection to Slack open between calls.

slack_sdk's WebClient opens a new connection for every call (urllib sends `Connection: close`):
to slack.com that is a TCP and a TLS handshake, two extra round trips, before every message. The
dispatcher sends one reminder at a time, so that a crash can repeat at most one, which makes each
call's round trips its pace. This client keeps one connection per thread and host, and otherwise
answers exactly as the SDK's own transport does (errors as urllib's HTTPError), so the SDK's
response parsing, retry handlers and rate-limit handling are unchanged.
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
from urllib.error import HTTPError
from urllib.parse import SplitResult, urlsplit
from urllib.request import Request

from slack_sdk import WebClient

# Slack closes idle connections after a while; one unused this long is replaced rather than trusted.
IDLE_SECONDS = 30.0

# A connection the server closed while it sat idle fails like this on its next request, before the
# request was read: then, and only then, is the request sent again on a fresh connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class _Kept:
    def __init__(self, connection: http.client.HTTPConnection):
        self.connection = connection
        self.used_at = time.monotonic()

    def usable(self) -> bool:
        sock = self.connection.sock
        if sock is None or time.monotonic() - self.used_at > IDLE_SECONDS:
            return False
        # Readable while idle means the server sent its FIN (or stray bytes): either way, done with it.
        readable, _, _ = select.select([sock], [], [], 0)
        return not readable


class KeepAliveWebClient(WebClient):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._kept = threading.local()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        target = urlsplit(url)
        if self.proxy or target.scheme not in ("http", "https"):
            return super()._perform_urllib_http_request_internal(url, req)
        path = target.path + (f"?{target.query}" if target.query else "")
        headers = dict(req.header_items())
        for attempt in (1, 2):
            kept, reused = self._connection(target)
            try:
                kept.connection.request(req.get_method(), path, body=req.data, headers=headers)
                response = kept.connection.getresponse()
                body = response.read()
            except _STALE:
                self._drop(target)
                if reused and attempt == 1:
                    continue
                raise
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
        return kept, False

    def _open(self, target: SplitResult) -> http.client.HTTPConnection:
        if target.scheme == "https":
            context = self.ssl or ssl.create_default_context()
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                target.hostname, target.port, timeout=self.timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=self.timeout)
        connection.connect()
        # Small requests and answers, one at a time: never let Nagle hold one back for an ACK.
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def _drop(self, target: SplitResult) -> None:
        kept = self._connections().pop(target.netloc, None)
        if kept is not None:
            kept.connection.close()


def _answer(url: str, response: http.client.HTTPResponse, body: bytes) -> dict[str, Any]:
    """What the SDK's urllib transport returns for a response, or the HTTPError it raises."""
    if response.status >= 400:
        raise HTTPError(url, response.status, response.reason, response.headers, io.BytesIO(body))
    if response.headers.get_content_type() == "application/gzip":
        return {"status": response.status, "headers": response.headers, "body": body}
    charset = response.headers.get_content_charset() or "utf-8"
    return {"status": response.status, "headers": response.headers, "body": body.decode(charset)}
