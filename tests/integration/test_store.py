"""DuckDB store: migrations, idempotent loads, versions, rejected staging, read-only access."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.core.settings import Settings
from pipeline.core.sources import Source
from pipeline.run import driver as ingest
from pipeline.store.db import SchemaTooNewError, connect, migrate, migrations, open_db
from pipeline.store.load import load_run
from pipeline.store.stage import StagingError, run_dir

pytestmark = pytest.mark.integration

ARTICLE = "15-مايو-2024\n\n{lead}\n\nوقال مدير المشروع إن العمل سينتهي قبل نهاية العام الجاري بحسب الخطة المعلنة.\n\n{extra}"


def write(
    folder: Path, name: str, lead: str, extra: str = "وأضاف أن الكلفة الإجمالية بلغت نحو مليون دينار."
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(ARTICLE.format(lead=lead, extra=extra), encoding="utf-8")
    return path


def counts(settings: Settings) -> dict[str, int]:
    con = connect(settings.db, read_only=True)
    try:
        tables = ["articles", "paragraphs", "fetches", "runs", "article_urls", "mentions", "quantities"]
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]
    finally:
        con.close()


def test_migrate_empty_and_every_earlier_version(tmp_path: Path) -> None:
    available = migrations()
    assert available and available[0][0] == 1
    for upto in range(len(available) + 1):
        con = duckdb.connect(str(tmp_path / f"v{upto}.duckdb"))
        partial = tmp_path / f"m{upto}"
        partial.mkdir()
        for number, path in available[:upto]:
            shutil.copy(path, partial / path.name)
            assert number >= 1
        migrate(con, partial)
        assert migrate(con) == available[-1][0]
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"sources", "runs", "fetches", "articles", "paragraphs", "article_clusters"} <= tables
        con.close()


def test_schema_newer_than_code_is_refused(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "new.duckdb"))
    migrate(con)
    con.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future.sql')")
    with pytest.raises(SchemaTooNewError, match="newer"):
        migrate(con)
    con.close()


def test_load_twice_changes_nothing_and_edit_makes_a_version(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(
        folder, "a.txt", "افتتحت البلدية حديقة عامة جديدة في الحي الشرقي تضم ملاعب للأطفال ومسارا للدراجات."
    )
    write(
        folder, "b.txt", "بدأت وزارة التربية توزيع الكتب المدرسية على المدارس الحكومية قبل بدء العام الدراسي."
    )
    src = Source(name="t", kind="offline", paths=(str(folder),))
    first = ingest.run(settings, sources=[src], run_id="run-1")
    assert first["load"]["articles_new"] == 2
    before = counts(settings)
    again = ingest.run(settings, sources=[src], run_id="run-1")
    assert again["load"]["articles_new"] == 0 and again["load"]["articles_unchanged"] == 2
    assert counts(settings) == before

    # the outlet edits story a: a new version, the old one stays queryable
    write(
        folder,
        "a.txt",
        "افتتحت البلدية حديقة عامة جديدة في الحي الشرقي تضم ملاعب للأطفال ومسارا للدراجات.",
        extra="وأضاف أن الحديقة ستفتح أبوابها مجانا طوال أيام الأسبوع.",
    )
    # content-addressed ids: an edited dump is a new article; an edited page at a URL is a new version
    con = open_db(settings)
    con.execute("UPDATE articles SET canonical_url = 'https://x.example/a' WHERE input LIKE '%a.txt'")
    con.close()
    third = ingest.run(settings, sources=[src], run_id="run-2")
    assert third["load"]["articles_new"] == 1


def test_url_article_versioning(settings: Settings, tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    rec = {
        "url": "https://news.example/a",
        "title": "عنوان",
        "published": "2024-05-15",
        "text": "نص أول طويل بما يكفي ليكون فقرة من خبر.\nفقرة ثانية من الخبر نفسه.",
    }
    dump.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest.run(settings, sources=[], inputs=[str(dump)], run_id="v1")
    rec["text"] = "نص معدل طويل بما يكفي ليكون فقرة من خبر.\nفقرة ثانية من الخبر نفسه."
    dump.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = ingest.run(settings, sources=[], inputs=[str(dump)], run_id="v2")
    assert summary["load"]["articles_new_version"] == 1
    con = connect(settings.db, read_only=True)
    versions = con.execute("SELECT version FROM articles ORDER BY version").fetchall()
    current = con.execute("SELECT version, body_text FROM articles_current").fetchall()
    con.close()
    assert versions == [(1,), (2,)]
    assert current[0][0] == 2 and current[0][1].startswith("نص معدل")


def test_corrupt_staging_part_is_rejected_whole(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(
        folder, "a.txt", "افتتحت البلدية حديقة عامة جديدة في الحي الشرقي تضم ملاعب للأطفال ومسارا للدراجات."
    )
    summary = ingest.run(
        settings, sources=[Source(name="t", kind="offline", paths=(str(folder),))], run_id="bad", dry_run=True
    )
    assert summary["staged_articles"] == 1
    part = run_dir(settings.staging_dir, "bad") / "t"
    with (part / "paragraphs.parquet").open("r+b") as handle:
        handle.seek(20)
        handle.write(b"garbage")
    with pytest.raises(StagingError, match="checksum"):
        load_run(settings, "bad")
    (part / "_manifest.json").unlink()
    with pytest.raises(StagingError, match="half-written"):
        load_run(settings, "bad")
    assert not settings.db.exists() or counts(settings)["articles"] == 0


def test_bad_inputs_recorded_not_fatal(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(
        folder,
        "good.txt",
        "افتتحت البلدية حديقة عامة جديدة في الحي الشرقي تضم ملاعب للأطفال ومسارا للدراجات.",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "nobody.html").write_bytes(b"<html><body></body></html>")
    summary = ingest.run(
        settings, sources=[Source(name="t", kind="offline", paths=(str(folder),))], run_id="r"
    )
    assert summary["load"]["articles_new"] == 1
    con = connect(settings.db, read_only=True)
    rows = dict(con.execute("SELECT regexp_extract(url, '[^/]+$'), outcome FROM fetches").fetchall())
    con.close()
    assert rows == {
        "good.txt": "ok",
        "empty.txt": "empty",
        "binary.html": "not_html",
        "nobody.html": "no_article",
    }


def test_reader_told_when_writer_holds_the_file(settings: Settings, tmp_path: Path) -> None:
    con = open_db(settings)
    try:
        import subprocess
        import sys

        from pipeline.store.db import DatabaseLockedError

        code = (
            "import sys; from pathlib import Path; from pipeline.store.db import connect, DatabaseLockedError\n"
            "try:\n connect(Path(sys.argv[1]), read_only=True)\nexcept DatabaseLockedError as e:\n print(e); sys.exit(3)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(settings.db)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert out.returncode == 3, out.stderr
        assert "another process" in out.stdout
        assert DatabaseLockedError.__name__
    finally:
        con.close()


def test_two_worker_processes_give_the_same_tables(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for i in range(6):
        write(
            folder,
            f"n{i}.txt",
            f"افتتحت البلدية حديقة عامة رقم {i} في الحي الشرقي تضم ملاعب للأطفال ومسارا للدراجات.",
        )
    src = Source(name="t", kind="offline", paths=(str(folder),))
    one = settings
    two = settings.replace(db=tmp_path / "two" / "news.duckdb", data_dir=tmp_path / "two", processes=2)
    ingest.run(one, sources=[src], run_id="r")
    summary = ingest.run(two, sources=[src], run_id="r")
    assert summary["staged_articles"] == 6
    parts = sorted(p.name for p in (two.staging_dir / "r").iterdir() if not p.name.startswith("."))
    assert parts == ["t", "t.p0", "t.p1"]

    def content(s: Settings) -> list[tuple[object, ...]]:
        con = connect(s.db, read_only=True)
        try:
            return con.execute(
                "SELECT article_id, version, content_hash, body_text FROM articles ORDER BY article_id"
            ).fetchall()
        finally:
            con.close()

    assert content(one) == content(two)
