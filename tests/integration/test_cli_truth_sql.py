"""`newsflow sql` is read-only for real: every write path DuckDB has is refused with a clear
one-line message while plain SELECTs and the named queries still run (issue 18)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.integration.cli_truth_helpers import SAMPLES, newsflow, one_line_error, run_main

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqldb") / "news.duckdb"
    done = newsflow("ingest", str(SAMPLES), "--db", str(path), "-q")
    assert done.returncode == 0, done.stderr
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_paths(tmp: Path) -> dict[str, str]:
    q = f"'{tmp}"
    return {
        "attach read-write, then delete": f"attach {q}/victim.duckdb' as v (READ_WRITE); delete from v.articles",
        "attach a new file": f"attach {q}/new.duckdb' as n; create table n.t(a int)",
        "attach memory": "attach ':memory:' as m; create table m.t(a int)",
        "detach": "detach news",
        "copy to csv": f"copy (select * from articles) to {q}/out.csv'",
        "copy table to parquet": f"copy articles to {q}/out.parquet' (format parquet)",
        "copy from": f"copy articles from {q}/secret.csv'",
        "export database": f"export database {q}/exported'",
        "import database": f"import database {q}/exported'",
        "install": "install httpfs",
        "load": "load fts",
        "load from a path": f"load {q}/evil.duckdb_extension'",
        "set": "set memory_limit = '1GB'",
        "set external access back on": "set enable_external_access = true",
        "reset the lock": "reset lock_configuration",
        "pragma setting": "pragma threads = 1",
        "pragma profiling": "pragma enable_profiling",
        "use": "use memory",
        "create table": "create table t as select 1 as a",
        "create temp table": "create temp table t as select 1 as a",
        "create view": "create view v as select 1 as a",
        "create macro": "create temp macro f(x) as x + 1",
        "create secret": "create secret s (type s3, key_id 'a', secret 'b')",
        "insert": "insert into runs select * from runs",
        "update": "update articles set title = 'x'",
        "delete": "delete from articles",
        "drop": "drop table articles",
        "alter": "alter table articles add column z int",
        "merge": "merge into entities using (select 'x' as entity_id) s using (entity_id) when matched then delete",
        "checkpoint": "checkpoint",
        "force checkpoint": "force checkpoint",
        "call checkpoint": "call checkpoint()",
        "select from checkpoint": "select * from checkpoint()",
        "vacuum": "vacuum",
        "analyze": "analyze",
        "transaction": "begin transaction",
        "read_csv of a local file": f"select * from read_csv({q}/secret.csv')",
        "read_text of a local file": "select * from read_text('/etc/hostname')",
        "glob": "select * from glob('/etc/*')",
        "a file as a table": f"select * from {q}/secret.csv'",
        "a remote file": "select * from read_parquet('https://example.org/x.parquet')",
        "a write after a select": f"select 1; copy (select 1) to {q}/late.csv'",
    }


def test_every_write_path_is_refused(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim.duckdb"
    victim.write_bytes(db.read_bytes())
    (tmp_path / "secret.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    before = _digest(db)
    for name, sql in _write_paths(tmp_path).items():
        code, out, err = run_main(capsys, "sql", sql, "--db", str(db))
        message = one_line_error(code, err)
        assert message.startswith("newsflow sql: "), (name, message)
        assert "read-only" in message, (name, message)
        assert out == "", (name, out)
    assert _digest(db) == before
    assert _digest(victim) == before  # the attached copy was not touched either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.csv", "victim.duckdb"]  # nothing written


def test_write_refused_through_the_console_script(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = newsflow("sql", f"copy (select 1) to '{target}'", "--db", str(db))
    assert "read-only" in one_line_error(result.returncode, result.stderr)
    assert not target.exists()


def test_reads_and_named_queries_still_work(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(
        capsys, "sql", "select count(*) as n from articles_current", "--db", str(db), "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)[0]["n"] >= 5
    for sql in (
        "with a as (select source from articles_current) select count(*) from a",
        "from articles_current select source limit 1",
        "describe articles",
        "show tables",
        "summarize runs",
        "explain select 1",
        "pragma table_info('articles')",
        "call pragma_table_info('articles')",
        "pivot articles_current on source using count(*) group by language",
        "set variable d = 3; select getvariable('d') * 2 as six",
    ):
        code, out, err = run_main(capsys, "sql", sql, "--db", str(db))
        assert code == 0, (sql, err)
        assert "row" in out, sql
    code, out, err = run_main(
        capsys,
        "sql",
        "articles_per_outlet_day",
        "--param",
        "since=2024-01-01",
        "--db",
        str(db),
        "--format",
        "json",
    )
    assert code == 0, err
    assert sum(r["articles"] for r in json.loads(out)) >= 5
    code, out, err = run_main(capsys, "sql", "--list")
    assert code == 0 and "top_entities_day" in out
