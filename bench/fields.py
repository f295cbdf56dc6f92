"""Structured fields measured against gold: per-field precision/recall on the seed and the annotated sets.

    .venv/bin/python bench/fields.py [--json OUT] [--fold dev|validation]

Sets: the seed article's gold (../shared/corpus/seed/article.gold.json: entities over the whole
dump, the four quantities, the three core "قال … إن" quotes, every dated expression), the project's
own annotated paragraphs (tests/fixtures/fields/paragraphs.json) and the page gold of
tests/fixtures/fields_gold (7 corpus pages + 48 written articles, extracted end to end as
`newsflow extract` does), reported per fold: dev (tuned on) and validation (never tuned on).
The time spent in pipeline.fields (add_fields) per article is printed last ("fields speed").
Page gold counts body text only: entities (person/organization/place), quantities, dates
mentioned, quotes (statement found) and quote speakers (statement with the right speaker).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core.text import fold_arabic, match_key  # noqa: E402
from pipeline.fields.entities import entity_names  # noqa: E402
from pipeline.fields.evaluate import score_fields  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def _pr(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    return {
        "precision": tp_pred / n_pred if n_pred else 1.0,
        "recall": tp_gold / n_gold if n_gold else 1.0,
        "predicted": n_pred,
        "expected": n_gold,
    }


def _week_month(value: str) -> str | None:
    """The month an ISO week lies in ("2024-W11" -> "2024-03"); None for other values or a split week."""
    if "-W" not in value:
        return None
    import datetime as dt

    year, week = value.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(week), 1)
    sunday = monday + dt.timedelta(days=6)
    return monday.strftime("%Y-%m") if monday.month == sunday.month else None


def seed_scores() -> dict[str, dict[str, float]] | None:
    """Extract the seed through the CLI path and compare each field with its gold.

    The seed gold lists GETTY (a caption's photo credit) as a media entity: newsflow no longer counts
    photo credits as entities of the story (issue 17), so entity recall here tops out at 22/23.
    """
    seed = CORPUS / "seed" / "article.txt"
    if not seed.exists():
        return None
    from pipeline.acquire.discover import expand_inputs
    from pipeline.core.settings import load_settings
    from pipeline.run.driver import process_candidate

    (cand,) = expand_inputs([str(seed)], "seed")
    ((_, article),) = list(process_candidate(cand, None, load_settings({}), "bench"))
    assert article is not None
    got = article.to_json()
    gold = json.loads((CORPUS / "seed" / "article.gold.json").read_text(encoding="utf-8"))

    def folded(name: str) -> str:
        return fold_arabic(name).replace(" ", "")

    expected = {folded(n) for names in gold["entities"].values() for n in names}
    matched: set[str] = set()
    tp = 0
    for ent in got["entities"]:
        hit = {folded(ent["name"]), *(folded(a) for a in entity_names(ent["id"]))} & expected
        tp += bool(hit)
        matched |= hit
    out = {"entities": _pr(tp, len(got["entities"]), len(matched), len(expected))}
    want_q = {(q["value"], q["unit"]) for q in gold["quantities"]}
    have_q = {(q["value"], q["unit"]) for q in got["quantities"]}
    out["quantities"] = _pr(len(have_q & want_q), len(have_q), len(have_q & want_q), len(want_q))
    core = {(q["speaker"], q["text"]) for q in gold["quotes"] if q["reporting"] == "قال ... إن"}
    have = {(q["speaker"], q["text"]) for q in got["quotes"]}
    out["quotes (core قال … إن)"] = {
        "recall": len(core & have) / len(core),
        "expected": len(core),
        "predicted": len(have),
    }
    want_d = {(int(d["where"][5:-1]), d["text"], d["value"]) for d in gold["dates_mentioned"]}
    # a week is an ISO week ("2024-W11"); the seed gold names the month it lies in
    have_d = {
        (d["paragraph"], d["text"], _week_month(d["value"]) or d["value"]) for d in got["dates_mentioned"]
    }
    out["dates_mentioned"] = _pr(len(have_d & want_d), len(have_d), len(have_d & want_d), len(want_d))
    return out


GOLD_DIR = ROOT / "tests" / "fixtures" / "fields_gold"
SCORED_TYPES = frozenset({"person", "organization", "place"})
BODY_ROLES = frozenset({"paragraph", "heading"})
PERCENT_UNITS = frozenset(match_key(u) for u in ("%", "٪", "في المائة", "في المئة", "بالمائة", "بالمئة"))
PAGE_FIELDS = ("entities", "quantities", "dates_mentioned", "quotes", "quote speakers")


def gold_pages(
    fold: str | None = None, only: tuple[str, ...] = ()
) -> list[tuple[dict[str, Any], Path | None]]:
    """(gold, input path) of every page gold; the path is None when the corpus page is absent.

    `only`: keep the gold files whose name starts with one of these prefixes (a round of new articles).
    """
    out: list[tuple[dict[str, Any], Path | None]] = []
    for path in sorted((GOLD_DIR / "pages").glob("*.json")) + sorted(GOLD_DIR.glob("articles/*.gold.json")):
        if only and not path.name.startswith(only):
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        if fold and gold["fold"] != fold:
            continue
        base = CORPUS if path.parent.name == "pages" else GOLD_DIR
        page = base / gold["page"]
        out.append((gold, page if page.exists() else None))
    return out


def extract_page(path: Path, source: str) -> Any:
    """The Article of one input, built as `newsflow extract` builds it (no --url)."""
    from pipeline.acquire.discover import expand_inputs
    from pipeline.core.settings import load_settings
    from pipeline.run.driver import process_candidate

    (cand,) = expand_inputs([str(path)], source)
    ((_, article),) = list(process_candidate(cand, None, load_settings({}), "bench"))
    return article


def _in_body(item: dict[str, Any]) -> bool:
    if "role" in item:
        return item["role"] in BODY_ROLES and not item.get("is_duplicate", False)
    return item.get("paragraph") is not None


def _greedy(pred: list[Any], gold: list[Any], match: Any) -> tuple[int, int]:
    """(matched predictions, matched gold items) of a one-to-one greedy pairing."""
    used: set[int] = set()
    hits = 0
    for p in pred:
        for g_i, g in enumerate(gold):
            if g_i not in used and match(p, g):
                used.add(g_i)
                hits += 1
                break
    return hits, len(used)


def _unit_head(unit: str) -> str:
    key = match_key(unit)
    if key in PERCENT_UNITS:
        return "%"
    word = key.split(" ")[0] if key else ""
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word[:3]


def _entity_keys(article: Any, ent: dict[str, Any]) -> set[str]:
    keys = {match_key(ent["name"]), *(match_key(a) for a in entity_names(ent["id"]))}
    keys.update(match_key(m["surface"]) for m in article.mentions if m["entity_id"] == ent["id"])
    return keys


def score_page(article: Any, gold: dict[str, Any]) -> dict[str, list[int]]:
    """[true predictions, predictions, found gold, gold] per field for one page."""
    out: dict[str, list[int]] = {}
    body_mentions = [m for m in article.mentions if _in_body(m)]
    body_ids = {m["entity_id"] for m in body_mentions}
    all_entities = {e["id"]: e for e in article.entities}
    for m in body_mentions:  # entities named only in the body but dropped from the JSON list
        all_entities.setdefault(m["entity_id"], {"id": m["entity_id"], "name": m["name"], "type": m["type"]})
    pred = [e for i, e in all_entities.items() if i in body_ids and e["type"] in SCORED_TYPES]
    gold_e = [
        (g, {match_key(g["name"]), *(match_key(a) for a in g.get("also", ()))}) for g in gold["entities"]
    ]
    tp_pred = 0
    found: set[int] = set()
    for e in pred:
        keys = _entity_keys(article, e)
        hit = [i for i, (g, gk) in enumerate(gold_e) if gk & keys]
        if any(gold_e[i][0]["type"] in SCORED_TYPES for i in hit):
            tp_pred += 1
        found.update(i for i in hit if gold_e[i][0]["type"] in SCORED_TYPES)
    n_gold = sum(1 for g, _ in gold_e if g["type"] in SCORED_TYPES)
    out["entities"] = [tp_pred, len(pred), len(found), n_gold]

    quantities = [q for q in article.quantities if _in_body(q)]

    def q_match(p: dict[str, Any], g: dict[str, Any]) -> bool:
        if abs(float(p["value"]) - float(g["value"])) > 1e-6 * max(1.0, abs(float(g["value"]))):
            return False
        return not g["unit"] or _unit_head(p["unit"]) == _unit_head(g["unit"])

    hits, used = _greedy(quantities, gold["quantities"], q_match)
    out["quantities"] = [hits, len(quantities), used, len(gold["quantities"])]

    dates = [d for d in article.dates_mentioned if _in_body(d)]

    def d_match(p: dict[str, Any], g: dict[str, Any]) -> bool:
        if p["value"] not in (g["value"], *g.get("accept", ())):
            return False
        pt, gt = match_key(p["text"]), match_key(g["text"])
        return bool(pt) and (pt in gt or gt in pt)

    hits, used = _greedy(dates, gold["dates_mentioned"], d_match)
    out["dates_mentioned"] = [hits, len(dates), used, len(gold["dates_mentioned"])]

    quotes = [q for q in article.quotes if _in_body(q)]

    def statement(p: dict[str, Any], g: dict[str, Any]) -> bool:
        return match_key(g["starts"]) in match_key(p["text"])[: len(g["starts"]) + 40]

    def speaker(p: dict[str, Any], g: dict[str, Any]) -> bool:
        if not statement(p, g):
            return False
        if g.get("speaker_entity"):
            ent = all_entities.get(p.get("entity_id") or "")
            wanted = {match_key(g["speaker_entity"])}
            for e in gold["entities"]:  # the gold entity's other names count too
                if match_key(e["name"]) in wanted:
                    wanted |= {match_key(a) for a in e.get("also", ())}
            return ent is not None and bool(wanted & _entity_keys(article, ent))
        ps, gs = match_key(p["speaker"]), match_key(g["speaker"])
        return bool(ps) and (ps in gs or gs in ps)

    hits, used = _greedy(quotes, gold["quotes"], statement)
    out["quotes"] = [hits, len(quotes), used, len(gold["quotes"])]
    hits, used = _greedy(quotes, gold["quotes"], speaker)
    out["quote speakers"] = [hits, len(quotes), used, len(gold["quotes"])]
    return out


def page_scores(
    fold: str, verbose: bool = False, only: tuple[str, ...] = ()
) -> dict[str, dict[str, float]] | None:
    """Micro-averaged precision/recall per field over the page gold of one fold."""
    totals = {f: [0, 0, 0, 0] for f in PAGE_FIELDS}
    pages = 0
    for gold, path in gold_pages(fold, only):
        if path is None:
            continue
        article = extract_page(path, "cli")
        FIELD_WORDS[0] += sum(len(b.split()) for b in article.to_json()["body"] if isinstance(b, str))
        pages += 1
        for field, counts in score_page(article, gold).items():
            if verbose and (counts[0] < counts[1] or counts[2] < counts[3]):
                print(f"  {gold['outlet']:<20} {field:<16} {counts}")
            for n, c in enumerate(counts):
                totals[field][n] += c
    if not pages:
        return None
    return {f: _pr(*totals[f]) for f in PAGE_FIELDS}


FIELD_TIME = [0.0, 0]  # seconds in add_fields, calls
FIELD_WORDS = [0]  # body words of the pages extracted


def _time_fields() -> None:
    """Wrap pipeline.fields.annotate.add_fields (imported at call time by the run driver) with a clock."""
    import time

    from pipeline.fields import annotate

    inner = annotate.add_fields

    def timed(article: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return inner(article)
        finally:
            FIELD_TIME[0] += time.perf_counter() - t0
            FIELD_TIME[1] += 1

    annotate.add_fields = timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument("--fold", choices=("dev", "validation"), help="only this fold of the page gold")
    parser.add_argument("--verbose", action="store_true", help="print the pages where a field misses")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated file-name prefixes: score only these gold files (a new round, on arrival)",
    )
    args = parser.parse_args()
    only = tuple(p for p in args.only.split(",") if p)
    cases = json.loads(
        (ROOT / "tests" / "fixtures" / "fields" / "paragraphs.json").read_text(encoding="utf-8")
    )
    results: dict[str, Any] = {}
    _time_fields()
    if not args.fold and not only:
        results["annotated"] = score_fields(cases["cases"])
        results["seed"] = seed_scores()
    for fold in (args.fold,) if args.fold else ("dev", "validation"):
        if args.verbose:
            print(f"\npages missed or over-predicted ({fold}):")
        results[f"pages: {fold}"] = page_scores(fold, verbose=args.verbose, only=only)
    for name, table in results.items():
        if table is None:
            print(f"\n{name}: skipped (../shared/corpus is absent)")
            continue
        print(f"\n{name}")
        print(f"{'field':<26} {'precision':>9} {'recall':>7} {'predicted':>9} {'expected':>8}")
        for field, s in table.items():
            precision = f"{s['precision']:.3f}" if "precision" in s else "-"
            print(f"{field:<26} {precision:>9} {s['recall']:>7.3f} {s['predicted']:>9} {s['expected']:>8}")
    seconds, calls = FIELD_TIME
    if calls:
        results["fields speed"] = {
            "articles": calls,
            "seconds": seconds,
            "gold_page_body_words": FIELD_WORDS[0],
        }
        rate = f", {FIELD_WORDS[0] / seconds:,.0f} body words/s on the gold pages" if seconds else ""
        print(
            f"\nfields speed: {calls} articles in {seconds:.3f}s ({1000 * seconds / calls:.1f} ms/article{rate})"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
