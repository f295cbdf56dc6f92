"""cProfile of newsflow extraction (clean, dedupe, fields) on 300 English and the 7 Arabic gold pages.

Run from the repository root: ``.venv/bin/python bench/profile.py [--english 300]``.
Prints the top functions by cumulative time and writes bench/out/profile.json (and the raw
``profile.pstats`` for snakeviz or ``python -m pstats``).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# standard library's `profile` module that cProfile imports: drop that folder first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction import CORPUS, Page, load_arabic, load_english  # noqa: E402

LOGGER = logging.getLogger(__name__)
OUT = ROOT / "bench" / "out"
_SKIP = ("<built-in method builtins.exec>", "profile.py", "extract_all")


def extract_all(pages: list[Page]) -> int:
    """Run the full newsflow extraction (as `newsflow ingest` does) on every page; returns body paragraphs."""
    from pipeline.core.models import Document
    from pipeline.run.document import extract_document

    paragraphs = 0
    for page in pages:
        doc = Document(source=page.profile or "bench", kind="html", text=page.html, url=page.url)
        article = extract_document(doc, source_name=doc.source, profile=page.profile, timezone=page.timezone)
        paragraphs += len(article.body)
    return paragraphs


def _label(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    if filename == "~":
        return name
    short = filename
    for marker in ("/site-packages/", str(ROOT) + "/", "/lib/python3.11/"):
        if marker in filename:
            short = filename.split(marker, 1)[1]
            break
    return f"{short}:{line}({name})"


def top_functions(stats: pstats.Stats, count: int = 15, sort: str = "cumulative") -> list[dict[str, Any]]:
    """The ``count`` heaviest functions (driver frames left out)."""
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    index = 3 if sort == "cumulative" else 2
    rows = sorted(table.items(), key=lambda kv: kv[1][index], reverse=True)
    out: list[dict[str, Any]] = []
    for key, (_cc, calls, tottime, cumtime, _callers) in rows:
        label = _label(key)
        if any(s in label for s in _SKIP) or key[2] in {"<module>", "<genexpr>"}:
            continue
        out.append({"function": label, "calls": calls, "tottime_s": tottime, "cumtime_s": cumtime})
        if len(out) >= count:
            break
    return out


def profile_pages(pages: list[Page]) -> tuple[dict[str, Any], pstats.Stats]:
    """Profile one extraction pass (after an unprofiled warm-up page) and summarise it."""
    extract_all(pages[:1])  # warm-up: lazy imports, gazetteer load
    start = time.perf_counter()
    extract_all(pages)
    plain = time.perf_counter() - start
    profiler = cProfile.Profile()
    profiler.enable()
    extract_all(pages)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    return {
        "pages": len(pages),
        "seconds_unprofiled": plain,
        "pages_per_s_unprofiled": len(pages) / plain if plain else None,
        "seconds_profiled": total,
        "top_cumulative": top_functions(stats, 15, "cumulative"),
        "top_own_time": top_functions(stats, 10, "tottime"),
    }, stats


def run_benchmark(corpus: Path = CORPUS, english: int = 300) -> dict[str, Any]:
    """Profiles of both gold sets; empty when the corpus is absent."""
    if not (corpus / "arabic").is_dir():
        LOGGER.warning("corpus not found at %s: profile skipped", corpus)
        return {}
    result: dict[str, Any] = {}
    OUT.mkdir(parents=True, exist_ok=True)
    for name, pages in (("english-naeb", load_english(corpus, english)), ("arabic", load_arabic(corpus))):
        summary, stats = profile_pages(pages)
        stats.dump_stats(str(OUT / f"profile-{name}.pstats"))
        result[name] = summary
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--english", type=int, default=300, help="English pages to profile")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    result = run_benchmark(args.corpus, args.english)
    if not result:
        return 2
    (OUT / "profile.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    for name, summary in result.items():
        sys.stdout.write(f"\n== {name}: {summary['pages']} pages, {summary['seconds_unprofiled']:.1f} s ==\n")
        for row in summary["top_cumulative"]:
            sys.stdout.write(f"{row['cumtime_s']:8.2f} {row['calls']:>8}  {row['function']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
