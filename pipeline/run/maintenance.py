"""Reprocessing from the WARC archive and housekeeping: checkpoint, export, report, retention pruning."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.core.settings import Settings
from pipeline.core.sources import Source, find_source, load_sources

LOGGER = logging.getLogger(__name__)

WARC_GLOB = "*.warc.gz"
_RUN_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})T\d{4}")


def reprocess_dir(settings: Settings, run_key: str) -> Path:
    """Where a reprocess run keeps the per-source WARC extracts it re-reads."""
    from pipeline.store.stage import safe_name

    return settings.data_dir / "reprocess" / safe_name(run_key)


def warc_day(path: Path) -> dt.date:
    """The day a WARC file belongs to: the run's data interval in its name, else its mtime (UTC)."""
    found = _RUN_DAY.search(path.name)
    if found:
        return dt.date.fromisoformat(found.group(1))
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()


def warc_files(settings: Settings, start: dt.date, end: dt.date) -> list[Path]:
    """Archive files (``settings.warc_dir/*.warc.gz``) whose day is in [start, end], oldest first."""
    if not settings.warc_dir.is_dir():
        return []
    chosen = [p for p in settings.warc_dir.glob(WARC_GLOB) if start <= warc_day(p) <= end]
    return sorted(chosen, key=lambda p: (warc_day(p), p.name))


def _known_urls(settings: Settings) -> dict[str, str | None]:
    """URL -> source of every archived fetch the database knows; None for fetches that gave no article.

    Feeds, sitemaps and robots.txt are archived too: they map to None, so reprocessing skips them.
    """
    if not settings.db.exists():
        return {}
    from pipeline.store.db import connect

    con = connect(settings.db, read_only=True, retry_seconds=settings.lock_retry_seconds)
    try:
        rows = con.execute(
            "SELECT url, final_url, original_url, source, bool_or(article_id IS NOT NULL) FROM fetches "
            "WHERE warc_file IS NOT NULL GROUP BY ALL"
        ).fetchall()
    finally:
        con.close()
    known: dict[str, str | None] = {}
    for url, final_url, original_url, source, has_article in rows:
        for u in (url, final_url, original_url):
            if u and known.get(str(u)) is None:
                known[str(u)] = str(source) if has_article else None
    return known


def _source_prefixes(source: Source) -> list[str]:
    """scheme://host[:port]/first-path-segment of the source's own addresses (the fallback attribution)."""
    out = []
    for url in (source.homepage or "", *source.feeds, *source.sitemaps, *source.urls):
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and parts.netloc:
            first = parts.path.strip("/").split("/", 1)[0]
            out.append(
                f"{parts.scheme}://{parts.netloc}/{first}" if first else f"{parts.scheme}://{parts.netloc}"
            )
    return out


def attribute(url: str, known: Mapping[str, str | None], sources: Sequence[Source]) -> str | None:
    """The source a captured URL belongs to (None: not an article page, or no known source).

    The database's fetch records decide first; for captures it does not know, the longest matching
    source address prefix, never the source's own feeds, sitemaps or robots.txt.
    """
    if url in known:
        return known[url]
    if urlsplit(url).path == "/robots.txt":
        return None
    best: tuple[int, str] | None = None
    for source in sources:
        if url in (*source.feeds, *source.sitemaps):
            return None
        for prefix in _source_prefixes(source):
            if url.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), source.name)
    return best[1] if best else None


def split_warcs(
    settings: Settings, run_key: str, files: Iterable[Path], sources: Sequence[Source]
) -> dict[str, list[str]]:
    """Copy the response records of ``files`` into one WARC per source; returns source -> extract paths.

    Records of other sources, or of no known source, are left out (and counted in the log).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    out_dir = reprocess_dir(settings, run_key)
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    known = _known_urls(settings)
    wanted = {s.name for s in sources}
    writers: dict[str, tuple[Any, Any]] = {}
    skipped = 0
    try:
        for path in files:
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type != "response":
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI") or ""
                    name = attribute(url, known, sources)
                    if name not in wanted or name is None:
                        skipped += 1
                        continue
                    if name not in writers:
                        handle = open(out_dir / f"{name}.warc.gz", "wb")  # noqa: SIM115 - closed below
                        writers[name] = (handle, WARCWriter(handle, gzip=True))
                    writers[name][1].write_record(record)
    finally:
        for handle, _ in writers.values():
            handle.close()
    if skipped:
        LOGGER.info(
            "reprocess %s: %d archived responses of other or unknown sources left out", run_key, skipped
        )
    return {name: [str(out_dir / f"{name}.warc.gz")] for name in sorted(writers)}


def plan_reprocess(
    settings: Settings, *, run_key: str, start: str, end: str, source_names: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Work items of one reprocess run: one per source that has archived responses in [start, end]."""
    from pipeline.store.stage import run_dir

    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if last < first:
        raise ValueError(f"end {end} is before start {start}")
    shutil.rmtree(run_dir(settings.staging_dir, run_key), ignore_errors=True)
    registry = load_sources(settings.sources_file)
    sources = [find_source(registry, n) for n in source_names] if source_names else list(registry)
    files = warc_files(settings, first, last)
    LOGGER.info("reprocess %s: %d WARC files between %s and %s", run_key, len(files), first, last)
    extracts = split_warcs(settings, run_key, files, sources)
    return [
        {"run_key": run_key, "part": name, "source": name, "inputs": paths}
        for name, paths in extracts.items()
    ]


