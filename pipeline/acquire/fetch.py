"""Fetch: a polite, safe HTTP fetcher (robots, rate limits, SSRF guard, caps) that archives to WARC."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import brotli
import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.util import connection as u3connection
from urllib3.util.retry import Retry

from pipeline.acquire.parse import detect_charset
from pipeline.acquire.urls import address_problem, canonicalize, host_key, is_fetchable_scheme
from pipeline.acquire.warc import WarcWriter
from pipeline.core.models import Capture, FetchRecord
from pipeline.core.settings import Settings

LOGGER = logging.getLogger(__name__)

# Outcomes: a closed set (plus http_<code> for any final HTTP error status).
OK = "ok"
DUPLICATE_URL = "duplicate_url"  # a variant (tracking parameters, fragment) of a URL fetched once
NOT_MODIFIED = "not_modified"
TIMEOUT = "timeout"
DEADLINE = "deadline"
TOO_LARGE = "too_large"
NOT_HTML = "not_html"
EMPTY = "empty"
TOO_MANY_REDIRECTS = "too_many_redirects"
BLOCKED_ADDRESS = "blocked_address"
BLOCKED_SCHEME = "blocked_scheme"
ROBOTS_DISALLOWED = "robots_disallowed"
DNS_ERROR = "dns_error"
CONNECTION_ERROR = "connection_error"
TLS_ERROR = "tls_error"
FEED_ERROR = "feed_error"
SITEMAP_ERROR = "sitemap_error"
OUTCOMES = frozenset(
    {
        OK,
        DUPLICATE_URL,
        NOT_MODIFIED,
        TIMEOUT,
        DEADLINE,
        TOO_LARGE,
        NOT_HTML,
        EMPTY,
        TOO_MANY_REDIRECTS,
        BLOCKED_ADDRESS,
        BLOCKED_SCHEME,
        ROBOTS_DISALLOWED,
        DNS_ERROR,
        CONNECTION_ERROR,
        TLS_ERROR,
        FEED_ERROR,
        SITEMAP_ERROR,
    }
)
EXPECTS = ("html", "feed", "sitemap", "any")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
ERROR_BODY_CAP = 256 * 1024  # bytes kept from error pages, redirects and refused types
MAX_CRAWL_DELAY = 60.0
ROBOTS_CAP = 512 * 1024

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x00\x00\x01\x00", b"OggS")
_XMLISH = ("xml", "rss", "atom")
_GZIP_TYPES = ("application/gzip", "application/x-gzip", "application/octet-stream", "")


def http_outcome(code: int) -> str:
    """The outcome for a final HTTP error status (``http_404``)."""
    return f"http_{code}"


def is_outcome(name: str) -> bool:
    """True for a member of the closed outcome set (http_<3 digits> included)."""
    return name in OUTCOMES or (name.startswith("http_") and name[5:].isdigit() and len(name) == 8)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class FetchResult:
    """One request's record plus, when ``outcome == "ok"`` and the body is text, its capture."""

    record: FetchRecord
    capture: Capture | None = None


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


# ---------------------------------------------------------------- decoding with a cap


