"""Text reuse across outlets on the labelled set (tests/fixtures/reuse/pairs.jsonl), through the store.

    .venv/bin/python -m bench.reuse                       # precision / recall, per kind and fold
    .venv/bin/python -m bench.reuse --fold heldout --json  # one fold, machine-readable
    .venv/bin/python -m bench.reuse --show-errors

Each pair is loaded on its own into an empty store (with the context articles the pair carries: the
outlet's other stories for the boilerplate negatives), then the post-load steps run as after a load:
``update_clusters`` and ``flag_outlet_boilerplate``. A pair is *merged* when both articles end in one
``article_clusters`` cluster (by any method). Precision and recall are over pairs; a hard negative
merged is listed by id.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.core.text import content_hash, stable_id
from pipeline.store.boilerplate import flag_outlet_boilerplate
from pipeline.store.clusters import update_clusters
from pipeline.store.db import migrate

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "reuse" / "pairs.jsonl"
# tables a pair's store writes; emptied between pairs (migrating a fresh database per pair is slower)
_TABLES = (
    "articles",
    "paragraphs",
    "article_clusters",
    "dedup_signatures",
    "dedup_bands",
    "boilerplate_lines",
    "reuse_postings",
    "reuse_links",
)


@dataclass(frozen=True)
class PairResult:
    """What the store made of one labelled pair."""

    pair_id: str
    label: int
    kind: str
    lang: str
    fold: str
    merged: bool
    method: str | None  # the copy's method in the shared cluster
    share_copy: float | None  # share of the later article's text taken from the earlier
    links: int  # paragraph links of the later article


def read_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def insert_articles(
    con: duckdb.DuckDBPyConnection, articles: Sequence[dict[str, Any]], run_id: str
) -> list[str]:
    """Insert articles ({title, source, published, paras}) as version 1 with one paragraph row per paragraph."""
    ids: list[str] = []
    art_rows: list[dict[str, Any]] = []
    para_rows: list[dict[str, Any]] = []
    for n, art in enumerate(articles):
        published = dt.datetime.fromisoformat(art["published"])
        aid = stable_id("reuse-bench", run_id, str(n), art["source"], art["title"])
        ids.append(aid)
        paras = list(art["paras"])
        url = f"https://{art['source']}.example/{aid}"
        art_rows.append(
            {
                "article_id": aid,
                "content_hash": content_hash([art["title"], *paras]),
                "source": art["source"],
                "url": url,
                "language": art.get("lang", "ar"),
                "title": art["title"],
                "published": art["published"],
                "published_at": published.astimezone(dt.UTC).isoformat(),
                "day": published.date().isoformat(),
                "body_text": "\n".join(paras),
                "n_paragraphs": len(paras),
            }
        )
        para_rows.extend({"article_id": aid, "position": i, "text": t} for i, t in enumerate(paras))
    with tempfile.TemporaryDirectory(prefix="newsflow-reuse-") as tmp:
        art_path, para_path = Path(tmp) / "articles.jsonl", Path(tmp) / "paragraphs.jsonl"
        for path, rows in ((art_path, art_rows), (para_path, para_rows)):
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        con.execute(
            f"""
            INSERT INTO articles (article_id, version, content_hash, source, url, canonical_url, language, title,
                                  published, published_at, published_local_date, body_text, n_paragraphs,
                                  n_duplicates, run_id, loaded_at)
            SELECT article_id, 1, content_hash, source, url, url, language, title, published,
                   CAST(published_at AS TIMESTAMPTZ), CAST(day AS DATE), body_text, n_paragraphs, 0, ?,
                   current_timestamp
            FROM read_json('{art_path}', format = 'newline_delimited', columns = {{
                article_id: 'VARCHAR', content_hash: 'VARCHAR', source: 'VARCHAR', url: 'VARCHAR',
                language: 'VARCHAR', title: 'VARCHAR', published: 'VARCHAR', published_at: 'VARCHAR',
                day: 'VARCHAR', body_text: 'VARCHAR', n_paragraphs: 'INTEGER'}})
            """,
            [run_id],
        )
        con.execute(
            f"""
            INSERT INTO paragraphs (article_id, version, position, role, text, body_index, is_duplicate, duplicate_of)
            SELECT article_id, 1, position, 'paragraph', text, position, false, []
            FROM read_json('{para_path}', format = 'newline_delimited', columns = {{
                article_id: 'VARCHAR', position: 'INTEGER', text: 'VARCHAR'}})
            """
        )
    return ids


@contextmanager
def store() -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    try:
        migrate(con)
        yield con
    finally:
        con.close()


def run_pair(con: duckdb.DuckDBPyConnection, pair: dict[str, Any]) -> PairResult:
    """Load one pair (and its context) into the emptied store, run the post-load steps, read the verdict."""
    for table in _TABLES:
        con.execute(f"DELETE FROM {table}")
    a, b = dict(pair["a"], lang=pair["lang"]), dict(pair["b"], lang=pair["lang"])
    context = [dict(c, lang=pair["lang"]) for c in pair.get("context", [])]
    ids = insert_articles(con, [a, b, *context], run_id=pair["id"])
    update_clusters(con)
    if context:  # with the two articles alone no outlet has the 3 stories a boilerplate line needs
        flag_outlet_boilerplate(con)
    ida, idb = ids[0], ids[1]
    later = idb if b["published"] >= a["published"] else ida
    rows = con.execute(
        "SELECT article_id, cluster_id, method, share_from_rep FROM article_clusters WHERE article_id IN (?, ?)",
        [ida, idb],
    ).fetchall()
    clusters = {str(r[0]): str(r[1]) for r in rows}
    merged = ida in clusters and clusters.get(ida) == clusters.get(idb)
    method = share = None
    for aid, _cid, m, s in rows:
        if aid == later and merged:
            method, share = str(m), (None if s is None else float(s))
    links_row = con.execute("SELECT count(*) FROM reuse_links WHERE article_id = ?", [later]).fetchone()
    return PairResult(
        pair["id"],
        int(pair["label"]),
        pair["kind"],
        pair["lang"],
        pair["fold"],
        merged,
        method,
        share,
        int(links_row[0]) if links_row else 0,
    )


def evaluate(pairs: Sequence[dict[str, Any]]) -> list[PairResult]:
    with store() as con:
        return [run_pair(con, p) for p in pairs]


def scores(results: Sequence[PairResult]) -> dict[str, Any]:
    """Pair precision and recall, merged hard negatives, and the counts per kind."""
    tp = sum(1 for r in results if r.label and r.merged)
    fp = sum(1 for r in results if not r.label and r.merged)
    fn = sum(1 for r in results if r.label and not r.merged)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        kinds[r.kind][0] += 1
        kinds[r.kind][1] += int(r.merged)
    return {
        "pairs": len(results),
        "positives": tp + fn,
        "negatives": len(results) - tp - fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        "hard_negatives_merged": sorted(r.pair_id for r in results if not r.label and r.merged),
        "positives_missed": sorted(r.pair_id for r in results if r.label and not r.merged),
        "merged_by_kind": {k: f"{v[1]}/{v[0]}" for k, v in sorted(kinds.items())},
    }


def report(results: Sequence[PairResult]) -> dict[str, Any]:
    out: dict[str, Any] = {"all": scores(results)}
    for fold in ("tune", "heldout"):
        out[fold] = scores([r for r in results if r.fold == fold])
    for lang in ("ar", "en"):
        out[lang] = scores([r for r in results if r.lang == lang])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--fold", choices=("tune", "heldout"))
    parser.add_argument("--json", action="store_true", help="print the report as JSON only")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    pairs = read_pairs(args.pairs)
    if args.fold:
        pairs = [p for p in pairs if p["fold"] == args.fold]
    t0 = time.perf_counter()
    results = evaluate(pairs)
    elapsed = time.perf_counter() - t0
    rep = report(results)
    rep["seconds"] = round(elapsed, 1)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=1))
        return 0
    print(f"text reuse, labelled set ({args.pairs.name}): {len(results)} pairs in {elapsed:.1f} s")
    for name in ("all", "tune", "heldout", "ar", "en"):
        s = rep[name]
        print(
            f"  {name:8s} pairs {s['pairs']:4d}  precision {s['precision']:.4f}  recall {s['recall']:.4f}  "
            f"hard negatives merged {len(s['hard_negatives_merged'])}"
        )
    print("  merged by kind: " + ", ".join(f"{k} {v}" for k, v in rep["all"]["merged_by_kind"].items()))
    if args.show_errors:
        for r in results:
            if r.merged != bool(r.label):
                print(
                    f"  error: {r.pair_id} label={r.label} merged={r.merged} method={r.method} share={r.share_copy}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
