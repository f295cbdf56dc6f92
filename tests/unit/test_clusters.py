"""Cross-article dedup: exact, near-duplicate and re-posted clusters, incremental and deterministic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synth import SynthArticle, generate, load, pair_scores, predicted_clusters
from pipeline.core.text import match_tokens, stable_id
from pipeline.store.clusters import tokens, update_clusters
from pipeline.store.db import migrate

pytestmark = pytest.mark.unit

T0 = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
BODY = (
    "أعلنت وزارة النقل اليوم عن تشغيل خط جديد للحافلات الكهربائية يربط وسط العاصمة بالمطار الدولي.\n"
    "وقال الوزير إن الخط يخدم أكثر من عشرين ألف راكب يوميا ويقلص زمن الرحلة إلى النصف تقريبا.\n"
    "وأضاف أن الحافلات الجديدة صنعت محليا بالتعاون مع شركة أجنبية وأن عددها سيرتفع إلى مئة حافلة."
)
OTHER = (
    "The regional court delayed its ruling on the fishing quota dispute until the end of next month.\n"
    "Lawyers for the coastal villages said the delay would cost families another season of income.\n"
    "The ministry declined to comment while the case remained before the judges in the capital."
)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    migrate(connection)
    yield connection
    connection.close()


def art(i: int, body: str, *, source: str = "a", title: str = "عنوان", hours: float = 0) -> SynthArticle:
    return SynthArticle(
        article_id=f"id{i:03d}",
        source=source,
        url=f"https://{source}.example/{i}",
        title=title,
        published=T0 + dt.timedelta(hours=hours),
        language="ar",
        body=tuple(body.split("\n")),
        truth=str(i),
        kind="original",
    )


def clusters(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, float, bool, str]]:
    rows = con.execute(
        "SELECT cluster_id, article_id, similarity, is_representative, method FROM article_clusters ORDER BY ALL"
    ).fetchall()
    return [(str(a), str(b), float(c), bool(d), str(e)) for a, b, c, d, e in rows]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="وفالسلامعيكمأإآةىيءئؤ ًٌٍَُِّْـ١٢3abc.,\n", max_size=60))
def test_fast_tokens_equal_match_tokens(text: str) -> None:
    assert tokens(text) == match_tokens(text)


def test_exact_copy_under_a_new_headline_is_one_cluster_with_the_earliest_as_representative(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(
        con,
        [
            art(1, BODY, source="a", hours=5),
            art(2, BODY, source="b", title="عنوان آخر", hours=1),
            art(3, OTHER, source="c"),
        ],
    )
    result = update_clusters(con)
    rows = clusters(con)
    assert result["clusters"] == 1 and result["exact_links"] == 1
    assert {r[1] for r in rows} == {"id001", "id002"}
    rep = [r for r in rows if r[3]]
    assert [r[1] for r in rep] == ["id002"]  # published first
    assert {r[0] for r in rows} == {stable_id("cluster", "id002")}
    assert {r[4] for r in rows} == {"exact"} and {r[2] for r in rows} == {1.0}


def test_light_edit_is_near_duplicate_and_an_unrelated_story_is_not(con: duckdb.DuckDBPyConnection) -> None:
    edited = BODY.replace("عشرين ألف", "خمسة وعشرين ألف").replace("مئة حافلة", "مئة وعشرين حافلة")
    load(con, [art(1, BODY), art(2, edited, source="b", hours=3), art(3, OTHER, source="b")])
    update_clusters(con)
    rows = clusters(con)
    assert {r[1] for r in rows} == {"id001", "id002"}
    near = next(r for r in rows if r[1] == "id002")
    assert near[4] == "near" and 0.6 < near[2] < 1.0


def test_same_title_reposted_by_one_outlet_within_seven_days_only(con: duckdb.DuckDBPyConnection) -> None:
    title = "افتتاح خط الحافلات الكهربائية إلى المطار"
    load(
        con,
        [
            art(1, BODY, title=title),
            art(2, OTHER, title=title, hours=24 * 3),  # re-posted, rewritten
            art(
                3,
                "Another outlet ran a different story under the same headline.",
                source="z",
                title=title,
                hours=5,
            ),  # other outlet
            art(
                4,
                "A short unrelated note about the weather in the mountains this week and next.",
                title=title,
                hours=24 * 20,
            ),  # too late
        ],
    )
    update_clusters(con)
    rows = clusters(con)
    assert {r[1] for r in rows} == {"id001", "id002"}
    assert next(r for r in rows if r[1] == "id002")[4] == "title"


def _split_days(
    articles: Sequence[SynthArticle], day: dt.date
) -> tuple[list[SynthArticle], list[SynthArticle]]:
    before = [a for a in articles if a.published.date() < day]
    return before, [a for a in articles if a.published.date() >= day]


def test_synthetic_corpus_pairwise_precision_recall_and_incremental_equals_batch() -> None:
    articles = generate(300, seed=11, days=4)
    truth = {a.article_id: a.truth for a in articles}
    kinds = {a.kind for a in articles}
    assert kinds == {"original", "exact", "near", "title"}

    batch = duckdb.connect()
    migrate(batch)
    load(batch, articles)
    update_clusters(batch)
    precision, recall = pair_scores(predicted_clusters(batch), truth)
    assert precision >= 0.98 and recall >= 0.98, (precision, recall)
    once = clusters(batch)
    again = update_clusters(batch)
    assert again["indexed"] == 0  # nothing to re-index
    assert again["cluster_rows_written"] == 0 and clusters(batch) == once  # and no row rewritten

    # day by day: each run matches its articles against the persisted index of the past
    daily = duckdb.connect()
    migrate(daily)
    days = sorted({a.published.date() for a in articles})
    for day in days:
        todays = [a for a in articles if a.published.date() == day]
        load(daily, todays, run_id=f"run-{day}")
        assert update_clusters(daily, f"run-{day}")["indexed"] == len(todays)
    assert clusters(daily) == once
    batch.close()
    daily.close()


def test_an_earlier_copy_arriving_later_rewrites_only_its_cluster(con: duckdb.DuckDBPyConnection) -> None:
    load(
        con, [art(1, BODY, source="a", hours=5), art(2, BODY, source="b", hours=6), art(3, OTHER, source="c")]
    )
    first = update_clusters(con)
    assert first["cluster_rows_written"] == 2
    assert [r[1] for r in clusters(con) if r[3]] == ["id001"]
    # a third outlet's copy, published before both, arrives the next day: it becomes the representative,
    # so the cluster gets a new id and its two old rows go; the unrelated story has no row either way
    load(con, [art(4, BODY, source="d", hours=1)], run_id="day2")
    second = update_clusters(con, "day2")
    rows = clusters(con)
    assert second["cluster_rows_written"] == 2 + 3
    assert {r[0] for r in rows} == {stable_id("cluster", "id004")}
    assert [r[1] for r in rows if r[3]] == ["id004"] and {r[1] for r in rows} == {"id001", "id002", "id004"}
    assert update_clusters(con)["cluster_rows_written"] == 0


def test_article_ids_that_need_csv_quoting_are_indexed_whole(con: duckdb.DuckDBPyConnection) -> None:
    odd = [
        dataclasses.replace(art(1, BODY), article_id='x,"1'),
        dataclasses.replace(art(2, BODY, source="b"), article_id="y2"),
    ]
    load(con, odd)
    update_clusters(con)
    bands = dict(con.execute("SELECT article_id, count(*) FROM dedup_bands GROUP BY 1").fetchall())
    keys = dict(con.execute("SELECT article_id, count(*) FROM reuse_postings GROUP BY 1").fetchall())
    assert bands.keys() == keys.keys() == {'x,"1', "y2"}
    assert bands['x,"1'] == bands["y2"] > 0 and keys['x,"1'] == keys["y2"] > 0
    assert {r[1] for r in clusters(con)} == {'x,"1', "y2"}


def test_window_prunes_old_signatures(con: duckdb.DuckDBPyConnection) -> None:
    load(con, [art(1, BODY), art(2, BODY, source="b", hours=24 * 40), art(3, OTHER, hours=24 * 41)])
    update_clusters(con, window_days=30)
    kept = {r[0] for r in con.execute("SELECT article_id FROM dedup_signatures").fetchall()}
    assert kept == {"id002", "id003"}
    assert clusters(con) == []  # the copy is 40 days later: outside the window


def test_views_run_and_count_republished_stories(con: duckdb.DuckDBPyConnection) -> None:
    load(con, [art(1, BODY, source="a"), art(2, BODY, source="b", hours=2), art(3, OTHER, source="a")])
    update_clusters(con)
    views = Path(__file__).resolve().parents[2] / "sql" / "views"
    stories = con.execute((views / "republished_stories.sql").read_text(encoding="utf-8")).fetchall()
    assert len(stories) == 1
    assert stories[0][3] == 2 and stories[0][4] == 2 and stories[0][5] == ["a", "b"]
    assert stories[0][8] == dt.timedelta(hours=2)
    per_day = con.execute((views / "duplicates_per_outlet_day.sql").read_text(encoding="utf-8")).fetchall()
    by_outlet = {r[0]: (r[2], r[3]) for r in per_day}
    assert by_outlet == {"a": (2, 0), "b": (1, 1)}


def test_after_an_ingest_run(tmp_path: Path, fixtures_dir: Path) -> None:
    from pipeline.core.settings import load_settings
    from pipeline.run import driver as ingest

    data = tmp_path / "data"
    cfg = load_settings({}, db=data / "news.duckdb", data_dir=data)
    inputs = []
    for name in ("water_plain", "water_teaser_whole", "port_plain"):
        target = tmp_path / f"{name}.txt"
        shutil.copy(fixtures_dir / "dedup" / f"{name}.txt", target)
        inputs.append(str(target))
    summary = ingest.run(cfg, sources=[], inputs=inputs, run_id="r1")
    with duckdb.connect(str(cfg.db)) as db:
        migrate(db)
        # the load already clustered its articles (pipeline.store.load runs update_clusters after commit)
        result = update_clusters(db, "r1")
        assert result["indexed"] == 0  # nothing new since the load
        # port_plain (7 March) is more than 30 days older than the water story (15 May): not indexed
        assert summary["load"]["articles_new"] == 3
        indexed = db.execute("SELECT count(DISTINCT article_id) FROM dedup_signatures").fetchone()
        assert indexed is not None and indexed[0] == 2 and result["window_articles"] == 2
        rows = db.execute(
            "SELECT a.input, c.method FROM article_clusters c JOIN articles_current a "
            "USING (article_id) ORDER BY 1"
        ).fetchall()
    # the same body with and without a teaser on top: one story
    assert [(Path(r[0]).stem, r[1]) for r in rows] == [
        ("water_plain", "exact"),
        ("water_teaser_whole", "exact"),
    ]


def test_worker_processes_sign_exactly_as_in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A large backlog is signed by spawned worker processes: same signatures, buckets and clusters."""
    import pipeline.store.clusters as clusters_mod

    articles = generate(300, seed=3, days=5)
    results = []
    for parallel in (False, True):
        monkeypatch.setattr(clusters_mod, "_PARALLEL_FROM", 50 if parallel else 10**9)
        monkeypatch.setattr(clusters_mod, "_BATCH", 40)
        monkeypatch.setattr(clusters_mod.os, "cpu_count", lambda: 2)
        db = duckdb.connect(str(tmp_path / f"p{parallel}.duckdb"))
        migrate(db)
        load(db, articles, run_id="day1")
        assert clusters_mod._signers(300) == (1 if parallel else 0)  # and this process signs too
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="pipeline.store.clusters"):
            update_clusters(db, "day1")
        assert f"300 of 300 articles signed ({1 if parallel else 0} worker processes" in caplog.text
        assert "signing in this process" not in caplog.text  # the workers really ran
        results.append(
            (
                db.execute(
                    "SELECT article_id, body_hash, title_key, n_tokens, minhash FROM dedup_signatures ORDER BY 1"
                ).fetchall(),
                db.execute("SELECT * FROM dedup_bands ORDER BY ALL").fetchall(),
                clusters(db),
            )
        )
        db.close()
    assert len(results[0][0]) == 300
    assert results[0][2], "the synthetic corpus has duplicates"
    assert results[0] == results[1]


