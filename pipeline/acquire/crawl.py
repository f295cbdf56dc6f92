"""Crawl: discover a source's article URLs (feeds, sitemaps, lists) and fetch them politely in parallel."""

from __future__ import annotations

import dataclasses
import logging
import queue
import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from pipeline.acquire.feeds import parse_feed
from pipeline.acquire.fetch import DUPLICATE_URL, FEED_ERROR, OK, SITEMAP_ERROR, FetchResult, HttpFetcher
from pipeline.acquire.sitemaps import MAX_DEPTH, MAX_SITEMAPS, SitemapError, parse_sitemap
from pipeline.acquire.urls import canonicalize, host_key, is_fetchable_scheme
from pipeline.core.models import Candidate, FetchRecord
from pipeline.core.settings import Settings
from pipeline.core.sources import Source

LOGGER = logging.getLogger(__name__)

_POLL = 0.05


def parse_when(value: str | None) -> datetime | None:
    """A feed/sitemap date (ISO 8601 / W3C datetime, or a bare date) as an aware UTC datetime."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}", text):
        text = text[:16] + ":00" + text[16:]
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _in_window(when: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    if when is None:
        return True
    if since is not None and when < _aware(since):
        return False
    return not (until is not None and when >= _aware(until))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _without_capture(result: FetchResult, **changes: object) -> FetchResult:
    record = dataclasses.replace(result.record, **changes) if changes else result.record  # type: ignore[arg-type]
    return FetchResult(record, None)


def _drain(fetcher: HttpFetcher) -> Iterator[FetchResult]:
    for record in fetcher.pop_side_records():
        yield FetchResult(record, None)


def _feed_candidates(source: Source, fetcher: HttpFetcher, found: list[Candidate]) -> Iterator[FetchResult]:
    for feed_url in source.feeds:
        tried_alternate = False
        queue_: list[str] = [feed_url]
        while queue_:
            url = queue_.pop(0)
            result = fetcher.fetch(url, source=source.name, expect="feed")
            yield from _drain(fetcher)
            if result.record.outcome != OK or result.capture is None:
                yield _without_capture(result)
                continue
            parsed = parse_feed(
                result.capture.body,
                result.capture.final_url or url,
                content_type=result.capture.header("content-type"),
            )
            problems = "; ".join(parsed.problems) or None
            if parsed.is_html:
                note = problems or "feed URL returned an HTML page"
                if parsed.alternates and not tried_alternate:
                    tried_alternate = True
                    queue_.append(parsed.alternates[0])
                    note += f"; autodiscovery: trying {parsed.alternates[0]}"
                else:
                    note += "; autodiscovery found no feed link" if not parsed.alternates else ""
                yield _without_capture(result, outcome=FEED_ERROR, error=note[:1000])
                continue
            if not parsed.entries and not parsed.rejected and parsed.problems:
                yield _without_capture(result, outcome=FEED_ERROR, error=(problems or "")[:1000])
                continue
            yield _without_capture(result, error=problems[:1000] if problems else None)
            for entry in parsed.entries:
                found.append(
                    Candidate(
                        source=source.name,
                        url=entry.url,
                        original_url=entry.original_url,
                        origin="feed",
                        published_hint=entry.published,
                        title_hint=entry.title,
                    )
                )
            for link in parsed.rejected:
                found.append(Candidate(source=source.name, url=link, original_url=link, origin="feed"))


def _sitemap_candidates(
    source: Source, fetcher: HttpFetcher, found: list[Candidate]
) -> Iterator[FetchResult]:
    todo: list[tuple[str, int]] = [(canonicalize(u), 0) for u in source.sitemaps]
    visited: set[str] = set()
    while todo:
        url, depth = todo.pop(0)
        if url in visited:
            continue
        if len(visited) >= MAX_SITEMAPS:
            LOGGER.warning(
                "%s: sitemap budget of %d files reached; %s skipped", source.name, MAX_SITEMAPS, url
            )
            break
        visited.add(url)
        result = fetcher.fetch(url, source=source.name, expect="sitemap")
        yield from _drain(fetcher)
        if result.record.outcome != OK or result.capture is None:
            yield _without_capture(result)
            continue
        try:
            parsed = parse_sitemap(result.capture.body, result.capture.final_url or url)
        except SitemapError as exc:
            yield _without_capture(result, outcome=SITEMAP_ERROR, error=str(exc)[:1000])
            continue
        problems = list(parsed.problems)
        for child in parsed.sitemaps:
            if child in visited:
                problems.append(f"already visited: {child[:200]}")
            elif depth + 1 > MAX_DEPTH:
                problems.append(f"depth cap {MAX_DEPTH} reached: {child[:200]} skipped")
            else:
                todo.append((child, depth + 1))
        yield _without_capture(result, error="; ".join(problems)[:1000] or None)
        for entry in parsed.entries:
            found.append(
                Candidate(
                    source=source.name,
                    url=entry.url,
                    original_url=entry.original_url,
                    origin="sitemap",
                    published_hint=entry.published or entry.lastmod,
                    title_hint=entry.title,
                )
            )
        for link in parsed.rejected:
            found.append(Candidate(source=source.name, url=link, original_url=link, origin="sitemap"))


def select_candidates(
    found: Sequence[Candidate],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_articles: int = 0,
) -> list[Candidate]:
    """Window (when a date is known), include/exclude patterns, dedupe by canonical URL, cap."""
    inc = [re.compile(p) for p in include]
    exc = [re.compile(p) for p in exclude]
    kept: dict[str, Candidate] = {}
    for cand in found:
        url = cand.url or ""
        if not _in_window(parse_when(cand.published_hint), since, until):
            continue
        if is_fetchable_scheme(url):
            if inc and not any(p.search(url) for p in inc):
                continue
            if any(p.search(url) for p in exc):
                continue
        key = canonicalize(url)
        if key not in kept:
            kept[key] = cand
    selected = list(kept.values())
    if max_articles > 0 and len(selected) > max_articles:
        epoch = datetime.min.replace(tzinfo=UTC)
        selected.sort(key=lambda c: parse_when(c.published_hint) or epoch, reverse=True)
        selected = selected[:max_articles]
    return selected


def merged_variants(
    found: Sequence[Candidate], selected: Sequence[Candidate], run_id: str
) -> Iterator[FetchResult]:
    """A `duplicate_url` record for every discovered URL merged into a selected one.

    The same article behind tracking parameters or a fragment is fetched once; the other
    spellings keep a row (original URL, canonical URL) so nothing discovered goes unrecorded.
    """
    chosen = {canonicalize(c.url or ""): (c.original_url or c.url) for c in selected}
    seen: set[str] = set()
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    for cand in found:
        original = cand.original_url or cand.url or ""
        key = canonicalize(cand.url or "")
        if key not in chosen or original == chosen[key] or original in seen:
            continue
        seen.add(original)
        yield FetchResult(
            FetchRecord(
                url=key,
                original_url=original,
                outcome=DUPLICATE_URL,
                source=cand.source,
                run_id=run_id,
                fetched_at=now,
            )
        )


def _fetch_parallel(
    fetcher: HttpFetcher, candidates: Sequence[Candidate], workers: int
) -> Iterator[FetchResult]:
    """Fetch candidates: one task per host (politeness inside a host), hosts in parallel."""
    groups: dict[str, list[Candidate]] = {}
    for cand in candidates:
        url = cand.url or ""
        key = host_key(url) if is_fetchable_scheme(url) else ""
        groups.setdefault(key, []).append(cand)
    results: queue.Queue[FetchResult] = queue.Queue()
    stop = threading.Event()

    def run(group: list[Candidate]) -> None:
        for cand in group:
            if stop.is_set():
                return
            results.put(
                fetcher.fetch(
                    cand.url or "", source=cand.source, original_url=cand.original_url, expect="html"
                )
            )

    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(groups) or 1)), thread_name_prefix="fetch")
    futures: list[Future[None]] = []
    try:
        futures = [pool.submit(run, group) for group in groups.values()]
        while True:
            try:
                item = results.get(timeout=_POLL)
            except queue.Empty:
                if all(f.done() for f in futures) and results.empty():
                    break
                continue
            yield from _drain(fetcher)
            yield item
        yield from _drain(fetcher)
        for fut in futures:
            fut.result()
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


def crawl_source(
    source: Source,
    settings: Settings,
    run_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    max_articles: int = 0,
    fetcher: HttpFetcher | None = None,
) -> Iterator[FetchResult]:
    """Discover and fetch a source; yields a FetchResult for every request (and every refused URL).

    Feed/sitemap/robots.txt results carry no capture; article results carry one when ``ok``.
    """
    own = fetcher is None
    active = fetcher if fetcher is not None else HttpFetcher(settings, run_id)
    try:
        for url in (*source.feeds, *source.sitemaps, *source.urls, *(source.homepage or "",)):
            if is_fetchable_scheme(url):
                active.set_min_interval(url, source.rate_limit)
        found: list[Candidate] = []
        yield from _feed_candidates(source, active, found)
        yield from _sitemap_candidates(source, active, found)
        for url in source.urls:
            found.append(Candidate(source=source.name, url=url, original_url=url, origin="url"))
        limit = max_articles or settings.max_articles_per_source
        selected = select_candidates(
            found,
            since=since,
            until=until,
            include=source.include,
            exclude=source.exclude,
            max_articles=limit,
        )
        for cand in selected:
            if cand.url and is_fetchable_scheme(cand.url):
                active.set_min_interval(cand.url, source.rate_limit)
        LOGGER.info("%s: %d candidates discovered, %d selected", source.name, len(found), len(selected))
        yield from merged_variants(found, selected, run_id)
        yield from _fetch_parallel(active, selected, settings.workers)
    finally:
        if own:
            active.close()


def fetch_urls(urls: Sequence[str], source: str, settings: Settings, run_id: str) -> Iterator[FetchResult]:
    """Fetch an explicit URL list (``newsflow ingest https://…``); one result per URL (+ robots.txt)."""
    found = [Candidate(source=source, url=u, original_url=u, origin="url") for u in urls]
    cands = select_candidates(found)
    yield from merged_variants(found, cands, run_id)
    with HttpFetcher(settings, run_id) as fetcher:
        yield from _fetch_parallel(fetcher, cands, settings.workers)
