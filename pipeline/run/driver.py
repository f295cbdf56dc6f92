"""The in-process runner: discover -> fetch/read -> parse -> clean -> dedupe -> extract -> stage -> load."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from pipeline.acquire.discover import expand_inputs, source_candidates
from pipeline.acquire.local import LocalArchive, LocalItem, read_local, time_cap
from pipeline.acquire.outcomes import NOT_FAILED
from pipeline.acquire.parse import parse
from pipeline.core.models import Article, Candidate, Capture, FetchRecord, InputError
from pipeline.core.settings import Settings
from pipeline.core.sources import Source
from pipeline.core.text import stable_id
from pipeline.extract.clean import clean_jsonl_record
from pipeline.run.document import build_article, extract_document
from pipeline.store.stage import StageWriter, fetch_row

LOGGER = logging.getLogger(__name__)

Progress = Callable[[str], None]
# the progress hook: tick(done, total) — ``total`` inputs found, ``done`` inputs finished (a crawl,
# whose total is not known up front, only reports done)
Tick = Callable[[int, int], None]
# a bug met on one input (extraction raised something unforeseen): recorded, the run goes on
EXTRACT_ERROR = "extract_error"


@dataclass
class PartResult:
    """What one part (a source, or the CLI inputs) produced."""

    part: str
    outcomes: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    failures: list[str] = field(default_factory=list)
    robots: Counter[str] = field(default_factory=Counter)  # robots.txt requests: in outcomes, not inputs

    def as_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "outcomes": dict(self.outcomes),
            "robots": dict(self.robots),
            "articles": self.articles,
            "failures": self.failures[:50],
        }


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _article_from_capture(capture: Capture, source: Source | None) -> Article:
    doc = parse(capture)
    return extract_document(
        doc,
        source_name=capture.source,
        profile=source.profile if source else None,
        timezone=source.timezone if source else None,
    )


def _article_from_item(item: LocalItem, source: Source | None) -> Article | None:
    """The article of one local item (a page, a text dump, a JSON article); InputError when none."""
    if item.capture is not None:
        return _article_from_capture(item.capture, source)
    if item.fields is not None:
        cleaned = clean_jsonl_record(item.fields, item.where)
        return build_article(
            cleaned,
            source=item.record.source,
            kind="text",
            url=cleaned.meta.canonical_url,
            input_name=item.where,
        )
    return None


def process_candidate(
    candidate: Candidate,
    source: Source | None,
    settings: Settings,
    run_id: str,
    *,
    archive: bool = False,
) -> Iterator[tuple[FetchRecord, Article | None]]:
    """Every outcome of one candidate: a fetch/read record and the article, if any.

    Local inputs are read by ``pipeline.acquire.local`` (caps, gzip, dumps line by line, WARC
    records one by one); each item's extraction runs under ``settings.extract_deadline``. With
    ``archive``, local inputs are written to this run's WARC archive as ``resource`` records.
    """
    if candidate.path is None:
        assert candidate.url is not None
        yield from _fetch_all([candidate.url], candidate.source, source, settings, run_id)
        return
    keep = LocalArchive.for_run(settings, run_id) if archive and not run_id.startswith("rebuild-") else None
    for item in read_local(candidate, settings, run_id, keep):
        if item.capture is None and item.fields is None:
            yield item.record, None
            continue
        try:
            with time_cap(settings.extract_deadline, item.where):
                article = _article_from_item(item, source)
        except InputError as exc:
            LOGGER.warning("%s", exc)
            yield replace(item.record, outcome=exc.outcome, error=exc.problem), None
            continue
        except Exception as exc:  # one input's bug must not end the run
            yield replace(item.record, outcome=EXTRACT_ERROR, error=_unexpected(item.where, exc)), None
            continue
        yield item.record, article


def _unexpected(where: str, exc: Exception) -> str:
    """Log one line (the traceback at debug level) and return the error text for the fetch row."""
    LOGGER.error(
        "%s: extraction failed: %s: %s (recorded as %s)", where, type(exc).__name__, exc, EXTRACT_ERROR
    )
    LOGGER.debug("traceback of the failed extraction of %s", where, exc_info=exc)
    return f"{type(exc).__name__}: {exc}"[:1000]


def _fetch_all(
    urls: Sequence[str], source_name: str, source: Source | None, settings: Settings, run_id: str
) -> Iterator[tuple[FetchRecord, Article | None]]:
    """Fetch explicit URLs with one fetcher (shared robots cache, parallel hosts)."""
    from pipeline.acquire.crawl import fetch_urls

    for result in fetch_urls(list(urls), source_name, settings, run_id):
        yield from _with_article(result.record, result.capture, source)


def _with_article(
    record: FetchRecord, capture: Capture | None, source: Source | None
) -> Iterator[tuple[FetchRecord, Article | None]]:
    if capture is None:
        yield record, None
        return
    try:
        article = _article_from_capture(capture, source)
    except InputError as exc:
        yield FetchRecord(**{**record.__dict__, "outcome": exc.outcome, "error": exc.problem}), None
        return
    except Exception as exc:  # one page's bug must not end the run
        yield replace(record, outcome=EXTRACT_ERROR, error=_unexpected(record.url, exc)), None
        return
    yield record, article


def _stage_results(
    writer: StageWriter,
    results: Iterator[tuple[FetchRecord, Article | None]],
    result: PartResult,
    max_articles: int,
    progress: Progress | None,
    tick: Tick | None = None,
) -> None:
    """Stage each record; ``tick`` (URL and crawl results) counts each one that is not robots.txt."""
    for record, article in results:
        if article is not None and max_articles and result.articles >= max_articles:
            record = FetchRecord(**{**record.__dict__, "outcome": "skipped_limit"})
            article = None
        # the source is part of the key: two outlets on one host each fetch its robots.txt, possibly
        # in the same millisecond, and neither row may replace the other
        fetch_id = stable_id(
            record.run_id or "",
            record.source,
            record.url,
            record.original_url or "",
            str(record.attempt),
            record.fetched_at or "",
        )
        if record.fetched_at and record.url.startswith("/"):
            fetch_id = stable_id(record.run_id or "", record.url, str(record.attempt))
        writer.add("fetches", fetch_row(record, fetch_id, article.article_id if article else None))
        result.outcomes[record.outcome] += 1
        robots = urlsplit(record.url).path == "/robots.txt" and "://" in record.url
        if robots:
            result.robots[record.outcome] += 1
        elif tick:
            tick(1, 0)
        if article is not None:
            originals = [u for u in (record.original_url, record.url, record.final_url) if u and "://" in u]
            writer.add_article(article, originals)
            result.articles += 1
            if progress:
                progress(f"{article.source}: {article.title or article.input or article.article_id}")
        elif record.outcome not in NOT_FAILED and not robots:
            result.failures.append(
                f"{record.url}: {record.outcome}{': ' + record.error if record.error else ''}"
            )


def _each_file(
    files: Sequence[Candidate], source: Source | None, settings: Settings, run_id: str, tick: Tick | None
) -> Iterator[tuple[FetchRecord, Article | None]]:
    """The records of each local input in turn; ``tick(1, 0)`` once an input is done."""
    for candidate in files:
        yield from process_candidate(candidate, source, settings, run_id, archive=True)
        if tick:
            tick(1, 0)


_WORKER: dict[str, Any] = {}  # in a worker process: "done", the shared count of finished inputs


def _init_worker(done: Any) -> None:
    _WORKER["done"] = done


def _worker_tick(done: int, total: int) -> None:
    counter = _WORKER.get("done")
    if counter is not None:
        with counter.get_lock():
            counter.value += done


def _stage_chunk(
    settings: Settings, run_id: str, part: str, source: Source | None, files: Sequence[Candidate]
) -> PartResult:
    """One worker process: its share of the local inputs, published as its own staged part."""
    result = PartResult(part=part)
    writer = StageWriter(settings.staging_dir, run_id, part)
    try:
        results = _each_file(files, source, settings, run_id, _worker_tick)
        _stage_results(writer, results, result, 0, None)
        writer.publish()
    except BaseException:
        writer.abort()
        raise
    return result


def _stage_files(
    settings: Settings,
    run_id: str,
    part: str,
    source: Source | None,
    files: Sequence[Candidate],
    writer: StageWriter,
    result: PartResult,
    max_articles: int,
    progress: Progress | None,
    tick: Tick | None = None,
) -> None:
    """Local inputs in this process, or spread over ``settings.processes`` worker processes."""
    if tick:
        tick(0, len(files))
    workers = min(settings.processes, len(files))
    if workers <= 1 or max_articles:
        _stage_results(
            writer, _each_file(files, source, settings, run_id, tick), result, max_articles, progress
        )
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    chunks = [list(files[i::workers]) for i in range(workers)]
    context = multiprocessing.get_context("fork")
    done_count = context.Value("q", 0)  # the workers count finished inputs here, for the progress hook
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(done_count,)
    ) as pool:
        futures = [
            pool.submit(_stage_chunk, settings, run_id, f"{part}.p{i}", source, chunk)
            for i, chunk in enumerate(chunks)
        ]
        pending, reported = set(futures), 0
        while pending:
            _, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if tick and done_count.value > reported:
                tick(done_count.value - reported, 0)
                reported = done_count.value
        for future in futures:
            done = future.result()
            result.outcomes.update(done.outcomes)
            result.articles += done.articles
            result.failures.extend(done.failures)
            result.robots.update(done.robots)
            if progress:
                progress(f"{done.part}: {done.articles} articles")


def stage_part(
    settings: Settings,
    run_id: str,
    part: str,
    *,
    source: Source | None = None,
    inputs: Sequence[str] = (),
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    max_articles: int = 0,
    progress: Progress | None = None,
    tick: Tick | None = None,
) -> PartResult:
    """Process one source (or explicit inputs) and publish its staged part. Never raises for bad input."""
    result = PartResult(part=part)
    writer = StageWriter(settings.staging_dir, run_id, part)
    try:
        source_name = source.name if source else "cli"
        if inputs:
            candidates = expand_inputs(inputs, source_name)
            files = [c for c in candidates if c.path is not None]
            urls = [c.url for c in candidates if c.path is None and c.url]
            _stage_files(settings, run_id, part, source, files, writer, result, max_articles, progress, tick)
            if urls:
                if tick:
                    tick(0, len(urls))
                _stage_results(
                    writer,
                    _fetch_all(urls, source_name, source, settings, run_id),
                    result,
                    max_articles,
                    progress,
                    tick,
                )
        elif source is not None and source.kind == "offline":
            files = source_candidates(source)
            _stage_files(settings, run_id, part, source, files, writer, result, max_articles, progress, tick)
        elif source is not None:
            from pipeline.acquire.crawl import crawl_source

            crawled = (
                item
                for r in crawl_source(
                    source, settings, run_id, since=since, until=until, max_articles=max_articles
                )
                for item in _with_article(r.record, r.capture, source)
            )
            _stage_results(writer, crawled, result, 0, progress, tick)
        writer.publish()
    except BaseException:
        writer.abort()
        raise
    return result


def select_sources(sources: Sequence[Source], names: Sequence[str] = ()) -> list[Source]:
    """The named sources (any state), or every enabled one."""
    if names:
        from pipeline.core.sources import find_source

        return [find_source(list(sources), n) for n in names]
    return [s for s in sources if s.enabled]


def new_run_id(trigger: str = "cli") -> str:
    return f"{trigger}-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%S%fZ')}"


def run(
    settings: Settings,
    *,
    sources: Sequence[Source],
    inputs: Sequence[str] = (),
    source_names: Sequence[str] = (),
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    run_id: str | None = None,
    trigger: str = "cli",
    dry_run: bool = False,
    progress: Progress | None = None,
    tick: Tick | None = None,
) -> dict[str, Any]:
    """Run the whole pipeline in-process; returns a summary (parts, load counts)."""
    run_id = run_id or new_run_id(trigger)
    started = now_iso()
    parts: list[PartResult] = []
    used: list[Source] = []
    if inputs:
        named = select_sources(sources, source_names) if source_names else []
        src = named[0] if named else None
        parts.append(
            stage_part(
                settings,
                run_id,
                src.name if src else "inputs",
                source=src,
                inputs=inputs,
                max_articles=settings.max_articles_per_source,  # explicit inputs count as one source
                progress=progress,
                tick=tick,
            )
        )
        used = named[:1]
    else:
        used = select_sources(sources, source_names)
        for src in used:
            parts.append(
                stage_part(
                    settings,
                    run_id,
                    src.name,
                    source=src,
                    since=since,
                    until=until,
                    max_articles=settings.max_articles_per_source,
                    progress=progress,
                    tick=tick,
                )
            )
    summary: dict[str, Any] = {
        "run_id": run_id,
        "parts": [p.as_dict() for p in parts],
        "staged_articles": sum(p.articles for p in parts),
        "outcomes": dict(sum((p.outcomes for p in parts), Counter())),
        "robots": dict(sum((p.robots for p in parts), Counter())),
        "dry_run": dry_run,
    }
    if dry_run:
        return summary
    info = {
        "trigger": trigger,
        "started_at": started,
        "sources": [s.name for s in used] or ["inputs"],
        "data_interval_start": since.isoformat() if since else None,
        "data_interval_end": until.isoformat() if until else None,
    }
    from pipeline.run.after_load import load_and_finish

    summary["load"] = load_and_finish(settings, run_id, run_info=info, sources=used)
    return summary
