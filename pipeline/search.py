"""Arabic full-text search: a BM25 postings index kept in DuckDB and maintained after each load."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

LOGGER = logging.getLogger(__name__)

# BM25 parameters (the usual defaults).
K1 = 1.2
B = 0.75

# Indexed text of an article: title, lead and running text.
_DOC_TEXT = "concat_ws(' ', a.title, a.lead, a.body_text)"


@dataclass(frozen=True)
class Hit:
    """One ranked search result."""

    article_id: str
    score: float
    source: str | None
    published_local_date: str | None
    title: str | None
    url: str | None
    snippet: str


def terms(con: duckdb.DuckDBPyConnection, text: str) -> list[str]:
    """Search terms of ``text`` exactly as the index builds them (folded, clitics stripped, stemmed)."""
    row = con.execute("SELECT search_terms(?)", [text]).fetchone()
    return list(row[0]) if row and row[0] else []


def update_search_index(con: duckdb.DuckDBPyConnection) -> int:
    """Index current article versions not yet indexed, drop stale ones; returns documents (re)indexed.

    Incremental: an unchanged article costs nothing; a new version replaces its old postings.
    Runs in its own transaction (call it after the load committed).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_todo AS
            SELECT a.article_id, a.version, d.doc_id AS old_doc
            FROM articles_current a LEFT JOIN search_docs d USING (article_id)
            WHERE d.version IS DISTINCT FROM a.version
            """
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_gone AS
            SELECT d.doc_id FROM search_docs d ANTI JOIN articles_current a USING (article_id)
            UNION ALL SELECT old_doc FROM search_todo WHERE old_doc IS NOT NULL
            """
        )
        con.execute("DELETE FROM search_postings WHERE doc_id IN (SELECT doc_id FROM search_gone)")
        con.execute("DELETE FROM search_docs WHERE doc_id IN (SELECT doc_id FROM search_gone)")
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE search_new AS
            SELECT (SELECT coalesce(max(doc_id), 0) FROM search_docs)
                       + row_number() OVER (ORDER BY t.article_id) AS doc_id,
                   t.article_id, t.version, a.source, a.published_local_date, a.title,
                   coalesce(a.canonical_url, a.url) AS url,
                   left(coalesce(nullif(a.lead, ''), a.body_text, ''), 300) AS snippet,
                   string_split(replace(replace(replace({_DOC_TEXT}, chr(10), ' '), chr(13), ' '), chr(9), ' '),
                                ' ') AS tokens
            FROM search_todo t JOIN articles a USING (article_id, version)
            """  # noqa: S608 (a constant expression, no input)
        )
        # Count raw tokens per document, then normalise and stem each distinct token once (the regexes
        # are the costly part): a token gives the same terms as search_terms() gives for it.
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_raw AS
            SELECT doc_id, tok, count(*)::INTEGER AS tf
            FROM (SELECT doc_id, unnest(tokens) AS tok FROM search_new) WHERE tok <> '' GROUP BY ALL
            """
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_tokmap AS
            SELECT tok, list_transform(search_terms(tok), x -> hash(x)) AS terms
            FROM (SELECT DISTINCT tok FROM search_raw)
            """
        )
        con.execute(
            """
            INSERT INTO search_postings
            SELECT term, doc_id, sum(tf)::INTEGER AS tf
            FROM (SELECT r.doc_id, r.tf, unnest(m.terms) AS term FROM search_raw r JOIN search_tokmap m USING (tok))
            GROUP BY ALL
            ORDER BY term
            """
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_len AS
            SELECT r.doc_id, sum(r.tf * len(m.terms))::INTEGER AS length
            FROM search_raw r JOIN search_tokmap m USING (tok) GROUP BY r.doc_id
            """
        )
        con.execute(
            "INSERT INTO search_docs SELECT n.doc_id, n.article_id, n.version, coalesce(l.length, 0), n.source, "
            "n.published_local_date, n.title, n.url, n.snippet, current_timestamp "
            "FROM search_new n LEFT JOIN search_len l USING (doc_id)"
        )
        row = con.execute("SELECT count(*) FROM search_new").fetchone()
        con.execute("DROP TABLE search_new")
        for temp in ("search_raw", "search_tokmap", "search_len"):
            con.execute(f"DROP TABLE {temp}")
        con.execute("DROP TABLE search_todo")
        con.execute("DROP TABLE search_gone")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    changed = int(row[0]) if row else 0
    LOGGER.info("search index: %d documents (re)indexed", changed)
    return changed


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    limit: int = 20,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Hit]:
    """Articles ranked by BM25 over the normalised query terms (read-only; no SQL built from input)."""
    row = con.execute(
        "SELECT list_distinct(list_transform(search_terms(?), x -> hash(x)))", [query]
    ).fetchone()
    hashes = sorted(int(h) for h in (row[0] if row and row[0] else []))
    if not hashes:
        return []
    marks = ", ".join("?" for _ in hashes)  # one placeholder per term: values stay bound
    rows = con.execute(
        f"""
        WITH stats AS (SELECT count(*) AS n, coalesce(avg(length), 1) AS avgdl FROM search_docs),
        hits AS (SELECT term, doc_id, tf FROM search_postings WHERE term IN ({marks})),
        df AS (SELECT term, count(*) AS df FROM hits GROUP BY term),
        scored AS (
            SELECT h.doc_id,
                   sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
                       * h.tf * ({K1} + 1) / (h.tf + {K1} * (1 - {B} + {B} * d.length / stats.avgdl))) AS score
            FROM hits h JOIN df USING (term) JOIN search_docs d USING (doc_id), stats
            WHERE (?::VARCHAR IS NULL OR d.source = ?)
              AND (?::DATE IS NULL OR d.published_local_date >= ?::DATE)
              AND (?::DATE IS NULL OR d.published_local_date < ?::DATE)
            GROUP BY h.doc_id
        )
        SELECT d.article_id, s.score, d.source, CAST(d.published_local_date AS VARCHAR), d.title, d.url,
               coalesce(d.snippet, '')
        FROM scored s JOIN search_docs d USING (doc_id)
        ORDER BY s.score DESC, d.article_id
        LIMIT ?
        """,  # noqa: S608 (only "?" placeholders are joined in; values are bound)
        [*hashes, source, source, since, since, until, until, limit],
    ).fetchall()
    return [
        Hit(
            article_id=r[0],
            score=float(r[1]),
            source=r[2],
            published_local_date=r[3],
            title=r[4],
            url=r[5],
            snippet=_snippet(r[6]),
        )
        for r in rows
    ]


def _snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def search_db(db: Path, query: str, *, limit: int = 20, source: str | None = None) -> list[Hit]:
    """Open ``db`` read-only and search it."""
    from pipeline.load import connect

    con = connect(db, read_only=True)
    try:
        return search(con, query, limit=limit, source=source)
    finally:
        con.close()
