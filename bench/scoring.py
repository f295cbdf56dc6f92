"""Shared scorers: shingle-based body precision/recall/F1, normalised title match, recall of lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from pipeline.core.text import fold_arabic

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def words(text: str) -> list[str]:
    """Folded words (Arabic letters folded, case-folded, ASCII digits)."""
    return _WORD.findall(fold_arabic(text))


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    """Word n-gram shingles (a text shorter than n gives one shingle of all its words)."""
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) < n:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def precision_recall(predicted: str, gold: str) -> tuple[float, float]:
    """Shingle precision and recall of one page (empty vs empty counts as perfect)."""
    pred, ref = shingles(predicted), shingles(gold)
    if not pred and not ref:
        return 1.0, 1.0
    if not pred or not ref:
        return (0.0 if pred else 1.0), (0.0 if ref else 1.0)
    hit = len(pred & ref)
    return hit / len(pred), hit / len(ref)


def body_scores(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Mean precision and recall over pages, and the F1 of those means (extraction-benchmark method)."""
    precisions, recalls = [], []
    for predicted, gold in pairs:
        p, r = precision_recall(predicted, gold)
        precisions.append(p)
        recalls.append(r)
    if not precisions:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0}
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "pages": len(precisions)}


def normalise_title(text: str | None) -> str:
    """Title for comparison: NFKC, folded, punctuation and spacing removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(words(text))


def title_match(predicted: str | None, gold: str | None) -> bool:
    return normalise_title(predicted) == normalise_title(gold)


def list_recall(predicted: Sequence[str], gold: Sequence[str]) -> float | None:
    """Share of gold items found (normalised, containment either way); None when gold is empty."""
    if not gold:
        return None
    pred = [normalise_title(p) for p in predicted if p]
    found = 0
    for item in gold:
        key = normalise_title(item)
        if key and any(key == p or (len(key) > 10 and (key in p or p in key) and p) for p in pred):
            found += 1
    return found / len(gold)


def mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None
