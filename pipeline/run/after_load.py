"""The steps that follow a committed load (clusters, outlet boilerplate, search index), each recorded in runs."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import duckdb

from pipeline.core.settings import Settings
from pipeline.core.sources import Source
from pipeline.store.boilerplate import flag_outlet_boilerplate
from pipeline.store.clusters import update_clusters
from pipeline.store.db import open_db, writer_lease
from pipeline.store.load import load_run
from pipeline.store.search import update_search_index

LOGGER = logging.getLogger(__name__)

Step = Callable[[duckdb.DuckDBPyConnection, str], Any]


def _clusters(con: duckdb.DuckDBPyConnection, run_id: str) -> Any:
    return update_clusters(con)


def _boilerplate(con: duckdb.DuckDBPyConnection, run_id: str) -> Any:
    # after the clusters: the articles of one cluster count as one story
    return flag_outlet_boilerplate(con, run_id=run_id)


def _search(con: duckdb.DuckDBPyConnection, run_id: str) -> Any:
    return update_search_index(con)


# in order; each is incremental and rebuilt from the tables, so running one again is always safe
STEPS: tuple[tuple[str, Step], ...] = (
    ("clusters", _clusters),
    ("boilerplate", _boilerplate),
    ("search", _search),
)


def pending_failures(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Steps that failed on the last run that ran post-load steps (they run again after the next load)."""
    row = con.execute(
        "SELECT post_load FROM runs WHERE post_load IS NOT NULL ORDER BY finished_at DESC NULLS LAST LIMIT 1"
    ).fetchone()
    if not row or not row[0]:
        return []
    return [step for step, outcome in dict(row[0]).items() if str(outcome).startswith("failed")]


def needs_steps(con: duckdb.DuckDBPyConnection, counts: Mapping[str, int]) -> bool:
    """Derived data changes when articles do, or when a step failed last time."""
    return bool(counts.get("articles_new") or counts.get("articles_new_version") or pending_failures(con))


def run_steps(
    con: duckdb.DuckDBPyConnection, run_id: str, steps: Sequence[tuple[str, Step]] | None = None
) -> dict[str, str]:
    """Run every step after the run's commit; a failure never undoes the load and is recorded on the run."""
    outcomes: dict[str, str] = {}
    for name, step in STEPS if steps is None else steps:
        try:
            result = step(con, run_id)
        except Exception as exc:  # a step's failure is recorded, not raised: the load is committed
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            LOGGER.warning("post-load step %s failed (run again after the next load): %s", name, reason)
            LOGGER.debug("post-load step %s failed", name, exc_info=True)
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")  # a step that failed inside its own transaction leaves it open
            outcomes[name] = f"failed: {reason}"
            continue
        LOGGER.info("post-load step %s: %s", name, result)
        outcomes[name] = "ok"
    con.execute(
        "UPDATE runs SET post_load = MAP(?::VARCHAR[], ?::VARCHAR[]) WHERE run_id = ?",
        [list(outcomes), list(outcomes.values()), run_id],
    )
    return outcomes


def load_and_finish(
    settings: Settings,
    run_id: str,
    *,
    run_info: Mapping[str, Any] | None = None,
    sources: Sequence[Source] = (),
) -> dict[str, Any]:
    """Load the run's staged parts in one transaction, then run the post-load steps; returns the counts.

    The counts carry ``post_load`` (step -> outcome) when steps ran.
    """
    with writer_lease(settings):  # DuckLake: one load with its steps at a time (the file locks itself)
        con = open_db(settings)
        try:
            counts: dict[str, Any] = dict(
                load_run(settings, run_id, run_info=run_info, sources=sources, con=con)
            )
            if needs_steps(con, counts):
                counts["post_load"] = run_steps(con, run_id)
        finally:
            con.close()
    return counts
