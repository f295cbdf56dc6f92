"""Task bodies for the Airflow DAGs: each takes and returns small plain values."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source, find_source, load_sources

LOGGER = logging.getLogger(__name__)

POOL = "newsflow_duckdb"  # one slot: the only writer of the DuckDB file
CHUNK = 200  # explicit URLs per mapped task


class QualityCheckFailed(RuntimeError):
    """A run's data broke a threshold of the quality checks."""


def settings_for(project_root: Path) -> Settings:
    """Settings for DAG tasks: NEWSFLOW_* env, else paths inside the project checkout."""
    env_overrides: dict[str, Any] = {}
    import os

    if "NEWSFLOW_DATA_DIR" not in os.environ:
        env_overrides["data_dir"] = project_root / "data"
        if "NEWSFLOW_DB" not in os.environ:
            env_overrides["db"] = project_root / "data" / "news.duckdb"
    if "NEWSFLOW_SOURCES_FILE" not in os.environ:
        env_overrides["sources_file"] = project_root / "sources.toml"
    return load_settings(**env_overrides)


def _parse_day(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def plan(
    settings: Settings,
    *,
    run_key: str,
    source_names: Sequence[str] = (),
    urls: Sequence[str] = (),
    interval_start: str | None = None,
    interval_end: str | None = None,
    window_start: str | None = None,
    window_end: str | None = None,
    max_articles: int = 0,
) -> list[dict[str, Any]]:
    """The mapped work items of one run: one per source, plus chunks of explicit URLs.

    Clears what an earlier attempt of the same run staged, so a re-run stages afresh.
    """
    import shutil

    from pipeline.store.stage import run_dir

    shutil.rmtree(run_dir(settings.staging_dir, run_key), ignore_errors=True)
    sources = load_sources(settings.sources_file)
    chosen = (
        [find_source(sources, n) for n in source_names] if source_names else [s for s in sources if s.enabled]
    )
    since = window_start or interval_start
    until = window_end or interval_end
    items: list[dict[str, Any]] = [
        {
            "run_key": run_key,
            "part": s.name,
            "source": s.name,
            "inputs": [],
            "since": since,
            "until": until,
            "max_articles": max_articles,
        }
        for s in chosen
    ]
    for i in range(0, len(urls), CHUNK):
        items.append(
            {
                "run_key": run_key,
                "part": f"urls-{i // CHUNK:04d}",
                "source": None,
                "inputs": list(urls[i : i + CHUNK]),
                "since": since,
                "until": until,
                "max_articles": max_articles,
            }
        )
    return items


def stage(settings: Settings, run_id: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """Fetch/read, extract and stage one work item; returns its counts."""
    from pipeline.run.driver import stage_part

    source: Source | None = None
    if item.get("source"):
        source = find_source(load_sources(settings.sources_file), item["source"])
    result = stage_part(
        settings,
        run_id,
        item["part"],
        source=source,
        inputs=item.get("inputs") or (),
        since=_parse_day(item.get("since")),
        until=_parse_day(item.get("until")),
        max_articles=int(item.get("max_articles") or 0),
    )
    return result.as_dict()


def load(
    settings: Settings, run_id: str, parts: Sequence[Mapping[str, Any]], info: Mapping[str, Any]
) -> dict[str, Any]:
    """Load every staged part of the run (the one-slot pool makes this the only writer)."""
    from pipeline.run.after_load import load_and_finish

    sources = load_sources(settings.sources_file)
    used = [s for s in sources if s.name in {p.get("part") for p in parts}]
    counts = load_and_finish(settings, run_id, run_info=info, sources=used)
    return {"run_id": run_id, **counts}


def quality_checks(settings: Settings, run_id: str) -> dict[str, Any]:
    """Fail loudly when a run's data breaks the thresholds in settings."""
    from pipeline.store.db import open_store

    con = open_store(settings)  # the DuckDB file or DuckLake, as the settings select
    try:
        fetch = con.execute(
            "SELECT count(*), count(*) FILTER (outcome NOT IN ('ok', 'not_modified', 'skipped_limit', 'duplicate_url')) "
            "FROM fetches WHERE run_id = ?",
            [run_id],
        ).fetchone()
        arts = con.execute(
            "SELECT count(*), count(*) FILTER (published_local_date IS NULL), "
            "count(*) FILTER (coalesce(n_paragraphs, 0) = 0) FROM articles_current WHERE article_id IN "
            "(SELECT article_id FROM fetches WHERE run_id = ? AND article_id IS NOT NULL)",
            [run_id],
        ).fetchone()
        silent = con.execute(
            """
            WITH this_run AS (SELECT DISTINCT source FROM fetches WHERE run_id = ?),
            yesterday AS (
                SELECT source, count(*) AS n FROM articles_current
                WHERE published_local_date = (
                    SELECT max(published_local_date) - 1 FROM articles_current
                ) GROUP BY source
            )
            SELECT y.source FROM yesterday y JOIN this_run t USING (source)
            WHERE NOT EXISTS (
                SELECT 1 FROM fetches f WHERE f.run_id = ? AND f.source = y.source AND f.article_id IS NOT NULL
            )
            """,
            [run_id, run_id],
        ).fetchall()
    finally:
        con.close()
    total_fetch, bad_fetch = fetch or (0, 0)
    total, no_date, no_body = arts or (0, 0, 0)
    problems = []
    if total_fetch and bad_fetch / total_fetch > settings.quality_max_fetch_error_share:
        problems.append(
            f"fetch error share {bad_fetch}/{total_fetch} above {settings.quality_max_fetch_error_share:.0%}"
        )
    if total and no_date / total > settings.quality_max_missing_date_share:
        problems.append(
            f"articles without a date {no_date}/{total} above {settings.quality_max_missing_date_share:.0%}"
        )
    if total and no_body / total > settings.quality_max_missing_body_share:
        problems.append(
            f"articles without body {no_body}/{total} above {settings.quality_max_missing_body_share:.0%}"
        )
    for (name,) in silent:
        problems.append(f"source {name} had articles yesterday but none in this run")
    report = {
        "run_id": run_id,
        "fetches": total_fetch,
        "fetch_errors": bad_fetch,
        "articles": total,
        "without_date": no_date,
        "without_body": no_body,
        "problems": problems,
    }
    if problems:
        raise QualityCheckFailed("; ".join(problems))
    return report


def source_names(project_root: Path) -> list[str]:
    """Source names for a DAG trigger form (cheap at parse time: one small TOML read)."""
    import os
    import tomllib

    path = Path(os.environ.get("NEWSFLOW_SOURCES_FILE") or project_root / "sources.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [str(s["name"]) for s in data.get("source", []) if "name" in s]


def log_failure(context: Mapping[str, Any]) -> None:
    """Failure callback of every newsflow DAG: one clear, countable summary line."""
    ti = context.get("task_instance")
    run = context.get("dag_run")
    LOGGER.error(
        "newsflow run failed: dag=%s run=%s task=%s try=%s error=%s",
        getattr(run, "dag_id", "?"),
        getattr(run, "run_id", "?"),
        getattr(ti, "task_id", "?"),
        getattr(ti, "try_number", "?"),
        context.get("exception"),
    )


def default_args(timeout: dt.timedelta) -> dict[str, Any]:
    """Retries with exponential backoff, a per-task timeout and the failure callback."""
    return {
        "retries": 2,
        "retry_delay": dt.timedelta(seconds=30),
        "retry_exponential_backoff": True,
        "max_retry_delay": dt.timedelta(minutes=10),
        "execution_timeout": timeout,
        "on_failure_callback": log_failure,
    }
