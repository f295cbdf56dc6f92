"""news_ingest on the distributed setup, for real: Airflow's CeleryExecutor with PostgreSQL and Redis
(Debian packages), the api-server, scheduler, dag-processor and two named Celery workers as separate
processes (scripts/cluster.py, from docker/components.toml), the DuckLake store with its catalog in
PostgreSQL. Triggered through the REST API; checked from Airflow's own task records and against the
embedded default (the one run driver that `newsflow ingest` runs, in-process, DuckDB file) over the
same inputs.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.settings import load_settings
from pipeline.core.sources import load_sources
from pipeline.run import driver
from pipeline.store.db import open_store
from scripts import cluster as cluster_mod
from tests.e2e.celery_helpers import (
    assert_same_tables,
    copy_outlets,
    services_or_skip,
    store_tables,
    write_sources,
)

pytestmark = pytest.mark.e2e

RUN_WAIT = 300.0  # seconds for the DAG run to finish
LOGICAL_DATE = "2024-06-06T02:00:00Z"  # data interval 2024-06-05T01:00 -> 2024-06-06T01:00 (daily at 01:00)
INTERVAL_START = dt.datetime(2024, 6, 5, 1, 0, tzinfo=dt.UTC)
INTERVAL_END = dt.datetime(2024, 6, 6, 1, 0, tzinfo=dt.UTC)
# runs.trigger names who ran it ("airflow:<dag run id>" vs the driver's "cli"): the one column besides
# the wall-clock ones (celery_helpers.TIME_COLUMNS) that differs between the two runs
RUN_COLUMNS = ("trigger",)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[cluster_mod.Cluster, Path]]:
    services_or_skip()
    root = tmp_path_factory.mktemp("celery-cluster")
    folders = copy_outlets(root / "in")
    sources = write_sources(root / "sources.toml", folders)
    # only the run the test triggers: no scheduled run when the DAG is unpaused
    running = cluster_mod.start(
        workers=2,
        concurrency=1,
        sources_file=sources,
        extra_env={"AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False"},
    )
    try:
        yield running, sources
    finally:
        running.stop()


def _wait_run(c: cluster_mod.Cluster, run_id: str) -> str:
    deadline = time.monotonic() + RUN_WAIT
    state = "?"
    while time.monotonic() < deadline:
        resp = c.api("GET", f"/dags/news_ingest/dagRuns/{run_id}")
        if resp.status_code == 200:
            state = str(resp.json()["state"])
            if state in {"success", "failed"}:
                return state
        time.sleep(2)
    raise AssertionError(f"news_ingest/{run_id} still {state} after {RUN_WAIT:.0f}s\n{c.logs()}")


def _task_instances(c: cluster_mod.Cluster, run_id: str) -> list[dict[str, Any]]:
    resp = c.api("GET", f"/dags/news_ingest/dagRuns/{run_id}/taskInstances?limit=100")
    assert resp.status_code == 200, resp.text
    return list(resp.json()["task_instances"])


def test_news_ingest_runs_on_two_celery_workers_and_equals_the_embedded_run(
    cluster: tuple[cluster_mod.Cluster, Path], tmp_path: Path
) -> None:
    c, sources_file = cluster
    resp = c.api("PATCH", "/dags/news_ingest", {"is_paused": False})
    assert resp.status_code == 200, resp.text
    resp = c.api("POST", "/dags/news_ingest/dagRuns", {"logical_date": LOGICAL_DATE, "conf": {}})
    assert resp.status_code == 200, resp.text
    run = resp.json()
    assert _wait_run(c, run["dag_run_id"]) == "success", c.logs()

    # Airflow's own records: which worker ran each task
    tis = _task_instances(c, run["dag_run_id"])
    extract = [t for t in tis if t["task_id"] == "extract"]
    assert len(extract) == 4  # one mapped task per outlet
    assert all(t["state"] == "success" for t in extract), extract
    # Which worker takes which mapped task is Celery's choice (a worker may finish one extract and
    # take the next before the other polls): the run as a whole must have used both workers.
    assert set(c.worker_names) == {"w1", "w2"}
    assert {t["hostname"] for t in extract} <= set(c.worker_names), extract
    assert {t["hostname"] for t in tis} == {"w1", "w2"}, (
        [(t["task_id"], t["map_index"], t["hostname"]) for t in tis],
        c.logs(),
    )
    loads = [t for t in tis if t["task_id"] == "load"]
    assert len(loads) == 1
    assert (loads[0]["state"], loads[0]["try_number"], loads[0]["map_index"]) == ("success", 1, -1)
    assert loads[0]["hostname"] in c.worker_names
    assert all(t["executor"] in (None, "CeleryExecutor") for t in tis)

    # what the cluster loaded into DuckLake (catalog in its PostgreSQL, data files in its data folder)
    lake_s = load_settings(c.env)
    assert lake_s.store == "ducklake"
    con = open_store(lake_s)
    try:
        lake_tables = store_tables(con, exclude=RUN_COLUMNS)
        run_ids = [r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()]
    finally:
        con.close()
    assert run_ids == [f"news_ingest__{INTERVAL_START:%Y-%m-%dT%H%M}"]

    # the embedded default over the same inputs: the one run driver in this process, DuckDB file
    file_s = load_settings({}, data_dir=tmp_path, db=tmp_path / "news.duckdb", sources_file=sources_file)
    driver.run(
        file_s,
        sources=load_sources(sources_file),
        run_id=run_ids[0],
        since=INTERVAL_START,
        until=INTERVAL_END,
    )
    con = open_store(file_s)
    try:
        file_tables = store_tables(con, exclude=RUN_COLUMNS)
    finally:
        con.close()
    assert_same_tables(file_tables, lake_tables)
    assert len(lake_tables["articles"][1]) == 13
    assert len(lake_tables["paragraphs"][1]) > 40
