"""Extraction peers on the same pages in one run: newsflow, trafilatura (fast, default), readability-lxml, newspaper4k.

Run from the repository root: ``.venv/bin/python bench/peers.py [--limit N] [--repeat 1]``.
Every tool gets the same decoded HTML (no download, no image fetching); body F1 is scored with
bench/scoring.py on ../shared/corpus/english-naeb and ../shared/corpus/arabic. Writes
bench/out/peers.json. A tool that is not installed is left out of the table, not faked.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction import (  # noqa: E402
    CORPUS,
    Page,
    Result,
    load_arabic,
    load_english,
    run_newsflow,
    run_tool,
    score,
    trafilatura_runner,
)

LOGGER = logging.getLogger(__name__)
OUT = ROOT / "bench" / "out"
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def _html_text(fragment: str) -> str:
    """Text of an HTML fragment with one line per block element."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    lines = [
        " ".join(str(element.text_content()).split())
        for element in root.iter(*_BLOCK_TAGS)
        if isinstance(element, lxml.html.HtmlElement)
    ]
    lines = [line for line in lines if line]
    return "\n".join(lines) if lines else " ".join(str(root.text_content()).split())


def readability_runner() -> Callable[[Page], Result] | None:
    try:
        from readability import Document as ReadabilityDocument
    except ImportError:
        return None

    def run(page: Page) -> Result:
        doc = ReadabilityDocument(page.html, url=page.url)
        return Result(body=_html_text(doc.summary(html_partial=True)), title=doc.short_title())

    return run


def newspaper_runner() -> Callable[[Page], Result] | None:
    try:
        from newspaper import Article as NewspaperArticle
    except ImportError:
        return None

    try:
        import nltk  # noqa: F401  (newspaper4k needs it for Arabic)

        arabic_ok = True
    except ImportError:
        arabic_ok = False
        LOGGER.warning(
            "newspaper4k: nltk is not installed, Arabic pages are parsed with its English settings"
        )

    def run(page: Page) -> Result:
        language = page.gold.get("language") or "en"
        if language == "ar" and not arabic_ok:
            language = "en"
        article = NewspaperArticle(
            page.url or "http://example.invalid/article", language=language, fetch_images=False
        )
        article.download(input_html=page.html)
        article.parse()
        date = article.publish_date
        return Result(
            body=article.text or "",
            title=article.title or None,
            local_date=date.date().isoformat() if date is not None else None,
        )

    return run


def tools() -> dict[str, Callable[[Page], Result]]:
    """Every available extractor, newsflow first."""
    found: dict[str, Callable[[Page], Result]] = {"newsflow": run_newsflow}
    for name, runner in (
        ("trafilatura_fast", trafilatura_runner(True)),
        ("trafilatura", trafilatura_runner(False)),
        ("readability_lxml", readability_runner()),
        ("newspaper4k", newspaper_runner()),
    ):
        if runner is not None:
            found[name] = runner
        else:
            LOGGER.warning("%s is not installed: left out", name)
    return found


def compare(pages: list[Page], repeat: int = 1) -> dict[str, dict[str, Any]]:
    """Scores, pages/s (best of ``repeat`` passes) and ratios to newsflow for each tool."""
    table: dict[str, dict[str, Any]] = {}
    for name, run in tools().items():
        try:
            run(pages[0])  # warm-up: imports and lazy initialisation are not timed
        except Exception as exc:  # the timed pass scores a crashing page as empty
            LOGGER.warning("%s: warm-up failed: %s", name, exc)
        best, best_cpu = 0.0, 0.0
        results: list[Result] = []
        for _ in range(max(1, repeat)):
            cpu_start = time.process_time()
            results, rate = run_tool(run, pages)
            cpu = time.process_time() - cpu_start
            best = max(best, rate)
            best_cpu = max(best_cpu, len(pages) / cpu if cpu > 0 else 0.0)
        scores = score(pages, results)
        table[name] = {
            "pages_per_s": best,
            "pages_per_cpu_s": best_cpu,
            "body_f1": scores["body_f1"],
            "body_precision": scores["body_precision"],
            "body_recall": scores["body_recall"],
            "title": scores["title"],
            "pages": scores["pages"],
        }
    base = table["newsflow"]
    for row in table.values():
        row["newsflow_speedup"] = base["pages_per_s"] / row["pages_per_s"] if row["pages_per_s"] else None
        row["newsflow_cpu_speedup"] = (
            base["pages_per_cpu_s"] / row["pages_per_cpu_s"] if row["pages_per_cpu_s"] else None
        )
        row["f1_minus_newsflow"] = row["body_f1"] - base["body_f1"]
    return table


def run_benchmark(corpus: Path = CORPUS, limit: int | None = None, repeat: int = 1) -> dict[str, Any]:
    """Both gold sets; empty when the corpus is absent."""
    if not (corpus / "arabic").is_dir():
        LOGGER.warning("corpus not found at %s: peers skipped", corpus)
        return {}
    return {
        "english-naeb": compare(load_english(corpus, limit), repeat),
        "arabic": compare(load_arabic(corpus), max(repeat, 5)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="English pages (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes (best kept)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    result = run_benchmark(args.corpus, args.limit, args.repeat)
    if not result:
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "peers.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    for set_name, table in result.items():
        sys.stdout.write(
            f"\n== {set_name} ==\n{'tool':<18}{'pages/s':>9}{'/cpu-s':>8}{'F1':>7}{'P':>7}{'R':>7}{'x':>7}\n"
        )
        for tool, row in table.items():
            sys.stdout.write(
                f"{tool:<18}{row['pages_per_s']:9.1f}{row['pages_per_cpu_s']:8.1f}{row['body_f1']:7.3f}{row['body_precision']:7.3f}"
                f"{row['body_recall']:7.3f}{row['newsflow_speedup'] or 0:7.2f}\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
