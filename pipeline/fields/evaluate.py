"""Per-field precision/recall of entities, quantities and quotes over annotated paragraphs."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.core.text import match_key
from pipeline.fields.entities import entity_names, find_entities
from pipeline.fields.quantities import find_quantities
from pipeline.fields.quotes import find_quotes

LOGGER = logging.getLogger(__name__)

FIELDS = ("entities", "quantities", "quotes")


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _score(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float | int]:
    return {
        "precision": _ratio(tp_pred, n_pred),
        "recall": _ratio(tp_gold, n_gold),
        "predicted": n_pred,
        "expected": n_gold,
    }


def _entity_keys(entity: dict[str, Any], mentions: Sequence[dict[str, Any]]) -> set[str]:
    """All names an entity answers to: canonical, gazetteer aliases, surfaces seen in the text."""
    keys = {match_key(entity["name"])}
    keys.update(match_key(a) for a in entity_names(entity["id"]))
    keys.update(match_key(m["surface"]) for m in mentions if m["entity_id"] == entity["id"])
    return keys


def _value_key(value: Any) -> str:
    return f"{float(value):.6g}"


def score_case(case: dict[str, Any]) -> dict[str, tuple[int, int, int, int]]:
    """(true predicted, predicted, found expected, expected) per field for one annotated case."""
    paragraphs: list[str] = case["paragraphs"]
    entities, mentions = find_entities(paragraphs)
    counts: dict[str, tuple[int, int, int, int]] = {}

    gold_names = [match_key(e["name"]) for e in case.get("entities", [])]
    pred_keys = [_entity_keys(e, mentions) for e in entities]
    tp_pred = sum(1 for keys in pred_keys if any(g in keys for g in gold_names))
    tp_gold = sum(1 for g in gold_names if any(g in keys for keys in pred_keys))
    counts["entities"] = (tp_pred, len(entities), tp_gold, len(gold_names))

    quantities = find_quantities(paragraphs)
    gold_q = [(_value_key(q["value"]), match_key(q["unit"])) for q in case.get("quantities", [])]
    pred_q = [(_value_key(q["value"]), match_key(q["unit"])) for q in quantities]
    counts["quantities"] = (
        sum(1 for q in pred_q if q in gold_q),
        len(pred_q),
        sum(1 for q in gold_q if q in pred_q),
        len(gold_q),
    )

    quotes = find_quotes(paragraphs, mentions)
    gold_t = [(match_key(q["speaker"]), match_key(q["text"])) for q in case.get("quotes", [])]
    pred_t = [(match_key(q["speaker"]), match_key(q["text"])) for q in quotes]
    counts["quotes"] = (
        sum(1 for q in pred_t if q in gold_t),
        len(pred_t),
        sum(1 for q in gold_t if q in pred_t),
        len(gold_t),
    )
    return counts


def score_fields(cases: Iterable[dict[str, Any]]) -> dict[str, dict[str, float | int]]:
    """Micro-averaged precision/recall per field over annotated cases.

    A case is {"paragraphs": [...], "entities": [{"name", "type"}], "quantities": [{"value", "unit"}],
    "quotes": [{"speaker", "text"}]}; names compare by folded form or any gazetteer alias.
    """
    totals = {f: [0, 0, 0, 0] for f in FIELDS}
    for case in cases:
        for field, counts in score_case(case).items():
            for n, c in enumerate(counts):
                totals[field][n] += c
    return {f: _score(*totals[f]) for f in FIELDS}
