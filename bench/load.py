"""Load benchmark: synthetic staged runs -> DuckDB (first load, idempotent reload), size, memory, search latency.

    .venv/bin/python bench/load.py --quick          # 10k articles
    .venv/bin/python bench/load.py                  # 10k and 100k articles
    .venv/bin/python bench/load.py --articles 50000 --out bench/out/load.json

Staged Parquet is generated directly in SQL (the same files and manifest a StageWriter publishes),
in a child process, so the peak memory reported is the loader's and the search's alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from pipeline.store.stage import MANIFEST, SCHEMAS, run_dir  # noqa: E402

LOGGER = logging.getLogger(__name__)

# A small vocabulary of common news words (written for this benchmark) with clitic variants.
VOCAB = (  # noqa: SIM905
    "قال أعلن الحكومة الوزير الرئيس المدينة البلاد الحرب السلام المفاوضات الاقتصاد الأسعار النفط "
    "الحوثيين للحوثيين والحوثيون الحوثي البحر الأحمر السفن الشحن الأمم المتحدة مجلس الأمن القوات "
    "الجيش الهجوم الغارات المستشفى الصحة المدارس الطلاب الجامعة الانتخابات البرلمان الحزب المعارضة "
    "العاصمة الشرطة المحكمة القضية التحقيق المياه الكهرباء الطاقة الشمسية الرياح الأمطار الحرارة "
    "الزراعة القمح الخبز السوق التجار الذهب الدولار الدينار البنك المركزي التضخم الموازنة الضرائب "
    "الصادرات الواردات الميناء المطار الطريق السكك الحديدية المشروع الشركة العمال الرواتب النقابة "
    "في من إلى على عن مع بعد قبل خلال حتى منذ بين أن إن لكن كما وقد وكان وأضاف وأكد وأشار يوم الأحد "
    "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء العام الماضي المقبل الشهر الأسبوع"
).split()
PARAGRAPHS = 10
WORDS = 40
# Zipf-like text: the real words above are the most frequent, then synthetic 3-5 letter words
# (with clitics) down a long tail, so document frequencies look like news text, not a 130-word toy.
_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"


def vocabulary(size: int = 20_000) -> list[str]:
    rng = random.Random(1)
    words = list(dict.fromkeys(VOCAB))
    seen = set(words)
    while len(words) < size:
        stem = "".join(rng.choice(_LETTERS) for _ in range(rng.randint(3, 5)))
        word = (
            rng.choice(("", "", "ال", "وال", "لل", "ب")) + stem + rng.choice(("", "", "ات", "ين", "ة", "ها"))
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


OUTLETS = 20


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(staging_dir: Path, run_id: str, articles: int, part_size: int = 25_000) -> dict[str, int]:
    """Write one run of ``articles`` synthetic articles as staged parts (Parquet + manifest)."""
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    words = vocabulary()
    con.execute(
        "CREATE TEMP TABLE vocab AS SELECT unnest(?::VARCHAR[]) AS w, generate_subscripts(?::VARCHAR[], 1) AS k",
        [words, words],
    )
    nv = len(words)
    vocab_list = "(SELECT list(w ORDER BY k) FROM vocab)"
    totals = dict.fromkeys(SCHEMAS, 0)
    for start in range(0, articles, part_size):
        stop = min(articles, start + part_size)
        part = run_dir(staging_dir, run_id) / f"part-{start // part_size:03d}"
        part.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE g_par AS
            WITH v AS (SELECT {vocab_list} AS words)
            SELECT i, p,
                   array_to_string(list_transform(range({WORDS}),
                       k -> v.words[1 + floor({nv} * pow((hash(i, p, k) % 1000003) / 1000003.0, 3))::INTEGER]), ' ') AS text
            FROM range({start}, {stop}) t(i), range({PARAGRAPHS}) q(p), v
            """
        )
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE g_art AS
            SELECT i, md5('article-' || i)[:24] AS article_id, md5('content-' || i)[:32] AS content_hash,
                   'outlet_' || lpad((i % {OUTLETS})::VARCHAR, 2, '0') AS source,
                   'https://outlet' || (i % {OUTLETS}) || '.example/news/' || i AS url,
                   (DATE '2024-01-01' + (i % 90)::INTEGER) AS day,
                   string_agg(text, chr(10) ORDER BY p) AS body
            FROM g_par GROUP BY i
            """
        )
        selects = {
            "articles": """SELECT article_id, content_hash, source, url, url AS canonical_url,
                   []::VARCHAR[] AS original_urls, 'ar' AS language, left(body, 60) AS title,
                   strftime(day, '%Y-%m-%d') || 'T10:00:00+03:00' AS published,
                   strftime(day, '%Y-%m-%d') AS published_local_date, NULL::VARCHAR AS modified,
                   ['كاتب ' || (i % 50)] AS authors, 'أخبار' AS section, []::VARCHAR[] AS tags,
                   NULL::VARCHAR AS lead, body AS body_text, 10 AS n_paragraphs, 0 AS n_duplicates,
                   url AS input FROM g_art""",
            "paragraphs": """SELECT a.article_id, a.content_hash, p AS position, 'paragraph' AS role, text,
                   p AS body_index, false AS is_duplicate, []::INTEGER[] AS duplicate_of,
                   NULL::VARCHAR AS dup_reason, NULL::VARCHAR AS credit, NULL::VARCHAR AS url
                   FROM g_par JOIN g_art a USING (i)""",
            "mentions": """SELECT article_id, content_hash, 0 AS position, (i % 10)::INTEGER AS paragraph, 0 AS start, 8 AS "end",
                   'bench:e' || (i % 500) AS entity_id, 'كيان ' || (i % 500) AS name,
                   CASE i % 3 WHEN 0 THEN 'person' WHEN 1 THEN 'organization' ELSE 'place' END AS type,
                   'كيان' AS surface, 'gazetteer' AS method FROM g_art""",
            "quantities": """SELECT article_id, content_hash, 1 AS paragraph, 5 AS start, 12 AS "end",
                   (i % 100) || ' غارة' AS text, (i % 100)::DOUBLE AS value, 'غارة' AS unit, false AS approx
                   FROM g_art""",
            "fetches": f"""SELECT md5('fetch-' || i)[:24] AS fetch_id, '{run_id}' AS run_id, source, url,
                   url AS original_url, url AS final_url, 'ok' AS outcome, 200 AS status_code,
                   40000::BIGINT AS bytes, 'text/html' AS content_type, 'utf-8' AS charset, 120 AS elapsed_ms,
                   NULL::VARCHAR AS warc_file, NULL::BIGINT AS warc_offset, NULL::VARCHAR AS error,
                   strftime(day, '%Y-%m-%d') || 'T12:00:00+00:00' AS fetched_at, 1 AS attempt,
                   NULL::VARCHAR AS etag, NULL::VARCHAR AS last_modified, NULL::VARCHAR AS body_sha256,
                   article_id FROM g_art""",
        }
        files: dict[str, dict[str, Any]] = {}
        for table, columns in SCHEMAS.items():
            dst = part / f"{table}.parquet"
            cols = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in columns.items())
            if table in selects:
                query = f"COPY (SELECT {cols} FROM ({selects[table]})) TO '{dst}' (FORMAT parquet)"
            else:
                empty = ", ".join(f'CAST(NULL AS {t}) AS "{c}"' for c, t in columns.items())
                query = f"COPY (SELECT {empty} LIMIT 0) TO '{dst}' (FORMAT parquet)"
            con.execute(query)
            rows = con.execute(f"SELECT count(*) FROM '{dst}'").fetchone()
            n = int(rows[0]) if rows else 0
            totals[table] += n
            files[table] = {"rows": n, "sha256": _sha(dst)}
        (part / MANIFEST).write_text(json.dumps({"files": files}), encoding="utf-8")
    con.close()
    return totals


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _instrument(phases: dict[str, float]) -> Callable[[], None]:
    """Time the load's post-load hooks (and peak RSS around them) by wrapping them; returns an undo."""
    import importlib

    targets = [
        ("pipeline.run.after_load", "run_steps"),
        ("pipeline.store.clusters", "update_clusters"),
        ("pipeline.store.boilerplate", "flag_outlet_boilerplate"),
        ("pipeline.store.search", "update_search_index"),
    ]
    undo: list[tuple[Any, str, Any]] = []
    for module_name, name in targets:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        original = getattr(module, name, None)
        if original is None:
            continue

        def wrapper(*args: Any, _original: Any = original, _name: str = name, **kwargs: Any) -> Any:
            if _name == "_after_load":
                phases["rss_before_hooks_mb"] = _maxrss_mb()
            t0 = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                phases[_name] = phases.get(_name, 0.0) + time.perf_counter() - t0
                if _name == "_after_load":
                    phases["rss_after_hooks_mb"] = _maxrss_mb()

        setattr(module, name, wrapper)
        undo.append((module, name, original))

    def restore() -> None:
        for module, name, original in undo:
            setattr(module, name, original)

    return restore


