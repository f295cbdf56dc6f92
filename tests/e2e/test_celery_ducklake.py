"""The DuckLake store (catalog in a real PostgreSQL, Parquet data files) against the DuckDB file.

Same inputs, same loads: every table holds the same rows (minus wall-clock columns, see
celery_helpers.TIME_COLUMNS); merges are idempotent, edited articles get versions, clusters, search and
the analytics library give the same answers; concurrent loads lose and double nothing.
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import load_sources
from pipeline.run import driver
from pipeline.store import lake
from pipeline.store.analytics import list_queries, run_query
from pipeline.store.db import MIGRATIONS_DIR, open_db, open_store
from pipeline.store.load import load_run
from pipeline.store.search import search
from scripts import cluster as cluster_mod
from tests.e2e.celery_helpers import (
    FIXTURES,
    ROOT,
    assert_same_tables,
    copy_outlets,
    started_postgres,
    store_tables,
    write_sources,
)

pytestmark = pytest.mark.e2e

# library queries whose output is derived from wall-clock columns (latency, run times): compared by shape
TIMED_QUERIES = {"fetch_health", "runs_overview"}
# columns the library fills with any_value() (one example of many, not a fixed choice): left out
EXAMPLE_COLUMNS = {"example"}


@pytest.fixture(scope="module")
def postgres() -> Iterator[cluster_mod.Cluster]:
    yield from started_postgres()


def file_settings(root: Path, sources: Path) -> Settings:
    return load_settings({}, data_dir=root, db=root / "news.duckdb", sources_file=sources)


def lake_settings(pg: cluster_mod.Cluster, root: Path, sources: Path, database: str) -> Settings:
    return load_settings(
        {},
        data_dir=root,
        db=root / "not-used.duckdb",
        sources_file=sources,
        store="ducklake",
        ducklake_catalog="postgres:" + pg.create_database(database),
        ducklake_data_path=str(root / "lake-data"),
    )


def tables(settings: Settings, **kw: Any) -> dict[str, Any]:
    con = open_store(settings)
    try:
        return store_tables(con, **kw)
    finally:
        con.close()


def test_file_and_ducklake_hold_the_same_tables(postgres: cluster_mod.Cluster, tmp_path: Path) -> None:
    folders = copy_outlets(tmp_path / "in")
    sources_file = write_sources(tmp_path / "sources.toml", folders)
    sources = load_sources(sources_file)
    stores = {
        "file": file_settings(tmp_path / "file", sources_file),
        "ducklake": lake_settings(postgres, tmp_path / "lake", sources_file, "lake_same"),
    }
    counts: dict[str, list[dict[str, Any]]] = {name: [] for name in stores}
    for step, run_id in enumerate(("scale-r1", "scale-r2", "scale-r2")):
        if step == 1:  # the outlet edits one story: a new version of the same article
            shutil.copy(FIXTURES / "edited" / "n4-market.html", folders["north"] / "n4-market.html")
        for name, settings in stores.items():
            counts[name].append(driver.run(settings, sources=sources, run_id=run_id)["load"])
    assert counts["file"] == counts["ducklake"]
    first, edit, again = counts["ducklake"]
    assert first["articles_new"] == 13
    assert (edit["articles_new"], edit["articles_new_version"], edit["articles_unchanged"]) == (0, 1, 12)
    assert (again["articles_new"], again["articles_new_version"]) == (0, 0)  # the same run again: a no-op

    file_tables, lake_tables = tables(stores["file"]), tables(stores["ducklake"])
    assert_same_tables(file_tables, lake_tables)

    # what was compared is not trivially empty
    sizes = {t: len(rows) for t, (_, rows) in lake_tables.items()}
    for table in ("articles", "paragraphs", "fetches", "runs", "entities", "mentions", "article_clusters"):
        assert sizes[table] > 0, table
    assert sizes["search_postings"] > 100
    file_con, lake_con = open_store(stores["file"]), open_store(stores["ducklake"])
    try:
        # versioned articles: the edited story has versions 1 and 2, articles_current shows version 2
        versions = lake_con.execute(
            "SELECT version FROM articles WHERE canonical_url LIKE '%/market' ORDER BY 1"
        ).fetchall()
        assert versions == [(1,), (2,)]
        current = "SELECT article_id, version FROM articles_current ORDER BY 1"
        assert lake_con.execute(current).fetchall() == file_con.execute(current).fetchall()
        # clusters: the south outlet's copy of the north water story is clustered with it
        copies = lake_con.execute(
            "SELECT count(*) FROM article_clusters c JOIN articles_current a USING (article_id) "
            "WHERE a.title LIKE '%شبكة مياه%' OR a.body_text LIKE '%شبكة مياه جديدة%'"
        ).fetchone()
        assert copies == (2,)
        # search: same hits, same scores
        for query in ("المياه", "الحافلات الشرقية", "سوق الخضار"):
            hits = [(h.article_id, round(h.score, 9)) for h in search(lake_con, query)]
            assert hits, query
            assert hits == [(h.article_id, round(h.score, 9)) for h in search(file_con, query)], query
        # the analytics library
        for query in list_queries():
            file_cols, file_rows = run_query(file_con, query.name)
            lake_cols, lake_rows = run_query(lake_con, query.name)
            assert lake_cols == file_cols, query.name
            if query.name in TIMED_QUERIES:
                assert len(lake_rows) == len(file_rows), query.name
            else:
                keep = [i for i, c in enumerate(file_cols) if c not in EXAMPLE_COLUMNS]
                lake_kept = sorted((tuple(r[i] for i in keep) for r in lake_rows), key=repr)
                file_kept = sorted((tuple(r[i] for i in keep) for r in file_rows), key=repr)
                assert lake_kept == file_kept, query.name
        # the keys the file enforces are gone on DuckLake (the loader keeps them: see pipeline/store/lake.py)
        pk = "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database()"
        assert file_con.execute(pk).fetchone()[0] >= len(lake.primary_keys(MIGRATIONS_DIR))  # type: ignore[index]
        assert lake_con.execute(pk).fetchone() == (0,)
    finally:
        file_con.close()
        lake_con.close()
    # the rows live in Parquet files under the data path every worker reaches
    assert list((tmp_path / "lake" / "lake-data").rglob("*.parquet"))
    # the read-only CLI commands open the store the settings select
    lake_env = {
        "NEWSFLOW_STORE": "ducklake",
        "NEWSFLOW_DUCKLAKE_CATALOG": stores["ducklake"].ducklake_catalog,
        "NEWSFLOW_DUCKLAKE_DATA_PATH": stores["ducklake"].ducklake_data_path,
        "NEWSFLOW_DATA_DIR": str(tmp_path / "lake"),
    }
    file_env = {"NEWSFLOW_DB": str(stores["file"].db), "NEWSFLOW_DATA_DIR": str(tmp_path / "file")}
    for args in (
        ["sql", "SELECT source, count(*) AS n FROM articles_current GROUP BY 1 ORDER BY 1"],
        ["search", "المياه"],
    ):
        on_lake, on_file = _cli(lake_env, *args), _cli(file_env, *args)
        assert on_lake.returncode == 0, on_lake.stderr
        assert on_lake.stdout == on_file.stdout
        assert "north" in on_lake.stdout


def _cli(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    env.update(PYTHONPATH=str(ROOT), **env_extra)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.exit(main())", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _no_doubled_keys(settings: Settings) -> None:
    con = open_store(settings)
    try:
        for table, keys in lake.primary_keys(MIGRATIONS_DIR).items():
            cols = ", ".join(f'"{k}"' for k in keys)
            row = con.execute(f'SELECT count(*), count(DISTINCT ({cols})) FROM "{table}"').fetchone()
            assert row is not None and row[0] == row[1], f"{table}: {row[0]} rows for {row[1]} keys"
    finally:
        con.close()


def _load_order(settings: Settings) -> list[str]:
    con = open_store(settings)
    try:
        return [r[0] for r in con.execute("SELECT run_id FROM runs ORDER BY finished_at").fetchall()]
    finally:
        con.close()


RUNS = {"scale-a": ["north", "south", "east"], "scale-b": ["south", "east", "west"]}


def test_two_concurrent_loads_lose_and_double_nothing(postgres: cluster_mod.Cluster, tmp_path: Path) -> None:
    """Two processes load overlapping runs into one lake at once: the result is a serial order's result."""
    folders = copy_outlets(tmp_path / "in")
    sources_file = write_sources(tmp_path / "sources.toml", folders)
    lake_s = lake_settings(postgres, tmp_path / "lake", sources_file, "lake_concurrent")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    env.update(
        PYTHONPATH=str(ROOT),
        NEWSFLOW_STORE="ducklake",
        NEWSFLOW_DUCKLAKE_CATALOG=lake_s.ducklake_catalog,
        NEWSFLOW_DUCKLAKE_DATA_PATH=lake_s.ducklake_data_path,
        NEWSFLOW_DATA_DIR=str(lake_s.data_dir),
        NEWSFLOW_SOURCES_FILE=str(sources_file),
    )
    script = (
        "import sys\n"
        "from pipeline.core.settings import load_settings\n"
        "from pipeline.core.sources import load_sources\n"
        "from pipeline.run import driver\n"
        "s = load_settings()\n"
        "driver.run(s, sources=load_sources(s.sources_file), source_names=sys.argv[2:], run_id=sys.argv[1])\n"
    )
    # the lake exists (migrated) before the race, as it would in a deployment
    open_db(lake_s).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, run_id, *names],
            env=env,
            cwd=str(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for run_id, names in RUNS.items()
    ]
    for proc in procs:
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, out.decode(errors="replace")[-3000:]
    _no_doubled_keys(lake_s)
    order = _load_order(lake_s)
    assert sorted(order) == sorted(RUNS)
    # the same runs one after the other, in the order the lake committed them, into a DuckDB file
    file_s = file_settings(tmp_path / "file", sources_file)
    sources = load_sources(sources_file)
    for run_id in order:
        driver.run(file_s, sources=sources, source_names=RUNS[run_id], run_id=run_id)
    assert_same_tables(tables(file_s), tables(lake_s))


