"""Network faults on loopback: a server that accepts and never answers, and a proxy that can freeze."""

from __future__ import annotations

import socket
import threading
from contextlib import suppress


class BlackHole:
    """Accepts TCP connections on a free loopback port and never sends a byte (a hung dependency)."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._held: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self._held.append(connection)  # kept open and silent

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        for connection in self._held:
            with suppress(OSError):
                connection.close()


class FreezableProxy:
    """Forwards loopback TCP to `target_port` until `freeze()`, then holds every byte (a stopped server)."""

    def __init__(self, target_port: int) -> None:
        self._target = ("127.0.0.1", target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._running = threading.Event()
        self._running.set()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self) -> None:
        self._running.clear()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self._target)
            self._sockets += [client, server]
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while chunk := source.recv(65536):
                self._running.wait()
                sink.sendall(chunk)

    def close(self) -> None:
        self._running.set()
        self._listener.close()
        for sock in self._sockets:
            with suppress(OSError):
                sock.close()
