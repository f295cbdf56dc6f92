"""Airflow overhead: the same small offline run through `airflow dags test news_ingest` and through the CLI.

Run from the repository root: ``.venv/bin/python bench/airflow_overhead.py [--pages 200]``.
A temporary AIRFLOW_HOME (SQLite, migrated once, not timed) and a temporary sources file with one
offline source pointing at a synthetic archive; each path loads a fresh DuckDB file. Writes
bench/out/airflow.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_archive import write_archive  # noqa: E402

LOGGER = logging.getLogger(__name__)
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
SOURCE = "bench_archive"
RUN_DATE = "2024-05-16"


def _sources_file(folder: Path, archive: Path) -> Path:
    path = folder / "sources.toml"
    path.write_text(
        f"""[[source]]
name = "{SOURCE}"
description = "Synthetic benchmark archive"
kind = "offline"
paths = ["{archive}"]
language = "ar"
country = "XX"
timezone = "UTC"
enabled = true
verified = true
""",
        encoding="utf-8",
    )
    return path


def _articles(db: Path) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("select count(*) from articles").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def _timed(cmd: list[str], env: dict[str, str], log: Path, timeout: float) -> tuple[float, int]:
    start = time.perf_counter()
    with open(log, "wb") as fh:
        done = subprocess.run(
            cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, timeout=timeout, check=False
        )
    return time.perf_counter() - start, done.returncode


def run_benchmark(pages: int = 200, repeat: int = 1, timeout: float = 900.0) -> dict[str, Any]:
    """Wall time of the CLI and of `airflow dags test` on the same archive; overhead per run."""
    work = Path(tempfile.mkdtemp(prefix="newsflow-airflow-bench-"))
    try:
        archive = work / "archive"
        write_archive(archive, pages, seed=11, per_file=max(1, pages // 2))
        sources = _sources_file(work, archive)
        home = work / "airflow"
        home.mkdir()
        base_env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "NEWSFLOW_SOURCES_FILE": str(sources),
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        }
        setup_start = time.perf_counter()
        for cmd in (
            [str(BIN / "airflow"), "db", "migrate"],
            [str(BIN / "airflow"), "pools", "set", "newsflow_duckdb", "1", "one DuckDB writer"],
        ):
            _, code = _timed(cmd, base_env, work / "setup.log", timeout)
            if code != 0:
                raise RuntimeError(f"{' '.join(cmd[1:3])} failed: see {work / 'setup.log'}")
        setup = time.perf_counter() - setup_start
        cli_times: list[float] = []
        airflow_times: list[float] = []
        cli_articles = airflow_articles = 0
        for i in range(max(1, repeat)):
            data = work / f"cli-{i}"
            env = {**base_env, "NEWSFLOW_DATA_DIR": str(data), "NEWSFLOW_DB": str(data / "news.duckdb")}
            cmd = [str(BIN / "python"), "-m", "pipeline.cli", "ingest", "--sources", str(sources),
                   "--source", SOURCE, "--db", str(data / "news.duckdb"), "-q"]  # fmt: skip
            wall, code = _timed(cmd, env, work / f"cli-{i}.log", timeout)
            if code != 0:
                raise RuntimeError(f"CLI ingest failed: {(work / f'cli-{i}.log').read_text()[-1500:]}")
            cli_times.append(wall)
            cli_articles = _articles(data / "news.duckdb")

            data = work / f"airflow-{i}"
            env = {**base_env, "NEWSFLOW_DATA_DIR": str(data), "NEWSFLOW_DB": str(data / "news.duckdb")}
            log = work / f"airflow-{i}.log"
            wall, code = _timed(
                [str(BIN / "airflow"), "dags", "test", "news_ingest", RUN_DATE], env, log, timeout
            )
            text = log.read_text(encoding="utf-8", errors="replace")
            if code != 0 or "state=success" not in text:
                raise RuntimeError(f"airflow dags test failed ({code}): {text[-3000:]}")
            airflow_times.append(wall)
            airflow_articles = _articles(data / "news.duckdb")
        cli, air = min(cli_times), min(airflow_times)
        return {
            "pages": pages,
            "airflow_setup_s": setup,
            "cli_s": cli,
            "airflow_s": air,
            "overhead_s": air - cli,
            "overhead_ratio": air / cli if cli else None,
            "cli_articles": cli_articles,
            "airflow_articles": airflow_articles,
            "runs": {"cli": cli_times, "airflow": airflow_times},
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each path (fastest kept)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    result = run_benchmark(args.pages, args.repeat)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "airflow.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    sys.stdout.write(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
