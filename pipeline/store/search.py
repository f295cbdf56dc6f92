"""Arabic full-text search: a BM25 postings index kept in DuckDB and maintained after each load."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.store.db import insertion_order

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


# Documents tokenised and indexed per batch: bounds the memory of a first build of a large store.
BATCH_DOCS = 10_000


def update_search_index(con: duckdb.DuckDBPyConnection, *, batch_docs: int = BATCH_DOCS) -> int:
    """Index current article versions not yet indexed, drop stale ones; returns documents (re)indexed.

    Incremental: an unchanged article costs nothing; a new version replaces its old postings.
    New documents are tokenised ``batch_docs`` at a time; each batch's postings are stored sorted by
    term (so a term lookup reads few row groups), and the term statistics (``search_term_stats``,
    ``search_stats``) are updated with them. Runs in its own transaction (call it after the load
    committed).
    """
    with insertion_order(con, preserve=True):
        return _update(con, batch_docs)


def compact_search_index(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite all postings sorted by term; returns the postings rewritten.

    Each update stores its own postings sorted, but many small loads share row groups, whose term
    ranges then overlap, so a term lookup reads more of the table. This restores one sorted run (a
    maintenance task: it reads and writes the whole postings table). Runs in its own transaction.
    """
    with insertion_order(con, preserve=True):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE search_sorted AS SELECT term, doc_id, tf FROM search_postings"
            )
            con.execute("DELETE FROM search_postings")
            con.execute(
                "INSERT INTO search_postings SELECT term, doc_id, tf FROM search_sorted ORDER BY term, doc_id"
            )
            row = con.execute("SELECT count(*) FROM search_sorted").fetchone()
            con.execute("DROP TABLE search_sorted")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    rewritten = int(row[0]) if row else 0
    LOGGER.info("search index: %d postings rewritten in term order", rewritten)
    return rewritten


