"""news_maintenance: DuckDB checkpoint, Parquet export, HTML report and retention pruning, weekly."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from airflow.sdk import CronDataIntervalTimetable, Param, dag, task

from pipeline.run.tasks import default_args

PROJECT = Path(__file__).resolve().parent.parent
LOGGER = logging.getLogger(__name__)


DEFAULT_ARGS = default_args(dt.timedelta(hours=1))


@dag(
    dag_id="news_maintenance",
    schedule=CronDataIntervalTimetable("0 4 * * 0", timezone="UTC"),
    start_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=dt.timedelta(hours=4),
    default_args=DEFAULT_ARGS,
    tags=["newsflow", "maintenance"],
    doc_md=__doc__
    + """

**checkpoint** folds the DuckDB WAL into the file (pool `newsflow_duckdb`: never beside a load) →
**export** writes a Parquet snapshot (`data/export/<table>/source=…/published_local_date=…`) and
**report** an HTML report (`data/report.html`) → **prune** deletes staging folders, reprocess extracts
and WARC files older than `NEWSFLOW_RETENTION_DAYS` (set `dry_run` to only list them).
""",
    params={
        "prune_dry_run": Param(
            False,
            type="boolean",
            title="Prune dry run",
            description="List what pruning would delete, delete nothing.",
        ),
    },
)
def news_maintenance() -> None:
    @task(pool="newsflow_duckdb")
    def checkpoint() -> dict[str, Any]:
        from pipeline.run.maintenance import checkpoint as do_checkpoint
        from pipeline.run.tasks import settings_for

        return do_checkpoint(settings_for(PROJECT))

    @task(pool="newsflow_duckdb")
    def export() -> dict[str, Any]:
        from pipeline.run.maintenance import export as do_export
        from pipeline.run.tasks import settings_for

        return do_export(settings_for(PROJECT))

    @task(pool="newsflow_duckdb")
    def report() -> dict[str, Any]:
        from pipeline.run.maintenance import report as do_report
        from pipeline.run.tasks import settings_for

        return do_report(settings_for(PROJECT))

    @task
    def prune(params: dict[str, Any] | None = None) -> dict[str, Any]:
        from pipeline.run.maintenance import prune as do_prune
        from pipeline.run.tasks import settings_for

        return do_prune(settings_for(PROJECT), dry_run=bool((params or {}).get("prune_dry_run")))

    done = checkpoint()
    outputs = [export(), report()]
    done >> outputs
    outputs >> prune()


news_maintenance()
