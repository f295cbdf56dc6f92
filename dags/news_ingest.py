"""news_ingest: daily discovery, fetching, extraction and loading of news into DuckDB."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from airflow.sdk import Asset, CronDataIntervalTimetable, Param, dag, task

from pipeline.run.tasks import default_args, source_names

PROJECT = Path(__file__).resolve().parent.parent
LOGGER = logging.getLogger(__name__)
TABLES = Asset(name="newsflow_tables", uri="file:///newsflow/news.duckdb")


def _run_key(run_id: str | None, data_interval_start: Any) -> str:
    """One key per data interval, so re-running or backfilling a day replaces that day's run."""
    if data_interval_start is not None:
        return f"news_ingest__{data_interval_start:%Y-%m-%dT%H%M}"
    return str(run_id)


SOURCES = source_names(PROJECT)
DEFAULT_ARGS = default_args(dt.timedelta(hours=1))


@dag(
    dag_id="news_ingest",
    schedule=CronDataIntervalTimetable("0 1 * * *", timezone="UTC"),
    start_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=dt.timedelta(hours=6),
    default_args=DEFAULT_ARGS,
    tags=["newsflow", "ingest"],
    doc_md=__doc__
    + """

Each run owns one data interval (a day). Tasks: **plan** (which sources and URL chunks) →
**extract** mapped per source (fetch or read, parse, clean, dedupe, extract, stage Parquet) →
**load** (the only DuckDB writer, pool `newsflow_duckdb` with one slot) → **quality_checks**
(fail loudly on thresholds) → updates the `newsflow_tables` asset.

Trigger form: pick sources, add URLs, set a window, or dry-run (extract without loading).
""",
    params={
        "sources": Param(
            [],
            type="array",
            items={"type": "string", "enum": SOURCES} if SOURCES else {"type": "string"},
            examples=SOURCES,
            title="Sources",
            description="Sources to ingest (empty: every enabled source).",
        ),
        "urls": Param(
            [],
            type="array",
            items={"type": "string", "pattern": "^https?://", "maxLength": 2000},
            maxItems=5000,
            title="Extra URLs",
            description="Article URLs to fetch in addition to the sources.",
        ),
        "window_start": Param(
            None,
            type=["null", "string"],
            format="date",
            title="Window start",
            description="Override the data interval start (YYYY-MM-DD).",
        ),
        "window_end": Param(
            None,
            type=["null", "string"],
            format="date",
            title="Window end",
            description="Override the data interval end, exclusive (YYYY-MM-DD).",
        ),
        "dry_run": Param(
            False, type="boolean", title="Dry run", description="Fetch and extract, do not load."
        ),
        "max_articles": Param(
            0,
            type="integer",
            minimum=0,
            maximum=100000,
            title="Max articles per source",
            description="0 means no limit.",
        ),
    },
)
def news_ingest() -> None:
    @task
    def plan(
        params: dict[str, Any] | None = None,
        data_interval_start: Any = None,
        data_interval_end: Any = None,
        run_id: str | None = None,
    ) -> list[dict[str, Any]]:
        from pipeline.run.tasks import plan as make_plan
        from pipeline.run.tasks import settings_for

        p = params or {}
        return make_plan(
            settings_for(PROJECT),
            run_key=_run_key(run_id, data_interval_start),
            source_names=p.get("sources") or (),
            urls=p.get("urls") or (),
            interval_start=data_interval_start.isoformat() if data_interval_start else None,
            interval_end=data_interval_end.isoformat() if data_interval_end else None,
            window_start=p.get("window_start"),
            window_end=p.get("window_end"),
            max_articles=int(p.get("max_articles") or 0),
        )

    @task(max_active_tis_per_dagrun=4)
    def extract(item: dict[str, Any]) -> dict[str, Any]:
        from pipeline.run.tasks import settings_for, stage

        return stage(settings_for(PROJECT), item["run_key"], item)

    @task(pool="newsflow_duckdb", outlets=[TABLES])
    def load(
        parts: list[dict[str, Any]],
        run_id: str | None = None,
        params: dict[str, Any] | None = None,
        data_interval_start: Any = None,
        data_interval_end: Any = None,
    ) -> dict[str, Any]:
        from pipeline.run.tasks import load as load_parts
        from pipeline.run.tasks import settings_for

        if (params or {}).get("dry_run"):
            LOGGER.info("dry run: %d parts staged, nothing loaded", len(parts))
            return {"run_id": run_id, "dry_run": True, "parts": list(parts)}
        info = {
            "trigger": f"airflow:{run_id}",
            "sources": [p["part"] for p in parts],
            "data_interval_start": data_interval_start.isoformat() if data_interval_start else None,
            "data_interval_end": data_interval_end.isoformat() if data_interval_end else None,
        }
        return load_parts(settings_for(PROJECT), _run_key(run_id, data_interval_start), list(parts), info)

    @task
    def quality_checks(loaded: dict[str, Any]) -> dict[str, Any]:
        from pipeline.run.tasks import quality_checks as check
        from pipeline.run.tasks import settings_for

        if loaded.get("dry_run"):
            return {"skipped": "dry run"}
        return check(settings_for(PROJECT), str(loaded["run_id"]))

    quality_checks(load(extract.expand(item=plan())))


news_ingest()
