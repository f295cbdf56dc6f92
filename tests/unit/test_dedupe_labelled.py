"""Inside-article dedup on the labelled set (tests/fixtures/dedup) and the seed: precision = recall = 1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.models import Article, Document
from pipeline.run.document import extract_document

pytestmark = pytest.mark.unit

Flag = tuple[str, int, tuple[int, ...], str]


def _article(path: Path) -> Article:
    doc = Document(source="labelled", kind="text", text=path.read_text(encoding="utf-8"), path=str(path))
    return extract_document(doc, fields=False)


def _labelled(fixtures_dir: Path) -> tuple[Path, dict[str, Any]]:
    folder = fixtures_dir / "dedup"
    return folder, json.loads((folder / "expected.json").read_text(encoding="utf-8"))


def _flags(case: str, article: Article) -> set[Flag]:
    return {(case, b.position, tuple(b.duplicate_of), b.role) for b in article.blocks if b.is_duplicate}


def test_labelled_set_is_large_and_covers_every_case(fixtures_dir: Path) -> None:
    folder, expected = _labelled(fixtures_dir)
    assert len(expected) >= 40
    assert sorted(p.stem for p in folder.glob("*.txt")) == sorted(expected)
    kinds = {case.split("_", 1)[1] for case in expected}
    for kind in (
        "teaser_truncated",
        "teaser_spanning",
        "caption_after_no_waw",
        "caption_dropped_clause",
        "pull_quote_inside",
        "caption_twice",
        "verbatim",
        "doubled_word",
        "shared_opening",
    ):
        assert kind in kinds
    roles = {f["role"] for exp in expected.values() for f in exp["flags"].values()}
    assert roles == {"lead", "caption", "pull_quote", "paragraph"}


def test_inside_article_flags_precision_and_recall_are_one(fixtures_dir: Path) -> None:
    folder, expected = _labelled(fixtures_dir)
    want: set[Flag] = set()
    got: set[Flag] = set()
    want_issues: set[tuple[str, str]] = set()
    got_issues: set[tuple[str, str]] = set()
    for case, exp in sorted(expected.items()):
        article = _article(folder / f"{case}.txt")
        want |= {(case, int(k), tuple(v["duplicate_of"]), v["role"]) for k, v in exp["flags"].items()}
        got |= _flags(case, article)
        want_issues |= {(case, t) for t in exp["text_issues"]}
        got_issues |= {(case, str(i["text"])) for i in article.text_issues}
    assert sorted(got - want) == [], "false positives (precision < 1)"
    assert sorted(want - got) == [], "missed repeats (recall < 1)"
    assert got_issues == want_issues
    assert len(want) >= 40


def test_flagged_blocks_stay_out_of_the_body_and_are_kept(fixtures_dir: Path) -> None:
    folder, expected = _labelled(fixtures_dir)
    for case in ("water_combined", "port_combined"):
        article = _article(folder / f"{case}.txt")
        n_flags = len(expected[case]["flags"])
        assert len(article.duplicates) == n_flags
        flagged_text = {b.text for b in article.blocks if b.is_duplicate and b.role == "paragraph"}
        # the verbatim copy is flagged, its first occurrence stays in the body exactly once
        for text in flagged_text:
            assert article.body.count(text) == 1
        assert article.lead is not None and len(article.body) == 6


def test_seed_flags_match_the_gold(corpus_dir: Path) -> None:
    gold = json.loads((corpus_dir / "seed" / "article.gold.json").read_text(encoding="utf-8"))
    doc = Document(
        source="seed", kind="text", text=(corpus_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    )
    article = extract_document(doc, fields=False)
    # the gold's "repeated_text" notes: teaser = body[0..2], caption = body[1], quotes = body[5], body[11]
    want = {
        ("lead", gold["lead"], (0, 1, 2)),
        ("caption", gold["captions"][0]["text"], (1,)),
        ("pull_quote", gold["pull_quotes"][0], (5,)),
        ("pull_quote", gold["pull_quotes"][1], (11,)),
    }
    got = {(d["role"], d["text"], tuple(d["duplicate_of"])) for d in article.to_json()["duplicates"]}
    assert got == want
    assert list(article.body) == gold["body"]
