"""Rebuild: recreate a DuckDB database from WARC archives alone (the archive is the source of truth)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.acquire.outcomes import NOT_FAILED
from pipeline.core.settings import Settings
from pipeline.core.sources import Source
from pipeline.run.after_load import load_and_finish
from pipeline.run.driver import Tick, stage_part

LOGGER = logging.getLogger(__name__)


def rebuild(
    settings: Settings,
    warc_paths: Sequence[Path],
    db_out: Path,
    *,
    source: Source | None = None,
    tick: Tick | None = None,
) -> dict[str, Any]:
    """Re-extract every HTML capture of ``warc_paths`` and load it into a new database ``db_out``.

    Each WARC file becomes one run (``rebuild-<file stem>``), loaded in the order given, so an
    article captured in several runs gets its versions in the same order as the original
    loads. Staging goes to a temporary directory; ``db_out`` must not exist yet (a rebuild
    never merges into, or overwrites, a database). No network is used. ``tick(1, 0)`` is called
    as each WARC file is done (the progress hook).
    """
    db_out = Path(db_out)
    if db_out.exists():
        raise FileExistsError(f"{db_out} already exists: rebuild writes a new database only")
    missing = [str(p) for p in warc_paths if not Path(p).is_file()]
    if missing:
        raise FileNotFoundError(f"WARC file(s) not found: {', '.join(missing)}")
    db_out.parent.mkdir(parents=True, exist_ok=True)
    totals: dict[str, Any] = {"runs": [], "articles": 0, "paragraphs": 0, "captures": 0, "failed": 0}
    with tempfile.TemporaryDirectory(prefix=".rebuild-", dir=db_out.parent) as tmp:
        local = settings.replace(db=db_out, data_dir=Path(tmp))
        for path in warc_paths:
            run_id = f"rebuild-{Path(path).name.split('.', 1)[0]}"
            part = stage_part(
                local,
                run_id,
                source.name if source else "rebuild",
                source=source,
                inputs=[str(path)],
                tick=tick,
            )
            counts = load_and_finish(
                local,
                run_id,
                run_info={"trigger": "rebuild", "sources": [source.name] if source else ["rebuild"]},
                sources=[source] if source else [],
            )
            totals["runs"].append(run_id)
            totals["captures"] += sum(part.outcomes.values())
            totals["failed"] += sum(n for k, n in part.outcomes.items() if k not in NOT_FAILED)
            totals["articles"] += counts.get("articles_new", 0)
            totals["paragraphs"] += counts.get("paragraphs_loaded", 0)
            LOGGER.info("rebuilt %s from %s: %s", run_id, path, counts)
    return totals
