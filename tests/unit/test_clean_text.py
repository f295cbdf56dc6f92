"""Text dumps and bad input: clear messages naming the file, exit codes, no crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core.models import Document, InputError
from pipeline.core.text import clean_display, fold_arabic, match_key
from pipeline.extract.clean import clean_text_dump, text_blocks

pytestmark = pytest.mark.unit


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_display_normalisation_removes_controls_and_collapses_spaces() -> None:
    assert clean_display("\u200fوقف إطلاق النار\u00a0 النار\u200b ") == "وقف إطلاق النار النار"
    assert clean_display("AT&amp;T") == "AT&T"


def test_matching_form_folds_arabic() -> None:
    assert fold_arabic("إيرانُ") == fold_arabic("ايران")
    assert fold_arabic("مدرسة") == fold_arabic("مدرسه")
    assert fold_arabic("١٠٢") == "102"
    assert match_key("وأرادت واشنطن") == match_key("أرادت واشنطن")


def test_caption_credit_and_related_roles() -> None:
    out = text_blocks(
        [
            "صورة لمحطة القطار الجديدة في وسط المدينة (AFP)",
            "اقرأ أيضا: ارتفاع أسعار الوقود",
            "إقرأ أيضاً: قصة أخرى",
            "فقرة عادية من النص.",
        ]
    )
    assert [(b.role, b.credit) for b in out] == [
        ("caption", "AFP"),
        ("related", None),
        ("related", None),
        ("paragraph", None),
    ]
    assert out[1].text == "ارتفاع أسعار الوقود"


def test_dump_without_date_line_has_null_date() -> None:
    doc = Document(source="t", kind="text", text="فقرة أولى من الخبر.\n\nفقرة ثانية من الخبر.")
    cleaned = clean_text_dump(doc)
    assert cleaned.meta.published is None and cleaned.meta.published_local_date is None
    assert [b.text for b in cleaned.blocks] == ["فقرة أولى من الخبر.", "فقرة ثانية من الخبر."]


def test_dump_with_only_a_date_line_is_an_error() -> None:
    with pytest.raises(InputError, match="no paragraphs"):
        clean_text_dump(Document(source="t", kind="text", text="16-مارس-2024\n\n", path="x.txt"))


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("nobody.html", b"<html><head></head><body></body></html>", "no article"),
    ],
)
def test_extract_bad_input_names_file_and_fails(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("extract", str(path), "--format", "json")
    assert result.returncode != 0
    assert name in result.stderr
    assert problem in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_extract_missing_file(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "nope.txt"))
    assert result.returncode != 0 and "no such file" in result.stderr


def test_extract_jsonl_manifest_with_input_field(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(
        "15-مايو-2024\n\nأول فقرة في هذا الخبر القصير جدا.\n\nثاني فقرة في الخبر.", encoding="utf-8"
    )
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"path": str(page), "url": "https://example.org/a"}) + "\n", encoding="utf-8"
    )
    result = run_cli("extract", "--manifest", str(manifest), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    data = json.loads(line)
    assert data["input"] == str(page)
    assert data["url"] == "https://example.org/a"
    assert data["published_local_date"] == "2024-05-15"


def test_future_and_backwards_dates_rejected_with_reason() -> None:
    import datetime as dt

    from pipeline.core.models import PageMeta
    from pipeline.extract.article import check_dates

    now = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    meta, issues = check_dates(
        PageMeta(published="2025-06-01T10:00:00+03:00", published_local_date="2025-06-01"), now
    )
    assert meta.published is None and meta.published_local_date is None
    assert issues[0]["reason"] == "publication date in the future"
    meta, issues = check_dates(
        PageMeta(published="2024-05-10T10:00:00+03:00", modified="2024-05-01T10:00:00+03:00"), now
    )
    assert meta.published == "2024-05-10T10:00:00+03:00" and meta.modified is None
    assert issues == [
        {
            "kind": "rejected_date",
            "field": "modified",
            "text": "2024-05-01T10:00:00+03:00",
            "reason": "modified before published",
        }
    ]
    meta, issues = check_dates(PageMeta(published="2024-05-10", modified="2024-05-10T12:00:00+03:00"), now)
    assert issues == [] and meta.modified is not None