def test_candidate_pairs_verified_in_chunks_give_the_same_clusters(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pipeline.store.clusters as clusters_mod

    articles = generate(200, seed=5, days=4)
    results = []
    for chunk in (10**6, 3):
        monkeypatch.setattr(clusters_mod, "_PAIR_CHUNK", chunk)
        db = duckdb.connect(str(tmp_path / f"c{chunk}.duckdb"))
        migrate(db)
        load(db, articles, run_id="day1")
        update_clusters(db, "day1")
        results.append(clusters(db))
        db.close()
    assert any(row[4] == "near" for row in results[0]), "the corpus has near-duplicates"
    assert results[0] == results[1]


def _templated(n: int, near: int, seed: int = 3) -> list[SynthArticle]:
    """Articles that share a long stock text (about 0.66 Jaccard: many band collisions, no link),
    and ``near`` re-worded copies under new titles (linked only by their bodies)."""
    import random

    rng = random.Random(seed)
    lexicon = [f"w{i}x{rng.randint(0, 9)}" for i in range(2000)]
    stock = [rng.choice(lexicon) for _ in range(100)]
    out: list[SynthArticle] = []
    for i in range(n):
        words = stock + [rng.choice(lexicon) for _ in range(25)]
        out.append(
            SynthArticle(
                stable_id("t", str(i)),
                "wire",
                f"https://example.org/t/{i}",
                f"story number {i} of the day",
                T0 + dt.timedelta(minutes=i),
                "en",
                (" ".join(words),),
                f"s{i}",
                "original",
            )
        )
    for j in range(near):
        words = list(out[j].body[0].split())
        words[110] = "changed"
        out.append(
            SynthArticle(
                stable_id("t", f"near{j}"),
                "other",
                f"https://example.net/n/{j}",
                f"a wholly new headline {j}",
                T0 + dt.timedelta(hours=2, minutes=j),
                "en",
                (" ".join(words),),
                f"s{j}",
                "near",
            )
        )
    return out


def test_hot_buckets_are_paired_by_signature_order_and_keep_the_clusters(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Buckets over the cap are paired with signature neighbours only: far fewer pairs, same clusters."""
    import pipeline.store.clusters as clusters_mod

    articles = _templated(120, near=6)
    results, pair_counts, hot = [], [], []
    for cap in (10**6, 8):
        monkeypatch.setattr(clusters_mod, "_HOT_BUCKET", cap)
        monkeypatch.setattr(clusters_mod, "_HOT_WINDOW", 4)
        db = duckdb.connect(str(tmp_path / f"h{cap}.duckdb"))
        migrate(db)
        load(db, articles, run_id="day1")
        update_clusters(db, "day1")
        results.append(clusters(db))
        pair_counts.append(len(clusters_mod._candidate_pairs(db).fetchall()))
        row = db.execute(
            "SELECT count(*) FROM (SELECT band, bucket FROM dedup_bands GROUP BY ALL HAVING count(*) > 8)"
        ).fetchone()
        hot.append(row[0] if row else 0)
        db.close()
    assert hot[1] >= 5, "the stock text makes buckets over the cap"
    near = [row for row in results[0] if row[4] == "near"]
    assert len(near) == 12, "each re-worded copy is linked to its original by its body"
    assert pair_counts[1] * 3 < pair_counts[0], pair_counts
    assert results[0] == results[1]


def test_release_buffers_keeps_the_memory_limit_and_the_transaction(tmp_path: Path) -> None:
    """Before signing workers start, DuckDB's cached pages are given back; the limit and data stay."""
    import pipeline.store.clusters as clusters_mod

    db = duckdb.connect(str(tmp_path / "r.duckdb"))
    db.execute("SET memory_limit = '300MB'")
    db.execute("CREATE TABLE t AS SELECT i, repeat('x', 100) || i AS s FROM range(200000) r(i)")
    before = db.execute("SELECT current_setting('memory_limit')").fetchone()
    db.execute("BEGIN TRANSACTION")
    db.execute("INSERT INTO t VALUES (-1, 'kept')")
    clusters_mod._release_buffers(db)
    db.execute("COMMIT")
    after = db.execute("SELECT current_setting('memory_limit')").fetchone()
    assert before is not None and after is not None
    value = {row[0]: float(row[0].split()[0]) for row in (before, after)}
    assert abs(value[after[0]] - value[before[0]]) <= 0.01 * value[before[0]]
    assert db.execute("SELECT count(*), count(*) FILTER (WHERE s = 'kept') FROM t").fetchone() == (200001, 1)
    db.close()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=300, unique=True))
def test_signatures_equal_datasketch_minhash_of_the_same_shingles(grams: list[int]) -> None:
    """The array signature is datasketch's MinHash: stored signatures stay comparable."""
    import numpy as np

    from pipeline.store.minhash import minhash_template, signature

    template = minhash_template()
    reference = template.copy()
    if grams:
        reference.update_batch(sorted(grams))
    got = signature([], template, gram_hashes=np.array(grams, dtype=np.uint64))
    assert got.dtype == np.uint32 and len(got) == 128
    assert got.tolist() == np.asarray(reference.hashvalues, dtype=np.uint32).tolist()
    assert np.asarray(template.hashvalues).max() == 2**32 - 1  # the template is left empty