def test_conflicting_transactions_are_retried(
    postgres: cluster_mod.Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two loads forced to overlap (no lease): the later commit conflicts, is rolled back and applied again."""
    folders = copy_outlets(tmp_path / "in")
    sources_file = write_sources(tmp_path / "sources.toml", folders)
    lake_s = lake_settings(postgres, tmp_path / "lake", sources_file, "lake_retry")
    sources = load_sources(sources_file)
    for run_id, names in RUNS.items():  # staged only; the loads race below
        driver.run(lake_s, sources=sources, source_names=names, run_id=run_id, dry_run=True)
    open_db(lake_s).close()  # migrated before the race
    barrier = threading.Barrier(len(RUNS), timeout=120)
    claims: collections.Counter[str] = collections.Counter()
    real_claim = lake.claim

    def claim_then_wait(con: Any) -> None:
        real_claim(con)
        me = threading.current_thread().name
        claims[me] += 1
        if claims[me] == 1:  # both transactions are open before either commits
            barrier.wait()

    monkeypatch.setattr(lake, "claim", claim_then_wait)
    errors: list[BaseException] = []

    def load(run_id: str) -> None:
        try:
            load_run(lake_s, run_id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(r,), name=r) for r in RUNS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert sorted(claims.values()) == [1, 2]  # one load committed first; the other ran twice
    _no_doubled_keys(lake_s)
    con = open_store(lake_s)
    try:
        articles = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone()
        runs = con.execute("SELECT count(*) FROM runs").fetchone()
    finally:
        con.close()
    assert articles == (13, 13)  # 4 outlets: nothing lost, nothing doubled
    assert runs == (2,)


def test_no_sql_that_needs_a_key_outside_the_loader() -> None:
    """INSERT OR IGNORE / OR REPLACE / ON CONFLICT need a primary key, which DuckLake lacks: only the
    loader may use them, where it has the DuckLake variant beside them (load._insert_new)."""
    import re

    pattern = re.compile(
        r"\bINSERT\s+OR\s+(?:IGNORE|REPLACE)\s+INTO\b|\bON\s+CONFLICT\s*(?:\(|DO\b)", re.IGNORECASE
    )
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "pipeline").rglob("*.py"))
        if path.name != "load.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