class _Decoder:
    """Content-Encoding decoder that never produces more than it is allowed to."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding.strip().lower()
        self._zlib: Any = None
        self._brotli: Any = None
        self._deflate_probe = b""
        if self.encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "br":
            self._brotli = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> tuple[bytes, bool]:
        """Decode ``data``; returns (at most ``room`` bytes, overflowed)."""
        if self.encoding == "deflate" and self._zlib is None:
            try:
                self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
                out = self._zlib.decompress(data, room + 1)
            except zlib.error:
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._zlib.decompress(data, room + 1)
            return self._limit(out, room)
        if self._zlib is not None:
            out = self._zlib.decompress(data, room + 1)
            if self._zlib.unconsumed_tail:
                return out[:room], True
            return self._limit(out, room)
        if self._brotli is not None:
            out = self._brotli.process(data, output_buffer_limit=room + 1)
            while len(out) <= room and not self._brotli.can_accept_more_data():
                more = self._brotli.process(b"", output_buffer_limit=room + 1 - len(out))
                if not more:
                    break
                out += more
            return self._limit(out, room)
        return self._limit(data, room)

    @staticmethod
    def _limit(out: bytes, room: int) -> tuple[bytes, bool]:
        if len(out) > room:
            return out[:room], True
        return out, False


# ---------------------------------------------------------------- validators store


class ValidatorStore:
    """ETag / Last-Modified / body hash per canonical URL, in ``validators.json`` (atomic writes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data: dict[str, dict[str, str]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, dict[str, str]]:
        if self._data is None:
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self._data = raw if isinstance(raw, dict) else {}
            except (OSError, ValueError):
                self._data = {}
        return self._data

    def get(self, url: str) -> dict[str, str] | None:
        with self._lock:
            return self._load().get(url)

    def put(self, url: str, etag: str | None, last_modified: str | None, sha256: str) -> None:
        entry = {"sha256": sha256}
        if etag:
            entry["etag"] = etag
        if last_modified:
            entry["last_modified"] = last_modified
        with self._lock:
            self._load()[url] = entry
            self._dirty = True

    def save(self) -> None:
        with self._lock:
            if not self._dirty or self._data is None:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(self._data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
            self._dirty = False


# ---------------------------------------------------------------- one HTTP exchange


@dataclass
class _Exchange:
    """What one request (one hop, after retries) produced."""

    url: str
    outcome: str = OK
    status: int | None = None
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: str | None = None
    attempts: int = 1
    ip: str | None = None
    warc_offset: int | None = None
    location: str | None = None

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    stack: list[BaseException] = [exc]
    seen: set[int] = set()
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, kind):
            return cur
        nexts: list[object] = [cur.__cause__, cur.__context__, getattr(cur, "reason", None), *cur.args]
        stack.extend(n for n in nexts if isinstance(n, BaseException))
    return None


def _classify(exc: BaseException, ctx: _Deadline) -> tuple[str, str]:
    if ctx.expired:
        return DEADLINE, f"total deadline exceeded ({type(exc).__name__})"
    blocked = _find(exc, BlockedAddressError)
    if blocked is not None:
        return BLOCKED_ADDRESS, str(blocked)
    if _find(exc, NameResolutionError) is not None or _find(exc, socket.gaierror) is not None:
        return DNS_ERROR, str(exc)[:300]
    if isinstance(exc, requests.exceptions.SSLError):
        return TLS_ERROR, str(exc)[:300]
    if isinstance(exc, requests.exceptions.Timeout):
        return TIMEOUT, str(exc)[:300]
    return CONNECTION_ERROR, str(exc)[:300]


def _content_problem(content_type: str, head: bytes, expect: str) -> str | None:
    """Why a response of this type is refused for ``expect`` (None when accepted)."""
    if expect == "any":
        return None
    ctype = content_type.split(";", 1)[0].strip().lower()
    magic = head.lstrip()[:8]
    binary = any(magic.startswith(m) for m in _BINARY_MAGIC) or magic[:4] == b"RIFF"
    if expect == "html":
        if ctype and not (ctype.startswith(_HTML_TYPES) or ctype == "text/plain"):
            return f"content type {ctype!r} where HTML was expected"
        if binary:
            return "binary content (magic bytes) where HTML was expected"
        return None
    # feed / sitemap
    if binary and not head.startswith(b"\x1f\x8b"):
        return f"binary content where a {expect} was expected"
    ok = (
        any(x in ctype for x in _XMLISH)
        or ctype.startswith("text/")
        or ctype.startswith(_HTML_TYPES)
        or ctype in _GZIP_TYPES
    )
    return None if ok else f"content type {ctype!r} where a {expect} was expected"


class HttpFetcher:
    """The polite, safe HTTP fetcher; one per worker and run, thread-safe."""

    def __init__(self, settings: Settings, run_id: str, worker: str = "w0") -> None:
        self.settings = settings
        self.run_id = run_id
        self.worker = worker
        # one file per run, worker and attempt: a killed attempt's file (its last record possibly
        # cut short) is never appended to
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        safe_run = re.sub(r"[^A-Za-z0-9._-]+", "_", run_id)
        self.warc_path = settings.warc_dir / f"{safe_run}-{worker}-{stamp}.warc.gz"
        self.warc = WarcWriter(self.warc_path)
        self.validators = ValidatorStore(settings.data_dir / "validators.json")
        self._guard = _Guard(settings.allow_loopback, resolve)
        self._session = requests.Session()
        self._session.trust_env = False  # never go through an environment proxy: it would bypass the guard
        self._session.headers.clear()
        adapter = _GuardedAdapter(self._guard, pool_maxsize=max(4, settings.workers * 2))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._lock = threading.Lock()
        self._host_next: dict[str, float] = {}
        self._host_interval: dict[str, float] = {}
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._side: list[FetchRecord] = []
        self._closed = False

    # -- configuration ---------------------------------------------------------

    @property
    def resolver(self) -> Callable[[str, int], list[tuple[int, str]]]:
        return self._guard.resolver

    @resolver.setter
    def resolver(self, func: Callable[[str, int], list[tuple[int, str]]]) -> None:
        """Replace name resolution (tests simulate DNS answers, e.g. rebinding)."""
        self._guard.resolver = func

    def set_min_interval(self, url_or_host: str, seconds: float) -> None:
        """Minimum seconds between two requests to the host of ``url_or_host`` (max with others)."""
        key = host_key(url_or_host)
        with self._lock:
            self._host_interval[key] = max(self._host_interval.get(key, 0.0), float(seconds))

    def pop_side_records(self) -> list[FetchRecord]:
        """Records of requests made on the fetcher's own account (robots.txt) since the last call."""
        with self._lock:
            side, self._side = self._side, []
        return side

    # -- politeness --------------------------------------------------------------

    def _interval(self, key: str) -> float:
        return max(self.settings.per_host_interval, self._host_interval.get(key, 0.0))

    def _wait_turn(self, key: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._host_next.get(key, 0.0))
            self._host_next[key] = start + self._interval(key)
        if start > now:
            time.sleep(start - now)

    def _back_off(self, key: str, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + seconds
            self._host_next[key] = max(self._host_next.get(key, 0.0), until)

    # -- robots.txt ----------------------------------------------------------------

    def _robots_for(self, url: str, source: str) -> Protego | None:
        key = host_key(url)
        with self._lock:
            if key in self._robots:
                return self._robots[key]
            lock = self._robots_locks.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._robots:
                    return self._robots[key]
            robots_url = key.rsplit(":", 1)[0] + (
                "" if key.endswith((":80", ":443")) else ":" + key.rsplit(":", 1)[1]
            )
            robots_url += "/robots.txt"
            result = self._fetch(
                robots_url, source=source, original_url=robots_url, expect="any", robots=False
            )
            rec = result.record
            parser: Protego | None = None
            if rec.outcome == OK and result.capture is not None:
                text = result.capture.body[:ROBOTS_CAP].decode("utf-8", "replace")
                parser = Protego.parse(text)
                delay = parser.crawl_delay(self.settings.user_agent)
                if delay:
                    delay = min(float(delay), MAX_CRAWL_DELAY)
                    self.set_min_interval(key, delay)
                    self._back_off(key, delay)  # the robots.txt request itself counts
            elif rec.status_code is not None and rec.status_code >= 500:
                # RFC 9309: an unreachable robots.txt (server error) means complete disallow.
                parser = Protego.parse("User-agent: *\nDisallow: /\n")
            with self._lock:
                self._robots[key] = parser
                self._side.append(rec)
            return parser

    # -- public API ------------------------------------------------------------

    def fetch(
        self, url: str, *, source: str = "", original_url: str | None = None, expect: str = "html"
    ) -> FetchResult:
        """Fetch one URL (redirects followed and checked hop by hop); never raises for network faults."""
        if expect not in EXPECTS:
            raise ValueError(f"expect must be one of {EXPECTS}, not {expect!r}")
        return self._fetch(url, source=source, original_url=original_url, expect=expect, robots=True)

    def _record(self, url: str, outcome: str, started: float, fetched_at: str, **kw: Any) -> FetchRecord:
        return FetchRecord(
            url=url,
            outcome=outcome,
            elapsed_ms=int((time.monotonic() - started) * 1000),
            fetched_at=fetched_at,
            run_id=self.run_id,
            **kw,
        )

    def _fetch(
        self, url: str, *, source: str, original_url: str | None, expect: str, robots: bool
    ) -> FetchResult:
        started = time.monotonic()
        fetched_at = _now_iso()
        original = original_url or url
        base = {"source": source, "original_url": original}
        if not is_fetchable_scheme(url):
            LOGGER.info("fetch outcome=%s url=%.200s", BLOCKED_SCHEME, url)
            return FetchResult(
                self._record(
                    url.strip()[:2000],
                    BLOCKED_SCHEME,
                    started,
                    fetched_at,
                    error=f"scheme not fetched: {urlsplit(url.strip()).scheme or '?'}",
                    **base,
                )
            )
        canon = canonicalize(url)
        current = canon
        cond: dict[str, str] = {}
        stored = self.validators.get(canon) if robots else None
        if stored:
            if stored.get("etag"):
                cond["If-None-Match"] = stored["etag"]
            if stored.get("last_modified"):
                cond["If-Modified-Since"] = stored["last_modified"]
        hops = 0
        last_offset: int | None = None
        while True:
            refused = self._vet(current)
            if refused is not None:
                refused.warc_offset = last_offset  # the redirect that led here, when there was one
                return self._finish(
                    canon,
                    current,
                    refused,
                    expect=expect,
                    started=started,
                    fetched_at=fetched_at,
                    stored=stored,
                    base=base,
                    remember=False,
                )
            if robots and self.settings.respect_robots:
                parser = self._robots_for(current, source)
                if parser is not None and not parser.can_fetch(current, self.settings.user_agent):
                    LOGGER.info("fetch outcome=%s url=%s", ROBOTS_DISALLOWED, current)
                    return FetchResult(
                        self._record(
                            canon,
                            ROBOTS_DISALLOWED,
                            started,
                            fetched_at,
                            final_url=current,
                            error="disallowed by robots.txt",
                            **base,
                        )
                    )
            ex = self._exchange(current, cond if hops == 0 else {}, expect)
            last_offset = ex.warc_offset if ex.warc_offset is not None else last_offset
            if ex.status in REDIRECT_STATUSES and ex.location and ex.outcome == OK:
                hops += 1
                nxt = urljoin(current, ex.location)
                if hops > self.settings.max_redirects:
                    ex.outcome = TOO_MANY_REDIRECTS
                    ex.error = f"more than {self.settings.max_redirects} redirects (last to {nxt[:300]})"
                elif not is_fetchable_scheme(nxt):
                    ex.outcome = BLOCKED_SCHEME
                    ex.error = f"redirect to a non-http(s) URL: {nxt[:300]}"
                else:
                    current = canonicalize(nxt)
                    continue
            return self._finish(
                canon,
                current,
                ex,
                expect=expect,
                started=started,
                fetched_at=fetched_at,
                stored=stored,
                base=base,
                remember=robots,
            )

    def _finish(
        self,
        canon: str,
        final: str,
        ex: _Exchange,
        *,
        expect: str,
        started: float,
        fetched_at: str,
        stored: dict[str, str] | None,
        base: dict[str, Any],
        remember: bool,
    ) -> FetchResult:
        content_type = ex.header("content-type")
        etag = ex.header("etag")
        last_modified = ex.header("last-modified")
        sha = hashlib.sha256(ex.body).hexdigest() if ex.status is not None else None
        charset: str | None = None
        capture: Capture | None = None
        if ex.outcome == OK and ex.status is not None:
            ex.outcome = self._status_outcome(ex, expect)
        if ex.outcome == OK:
            charset = detect_charset(ex.body, content_type)[0]
            if stored and etag and stored.get("etag") == etag and stored.get("sha256") not in (None, sha):
                LOGGER.warning(
                    "%s: body changed under an unchanged ETag %s; treated as new content", canon, etag
                )
            if remember:
                self.validators.put(canon, etag, last_modified, sha or "")
            ctype = (content_type or "").split(";", 1)[0].strip().lower()
            kind = (
                "text" if ctype == "text/plain" or (ctype and not ctype.startswith(_HTML_TYPES)) else "html"
            )
            record = self._record(
                canon,
                OK,
                started,
                fetched_at,
                final_url=final,
                status_code=ex.status,
                bytes=len(ex.body),
                content_type=content_type,
                charset=charset,
                warc_file=str(self.warc_path),
                warc_offset=ex.warc_offset,
                attempt=ex.attempts,
                etag=etag,
                last_modified=last_modified,
                body_sha256=sha,
                **base,
            )
            capture = Capture(
                source=str(base.get("source") or ""),
                body=ex.body,
                url=canon,
                final_url=final,
                headers=tuple(ex.headers),
                kind=kind,
                fetch=record,
            )
            LOGGER.info("fetch outcome=ok url=%s bytes=%d", canon, len(ex.body))
            return FetchResult(record, capture)
        record = self._record(
            canon,
            ex.outcome,
            started,
            fetched_at,
            final_url=final,
            status_code=ex.status,
            bytes=len(ex.body),
            content_type=content_type,
            warc_file=str(self.warc_path) if ex.warc_offset is not None else None,
            warc_offset=ex.warc_offset,
            error=ex.error,
            attempt=ex.attempts,
            etag=etag,
            last_modified=last_modified,
            body_sha256=sha,
            **base,
        )
        LOGGER.info("fetch outcome=%s url=%s error=%.200s", ex.outcome, canon, ex.error or "")
        return FetchResult(record, None)

    @staticmethod
    def _status_outcome(ex: _Exchange, expect: str) -> str:
        status = ex.status or 0
        if status == 304:
            return NOT_MODIFIED
        if status >= 300:
            return http_outcome(status)
        if ex.outcome != OK:
            return ex.outcome
        if not ex.body.strip():
            ex.error = "empty body" if not ex.body else "whitespace-only body"
            return EMPTY
        return OK

    def _vet(self, url: str) -> _Exchange | None:
        """Resolve the host and check every address before any connection (None when allowed)."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            self._guard.vetted(host, port)
        except BlockedAddressError as exc:
            return _Exchange(url, outcome=BLOCKED_ADDRESS, error=str(exc))
        except (OSError, UnicodeError, ValueError) as exc:
            return _Exchange(url, outcome=DNS_ERROR, error=f"{host}: {exc}")
        return None

    def _exchange(self, url: str, cond: dict[str, str], expect: str) -> _Exchange:
        """One hop: address check, politeness, request with retries, bounded body, WARC."""
        s = self.settings
        key = host_key(url)
        retry = Retry(
            total=s.retries,
            connect=s.retries,
            read=0,
            status=s.retries,
            other=0,
            redirect=0,
            backoff_factor=s.backoff_factor,
            backoff_max=max(s.max_retry_after, 0.0),
            status_forcelist=RETRY_STATUSES,
            respect_retry_after_header=True,
            retry_after_max=max(int(s.max_retry_after), 0),
            raise_on_status=False,
        )
        headers = {"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate, br", **cond}
        headers["Accept"] = (
            "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
            if expect == "html"
            else "application/rss+xml,application/atom+xml,application/xml,text/xml;q=0.9,*/*;q=0.5"
        )
        attempt = 0
        while True:
            attempt += 1
            self._wait_turn(key)
            ex = self._attempt(url, headers, expect)
            ex.attempts = attempt
            if ex.outcome == CONNECTION_ERROR:
                try:
                    retry = retry.increment("GET", url, error=NewConnectionError(None, ex.error or ""))  # type: ignore[arg-type]
                except MaxRetryError:
                    return ex
                time.sleep(min(retry.get_backoff_time(), s.max_retry_after))
                continue
            if ex.status is None or ex.outcome != OK:
                return ex
            has_after = ex.header("retry-after") is not None
            if not retry.is_retry("GET", ex.status, has_retry_after=has_after):
                return ex
            try:
                fake = _StatusOnly(ex.status, ex.header("retry-after"))
                retry = retry.increment("GET", url, response=fake)  # type: ignore[arg-type]
            except MaxRetryError:
                return ex
            after = retry.parse_retry_after(ex.header("retry-after") or "") if has_after else None
            wait = min(after if after is not None else retry.get_backoff_time(), s.max_retry_after)
            LOGGER.info("retry %s after %.2fs (status %s, attempt %d)", url, wait, ex.status, attempt)
            if ex.status == 429 or after is not None:
                self._back_off(key, wait)  # the whole host waits; other hosts go on
            elif wait > 0:
                time.sleep(wait)

    def _attempt(self, url: str, headers: dict[str, str], expect: str) -> _Exchange:
        s = self.settings
        ctx = _Deadline()
        self._guard.local.ctx = ctx
        timer = threading.Timer(s.deadline, ctx.expire)
        timer.daemon = True
        timer.start()
        resp: requests.Response | None = None
        ex = _Exchange(url)
        truncated: str | None = None
        try:
            try:
                resp = self._session.get(
                    url,
                    headers=headers,
                    stream=True,
                    allow_redirects=False,
                    timeout=(s.connect_timeout, s.read_timeout),
                )
            except (requests.RequestException, OSError) as exc:
                ex.outcome, ex.error = _classify(exc, ctx)
                return ex
            ex.status = resp.status_code
            ex.reason = resp.reason or ""
            ex.headers = [(str(k), str(v)) for k, v in resp.raw.headers.items()]
            ex.ip = ctx.ip
            ex.location = resp.headers.get("location")
            content_type = resp.headers.get("content-type", "")
            cap = s.max_bytes
            ok_status = 200 <= resp.status_code < 300
            if not ok_status:
                cap = min(cap, ERROR_BODY_CAP)
            body, truncated, problem = self._read_body(
                resp, cap=cap, ctx=ctx, ok_status=ok_status, content_type=content_type, expect=expect
            )
            ex.body = body
            if problem is not None:
                ex.outcome, ex.error = problem
            return ex
        finally:
            timer.cancel()
            self._guard.local.ctx = None
            if resp is not None:
                self._archive(ex, resp, truncated)
                resp.close()

    def _read_body(
        self,
        resp: requests.Response,
        *,
        cap: int,
        ctx: _Deadline,
        ok_status: bool,
        content_type: str,
        expect: str,
    ) -> tuple[bytes, str | None, tuple[str, str] | None]:
        """Stream the body, decoding with the cap counted after decompression.

        Returns (bytes, WARC-Truncated reason, (outcome, error) when the body is refused).
        """
        decoder = _Decoder(resp.headers.get("content-encoding", "identity"))
        deadline_at = time.monotonic() + self.settings.deadline
        chunks: list[bytes] = []
        size = 0
        raw_size = 0
        checked = not ok_status
        limit = cap
        while True:
            try:
                raw = resp.raw.read1(CHUNK, decode_content=False)
            except Exception as exc:
                if ctx.expired or time.monotonic() >= deadline_at:
                    return (
                        b"".join(chunks),
                        "time",
                        (DEADLINE, f"total deadline {self.settings.deadline}s exceeded"),
                    )
                outcome = TIMEOUT if _find(exc, TimeoutError) is not None else CONNECTION_ERROR
                return b"".join(chunks), "disconnect", (outcome, f"body read failed: {exc}"[:300])
            if not raw:
                if ctx.expired:
                    return (
                        b"".join(chunks),
                        "time",
                        (DEADLINE, f"total deadline {self.settings.deadline}s exceeded"),
                    )
                break
            raw_size += len(raw)
            try:
                out, over = decoder.feed(raw, limit - size)
            except (zlib.error, brotli.error) as exc:
                return (
                    b"".join(chunks),
                    "disconnect",
                    (CONNECTION_ERROR, f"bad content-encoding: {exc}"[:300]),
                )
            chunks.append(out)
            size += len(out)
            if not checked and size:
                checked = True
                head = b"".join(chunks)[:512]
                problem = _content_problem(content_type, head, expect)
                if problem:
                    limit = min(cap, ERROR_BODY_CAP)
                    body = b"".join(chunks)[:limit]
                    return body, "length", (NOT_HTML, problem)
            if over or raw_size > cap:
                if not ok_status:
                    return b"".join(chunks), "length", None
                return b"".join(chunks), "length", (TOO_LARGE, f"body larger than {cap} bytes (decoded)")
            if ctx.expired or time.monotonic() >= deadline_at:
                return (
                    b"".join(chunks),
                    "time",
                    (DEADLINE, f"total deadline {self.settings.deadline}s exceeded"),
                )
        body = b"".join(chunks)
        if not checked:
            problem = _content_problem(content_type, body[:512], expect)
            if problem and body.strip():
                return body, None, (NOT_HTML, problem)
        return body, None, None

    def _archive(self, ex: _Exchange, resp: requests.Response, truncated: str | None) -> None:
        try:
            req_headers = [(str(k), str(v)) for k, v in resp.request.headers.items()]
            host = urlsplit(ex.url).netloc
            req_headers.insert(0, ("Host", host))
            ex.warc_offset = self.warc.write(
                ex.url,
                req_headers,
                f"{ex.status} {ex.reason}",
                ex.headers,
                ex.body,
                ip=ex.ip,
                truncated=truncated if truncated else ("length" if ex.outcome == TOO_LARGE else None),
            )
        except OSError:
            LOGGER.exception("WARC write failed for %s", ex.url)
            raise

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.validators.save()
        self.warc.close()
        self._session.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _StatusOnly:
    """Minimal response stand-in for ``Retry.increment`` (status + Retry-After only)."""

    def __init__(self, status: int, retry_after: str | None) -> None:
        self.status = status
        self._retry_after = retry_after

    def get_redirect_location(self) -> bool:
        return False

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": self._retry_after} if self._retry_after else {}

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name, default)