def reprocess_part(settings: Settings, item: Mapping[str, Any]) -> dict[str, Any]:
    """Re-extract one source's archived responses (no network) and stage them."""
    from pipeline.run.driver import stage_part

    source = find_source(load_sources(settings.sources_file), item["source"])
    result = stage_part(settings, item["run_key"], item["part"], source=source, inputs=item["inputs"])
    return result.as_dict()


def checkpoint(settings: Settings) -> dict[str, Any]:
    """Re-sort the search postings (daily loads append small runs), then fold the WAL into the file."""
    if not settings.db.exists():
        return {"skipped": f"no database at {settings.db} yet"}
    from pipeline.store.db import connect
    from pipeline.store.search import compact_search_index

    wal = Path(str(settings.db) + ".wal")
    before = wal.stat().st_size if wal.exists() else 0
    con = connect(settings.db, retry_seconds=settings.lock_retry_seconds)
    try:
        postings = compact_search_index(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {
        "db": str(settings.db),
        "search_postings_compacted": postings,
        "wal_bytes_before": before,
        "db_bytes": settings.db.stat().st_size if settings.db.exists() else 0,
    }


def export(settings: Settings, out_dir: Path | None = None) -> dict[str, Any]:
    """Parquet snapshot of the current tables (pipeline.store.export)."""
    from pipeline.store.export import export_parquet

    if not settings.db.exists():
        return {"skipped": f"no database at {settings.db} yet"}
    return export_parquet(settings, out_dir or settings.data_dir / "export")


def report(settings: Settings, out_path: Path | None = None) -> dict[str, Any]:
    """The HTML report (pipeline.store.report); skipped with a warning when that module is absent."""
    try:
        from pipeline.store import report as report_module
    except ImportError:
        LOGGER.warning("pipeline.store.report is not available: no report written")
        return {"skipped": "pipeline.store.report not available"}
    if not settings.db.exists():
        return {"skipped": f"no database at {settings.db} yet"}
    target = out_path or settings.data_dir / "report.html"
    writer: Any = getattr(report_module, "write_report", None)
    if writer is None:
        LOGGER.warning("pipeline.store.report has no write_report(db, out): no report written")
        return {"skipped": "pipeline.store.report.write_report not available"}
    written = writer(settings.db, target)
    return {"out_path": str(written or target), "bytes": Path(written or target).stat().st_size}


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def prune(settings: Settings, *, now: dt.datetime | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Delete staging run folders, reprocess extracts and WARC files older than ``settings.retention_days``."""
    if settings.retention_days <= 0:
        return {"retention_days": settings.retention_days, "removed": [], "skipped": "retention disabled"}
    moment = now or dt.datetime.now(dt.UTC)
    cutoff = (moment - dt.timedelta(days=settings.retention_days)).timestamp()
    removed: list[str] = []
    for folder in (settings.staging_dir, settings.data_dir / "reprocess"):
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if child.is_dir() and _older_than(child, cutoff):
                    removed.append(str(child))
                    if not dry_run:
                        shutil.rmtree(child, ignore_errors=True)
    if settings.warc_dir.is_dir():
        for warc in sorted(settings.warc_dir.glob(WARC_GLOB)):
            if _older_than(warc, cutoff):
                removed.append(str(warc))
                if not dry_run:
                    warc.unlink(missing_ok=True)
    LOGGER.info(
        "prune: %d paths older than %d days %s",
        len(removed),
        settings.retention_days,
        "would be removed" if dry_run else "removed",
    )
    return {"retention_days": settings.retention_days, "removed": removed, "dry_run": dry_run}
