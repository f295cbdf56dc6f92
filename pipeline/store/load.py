"""Load: staged Parquet of one run -> DuckDB, in one transaction, idempotently (the only writer)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.settings import Settings
from pipeline.core.sources import Source
from pipeline.store import lake
from pipeline.store.db import (
    CHILD_TABLES,
    MIGRATIONS_DIR,
    _rollback,
    insertion_order,
    open_db,
)
from pipeline.store.stage import SCHEMAS, verified_parts

LOGGER = logging.getLogger(__name__)


def _parquet(parts: Sequence[Path], table: str, *, rows: bool = False) -> str:
    files = ", ".join(f"'{p / (table + '.parquet')}'" for p in parts)
    # rows=True adds filename and file_row_number: a key for re-reading one staged row
    return (
        f"read_parquet([{files}], filename = true, file_row_number = true)"
        if rows
        else f"read_parquet([{files}])"
    )


def _insert_new(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    select: str,
    params: Sequence[Any] | None = None,
    *,
    on_lake: bool,
    listed: bool = True,
) -> duckdb.DuckDBPyConnection:
    """Insert the rows of ``select`` whose key is not in ``table`` yet (``columns``: what it yields).

    The DuckDB file: ``INSERT OR IGNORE`` on the primary key. DuckLake has no keys: an anti-join on
    the same key columns (from the migrations), one row per key.
    """
    target = f"{table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)})" if listed else table
    if not on_lake:
        return con.execute(f"INSERT OR IGNORE INTO {target} {select}", params)
    keys = lake.primary_keys(MIGRATIONS_DIR)[table]
    names = ", ".join(f'"{c}"' for c in columns)
    match = " AND ".join(f't."{k}" = n."{k}"' for k in keys)
    per_key = ", ".join(f'n."{k}"' for k in keys)
    return con.execute(
        f"INSERT INTO {target} SELECT * FROM ({select}) AS n({names}) "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {match}) "
        f"QUALIFY row_number() OVER (PARTITION BY {per_key}) = 1",
        params,
    )


def _upsert_sources(con: duckdb.DuckDBPyConnection, sources: Sequence[Source], *, on_lake: bool) -> None:
    now = dt.datetime.now(dt.UTC)
    for s in sources:
        if on_lake:  # no key to replace on: delete, then insert (same transaction)
            con.execute("DELETE FROM sources WHERE name = ?", [s.name])
        con.execute(
            f"INSERT {'' if on_lake else 'OR REPLACE '}INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        on_lake = lake.is_lake(con)

        def transaction() -> dict[str, int]:
            con.execute("BEGIN TRANSACTION")
            try:
                if on_lake:
                    lake.claim(con)  # a concurrent writer's commit now conflicts with this one
                done = _apply(con, parts, run_id, on_lake=on_lake)
                _upsert_sources(con, sources, on_lake=on_lake)
                _record_run(con, run_id, done, run_info or {}, on_lake=on_lake)
                con.execute("COMMIT")
            except Exception:
                _rollback(con)
                raise
            return done

        with insertion_order(con, preserve=False):
            if on_lake:  # a conflict rolls back the whole run; it is applied again on the new snapshot
                counts = lake.retry_conflicts(
                    transaction, attempts=settings.ducklake_retries, label=f"load of {run_id}"
                )
            else:
                counts = transaction()
    finally:
        if own:
            con.close()
    LOGGER.info("run %s loaded: %s", run_id, counts)
    return counts


def _apply(
    con: duckdb.DuckDBPyConnection, parts: Sequence[Path], run_id: str, *, on_lake: bool = False
) -> dict[str, int]:
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
    for table in CHILD_TABLES if changed else ():  # nothing new: no child rows to read
        cols = [c for c in SCHEMAS[table] if c not in {"article_id", "content_hash", "name", "type"}]
        src = ", ".join(f'c."{c}"' for c in cols)
        for part in parts:  # one part at a time: bounded memory for large runs
            cur = _insert_new(
                con,
                table,
                ["article_id", "version", *cols],
                f"""
                SELECT c.article_id, p.version, {src}
                FROM {_parquet([part], table)} c JOIN load_plan p USING (article_id, content_hash)
                """,
                on_lake=on_lake,
            )
            if table == "paragraphs":
                row = cur.fetchone()
                paragraphs += int(row[0]) if row else 0
    _insert_new(
        con,
        "entities",
        ["entity_id", "name", "type"],
        f"""
        SELECT DISTINCT ON (entity_id) entity_id, name, type
        FROM {_parquet(parts, "mentions")} WHERE entity_id IS NOT NULL
        """,
        on_lake=on_lake,
        listed=False,
    )
    _insert_new(
        con,
        "article_urls",
        ["url", "article_id", "source", "first_run"],
        """
        SELECT DISTINCT ON (url) url, article_id, source, ? FROM (
            SELECT unnest(list_distinct(list_concat([canonical_url, url], original_urls))) AS url,
                   article_id, source
            FROM staged_articles
        ) WHERE url IS NOT NULL
        """,
        [run_id],
        on_lake=on_lake,
        listed=False,
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
    if on_lake:  # no key to replace on: delete the rows being replaced, then insert
        con.execute(
            "DELETE FROM fetches WHERE fetch_id IN (SELECT fetch_id FROM staged_fetches "
            "WHERE fetch_id NOT IN (SELECT fetch_id FROM kept_fetches))"
        )
    con.execute(
        f"INSERT {'' if on_lake else 'OR REPLACE '}INTO fetches ({fetch_list}) SELECT {fetch_list} "
        "FROM staged_fetches WHERE fetch_id NOT IN (SELECT fetch_id FROM kept_fetches)"
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
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    counts: Mapping[str, int],
    info: Mapping[str, Any],
    *,
    on_lake: bool = False,
) -> None:
    outcomes = con.execute(
        "SELECT map(list(outcome), list(n)) FROM (SELECT outcome, count(*)::INTEGER AS n FROM fetches "
        "WHERE run_id = ? GROUP BY outcome)",
        [run_id],
    ).fetchone()
    outcome_map = outcomes[0] if outcomes and outcomes[0] else {}
    ok = sum(v for k, v in outcome_map.items() if k == "ok")
    # handled as asked, nothing new: not failures (the same set as pipeline.run.driver.NOT_FAILED)
    failures = sum(
        v for k, v in outcome_map.items() if k not in {"ok", "not_modified", "skipped_limit", "duplicate_url"}
    )
    if on_lake:
        con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
    con.execute(
        f"""
        INSERT {"" if on_lake else "OR REPLACE "}INTO runs VALUES (?, ?, ?, current_timestamp, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
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
