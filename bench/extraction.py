"""Extraction benchmark: newsflow vs trafilatura (fast and default), development vs validation fold.

Run from the repository root: ``.venv/bin/python bench/extraction.py [--set arabic|english] [--limit N]``.
Every set is split by site into a development and a validation fold (bench/folds.py, one rule for
every bench); the tools run on all pages in one run and each fold is scored on its own. Prints one
table per set (each tool's dev and validation figures side by side and newsflow's gap, validation
minus dev) and writes JSON results to bench/out/extraction.json.

The Arabic set is run twice: with the outlets' profiles (what a configured source gets) and without
any profile ("arabic-generic": the generic extractor alone, as on an outlet nobody configured).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.folds import ARABIC_TZ, DEV, FOLDS, VALIDATION, fold_of  # noqa: E402
from bench.scoring import body_scores, list_recall, mean, title_match  # noqa: E402
from pipeline.acquire.parse import decode  # noqa: E402
from pipeline.core.models import Document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench" / "out"


@dataclass
class Page:
    """One gold page: decoded HTML plus the gold fields."""

    name: str
    html: str
    url: str | None
    profile: str | None
    timezone: str | None
    gold: dict[str, Any]
    site: str = ""

    @property
    def fold(self) -> str:
        return fold_of(self.site or self.url or self.name)


@dataclass
class Result:
    """What one tool extracted from one page."""

    body: str = ""
    title: str | None = None
    local_date: str | None = None
    lead: str | None = None
    captions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def load_arabic(corpus: Path, generic: bool = False) -> list[Page]:
    """The Arabic gold pages; ``generic`` runs them without their outlet's profile."""
    pages = []
    for gold_file in sorted((corpus / "arabic").glob("*/*.gold.json")):
        outlet = gold_file.parent.name
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        raw = gold_file.with_name(gold_file.name.replace(".gold.json", ".html")).read_bytes()
        profile = None if generic else outlet
        pages.append(
            Page(outlet, decode(raw)[0], gold.get("url"), profile, ARABIC_TZ.get(outlet), gold, site=outlet)
        )
    return pages


def load_english(corpus: Path, limit: int | None = None) -> list[Page]:
    base = corpus / "english-naeb"
    records = json.loads((base / "news_articles.json").read_text(encoding="utf-8"))
    pages = []
    for record in records:
        path = base / "html" / f"{record['html_file']}.html.gz"
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        gold = {
            "title": record.get("title"),
            "body": [record.get("text") or ""],
            "published_local_date": (record.get("date") or None),
        }
        site = record.get("site") or record.get("link") or ""
        pages.append(Page(str(record["id"]), decode(raw)[0], record.get("link"), None, None, gold, site=site))
        if limit and len(pages) >= limit:
            break
    return pages


def run_newsflow(page: Page) -> Result:
    doc = Document(source=page.profile or "bench", kind="html", text=page.html, url=page.url)
    try:
        from pipeline.run.document import extract_document
    except ImportError:
        extract_document = None  # type: ignore[assignment]
    if extract_document is not None:
        article = extract_document(
            doc,
            source_name=page.profile or "bench",
            profile=page.profile,
            timezone=page.timezone,
            fields=False,
        )
        body = [p[3:] if p.startswith("## ") else p for p in article.body]
        return Result(
            body="\n".join(([article.lead] if article.lead else []) + body),
            title=article.title,
            local_date=article.published_local_date,
            lead=article.lead,
            captions=[c.get("text") or "" for c in article.captions],
            tags=list(article.tags),
            related=[r.get("title") or "" for r in article.related],
        )
    from pipeline.extract.html import clean_html

    cleaned = clean_html(doc, profile=page.profile, timezone=page.timezone, url=page.url)
    blocks = cleaned.blocks
    return Result(
        body="\n".join(b.text for b in blocks if b.role in {"lead", "paragraph", "heading"}),
        title=cleaned.meta.title,
        local_date=cleaned.meta.published_local_date,
        lead=next((b.text for b in blocks if b.role == "lead"), None),
        captions=[b.text for b in blocks if b.role == "caption"],
        tags=list(cleaned.meta.tags),
        related=[b.text for b in blocks if b.role == "related"],
    )


def trafilatura_runner(fast: bool) -> Callable[[Page], Result] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(page: Page) -> Result:
        doc = trafilatura.bare_extraction(
            page.html, url=page.url, fast=fast, with_metadata=True, include_comments=False
        )
        if doc is None:
            return Result()
        data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        date = data.get("date")
        tags = data.get("tags") or []
        return Result(
            body=data.get("text") or "",
            title=data.get("title"),
            local_date=date[:10] if isinstance(date, str) else None,
            tags=list(tags) if isinstance(tags, list) else [],
        )

    return run


