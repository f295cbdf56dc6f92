"""Stage: the records of one run (or one part of it) -> Parquet files in a run folder."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.core.models import Article, FetchRecord

LOGGER = logging.getLogger(__name__)

# Column types of every staged table (the hand-off between parallel tasks and the loader).
SCHEMAS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "source": "VARCHAR",
        "url": "VARCHAR",
        "canonical_url": "VARCHAR",
        "original_urls": "VARCHAR[]",
        "language": "VARCHAR",
        "title": "VARCHAR",
        "published": "VARCHAR",
        "published_local_date": "VARCHAR",
        "modified": "VARCHAR",
        "authors": "VARCHAR[]",
        "section": "VARCHAR",
        "tags": "VARCHAR[]",
        "lead": "VARCHAR",
        "body_text": "VARCHAR",
        "n_paragraphs": "INTEGER",
        "n_duplicates": "INTEGER",
        "input": "VARCHAR",
    },
    "paragraphs": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "position": "INTEGER",
        "role": "VARCHAR",
        "text": "VARCHAR",
        "body_index": "INTEGER",
        "is_duplicate": "BOOLEAN",
        "duplicate_of": "INTEGER[]",
        "dup_reason": "VARCHAR",
        "credit": "VARCHAR",
        "url": "VARCHAR",
    },
    "images": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "position": "INTEGER",
        "src": "VARCHAR",
        "caption": "VARCHAR",
        "credit": "VARCHAR",
        "alt": "VARCHAR",
    },
    "related_links": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "position": "INTEGER",
        "title": "VARCHAR",
        "url": "VARCHAR",
    },
    "mentions": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "position": "INTEGER",
        "paragraph": "INTEGER",
        "start": "INTEGER",
        "end": "INTEGER",
        "entity_id": "VARCHAR",
        "name": "VARCHAR",
        "type": "VARCHAR",
        "surface": "VARCHAR",
        "method": "VARCHAR",
        "role": "VARCHAR",
        "is_duplicate": "BOOLEAN",
    },
    "dates_mentioned": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "paragraph": "INTEGER",
        "start": "INTEGER",
        "end": "INTEGER",
        "text": "VARCHAR",
        "value": "VARCHAR",
        "precision": "VARCHAR",
        "alternatives": "VARCHAR[]",
        "inferred_year": "BOOLEAN",
        "relative": "BOOLEAN",
        "role": "VARCHAR",
        "is_duplicate": "BOOLEAN",
    },
    "quantities": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "paragraph": "INTEGER",
        "start": "INTEGER",
        "end": "INTEGER",
        "text": "VARCHAR",
        "value": "DOUBLE",
        "unit": "VARCHAR",
        "approx": "BOOLEAN",
        "role": "VARCHAR",
        "is_duplicate": "BOOLEAN",
    },
    "quotes": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "paragraph": "INTEGER",
        "position": "INTEGER",
        "speaker": "VARCHAR",
        "text": "VARCHAR",
        "verb": "VARCHAR",
        "entity_id": "VARCHAR",
        "affiliation_id": "VARCHAR",
        "speaker_key": "VARCHAR",
        "role": "VARCHAR",
        "is_duplicate": "BOOLEAN",
    },
    "text_issues": {
        "article_id": "VARCHAR",
        "content_hash": "VARCHAR",
        "position": "INTEGER",
        "paragraph": "INTEGER",
        "start": "INTEGER",
        "kind": "VARCHAR",
        "field": "VARCHAR",
        "text": "VARCHAR",
        "reason": "VARCHAR",
    },
    "fetches": {
        "fetch_id": "VARCHAR",
        "run_id": "VARCHAR",
        "source": "VARCHAR",
        "url": "VARCHAR",
        "original_url": "VARCHAR",
        "final_url": "VARCHAR",
        "outcome": "VARCHAR",
        "status_code": "INTEGER",
        "bytes": "BIGINT",
        "content_type": "VARCHAR",
        "charset": "VARCHAR",
        "elapsed_ms": "INTEGER",
        "warc_file": "VARCHAR",
        "warc_offset": "BIGINT",
        "error": "VARCHAR",
        "fetched_at": "VARCHAR",
        "attempt": "INTEGER",
        "etag": "VARCHAR",
        "last_modified": "VARCHAR",
        "body_sha256": "VARCHAR",
        "article_id": "VARCHAR",
    },
}
MANIFEST = "_manifest.json"


_PUBLISH_MEMORY = "512MB"  # JSONL -> Parquet of one staged part; measured 650 MB RSS on 600k rows


def safe_name(run_id: str) -> str:
    """A run id usable as a folder name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", run_id).strip("_") or "run"


