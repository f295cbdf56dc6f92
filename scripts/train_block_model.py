"""Train the generic extractor's block classifier on the development fold only.

    .venv/bin/python scripts/train_block_model.py [--corpus ../shared/corpus] [--out pipeline/.../block_model.json]

Pages: english-naeb and the Arabic set (run without profiles), development fold only (bench/folds.py),
and the Arabic pages written for this project (tests/fixtures/arabic_unseen, all development data;
each page is its own site in the cross-validation's groups).
Each text block the walker emits from the generic container is labelled body when at least half of
its word 4-grams are in the page's gold body (short blocks: all their words in order). A logistic
regression (L2, standardised features, numpy, fixed seed-free full-batch gradient descent) is fitted;
the L2 strength and the probability threshold are chosen by site-grouped 5-fold cross-validation
inside the development fold, on the benchmark's own measure (mean page precision/recall, F1).
Writes the JSON model read by the extractor at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import extraction as bench  # noqa: E402
from bench.folds import DEV  # noqa: E402
from bench.scoring import precision_recall, shingles, words  # noqa: E402
from pipeline.extract import html as module  # noqa: E402
from pipeline.extract.html import blockmodel  # noqa: E402

MIN_SHARE = 0.5
UNSEEN = ROOT / "tests" / "fixtures" / "arabic_unseen"


def load_unseen(folder: Path = UNSEEN) -> list[bench.Page]:
    """The written Arabic pages (no profile), each its own site (its own cross-validation group).

    Only pages committed to git: pages still being written are scored on arrival, before anything
    learns from them (all pages when git cannot tell).
    """
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--", str(folder)], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        tracked = {Path(line).name for line in listed} or None
    except (OSError, subprocess.CalledProcessError):
        tracked = None
    pages = []
    for gold_file in sorted(folder.glob("*.gold.json")):
        if tracked is not None and gold_file.name not in tracked:
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        name = gold_file.name.replace(".gold.json", "")
        html = gold_file.with_name(f"{name}.html").read_text(encoding="utf-8")
        pages.append(bench.Page(name, html, gold.get("url"), None, None, gold, site=f"arabic_unseen/{name}"))
    return pages


def collect(pages: list[bench.Page]) -> list[dict[str, Any]]:
    """Per page: the body block texts, which of them the model judges, their features and labels."""
    from_doc = module.clean_html
    Document = bench.Document
    records: list[dict[str, Any]] = []
    original = blockmodel.filter_blocks
    seen: dict[str, Any] = {}

    def record(raw: list[Any], roots: Any) -> list[Any]:
        idx = blockmodel.judged(raw)
        seen["raw"] = list(raw)
        seen["idx"] = idx
        seen["vectors"] = blockmodel.block_features([raw[i] for i in idx], roots)
        seen["obvious"] = [blockmodel.obvious_body(raw[i]) for i in idx]
        return raw

    blockmodel.filter_blocks = record  # type: ignore[assignment]
    try:
        for page in pages:
            seen.clear()
            doc = Document(source="train", kind="html", text=page.html, url=page.url)
            cleaned = from_doc(doc, profile=None, timezone=page.timezone, url=page.url)
            gold = page.gold
            gold_text = "\n".join(
                ([gold["lead"]] if gold.get("lead") else [])
                + [p[3:] if p.startswith("## ") else p for p in gold.get("body", [])]
            )
            if "raw" not in seen:
                continue
            gold_sh = shingles(gold_text)
            gold_words = " ".join(words(gold_text))
            labels = []
            for i in seen["idx"]:
                text = seen["raw"][i].text
                toks = words(text)
                if len(toks) >= 4:
                    sh = shingles(text)
                    labels.append(1 if len(sh & gold_sh) >= MIN_SHARE * len(sh) else 0)
                else:
                    labels.append(1 if toks and " ".join(toks) in gold_words else 0)
            final = [b.text for b in cleaned.blocks if b.role in {"lead", "paragraph", "heading"}]
            records.append(
                {
                    "site": page.site,
                    "texts": [b.text for b in seen["raw"]],
                    "roles": [b.role for b in seen["raw"]],
                    "idx": seen["idx"],
                    "X": seen["vectors"],
                    "obvious": seen["obvious"],
                    "y": labels,
                    "gold": gold_text,
                    "final": final,
                }
            )
    finally:
        blockmodel.filter_blocks = original  # type: ignore[assignment]
    return records


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, steps: int = 600) -> np.ndarray:
    """Logistic regression by full-batch gradient descent with Adam steps (deterministic)."""
    beta = np.zeros(x.shape[1])
    m = np.zeros_like(beta)
    v = np.zeros_like(beta)
    lr, b1, b2 = 0.05, 0.9, 0.999
    wsum = w.sum()
    for t in range(1, steps + 1):
        z = np.clip(x @ beta, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        grad = x.T @ ((p - y) * w) / wsum
        reg = l2 * beta
        reg[0] = 0.0
        grad = grad + reg
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        beta -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + 1e-8)
    return beta


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    mean[0] = 0.0
    scale[scale < 1e-6] = 1.0
    scale[0] = 1.0
    return mean, scale


def page_f1(records: list[dict[str, Any]], probs: list[np.ndarray], threshold: float) -> float:
    ps, rs = [], []
    for rec, pr in zip(records, probs, strict=True):
        # as at run time: obvious body blocks are never asked, so never dropped
        drop = {
            i
            for i, p, obvious in zip(rec["idx"], pr, rec["obvious"], strict=True)
            if p < threshold and not obvious
        }
        kept = [
            t
            for i, (t, role) in enumerate(zip(rec["texts"], rec["roles"], strict=True))
            if role in {"lead", "paragraph", "heading"} and i not in drop
        ]
        p, r = precision_recall("\n".join(kept), rec["gold"])
        ps.append(p)
        rs.append(r)
    p, r = float(np.mean(ps)), float(np.mean(rs))
    return 2 * p * r / (p + r) if p + r else 0.0


def _group(site: str, k: int) -> int:
    return int(hashlib.sha1(site.encode(), usedforsecurity=False).hexdigest()[:8], 16) % k


def arrays(records: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs = [np.array(r["X"], dtype=float) for r in records if r["X"]]
    ys = [np.array(r["y"], dtype=float) for r in records if r["X"]]
    x = np.vstack(xs)
    y = np.concatenate(ys)
    w = np.log1p(np.exp(x[:, 1]))  # weight ~ log length: long blocks weigh more in the page measure
    return x, y, w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=bench.CORPUS)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-unseen", action="store_true", help="leave out tests/fixtures/arabic_unseen")
    args = parser.parse_args(argv)
    out = args.out or blockmodel.MODEL_FILE
    pages = [p for p in bench.load_english(args.corpus) if p.fold == DEV]
    pages += [p for p in bench.load_arabic(args.corpus, generic=True) if p.fold == DEV]
    if not args.no_unseen:
        pages += load_unseen()
    records = collect(pages)
    print(f"{len(records)} dev pages, {sum(len(r['y']) for r in records)} blocks")
    written = [j for j, r in enumerate(records) if r["site"].startswith("arabic_unseen/")]
    corpus = [j for j in range(len(records)) if j not in set(written)]

    def split(probs: list[np.ndarray], threshold: float) -> str:
        """The page measure on the corpus pages and on the written pages apart."""
        parts = []
        for label, rows in (("corpus", corpus), ("written", written)):
            if rows:
                f = page_f1([records[j] for j in rows], [probs[j] for j in rows], threshold)
                parts.append(f"{label} {f:.4f}")
        return ", ".join(parts)

    ones = [np.ones(len(r["idx"])) for r in records]
    print(f"rules alone (dev, in-sample): body F1 {page_f1(records, ones, 0.5):.4f} ({split(ones, 0.5)})")
    k = args.folds
    best: tuple[float, float, float, str] | None = None
    for l2 in (0.03, 0.01, 0.003, 0.001):
        oof: list[np.ndarray] = [np.zeros(len(r["idx"])) for r in records]
        for g in range(k):
            train = [r for r in records if _group(r["site"], k) != g]
            x, y, w = arrays(train)
            mean, scale = standardise(x)
            beta = fit((x - mean) / scale, y, w, l2)
            for j, r in enumerate(records):
                if _group(r["site"], k) == g and r["X"]:
                    xt = (np.array(r["X"], dtype=float) - mean) / scale
                    oof[j] = 1.0 / (1.0 + np.exp(-np.clip(xt @ beta, -30, 30)))
        for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
            f1 = page_f1(records, oof, threshold)
            print(f"l2={l2} threshold={threshold}: cross-validated dev body F1 {f1:.4f}")
            if best is None or f1 > best[0]:
                best = (f1, l2, threshold, split(oof, threshold))
    assert best is not None
    f1, l2, threshold, parts = best
    x, y, w = arrays(records)
    mean, scale = standardise(x)
    beta = fit((x - mean) / scale, y, w, l2)
    names = list(blockmodel.NAMES)
    model = {
        "kind": "logistic-regression",
        "features": names,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in beta],
        "threshold": threshold,
        "l2": l2,
        "trained_on": "development fold (bench/folds.py): english-naeb + arabic without profiles"
        + ("" if args.no_unseen else " + tests/fixtures/arabic_unseen"),
        "pages": len(records),
        "blocks": len(y),
        "cv_body_f1": round(f1, 4),
        "cv_body_f1_parts": parts,
    }
    # the extractor does not ask the model about obvious body blocks: how many it would have dropped
    probs = 1.0 / (1.0 + np.exp(-np.clip(((x - mean) / scale) @ beta, -30, 30)))
    obvious = np.concatenate([np.array(r["obvious"], dtype=bool) for r in records if r["X"]])
    dropped = int((probs[obvious] < threshold).sum())
    print(f"obvious body blocks the model would drop: {dropped} of {int(obvious.sum())}")
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(
        f"chosen l2={l2} threshold={threshold} (cross-validated dev body F1 {f1:.4f}: {parts}); model -> {out}"
    )
    for name, b in sorted(zip(names, beta, strict=True), key=lambda t: -abs(t[1]))[:15]:
        print(f"  {name:<20} {b:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
