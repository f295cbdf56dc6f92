"""The held-out hand-written text-reuse set (tests/fixtures/reuse/heldout_handwritten.jsonl): structure only.

It was scored once unseen and its misses were then looked at (docs/store.md); these tests check its shape (ids, labels, languages, paragraphs, fold) and
that it shares no text with the other reuse sets; they never run the detector or assert a score.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.reuse import pair_articles, read_pairs

REUSE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reuse"
SET = REUSE / "heldout_handwritten.jsonl"
OTHER_SETS = (REUSE / "handwritten.jsonl", REUSE / "pairs.jsonl")
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
POSITIVE_KINDS = {"whole_light", "heavy", "partial", "truncated", "lead_added", "copy_copy"}
NEGATIVE_KINDS = {
    "independent",
    "independent_quote",
    "followup",
    "template",
    "boilerplate",
    "oped_quote",
    "two_agencies",
}


@pytest.fixture(scope="module")
def pairs() -> list[dict[str, Any]]:
    return read_pairs(SET)


def test_every_line_has_the_fields_and_the_heldout_fold(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        assert set(p) == {"id", "label", "kind", "lang", "fold", "a", "b", "context", "note"}, p["id"]
        assert p["fold"] == "heldout_handwritten", p["id"]
        assert p["label"] in (0, 1), p["id"]
        assert p["lang"] in ("ar", "en"), p["id"]
        assert p["note"].strip(), p["id"]
        assert isinstance(p["context"], list), p["id"]
        for art in pair_articles(p):
            assert set(art) == {"title", "source", "published", "paras"}, p["id"]
            assert art["title"].strip() and art["source"].strip(), p["id"]
            assert dt.datetime.fromisoformat(art["published"]).tzinfo is not None, p["id"]
            assert all(isinstance(x, str) and x.strip() for x in art["paras"]), p["id"]


def test_ids_are_unique_and_prefixed(pairs: list[dict[str, Any]]) -> None:
    ids = [p["id"] for p in pairs]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"hx-\d{3}", i) for i in ids)


def test_at_least_24_of_each_label(pairs: list[dict[str, Any]]) -> None:
    labels = Counter(p["label"] for p in pairs)
    assert labels[1] >= 24 and labels[0] >= 24


def test_the_kind_agrees_with_the_label(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        assert p["kind"] in (POSITIVE_KINDS if p["label"] == 1 else NEGATIVE_KINDS), p["id"]
    # every kind of hard negative the set promises is there
    assert {p["kind"] for p in pairs if p["label"] == 0} == NEGATIVE_KINDS


def test_about_two_thirds_arabic_and_both_languages_in_each_label(pairs: list[dict[str, Any]]) -> None:
    langs = Counter(p["lang"] for p in pairs)
    assert 0.6 <= langs["ar"] / len(pairs) <= 0.75
    for label in (0, 1):
        assert {p["lang"] for p in pairs if p["label"] == label} == {"ar", "en"}


def test_the_language_field_matches_the_script(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        for art in pair_articles(p):
            text = " ".join(art["paras"])
            ar, la = len(ARABIC.findall(text)), len(LATIN.findall(text))
            share = ar / max(1, ar + la)
            if p["lang"] == "ar":
                assert share > 0.9, (p["id"], art["title"])
            else:
                assert share < 0.05, (p["id"], art["title"])


def test_every_article_has_4_to_9_paragraphs(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        for art in pair_articles(p):
            assert 4 <= len(art["paras"]) <= 9, (p["id"], art["title"])


def test_the_two_sides_of_a_pair_are_different_articles(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        assert p["a"] != p["b"], p["id"]
        assert p["a"]["title"] != p["b"]["title"] or p["a"]["source"] != p["b"]["source"], p["id"]


def test_boilerplate_pairs_bring_three_more_stories_with_the_shared_footer(
    pairs: list[dict[str, Any]],
) -> None:
    boiler = [p for p in pairs if p["kind"] == "boilerplate"]
    assert {p["lang"] for p in boiler} == {"ar", "en"}
    for p in boiler:
        assert len(p["context"]) >= 3, p["id"]
        shared = set(p["a"]["paras"]) & set(p["b"]["paras"])
        assert shared, p["id"]
        for art in p["context"]:
            assert art["source"] == p["a"]["source"] == p["b"]["source"], p["id"]
            assert shared <= set(art["paras"]), p["id"]


def test_only_boilerplate_pairs_carry_context(pairs: list[dict[str, Any]]) -> None:
    for p in pairs:
        assert bool(p["context"]) == (p["kind"] == "boilerplate"), p["id"]


def test_no_text_is_shared_with_the_other_reuse_sets(pairs: list[dict[str, Any]]) -> None:
    mine = {x for p in pairs for art in pair_articles(p) for x in (art["title"], *art["paras"])}
    others = [path for path in OTHER_SETS if path.exists()]
    if not others:
        pytest.skip("no other reuse set to compare with")
    for path in others:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                p = json.loads(line)
                theirs = {x for art in pair_articles(p) for x in (art["title"], *art["paras"])}
                assert not (mine & theirs), (path.name, p.get("id"))
