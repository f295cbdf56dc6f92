"""The SQL analytics library: named .sql files in sql/views and sql/analytics, run with bound parameters."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

LOGGER = logging.getLogger(__name__)

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
LIBRARY_DIRS = (SQL_DIR / "views", SQL_DIR / "analytics")
_PARAM = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_VARIABLE = re.compile(r"getvariable\('([A-Za-z_][A-Za-z0-9_]*)'\)")


class UnknownQueryError(KeyError):
    """No query of that name in the library."""


@dataclass(frozen=True)
class Query:
    """One library query: its name (file stem), file, one-line description and parameters."""

    name: str
    path: Path
    description: str
    params: tuple[str, ...]

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def _describe(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    description = ""
    for line in text.splitlines():
        if line.strip().startswith("--"):
            description = line.strip().lstrip("-").strip()
            break
    params = tuple(dict.fromkeys(_VARIABLE.findall(text)))
    return Query(name=path.stem, path=path, description=description, params=params)


def list_queries(dirs: tuple[Path, ...] = LIBRARY_DIRS) -> list[Query]:
    """Every library query, sorted by name (a name in a later directory wins)."""
    found: dict[str, Query] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.sql")):
            found[path.stem] = _describe(path)
    return [found[k] for k in sorted(found)]


def get_query(name: str, dirs: tuple[Path, ...] = LIBRARY_DIRS) -> Query:
    for query in list_queries(dirs):
        if query.name == name:
            return query
    raise UnknownQueryError(f"no query named {name!r}; `newsflow sql --list` shows them")


def set_params(con: duckdb.DuckDBPyConnection, params: Mapping[str, Any]) -> None:
    """``SET VARIABLE name = ?`` with the value bound, never pasted into SQL text."""
    for key, value in params.items():
        if not _PARAM.match(key):
            raise ValueError(f"bad parameter name {key!r}: letters, digits and _ only")
        con.execute(f"SET VARIABLE {key} = ?", [value])


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["day=2024-03-16", "term=الحوثيين"]`` -> dict (values stay strings; the SQL casts them)."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not _PARAM.match(key.strip()):
            raise ValueError(f"bad --param {pair!r}: use NAME=VALUE")
        params[key.strip()] = value
    return params


def run_query(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a library query by name with parameters; returns (columns, rows)."""
    query = get_query(name)
    unknown = set(params or {}) - set(query.params)
    if unknown:
        LOGGER.warning("query %s ignores parameters %s (it reads %s)", name, sorted(unknown), query.params)
    for key in query.params:  # a parameter left out takes its default, not a value set by an earlier query
        if key not in (params or {}) and _PARAM.match(key):
            con.execute(f"RESET VARIABLE {key}")
    set_params(con, params or {})
    cur = con.execute(query.sql)
    columns = [d[0] for d in cur.description or []]
    return columns, cur.fetchall()


class ReadOnlyError(ValueError):
    """User SQL that would write, load, attach or reconfigure: refused before it runs."""


# statement types a read-only session may run; everything else (ATTACH, COPY, EXPORT, INSTALL/LOAD,
# SET, CREATE, INSERT, UPDATE, DELETE, DROP, ALTER, VACUUM/ANALYZE, transactions…) is refused
_ALLOWED_TYPES = frozenset({"SELECT", "EXPLAIN", "CALL"})
_CHECKPOINT = re.compile(r"^\s*(?:call\s+)?(?:force[\s_]+)?checkpoint\b|\b(?:force_)?checkpoint\s*\(", re.I)
_SET_VARIABLE = re.compile(r"^\s*set\s+variable\s", re.I)


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """Make a read-only connection safe for user SQL: no file, network or extension access, and a
    configuration that no statement can change back. Call after any setup the session needs."""
    from pipeline.store import lake

    lake.allow_own_files(con)  # on DuckLake: its data files only (the file store has none to allow)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def check_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse, before anything runs, SQL that is not a plain query. Raises ReadOnlyError."""
    statements = con.extract_statements(sql)
    if not statements:
        raise ReadOnlyError("no SQL statement given")
    for statement in statements:
        kind = str(statement.type).rsplit(".", 1)[-1]
        text = statement.query.strip()
        if kind == "CREATE" and not text:
            continue  # the enum DuckDB itself creates for a PIVOT without IN (…): part of a query
        if kind == "SET" and _SET_VARIABLE.match(text):
            continue  # a session variable, like --param
        if kind not in _ALLOWED_TYPES or _CHECKPOINT.search(text):
            shown = " ".join(text.split())[:60] or kind
            raise ReadOnlyError(
                f"refused {kind} statement ({shown}): the database is open read-only and "
                "`newsflow sql` runs queries only (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, "
                "PRAGMA table_info…)"
            )


def outlet_summary(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]:
    """`newsflow summary`: per source (articles, body paragraphs, blocks, duplicates flagged), and
    the table totals (article rows, paragraph rows, duplicates, runs, fetch rows)."""
    rows = con.execute(
        """
        SELECT a.source, count(DISTINCT a.article_id) AS articles,
               sum(a.n_paragraphs) AS body_paragraphs,
               (SELECT count(*) FROM paragraphs p WHERE p.article_id IN
                   (SELECT article_id FROM articles_current c WHERE c.source = a.source)) AS blocks,
               (SELECT count(*) FROM paragraphs p WHERE p.is_duplicate AND p.article_id IN
                   (SELECT article_id FROM articles_current c WHERE c.source = a.source)) AS duplicates_flagged
        FROM articles_current a GROUP BY a.source ORDER BY a.source
        """
    ).fetchall()
    totals = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM paragraphs), "
        "(SELECT count(*) FROM paragraphs WHERE is_duplicate), (SELECT count(*) FROM runs), "
        "(SELECT count(*) FROM fetches)"
    ).fetchone()
    return rows, totals


def last_run_counts(
    con: duckdb.DuckDBPyConnection, not_failed: Collection[str]
) -> dict[str, tuple[Any, ...]]:
    """Each source's latest run and that run's counts only: {source: (run_id, ok, not loaded, failed)}.

    ``not_failed`` outcomes other than ``ok`` count as "not loaded"; robots.txt requests are no
    inputs and are left out.
    """
    kept = sorted(not_failed)
    rows = con.execute(
        """
        WITH last AS (SELECT f.source, arg_max(f.run_id, coalesce(r.finished_at, f.fetched_at)) AS run_id
                      FROM fetches f LEFT JOIN runs r USING (run_id) GROUP BY f.source)
        SELECT f.source, l.run_id,
               count(*) FILTER (f.outcome = 'ok') AS ok,
               count(*) FILTER (f.outcome <> 'ok' AND list_contains(?, f.outcome)) AS not_loaded,
               count(*) FILTER (NOT list_contains(?, f.outcome)) AS failed
        FROM fetches f JOIN last l USING (source, run_id)
        WHERE NOT f.url LIKE '%://%/robots.txt'
        GROUP BY ALL
        """,
        [kept, kept],
    ).fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}
