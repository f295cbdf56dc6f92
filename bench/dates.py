"""Publication dates: newsflow vs htmldate (fast and extensive), side by side in one run.

Sets (read from ``../shared/corpus``, never copied into the project):

- ``dates-dev``: 800 pages with their publication date (htmldate's evaluation set).
- ``arabic``: the Arabic gold pages (outlet profile and time zone as in bench/extraction.py).
- ``english-naeb``: the English gold pages (dates in the gold).

Every set is split by site into a development fold (tune here) and a validation fold (the
project's number) with the one rule of bench/folds.py (the page's host, the Arabic outlet folder, the
English record's ``site``), so the same outlet is never on both sides.

A date is right when the tool's publication date (newsflow: ``published_local_date``; htmldate:
``find_date(..., original_date=True)``) equals the gold day. The tools take turns page by page;
each is timed in CPU seconds of this process (pages/s). Run from the repository root:

    .venv/bin/python bench/dates.py [--set dates-dev|arabic|english|all] [--limit N] [--misses]

``--misses`` lists newsflow's wrong pages of the development fold only: the validation fold's pages
are never printed (its score is the project's number, its pages stay unseen).

It imports ``pipeline`` from the current directory (so the same script measures another checkout:
``cd ../baseline && .venv/bin/python ../main/bench/dates.py``) and writes bench/out/dates.json.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import importlib.util
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CWD = Path(os.getcwd())
if str(CWD) not in sys.path:
    sys.path.insert(0, str(CWD))

CORPUS = CWD.parent / "shared" / "corpus"
OUT = CWD / "bench" / "out"


@dataclass
class Page:
    """One page with its gold publication day."""

    name: str
    html: str
    url: str | None
    gold: str
    fold: str  # dev | validation
    profile: str | None = None
    timezone: str | None = None
    authors: tuple[str, ...] = ()  # gold bylines, when the set has them


AUTHORS_FOUND: dict[str, list[str]] = {}  # page name -> newsflow's authors (same extraction run)


def _load_folds() -> Any:
    """bench/folds.py beside this script (the one fold rule of every bench), whatever the checkout."""
    spec = importlib.util.spec_from_file_location(
        "_bench_folds", Path(__file__).resolve().with_name("folds.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FOLDS = _load_folds()


def fold_of(site: str | None) -> str:
    """dev or validation by bench/folds.py: the same outlet never on both sides."""
    return str(FOLDS.fold_of(site or ""))


def _decode(raw: bytes) -> str:
    for name in ("pipeline.acquire.parse", "pipeline.parse"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "decode"):
            return str(module.decode(raw)[0])
    return raw.decode("utf-8", "replace")


def load_dates_dev(corpus: Path, limit: int | None = None) -> list[Page]:
    base = corpus / "dates-dev"
    truth = json.loads((base / "truth.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in truth.items():
        path = base / "html" / f"{item['file']}.gz"
        if not path.exists():
            continue
        html = _decode(gzip.decompress(path.read_bytes()))
        pages.append(Page(item["file"], html, url, item["date"], fold_of(url)))
        if limit and len(pages) >= limit:
            break
    return pages


def load_arabic(corpus: Path) -> list[Page]:
    pages = []
    for gold_file in sorted((corpus / "arabic").glob("*/*.gold.json")):
        outlet = gold_file.parent.name
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if not gold.get("published_local_date"):
            continue
        raw = gold_file.with_name(gold_file.name.replace(".gold.json", ".html")).read_bytes()
        pages.append(
            Page(
                outlet,
                _decode(raw),
                gold.get("url"),
                gold["published_local_date"],
                fold_of(outlet),
                outlet,
                FOLDS.ARABIC_TZ.get(outlet),
                tuple(gold.get("authors") or ()),
            )
        )
    return pages


def load_english(corpus: Path, limit: int | None = None) -> list[Page]:
    base = corpus / "english-naeb"
    records = json.loads((base / "news_articles.json").read_text(encoding="utf-8"))
    pages = []
    for record in records:
        path = base / "html" / f"{record['html_file']}.html.gz"
        if not path.exists() or not record.get("date"):
            continue
        html = _decode(gzip.decompress(path.read_bytes()))
        fold = fold_of(record.get("site") or record.get("link"))
        # a gold byline may list co-authors in one string ("A, B")
        listed = record.get("authors") or []
        listed = [listed] if isinstance(listed, str) else listed
        authors = tuple(a.strip() for item in listed for a in item.split(",") if a.strip())
        pages.append(
            Page(str(record["id"]), html, record.get("link"), record["date"][:10], fold, authors=authors)
        )
        if limit and len(pages) >= limit:
            break
    return pages


# --------------------------------------------------------------------------- tools


def _extractor() -> Callable[[Page], str | None]:
    """newsflow's published_local_date for a page, through the article path users run."""
    try:
        from pipeline.core.models import Document
    except ImportError:  # the flat layout before the subpackages (a baseline checkout)
        from pipeline.models import Document  # type: ignore[no-redef]

    extract_document = None
    for name in ("pipeline.run.document", "pipeline.extract.article", "pipeline.extract"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        extract_document = getattr(module, "extract_document", None)
        if extract_document is not None:
            break

    def run(page: Page) -> str | None:
        doc = Document(source=page.profile or "bench", kind="html", text=page.html, url=page.url)
        if extract_document is not None:
            article = extract_document(
                doc,
                source_name=page.profile or "bench",
                profile=page.profile,
                timezone=page.timezone,
                fields=False,
            )
            value = article.published_local_date
            AUTHORS_FOUND[page.name] = list(article.authors)
        else:  # pragma: no cover - layouts without the article builder
            from pipeline.extract.html import clean_html

            cleaned = clean_html(doc, profile=page.profile, timezone=page.timezone, url=page.url)
            value = cleaned.meta.published_local_date
            AUTHORS_FOUND[page.name] = list(cleaned.meta.authors)
        return str(value)[:10] if value else None

    return run


def _htmldate(extensive: bool) -> Callable[[Page], str | None] | None:
    try:
        from htmldate import find_date
    except ImportError:
        return None

    def run(page: Page) -> str | None:
        found = find_date(page.html, url=page.url, original_date=True, extensive_search=extensive)
        return str(found)[:10] if found else None

    return run


def _run_one(run: Callable[[Page], str | None], page: Page) -> str | None:
    try:
        return run(page)
    except Exception as exc:  # a crash on one page scores as no date
        logging.getLogger("bench").warning("%s failed on %s: %s", run, page.name, exc)
        return None


def evaluate(
    pages: list[Page], with_htmldate: bool = True
) -> tuple[dict[str, dict[str, dict[str, Any]]], list[dict[str, Any]]]:
    """{tool: {fold: {accuracy, found, pages}}} plus pages/s per tool, and per-page answers."""
    tools: dict[str, Callable[[Page], str | None]] = {"newsflow": _extractor()}
    for name, extensive in (("htmldate_fast", False), ("htmldate_extensive", True)):
        runner = _htmldate(extensive) if with_htmldate else None
        if runner is not None:
            tools[name] = runner
    if pages:
        for run in tools.values():  # warm-up: lazy imports and first-call caches, not timed or scored
            _run_one(run, pages[0])
    answers: dict[str, list[str | None]] = {name: [] for name in tools}
    cpu = dict.fromkeys(tools, 0.0)
    for page in pages:
        for name, run in tools.items():
            start = time.process_time()
            answers[name].append(_run_one(run, page))
            cpu[name] += time.process_time() - start
    folds = sorted({p.fold for p in pages}) + (["all"] if len({p.fold for p in pages}) > 1 else [])
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for name in tools:
        table[name] = {}
        for fold in folds:
            idx = [i for i, p in enumerate(pages) if fold in {"all", p.fold}]
            right = sum(1 for i in idx if answers[name][i] == pages[i].gold)
            found = sum(1 for i in idx if answers[name][i])
            table[name][fold] = {
                "accuracy": right / len(idx) if idx else 0.0,
                "found": found / len(idx) if idx else 0.0,
                "pages": len(idx),
            }
        table[name]["speed"] = {"pages_per_s": len(pages) / cpu[name] if cpu[name] > 0 else 0.0}
    per_page = [
        {"page": p.name, "url": p.url, "fold": p.fold, "gold": p.gold} | {n: answers[n][i] for n in tools}
        for i, p in enumerate(pages)
    ]
    return table, per_page


def author_scores(pages: list[Page]) -> dict[str, dict[str, float]]:
    """Per fold: share of pages whose author set equals the gold's, and mean recall of gold names."""
    out: dict[str, dict[str, float]] = {}
    for fold in sorted({p.fold for p in pages if p.authors}):
        rows = [p for p in pages if p.fold == fold and p.authors and p.name in AUTHORS_FOUND]
        if not rows:
            continue
        exact = recall = 0.0
        for page in rows:
            gold = {" ".join(a.lower().split()) for a in page.authors}
            got = {" ".join(a.lower().split()) for a in AUTHORS_FOUND[page.name]}
            exact += gold == got
            recall += len(gold & got) / len(gold)
        out[fold] = {"exact": exact / len(rows), "recall": recall / len(rows), "pages": len(rows)}
    return out


def print_table(set_name: str, table: dict[str, dict[str, dict[str, Any]]]) -> None:
    tools = list(table)
    folds = [f for f in next(iter(table.values())) if f != "speed"]
    print(f"\n== {set_name} ==")
    print(f"{'fold (pages)':<22}" + "".join(f"{t:>20}" for t in tools))
    for fold in folds:
        label = f"{fold} ({table[tools[0]][fold]['pages']})"
        print(f"{label:<22}" + "".join(f"{table[t][fold]['accuracy']:>20.3f}" for t in tools))
    if "dev" in folds and "validation" in folds:
        print(
            f"{'gap dev - validation':<22}"
            + "".join(
                f"{table[t]['dev']['accuracy'] - table[t]['validation']['accuracy']:>20.3f}" for t in tools
            )
        )
    print(f"{'pages/s (CPU)':<22}" + "".join(f"{table[t]['speed']['pages_per_s']:>20.1f}" for t in tools))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=["dates-dev", "arabic", "english", "all"], default="all")
    parser.add_argument("--limit", type=int, default=None, help="pages per set (default: all)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--misses",
        action="store_true",
        help="print newsflow's wrong pages of the dev fold (never the validation fold's: it stays unseen)",
    )
    parser.add_argument("--fold", choices=["dev", "validation", "all"], default="all")
    parser.add_argument("--no-htmldate", action="store_true", help="newsflow only (quick iterations)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the JSON results")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if not (args.corpus / "dates-dev").is_dir():
        print(f"corpus not found at {args.corpus}")
        return 2
    out: dict[str, Any] = {}
    pages_out: dict[str, Any] = {}
    sets: list[tuple[str, Callable[[], list[Page]]]] = []
    if args.set in {"dates-dev", "all"}:
        sets.append(("dates-dev", lambda: load_dates_dev(args.corpus, args.limit)))
    if args.set in {"arabic", "all"}:
        sets.append(("arabic", lambda: load_arabic(args.corpus)))
    if args.set in {"english", "all"}:
        sets.append(("english-naeb", lambda: load_english(args.corpus, args.limit)))
    for name, load in sets:
        pages = load()
        if args.fold != "all":
            pages = [p for p in pages if p.fold == args.fold]
        table, per_page = evaluate(pages, not args.no_htmldate)
        out[name] = table
        pages_out[name] = per_page
        print_table(name, table)
        authors = author_scores(pages)
        if authors:
            out[name]["newsflow"]["authors"] = authors
            print(
                "authors (newsflow, same names as the gold): "
                + ", ".join(
                    f"{fold} {v['exact']:.3f} exact / {v['recall']:.3f} recall ({v['pages']} pages)"
                    for fold, v in authors.items()
                )
            )
        if args.misses:
            for row in per_page:
                if row["fold"] == FOLDS.DEV and row["newsflow"] != row["gold"]:
                    print(
                        f"  miss {row['fold']:<10} {row['page']:<40} gold {row['gold']} newsflow {row['newsflow']}"
                        f" fast {row.get('htmldate_fast')} ext {row.get('htmldate_extensive')}"
                    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "dates.json").write_text(json.dumps(out, indent=2), encoding="utf-8")
    (args.out / "dates_pages.json").write_text(json.dumps(pages_out, indent=1), encoding="utf-8")
    print(f"\nresults written to {args.out / 'dates.json'} (per page: dates_pages.json)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
