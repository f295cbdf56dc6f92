"""DAG integrity, and news_ingest run for real (`airflow dags test`, i.e. dag.test()) on the offline sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DAG_IDS = {"news_ingest", "news_reprocess", "news_maintenance"}


def airflow_env(home: Path, data: Path, sources: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWSFLOW"))}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home}/airflow.db",
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=str(home / "passwords.json"),
        NEWSFLOW_DATA_DIR=str(data),
        PYTHONPATH=str(ROOT),
    )
    if sources:
        env["NEWSFLOW_SOURCES_FILE"] = str(sources)
    return env


@pytest.mark.unit
def test_every_dag_imports_with_tags_retries_docs() -> None:
    code = (
        "import json, sys\n"
        "from airflow.dag_processing.dagbag import DagBag\n"
        f"bag = DagBag(dag_folder={str(ROOT / 'dags')!r})\n"
        "out = {'errors': {k: str(v)[:500] for k, v in bag.import_errors.items()}, 'dags': {}}\n"
        "for dag_id, dag in bag.dags.items():\n"
        "    out['dags'][dag_id] = {'tags': sorted(dag.tags), 'doc': bool(dag.doc_md),\n"
        "        'max_active_runs': dag.max_active_runs,\n"
        "        'retries': [t.retries for t in dag.tasks], 'pools': {t.task_id: t.pool for t in dag.tasks}}\n"
        "print(json.dumps(out))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["errors"] == {}
    assert set(data["dags"]) >= {"news_ingest"}
    for dag_id, info in data["dags"].items():
        assert info["tags"], dag_id
        assert info["doc"], dag_id
        assert info["max_active_runs"] == 1, dag_id
        assert all(r >= 2 for r in info["retries"]), dag_id
    assert data["dags"]["news_ingest"]["pools"]["load"] == "newsflow_duckdb"


@pytest.mark.integration
@pytest.mark.timeout(900)
def test_news_ingest_dag_test_loads_sample_idempotently(tmp_path: Path) -> None:
    home, data = tmp_path / "airflow", tmp_path / "data"
    home.mkdir()
    env = airflow_env(home, data)
    init = subprocess.run(
        ["bash", str(ROOT / "scripts" / "airflow_init.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    assert init.returncode == 0, init.stdout + init.stderr

    def run_dag() -> None:
        out = subprocess.run(
            [
                str(BIN / "airflow"),
                "dags",
                "test",
                "news_ingest",
                "2024-05-16",
                "-c",
                json.dumps({"sources": ["sample"]}),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        log = out.stdout + out.stderr
        assert out.returncode == 0, log[-4000:]
        assert "state=success" in log, log[-4000:]

    def table_counts() -> dict[str, int]:
        con = duckdb.connect(str(data / "news.duckdb"), read_only=True)
        try:
            return {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                for t in ("articles", "paragraphs", "fetches", "runs")
            }
        finally:
            con.close()

    run_dag()
    first = table_counts()
    con = duckdb.connect(str(data / "news.duckdb"), read_only=True)
    dup = con.execute("SELECT count(*) FROM paragraphs WHERE is_duplicate").fetchone()[0]  # type: ignore[index]
    sources = con.execute("SELECT DISTINCT source FROM articles").fetchall()
    run = con.execute("SELECT run_id, trigger, articles_staged FROM runs").fetchall()
    con.close()
    assert first["articles"] >= 5
    assert dup >= 3
    assert sources == [("sample",)]
    assert run[0][0].startswith("news_ingest__") and run[0][1].startswith("airflow:")
    run_dag()
    assert table_counts() == first
