"""Outlet boilerplate learned from what was loaded: promo lines and footers flagged, kept out of the body.

One article cannot tell a promo line ("تابعوا آخر الأخبار عبر قناتنا") from a paragraph; an outlet's
loaded articles can. A body line that one outlet prints in ``min_stories`` or more unrelated stories
(the articles of one near-duplicate cluster count once: a republished story repeats its paragraphs
without them being boilerplate) is learned into ``boilerplate_lines``; every paragraph row carrying it
is flagged ``is_duplicate`` with ``dup_reason = 'outlet_boilerplate'`` and a ``boilerplate_key``
pointing at the line, and ``articles.body_text`` / ``n_paragraphs`` / ``n_duplicates`` of those
article versions are recomputed. Nothing is deleted: the rows keep their text and role.

The flags are recomputed for the outlets of each load from all of their current articles, so they are
a function of the loaded articles alone: loading the same runs again, in any order, or rebuilding the
database from the archive gives the same flags. A line that stops qualifying (an edited story dropped
it) is unflagged and its paragraphs return to the body with their original body index.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import duckdb

from pipeline.store.db import insertion_order
from pipeline.store.search import forget_documents

LOGGER = logging.getLogger(__name__)

MIN_STORIES = 3
REASON = "outlet_boilerplate"
_BODY_ROLES = "('paragraph', 'heading')"
# matching form of a line: the search folding (diacritics, alef/yeh/teh-marbuta, digits), then
# punctuation and spacing collapsed; lines with no letter or digit are never boilerplate
_NORM = r"trim(regexp_replace(search_fold(p.text), '[^\p{L}\p{N}]+', ' ', 'g'))"


def flag_outlet_boilerplate(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str | None = None,
    sources: Sequence[str] | None = None,
    min_stories: int = MIN_STORIES,
) -> dict[str, int]:
    """Relearn the boilerplate of the outlets of ``run_id`` (or ``sources``; all when both are None).

    Returns counts: outlets, lines learned, paragraphs flagged and unflagged, article versions whose
    body changed. Runs in its own transaction.
    """
    if run_id is not None:
        rows = con.execute("SELECT DISTINCT source FROM articles WHERE run_id = ?", [run_id]).fetchall()
        outlets = sorted(str(r[0]) for r in rows if r[0] is not None)
    elif sources is not None:
        outlets = sorted(set(sources))
    else:
        rows = con.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL").fetchall()
        outlets = sorted(str(r[0]) for r in rows)
    result = {"outlets": len(outlets), "lines": 0, "flagged": 0, "unflagged": 0, "articles_changed": 0}
    if not outlets:
        return result
    with insertion_order(con, preserve=False):  # the large scans stream within memory_limit
        return _relearn(con, outlets, result, min_stories)


def _relearn(
    con: duckdb.DuckDBPyConnection, outlets: list[str], result: dict[str, int], min_stories: int
) -> dict[str, int]:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE bp_outlets (source VARCHAR)")
        con.executemany("INSERT INTO bp_outlets VALUES (?)", [[s] for s in outlets])
        # the candidate rows: body-role blocks of current versions that are not an in-article repeat
        # (rows flagged as boilerplate earlier are candidates again, so a line can stop qualifying)
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE bp_rows AS
            SELECT * EXCLUDE (norm), CASE WHEN norm <> '' THEN md5(norm) END AS line_key FROM (
            SELECT p.article_id, p.version, p.position, p.boilerplate_key AS old_key, a.source,
                   coalesce(c.cluster_id, a.article_id) AS story,
                   coalesce(a.published_local_date, CAST(a.published_at AS DATE)) AS day,
                   {_NORM} AS norm
            FROM articles_current a
            JOIN paragraphs p USING (article_id, version)
            LEFT JOIN article_clusters c ON c.article_id = a.article_id
            WHERE a.source IN (SELECT source FROM bp_outlets)
              AND p.role IN {_BODY_ROLES}
              AND (NOT p.is_duplicate OR p.boilerplate_key IS NOT NULL)
              AND p.text IS NOT NULL)
            """  # noqa: S608 (constants only)
        )
        # keys only (no text) while counting; the text of the few learned lines is read afterwards
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE bp_lines AS
            WITH counted AS (
                SELECT source, line_key, count(DISTINCT story)::INTEGER AS stories,
                       count(DISTINCT article_id)::INTEGER AS articles,
                       arg_min(article_id, (coalesce(day, DATE '9999-12-31'), article_id, position)) AS first_article_id,
                       arg_min(position, (coalesce(day, DATE '9999-12-31'), article_id, position)) AS first_position,
                       arg_min(version, (coalesce(day, DATE '9999-12-31'), article_id, position)) AS first_version,
                       min(day) AS first_seen, max(day) AS last_seen
                FROM bp_rows WHERE line_key IS NOT NULL
                GROUP BY source, line_key
                HAVING count(DISTINCT story) >= ?
            )
            SELECT c.source, c.line_key, p.text, c.stories, c.articles, c.first_article_id, c.first_seen, c.last_seen
            FROM counted c JOIN paragraphs p
              ON p.article_id = c.first_article_id AND p.version = c.first_version AND p.position = c.first_position
            """,
            [min_stories],
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE bp_change AS
            SELECT r.article_id, r.version, r.position, l.line_key AS new_key, r.old_key
            FROM bp_rows r LEFT JOIN bp_lines l ON l.source = r.source AND l.line_key = r.line_key
            WHERE l.line_key IS DISTINCT FROM r.old_key
            """
        )
        con.execute("DELETE FROM boilerplate_lines WHERE source IN (SELECT source FROM bp_outlets)")
        con.execute(
            "INSERT INTO boilerplate_lines SELECT source, line_key, text, stories, articles, first_article_id, "
            "first_seen, last_seen FROM bp_lines"
        )
        con.execute(
            f"""
            UPDATE paragraphs SET is_duplicate = c.new_key IS NOT NULL,
                                  dup_reason = CASE WHEN c.new_key IS NOT NULL THEN '{REASON}' END,
                                  boilerplate_key = c.new_key
            FROM bp_change c
            WHERE paragraphs.article_id = c.article_id AND paragraphs.version = c.version
              AND paragraphs.position = c.position
            """  # noqa: S608 (constants only)
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE bp_articles AS SELECT DISTINCT article_id, version FROM bp_change"
        )
        # body_index as extracted counted the boilerplate rows (they were body then): flagged rows get
        # NULL, every other body row keeps its original index, so mentions and quotes still point right
        con.execute(
            f"""
            UPDATE paragraphs SET body_index = b.body_index
            FROM (
                SELECT article_id, version, position,
                       CASE WHEN NOT p.is_duplicate
                            THEN row_number() OVER (PARTITION BY article_id, version ORDER BY position) - 1
                       END AS body_index
                FROM paragraphs p JOIN bp_articles USING (article_id, version)
                WHERE p.role IN {_BODY_ROLES} AND (NOT p.is_duplicate OR p.boilerplate_key IS NOT NULL)
            ) b
            WHERE paragraphs.article_id = b.article_id AND paragraphs.version = b.version
              AND paragraphs.position = b.position
            """  # noqa: S608 (constants only)
        )
        con.execute(
            f"""
            UPDATE articles SET body_text = b.body_text, n_paragraphs = b.n_paragraphs,
                                n_duplicates = b.n_duplicates
            FROM (
                SELECT article_id, version,
                       coalesce(string_agg(CASE WHEN role = 'heading' THEN '## ' || text ELSE text END, chr(10)
                                           ORDER BY position)
                                FILTER (WHERE role IN {_BODY_ROLES} AND NOT is_duplicate), '') AS body_text,
                       count(*) FILTER (WHERE role IN {_BODY_ROLES} AND NOT is_duplicate)::INTEGER AS n_paragraphs,
                       count(*) FILTER (WHERE is_duplicate)::INTEGER AS n_duplicates
                FROM paragraphs JOIN bp_articles USING (article_id, version)
                GROUP BY article_id, version
            ) b
            WHERE articles.article_id = b.article_id AND articles.version = b.version
            """  # noqa: S608 (constants only)
        )
        counts = con.execute(
            "SELECT (SELECT count(*) FROM bp_lines), count(*) FILTER (WHERE new_key IS NOT NULL AND old_key IS NULL), "
            "count(*) FILTER (WHERE new_key IS NULL), (SELECT count(*) FROM bp_articles) FROM bp_change"
        ).fetchone()
        # the search index holds the old body of these versions: drop their documents, so the next
        # update_search_index (run right after, in the load's hooks) indexes them again
        forget_documents(con, "SELECT DISTINCT article_id FROM bp_articles")
        for temp in ("bp_outlets", "bp_rows", "bp_lines", "bp_change", "bp_articles"):
            con.execute(f"DROP TABLE {temp}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if counts:
        result.update(lines=int(counts[0]), flagged=int(counts[1]), unflagged=int(counts[2]))
        result["articles_changed"] = int(counts[3])
    LOGGER.info("outlet boilerplate: %s", result)
    return result
