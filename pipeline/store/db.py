"""The DuckDB store: connections (lock-aware), forward-only migrations, the writer's settings."""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import duckdb

from pipeline.core.settings import Settings
from pipeline.store import lake

LOGGER = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
MIGRATIONS_DIR = SQL_DIR / "migrations"
_MIGRATION = re.compile(r"^(\d{3})_[\w-]+\.sql$")

# Tables whose rows belong to one article version (loaded per staged part, exported beside articles).
CHILD_TABLES = (
    "paragraphs",
    "images",
    "related_links",
    "mentions",
    "dates_mentioned",
    "quantities",
    "quotes",
    "text_issues",
)


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer newsflow: refused rather than corrupted."""


class DatabaseLockedError(RuntimeError):
    """Another process holds the DuckDB file."""


def migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def connect(path: Path, *, read_only: bool = False, retry_seconds: float = 60.0) -> duckdb.DuckDBPyConnection:
    """Open the database; a writer retries 'Could not set lock' with jittered backoff."""
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"database {path} does not exist yet: run `newsflow ingest` first")
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as exc:
            if _is_lock_error(exc):
                raise DatabaseLockedError(
                    f"{path} is being written by another process (a load is running); try again shortly"
                ) from exc
            raise
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + retry_seconds
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() > deadline:
                if _is_lock_error(exc):
                    raise DatabaseLockedError(f"{path}: still locked after {retry_seconds:.0f} s") from exc
                raise
            LOGGER.info("database %s is locked; retrying in %.2f s", path, delay)
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 5.0)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back without hiding the original error (a failed COMMIT leaves no transaction)."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error as exc:
        LOGGER.warning("rollback after a failed write: %s", exc)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


@contextmanager
def insertion_order(con: duckdb.DuckDBPyConnection, *, preserve: bool) -> Iterator[None]:
    """Set DuckDB's ``preserve_insertion_order`` for a block, then restore what it was.

    Off lets large inserts and scans stream within ``memory_limit``; on keeps rows stored in the
    order inserted (the search postings are written sorted by term).
    """
    previous = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    con.execute(f"SET preserve_insertion_order = {'true' if preserve else 'false'}")
    try:
        yield
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if not previous or previous[0] else 'false'}")


def migrate(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> int:
    """Apply pending migrations forward-only, each in its own transaction; returns the version.

    On DuckLake the same migrations run without their key constraints (see pipeline/store/lake.py).
    """
    on_lake = lake.is_lake(con)
    sql: Callable[[str], str] = lake.lake_sql if on_lake else str
    available = migrations(directory)
    latest = available[-1][0] if available else 0
    con.execute(
        sql(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMPTZ DEFAULT current_timestamp)"
        )
    )
    if on_lake:
        lake.ensure_guard(con)
    current = schema_version(con)
    if current > latest:
        raise SchemaTooNewError(
            f"database schema version {current} is newer than this newsflow ({latest}); upgrade newsflow"
        )
    for number, path in available:
        if number <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql(path.read_text(encoding="utf-8")))
            lake.claim(con)  # two workers migrating a new lake at once: one applies, one retries
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, path.name])
            con.execute("COMMIT")
        except Exception:
            _rollback(con)
            raise
        LOGGER.info("applied migration %s", path.name)
        current = number
    return current


def open_db(settings: Settings) -> duckdb.DuckDBPyConnection:
    """Writer connection to the store (the DuckDB file, or DuckLake), migrated to the latest schema."""
    if settings.store == "ducklake":
        con = lake.connect(settings)
    else:
        con = connect(settings.db, retry_seconds=settings.lock_retry_seconds)
    try:
        # bounded memory: large sorts and aggregations spill to disk instead of growing with the corpus
        con.execute("SET memory_limit = ?", [settings.duckdb_memory_limit])
        con.execute("SET temp_directory = ?", [str(settings.data_dir / "duckdb_tmp")])
        if settings.store == "ducklake":
            lake.retry_conflicts(lambda: migrate(con), attempts=settings.ducklake_retries, label="migrate")
        else:
            migrate(con)
    except Exception:
        con.close()
        raise
    return con


def open_store(settings: Settings) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the store the settings select (the DuckDB file or DuckLake)."""
    if settings.store == "ducklake":
        return lake.connect(settings, read_only=True)
    return connect(settings.db, read_only=True, retry_seconds=settings.lock_retry_seconds)


def writer_lease(settings: Settings) -> AbstractContextManager[None]:
    """Held around a whole load and its post-load steps: one writer at a time on DuckLake (the file's
    own lock does this for the DuckDB file)."""
    return lake.writer_lease(settings) if settings.store == "ducklake" else nullcontext()
