"""Golden-file tests: each page under tests/fixtures/html/ against its hand-written .expected.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.models import Cleaned, Document
from pipeline.extract.html import clean_html

pytestmark = pytest.mark.unit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
PAGES = sorted(FIXTURES.glob("*.expected.json"))


def as_article(cleaned: Cleaned) -> dict[str, Any]:
    """The fields of the article JSON that the clean stage decides."""
    blocks = cleaned.blocks
    meta = cleaned.meta
    return {
        "title": meta.title,
        "canonical_url": meta.canonical_url,
        "published": meta.published,
        "published_local_date": meta.published_local_date,
        "modified": meta.modified,
        "authors": list(meta.authors),
        "section": meta.section,
        "tags": list(meta.tags),
        "language": meta.language,
        "lead": next((b.text for b in blocks if b.role == "lead"), None),
        "body": [
            ("## " + b.text if b.role == "heading" else b.text)
            for b in blocks
            if b.role in {"paragraph", "heading"}
        ],
        "captions": [{"text": b.text, "credit": b.credit} for b in blocks if b.role == "caption"],
        "pull_quotes": [b.text for b in blocks if b.role == "pull_quote"],
        "related": [{"title": b.text, "url": b.url} for b in blocks if b.role == "related"],
    }


def test_there_are_enough_golden_pages() -> None:
    assert len(PAGES) >= 10


@pytest.mark.parametrize("expected_file", PAGES, ids=lambda p: p.name.replace(".expected.json", ""))
def test_golden_page(expected_file: Path) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    html = expected_file.with_name(expected_file.name.replace(".expected.json", ".html")).read_text(
        encoding="utf-8"
    )
    url = expected.get("url")
    doc = Document(source="fixture", kind="html", text=html, url=url)
    got = as_article(
        clean_html(doc, profile=expected.get("profile"), timezone=expected.get("timezone"), url=url)
    )
    for key, want in expected.items():
        if key in {"timezone", "url", "profile", "note"}:
            continue
        assert got[key] == want, f"{expected_file.name}: {key}"