def run_dir(staging_dir: Path, run_id: str) -> Path:
    return staging_dir / safe_name(run_id)


def article_rows(article: Article, original_urls: Iterable[str] = ()) -> dict[str, list[dict[str, Any]]]:
    """Rows of every staged table for one article."""
    key = {"article_id": article.article_id, "content_hash": article.content_hash}
    body_pos = {}
    count = 0
    for b in article.blocks:
        if b.role in {"paragraph", "heading"} and not b.is_duplicate:
            body_pos[b.position] = count
            count += 1
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS if name != "fetches"}
    rows["articles"].append(
        {
            **key,
            "source": article.source,
            "url": article.url,
            "canonical_url": article.canonical_url,
            "original_urls": sorted(set(original_urls)),
            "language": article.language,
            "title": article.title,
            "published": article.published,
            "published_local_date": article.published_local_date,
            "modified": article.modified,
            "authors": list(article.authors),
            "section": article.section,
            "tags": list(article.tags),
            "lead": article.lead,
            "body_text": "\n".join(article.body),
            "n_paragraphs": len(article.body),
            "n_duplicates": len(article.duplicates),
            "input": article.input,
        }
    )
    for b in article.blocks:
        rows["paragraphs"].append(
            {
                **key,
                "position": b.position,
                "role": b.role,
                "text": b.text,
                "body_index": body_pos.get(b.position),
                "is_duplicate": b.is_duplicate,
                "duplicate_of": list(b.duplicate_of),
                "dup_reason": b.dup_reason,
                "credit": b.credit,
                "url": b.url,
            }
        )
    for i, img in enumerate(article.images):
        rows["images"].append(
            {**key, "position": i, **{k: img.get(k) for k in ("src", "caption", "credit", "alt")}}
        )
    for i, rel in enumerate(article.related):
        rows["related_links"].append({**key, "position": i, "title": rel.get("title"), "url": rel.get("url")})
    for m in article.mentions:
        rows["mentions"].append({**key, **{k: m.get(k) for k in SCHEMAS["mentions"] if k not in key}})
    for d in article.dates_mentioned:
        rows["dates_mentioned"].append(
            {**key, **{k: d.get(k) for k in SCHEMAS["dates_mentioned"] if k not in key}}
        )
    for q in article.quantities:
        rows["quantities"].append({**key, **{k: q.get(k) for k in SCHEMAS["quantities"] if k not in key}})
    for i, q in enumerate(article.quotes):
        rows["quotes"].append(
            {
                **key,
                "position": i,
                **{k: q.get(k) for k in SCHEMAS["quotes"] if k not in key and k != "position"},
            }
        )
    for i, t in enumerate(article.text_issues):
        rows["text_issues"].append(
            {
                **key,
                "position": i,
                **{k: t.get(k) for k in ("paragraph", "start", "kind", "field", "text", "reason")},
            }
        )
    return rows


def fetch_row(record: FetchRecord, fetch_id: str, article_id: str | None) -> dict[str, Any]:
    values = {k: getattr(record, k) for k in SCHEMAS["fetches"] if hasattr(record, k)}
    values["fetch_id"] = fetch_id
    values["article_id"] = article_id
    values["bytes"] = record.bytes
    return values


class StagingError(Exception):
    """A staged part is missing, half-written or corrupt: the run is rejected whole."""


