"""news_ingest through the REST API of a real Airflow: token, trigger with conf, idempotent re-run, refused params."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import OUTLETS, Airflow

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

INTERVAL = {
    "data_interval_start": "2024-05-14T01:00:00Z",
    "data_interval_end": "2024-05-15T01:00:00Z",
    "logical_date": "2024-05-14T01:00:00Z",
}
RUN_KEY = "news_ingest__2024-05-14T0100"


def _trigger(airflow: Airflow, run_id: str, conf: dict[str, object], logical_date: str) -> str:
    """Trigger over INTERVAL; Airflow keeps logical dates unique, so a re-trigger shifts it, not the interval."""
    body = {"dag_run_id": run_id, "conf": conf, **INTERVAL, "logical_date": logical_date}
    resp = airflow.api("POST", "/dags/news_ingest/dagRuns", body)
    assert resp.status_code == 200, resp.text
    return str(resp.json()["dag_run_id"])


def test_token_is_required(airflow: Airflow) -> None:
    import requests

    resp = requests.get(f"{airflow.base}/api/v2/dags/news_ingest", timeout=30)
    assert resp.status_code == 401
    bad = requests.post(
        f"{airflow.base}/auth/token", json={"username": "admin", "password": "wrong"}, timeout=30
    )
    assert bad.status_code in {401, 403}


def test_trigger_loads_rows_and_rerun_changes_nothing(airflow: Airflow) -> None:
    airflow.unpause("news_ingest")
    conf = {"sources": sorted(OUTLETS), "max_articles": 10}
    run_id = _trigger(airflow, "rest-first", conf, INTERVAL["logical_date"])
    state = airflow.wait_run("news_ingest", run_id)
    assert state == "success", airflow.task_summary("news_ingest", run_id)

    rows = airflow.query(
        "SELECT source, published_local_date::VARCHAR, count(*) FROM articles_current "
        "WHERE article_id IN (SELECT article_id FROM fetches WHERE run_id = ?) GROUP BY ALL ORDER BY ALL",
        [RUN_KEY],
    )
    # the data interval [05-14 01:00, 05-15 01:00) UTC holds exactly one noon article per outlet
    assert rows == [(name, "2024-05-14", 1) for name in sorted(OUTLETS)]
    first = airflow.table_contents()
    # unpausing also starts the latest scheduled interval (2 years later: no articles); ours is one row
    runs = airflow.query("SELECT run_id, trigger FROM runs WHERE run_id = ?", [RUN_KEY])
    assert runs == [(RUN_KEY, "airflow:rest-first")]

    again = _trigger(airflow, "rest-again", conf, "2024-05-14T01:00:01Z")
    assert airflow.wait_run("news_ingest", again) == "success", airflow.task_summary("news_ingest", again)
    second = airflow.table_contents()
    assert {t: len(r) for t, r in second.items()} == {t: len(r) for t, r in first.items()}
    assert second["articles"] == first["articles"]
    assert second["paragraphs"] == first["paragraphs"]
    assert airflow.query("SELECT count(*) FROM runs WHERE run_id = ?", [RUN_KEY]) == [(1,)]
    assert airflow.query(
        "SELECT count(*) FROM fetches WHERE run_id = ? AND article_id IS NOT NULL", [RUN_KEY]
    ) == [(2,)]


@pytest.mark.parametrize(
    ("conf", "reason"),
    [
        ({"max_articles": -1}, "max_articles"),
        ({"sources": ["no_such_outlet"]}, "no_such_outlet"),
        ({"urls": ["ftp://example.invalid/x"]}, "urls"),
    ],
)
def test_invalid_params_are_refused_with_the_reason(
    airflow: Airflow, conf: dict[str, object], reason: str
) -> None:
    before = airflow.api("GET", "/dags/news_ingest/dagRuns").json()["total_entries"]
    resp = airflow.api("POST", "/dags/news_ingest/dagRuns", {"conf": conf, "logical_date": None})
    assert resp.status_code == 400, resp.text
    assert reason in resp.text
    assert airflow.api("GET", "/dags/news_ingest/dagRuns").json()["total_entries"] == before
