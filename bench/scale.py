"""Scale-out benchmark: news_ingest on the Celery cluster with 1, then 2 workers, on this machine.

    .venv/bin/python -m bench.scale [--sources 8] [--per-source 150] [--runs 2]

Starts the distributed setup of docker/components.toml locally (scripts/cluster.py: PostgreSQL, Redis,
api-server, scheduler, dag-processor, Celery workers with concurrency 1, DuckLake store), generates
offline outlets of synthetic Arabic articles (new articles for every run, so every load is a full load),
triggers news_ingest through the REST API and reads the timings from Airflow's own records (the DAG
run and its task instances). Needs PostgreSQL and Redis from Debian (apt-get install postgresql
redis-server) and root (PostgreSQL runs as its own user). Writes bench/out/scale.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synth import _AR_TEMPLATES, _lexicon, _paragraph
from scripts import cluster as cluster_mod

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "scale.json"
RUN_WAIT = 1800.0


def write_outlets(base: Path, sources: int, per_source: int, seed: int) -> int:
    """(Re)write ``sources`` folders of ``per_source`` text articles each; returns the article count."""
    rng = random.Random(seed)
    lexicon = _lexicon(rng, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي", 4000)
    day0 = dt.date(2024, 6, 1)
    for s in range(sources):
        folder = base / f"bench{s}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for i in range(per_source):
            day = day0 + dt.timedelta(days=i % 7)
            paragraphs = [_paragraph(rng, _AR_TEMPLATES, lexicon) for _ in range(rng.randint(5, 9))]
            text = f"{day.isoformat()}\n\n" + "\n\n".join(paragraphs) + "\n"
            (folder / f"s{seed}-{i:05d}.txt").write_text(text, encoding="utf-8")
    return sources * per_source


def write_sources(path: Path, base: Path, sources: int) -> None:
    lines: list[str] = []
    for s in range(sources):
        lines += [
            "[[source]]",
            f'name = "bench{s}"',
            'kind = "offline"',
            f'paths = ["{base / f"bench{s}"}"]',
            'language = "ar"',
            'timezone = "Asia/Beirut"',
            "enabled = true",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def _ts(value: str | None) -> float:
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp() if value else 0.0


def one_run(c: cluster_mod.Cluster, logical_date: str) -> dict[str, Any]:
    resp = c.api("POST", "/dags/news_ingest/dagRuns", {"logical_date": logical_date, "conf": {}})
    resp.raise_for_status()
    run_id = resp.json()["dag_run_id"]
    deadline = time.monotonic() + RUN_WAIT
    run: dict[str, Any] = {}
    while time.monotonic() < deadline:
        run = c.api("GET", f"/dags/news_ingest/dagRuns/{run_id}").json()
        if run["state"] in {"success", "failed"}:
            break
        time.sleep(2)
    if run.get("state") != "success":
        raise RuntimeError(f"run {run_id} ended {run.get('state')}\n{c.logs()}")
    tis = c.api("GET", f"/dags/news_ingest/dagRuns/{run_id}/taskInstances?limit=200").json()["task_instances"]
    extract = [t for t in tis if t["task_id"] == "extract"]
    load = next(t for t in tis if t["task_id"] == "load")
    first = min(_ts(t["start_date"]) for t in extract)
    last = max(_ts(t["end_date"]) for t in extract)
    return {
        "run_id": run_id,
        "run_seconds": _ts(run["end_date"]) - _ts(run["start_date"]),
        "extract_seconds": last - first,
        "extract_task_seconds": sum(float(t["duration"] or 0) for t in extract),
        "load_seconds": float(load["duration"] or 0),
        "workers_used": sorted({t["hostname"] for t in extract}),
    }


def measure(c: cluster_mod.Cluster, base: Path, args: argparse.Namespace, seed0: int) -> dict[str, Any]:
    runs = []
    for r in range(args.runs):
        articles = write_outlets(base, args.sources, args.per_source, seed0 + r)
        day = dt.date(2024, 7, 1) + dt.timedelta(days=seed0 + r)
        result = one_run(c, f"{day.isoformat()}T02:00:00Z")
        result["articles"] = articles
        runs.append(result)
        print(f"  {len(c.worker_names)} worker(s), run {r + 1}: {json.dumps(result)}", flush=True)
    articles = runs[0]["articles"]
    extract = statistics.median(r["extract_seconds"] for r in runs)
    total = statistics.median(r["run_seconds"] for r in runs)
    return {
        "workers": len(c.worker_names),
        "articles_per_run": articles,
        "runs": runs,
        "median_run_seconds": round(total, 2),
        "median_extract_seconds": round(extract, 2),
        "median_load_seconds": round(statistics.median(r["load_seconds"] for r in runs), 2),
        "articles_per_second": round(articles / total, 1),
        "extract_articles_per_second": round(articles / extract, 1),
        "extract_articles_per_second_per_worker": round(articles / extract / len(c.worker_names), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sources", type=int, default=8, help="outlets (mapped extract tasks) per run")
    parser.add_argument("--per-source", type=int, default=150, help="articles per outlet per run")
    parser.add_argument("--runs", type=int, default=2, help="runs per worker count (median reported)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    why = cluster_mod.services_available()
    if why:
        print(why, file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="newsflow-scale-"))
    sources_file = work / "sources.toml"
    write_sources(sources_file, work / "in", args.sources)
    started = time.monotonic()
    c = cluster_mod.start(
        workers=1,
        concurrency=1,
        sources_file=sources_file,
        extra_env={"AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False"},
    )
    try:
        print(f"cluster up in {time.monotonic() - started:.0f}s ({c.base})", flush=True)
        resp = c.api("PATCH", "/dags/news_ingest", {"is_paused": False})
        resp.raise_for_status()
        results = [measure(c, work / "in", args, seed0=0)]
        c.add_worker()
        results.append(measure(c, work / "in", args, seed0=100))
    finally:
        c.stop()
        shutil.rmtree(work, ignore_errors=True)
    one, two = results
    report = {
        "what": "news_ingest on the local Celery cluster (scripts/cluster.py), DuckLake store, worker concurrency 1",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg_1m": os.getloadavg()[0],
        },
        "settings": vars(args) | {"out": str(args.out)},
        "results": results,
        "extract_speedup_2_vs_1": round(one["median_extract_seconds"] / two["median_extract_seconds"], 2),
        "run_speedup_2_vs_1": round(one["median_run_seconds"] / two["median_run_seconds"], 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"\n{'workers':>7} {'articles':>8} {'run s':>7} {'extract s':>9} {'load s':>7} {'art/s':>7} "
        f"{'extract art/s':>13} {'per worker':>10}"
    )
    for r in results:
        print(
            f"{r['workers']:>7} {r['articles_per_run']:>8} {r['median_run_seconds']:>7} "
            f"{r['median_extract_seconds']:>9} {r['median_load_seconds']:>7} {r['articles_per_second']:>7} "
            f"{r['extract_articles_per_second']:>13} {r['extract_articles_per_second_per_worker']:>10}"
        )
    print(
        f"extract speed-up 2 vs 1 worker: {report['extract_speedup_2_vs_1']}x; whole run: {report['run_speedup_2_vs_1']}x"
    )
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
