"""Load: staged Parquet of one run -> DuckDB, in one transaction, idempotently (the only writer)."""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.settings import Settings
from pipeline.core.sources import Source
from pipeline.store.stage import SCHEMAS, verified_parts

LOGGER = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
MIGRATIONS_DIR = SQL_DIR / "migrations"
_MIGRATION = re.compile(r"^(\d{3})_[\w-]+\.sql$")
_CHILD_TABLES = (
    "paragraphs",
    "images",
    "related_links",
    "mentions",
    "dates_mentioned",
    "quantities",
    "quotes",
    "text_issues",
)


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer newsflow: refused rather than corrupted."""


class DatabaseLockedError(RuntimeError):
    """Another process holds the DuckDB file."""


def migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def connect(path: Path, *, read_only: bool = False, retry_seconds: float = 60.0) -> duckdb.DuckDBPyConnection:
    """Open the database; a writer retries 'Could not set lock' with jittered backoff."""
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"database {path} does not exist yet: run `newsflow ingest` first")
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as exc:
            if _is_lock_error(exc):
                raise DatabaseLockedError(
                    f"{path} is being written by another process (a load is running); try again shortly"
                ) from exc
            raise
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + retry_seconds
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() > deadline:
                if _is_lock_error(exc):
                    raise DatabaseLockedError(f"{path}: still locked after {retry_seconds:.0f} s") from exc
                raise
            LOGGER.info("database %s is locked; retrying in %.2f s", path, delay)
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 5.0)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back without hiding the original error (a failed COMMIT leaves no transaction)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error as exc:
        LOGGER.warning("rollback after a failed write: %s", exc)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


@contextmanager
def insertion_order(con: duckdb.DuckDBPyConnection, *, preserve: bool) -> Iterator[None]:
    """Set DuckDB's ``preserve_insertion_order`` for a block, then restore what it was.

    Off lets large inserts and scans stream within ``memory_limit``; on keeps rows stored in the
    order inserted (the search postings are written sorted by term).
    """
    previous = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    con.execute(f"SET preserve_insertion_order = {'true' if preserve else 'false'}")
    try:
        yield
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if not previous or previous[0] else 'false'}")


def migrate(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> int:
    """Apply pending migrations forward-only, each in its own transaction; returns the version."""
    available = migrations(directory)
    latest = available[-1][0] if available else 0
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, "
        "applied_at TIMESTAMPTZ DEFAULT current_timestamp)"
    )
    current = schema_version(con)
    if current > latest:
        raise SchemaTooNewError(
            f"database schema version {current} is newer than this newsflow ({latest}); upgrade newsflow"
        )
    for number, path in available:
        if number <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, path.name])
            con.execute("COMMIT")
        except Exception:
            _rollback(con)
            raise
        LOGGER.info("applied migration %s", path.name)
        current = number
    return current


def open_db(settings: Settings) -> duckdb.DuckDBPyConnection:
    """Writer connection, migrated to the latest schema."""
    con = connect(settings.db, retry_seconds=settings.lock_retry_seconds)
    try:
        # bounded memory: large sorts and aggregations spill to disk instead of growing with the corpus
        con.execute("SET memory_limit = ?", [settings.duckdb_memory_limit])
        con.execute("SET temp_directory = ?", [str(settings.data_dir / "duckdb_tmp")])
        migrate(con)
    except Exception:
        con.close()
        raise
    return con


def _parquet(parts: Sequence[Path], table: str, *, rows: bool = False) -> str:
    files = ", ".join(f"'{p / (table + '.parquet')}'" for p in parts)
    # rows=True adds filename and file_row_number: a key for re-reading one staged row
    return (
        f"read_parquet([{files}], filename = true, file_row_number = true)"
        if rows
        else f"read_parquet([{files}])"
    )


def _upsert_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[Source]) -> None:
    now = dt.datetime.now(dt.UTC)
    for s in sources:
        con.execute(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                s.name,
                s.homepage,
                s.language,
                s.country,
                s.timezone,
                s.kind,
                s.enabled,
                s.verified,
                list(s.feeds),
                list(s.sitemaps),
                now,
            ],
        )


def load_run(
    settings: Settings,
    run_id: str,
    *,
    run_info: Mapping[str, Any] | None = None,
    sources: Sequence[Source] = (),
    con: duckdb.DuckDBPyConnection | None = None,
) -> dict[str, int]:
    """Apply every staged part of ``run_id`` in one transaction; returns counts.

    Articles are merged on (article_id, content_hash): unchanged content adds nothing,
    changed content becomes a new version. Fetch rows are keyed by fetch_id.
    """
    parts = verified_parts(settings.staging_dir, run_id)
    own = con is None
    con = con or open_db(settings)
    counts: dict[str, int] = {}
    try:
        # the run's rows need no particular order: without it the inserts stream within the memory
        # limit (hooks that store sorted rows, like the search postings, set it back themselves)
        with insertion_order(con, preserve=False):
            con.execute("BEGIN TRANSACTION")
            try:
                counts = _apply(con, parts, run_id)
                _upsert_sources(con, sources)
                _record_run(con, run_id, counts, run_info or {})
                con.execute("COMMIT")
            except Exception:
                _rollback(con)
                raise
        if counts.get("articles_new", 0) or counts.get("articles_new_version", 0):
            _after_load(con, run_id)  # derived data only changes when articles do
    finally:
        if own:
            con.close()
    LOGGER.info("run %s loaded: %s", run_id, counts)
    return counts


def _apply(con: duckdb.DuckDBPyConnection, parts: Sequence[Path], run_id: str) -> dict[str, int]:
    art_cols = [c for c in SCHEMAS["articles"] if c != "original_urls"]
    # keys and URLs only (article bodies stay in the Parquet files until the insert reads them)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE staged_articles AS "
        "SELECT article_id, content_hash, source, url, canonical_url, original_urls, filename, file_row_number "
        f"FROM {_parquet(parts, 'articles', rows=True)} "
        "QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY input, content_hash) = 1"
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE load_plan AS
        WITH latest AS (
            SELECT article_id, max(version) AS version, arg_max(content_hash, version) AS content_hash
            FROM articles GROUP BY article_id
        )
        SELECT s.article_id, s.content_hash, coalesce(l.version, 0) + 1 AS version,
               l.version IS NULL AS is_new
        FROM staged_articles s LEFT JOIN latest l USING (article_id)
        WHERE l.content_hash IS DISTINCT FROM s.content_hash
        """
    )
    staged = con.execute("SELECT count(*) FROM staged_articles").fetchone()
    new = con.execute(
        "SELECT count(*) FILTER (is_new), count(*) FILTER (NOT is_new) FROM load_plan"
    ).fetchone()
    select_cols = ", ".join(f"s.{c}" for c in art_cols if c not in {"published_local_date"})
    changed = (int(new[0]) + int(new[1])) if new else 0
    if changed:
        con.execute(
            f"""
            INSERT INTO articles (version, {", ".join(c for c in art_cols if c != "published_local_date")},
                                  published_at, published_local_date, run_id, loaded_at)
            SELECT p.version, {select_cols},
                   CASE WHEN length(s.published) > 10 THEN TRY_CAST(s.published AS TIMESTAMPTZ) END,
                   TRY_CAST(s.published_local_date AS DATE), ?, current_timestamp
            FROM {_parquet(parts, "articles", rows=True)} s
            JOIN staged_articles k USING (filename, file_row_number)
            JOIN load_plan p ON p.article_id = k.article_id AND p.content_hash = k.content_hash
            """,
            [run_id],
        )
    paragraphs = 0
    for table in _CHILD_TABLES if changed else ():  # nothing new: no child rows to read
        cols = [c for c in SCHEMAS[table] if c not in {"article_id", "content_hash", "name", "type"}]
        quoted = ", ".join(f'"{c}"' for c in cols)
        src = ", ".join(f'c."{c}"' for c in cols)
        for part in parts:  # one part at a time: bounded memory for large runs
            cur = con.execute(
                f"""
                INSERT OR IGNORE INTO {table} (article_id, version, {quoted})
                SELECT c.article_id, p.version, {src}
                FROM {_parquet([part], table)} c JOIN load_plan p USING (article_id, content_hash)
                """
            )
            if table == "paragraphs":
                row = cur.fetchone()
                paragraphs += int(row[0]) if row else 0
    con.execute(
        f"""
        INSERT OR IGNORE INTO entities
        SELECT DISTINCT ON (entity_id) entity_id, name, type
        FROM {_parquet(parts, "mentions")} WHERE entity_id IS NOT NULL
        """
    )
    con.execute(
        """
        INSERT OR IGNORE INTO article_urls
        SELECT DISTINCT ON (url) url, article_id, source, ? FROM (
            SELECT unnest(list_distinct(list_concat([canonical_url, url], original_urls))) AS url,
                   article_id, source
            FROM staged_articles
        ) WHERE url IS NOT NULL
        """,
        [run_id],
    )
    fetch_cols = list(SCHEMAS["fetches"])
    fetch_list = ", ".join(fetch_cols)
    staged_cols = ", ".join(
        "TRY_CAST(fetched_at AS TIMESTAMPTZ) AS fetched_at" if c == "fetched_at" else c for c in fetch_cols
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE staged_fetches AS "
        f"SELECT DISTINCT ON (fetch_id) {staged_cols} FROM {_parquet(parts, 'fetches')}"
    )
    # a run owns its data interval: a re-run replaces the earlier attempt's fetch rows; rows the
    # re-run staged identically stay as they are (a reload of the same run rewrites nothing)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE kept_fetches AS
        SELECT fetch_id FROM (
            SELECT {fetch_list} FROM staged_fetches INTERSECT SELECT {fetch_list} FROM fetches WHERE run_id = ?
        )
        """,
        [run_id],
    )
    con.execute(
        "DELETE FROM fetches WHERE run_id = ? AND fetch_id NOT IN (SELECT fetch_id FROM kept_fetches)",
        [run_id],
    )
    con.execute(
        f"INSERT OR REPLACE INTO fetches ({fetch_list}) SELECT {fetch_list} FROM staged_fetches "
        "WHERE fetch_id NOT IN (SELECT fetch_id FROM kept_fetches)"
    )
    for temp in ("staged_fetches", "kept_fetches"):
        con.execute(f"DROP TABLE {temp}")
    dup = con.execute(
        "SELECT count(*) FROM paragraphs JOIN load_plan USING (article_id, version) WHERE is_duplicate"
    ).fetchone()
    return {
        "articles_staged": int(staged[0]) if staged else 0,
        "articles_new": int(new[0]) if new else 0,
        "articles_new_version": int(new[1]) if new else 0,
        "articles_unchanged": (int(staged[0]) if staged else 0) - (int(new[0]) + int(new[1]) if new else 0),
        "paragraphs_loaded": paragraphs,
        "duplicates_flagged": int(dup[0]) if dup else 0,
    }


def _record_run(
    con: duckdb.DuckDBPyConnection, run_id: str, counts: Mapping[str, int], info: Mapping[str, Any]
) -> None:
    outcomes = con.execute(
        "SELECT map(list(outcome), list(n)) FROM (SELECT outcome, count(*)::INTEGER AS n FROM fetches "
        "WHERE run_id = ? GROUP BY outcome)",
        [run_id],
    ).fetchone()
    outcome_map = outcomes[0] if outcomes and outcomes[0] else {}
    ok = sum(v for k, v in outcome_map.items() if k == "ok")
    failures = sum(v for k, v in outcome_map.items() if k not in {"ok", "not_modified"})
    con.execute(
        """
        INSERT OR REPLACE INTO runs VALUES (?, ?, ?, current_timestamp, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            run_id,
            info.get("trigger", "cli"),
            info.get("started_at"),
            info.get("status", "loaded"),
            info.get("data_interval_start"),
            info.get("data_interval_end"),
            list(info.get("sources", [])),
            sum(outcome_map.values()),
            ok,
            failures,
            counts.get("articles_staged", 0),
            counts.get("articles_new", 0),
            counts.get("articles_new_version", 0),
            counts.get("articles_unchanged", 0),
            counts.get("paragraphs_loaded", 0),
            counts.get("duplicates_flagged", 0),
            outcome_map,
            info.get("error"),
        ],
    )


def _after_load(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Post-load hooks (clusters, outlet boilerplate, search index): derived data, rebuilt from the tables.

    They run after the run's transaction committed; a failure is logged and never undoes or
    fails the load (the next load catches up, both are incremental).
    """
    from pipeline.store.boilerplate import flag_outlet_boilerplate
    from pipeline.store.clusters import update_clusters
    from pipeline.store.search import update_search_index

    try:
        clusters = update_clusters(con)
        LOGGER.info("clusters: %s", clusters)
    except Exception:
        LOGGER.exception("cluster update failed; the load itself is committed")
    try:  # after the clusters: the articles of one cluster count as one story
        flag_outlet_boilerplate(con, run_id=run_id)
    except Exception:
        LOGGER.exception("outlet boilerplate update failed; the load itself is committed")
    try:
        indexed = update_search_index(con)
        LOGGER.info("search index: %d articles indexed", indexed)
    except Exception:
        LOGGER.exception("search index update failed; the load itself is committed")
