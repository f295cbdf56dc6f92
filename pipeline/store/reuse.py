"""Text reuse across articles, the store side: candidate pairs from the persisted paragraph keys,
verified pairs kept in ``reuse_edges``, and the paragraph links of reuse clusters (``reuse_links``).

How paragraphs are compared and when two articles are one story is ``pipeline.store.reusetext``; its
names are re-exported here, so ``pipeline.store.reuse`` is the one module callers use.
"""

from __future__ import annotations

import csv
import itertools
import logging
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import duckdb

from pipeline.store.reusetext import (
    MIN_CONTAINMENT,
    MIN_PARA_WORDS,
    MIN_REUSED_WORDS,
    NUMBER_AGREEMENT,
    PARA_CONTAINMENT,
    SHARE,
    SHINGLE,
    SOURCE_SHARE,
    SOURCE_SHINGLES,
    TEMPLATE_FRAME,
    Alignment,
    Paragraph,
    _WordHashes,
    align,
    gram_hashes,
    has_quote,
    keys_from_grams,
    keys_of,
    keys_of_lines,
    line_words,
    paragraph_keys,
    paragraphs,
    shingles,
    split_words,
    unquoted,
)

__all__ = [
    "MIN_CONTAINMENT",
    "MIN_PARA_WORDS",
    "MIN_REUSED_WORDS",
    "NUMBER_AGREEMENT",
    "PARA_CONTAINMENT",
    "SHARE",
    "SHINGLE",
    "SOURCE_SHARE",
    "SOURCE_SHINGLES",
    "TEMPLATE_FRAME",
    "Alignment",
    "Bodies",
    "Paragraph",
    "align",
    "candidates",
    "edges",
    "gram_hashes",
    "has_quote",
    "keys_from_grams",
    "keys_of",
    "keys_of_lines",
    "line_words",
    "paragraph_keys",
    "paragraphs",
    "repeated_keys",
    "replace_links",
    "shingles",
    "split_words",
    "unquoted",
]

# candidates whose bodies' MinHash similarity is lower are not verified: a copy of 40 % of the shorter
# body has a Jaccard of 0.25 and more; pairs sharing one paragraph key by chance are near 0
MIN_SIMILARITY = 0.05
OUTLET_REPEAT = 3  # a key one outlet printed in this many articles is its boilerplate
HOT_KEY = 100  # a key held by more articles pairs each with its next HOT_WINDOW holders, not all
HOT_WINDOW = 16
LOGGER = logging.getLogger(__name__)


def candidates(con: duckdb.DuckDBPyConnection, now: str) -> list[tuple[str, str, bool, bool]]:
    """(a, b, same outlet, either indexed by this run) for the pairs (a < b) sharing a paragraph key
    that this run verifies: those with an article indexed by this run (updated_at >= ``now``) and the
    pairs of one outlet already found to be reuse (``reuse_edges.same_source``).

    Keys one outlet printed in ``reuse.OUTLET_REPEAT`` or more articles (its footer, its stock
    phrases) are left out. A key held by more than HOT_KEY articles (a wire story every outlet ran,
    or a phrase many outlets share) pairs each holder with its next HOT_WINDOW holders by article
    id, as hot LSH buckets do: the copies of one story are linked through chains, never all pairs.
    Only the keys of the articles of such pairs are read (a daily run reads the keys of its new
    articles, not every pair of the window); all the holders of those keys are counted and ordered,
    so the pairs are those a join over every key gives.
    """
    return [
        (str(a), str(b), bool(same), bool(fresh))
        for a, b, same, fresh in con.execute(
            f"""
            WITH again AS (SELECT a, b FROM reuse_edges WHERE same_source),
            seeds AS (
                SELECT article_id FROM dedup_signatures WHERE updated_at >= CAST($now AS TIMESTAMPTZ)
                UNION SELECT a FROM again UNION SELECT b FROM again
            ),
            focus AS (SELECT DISTINCT key FROM reuse_postings SEMI JOIN seeds USING (article_id)),
            -- a key of one article pairs nothing and is no outlet's stock phrase: dropped first
            shared AS (
                SELECT key FROM reuse_postings SEMI JOIN focus USING (key) GROUP BY key HAVING count(*) >= 2
            ),
            posted AS (
                SELECT p.article_id, p.key, s.source, s.body_hash
                FROM (SELECT DISTINCT article_id, key FROM reuse_postings SEMI JOIN shared USING (key)) p
                JOIN dedup_signatures s USING (article_id)
            ),
            repeated AS (
                SELECT source, key FROM posted
                GROUP BY source, key HAVING count(*) >= {OUTLET_REPEAT:d}
            ),
            live AS (
                SELECT p.article_id, p.key, p.body_hash
                FROM posted p ANTI JOIN repeated r ON r.source = p.source AND r.key = p.key
            ),
            wanted AS (SELECT DISTINCT key FROM live SEMI JOIN seeds USING (article_id)),
            counts AS (
                SELECT key, count(*) AS n FROM live SEMI JOIN wanted USING (key)
                GROUP BY key HAVING count(*) >= 2
            ),
            sized AS (SELECT l.*, c.n FROM live l JOIN counts c USING (key)),
            hot AS (
                SELECT *, row_number() OVER (PARTITION BY key ORDER BY article_id) AS rn
                FROM sized WHERE n > {HOT_KEY:d}
            ),
            pairs AS (
                SELECT x.article_id AS a, y.article_id AS b
                FROM sized x JOIN sized y ON x.key = y.key AND x.article_id < y.article_id
                WHERE x.n <= {HOT_KEY:d} AND x.body_hash IS DISTINCT FROM y.body_hash
                UNION ALL
                SELECT x.article_id, y.article_id
                FROM hot x JOIN hot y ON x.key = y.key AND y.rn > x.rn AND y.rn <= x.rn + {HOT_WINDOW:d}
                WHERE x.body_hash IS DISTINCT FROM y.body_hash
            ),
            distinct_pairs AS (SELECT DISTINCT a, b FROM pairs),
            flagged AS (
                SELECT p.a, p.b, sa.source IS NOT DISTINCT FROM sb.source AS same,
                       greatest(sa.updated_at, sb.updated_at) >= CAST($now AS TIMESTAMPTZ) AS fresh
                FROM distinct_pairs p
                JOIN dedup_signatures sa ON sa.article_id = p.a
                JOIN dedup_signatures sb ON sb.article_id = p.b
            )
            SELECT f.a, f.b, f.same, f.fresh FROM flagged f
            WHERE f.fresh OR EXISTS (SELECT 1 FROM again g WHERE g.a = f.a AND g.b = f.b)
            ORDER BY 1, 2
            """,  # noqa: S608 - integer constants
            {"now": now},
        ).fetchall()
    ]


