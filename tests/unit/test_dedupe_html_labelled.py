"""Inside-article dedup on the labelled HTML pages (tests/fixtures/dedup_html): precision = recall = 1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.models import Article, Document
from pipeline.run.document import extract_document

pytestmark = pytest.mark.unit

Flag = tuple[str, int, tuple[int, ...], str]

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "dedup_html"
EXPECTED: dict[str, Any] = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
# a case whose miss is caused outside pipeline/extract/dedupe.py carries "xfail": "<cause>" in expected.json
XFAIL = {case: str(exp["xfail"]) for case, exp in EXPECTED.items() if exp.get("xfail")}

# every kind the issue asks for: repeats to flag and look-alikes that must stay in the body
REQUIRED_KINDS = (
    "teaser_whole",
    "teaser_truncated",
    "teaser_spanning",
    "teaser_two_whole",
    "meta_description_equals_lead",
    "meta_description_equals_first_paragraph",
    "caption_after_no_waw",
    "caption_before_with_waw",
    "caption_after_with_fa",
    "caption_dropped_clause",
    "pull_quote_before",
    "pull_quote_after_dropped_clause",
    "pull_quote_inside_teaser_run",
    "caption_alt_title",
    "caption_slider_copy",
    "verbatim",
    "doubled_word",
    "shared_opening",
    "same_official_twice",
    "caption_not_in_body",
    "lead_not_repeat",
    "combined",
)


def _extract(case: str) -> Article:
    path = FOLDER / f"{case}.html"
    doc = Document(
        source="labelled",
        kind="html",
        text=path.read_text(encoding="utf-8"),
        url=f"https://news.example/{case}",
        path=str(path),
    )
    return extract_document(doc, fields=False)


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {case: _extract(case) for case in EXPECTED}


def _want(case: str) -> set[Flag]:
    flags = EXPECTED[case]["flags"]
    return {(case, int(k), tuple(v["duplicate_of"]), v["role"]) for k, v in flags.items()}


def _got(case: str, article: Article) -> set[Flag]:
    return {(case, b.position, tuple(b.duplicate_of), b.role) for b in article.blocks if b.is_duplicate}


def _issues(article: Article) -> list[str]:
    return sorted(str(i["text"]) for i in article.text_issues if i.get("kind") == "doubled_word")


def _case_params() -> list[Any]:
    return [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=XFAIL[case]))
        if case in XFAIL
        else case
        for case in sorted(EXPECTED)
    ]


def test_html_set_is_large_and_covers_every_case() -> None:
    pages = sorted(p.stem for p in FOLDER.glob("*.html"))
    assert pages == sorted(EXPECTED)
    assert len(pages) >= 14
    english = [case for case in pages if case.startswith("en_")]
    assert len(pages) - len(english) >= 14 and len(english) >= 2  # Arabic first, a few English pages
    kinds = {exp["kind"] for exp in EXPECTED.values()}
    assert set(REQUIRED_KINDS) <= kinds
    roles = {f["role"] for exp in EXPECTED.values() for f in exp["flags"].values()}
    assert roles == {"lead", "caption", "pull_quote", "paragraph"}
    # look-alikes: pages where nothing may be flagged
    assert sum(1 for exp in EXPECTED.values() if not exp["flags"]) >= 5
    assert sum(len(exp["flags"]) for exp in EXPECTED.values()) >= 20


def test_html_flags_precision_and_recall_are_one_over_the_set(articles: dict[str, Article]) -> None:
    want: set[Flag] = set()
    got: set[Flag] = set()
    for case, article in articles.items():
        if case in XFAIL:
            continue
        want |= _want(case)
        got |= _got(case, article)
    true_pos = len(want & got)
    precision = true_pos / len(got) if got else 1.0
    recall = true_pos / len(want) if want else 1.0
    assert sorted(got - want) == [], "false positives (precision < 1)"
    assert sorted(want - got) == [], "missed repeats (recall < 1)"
    assert (precision, recall) == (1.0, 1.0)
    assert len(want) >= 20


@pytest.mark.parametrize("case", _case_params())
def test_html_case_flags_and_text_issues(case: str) -> None:
    article = _extract(case)
    assert sorted(_got(case, article) - _want(case)) == [], "false positives"
    assert sorted(_want(case) - _got(case, article)) == [], "missed repeats"
    assert _issues(article) == sorted(EXPECTED[case]["text_issues"])
    assert len(article.body) == EXPECTED[case]["body"]


@pytest.mark.parametrize("case", _case_params())
def test_html_flagged_blocks_are_kept_and_out_of_the_body(case: str) -> None:
    article = _extract(case)
    flagged = [b for b in article.blocks if b.is_duplicate]
    assert len(flagged) == len(EXPECTED[case]["flags"])
    # nothing deleted: each flagged block keeps its text and is listed in duplicates
    assert sorted(d["text"] for d in article.duplicates) == sorted(b.text for b in flagged)
    by_position = {b.position: b for b in article.blocks}
    originals = [b for b in article.blocks if b.role in {"paragraph", "heading"} and not b.is_duplicate]
    # nothing dropped from the running text and nothing added to it (hand-counted paragraphs)
    assert len(article.body) == len(originals) == EXPECTED[case]["body"]
    for block in flagged:
        assert block.text.strip()
        for target in block.duplicate_of:
            original = by_position[target]
            assert not original.is_duplicate  # a repeat points at an original
            if original.role in {"paragraph", "heading"}:
                assert original.text in article.body or f"## {original.text}" in article.body
        # the flagged block adds nothing to the body: its text is there only as the original it repeats
        same = [b for b in originals if b.text == block.text]
        assert article.body.count(block.text) == len(same) <= 1
        assert all(b.position in block.duplicate_of for b in same)
