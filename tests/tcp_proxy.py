"""A TCP forwarder that tests can cut and restore, to take PostgreSQL or Redis away from a server.

`cut()` closes every forwarded connection and, depending on `mode`, either stops listening (the
service's host answers "connection refused", as when the service process has died) or keeps
accepting without ever answering (a silent network, as when its machine has gone away). `restore()`
forwards again on the same port, so the server under test needs no restart.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Literal

Mode = Literal["refuse", "silent"]


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._forwarding = False

    # --- control ------------------------------------------------------------------------------

    def start(self) -> None:
        self._forwarding = True
        self._listen()

    def cut(self, mode: Mode = "refuse") -> None:
        """Drop every connection; then refuse new ones, or accept them and stay silent."""
        self._forwarding = False
        if mode == "refuse":
            self._close_listener()
        self._close_connections()

    def restore(self) -> None:
        self._forwarding = True
        if self._listener is None:
            self._listen()
        self._close_connections()  # silent connections held while cut would otherwise hang on

    def stop(self) -> None:
        self._forwarding = False
        self._close_listener()
        self._close_connections()

    # --- plumbing -----------------------------------------------------------------------------

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _close_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()

    def _close_connections(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed by cut() or stop()
            self._track(client)
            if not self._forwarding:
                continue  # silent: hold the connection open and never answer
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self._track(upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def tcp_proxy(upstream_host: str, upstream_port: int) -> Iterator[TcpProxy]:
    proxy = TcpProxy(upstream_host, upstream_port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