def _update(con: duckdb.DuckDBPyConnection, batch_docs: int) -> int:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_todo AS
            SELECT a.article_id, a.version, d.doc_id AS old_doc,
                   row_number() OVER (ORDER BY a.article_id) AS rn
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
        row = con.execute(
            "SELECT (SELECT count(*) FROM search_todo), (SELECT count(*) FROM search_gone)"
        ).fetchone()
        todo, gone = (int(row[0]), int(row[1])) if row else (0, 0)
        if todo or gone:
            _create_delta(con)
            if gone:
                _forget(con, "SELECT doc_id FROM search_gone")
            if todo:
                _index_new(con, todo, max(1, batch_docs))
            _apply_stats(con)
        for temp in ("search_todo", "search_gone"):
            con.execute(f"DROP TABLE {temp}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    LOGGER.info("search index: %d documents (re)indexed, %d dropped", todo, gone)
    return todo


def forget_documents(con: duckdb.DuckDBPyConnection, article_ids_sql: str) -> int:
    """Drop the indexed documents of the articles ``article_ids_sql`` selects; returns documents dropped.

    ``article_ids_sql`` is a constant SELECT of one ``article_id`` column (never built from input).
    Runs inside the caller's transaction; the next update_search_index indexes those articles again.
    """
    select = f"SELECT doc_id FROM search_docs WHERE article_id IN ({article_ids_sql})"  # noqa: S608
    con.execute(f"CREATE OR REPLACE TEMP TABLE search_forget AS {select}")
    row = con.execute("SELECT count(*) FROM search_forget").fetchone()
    dropped = int(row[0]) if row else 0
    if dropped:
        _create_delta(con)
        _forget(con, "SELECT doc_id FROM search_forget")
        _apply_stats(con)
    con.execute("DROP TABLE search_forget")
    return dropped


def _create_delta(con: duckdb.DuckDBPyConnection) -> None:
    """Per-term change of the document frequency, collected while documents are dropped and added."""
    con.execute("CREATE OR REPLACE TEMP TABLE search_df_delta (term UBIGINT, n BIGINT)")


def _forget(con: duckdb.DuckDBPyConnection, doc_ids_sql: str) -> None:
    """Delete the documents ``doc_ids_sql`` selects and their postings, counting them off the df."""
    postings = f"SELECT term FROM search_postings WHERE doc_id IN ({doc_ids_sql})"  # noqa: S608
    con.execute(f"INSERT INTO search_df_delta SELECT term, -count(*) FROM ({postings}) GROUP BY term")  # noqa: S608
    con.execute(f"DELETE FROM search_postings WHERE doc_id IN ({doc_ids_sql})")  # noqa: S608
    con.execute(f"DELETE FROM search_docs WHERE doc_id IN ({doc_ids_sql})")  # noqa: S608


def _index_new(con: duckdb.DuckDBPyConnection, todo: int, batch_docs: int) -> None:
    """Tokenise and index the rows of search_todo, ``batch_docs`` documents at a time."""
    row = con.execute("SELECT coalesce(max(doc_id), 0) FROM search_docs").fetchone()
    base = int(row[0]) if row else 0
    # token -> its terms' hashes (one row per term), filled once per distinct token over all batches
    # (the regexes are the costly part): a token gives the same terms as search_terms() gives for it
    con.execute("CREATE OR REPLACE TEMP TABLE search_tokmap (tok VARCHAR, term UBIGINT)")
    for start in range(0, todo, batch_docs):
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_new AS
            SELECT ?::INTEGER + t.rn::INTEGER AS doc_id, t.article_id, t.version
            FROM search_todo t WHERE t.rn > ? AND t.rn <= ?
            """,
            [base, start, start + batch_docs],
        )
        # the words of the text: split on spaces, tabs and line breaks
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE search_tok AS
            SELECT doc_id, tok FROM (
                SELECT n.doc_id, unnest(regexp_split_to_array({_DOC_TEXT}, '[ \t\n\r]')) AS tok
                FROM search_new n JOIN articles a USING (article_id, version)
            ) WHERE tok <> ''
            """  # noqa: S608 (a constant expression, no input)
        )
        con.execute(
            """
            INSERT INTO search_tokmap
            SELECT tok, unnest(list_transform(search_terms(tok), x -> hash(x)))
            FROM (SELECT DISTINCT tok FROM search_tok) ANTI JOIN search_tokmap USING (tok)
            """
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE search_batch AS
            SELECT m.term, t.doc_id, count(*)::INTEGER AS tf
            FROM search_tok t JOIN search_tokmap m USING (tok) GROUP BY ALL
            """
        )
        con.execute(
            "INSERT INTO search_postings SELECT term, doc_id, tf FROM search_batch ORDER BY term, doc_id"
        )
        con.execute("INSERT INTO search_df_delta SELECT term, count(*) FROM search_batch GROUP BY term")
        con.execute(
            """
            INSERT INTO search_docs
            SELECT n.doc_id, n.article_id, n.version, coalesce(l.length, 0), a.source,
                   a.published_local_date, a.title, coalesce(a.canonical_url, a.url),
                   left(coalesce(nullif(a.lead, ''), a.body_text, ''), 300), current_timestamp
            FROM search_new n JOIN articles a USING (article_id, version)
            LEFT JOIN (SELECT doc_id, sum(tf)::INTEGER AS length FROM search_batch GROUP BY doc_id) l USING (doc_id)
            ORDER BY n.doc_id
            """
        )
        for temp in ("search_new", "search_tok", "search_batch"):
            con.execute(f"DROP TABLE {temp}")
    con.execute("DROP TABLE search_tokmap")


def _apply_stats(con: duckdb.DuckDBPyConnection) -> None:
    """Fold search_df_delta into search_term_stats (kept sorted by term) and refresh search_stats."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE search_df AS
        SELECT term, sum(n)::INTEGER AS df
        FROM (SELECT term, n FROM search_df_delta
              UNION ALL SELECT s.term, s.df FROM search_term_stats s SEMI JOIN search_df_delta d USING (term))
        GROUP BY term HAVING sum(n) > 0
        """
    )
    con.execute("DELETE FROM search_term_stats WHERE term IN (SELECT term FROM search_df_delta)")
    con.execute("INSERT INTO search_term_stats SELECT term, df FROM search_df ORDER BY term")
    con.execute("DELETE FROM search_stats")
    con.execute("INSERT INTO search_stats SELECT count(*), coalesce(sum(length), 0) FROM search_docs")
    con.execute("DROP TABLE search_df")
    con.execute("DROP TABLE search_df_delta")


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    *,
    limit: int = 20,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[Hit]:
    """Articles ranked by BM25 over the normalised query terms (read-only; no SQL built from input).

    Reads each term's df and the index size from the statistics tables, looks each term up by
    equality (the term-sorted postings let zone maps skip most row groups), scores, and reads the
    shown fields of the top ``limit`` documents only.
    """
    if limit <= 0:
        return []
    # the query's distinct terms with their df, and N and the summed length: one small read
    found = con.execute(
        """
        WITH q AS (SELECT unnest(list_distinct(list_transform(search_terms(?), x -> hash(x)))) AS term)
        SELECT q.term, t.df, s.docs, s.total_length
        FROM q JOIN search_term_stats t USING (term), search_stats s
        ORDER BY q.term
        """,
        [query],
    ).fetchall()
    if not found or not found[0][2]:
        return []
    n = int(found[0][2])
    avgdl = (int(found[0][3]) / n) or 1.0
    weights = [(int(term), math.log(1 + (n - df + 0.5) / (df + 0.5))) for term, df, _, _ in found if df]
    if not weights:
        return []
    # one equality lookup per term (an IN list of random hashes spans the whole range and prunes
    # nothing); hashes and weights are numbers computed here, bound as parameters
    lookups = " UNION ALL ".join(
        "SELECT doc_id, tf, ?::DOUBLE AS idf FROM search_postings WHERE term = ?::UBIGINT" for _ in weights
    )
    params: list[object] = [*(v for term, idf in weights for v in (idf, term)), avgdl]
    # filters only when asked for (constant SQL; values bound): otherwise the join reads two columns
    conditions = []
    if source is not None:
        conditions.append("d.source = ?")
        params.append(source)
    if since is not None:
        conditions.append("d.published_local_date >= ?::DATE")
        params.append(since)
    if until is not None:
        conditions.append("d.published_local_date < ?::DATE")
        params.append(until)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    # scores are grouped by the integer doc_id; the documents at or above the limit-th score (ties
    # included) are then joined for their fields and ordered by score, article_id as before
    rows = con.execute(
        f"""
        WITH hits AS ({lookups}),
        scored AS MATERIALIZED (
            SELECT h.doc_id,
                   sum(h.idf * h.tf * ({K1} + 1) / (h.tf + {K1} * (1 - {B} + {B} * d.length / ?::DOUBLE))) AS score
            FROM hits h JOIN search_docs d USING (doc_id)
            {where}
            GROUP BY h.doc_id
        ),
        cut AS (SELECT min(score) AS score FROM (SELECT score FROM scored ORDER BY score DESC LIMIT ?))
        SELECT d.article_id, s.score, d.source, CAST(d.published_local_date AS VARCHAR), d.title, d.url,
               coalesce(d.snippet, '')
        FROM scored s JOIN search_docs d USING (doc_id)
        WHERE s.score >= (SELECT score FROM cut)
        ORDER BY s.score DESC, d.article_id
        LIMIT ?
        """,  # noqa: S608 (only constant SQL with "?" placeholders is joined in; values are bound)
        [*params, limit, limit],
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
    from pipeline.store.db import connect

    con = connect(db, read_only=True)
    try:
        return search(con, query, limit=limit, source=source)
    finally:
        con.close()
