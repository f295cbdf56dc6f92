"""Analytics library, `newsflow sql NAME --param`, report and Parquet export over a small two-outlet store."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source
from pipeline.run import driver as ingest
from pipeline.store import analytics
from pipeline.store.db import connect
from pipeline.store.export import export_parquet
from pipeline.store.report import build_report
from pipeline.store.search import update_search_index

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "store"
# What the fixture files say (their first line is the date): outlet -> {day: articles}
EXPECTED_PER_DAY = {
    ("outlet_a", dt.date(2024, 3, 16)): 1,
    ("outlet_a", dt.date(2024, 3, 17)): 2,
    ("outlet_b", dt.date(2024, 3, 16)): 1,
    ("outlet_b", dt.date(2024, 3, 18)): 1,
}
# Articles naming the Houthis, by (outlet, day): a1, a2, b1, b2 (a3 is about gold)
EXPECTED_HOUTHI = {
    ("outlet_a", dt.date(2024, 3, 16)),
    ("outlet_a", dt.date(2024, 3, 17)),
    ("outlet_b", dt.date(2024, 3, 16)),
    ("outlet_b", dt.date(2024, 3, 18)),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("analytics") / "data"
    settings = load_settings({}, db=data / "news.duckdb", data_dir=data)
    sources = [
        Source(name="outlet_a", kind="offline", paths=(str(FIXTURES / "outlet_a"),)),
        Source(name="outlet_b", kind="offline", paths=(str(FIXTURES / "outlet_b"),)),
    ]
    ingest.run(settings, sources=sources, run_id="analytics-test-1")
    con = connect(settings.db)
    try:
        update_search_index(con)
    finally:
        con.close()
    return settings


@pytest.fixture
def ro(db: Settings) -> duckdb.DuckDBPyConnection:
    con = connect(db.db, read_only=True)
    yield con  # type: ignore[misc]
    con.close()


def test_library_lists_the_required_queries_with_descriptions() -> None:
    names = {q.name for q in analytics.list_queries()}
    required = {
        "articles_per_outlet_day",
        "fetch_health",
        "extraction_coverage",
        "duplicate_rates",
        "top_entities_day",
        "entity_cooccurrence",
        "quotes_by_speaker",
        "quantities_by_noun",
        "dates_timeline",
        "mentions_per_day",
    }
    assert required <= names
    for query in analytics.list_queries():
        assert query.description and not query.description.startswith("-"), query.name
        for param in query.params:
            assert re.fullmatch(r"[a-z_]+", param)


def test_every_query_runs_on_a_real_store(ro: duckdb.DuckDBPyConnection) -> None:
    for query in analytics.list_queries():
        columns, _rows = analytics.run_query(ro, query.name)
        assert columns, query.name


def test_articles_per_outlet_day_matches_the_fixtures(ro: duckdb.DuckDBPyConnection) -> None:
    columns, rows = analytics.run_query(ro, "articles_per_outlet_day")
    got = {(r[columns.index("outlet")], r[columns.index("day")]): r[columns.index("articles")] for r in rows}
    assert got == EXPECTED_PER_DAY
    _, window = analytics.run_query(
        ro, "articles_per_outlet_day", {"since": "2024-03-17", "until": "2024-03-18"}
    )
    assert {(r[0], r[1]) for r in window} == {("outlet_a", dt.date(2024, 3, 17))}


def test_mentions_per_day_is_clitic_aware(ro: duckdb.DuckDBPyConnection) -> None:
    for term in ("الحوثيين", "الحوثي", "والحوثيون"):
        columns, rows = analytics.run_query(ro, "mentions_per_day", {"term": term})
        assert {(r[columns.index("outlet")], r[columns.index("day")]) for r in rows} == EXPECTED_HOUTHI
        assert all(r[columns.index("mentions")] >= 1 for r in rows)
    _, gold = analytics.run_query(ro, "mentions_per_day", {"term": "الذهب"})
    assert [(r[1], r[0]) for r in gold] == [("outlet_a", dt.date(2024, 3, 17))]


def test_fetch_health_and_coverage(ro: duckdb.DuckDBPyConnection) -> None:
    columns, rows = analytics.run_query(ro, "fetch_health")
    health = {r[0]: dict(zip(columns, r, strict=True)) for r in rows}
    assert health["outlet_a"]["requests"] == 3 and health["outlet_b"]["requests"] == 2
    assert health["outlet_a"]["ok_share"] == 1.0 and health["outlet_a"]["failures"] == 0
    columns, rows = analytics.run_query(ro, "extraction_coverage")
    cov = {r[0]: dict(zip(columns, r, strict=True)) for r in rows}
    assert cov["outlet_a"]["articles"] == 3 and cov["outlet_a"]["with_date"] == 1.0
    assert cov["outlet_b"]["with_author"] == 0.0


def test_same_file_runs_in_plain_duckdb_with_set_variable(db: Settings) -> None:
    """What a user does in the duckdb CLI: SET VARIABLE, then .read the file."""
    sql = analytics.get_query("articles_per_outlet_day").sql
    con = duckdb.connect(str(db.db), read_only=True)
    try:
        con.execute("SET VARIABLE since = '2024-03-18'")
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert [(r[0], r[1], r[2]) for r in rows] == [("outlet_b", dt.date(2024, 3, 18), 1)]


def test_cli_sql_list_and_named_query(db: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "--list"]) == 0
    listing = capsys.readouterr().out
    for query in analytics.list_queries():
        assert query.name in listing
    assert (
        main(
            [
                "sql",
                "articles_per_outlet_day",
                "--param",
                "since=2024-03-18",
                "--db",
                str(db.db),
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert '"outlet": "outlet_b"' in out and "outlet_a" not in out
    # plain SQL keeps working
    assert main(["sql", "SELECT count(*) AS n FROM articles_current", "--db", str(db.db)]) == 0
    assert re.search(r"^5\s*$", capsys.readouterr().out, re.M)


def test_parameters_are_bound_never_pasted(db: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    con = connect(db.db, read_only=True)
    try:
        _, pairs = analytics.run_query(con, "entity_cooccurrence")
        _, injected = analytics.run_query(con, "entity_cooccurrence", {"entity": "x' OR 1=1 OR '"})
    finally:
        con.close()
    assert pairs and injected == []  # the value is compared as data, not spliced into the SQL
    evil = "nothing'; DROP TABLE articles; --"
    assert main(["sql", "top_entities_day", "--param", f"day={evil}", "--db", str(db.db)]) == 1
    assert "newsflow sql:" in capsys.readouterr().err
    assert main(["sql", "top_entities_day", "--param", "x y=1", "--db", str(db.db)]) == 2
    con = connect(db.db, read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
    finally:
        con.close()
    assert row == (5,)
    with pytest.raises(ValueError, match="bad parameter name"):
        analytics.set_params(duckdb.connect(), {"a; DROP": "1"})


def test_report_is_self_contained_with_charts(ro: duckdb.DuckDBPyConnection) -> None:
    page = build_report(ro)
    assert page.count('class="bar"') >= 5
    assert "<svg" in page and "<table" in page
    assert "<script" not in page and 'src="http' not in page and "<link" not in page
    assert 'dir="rtl"' in page
    assert page.count("<tr>") >= 6  # header rows plus five latest articles


def test_cli_report_writes_file(db: Settings, tmp_path: Path) -> None:
    out = tmp_path / "r" / "report.html"
    assert main(["report", "--db", str(db.db), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_partitions_by_source_and_date(db: Settings, tmp_path: Path) -> None:
    result = export_parquet(db, tmp_path / "export")
    assert result["tables"]["articles"]["rows"] == 5
    assert result["tables"]["articles"]["files"] == len(EXPECTED_PER_DAY)
    assert (tmp_path / "export" / "articles" / "source=outlet_a" / "published_local_date=2024-03-17").is_dir()
    con = duckdb.connect()
    got = con.execute(
        "SELECT source, published_local_date::DATE, count(*) FROM read_parquet(?, hive_partitioning = true) "
        "GROUP BY ALL",
        [str(tmp_path / "export" / "articles" / "**" / "*.parquet")],
    ).fetchall()
    assert {(r[0], r[1]): r[2] for r in got} == EXPECTED_PER_DAY
    paragraphs = con.execute(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning = true)",
        [str(tmp_path / "export" / "paragraphs" / "**" / "*.parquet")],
    ).fetchone()
    assert paragraphs is not None and paragraphs[0] == result["tables"]["paragraphs"]["rows"] > 5
    # re-running overwrites rather than doubling
    again = export_parquet(db, tmp_path / "export")
    assert again["tables"]["articles"]["files"] == len(EXPECTED_PER_DAY)
    assert main(["export", "--db", str(db.db), "--to", str(tmp_path / "cli")]) == 0
