"""A TCP proxy in front of a database server, so a test can take the database away and bring it back.

`cut()` resets every open connection and refuses new ones (a crashed or unreachable server, as
the client sees it); `restore()` lets connections through again.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

import sqlalchemy as sa


def _reset(sock: socket.socket) -> None:
    """Abort the connection: the peer sees it gone at once, as when a server dies.

    shutdown() first, because close() alone neither wakes a thread blocked in recv() on it nor
    reaches the peer while that recv() holds the socket open.
    """
    for step in (
        lambda: sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)),
        lambda: sock.shutdown(socket.SHUT_RDWR),
        sock.close,
    ):
        with contextlib.suppress(OSError):  # already closed or reset by the peer: the aim is met
            step()


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._open = threading.Event()
        self._open.set()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._closed = False
        self.refused = 0
        self._thread = threading.Thread(target=self._accept_loop, daemon=True, name="tcp-proxy")

    @classmethod
    def for_url(cls, database_url: str) -> TcpProxy:
        url = sa.engine.make_url(database_url)
        return cls(url.host or "127.0.0.1", url.port or 5432)

    def url(self, database_url: str) -> str:
        """`database_url`, reached through this proxy."""
        url = sa.engine.make_url(database_url).set(host="127.0.0.1", port=self.port)
        return url.render_as_string(hide_password=False)

    def start(self) -> TcpProxy:
        self._thread.start()
        return self

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until `restore()`."""
        self._open.clear()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _reset(sock)

    def restore(self) -> None:
        self._open.set()

    @property
    def is_cut(self) -> bool:
        return not self._open.is_set()

    def close(self) -> None:
        self._closed = True
        self.cut()
        _reset(self._listener)

    # -- forwarding ---------------------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._open.is_set():
                self.refused += 1
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                # cut() may have run since the check above: it must not miss this connection.
                if not self._open.is_set():
                    _reset(client)
                    _reset(upstream)
                    continue
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets.discard(source)
                self._sockets.discard(sink)
            _reset(source)
            _reset(sink)