def score(pages: list[Page], results: list[Result]) -> dict[str, Any]:
    pairs = []
    titles, dates, leads, captions, tags, related = [], [], [], [], [], []
    for page, res in zip(pages, results, strict=True):
        gold = page.gold
        gold_body = "\n".join(
            ([gold["lead"]] if gold.get("lead") else [])
            + [p[3:] if p.startswith("## ") else p for p in gold.get("body", [])]
        )
        pairs.append((res.body, gold_body))
        titles.append(1.0 if title_match(res.title, gold.get("title")) else 0.0)
        if gold.get("published_local_date"):
            dates.append(1.0 if res.local_date == gold["published_local_date"] else 0.0)
        leads.append(list_recall([res.lead or ""], [gold["lead"]] if gold.get("lead") else []))
        captions.append(list_recall(res.captions, [c["text"] for c in gold.get("captions", [])]))
        tags.append(list_recall(res.tags, gold.get("tags", [])))
        related.append(list_recall(res.related, [r["title"] for r in gold.get("related", [])]))
    body = body_scores(pairs)
    return {
        "body_f1": body["f1"],
        "body_precision": body["precision"],
        "body_recall": body["recall"],
        "title": mean(titles),
        "local_date": mean(dates),
        "lead_recall": mean(leads),
        "caption_recall": mean(captions),
        "tag_recall": mean(tags),
        "related_recall": mean(related),
        "pages": len(pages),
    }


def worst_pages(pages: list[Page], results: dict[str, list[Result]], fold: str, count: int) -> list[str]:
    """The ``count`` pages of one fold where newsflow's body F1 is lowest, with trafilatura fast's beside it."""
    rows = []
    for i, page in enumerate(pages):
        if page.fold != fold:
            continue
        gold = "\n".join(
            ([page.gold["lead"]] if page.gold.get("lead") else [])
            + [p[3:] if p.startswith("## ") else p for p in page.gold.get("body", [])]
        )
        line = [page.name, (page.url or page.site)[:70]]
        f1s = []
        for tool in ("newsflow", "trafilatura_fast"):
            if tool in results:
                scores = body_scores([(results[tool][i].body, gold)])
                precision, recall = scores["precision"], scores["recall"]
                f1s.append(scores["f1"])
                line.append(f"{tool} F1 {scores['f1']:.3f} P {precision:.3f} R {recall:.3f}")
        rows.append((f1s[0], "  ".join(line)))
    rows.sort(key=lambda row: row[0])
    return [text for _f1, text in rows[:count]]


def run_tool(run: Callable[[Page], Result], pages: list[Page]) -> tuple[list[Result], float]:
    """One tool over all pages; its results and pages per second (elapsed time)."""
    start = time.perf_counter()
    results = [_run_one(run, page) for page in pages]
    elapsed = time.perf_counter() - start
    return results, (len(pages) / elapsed if elapsed > 0 else 0.0)


def _run_one(run: Callable[[Page], Result], page: Page) -> Result:
    try:
        return run(page)
    except Exception as exc:  # a crash on one page scores as an empty result
        logging.getLogger("bench").warning("%s failed: %s", page.name, exc)
        return Result()


