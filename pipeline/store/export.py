"""Export: current articles, their child tables, entities and clusters to Parquet.

Article tables are partitioned by source and local date; ``entities`` (the names that ``mentions``
point at) is one file, so Parquet users can join names without the database.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pipeline.core.settings import Settings
from pipeline.store.db import CHILD_TABLES

LOGGER = logging.getLogger(__name__)

# Tables keyed by article only (no version): each row beside its current article's partition.
_BY_ARTICLE = ("article_clusters",)
# Whole tables, one file each: the lookups the partitioned tables join to.
_WHOLE = {"entities": "SELECT * FROM entities ORDER BY entity_id"}


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(settings: Settings, out_dir: Path) -> dict[str, Any]:
    """Write ``out_dir/<table>/source=…/published_local_date=…/*.parquet``; returns rows and files per table.

    Opens the database read-only; re-running overwrites the previous export of each table.
    """
    from pipeline.store.db import connect

    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    con = connect(settings.db, read_only=True)
    result: dict[str, Any] = {"out_dir": str(out_dir), "tables": {}}
    try:
        selects = {"articles": "SELECT * FROM articles_current"}
        for table in CHILD_TABLES:  # beside articles, joined to the current version of their article
            selects[table] = (
                f"SELECT c.*, a.source, a.published_local_date FROM {table} c "  # noqa: S608 (table names from code)
                "JOIN articles_current a USING (article_id, version)"
            )
        for table in _BY_ARTICLE:
            selects[table] = (
                f"SELECT c.*, a.source, a.published_local_date FROM {table} c "  # noqa: S608 (table names from code)
                "JOIN articles_current a USING (article_id)"
            )
        for table, select in selects.items():
            target = out_dir / table
            con.execute(
                f"COPY ({select}) TO {_quote_path(target)} "
                "(FORMAT parquet, PARTITION_BY (source, published_local_date), OVERWRITE_OR_IGNORE true, "
                "FILENAME_PATTERN 'part-{i}')"
            )
            rows = con.execute(f"SELECT count(*) FROM ({select})").fetchone()  # noqa: S608 (table names from code)
            files = sorted(target.rglob("*.parquet")) if target.exists() else []
            result["tables"][table] = {"rows": int(rows[0]) if rows else 0, "files": len(files)}
        for table, select in _WHOLE.items():
            target = out_dir / table
            target.mkdir(exist_ok=True)
            con.execute(f"COPY ({select}) TO {_quote_path(target / (table + '.parquet'))} (FORMAT parquet)")
            rows = con.execute(f"SELECT count(*) FROM ({select})").fetchone()  # noqa: S608 (table names from code)
            result["tables"][table] = {"rows": int(rows[0]) if rows else 0, "files": 1}
    finally:
        con.close()
    LOGGER.info("exported to %s: %s", out_dir, result["tables"])
    return result
