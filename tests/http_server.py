"""A programmable local HTTP server playing news outlets and their faults (127.0.0.x only).

Usage in a test::

    def test_x(http_server):
        http_server.route("/a", Reply(body=b"<html>...</html>"))
        http_server.route("/flaky", Reply(status=503), Reply(status=200, body=b"..."))
        http_server.route("/loop", lambda req: Reply(status=302, headers={"Location": "/loop"}))
        url = http_server.url("/a")

Routes answer in order (the last reply repeats); unknown paths get 404. Every
request is counted in ``hits`` and kept in ``requests``. Waits are bounded:
drip bodies stop when the client goes away or the server stops.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import brotli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "http"


@dataclass
class Reply:
    """One programmed response."""

    status: int = 200
    body: bytes | Callable[[], Iterable[bytes]] = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between single body bytes (slow-drip server)
    length: int | None = None  # Content-Length to announce for streamed bodies


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]
    at: float


Handler = Callable[[SeenRequest], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # clients that hang up (caps, deadlines) are expected here


class LocalServer:
    """A threaded HTTP/1.1 server on 127.0.0.x with per-path programmed replies."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.hits: Counter[str] = Counter()
        self.requests: list[SeenRequest] = []
        self._routes: dict[str, list[Reply] | Handler] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _Server((host, 0), self._handler_class())
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    # -- programming ---------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *replies: Reply | Handler) -> None:
        """Program ``path``: replies in order (last repeats), or one handler callable."""
        if len(replies) == 1 and callable(replies[0]) and not isinstance(replies[0], Reply):
            self._routes[path] = replies[0]
        else:
            self._routes[path] = [r for r in replies if isinstance(r, Reply)]

    def fixture(self, name: str, **subst: str) -> bytes:
        """A file of tests/fixtures/http with ``{BASE}`` (and other keys) substituted."""
        text = (FIXTURES / name).read_text(encoding="utf-8")
        text = text.replace("{BASE}", self.base)
        for key, value in subst.items():
            text = text.replace("{" + key + "}", value)
        return text.encode("utf-8")

    def times(self, path: str) -> list[float]:
        return [r.at for r in self.requests if r.path == path]

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving -----------------------------------------------------------------------

    def _next_reply(self, seen: SeenRequest) -> Reply:
        with self._lock:
            self.hits[seen.path] += 1
            self.requests.append(seen)
            route = self._routes.get(seen.path)
            if route is None:
                route = self._routes.get(seen.path.split("?", 1)[0])
            if route is None:
                return Reply(status=404, body=b"<html><body>not found</body></html>")
            if callable(route):
                handler = route
            else:
                index = min(self.hits[seen.path], len(route)) - 1
                return route[index]
        return handler(seen)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                seen = SeenRequest(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
                )
                reply = server._next_reply(seen)
                with contextlib.suppress(OSError):
                    self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    server._stopping.wait(reply.delay)
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if isinstance(reply.body, bytes):
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.drip:
                        for i in range(len(reply.body)):
                            if server._stopping.is_set():
                                break
                            self.wfile.write(reply.body[i : i + 1])
                            self.wfile.flush()
                            server._stopping.wait(reply.drip)
                    else:
                        self.wfile.write(reply.body)
                    return
                if reply.length is not None:
                    self.send_header("Content-Length", str(reply.length))
                self.send_header("Connection", "close")
                self.close_connection = True
                self.end_headers()
                for chunk in reply.body():
                    if server._stopping.is_set():
                        break
                    self.wfile.write(chunk)

        return _H


# ---------------------------------------------------------------- fault helpers


def stream_zeros(total: int, chunk: int = 64 * 1024) -> Callable[[], Iterator[bytes]]:
    """A body of ``total`` bytes of ASCII 'a' sent in chunks (never held in memory whole)."""

    def gen() -> Iterator[bytes]:
        block = b"a" * chunk
        sent = 0
        while sent < total:
            part = block[: min(chunk, total - sent)]
            sent += len(part)
            yield part

    return gen


@functools.cache
def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes gzip-compressed (a decompression bomb)."""
    return gzip.compress(b"\0" * size, compresslevel=9)


@functools.cache
def brotli_bomb(size: int) -> bytes:
    """``size`` zero bytes brotli-compressed (a decompression bomb)."""
    return bytes(brotli.compress(b"\0" * size, quality=5))


@contextlib.contextmanager
def blackhole(host: str = "127.0.0.1") -> Iterator[int]:
    """A port whose accept queue is full: new connections time out (connect timeout)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(0)
    port = int(listener.getsockname()[1])
    fillers: list[socket.socket] = []
    try:
        for _ in range(8):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError, OSError):
                sock.connect((host, port))
            fillers.append(sock)
        time.sleep(0.05)
        yield port
    finally:
        for sock in fillers:
            sock.close()
        listener.close()
