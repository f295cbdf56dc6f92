"""Politeness: per-host turns (minimum interval, crawl-delay, Retry-After back-off), robots.txt, validators."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from protego import Protego

from pipeline.acquire.outcomes import OK, FetchResult
from pipeline.acquire.urls import host_key
from pipeline.core.models import FetchRecord
from pipeline.core.settings import Settings

LOGGER = logging.getLogger(__name__)

MAX_CRAWL_DELAY = 60.0
ROBOTS_CAP = 512 * 1024


class Politeness:
    """When each host may be asked next, and what its robots.txt allows; thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._host_next: dict[str, float] = {}
        self._host_interval: dict[str, float] = {}
        self._robots: dict[str, Protego | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._side: list[FetchRecord] = []

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

    def _interval(self, key: str) -> float:
        return max(self.settings.per_host_interval, self._host_interval.get(key, 0.0))

    def wait_turn(self, key: str) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._host_next.get(key, 0.0))
            self._host_next[key] = start + self._interval(key)
        if start > now:
            time.sleep(start - now)

    def back_off(self, key: str, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + seconds
            self._host_next[key] = max(self._host_next.get(key, 0.0), until)

    def robots_for(self, url: str, source: str, fetch: Callable[[str, str], FetchResult]) -> Protego | None:
        """The host's robots.txt rules, fetched once per host with ``fetch(url, source)``; None = allow all."""
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
            result = fetch(robots_url, source)
            rec = result.record
            parser: Protego | None = None
            if rec.outcome == OK and result.capture is not None:
                text = result.capture.body[:ROBOTS_CAP].decode("utf-8", "replace")
                parser = Protego.parse(text)
                delay = parser.crawl_delay(self.settings.user_agent)
                if delay:
                    delay = min(float(delay), MAX_CRAWL_DELAY)
                    self.set_min_interval(key, delay)
                    self.back_off(key, delay)  # the robots.txt request itself counts
            elif rec.status_code is not None and rec.status_code >= 500:
                # RFC 9309: an unreachable robots.txt (server error) means complete disallow.
                parser = Protego.parse("User-agent: *\nDisallow: /\n")
            with self._lock:
                self._robots[key] = parser
                self._side.append(rec)
            return parser


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
