"""The steps after a load (clusters, boilerplate, search) are run by the driver, recorded in runs, retried."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.core.settings import Settings
from pipeline.run import after_load
from pipeline.run import driver as ingest
from pipeline.store.db import connect

pytestmark = pytest.mark.integration

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def post_load(settings: Settings) -> list[tuple[str, dict[str, str] | None]]:
    con = connect(settings.db, read_only=True)
    try:
        rows = con.execute("SELECT run_id, post_load FROM runs ORDER BY finished_at").fetchall()
    finally:
        con.close()
    return [(r[0], dict(r[1]) if r[1] is not None else None) for r in rows]


def count(settings: Settings, sql: str) -> Any:
    con = connect(settings.db, read_only=True)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def test_a_failed_step_is_recorded_and_runs_again_after_the_next_load(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        con.execute("SELECT * FROM no_such_table_for_clusters")

    healthy = after_load.STEPS
    monkeypatch.setattr(after_load, "STEPS", (("clusters", broken), *healthy[1:]))
    first = ingest.run(settings, sources=[], inputs=[str(SAMPLES / "2024-05-16-heatwave.html")], run_id="r1")
    assert first["load"]["articles_new"] == 1
    ((run_id, outcomes),) = post_load(settings)
    assert run_id == "r1"
    assert outcomes is not None and outcomes["clusters"].startswith("failed: CatalogException")
    assert outcomes["boilerplate"] == "ok" and outcomes["search"] == "ok"  # the others still ran
    assert count(settings, "SELECT count(*) FROM articles") == 1  # the load itself is committed
    con = connect(settings.db, read_only=True)
    try:
        assert after_load.pending_failures(con) == ["clusters"]
    finally:
        con.close()

    monkeypatch.setattr(after_load, "STEPS", healthy)
    # nothing new in this run: the failed step runs again all the same
    again = ingest.run(settings, sources=[], inputs=[str(SAMPLES / "2024-05-16-heatwave.html")], run_id="r2")
    assert again["load"]["articles_new"] == 0
    assert again["load"]["post_load"] == {"clusters": "ok", "boilerplate": "ok", "search": "ok"}
    assert post_load(settings)[-1] == ("r2", {"clusters": "ok", "boilerplate": "ok", "search": "ok"})
    assert count(settings, "SELECT count(*) FROM dedup_signatures") >= 1

    # nothing new and nothing pending: no step runs
    quiet = ingest.run(settings, sources=[], inputs=[str(SAMPLES / "2024-05-16-heatwave.html")], run_id="r3")
    assert "post_load" not in quiet["load"]
    assert post_load(settings)[-1] == ("r3", None)


def test_the_cli_says_when_a_step_failed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pipeline.cli import main

    def broken(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(after_load, "STEPS", (*after_load.STEPS[:2], ("search", broken)))
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(settings.data_dir))
    code = main(["ingest", "--db", str(settings.db), str(SAMPLES / "2024-05-15-rail-line.html")])
    out = capsys.readouterr()
    assert code == 0  # the articles are loaded; the step runs again after the next load
    assert "warning: post-load step search failed: RuntimeError: index unavailable" in out.out
    assert "Traceback" not in out.out + out.err
    assert post_load(settings)[-1][1] == {
        "clusters": "ok",
        "boilerplate": "ok",
        "search": "failed: RuntimeError: index unavailable",
    }


def test_a_load_of_only_very_short_articles_runs_every_step(settings: Settings, tmp_path: Path) -> None:
    import json

    dump = tmp_path / "short.jsonl"
    records = [
        {
            "url": f"https://short.example/{i}",
            "title": f"عاجل {i}",
            "published": f"2024-05-1{i}T09:00:00+03:00",
            "text": "خبر قصير",
        }
        for i in range(3)
    ]
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    summary = ingest.run(settings, sources=[], inputs=[str(dump)], run_id="short")
    assert summary["load"]["articles_new"] == 3
    # no shingles to sign: the cluster step must still succeed (an empty hand-over file once failed)
    assert summary["load"]["post_load"] == {"clusters": "ok", "boilerplate": "ok", "search": "ok"}
    assert count(settings, "SELECT count(*) FROM dedup_signatures") == 3
