"""news_reprocess: re-extract a date range from the WARC archive (no network) and reload it idempotently."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from airflow.sdk import Asset, Param, dag, task

from pipeline.run.tasks import default_args, source_names

PROJECT = Path(__file__).resolve().parent.parent
LOGGER = logging.getLogger(__name__)
TABLES = Asset(name="newsflow_tables", uri="file:///newsflow/news.duckdb")


def _run_key(params: dict[str, Any]) -> str:
    """One key per range and source set, so reprocessing the same range again replaces that run."""
    names = "+".join(sorted(params.get("sources") or [])) or "all"
    return f"news_reprocess__{params['start']}_{params['end']}__{names}"


SOURCES = source_names(PROJECT)
DEFAULT_ARGS = default_args(dt.timedelta(hours=2))


@dag(
    dag_id="news_reprocess",
    schedule=None,
    start_date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=dt.timedelta(hours=12),
    default_args=DEFAULT_ARGS,
    tags=["newsflow", "reprocess"],
    doc_md=__doc__
    + """

Run it after a parser or extractor improvement. **plan** picks the WARC files of
`data/warc/` whose run day is in [start, end] and splits their responses per source →
**reprocess** mapped per source (parse, clean, dedupe, extract, stage; no network) →
**load** (pool `newsflow_duckdb`, MERGE on stable keys: a second run changes nothing) →
updates the `newsflow_tables` asset.
""",
    params={
        "start": Param(
            f"{dt.date.today() - dt.timedelta(days=7)}",
            type="string",
            format="date",
            title="Start",
            description="First day of archived runs to reprocess (YYYY-MM-DD).",
        ),
        "end": Param(
            f"{dt.date.today()}",
            type="string",
            format="date",
            title="End",
            description="Last day, inclusive (YYYY-MM-DD).",
        ),
        "sources": Param(
            [],
            type="array",
            items={"type": "string", "enum": SOURCES} if SOURCES else {"type": "string"},
            examples=SOURCES,
            title="Sources",
            description="Sources to reprocess (empty: every source found in the archive).",
        ),
    },
)
def news_reprocess() -> None:
    @task
    def plan(params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from pipeline.run.maintenance import plan_reprocess
        from pipeline.run.tasks import settings_for

        p = params or {}
        return plan_reprocess(
            settings_for(PROJECT),
            run_key=_run_key(p),
            start=p["start"],
            end=p["end"],
            source_names=p.get("sources") or (),
        )

    @task(max_active_tis_per_dagrun=4)
    def reprocess(item: dict[str, Any]) -> dict[str, Any]:
        from pipeline.run.maintenance import reprocess_part
        from pipeline.run.tasks import settings_for

        return reprocess_part(settings_for(PROJECT), item)

    @task(pool="newsflow_duckdb", outlets=[TABLES])
    def load(
        parts: list[dict[str, Any]], run_id: str | None = None, params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        from pipeline.run.tasks import load as load_parts
        from pipeline.run.tasks import settings_for

        p = params or {}
        info = {
            "trigger": f"airflow:{run_id}",
            "sources": [x["part"] for x in parts],
            "data_interval_start": p.get("start"),
            "data_interval_end": p.get("end"),
        }
        return load_parts(settings_for(PROJECT), _run_key(p), list(parts), info)

    load(reprocess.expand(item=plan()))


news_reprocess()