def evaluate(pages: list[Page], with_trafilatura: bool = True, worst: int = 0) -> dict[str, dict[str, Any]]:
    """Scores per tool for one set of pages: ``{tool: scores of all pages | {"dev": ..., "validation": ...}}``.

    The tools take turns page by page (newsflow, trafilatura fast, trafilatura default on page 1,
    then on page 2, ...), so a busy machine slows them alike. Only the extraction call is timed (the
    pages are decoded beforehand, once, for all tools). ``pages_per_s`` uses this process's CPU
    time, which other jobs on the machine barely change; ``pages_per_s_wall`` uses elapsed time.
    Each fold is scored on its own pages (bench/folds.py); speed is measured over all pages.
    """
    tools: dict[str, Callable[[Page], Result]] = {"newsflow": run_newsflow}
    if with_trafilatura:
        for name, fast in (("trafilatura_fast", True), ("trafilatura", False)):
            runner = trafilatura_runner(fast)
            if runner is not None:
                tools[name] = runner
    results: dict[str, list[Result]] = {name: [] for name in tools}
    cpu = dict.fromkeys(tools, 0.0)
    wall = dict.fromkeys(tools, 0.0)
    if pages:
        for run in tools.values():  # warm-up (lazy imports, first-call caches), not timed or scored
            _run_one(run, pages[0])
    for page in pages:
        for name, run in tools.items():
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            results[name].append(_run_one(run, page))
            cpu[name] += time.process_time() - start_cpu
            wall[name] += time.perf_counter() - start_wall
    folds = [page.fold for page in pages]
    if worst:  # the development fold only: validation pages are not looked at one by one
        print(f"\n-- the {worst} development pages with the lowest newsflow body F1 --")
        print("\n".join(worst_pages(pages, results, DEV, worst)))
    table: dict[str, dict[str, Any]] = {}
    for name in tools:
        speed = {
            "pages_per_s": len(pages) / cpu[name] if cpu[name] > 0 else 0.0,
            "pages_per_s_wall": len(pages) / wall[name] if wall[name] > 0 else 0.0,
        }
        table[name] = score(pages, results[name]) | speed
        for fold in FOLDS:
            keep = [i for i, f in enumerate(folds) if f == fold]
            table[name][fold] = score([pages[i] for i in keep], [results[name][i] for i in keep])
    return table


def _fmt(value: Any) -> str:
    if value is None:
        return "  -  "
    if isinstance(value, float):
        return f"{value:.3f}"
    return f"{value!s}"


FIELDS = [
    "body_f1",
    "body_precision",
    "body_recall",
    "title",
    "local_date",
    "lead_recall",
    "caption_recall",
    "tag_recall",
    "related_recall",
    "pages",
]


def _gap(dev: Any, val: Any) -> str:
    if isinstance(dev, float) and isinstance(val, float):
        return f"{val - dev:+.3f}"
    return "  -  "


def print_table(set_name: str, table: dict[str, dict[str, Any]]) -> None:
    """Dev and validation side by side per tool, newsflow's gap (validation - dev), then speed."""
    tools = list(table)
    short = {"newsflow": "nf", "trafilatura_fast": "traf-fast", "trafilatura": "traf"}
    print(f"\n== {set_name} ==")
    header = f"{'field':<15}"
    for tool in tools:
        name = short.get(tool, tool)
        header += f"{name + ' dev':>14}{name + ' val':>14}"
        if tool == "newsflow":
            header += f"{'nf gap':>9}"
    print(header)
    for field_name in FIELDS:
        line = f"{field_name:<15}"
        for tool in tools:
            dev, val = table[tool][DEV].get(field_name), table[tool][VALIDATION].get(field_name)
            line += f"{_fmt(dev):>14}{_fmt(val):>14}"
            if tool == "newsflow":
                line += f"{_gap(dev, val) if field_name != 'pages' else '':>9}"
        print(line)
    for field_name in ("pages_per_s", "pages_per_s_wall"):
        line = f"{field_name:<15}" + "".join(f"{tool}={_fmt(table[tool][field_name])}  " for tool in tools)
        print(line)
    if "trafilatura_fast" in table and table["trafilatura_fast"]["pages_per_s"]:
        ratio = table["newsflow"]["pages_per_s"] / table["trafilatura_fast"]["pages_per_s"]
        print(f"newsflow / trafilatura fast (CPU pages/s): {ratio:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=["arabic", "english", "all"], default="all")
    parser.add_argument("--limit", type=int, default=None, help="English pages to use (default: all)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument(
        "--worst", type=int, default=0, help="print this many development pages with the lowest body F1"
    )
    parser.add_argument("--out", type=Path, default=OUT / "extraction.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if not (args.corpus / "arabic").is_dir():
        print(f"corpus not found at {args.corpus}")
        return 2
    out: dict[str, Any] = {}
    if args.set in {"arabic", "all"}:
        out["arabic"] = evaluate(load_arabic(args.corpus), not args.no_trafilatura, args.worst)
        print_table("arabic (7 outlets, with their profiles)", out["arabic"])
        out["arabic-generic"] = evaluate(
            load_arabic(args.corpus, generic=True), not args.no_trafilatura, args.worst
        )
        print_table("arabic-generic (the same pages, no profile)", out["arabic-generic"])
    if args.set in {"english", "all"}:
        out["english-naeb"] = evaluate(
            load_english(args.corpus, args.limit), not args.no_trafilatura, args.worst
        )
        print_table("english-naeb (generic extractor)", out["english-naeb"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2), encoding="utf-8")
    print(f"\nresults written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
