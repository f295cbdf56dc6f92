"""Extraction cost against page size: is it linear? (issue 18: a 4 MB page of repeated paragraphs)

    .venv/bin/python -m bench.extract_linear                 # 0.25, 1 and 4 MB, three page shapes
    .venv/bin/python -m bench.extract_linear --sizes 0.25 1  # smaller
    .venv/bin/python -m bench.extract_linear --out bench/out/extract_linear.json

Each page is extracted in a fresh process (parse, clean, in-article dedupe, structured fields:
what `newsflow extract` does), timing wall and CPU seconds and the peak resident set. Shapes:
``repeated`` (one paragraph over and over, the case of the issue), ``distinct`` (every paragraph
different) and ``pairs`` (each paragraph twice, the copy with a word changed). The in-article dedupe
also reports its work (block pairs compared, index entries visited): it must grow with the size, not
with its square. The summary gives, per shape, the CPU time per MB at each size and the growth
factor of CPU time and dedupe work from one size to the next (4x the size should cost about 4x).
CPU time is the measure: wall time on a shared machine mostly says how busy the other cores are.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ("repeated", "distinct", "pairs")
_WORDS = [
    "council",
    "budget",
    "roads",
    "plan",
    "city",
    "year",
    "week",
    "region",
    "market",
    "prices",
    "water",
    "school",
    "hospital",
    "court",
    "minister",
    "report",
    "station",
    "river",
    "bridge",
    "farmers",
    "harvest",
    "weather",
    "storm",
    "rail",
    "line",
    "port",
    "trade",
]


def paragraph(shape: str, i: int) -> str:
    if shape == "repeated":
        return "The council met again on Tuesday to discuss the new budget for the coming year and the roads."
    k = i // 2 if shape == "pairs" else i
    words = [_WORDS[(k * 7 + j * 3 + k // len(_WORDS)) % len(_WORDS)] for j in range(14)]
    words.append(f"n{k}")
    if shape == "pairs" and i % 2:
        words[3] = "changed"
    return "The " + " ".join(words) + "."


def page(shape: str, megabytes: float) -> bytes:
    target = int(megabytes * 1_000_000)
    head = "<html><head><title>Bench page</title></head><body><article><h1>Bench page</h1>"
    parts = [head]
    size, i = len(head), 0
    while size < target:
        p = f"<p>{paragraph(shape, i)}</p>"
        parts.append(p)
        size += len(p)
        i += 1
    parts.append("</article></body></html>")
    return "".join(parts).encode("utf-8")


def measure(shape: str, megabytes: float) -> dict[str, Any]:
    """In this process: extract one generated page; time, CPU, peak RSS, dedupe work."""
    import pipeline.extract.article as article_module
    from pipeline.acquire.parse import parse
    from pipeline.core.models import Capture
    from pipeline.extract.dedupe import flag_repeats
    from pipeline.run.document import extract_document

    body = page(shape, megabytes)
    work: Counter[str] = Counter()
    # the article builder's dedupe, counting its work
    setattr(article_module, "flag_repeats", lambda blocks: flag_repeats(blocks, work))  # noqa: B010
    started, cpu = time.perf_counter(), time.process_time()
    article = extract_document(parse(Capture(source="bench", body=body, path="bench.html")))
    return {
        "shape": shape,
        "mb": megabytes,
        "bytes": len(body),
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "blocks": len(article.blocks),
        "body_paragraphs": len(article.body),
        "dedupe_pairs": work["pairs"],
    }


def run_one(shape: str, megabytes: float) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.extract_linear", "--one", shape, str(megabytes)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def summary(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for shape in SHAPES:
        mine = sorted((r for r in rows if r["shape"] == shape), key=lambda r: r["mb"])
        for prev, cur in itertools.pairwise(mine):
            size = cur["bytes"] / prev["bytes"]
            lines.append(
                f"{shape:9s} {prev['mb']:g} -> {cur['mb']:g} MB: size x{size:.1f}, "
                f"CPU time x{cur['cpu_seconds'] / max(prev['cpu_seconds'], 1e-3):.1f}, "
                f"wall x{cur['seconds'] / max(prev['seconds'], 1e-3):.1f}, "
                f"dedupe work x{cur['dedupe_pairs'] / max(prev['dedupe_pairs'], 1):.1f}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 1.0, 4.0], help="page sizes in MB")
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=SHAPES, help="page shapes")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "MB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], float(args.one[1]))))
        return
    rows = []
    for shape in args.shapes:
        for mb in sorted(args.sizes):
            row = run_one(shape, mb)
            rows.append(row)
            print(
                f"{shape:9s} {mb:5g} MB  CPU {row['cpu_seconds']:7.2f} s ({row['cpu_seconds'] / mb:5.2f} s/MB)  "
                f"wall {row['seconds']:7.2f} s  "
                f"peak {row['peak_rss_mb']:7.1f} MB  blocks {row['blocks']:6d}  dedupe work {row['dedupe_pairs']}",
                flush=True,
            )
    for line in summary(rows):
        print(line)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"rows": rows, "summary": summary(rows)}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
