"""Dedup benchmark: cross-article clusters at 10k/30k/100k synthetic articles, inside-article cost.

    .venv/bin/python -m bench.dedup              # 10k, 30k, 100k (each size in its own process)
    .venv/bin/python -m bench.dedup --quick      # 2k and 6k
    .venv/bin/python -m bench.dedup --sizes 10000 30000 --out bench/out/dedup.json

For each size: generation and loading are not timed; `update_clusters` on an empty index is (a full
window build), then a next-day run of 1/30 more articles matched against the persisted index.
Peak memory is the process's maximum resident set (each size runs in a fresh process).

Each timed step is followed by a timed CHECKPOINT (DuckDB writing its log into the database file):
a task's connection does the same when it closes, and without it the write lands in whichever later
step the log happens to outgrow its threshold. The steps are reported with and without it.

Cost against an older tree (a clone with its own .venv, the same bench/synth.py generator):

    .venv/bin/python -m bench.dedup --sizes 100000 --against ../old-clone --rounds 2

runs this very script with each tree's interpreter and code, A B A B, one fresh process per run, and
prints the ratio of the medians (this tree / the other) for every step, wall and CPU: on a shared
machine the wall time follows the other processes' load far more than the code.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from bench.e2e import RssSampler
from bench.synth import generate, load, pair_scores, predicted_clusters

try:  # this tree's layout, or an older clone's (--against runs this script with its code)
    from pipeline.store.clusters import update_clusters
    from pipeline.store.db import migrate
except ImportError:  # pragma: no cover - only an older clone
    from pipeline.clusters import update_clusters  # type: ignore[no-redef]
    from pipeline.load import migrate  # type: ignore[no-redef]

HERE = Path(__file__).resolve()
# the steps compared between trees (medians over rounds); *_total_s is the step plus its checkpoint
STEPS = (
    "build_s",
    "build_cpu_s",
    "build_total_s",
    "next_day_s",
    "next_day_cpu_s",
    "next_day_total_s",
    "rerun_s",
    "rerun_cpu_s",
    "rerun_total_s",
    "peak_rss_tree_mb_build",
    "peak_rss_mb",
)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the signing worker processes)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def one_size(n: int, seed: int = 7) -> dict[str, Any]:
    """Build, cluster and score a corpus of ``n`` articles (run in a fresh process for the memory peak)."""
    extra = max(1, n // 30)
    articles = generate(n + extra, seed=seed, days=24)
    articles.sort(key=lambda a: a.published)
    first, last = articles[:n], articles[n:]
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as tmp:
        con = duckdb.connect(str(Path(tmp) / "bench.duckdb"))
        migrate(con)
        load(con, first, run_id="day1")
        con.execute("CHECKPOINT")  # the load's log is not the clustering's cost
        rss_before = _rss_mb()
        sampler = RssSampler(os.getpid(), interval=0.1)  # this process and its signing workers
        sampler.start()
        result, build = _timed(con, "day1")
        sampler.stop()
        load(con, last, run_id="day2")
        con.execute("CHECKPOINT")
        incremental, day2 = _timed(con, "day2")
        truth = {a.article_id: a.truth for a in articles}
        precision, recall = pair_scores(predicted_clusters(con), truth)
        rerun, again = _timed(con, None)
        con.close()
    return {
        "articles": n,
        **{f"build_{k}": v for k, v in build.items()},
        "per_1k_articles_s": round(build["s"] / n * 1000, 3),
        "cpu_per_1k_articles_s": round(build["cpu_s"] / n * 1000, 3),
        "next_day_articles": len(last),
        **{f"next_day_{k}": v for k, v in day2.items()},
        **{f"rerun_{k}": v for k, v in again.items()},
        "rerun_indexed": rerun["indexed"],
        "peak_rss_mb": round(_rss_mb(), 1),
        # sampled from /proc (a child's own ru_maxrss would include the parent's pages it saw at fork)
        "peak_rss_tree_mb_build": round(sampler.peak_mb, 1),
        "rss_before_mb": round(rss_before, 1),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "clusters": incremental["clusters"],
        "clustered_articles": incremental["clustered_articles"],
        "links": {k: result.get(k) for k in ("exact_links", "near_links", "title_links", "reuse_links")},
        "reuse_verified": result.get("reuse_verified"),
    }


def _timed(con: duckdb.DuckDBPyConnection, run_id: str | None) -> tuple[dict[str, Any], dict[str, float]]:
    """One update_clusters call, then a CHECKPOINT, each timed (wall and CPU seconds)."""
    t0, c0 = time.perf_counter(), _cpu_s()
    result = update_clusters(con, run_id)
    t1, c1 = time.perf_counter(), _cpu_s()
    con.execute("CHECKPOINT")
    t2, c2 = time.perf_counter(), _cpu_s()
    times = {
        "s": t1 - t0,
        "cpu_s": c1 - c0,
        "checkpoint_s": t2 - t1,
        "checkpoint_cpu_s": c2 - c1,
        "total_s": t2 - t0,
        "total_cpu_s": c2 - c0,
    }
    return result, {k: round(v, 2) for k, v in times.items()}


def _one_run(tree: Path, n: int) -> dict[str, Any]:
    """This script's --one in a fresh process with ``tree``'s interpreter and code."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    python = sys.executable if tree.resolve() == HERE.parents[1] else str(tree / ".venv" / "bin" / "python")
    proc = subprocess.run(
        [python, str(HERE), "--one", str(n)], capture_output=True, text=True, check=True, cwd=tree, env=env
    )
    row: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return row


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def compare(other: Path, sizes: list[int], rounds: int) -> dict[str, Any]:
    """A B A B: this tree and ``other`` in turn, ``rounds`` times per size; ratios of the medians."""
    here = HERE.parents[1]
    out: dict[str, Any] = {"this": str(here), "other": str(other.resolve()), "rounds": rounds, "sizes": {}}
    for n in sizes:
        runs: dict[str, list[dict[str, Any]]] = {"other": [], "this": []}
        for i in range(rounds):
            for name, tree in (("other", other), ("this", here)):
                row = _one_run(tree, n)
                runs[name].append(row)
                picked = {k: row.get(k) for k in STEPS}
                print(json.dumps({"round": i + 1, "tree": name, "articles": n, **picked}), flush=True)
        medians = {
            name: {k: _median([float(r[k]) for r in rows if r.get(k) is not None]) for k in STEPS}
            for name, rows in runs.items()
        }
        ratios = {k: round(medians["this"][k] / medians["other"][k], 3) for k in STEPS if medians["other"][k]}
        out["sizes"][str(n)] = {"medians": medians, "ratio_this_over_other": ratios, "runs": runs}
        print(json.dumps({"articles": n, "ratio_this_over_other": ratios}), flush=True)
    return out


