"""The SSRF guard: every resolved address vetted at connect time, on every hop, with a total deadline."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as u3connection
from urllib3.util.retry import Retry

from pipeline.acquire.urls import address_problem

LOGGER = logging.getLogger(__name__)


class BlockedAddressError(NewConnectionError):
    """Raised at connect time when a resolved address is refused by the SSRF guard."""

    def __init__(self, message: str) -> None:
        super().__init__(None, message)  # type: ignore[arg-type]
        self.message = message

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------- resolution + guard


def resolve(host: str, port: int) -> list[tuple[int, str]]:
    """(family, address) pairs for a host name (DNS) or IP literal."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[tuple[int, str]] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        pair = (int(family), str(sockaddr[0]))
        if pair not in seen:
            seen.append(pair)
    return seen


class _Deadline:
    """Per-request watchdog: on expiry it shuts the socket down so no read can hang."""

    def __init__(self) -> None:
        self.expired = False
        self.conn: Any = None
        self.ip: str | None = None
        self._lock = threading.Lock()

    def attach(self, conn: Any) -> None:
        with self._lock:
            self.conn = conn
            sock = getattr(conn, "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    self.ip = str(sock.getpeername()[0])
            expired = self.expired
        if expired:
            self._shutdown()

    def expire(self) -> None:
        with self._lock:
            self.expired = True
        self._shutdown()

    def _shutdown(self) -> None:
        sock = getattr(self.conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Guard:
    """Connect-time SSRF check shared by the connection classes of one fetcher."""

    def __init__(self, allow_loopback: bool, resolver: Callable[[str, int], list[tuple[int, str]]]) -> None:
        self.allow_loopback = allow_loopback
        self.resolver = resolver
        self.local = threading.local()

    def vetted(self, host: str, port: int) -> list[tuple[int, str]]:
        addrs = self.resolver(host.strip("[]"), port)
        for _family, addr in addrs:
            problem = address_problem(addr, allow_loopback=self.allow_loopback)
            if problem:
                raise BlockedAddressError(f"{host}: {problem}")
        return addrs

    def attach(self, conn: Any) -> None:
        ctx = getattr(self.local, "ctx", None)
        if ctx is not None:
            ctx.attach(conn)


class _GuardedConnectionMixin:
    """Resolves, checks every address, then connects to a checked address (pinned)."""

    _newsflow_guard: _Guard
    _dns_host: str
    port: int
    timeout: Any
    source_address: Any
    socket_options: Any
    host: str

    def _new_conn(self) -> socket.socket:
        guard = self._newsflow_guard
        try:
            addrs = guard.vetted(self._dns_host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
        last: OSError | None = None
        for _family, addr in addrs:
            try:
                sock = u3connection.create_connection(
                    (addr, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(self, f"connect to {self.host} ({addr}) timed out") from exc
            except OSError as exc:
                last = exc
                continue
            return sock
        raise NewConnectionError(self, f"Failed to establish a new connection: {last}")  # type: ignore[arg-type]

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._newsflow_guard.attach(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        self._newsflow_guard.attach(self)
        super().request(*args, **kwargs)  # type: ignore[misc]


class _GuardedAdapter(HTTPAdapter):
    """requests adapter whose pools use the guarded connection classes."""

    def __init__(self, guard: _Guard, pool_maxsize: int) -> None:
        self._guard = guard
        super().__init__(
            pool_connections=16,
            pool_maxsize=pool_maxsize,
            max_retries=Retry(total=0, read=False, redirect=False, raise_on_status=False),
        )

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        guard = self._guard
        attrs = {"_newsflow_guard": guard}
        http_conn = type("GuardedHTTPConnection", (_GuardedConnectionMixin, HTTPConnection), attrs)
        https_conn = type("GuardedHTTPSConnection", (_GuardedConnectionMixin, HTTPSConnection), attrs)
        http_pool = type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn})
        https_pool = type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn})
        self.poolmanager.pool_classes_by_scheme = {"http": http_pool, "https": https_pool}

    def __getstate__(self) -> dict[str, Any]:  # pragma: no cover - adapters are not pickled
        raise TypeError("not picklable")
