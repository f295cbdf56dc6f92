"""HTTP transport: one guarded hop with retries and backoff, the body read under caps, every exchange archived."""

from __future__ import annotations

import logging
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import brotli
import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.util.retry import Retry

from pipeline.acquire.guard import BlockedAddressError, _Deadline, _Guard, _GuardedAdapter
from pipeline.acquire.outcomes import (
    BLOCKED_ADDRESS,
    CONNECTION_ERROR,
    DEADLINE,
    DNS_ERROR,
    EMPTY,
    NOT_HTML,
    NOT_MODIFIED,
    OK,
    TIMEOUT,
    TLS_ERROR,
    TOO_LARGE,
    http_outcome,
)
from pipeline.acquire.politeness import Politeness
from pipeline.acquire.urls import host_key
from pipeline.acquire.warc import WarcWriter
from pipeline.core.models import header_value
from pipeline.core.settings import Settings

LOGGER = logging.getLogger(__name__)

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
        return header_value(self.headers, name)


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


class Transport:
    """Requests through the guarded session: politeness turns, retries, caps, deadline, WARC records."""

    def __init__(self, settings: Settings, guard: _Guard, politeness: Politeness, warc: WarcWriter) -> None:
        self.settings = settings
        self.politeness = politeness
        self.warc = warc
        self._guard = guard
        self._session = requests.Session()
        self._session.trust_env = False  # never go through an environment proxy: it would bypass the guard
        self._session.headers.clear()
        adapter = _GuardedAdapter(guard, pool_maxsize=max(4, settings.workers * 2))
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    @staticmethod
    def status_outcome(ex: _Exchange, expect: str) -> str:
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

    def vet(self, url: str) -> _Exchange | None:
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

    def exchange(self, url: str, cond: dict[str, str], expect: str) -> _Exchange:
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
            self.politeness.wait_turn(key)
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
                self.politeness.back_off(key, wait)  # the whole host waits; other hosts go on
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
        self._session.close()


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
