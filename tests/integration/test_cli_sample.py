"""The path of `make run` without Airflow: the CLI ingests the offline sample, twice, and SQL reads it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def newsflow(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    env.update(NEWSFLOW_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )


def test_sample_ingest_is_idempotent_and_queryable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = newsflow("ingest", "--source", "sample", "--run-id", "sample-1", "--json", "-q", data=data)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["outcomes"] == {"ok": summary["staged_articles"]}
    assert summary["load"]["articles_new"] == summary["staged_articles"] >= 5

    def role_counts() -> dict[str, tuple[int, int]]:
        out = newsflow(
            "sql",
            "select role, count(*) as n, count(*) filter (is_duplicate) as dup from paragraphs group by 1",
            "--format",
            "json",
            data=data,
        )
        assert out.returncode == 0, out.stderr
        return {r["role"]: (r["n"], r["dup"]) for r in json.loads(out.stdout)}

    roles = role_counts()
    assert roles["paragraph"][0] > 10
    assert sum(dup for _, dup in roles.values()) >= 3  # teasers, captions, pull quotes flagged
    assert roles["lead"][1] >= 1 and roles["pull_quote"][1] >= 1 and roles["caption"][0] >= 3
    again = newsflow("ingest", "--source", "sample", "--run-id", "sample-1", "--json", "-q", data=data)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["load"]["articles_unchanged"] == summary["staged_articles"]
    assert role_counts() == roles
    listed = newsflow("sources", data=data)
    assert listed.returncode == 0 and "sample-1" in listed.stdout and "never run" in listed.stdout


def test_sql_is_read_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert newsflow("ingest", "--source", "sample", "-q", data=data).returncode == 0
    out = newsflow("sql", "delete from articles", data=data)
    assert out.returncode != 0 and "read-only" in out.stderr.lower()
    count = newsflow("sql", "select count(*) as n from articles", "--format", "json", data=data)
    assert json.loads(count.stdout)[0]["n"] >= 5
