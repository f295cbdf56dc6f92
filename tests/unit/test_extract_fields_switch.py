"""`newsflow extract --no-fields`: the same article without entities, dates mentioned, quantities and quotes,
and a process that never imports what only the fields, the database or the archive need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.core.models import Document
from pipeline.run.document import extract_document, structured_fields

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "fixtures" / "html" / "ar_full_story.html"
FIELD_KEYS = ("entities", "dates_mentioned", "quantities", "quotes")


def _extract(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    assert main(["extract", str(PAGE), "--format", "json", *extra]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_no_fields_keeps_text_metadata_roles_and_duplicates(capsys: pytest.CaptureFixture[str]) -> None:
    full = _extract(capsys)
    bare = _extract(capsys, "--no-fields")
    assert any(full[key] for key in FIELD_KEYS), "the fixture page should give some structured fields"
    for key in FIELD_KEYS:
        assert bare[key] == [], key  # the key stays (same JSON shape), empty
    for key in set(full) - set(FIELD_KEYS):
        assert bare[key] == full[key], key


def test_the_switch_is_scoped_and_an_explicit_argument_wins() -> None:
    doc = Document(source="t", kind="html", text=PAGE.read_text(encoding="utf-8"))
    with structured_fields(False):
        assert not extract_document(doc).entities
        assert extract_document(doc, fields=True).entities
    assert extract_document(doc).entities  # on again outside the block


def test_extract_without_fields_imports_no_database_fields_or_archive_code() -> None:
    probe = (
        "import sys, contextlib, io\n"
        "from pipeline.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['extract', '--no-fields', {str(PAGE)!r}])\n"
        "heavy = ('duckdb', 'pyarrow', 'airflow', 'feedparser', 'charset_normalizer', 'warcio', 'fsspec',"
        " 'importlib.metadata', 'pipeline.fields', 'pipeline.store.db')\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.strip() == "0 []", done.stdout + done.stderr
