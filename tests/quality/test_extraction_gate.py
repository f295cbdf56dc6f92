"""Quality gate: extraction scores on ../shared/corpus must stay above pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.extraction import evaluate, load_arabic, load_english

pytestmark = pytest.mark.integration

# Floors pinned just under what newsflow reaches (bench/extraction.py); raise them when you improve.
ARABIC_FLOORS = {
    "body_f1": 0.98,
    "title": 0.95,
    "local_date": 0.99,
    "lead_recall": 0.95,
    "caption_recall": 0.95,
    "tag_recall": 0.95,
    "related_recall": 0.95,
}
ENGLISH_FLOORS = {"body_f1": 0.93, "body_recall": 0.955, "local_date": 0.845}
# The validation folds (bench/folds.py: outlets never tuned or trained on) are the project's numbers.
VALIDATION_FLOORS = {"english-naeb": 0.92, "arabic-generic": 0.98}


def test_arabic_set_floors(corpus_dir: Path) -> None:
    scores = evaluate(load_arabic(corpus_dir), with_trafilatura=False)["newsflow"]
    for field, floor in ARABIC_FLOORS.items():
        assert scores[field] is not None and scores[field] >= floor, (
            f"arabic {field}: {scores[field]} < {floor}"
        )


def test_english_set_floors(corpus_dir: Path) -> None:
    scores = evaluate(load_english(corpus_dir), with_trafilatura=False)["newsflow"]
    assert scores["pages"] >= 400
    for field, floor in ENGLISH_FLOORS.items():
        assert scores[field] is not None and scores[field] >= floor, (
            f"english {field}: {scores[field]} < {floor}"
        )


def test_validation_folds_floors(corpus_dir: Path) -> None:
    english = evaluate(load_english(corpus_dir), with_trafilatura=False)["newsflow"]["validation"]
    arabic = evaluate(load_arabic(corpus_dir, generic=True), with_trafilatura=False)["newsflow"]["validation"]
    assert english["pages"] >= 100 and arabic["pages"] >= 2
    for name, scores in (("english-naeb", english), ("arabic-generic", arabic)):
        floor = VALIDATION_FLOORS[name]
        assert scores["body_f1"] >= floor, f"{name} validation body F1 {scores['body_f1']} < {floor}"
