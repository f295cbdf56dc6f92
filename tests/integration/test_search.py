"""Arabic full-text search: normalisation, BM25 ranking, incremental index maintenance, read-only CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source
from pipeline.run import driver as ingest
from pipeline.store.db import connect, migrate
from pipeline.store.search import compact_search_index, forget_documents, search, terms, update_search_index

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "store"
# Files of the fixture set that name the Houthis in some inflected or cliticised form.
HOUTHI_FILES = {"a1-strikes.txt", "a2-talks.txt", "b1-sea.txt", "b2-statement.txt"}


def build_db(root: Path) -> Settings:
    data = root / "data"
    settings = load_settings({}, db=data / "news.duckdb", data_dir=data)
    sources = [
        Source(name="outlet_a", kind="offline", paths=(str(FIXTURES / "outlet_a"),)),
        Source(name="outlet_b", kind="offline", paths=(str(FIXTURES / "outlet_b"),)),
    ]
    ingest.run(settings, sources=sources, run_id="search-test-1")
    return settings


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = build_db(tmp_path_factory.mktemp("search"))
    con = connect(settings.db)
    try:
        # the load indexed its articles already (pipeline.store.load runs the index update after commit)
        docs = con.execute("SELECT count(DISTINCT article_id) FROM search_docs").fetchone()
        assert docs is not None and docs[0] == 5
        assert update_search_index(con) == 0
    finally:
        con.close()
    return settings


def _files(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> set[str]:
    rows = con.execute(
        "SELECT input FROM articles WHERE list_contains(?, article_id)", [article_ids]
    ).fetchall()
    return {Path(r[0]).name for r in rows}


@pytest.fixture
def memory() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    migrate(con)
    return con


@pytest.mark.parametrize("word", ["الحوثيين", "للحوثيين", "والحوثيون", "الحوثي", "الحُوثِيّين", "الحوثـيين"])
def test_inflected_forms_share_one_term(memory: duckdb.DuckDBPyConnection, word: str) -> None:
    assert terms(memory, word) == terms(memory, "الحوثيين")
    assert len(terms(memory, word)[0]) == 3


def test_folding_of_alef_yeh_teh_marbuta_and_digits(memory: duckdb.DuckDBPyConnection) -> None:
    assert terms(memory, "إعلان") == terms(memory, "اعلان")
    assert terms(memory, "مستشفى") == terms(memory, "مستشفي")
    assert terms(memory, "مدينة") == terms(memory, "مدينه")
    assert terms(memory, "٢٠٢٤") == ["2024"]
    # unrelated words stay apart
    assert terms(memory, "الذهب") != terms(memory, "الحوثيين")


@pytest.mark.parametrize("query", ["الحوثيين", "للحوثيين", "والحوثيون", "الحوثي"])
def test_every_form_finds_every_article_that_names_them(db: Settings, query: str) -> None:
    con = connect(db.db, read_only=True)
    try:
        hits = search(con, query)
        assert _files(con, [h.article_id for h in hits]) == HOUTHI_FILES
    finally:
        con.close()
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.score > 0 for h in hits)


def test_bm25_prefers_the_rarer_term_and_filters(db: Settings) -> None:
    con = connect(db.db, read_only=True)
    try:
        # "البحر الأحمر" is in two articles, "الذهب" in one: the gold article outranks them for a mixed query
        hits = search(con, "الذهب البحر")
        assert _files(con, [hits[0].article_id]) == {"a3-market.txt"}
        assert len(hits) == 3
        only_b = search(con, "الحوثيين", source="outlet_b")
        assert _files(con, [h.article_id for h in only_b]) == {"b1-sea.txt", "b2-statement.txt"}
        dated = search(con, "الحوثيين", since="2024-03-17")
        assert _files(con, [h.article_id for h in dated]) == {"a2-talks.txt", "b2-statement.txt"}
        assert search(con, "كلمةغيرموجودة") == []
        assert search(con, "  ،، ") == []
    finally:
        con.close()


def test_index_is_incremental_and_follows_new_versions(db: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db.db, copy)
    con = connect(copy)
    try:
        assert update_search_index(con) == 0  # nothing changed since the last load
        postings = con.execute("SELECT count(*) FROM search_postings").fetchone()
        # the outlet edits the gold story: a new version replaces the old postings
        con.execute(
            "INSERT INTO articles SELECT * REPLACE (version + 1 AS version, "
            "'تراجعت أسعار الفضة في الأسواق' AS body_text, NULL AS lead) "
            "FROM articles WHERE input LIKE '%a3-market.txt'"
        )
        assert update_search_index(con) == 1
        assert search(con, "الذهب") == []
        assert _files(con, [h.article_id for h in search(con, "الفضة")]) == {"a3-market.txt"}
        docs = con.execute("SELECT count(*), count(DISTINCT article_id) FROM search_docs").fetchone()
        assert docs == (5, 5)
        after = con.execute("SELECT count(*) FROM search_postings").fetchone()
        assert postings is not None and after is not None and after[0] < postings[0]
    finally:
        con.close()


def _stats_match_index(con: duckdb.DuckDBPyConnection) -> bool:
    """The stored statistics equal what the postings and documents give when aggregated."""
    df_diff = con.execute(
        """
        SELECT count(*) FROM (
            (SELECT term, count(*)::INTEGER AS df FROM search_postings GROUP BY term
             EXCEPT SELECT term, df FROM search_term_stats)
            UNION ALL
            (SELECT term, df FROM search_term_stats
             EXCEPT SELECT term, count(*)::INTEGER FROM search_postings GROUP BY term))
        """
    ).fetchone()
    totals = con.execute(
        "SELECT (SELECT (docs, total_length) FROM search_stats) = "
        "(SELECT (count(*), coalesce(sum(length), 0)) FROM search_docs), (SELECT count(*) FROM search_stats)"
    ).fetchone()
    return df_diff == (0,) and totals == (True, 1)


def _index_rows(con: duckdb.DuckDBPyConnection) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    postings = con.execute(
        "SELECT p.term, d.article_id, p.tf FROM search_postings p JOIN search_docs d USING (doc_id)"
    ).fetchall()
    docs = con.execute("SELECT article_id, version, length, snippet FROM search_docs").fetchall()
    return set(postings), set(docs)


def test_statistics_follow_every_index_change(db: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db.db, copy)
    con = connect(copy)
    try:
        assert _stats_match_index(con)
        con.execute(
            "INSERT INTO articles SELECT * REPLACE (version + 1 AS version, "
            "'تراجعت أسعار الفضة في الأسواق والأسواق' AS body_text, NULL AS lead) "
            "FROM articles WHERE input LIKE '%a1-strikes.txt'"
        )
        assert update_search_index(con) == 1
        assert _stats_match_index(con)
        con.execute("BEGIN TRANSACTION")
        dropped = forget_documents(con, "SELECT article_id FROM articles WHERE input LIKE '%outlet_b%'")
        con.execute("COMMIT")
        assert dropped == 2
        assert _stats_match_index(con)
        assert search(con, "الحوثيين", source="outlet_b") == []
        assert update_search_index(con) == 2  # forgotten documents are indexed again
        assert _stats_match_index(con)
        assert len(search(con, "الحوثيين", source="outlet_b")) == 2
    finally:
        con.close()


def test_small_batches_build_the_same_index(db: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db.db, copy)
    con = connect(copy)
    try:
        whole = _index_rows(con)
        con.execute("BEGIN TRANSACTION")
        assert forget_documents(con, "SELECT article_id FROM articles") == 5
        con.execute("COMMIT")
        assert con.execute("SELECT count(*) FROM search_postings").fetchone() == (0,)
        assert con.execute("SELECT docs, total_length FROM search_stats").fetchone() == (0, 0)
        assert update_search_index(con, batch_docs=2) == 5
        assert _index_rows(con) == whole
        assert _stats_match_index(con)
    finally:
        con.close()


def test_compaction_sorts_the_postings_and_keeps_the_ranking(db: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db.db, copy)
    con = connect(copy)
    try:
        before = _index_rows(con)
        ranking = search(con, "الحوثيين البحر")
        # an out-of-order tail, as many small loads leave it
        con.execute(
            "INSERT INTO search_postings SELECT term, doc_id, tf FROM search_postings ORDER BY term DESC"
        )
        con.execute("DELETE FROM search_postings WHERE rowid < (SELECT count(*) // 2 FROM search_postings)")
        disorder = "SELECT count(*) FROM (SELECT term < lag(term) OVER (ORDER BY rowid) AS down FROM search_postings) WHERE down"
        unsorted = con.execute(disorder).fetchone()
        assert unsorted is not None and unsorted[0] > 0
        assert compact_search_index(con) == len(before[0])
        assert con.execute(disorder).fetchone() == (0,)
        assert _index_rows(con) == before
        assert search(con, "الحوثيين البحر") == ranking
    finally:
        con.close()


def test_a_limit_cuts_the_full_ranking(db: Settings) -> None:
    con = connect(db.db, read_only=True)
    try:
        full = search(con, "الحوثيين الذهب البحر الأسعار", limit=100)
        assert len(full) >= 4
        for k in range(1, len(full) + 1):
            assert [h.article_id for h in search(con, "الحوثيين الذهب البحر الأسعار", limit=k)] == [
                h.article_id for h in full[:k]
            ]
        assert search(con, "الحوثيين", limit=0) == []
    finally:
        con.close()


def test_cli_search_is_read_only_and_prints_ranked_json(
    db: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = duckdb.connect(str(db.db), read_only=True)  # another reader does not block a read-only search
    try:
        assert main(["search", "للحوثيين", "--db", str(db.db), "--format", "json", "--limit", "2"]) == 0
    finally:
        holder.close()
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 2
    assert hits[0]["score"] >= hits[1]["score"] > 0
    assert {h["source"] for h in hits} <= {"outlet_a", "outlet_b"}


def test_cli_search_without_database_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "x", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "does not exist" in capsys.readouterr().err