def bench(articles: int, workdir: Path, queries: int = 60) -> dict[str, Any]:
    from pipeline.core.settings import load_settings
    from pipeline.store.db import connect
    from pipeline.store.load import load_run
    from pipeline.store.search import search, update_search_index

    data = workdir / f"n{articles}"
    settings = load_settings({}, db=data / "news.duckdb", data_dir=data)
    run_id = f"bench-{articles}"
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--generate",
            str(articles),
            "--staging",
            str(settings.staging_dir),
            "--run-id",
            run_id,
        ],
        check=True,
    )
    gen_s = time.perf_counter() - t0
    staged_bytes = sum(p.stat().st_size for p in settings.staging_dir.rglob("*.parquet"))

    phases: dict[str, float] = {}
    restore = _instrument(phases)
    try:
        t0 = time.perf_counter()
        first = load_run(settings, run_id)
        first_s = time.perf_counter() - t0
        first_phases = dict(phases)
        phases.clear()
        t0 = time.perf_counter()
        second = load_run(settings, run_id)
        second_s = time.perf_counter() - t0
    finally:
        restore()
    hooks_s = first_phases.get("_after_load", 0.0)
    assert second["articles_new"] == 0 and second["articles_unchanged"] == articles, second

    con = connect(settings.db)
    t0 = time.perf_counter()
    indexed = update_search_index(con)
    index_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    reindexed = update_search_index(con)
    reindex_s = time.perf_counter() - t0
    con.execute("CHECKPOINT")
    con.close()
    db_bytes = settings.db.stat().st_size

    ro = connect(settings.db, read_only=True)
    rng = random.Random(7)
    common = [w for w in VOCAB if len(w) > 3]
    typical = vocabulary()[200:5000]
    latencies: dict[str, list[float]] = {"typical": [], "common": []}
    hits = 0
    for i in range(queries):
        kind = "common" if i % 3 == 0 else "typical"
        pool = common if kind == "common" else typical
        query = rng.choice(pool) if i % 2 else f"{rng.choice(pool)} {rng.choice(pool)}"
        t0 = time.perf_counter()
        found = search(ro, query, limit=20)
        latencies[kind].append((time.perf_counter() - t0) * 1000)
        hits += len(found) > 0
    ro.close()
    for values in latencies.values():
        values.sort()
    return {
        "articles": articles,
        "paragraph_rows": first["paragraphs_loaded"],
        "generate_s": round(gen_s, 2),
        "first_load_s": round(first_s, 2),
        "paragraph_rows_per_s": round(first["paragraphs_loaded"] / first_s),
        "load_transaction_s": round(first_s - hooks_s, 2),
        "paragraph_rows_per_s_transaction": round(first["paragraphs_loaded"] / max(first_s - hooks_s, 1e-9)),
        "hooks_s": round(hooks_s, 2),
        "hook_clusters_s": round(first_phases.get("update_clusters", 0.0), 2),
        "hook_boilerplate_s": round(first_phases.get("flag_outlet_boilerplate", 0.0), 2),
        "hook_search_index_s": round(first_phases.get("update_search_index", 0.0), 2),
        "peak_rss_mb_load_transaction": round(first_phases.get("rss_before_hooks_mb", 0.0), 1),
        "peak_rss_mb_after_hooks": round(first_phases.get("rss_after_hooks_mb", 0.0), 1),
        "second_load_s": round(second_s, 2),
        "second_over_first": round(second_s / first_s, 3),
        "second_over_first_transaction": round(second_s / max(first_s - hooks_s, 1e-9), 3),
        "second_load_ran_hooks": "_after_load" in phases,
        "search_index_s": round(index_s, 2),
        "search_index_docs": indexed,
        "search_reindex_noop_s": round(reindex_s, 2),
        "search_reindexed_docs": reindexed,
        "staged_mb_per_1k_articles": round(staged_bytes / 1e6 / (articles / 1000), 3),
        "db_mb_per_1k_articles": round(db_bytes / 1e6 / (articles / 1000), 3),
        "db_mb": round(db_bytes / 1e6, 1),
        "search_queries": queries,
        "search_queries_with_hits": hits,
        "search_p50_ms_typical_words": round(statistics.median(latencies["typical"]), 1),
        "search_p95_ms_typical_words": round(
            latencies["typical"][int(0.95 * (len(latencies["typical"]) - 1))], 1
        ),
        "search_p50_ms_common_words": round(statistics.median(latencies["common"]), 1),
        "search_p95_ms_common_words": round(
            latencies["common"][int(0.95 * (len(latencies["common"]) - 1))], 1
        ),
        "peak_rss_mb_so_far": round(_maxrss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="10k articles only")
    parser.add_argument("--articles", type=int, action="append", help="run size (repeatable)")
    parser.add_argument("--out", help="write the results as JSON to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--staging", help=argparse.SUPPRESS)
    parser.add_argument("--run-id", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.generate:
        generate(Path(args.staging), args.run_id, args.generate)
        return 0
    sizes = args.articles or ([10_000] if args.quick else [10_000, 100_000])
    results = []
    workdir = Path(tempfile.mkdtemp(prefix="newsflow-bench-load-"))
    try:
        for n in sizes:
            result = bench(n, workdir)
            results.append(result)
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    if args.out:
        Path(args.out).write_text(
            json.dumps({"cpu_count": os.cpu_count(), "results": results}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
