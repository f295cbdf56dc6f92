"""Structured fields measured against gold: per-field precision/recall on the seed and the annotated set.

    .venv/bin/python bench/fields.py [--json OUT]

Sets: the seed article's gold (../shared/corpus/seed/article.gold.json: entities over the whole
dump, the four quantities, the three core "قال … إن" quotes, every dated expression) and the
project's own annotated paragraphs (tests/fixtures/fields/paragraphs.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core.text import fold_arabic  # noqa: E402
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


def seed_scores() -> dict[str, dict[str, float]] | None:
    """Extract the seed through the CLI path and compare each field with its gold."""
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
    have_d = {(d["paragraph"], d["text"], d["value"]) for d in got["dates_mentioned"]}
    out["dates_mentioned"] = _pr(len(have_d & want_d), len(have_d), len(have_d & want_d), len(want_d))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    cases = json.loads(
        (ROOT / "tests" / "fixtures" / "fields" / "paragraphs.json").read_text(encoding="utf-8")
    )
    results: dict[str, Any] = {"annotated": score_fields(cases["cases"]), "seed": seed_scores()}
    for name, table in results.items():
        if table is None:
            print(f"\n{name}: skipped (../shared/corpus is absent)")
            continue
        print(f"\n{name}")
        print(f"{'field':<26} {'precision':>9} {'recall':>7} {'predicted':>9} {'expected':>8}")
        for field, s in table.items():
            precision = f"{s['precision']:.3f}" if "precision" in s else "-"
            print(f"{field:<26} {precision:>9} {s['recall']:>7.3f} {s['predicted']:>9} {s['expected']:>8}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
