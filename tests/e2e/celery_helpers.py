"""Shared by the scale-out tests: fixture outlets as offline sources, stores, and whole-store comparison."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from scripts import cluster as cluster_mod

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scale"
OUTLETS = ("north", "south", "east", "west")

# Columns whose values legitimately differ between two runs over the same inputs: wall-clock times
# (loaded_at, fetched_at, started_at, finished_at, updated_at, indexed_at, applied_at: every *_at) and
# durations (elapsed_ms), and where the WARC copy of a local input was archived (fetches.warc_file and
# warc_offset: one archive per data folder, process and start time, so each worker writes its own).
# Everything else, ids and run keys included, must be equal.
TIME_COLUMNS = ("elapsed_ms", "warc_file", "warc_offset")
# tables only DuckLake has: the guard row its writers update (pipeline/store/lake.py)
LAKE_ONLY = {"lake_writes"}


def services_or_skip() -> None:
    """Postgres and Redis must be installed (.ci/run installs them): fail in CI, skip elsewhere."""
    why = cluster_mod.services_available()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide PostgreSQL and Redis: {why}")
        pytest.skip(why)


def copy_outlets(dest: Path, outlets: Iterable[str] = OUTLETS) -> dict[str, Path]:
    """Copies of the fixture outlets (tests edit them to make new versions)."""
    folders = {}
    for name in outlets:
        folders[name] = dest / name
        shutil.copytree(FIXTURES / name, folders[name])
    return folders


def write_sources(path: Path, folders: dict[str, Path]) -> Path:
    lines: list[str] = []
    for name, folder in folders.items():
        lines += [
            "[[source]]",
            f'name = "{name}"',
            f'description = "scale-out test outlet {name} (local files)"',
            'kind = "offline"',
            f'paths = ["{folder}"]',
            'language = "ar"',
            'timezone = "Asia/Beirut"',
            "enabled = true",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def store_tables(
    con: duckdb.DuckDBPyConnection, *, exclude: Iterable[str] = ()
) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table of the store: (compared columns, rows sorted), minus time columns and ``exclude``."""
    skip = set(TIME_COLUMNS) | set(exclude)
    out = {}
    for table in _tables(con):
        if table in LAKE_ONLY:
            continue
        cols = [
            r[0]
            for r in con.execute(f'DESCRIBE "{table}"').fetchall()
            if not r[0].endswith("_at") and r[0] not in skip
        ]
        rows = con.execute(
            f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}"'
        ).fetchall()
        out[table] = (cols, sorted(rows, key=repr))
    return out


def assert_same_tables(
    left: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
    right: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
) -> None:
    assert sorted(left) == sorted(right), "the stores hold different tables"
    for table, (lcols, lrows) in left.items():
        rcols, rrows = right[table]
        assert lcols == rcols, f"{table}: columns differ"
        missing = [r for r in lrows if r not in rrows]
        extra = [r for r in rrows if r not in lrows]
        assert lrows == rrows, (
            f"{table}: {len(lrows)} vs {len(rrows)} rows; only left {missing[:3]}; only right {extra[:3]}"
        )


def started_postgres() -> Iterator[cluster_mod.Cluster]:
    """A throw-away PostgreSQL (no Airflow) on a loopback port, stopped by pid after."""
    services_or_skip()
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="newsflow-pg-"))
    root.chmod(0o755)
    (root / "logs").mkdir()
    pg = cluster_mod.Cluster(root=root, workers=0, concurrency=1)
    try:
        pg.start_postgres()
        yield pg
    finally:
        pg.stop()
