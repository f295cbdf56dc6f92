"""The DuckLake store: tables as Parquet files under a data path every worker reaches, the catalog in Postgres.

Selected by ``NEWSFLOW_STORE=ducklake`` (the DuckDB file stays the default). The extensions are loaded
by path from their PyPI wheels (``duckdb-extension-ducklake``, ``duckdb-extension-postgres-scanner``),
so nothing is downloaded at run time.

What DuckLake lacks and how newsflow handles it (docs/scale-out.md has the full list):
- no PRIMARY KEY / UNIQUE constraints: the migrations are applied with their key clauses removed
  (:func:`lake_sql`; key columns stay NOT NULL) and the loader's ``INSERT OR IGNORE`` /
  ``INSERT OR REPLACE`` become anti-joins and delete-then-insert (pipeline/store/load.py);
- appends of two transactions never conflict, so without keys two concurrent loads could both
  insert one article: every write transaction also updates the one row of ``lake_writes``
  (:func:`claim`), which makes any two concurrent writers conflict; the loser is rolled back and
  run again on the new snapshot (:func:`retry_conflicts`, bounded), where its anti-joins see the
  winner's rows;
- a whole load with its post-load steps holds a writer lease (a Postgres advisory lock for a
  Postgres catalog), so the derived tables are rebuilt by one writer at a time too.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from pipeline.core.settings import Settings

LOGGER = logging.getLogger(__name__)

ALIAS = "newsflow_lake"
GUARD_TABLE = "lake_writes"
_PACKAGES = {
    "ducklake": "duckdb_extension_ducklake",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
}
_TABLE_KEY = re.compile(r",\s*PRIMARY\s+KEY\s*\([^)]*\)", re.IGNORECASE)
_COLUMN_KEY = re.compile(r"\bPRIMARY\s+KEY\b", re.IGNORECASE)
_LEASE_KEY = 0x6E657773  # pg_advisory_lock key of the writer lease ("news")

T = TypeVar("T")


class LakeConflictError(RuntimeError):
    """Concurrent writers kept conflicting past the retry budget."""


def extension_path(name: str) -> Path:
    """The extension file shipped in its wheel, for the installed duckdb version."""
    package = _PACKAGES[name]
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        wheel = package.replace("_", "-")
        raise ModuleNotFoundError(f"the DuckLake store needs the {wheel} package (pip install {wheel})")
    base = Path(spec.origin).parent
    exact = sorted(base.glob(f"extensions/v{duckdb.__version__}/**/{name}.duckdb_extension"))
    found = exact or sorted(base.rglob(f"{name}.duckdb_extension"))
    if not found:
        raise FileNotFoundError(f"no {name}.duckdb_extension in {base}")
    return found[0]


def catalog(settings: Settings) -> str:
    """The DuckLake catalog: the setting, else a DuckDB-file catalog in the data folder."""
    return settings.ducklake_catalog or str(settings.data_dir / "lake.ducklake")


def data_path(settings: Settings) -> str:
    path = settings.ducklake_data_path or str(settings.data_dir / "lake")
    return path if path.endswith("/") else path + "/"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(settings: Settings, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached and in use (temp tables stay in memory)."""
    cat = catalog(settings)
    con = duckdb.connect()
    try:
        con.execute(f"LOAD {_quote(str(extension_path('ducklake')))}")
        if cat.startswith("postgres:"):
            con.execute(f"LOAD {_quote(str(extension_path('postgres_scanner')))}")
        else:
            Path(cat).parent.mkdir(parents=True, exist_ok=True)
        data = data_path(settings)
        if "://" not in data:
            Path(data).mkdir(parents=True, exist_ok=True)
        options = [f"DATA_PATH {_quote(data)}"] + (["READ_ONLY"] if read_only else [])
        con.execute(f"ATTACH {_quote('ducklake:' + cat)} AS {ALIAS} ({', '.join(options)})")
        con.execute(f"USE {ALIAS}")
    except Exception:
        con.close()
        raise
    return con


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` works on a DuckLake catalog (else on a DuckDB file)."""
    row = con.execute(
        "SELECT type FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return bool(row and row[0] == "ducklake")


def allow_own_files(con: duckdb.DuckDBPyConnection) -> None:
    """Before a session is locked down (no file access): keep the lake's own data files readable."""
    if not is_lake(con):
        return
    row = con.execute(
        "SELECT value FROM ducklake_options('newsflow_lake') WHERE option_name = 'data_path'"  # = ALIAS
    ).fetchone()
    if row and row[0]:
        con.execute("SET allowed_directories = [?]", [str(row[0])])


def lake_sql(sql: str) -> str:
    """A migration as DuckLake takes it: key constraints removed (key columns stay NOT NULL)."""
    return _COLUMN_KEY.sub("NOT NULL", _TABLE_KEY.sub("", sql))


_CREATE_TABLE = re.compile(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*?)\);", re.IGNORECASE | re.DOTALL)


def _top_level_items(body: str) -> list[str]:
    items, depth, start = [], 0, 0
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(body[start:i])
            start = i + 1
    items.append(body[start:])
    return [" ".join(item.split()) for item in items]


@functools.cache
def primary_keys(directory: Path) -> dict[str, tuple[str, ...]]:
    """Each table's primary key as the migrations in ``directory`` declare it (what DuckLake leaves out)."""
    keys: dict[str, tuple[str, ...]] = {}
    for path in sorted(directory.glob("*.sql")):
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        for table, body in _CREATE_TABLE.findall(text):
            for item in _top_level_items(body):
                upper = item.upper()
                if upper.startswith("PRIMARY KEY"):
                    cols = item[item.index("(") + 1 : item.rindex(")")]
                    keys[table] = tuple(c.strip().strip('"') for c in cols.split(","))
                elif "PRIMARY KEY" in upper:
                    keys[table] = (item.split()[0].strip('"'),)
    return keys


def ensure_guard(con: duckdb.DuckDBPyConnection) -> None:
    """The one-row table every write transaction updates (see :func:`claim`)."""
    con.execute("CREATE TABLE IF NOT EXISTS lake_writes (writes BIGINT NOT NULL)")
    row = con.execute("SELECT count(*) FROM lake_writes").fetchone()
    if not row or not row[0]:
        con.execute("INSERT INTO lake_writes VALUES (0)")


def claim(con: duckdb.DuckDBPyConnection) -> None:
    """Inside a write transaction: touch the guard row, so a concurrent writer's commit conflicts."""
    if is_lake(con):
        con.execute("UPDATE lake_writes SET writes = writes + 1")


def is_conflict(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and "conflict" in text


def retry_conflicts(
    work: Callable[[], T], *, attempts: int = 8, base_delay: float = 0.05, label: str = "write"
) -> T:
    """Run ``work`` (one whole transaction), again on a snapshot conflict, at most ``attempts`` times."""
    delay = base_delay
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except duckdb.Error as exc:
            if not is_conflict(exc):
                raise
            if attempt == attempts:
                raise LakeConflictError(f"{label}: still conflicting after {attempts} attempts") from exc
            LOGGER.info("%s conflicted with a concurrent writer (attempt %d); retrying", label, attempt)
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 2.0)
    raise AssertionError("unreachable")


@contextlib.contextmanager
def writer_lease(settings: Settings) -> Iterator[None]:
    """One whole load (and its post-load steps) at a time across machines, for a Postgres catalog.

    Other catalogs rely on the conflict retries alone (a DuckDB-file catalog admits one process anyway).
    """
    cat = catalog(settings)
    if not cat.startswith("postgres:"):
        yield
        return
    import psycopg2

    pg: Any = psycopg2.connect(cat.removeprefix("postgres:"))
    try:
        pg.autocommit = True
        with pg.cursor() as cur:
            cur.execute("SET lock_timeout = %s", [f"{int(settings.lock_retry_seconds * 1000)}ms"])
            cur.execute("SELECT pg_advisory_lock(%s)", [_LEASE_KEY])
        try:
            yield
        finally:
            with pg.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [_LEASE_KEY])
    finally:
        pg.close()
