"""Fetch: a polite, safe HTTP fetcher (robots, rate limits, SSRF guard, caps) that archives to WARC."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from pipeline.acquire.guard import BlockedAddressError, _Guard, resolve
from pipeline.acquire.outcomes import (
    BLOCKED_ADDRESS,
    BLOCKED_SCHEME,
    CONNECTION_ERROR,
    DEADLINE,
    DNS_ERROR,
    DUPLICATE_URL,
    EMPTY,
    FEED_ERROR,
    NOT_HTML,
    NOT_MODIFIED,
    OK,
    OUTCOMES,
    ROBOTS_DISALLOWED,
    SITEMAP_ERROR,
    TIMEOUT,
    TLS_ERROR,
    TOO_LARGE,
    TOO_MANY_REDIRECTS,
    FetchResult,
    http_outcome,
    is_outcome,
)
from pipeline.acquire.parse import detect_charset
from pipeline.acquire.politeness import Politeness, ValidatorStore
from pipeline.acquire.transport import _HTML_TYPES, EXPECTS, REDIRECT_STATUSES, Transport, _Exchange
from pipeline.acquire.urls import canonicalize, is_fetchable_scheme
from pipeline.acquire.warc import WarcWriter
from pipeline.core.models import Capture, FetchRecord
from pipeline.core.settings import Settings

__all__ = [
    "BLOCKED_ADDRESS",
    "BLOCKED_SCHEME",
    "CONNECTION_ERROR",
    "DEADLINE",
    "DNS_ERROR",
    "DUPLICATE_URL",
    "EMPTY",
    "FEED_ERROR",
    "NOT_HTML",
    "NOT_MODIFIED",
    "OK",
    "OUTCOMES",
    "ROBOTS_DISALLOWED",
    "SITEMAP_ERROR",
    "TIMEOUT",
    "TLS_ERROR",
    "TOO_LARGE",
    "TOO_MANY_REDIRECTS",
    "BlockedAddressError",
    "FetchResult",
    "HttpFetcher",
    "http_outcome",
    "is_outcome",
]

LOGGER = logging.getLogger(__name__)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
        self.politeness = Politeness(settings)
        self.transport = Transport(settings, self._guard, self.politeness, self.warc)
        self._closed = False

    @property
    def resolver(self) -> Callable[[str, int], list[tuple[int, str]]]:
        return self._guard.resolver

    @resolver.setter
    def resolver(self, func: Callable[[str, int], list[tuple[int, str]]]) -> None:
        """Replace name resolution (tests simulate DNS answers, e.g. rebinding)."""
        self._guard.resolver = func

    def set_min_interval(self, url_or_host: str, seconds: float) -> None:
        """Minimum seconds between two requests to the host of ``url_or_host`` (max with others)."""
        self.politeness.set_min_interval(url_or_host, seconds)

    def pop_side_records(self) -> list[FetchRecord]:
        """Records of requests made on the fetcher's own account (robots.txt) since the last call."""
        return self.politeness.pop_side_records()

    def fetch(
        self, url: str, *, source: str = "", original_url: str | None = None, expect: str = "html"
    ) -> FetchResult:
        """Fetch one URL (redirects followed and checked hop by hop); never raises for network faults."""
        if expect not in EXPECTS:
            raise ValueError(f"expect must be one of {EXPECTS}, not {expect!r}")
        return self._fetch(url, source=source, original_url=original_url, expect=expect, robots=True)

    def _fetch_robots(self, url: str, source: str) -> FetchResult:
        return self._fetch(url, source=source, original_url=url, expect="any", robots=False)

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
            refused = self.transport.vet(current)
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
                parser = self.politeness.robots_for(current, source, self._fetch_robots)
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
            ex = self.transport.exchange(current, cond if hops == 0 else {}, expect)
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
            ex.outcome = Transport.status_outcome(ex, expect)
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

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.validators.save()
        self.warc.close()
        self.transport.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
