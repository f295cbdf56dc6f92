"""The seed article end to end through `newsflow extract`, field by field against its gold file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.unit, pytest.mark.corpus]


@pytest.fixture(scope="module")
def seed(corpus_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    path = corpus_dir / "seed" / "article.txt"
    out = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    gold = json.loads((corpus_dir / "seed" / "article.gold.json").read_text(encoding="utf-8"))
    return json.loads(out.stdout), gold


def test_published_local_date(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    assert got["published_local_date"] == gold["published_local_date"] == "2024-03-16"


def test_no_url_no_title_stable_content_id(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, _ = seed
    assert got["url"] is None and got["title"] is None
    assert len(got["article_id"]) == 24


def test_lead_is_the_teaser(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    assert got["lead"] == gold["lead"]


def test_body_is_the_15_paragraphs_in_order(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    assert len(gold["body"]) == 15
    for i, (mine, expected) in enumerate(zip(got["body"], gold["body"], strict=True)):
        assert mine == expected, f"body[{i}] differs"


def test_captions_with_credit(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    assert got["captions"] == gold["captions"]
    assert got["captions"][0]["credit"] == "GETTY"


def test_pull_quotes_and_related(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    assert got["pull_quotes"] == gold["pull_quotes"]
    assert len(got["pull_quotes"]) == 2
    assert got["related"] == gold["related"]


def test_duplicates_point_at_the_paragraphs_they_repeat(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    by_text = {d["text"]: d for d in got["duplicates"]}
    teaser = by_text[gold["lead"]]
    assert teaser["role"] == "lead" and teaser["duplicate_of"] == [0, 1, 2]
    caption = by_text[gold["captions"][0]["text"]]
    assert caption["role"] == "caption" and caption["duplicate_of"] == [1]
    pq1 = by_text[gold["pull_quotes"][0]]
    pq2 = by_text[gold["pull_quotes"][1]]
    assert pq1["role"] == pq2["role"] == "pull_quote"
    assert pq1["duplicate_of"] == [5] and pq2["duplicate_of"] == [11]
    assert len(got["duplicates"]) == 4


def test_doubled_word_is_a_text_issue(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, _ = seed
    assert [(t["paragraph"], t["text"]) for t in got["text_issues"]] == [(10, "النار النار")]


def _folded(name: str) -> str:
    from pipeline.core.text import fold_arabic

    return fold_arabic(name).replace(" ", "")


def test_entities_precision_and_recall_against_gold(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    from pipeline.fields.entities import entity_names

    got, gold = seed
    expected = {_folded(n) for names in gold["entities"].values() for n in names}
    found_ids = [e["id"] for e in got["entities"]]
    # an entity matches a gold name through its canonical name or any alias
    matched_gold = set()
    true_positive = 0
    for ent in got["entities"]:
        names = {_folded(ent["name"]), *(_folded(a) for a in entity_names(ent["id"]))}
        hit = names & expected
        if hit:
            true_positive += 1
            matched_gold |= hit
    precision = true_positive / max(1, len(found_ids))
    recall = len(matched_gold) / len(expected)
    assert precision >= 0.9, (precision, [e["name"] for e in got["entities"]])
    assert recall >= 0.9, (recall, sorted(expected - matched_gold))


def test_quantities_and_quotes_against_gold(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    want_q = {(q["value"], q["unit"]) for q in gold["quantities"]}
    assert {(q["value"], q["unit"]) for q in got["quantities"]} == want_q
    core = [q for q in gold["quotes"] if q["reporting"] == "قال ... إن"]
    assert len(core) == 3
    mine = {(q["speaker"], q["text"]) for q in got["quotes"]}
    for quote in core:
        assert (quote["speaker"], quote["text"]) in mine


def _week_month(week: str) -> str | None:
    """The month an ISO week ('2024-W11') lies in, None when it spans two months."""
    import datetime as dt

    year, number = week.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(number), 1)
    sunday = monday + dt.timedelta(days=6)
    return monday.strftime("%Y-%m") if monday.month == sunday.month else None


def test_dates_mentioned_against_gold(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    got, gold = seed
    mine = {(d["paragraph"], d["text"], d["value"]) for d in got["dates_mentioned"]}
    # a week is given as its ISO week (issue 17); the gold names the month it lies in
    mine |= {
        (d["paragraph"], d["text"], _week_month(d["value"]))
        for d in got["dates_mentioned"]
        if d["precision"] == "week"
    }
    for d in gold["dates_mentioned"]:
        paragraph = int(d["where"].removeprefix("body[").rstrip("]"))
        assert (paragraph, d["text"], d["value"]) in mine, d["text"]