def repeated_keys(con: duckdb.DuckDBPyConnection, keys: Iterable[int]) -> dict[str, set[int]]:
    """Of ``keys``, those each outlet printed in OUTLET_REPEAT or more articles of the window."""
    out: dict[str, set[int]] = defaultdict(set)
    wanted = sorted(set(keys))
    if not wanted:
        return out
    for source, key in con.execute(
        f"""
        SELECT s.source, p.key FROM reuse_postings p JOIN dedup_signatures s USING (article_id)
        WHERE p.key IN (SELECT unnest(CAST(? AS BIGINT[])))
        GROUP BY s.source, p.key HAVING count(DISTINCT p.article_id) >= {OUTLET_REPEAT:d}
        """,  # noqa: S608 - an integer constant
        [wanted],
    ).fetchall():
        out[str(source)].add(int(key))
    return out


class Bodies:
    """The paragraphs (in matching form) of window articles, read from the store when first needed.

    Reading bodies scans the articles table: ask for all the articles a step needs in one ``fetch``.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.paras: dict[str, list[Paragraph]] = {}
        self.word_hashes: dict[str, int] = _WordHashes()

    def fetch(self, ids: Iterable[str]) -> None:
        """Read the bodies of ``ids`` not read yet; leave out the paragraphs whose key the article's
        outlet printed in OUTLET_REPEAT or more articles (``repeated_keys``)."""
        missing = sorted({i for i in ids if i not in self.paras})
        if not missing:
            return
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _nf_reuse_ids AS SELECT unnest(CAST(? AS VARCHAR[])) AS article_id",
            [missing],
        )
        read = [
            (str(aid), str(source), paragraphs(str(body), word_hashes=self.word_hashes))
            for aid, source, body in self.con.execute(
                """
                SELECT a.article_id, a.source, coalesce(nullif(a.body_text, ''), a.lead, '')
                FROM articles a JOIN _nf_reuse_ids USING (article_id)
                QUALIFY a.version = max(a.version) OVER (PARTITION BY a.article_id)
                """
            ).fetchall()
        ]
        self.con.execute("DROP TABLE _nf_reuse_ids")
        repeated = repeated_keys(self.con, (k for _, _, paras in read for p in paras for k in p.keys))
        for aid, source, paras in read:
            ignore = repeated.get(source, set())
            self.paras[aid] = [p for p in paras if not ignore.intersection(p.keys)]
        for aid in missing:
            self.paras.setdefault(aid, [])

    def __getitem__(self, aid: str) -> list[Paragraph]:
        return self.paras[aid]


def edges(
    con: duckdb.DuckDBPyConnection,
    now: str,
    settled: Callable[[Sequence[tuple[str, str]]], Sequence[bool]],
    bodies: Bodies,
    reach: Callable[[Sequence[tuple[str, str]]], Iterable[str]] | None = None,
) -> tuple[list[tuple[str, str, str, float]], int]:
    """Reuse links of the window: verified candidate pairs, persisted in ``reuse_edges``.

    A pair is verified once, when one of its articles is indexed (new or changed), unless ``settled``
    (given the pairs, one flag each) says it is already in one cluster or too far apart to be reuse. A
    pair of one outlet found to be reuse is verified again on every run: what is that outlet's
    boilerplate grows with its stories, and a shared footer is not a shared story. Returns the links
    and the number of pairs verified by this run.

    ``reach``, given the pairs to verify and the reuse links kept, names other articles whose bodies
    will be needed (the members of the clusters those pairs can make): they are read in the same
    scan of the articles.
    """
    found_pairs = candidates(con, now)
    again = {
        (str(a), str(b)) for a, b in con.execute("SELECT a, b FROM reuse_edges WHERE same_source").fetchall()
    }
    con.execute("DELETE FROM reuse_edges WHERE same_source")
    asked = [(a, b, same) for a, b, same, fresh in found_pairs if fresh or (a, b) in again]
    todo = [
        pair for pair, done in zip(asked, settled([(a, b) for a, b, _ in asked]), strict=True) if not done
    ]
    pairs = [(a, b) for a, b, _ in todo]
    if reach is not None:
        kept = [(str(a), str(b)) for a, b in con.execute("SELECT a, b FROM reuse_edges").fetchall()]
        bodies.fetch(itertools.chain((x for pair in pairs for x in pair), reach(pairs + kept)))
    else:
        bodies.fetch(x for pair in pairs for x in pair)
    found = []
    for a, b, same in todo:
        al = align(bodies[a], bodies[b])
        if al.is_reuse:
            found.append([a, b, round(al.share_a, 4), round(al.share_b, 4), same])
    if found:
        # replace by delete-then-insert (one row per pair, the last wins): the same as INSERT OR REPLACE
        # on the file, and it works on DuckLake, which has no keys (pipeline/store/lake.py)
        rows = list({(r[0], r[1]): r for r in found}.values())
        con.executemany("DELETE FROM reuse_edges WHERE a = ? AND b = ?", [r[:2] for r in rows])
        con.executemany("INSERT INTO reuse_edges VALUES (?, ?, ?, ?, ?)", rows)
    LOGGER.info("reuse: %d candidate pairs, %d verified, %d found", len(found_pairs), len(todo), len(found))
    linked_pairs = [
        (str(a), str(b), "reuse", float(score))
        for a, b, score in con.execute(
            "SELECT a, b, CASE WHEN share_a < share_b THEN share_b ELSE share_a END FROM reuse_edges ORDER BY a, b"
        ).fetchall()
    ]
    return linked_pairs, len(todo)


def replace_links(con: duckdb.DuckDBPyConnection, links: Sequence[tuple[object, ...]]) -> int:
    """Replace the paragraph links of the window's articles; lines of body_text become paragraph rows."""
    con.execute(
        "DELETE FROM reuse_links WHERE article_id IN (SELECT article_id FROM dedup_signatures) "
        "OR rep_article_id IN (SELECT article_id FROM dedup_signatures)"
    )
    if not links:
        return 0
    with tempfile.TemporaryDirectory(prefix="newsflow-dedup-") as tmp:
        path = Path(tmp) / "links.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(links)
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _nf_links AS SELECT * FROM read_csv('{path}', header = false, auto_detect = false,
                columns = {{cluster_id: 'VARCHAR', article_id: 'VARCHAR', line: 'INTEGER',
                           rep_article_id: 'VARCHAR', rep_line: 'INTEGER', containment: 'DOUBLE'}})
            """  # noqa: S608 - a path we created
        )
        # body_text is the body rows (paragraphs and headings not flagged as repeats) joined in order;
        # the current version of the linked articles only (articles_current would rank every article)
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _nf_lines AS
            SELECT p.article_id, p.version, p.position,
                   CAST(row_number() OVER (PARTITION BY p.article_id ORDER BY p.position) - 1 AS INTEGER) AS line
            FROM paragraphs p
            JOIN (
                SELECT article_id, max(version) AS version FROM articles
                WHERE article_id IN (SELECT article_id FROM _nf_links UNION SELECT rep_article_id FROM _nf_links)
                GROUP BY article_id
            ) a USING (article_id, version)
            WHERE p.role IN ('paragraph', 'heading') AND NOT p.is_duplicate
            """
        )
        con.execute(
            """
            INSERT INTO reuse_links
            SELECT l.cluster_id, l.article_id, c.version, c.position, l.rep_article_id, r.version, r.position,
                   l.containment
            FROM _nf_links l
            JOIN _nf_lines c ON c.article_id = l.article_id AND c.line = l.line
            JOIN _nf_lines r ON r.article_id = l.rep_article_id AND r.line = l.rep_line
            """
        )
        row = con.execute("SELECT count(*) FROM _nf_links").fetchone()
        con.execute("DROP TABLE _nf_links")
        con.execute("DROP TABLE _nf_lines")
    return int(row[0]) if row else 0
