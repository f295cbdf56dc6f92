"""The generic extractor on Arabic pages in the style of outlets it was not tuned on (tests/fixtures/arabic_unseen).

Each page runs without a source profile, as ``newsflow extract FILE`` does without ``--source``;
body F1 (word 4-gram shingles, the benchmark's scorer), the lead, the captions and the authors are
checked against the page's hand-written gold. ``.venv/bin/python -m tests.unit.test_arabic_unseen``
prints the figures of every page and their means. The pages the extractor still gets wrong are listed in
SHORTFALLS with the reason, a floor and the checks that still miss (asserted strictly).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.scoring import list_recall, precision_recall
from pipeline.core.models import Article, Document
from pipeline.run.document import extract_document

pytestmark = pytest.mark.unit

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "arabic_unseen"
GOLDS = sorted(FOLDER.glob("*.gold.json"))
BODY_F1_MIN = 0.98
CAPTION_RECALL_MIN = 0.8
# Pages where the extractor still disagrees with the page's gold, each with why. "body_f1" is the floor the
# page keeps (a drop below it fails); a check named in "misses" is asserted to fail still (strict: when
# a change fixes it, the test says so and the entry goes). Everything else on these pages is checked as
# on any page.
SHORTFALLS: dict[str, dict[str, Any]] = {
    "price_table_in_body": {
        "body_f1": 0.86,
        "why": "the gold keeps a price table's rows as body; tables of figures are left out (the match "
        "report's statistics table is not body in its gold): one policy for both",
    },
    "set4_correction_note": {
        "body_f1": 0.87,
        "why": "an editors' correction note ('تصحيح: …') is body text to many readers and gold sets: kept",
    },
    "set4_drupal9_paragraphs": {
        "body_f1": 0.93,
        "why": "a practical-information box (place, hours, entry) inside the story reads as text",
    },
    "set4_key_points_author_box": {
        "body_f1": 0.92,
        "misses": ("lead",),
        "why": "the gold reads a 'key points' list above the story as its standfirst; it is read as body",
    },
    "set4_lead_in_first_strong": {
        "misses": ("lead",),
        "why": "a bold first sentence set apart by <br><br> is the gold's standfirst; read as body",
    },
    "set4_reading_progress_hashtags": {
        "misses": ("authors",),
        "why": "an author box at the top shows a section name first; that is taken for the author",
    },
    "set4_spa_load_more": {
        "misses": ("authors",),
        "why": "the author slot holds the site's name; it is taken as a person",
    },
    "set4_title_attr_captions": {
        "body_f1": 0.95,
        "misses": ("captions",),
        "why": "captions only in title/data-caption attributes are not read",
    },
}


def _scores(gold: dict[str, Any], article: Article) -> tuple[float, float | None, float | None, bool | None]:
    """Body F1, lead recall, caption recall and whether the authors are right (None where gold has none)."""
    got = "\n".join(([article.lead] if article.lead else []) + [_plain(p) for p in article.body])
    want = "\n".join(([gold["lead"]] if gold.get("lead") else []) + [_plain(p) for p in gold["body"]])
    precision, recall = precision_recall(got, want)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lead = list_recall([article.lead or ""], [gold["lead"]]) if gold.get("lead") else None
    captions = list_recall([c["text"] for c in article.captions], [c["text"] for c in gold["captions"]])
    authors = sorted(article.authors) == sorted(gold["authors"]) if "authors" in gold else None
    return f1, lead, captions, authors


def _plain(paragraph: str) -> str:
    return paragraph[3:] if paragraph.startswith("## ") else paragraph


def _extract(gold_file: Path) -> tuple[dict[str, Any], Article]:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    html = gold_file.with_name(gold_file.name.replace(".gold.json", ".html")).read_text(encoding="utf-8")
    doc = Document(source="unseen", kind="html", text=html, url=gold["url"])
    return gold, extract_document(doc, fields=False)


def test_the_folder_has_enough_pages_with_leads_and_captions() -> None:
    golds = [json.loads(g.read_text(encoding="utf-8")) for g in GOLDS]
    assert len(golds) >= 8
    assert sum(1 for g in golds if g.get("lead")) >= 6
    assert sum(len(g["captions"]) for g in golds) >= 8
    assert sum(1 for g in golds if g.get("authors")) >= 6


def test_every_shortfall_names_a_page_and_a_reason() -> None:
    names = {g.name.replace(".gold.json", "") for g in GOLDS}
    assert set(SHORTFALLS) <= names
    for entry in SHORTFALLS.values():
        assert entry["why"] and set(entry.get("misses", ())) <= {"lead", "captions", "authors"}
        assert entry.get("body_f1", BODY_F1_MIN) <= BODY_F1_MIN


@pytest.mark.parametrize("gold_file", GOLDS, ids=lambda p: p.name.replace(".gold.json", ""))
def test_unseen_page(gold_file: Path) -> None:
    gold, article = _extract(gold_file)
    known = SHORTFALLS.get(gold_file.name.replace(".gold.json", ""), {})
    misses = set(known.get("misses", ()))
    got = "\n".join(([article.lead] if article.lead else []) + [_plain(p) for p in article.body])
    want = "\n".join(([gold["lead"]] if gold.get("lead") else []) + [_plain(p) for p in gold["body"]])
    precision, recall = precision_recall(got, want)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    floor = known.get("body_f1", BODY_F1_MIN)
    assert f1 >= floor, f"body F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f}): {article.body}"
    if gold.get("lead"):
        lead_right = list_recall([article.lead or ""], [gold["lead"]]) == 1.0
        assert lead_right != ("lead" in misses), f"lead: {article.lead!r} (SHORTFALLS: {known.get('why')})"
    wanted = [c["text"] for c in gold["captions"]]
    found = [c["text"] for c in article.captions]
    caption_recall = list_recall(found, wanted)
    if caption_recall is not None:
        captions_right = caption_recall >= CAPTION_RECALL_MIN
        assert captions_right != ("captions" in misses), f"captions: {found} (SHORTFALLS: {known.get('why')})"
    body = "\n".join(article.body)
    for caption in wanted:  # a caption found is not also left in the body
        assert caption not in body, f"caption left in the body: {caption}"
    if "authors" in gold:  # the byline's names only: no "كتب:", no dateline city
        authors_right = sorted(article.authors) == sorted(gold["authors"])
        assert authors_right != ("authors" in misses), f"authors: {article.authors} ({known.get('why')})"


def main() -> None:
    """Print body F1, lead and caption recall and the authors' check of every page, then the means."""
    rows = []
    for gold_file in GOLDS:
        gold, article = _extract(gold_file)
        rows.append(_scores(gold, article))
        f1, lead, captions, authors = rows[-1]
        name = gold_file.name.replace(".gold.json", "")
        print(f"{name:32s} body_f1 {f1:.3f}  lead {lead}  captions {captions}  authors {authors}")
    for label, index in (("body_f1", 0), ("lead_recall", 1), ("caption_recall", 2), ("authors_right", 3)):
        values = [float(r[index]) for r in rows if r[index] is not None]  # type: ignore[arg-type]
        print(f"mean {label}: {sum(values) / len(values):.3f} over {len(values)} pages")


if __name__ == "__main__":
    main()