def inside_article(n: int = 2000, seed: int = 3) -> dict[str, Any]:
    """flag_repeats cost on synthetic articles with a teaser, a caption and a pull quote each."""
    from pipeline.core.models import Block
    from pipeline.extract.dedupe import flag_repeats

    articles = generate(n, seed=seed, exact=0, near=0, title=0)
    docs = []
    for a in articles:
        body = list(a.body)
        teaser = " ".join(body[0].split()[:15])
        caption = " ".join(body[1].split()[2:12])
        blocks = [
            ("lead", teaser),
            ("paragraph", body[0]),
            ("caption", caption),
            *(("paragraph", p) for p in body[1:]),
        ]
        blocks.append(("pull_quote", " ".join(body[-1].split()[:10])))
        docs.append([Block(role, text, i) for i, (role, text) in enumerate(blocks)])
    pairs = sum(len(d) * (len(d) - 1) // 2 for d in docs)
    t0 = time.perf_counter()
    flagged = sum(sum(1 for b in flag_repeats(d) if b.is_duplicate) for d in docs)
    elapsed = time.perf_counter() - t0
    return {
        "articles": n,
        "blocks": sum(len(d) for d in docs),
        "paragraph_pairs": pairs,
        "seconds": round(elapsed, 2),
        "ms_per_article": round(elapsed / n * 1000, 3),
        "paragraph_pairs_per_s": round(pairs / elapsed),
        "flagged": flagged,
        "expected_flags": 3 * n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 30_000, 100_000])
    parser.add_argument("--quick", action="store_true", help="2k and 6k articles")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--against", type=Path, help="an older clone with its own .venv: compare A B A B")
    parser.add_argument("--rounds", type=int, default=2, help="A B rounds per size with --against")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one)))
        return 0
    sizes = [2000, 6000] if args.quick else args.sizes
    if args.against:
        report = compare(args.against, sizes, args.rounds)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        return 0
    runs = []
    for n in sizes:
        row = _one_run(HERE.parents[1], n)
        runs.append(row)
        print(json.dumps(row), flush=True)
    base, cpu_base = runs[0]["per_1k_articles_s"], runs[0]["cpu_per_1k_articles_s"]
    for row in runs:
        row["growth_vs_smallest"] = round(row["per_1k_articles_s"] / base, 3)
        row["cpu_growth_vs_smallest"] = round(row["cpu_per_1k_articles_s"] / cpu_base, 3)
    inside = inside_article(500 if args.quick else 2000)
    report = {"cross_article": runs, "inside_article": inside}
    print(json.dumps(report, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
