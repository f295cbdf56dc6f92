"""The hand-written text-reuse set (tests/fixtures/reuse/handwritten.jsonl): its structure, not the detector's scores.

The detector's precision and recall on this set are a benchmark (``python -m bench.reuse``), not a test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.reuse import HANDWRITTEN, PairResult, pair_articles, read_pairs, report

SET = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reuse" / "handwritten.jsonl"
ARABIC = re.compile(r"[\u0600-\u06FF]")
POSITIVE_KINDS = {"whole_light", "heavy", "partial", "truncated", "lead_added", "copy_copy"}
NEGATIVE_KINDS = {
    "independent",
    "independent_quote",
    "independent_copy",
    "followup",
    "template",
    "boilerplate",
    "oped_quote",
}


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    return read_pairs(SET)


def test_the_bench_reads_this_file_by_default() -> None:
    assert HANDWRITTEN == SET and SET.exists()


def test_every_line_has_the_pairs_jsonl_fields_and_the_handwritten_fold(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        assert {"id", "label", "kind", "lang", "fold", "a", "b", "context", "note"} <= set(p), p["id"]
        assert p["fold"] == "handwritten"
        assert p["label"] in (0, 1)
        assert p["note"].strip(), p["id"]
        for art in pair_articles(p):
            assert set(art) == {"title", "source", "published", "paras"}, p["id"]
            assert art["title"].strip() and art["source"].strip()
            assert dt.datetime.fromisoformat(art["published"]).tzinfo is not None, p["id"]


def test_ids_are_unique(pairs: list[dict[str, Any]]) -> None:
    ids = [p["id"] for p in pairs]
    assert len(ids) == len(set(ids))


def test_at_least_30_republished_pairs_and_30_hard_negatives(pairs: list[dict[str, Any]]) -> None:
    labels = Counter(p["label"] for p in pairs)
    assert labels[1] >= 30 and labels[0] >= 30


def test_about_two_thirds_arabic_and_both_languages_in_each_label(pairs: list[dict[str, Any]]) -> None:
    langs = Counter(p["lang"] for p in pairs)
    assert set(langs) == {"ar", "en"}
    assert 0.6 <= langs["ar"] / len(pairs) <= 0.75
    for label in (0, 1):
        assert {p["lang"] for p in pairs if p["label"] == label} == {"ar", "en"}


def test_the_language_field_matches_the_script(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        for art in (p["a"], p["b"]):
            share = len(ARABIC.findall(" ".join(art["paras"]))) / max(1, len(" ".join(art["paras"])))
            assert (share > 0.5) == (p["lang"] == "ar"), p["id"]


def test_every_article_has_at_least_three_paragraphs(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        for art in pair_articles(p):
            assert len(art["paras"]) >= 3, (p["id"], art["title"])
            assert all(para.strip() == para and para for para in art["paras"]), p["id"]


def test_kinds_belong_to_one_label_and_cover_the_strengths_and_negatives(pairs: list[dict[str, Any]]) -> None:
    kinds = {label: {p["kind"] for p in pairs if p["label"] == label} for label in (0, 1)}
    assert kinds[1] == POSITIVE_KINDS
    assert kinds[0] == NEGATIVE_KINDS


def test_no_pair_is_two_identical_bodies(pairs: list[dict[str, Any]]) -> None:
    # a republished copy always differs from its source somewhere (title, dateline, wording, cut)
    for p in pairs:
        assert p["a"]["paras"] != p["b"]["paras"], p["id"]
        assert p["a"]["title"] != p["b"]["title"], p["id"]


def test_boilerplate_pairs_share_paragraphs_with_their_outlets_context(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        if p["kind"] != "boilerplate":
            continue
        assert p["a"]["source"] == p["b"]["source"] and len(p["context"]) >= 3
        footer = set(p["a"]["paras"]) & set(p["b"]["paras"])
        assert footer, p["id"]
        for art in p["context"]:
            assert art["source"] == p["a"]["source"] and footer <= set(art["paras"]), p["id"]


def test_the_bench_report_has_a_handwritten_fold_and_per_kind_scores() -> None:
    results = [
        PairResult("x1", 1, "heavy", "ar", "handwritten", True, "reuse", 0.7, 3),
        PairResult("x2", 1, "heavy", "ar", "handwritten", False, None, None, 0),
        PairResult("x3", 0, "followup", "en", "handwritten", True, "reuse", 0.2, 1),
        PairResult("x4", 0, "followup", "en", "handwritten", False, None, None, 0),
    ]
    rep = report(results)
    assert set(rep) >= {"all", "handwritten", "ar", "en"} and "tune" not in rep
    assert rep["handwritten"]["precision"] == 0.5 and rep["handwritten"]["recall"] == 0.5
    assert rep["all"]["by_kind"]["heavy"]["recall"] == 0.5
    assert rep["all"]["by_kind"]["followup"]["kept_apart"] == 0.5
    assert rep["all"]["hard_negatives_merged"] == ["x3"]
