"""Issue 17 in the store: the analytics library counts the article's running text unless asked otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source
from pipeline.run import driver as ingest
from pipeline.store import analytics
from pipeline.store.db import connect
from pipeline.store.search import update_search_index

pytestmark = pytest.mark.integration

ARTICLE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "fields_gold"
    / "articles"
    / "aljazeera_doha_truce.html"
)
SEED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed" / "article.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("roles") / "data"
    settings = load_settings({}, db=data / "news.duckdb", data_dir=data)
    sources = [Source(name="written", kind="offline", paths=(str(ARTICLE),))]
    if SEED.exists():
        sources.append(Source(name="seed", kind="offline", paths=(str(SEED),)))
    ingest.run(settings, sources=sources, run_id="roles-test-1")
    con = connect(settings.db)
    try:
        update_search_index(con)
    finally:
        con.close()
    return settings


@pytest.fixture
def ro(db: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(db.db, read_only=True)
    yield con
    con.close()


def _top(ro: duckdb.DuckDBPyConnection, day: str, **params: str) -> dict[str, int]:
    columns, rows = analytics.run_query(ro, "top_entities_day", {"day": day, "top": "100", **params})
    return {r[columns.index("entity")]: r[columns.index("mentions")] for r in rows}


def test_every_mention_row_has_the_role_of_its_block(ro: duckdb.DuckDBPyConnection) -> None:
    rows = ro.execute(
        "select m.role, p.role from mentions m join paragraphs p using (article_id, version, position)"
    ).fetchall()
    assert rows and all(mine == theirs for mine, theirs in rows)
    roles = {r[0] for r in rows}
    assert {"paragraph", "related"} <= roles


def test_related_headlines_and_credits_are_not_counted_by_default(ro: duckdb.DuckDBPyConnection) -> None:
    body = _top(ro, "2025-02-12")
    assert body["دونالد ترامب"] == 1  # once in the body, once more in a "read also" headline
    assert "بنيامين نتنياهو" not in body  # named only in a related headline
    assert not any("Getty" in name or "غيتي" in name for name in body)
    everything = _top(ro, "2025-02-12", roles="all", repeats="true")
    assert everything["دونالد ترامب"] == 2
    assert everything["بنيامين نتنياهو"] == 1
    assert not any("Getty" in name for name in everything)  # a photo credit is never an entity


def test_cooccurrence_ignores_related_headlines(ro: duckdb.DuckDBPyConnection) -> None:
    _, rows = analytics.run_query(ro, "entity_cooccurrence", {"entity": "بنيامين نتنياهو"})
    assert rows == []
    _, rows = analytics.run_query(ro, "entity_cooccurrence", {"entity": "بنيامين نتنياهو", "roles": "all"})
    assert rows


@pytest.mark.skipif(not SEED.exists(), reason="../shared/corpus/seed is absent")
def test_seed_iran_counts_the_non_repeated_body(ro: duckdb.DuckDBPyConnection) -> None:
    assert _top(ro, "2024-03-16")["إيران"] == 11
    assert _top(ro, "2024-03-16", roles="all", repeats="true")["إيران"] == 17

    def per_day(**params: str) -> int:
        columns, rows = analytics.run_query(ro, "mentions_per_day", {"term": "إيران", **params})
        return sum(r[columns.index("mentions")] for r in rows if r[columns.index("outlet")] == "seed")

    # the word (clitic- and nisba-aware: إيران, الإيرانية …) in the non-repeated body blocks only
    row = ro.execute(
        """select count(*) from paragraphs p join articles a using (article_id, version),
                  unnest(search_terms(p.text)) t(term)
           where a.source = 'seed' and p.role in ('paragraph', 'heading') and not p.is_duplicate
             and t.term in (select unnest(search_terms('إيران')))"""
    ).fetchone()
    assert row is not None
    in_body = row[0]
    assert per_day() == in_body > 0
    assert per_day(roles="all", repeats="true") > in_body  # the teaser, caption and pull quotes repeat it


@pytest.mark.skipif(not SEED.exists(), reason="../shared/corpus/seed is absent")
def test_one_speaker_group_in_two_case_forms_is_one_row(ro: duckdb.DuckDBPyConnection) -> None:
    columns, rows = analytics.run_query(ro, "quotes_by_speaker", {"speaker": "مسؤول"})
    speakers = {r[columns.index("speaker")]: r[columns.index("quotes")] for r in rows}
    groups = [s for s in speakers if "أمريكي" in s and "إيراني" in s]
    assert len(groups) == 1 and speakers[groups[0]] == 2