class StageWriter:
    """Collects rows of one part of a run as JSON lines, then publishes Parquet atomically."""

    def __init__(self, staging_dir: Path, run_id: str, part: str) -> None:
        self.final = run_dir(staging_dir, run_id) / safe_name(part)
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{safe_name(part)}-", dir=self.final.parent))
        self._files = {name: (self.tmp / f"{name}.jsonl").open("w", encoding="utf-8") for name in SCHEMAS}
        self.counts = dict.fromkeys(SCHEMAS, 0)

    def add(self, table: str, row: dict[str, Any]) -> None:
        try:
            self._files[table].write(json.dumps(row, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise StagingError(f"cannot write staging file {self.tmp / (table + '.jsonl')}: {exc}") from exc
        self.counts[table] += 1

    def add_article(self, article: Article, original_urls: Iterable[str] = ()) -> None:
        for table, rows in article_rows(article, original_urls).items():
            for row in rows:
                self.add(table, row)

    def publish(self) -> Path:
        """Convert to Parquet, write the manifest last, and move the part into place."""
        import duckdb  # here, not at import: `newsflow extract` never stages and should not pay for it

        try:
            return self._publish()
        except (OSError, duckdb.Error) as exc:
            raise StagingError(
                f"cannot publish staging part {self.final} (working in {self.tmp}): {exc}"
            ) from exc

    def _publish(self) -> Path:
        for handle in self._files.values():
            handle.close()
        # one thread and a cap: the conversion streams, and with DuckDB's defaults a worker converting a
        # 50k-article part held 1.3 GB (the JSON reader keeps two buffers of the largest object size)
        import duckdb

        con = duckdb.connect(config={"threads": 1, "memory_limit": _PUBLISH_MEMORY})
        try:
            files: dict[str, dict[str, Any]] = {}
            for table, columns in SCHEMAS.items():
                src = self.tmp / f"{table}.jsonl"
                dst = self.tmp / f"{table}.parquet"
                cols = ", ".join(f"'{c}': '{t}'" for c, t in columns.items())
                select = ", ".join(f'"{c}"' for c in columns)
                if self.counts[table]:
                    query = (
                        f"COPY (SELECT {select} FROM read_json('{src}', format='newline_delimited', "
                        f"columns={{{cols}}}, maximum_object_size=67108864)) TO '{dst}' (FORMAT parquet)"
                    )
                else:
                    empty = ", ".join(f'CAST(NULL AS {t}) AS "{c}"' for c, t in columns.items())
                    query = f"COPY (SELECT {empty} LIMIT 0) TO '{dst}' (FORMAT parquet)"
                con.execute(query)
                src.unlink()
                files[table] = {
                    "rows": self.counts[table],
                    "sha256": hashlib.sha256(dst.read_bytes()).hexdigest(),
                }
        finally:
            con.close()
        manifest = self.tmp / MANIFEST
        manifest.write_text(json.dumps({"files": files}, indent=1), encoding="utf-8")
        with manifest.open("rb") as raw:
            os.fsync(raw.fileno())
        if self.final.exists():
            shutil.rmtree(self.final)
        self.tmp.replace(self.final)
        return self.final

    def abort(self) -> None:
        """Drop a part that will not be published (a failing close must not hide the first error)."""
        for handle in self._files.values():
            with contextlib.suppress(OSError):
                handle.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def verified_parts(staging_dir: Path, run_id: str) -> list[Path]:
    """Published parts of a run, each checked against its manifest."""
    root = run_dir(staging_dir, run_id)
    if not root.is_dir():
        raise StagingError(f"no staged data for run {run_id!r} in {root}")
    parts = []
    for part in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        manifest_path = part / MANIFEST
        if not manifest_path.exists():
            raise StagingError(f"{part}: no {MANIFEST} (half-written part); rejected")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise StagingError(f"{manifest_path}: corrupt manifest ({exc}); rejected") from exc
        for table, meta in manifest.get("files", {}).items():
            path = part / f"{table}.parquet"
            if not path.exists():
                raise StagingError(f"{path}: missing; rejected")
            if hashlib.sha256(path.read_bytes()).hexdigest() != meta.get("sha256"):
                raise StagingError(f"{path}: checksum mismatch (corrupt or changed); rejected")
        parts.append(part)
    return parts
