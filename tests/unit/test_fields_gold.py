"""The structured-field gold beyond the seed: well formed, folds split by outlet, pages referenced (not copied)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.unit

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "fields_gold"
TYPES = {"person", "organization", "place", "media"}


def _golds() -> list[tuple[Path, dict[str, Any]]]:
    files = sorted((GOLD / "pages").glob("*.json")) + sorted(GOLD.glob("articles/*.gold.json"))
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in files]


def test_seven_corpus_pages_and_ten_written_articles() -> None:
    golds = _golds()
    pages = [g for p, g in golds if p.parent.name == "pages"]
    written = [g for p, g in golds if p.parent.name == "articles"]
    assert len(pages) == 7 and len(written) >= 10  # 10 + dev additions of round two
    for _, gold in golds:
        assert {
            "page",
            "outlet",
            "fold",
            "reference_date",
            "entities",
            "quantities",
            "dates_mentioned",
            "quotes",
        } <= set(gold)
        assert gold["fold"] in ("dev", "validation")
        assert all(e["type"] in TYPES and e["name"] for e in gold["entities"])
        assert all(isinstance(q["value"], int | float) and "unit" in q for q in gold["quantities"])
        assert all(
            d["value"] and d["precision"] in ("day", "week", "month", "year") for d in gold["dates_mentioned"]
        )
        assert all(q["speaker"] and q["starts"] for q in gold["quotes"])
    for path, gold in golds:
        if path.parent.name == "articles":
            assert (GOLD / gold["page"]).exists()


def test_folds_are_split_by_outlet_and_validation_is_fresh_written_articles() -> None:
    """Dev holds every corpus page (the first validation fold was used up); validation is written articles only."""
    folds: dict[str, set[str]] = {"dev": set(), "validation": set()}
    validation_pages: list[dict[str, Any]] = []
    validation_articles: list[dict[str, Any]] = []
    for path, gold in _golds():
        folds[gold["fold"]].add(gold["outlet"])
        if gold["fold"] == "validation":
            (validation_pages if path.parent.name == "pages" else validation_articles).append(gold)
    assert not folds["dev"] & folds["validation"]
    assert len(folds["dev"]) >= 8 and len(folds["validation"]) >= 8
    assert not validation_pages  # the corpus pages' errors were read: they are dev now
    assert len(validation_articles) >= 12


def test_corpus_pages_are_referenced_not_copied(corpus_dir: Path) -> None:
    for path, gold in _golds():
        if path.parent.name != "pages":
            continue
        page = corpus_dir / gold["page"]
        assert page.exists(), gold["page"]
        # annotation only: names and values, never paragraphs of the page
        longest = max(len(str(v)) for item in gold["quotes"] + gold["entities"] for v in item.values())
        assert longest < 200
