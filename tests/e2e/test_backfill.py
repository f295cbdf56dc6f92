"""`airflow backfill create` over three past days of the local outlets: three runs, three partitions, idempotent."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.e2e.conftest import BIN, OUTLETS, Airflow

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]

DAYS = ["2024-05-11", "2024-05-12", "2024-05-13"]
KEYS = [f"news_ingest__{d}T0100" for d in DAYS]
BACKFILL_WAIT = 480.0


def _backfill(airflow: Airflow, *extra: str) -> int:
    """Create a backfill with the CLI; returns its id (from the REST API)."""

    def new_ids() -> list[int]:
        listed = airflow.api("GET", "/backfills?dag_id=news_ingest").json()["backfills"]
        return [int(b["id"]) for b in listed if b["id"] not in before]

    before = {b["id"] for b in airflow.api("GET", "/backfills?dag_id=news_ingest").json()["backfills"]}
    # bounded retries: SQLite can stay locked by a busy scheduler longer than the CLI waits, and the
    # scheduler marks the previous backfill completed a moment after its last run succeeded. A CLI call
    # that reported "database is locked" may still have committed the backfill: then a retry answers
    # "Another backfill is running" about our own backfill, so every attempt first looks for it.
    for _attempt in range(24):
        out = subprocess.run(
            [str(BIN / "airflow"), "backfill", "create", "--dag-id", "news_ingest",
             "--from-date", f"{DAYS[0]}T00:00:00+00:00", "--to-date", f"{DAYS[-1]}T23:00:00+00:00",
             "--max-active-runs", "1", *extra],
            env=airflow.env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        created = new_ids()
        if created:
            assert len(created) == 1, created
            return created[0]
        if out.returncode == 0 or not any(
            x in out.stderr for x in ("database is locked", "Another backfill is running")
        ):
            break
        time.sleep(10)
    raise AssertionError(f"backfill not created (exit {out.returncode}): {(out.stdout + out.stderr)[-3000:]}")


def _wait_backfill(airflow: Airflow, backfill_id: int) -> list[dict[str, object]]:
    deadline = time.monotonic() + BACKFILL_WAIT
    runs: list[dict[str, object]] = []
    while time.monotonic() < deadline:
        info = airflow.api("GET", f"/backfills/{backfill_id}").json()
        runs = [
            r
            for r in airflow.api("GET", "/dags/news_ingest/dagRuns?run_type=backfill&limit=50").json()[
                "dag_runs"
            ]
            if r.get("run_type") in {None, "backfill"}
        ]
        if info.get("completed_at") and runs and all(r["state"] in {"success", "failed"} for r in runs):
            return runs
        time.sleep(3)
    raise AssertionError(f"backfill {backfill_id} not done after {BACKFILL_WAIT:.0f}s: {runs}")


def test_backfill_three_days_then_repeat_changes_nothing(airflow: Airflow) -> None:
    airflow.unpause("news_ingest")
    runs = _wait_backfill(airflow, _backfill(airflow))
    assert sorted(str(r["logical_date"])[:10] for r in runs) == DAYS
    assert {r["state"] for r in runs} == {"success"}, [
        airflow.task_summary("news_ingest", str(r["dag_run_id"])) for r in runs
    ]

    # one runs row per interval, and each interval's articles are that day's (local date) from both outlets
    assert airflow.query("SELECT run_id FROM runs WHERE run_id IN (?, ?, ?) ORDER BY 1", KEYS) == [
        (k,) for k in KEYS
    ]
    partitions = airflow.query(
        "SELECT f.run_id, a.published_local_date::VARCHAR, count(DISTINCT a.article_id) "
        "FROM fetches f JOIN articles_current a USING (article_id) WHERE f.run_id IN (?, ?, ?) GROUP BY ALL ORDER BY ALL",
        KEYS,
    )
    assert partitions == [(k, d, len(OUTLETS)) for k, d in zip(KEYS, DAYS, strict=True)]
    first = airflow.table_contents(("articles", "paragraphs"))
    fetch_count = airflow.query("SELECT count(*) FROM fetches WHERE run_id IN (?, ?, ?)", KEYS)

    again = _wait_backfill(airflow, _backfill(airflow, "--reprocess-behavior", "completed"))
    assert {r["state"] for r in again} == {"success"}
    assert airflow.table_contents(("articles", "paragraphs")) == first
    assert airflow.query("SELECT run_id FROM runs WHERE run_id IN (?, ?, ?) ORDER BY 1", KEYS) == [
        (k,) for k in KEYS
    ]
    assert airflow.query("SELECT count(*) FROM fetches WHERE run_id IN (?, ?, ?)", KEYS) == fetch_count


def test_reprocess_rereads_the_archive_without_network_and_changes_nothing(airflow: Airflow) -> None:
    """After the backfill: news_reprocess over the same days reads data/warc only and reloads idempotently."""
    before = airflow.table_contents(("articles", "paragraphs"))
    assert before["articles"], "the backfill test loads the days this test reprocesses"
    requests_before = len(airflow.outlets.requests)
    airflow.unpause("news_reprocess")
    conf = {"start": DAYS[0], "end": DAYS[-1], "sources": []}
    resp = airflow.api("POST", "/dags/news_reprocess/dagRuns", {"dag_run_id": "reprocess-1", "conf": conf,
                                                                "logical_date": None})  # fmt: skip
    assert resp.status_code == 200, resp.text
    state = airflow.wait_run("news_reprocess", "reprocess-1")
    assert state == "success", airflow.task_summary("news_reprocess", "reprocess-1")
    assert len(airflow.outlets.requests) == requests_before  # no request reached the outlets
    key = f"news_reprocess__{DAYS[0]}_{DAYS[-1]}__all"
    assert airflow.query("SELECT count(*) FROM runs WHERE run_id = ?", [key]) == [(1,)]
    reread = airflow.query(
        "SELECT source, count(DISTINCT article_id) FROM fetches WHERE run_id = ? AND article_id IS NOT NULL "
        "GROUP BY ALL ORDER BY ALL",
        [key],
    )
    assert reread == [(name, len(DAYS)) for name in sorted(OUTLETS)]
    assert airflow.table_contents(("articles", "paragraphs")) == before


def test_maintenance_checkpoints_exports_and_prunes(airflow: Airflow) -> None:
    airflow.unpause("news_maintenance")
    body = {"dag_run_id": "maintenance-1", "conf": {"prune_dry_run": True}, "logical_date": None}
    resp = airflow.api("POST", "/dags/news_maintenance/dagRuns", body)
    assert resp.status_code == 200, resp.text
    state = airflow.wait_run("news_maintenance", "maintenance-1")
    assert state == "success", airflow.task_summary("news_maintenance", "maintenance-1")
    exported = list((airflow.data / "export" / "articles").rglob("*.parquet"))
    assert exported
    assert not (airflow.db.parent / (airflow.db.name + ".wal")).exists() or (
        (airflow.db.parent / (airflow.db.name + ".wal")).stat().st_size == 0
    )
    # a dry-run prune with fresh files removes nothing
    assert list((airflow.data / "warc").glob("*.warc.gz"))
