"""Dedup benchmark: cross-article clusters at 10k/30k/100k synthetic articles, inside-article cost.

    .venv/bin/python -m bench.dedup              # 10k, 30k, 100k (each size in its own process)
    .venv/bin/python -m bench.dedup --quick      # 2k and 6k
    .venv/bin/python -m bench.dedup --sizes 10000 30000 --out bench/out/dedup.json

For each size: generation and loading are not timed; `update_clusters` on an empty index is (a full
window build), then a next-day run of 1/30 more articles matched against the persisted index.
Peak memory is the process's maximum resident set (each size runs in a fresh process).

Cost against an older tree (a clone with its own .venv): run this bench in each tree in turn on the
same machine (A B A B) and compare build_cpu_s as well as build_s: on a shared machine the wall time
follows the other processes' load far more than the code.
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
from pipeline.core.models import Block
from pipeline.extract.dedupe import flag_repeats
from pipeline.store.clusters import update_clusters
from pipeline.store.db import migrate


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
        rss_before = _rss_mb()
        sampler = RssSampler(os.getpid(), interval=0.1)  # this process and its signing workers
        sampler.start()
        t0, c0 = time.perf_counter(), _cpu_s()
        result = update_clusters(con, "day1")
        build_s, build_cpu = time.perf_counter() - t0, _cpu_s() - c0
        sampler.stop()
        load(con, last, run_id="day2")
        t0 = time.perf_counter()
        incremental = update_clusters(con, "day2")
        incr_s = time.perf_counter() - t0
        truth = {a.article_id: a.truth for a in articles}
        precision, recall = pair_scores(predicted_clusters(con), truth)
        t0 = time.perf_counter()
        rerun = update_clusters(con)
        rerun_s = time.perf_counter() - t0
        con.close()
    return {
        "articles": n,
        "build_s": round(build_s, 2),
        "build_cpu_s": round(build_cpu, 2),
        "per_1k_articles_s": round(build_s / n * 1000, 3),
        "cpu_per_1k_articles_s": round(build_cpu / n * 1000, 3),
        "next_day_articles": len(last),
        "next_day_s": round(incr_s, 2),
        "rerun_s": round(rerun_s, 2),
        "rerun_indexed": rerun["indexed"],
        "peak_rss_mb": round(_rss_mb(), 1),
        # sampled from /proc (a child's own ru_maxrss would include the parent's pages it saw at fork)
        "peak_rss_tree_mb_build": round(sampler.peak_mb, 1),
        "rss_before_mb": round(rss_before, 1),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "clusters": incremental["clusters"],
        "clustered_articles": incremental["clustered_articles"],
        "links": {k: result[k] for k in ("exact_links", "near_links", "title_links", "reuse_links")},
        "reuse_verified": result["reuse_verified"],
    }


def inside_article(n: int = 2000, seed: int = 3) -> dict[str, Any]:
    """flag_repeats cost on synthetic articles with a teaser, a caption and a pull quote each."""
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
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one)))
        return 0
    sizes = [2000, 6000] if args.quick else args.sizes
    runs = []
    for n in sizes:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.dedup", "--one", str(n)], capture_output=True, text=True, check=True
        )
        row = json.loads(proc.stdout.strip().splitlines()[-1])
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
