"""One typed settings object: defaults in code, NEWSFLOW_* environment variables override."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
STORES = ("file", "ducklake")


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Every tunable of newsflow. Read once at an entry point, then passed down."""

    db: Path = Path("data/news.duckdb")
    data_dir: Path = Path("data")
    sources_file: Path = _PROJECT_ROOT / "sources.toml"
    # fetching
    user_agent: str = "newsflow/0.1 (+https://example.org/newsflow; news research crawler)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0  # total seconds per request, body included
    max_bytes: int = 15_000_000  # counted after decompression (local files, gzip pages and dump lines too)
    max_redirects: int = 5
    retries: int = 3
    backoff_factor: float = 0.5
    max_retry_after: float = 120.0
    per_host_interval: float = 1.0  # minimum seconds between two requests to one host
    workers: int = 4  # fetch threads (hosts fetched in parallel)
    processes: int = 1  # extraction processes for local inputs (files, WARC, dumps)
    allow_loopback: bool = False  # tests only: allows 127.0.0.0/8 and ::1, nothing else
    respect_robots: bool = True
    # extraction / quality
    max_articles_per_source: int = 0  # 0 = no limit
    extract_deadline: float = 60.0  # seconds to extract one local input (0 = no cap): extract_timeout
    quality_max_missing_date_share: float = 0.5
    quality_max_missing_body_share: float = 0.2
    quality_max_fetch_error_share: float = 0.5
    retention_days: int = 90
    lock_retry_seconds: float = 60.0
    duckdb_memory_limit: str = "1GB"  # the loader spills to data_dir/duckdb_tmp beyond this
    # the store: "file" (the DuckDB file at `db`, the default) or "ducklake" (Parquet data files under
    # ducklake_data_path, any worker can write; catalog in Postgres: "postgres:dbname=... host=...",
    # or a DuckDB file path; empty: data_dir/lake.ducklake and data_dir/lake/). See docs/scale-out.md.
    store: str = "file"
    ducklake_catalog: str = ""
    ducklake_data_path: str = ""
    ducklake_retries: int = 8  # attempts of one write transaction when concurrent writers conflict

    def __post_init__(self) -> None:
        if self.store not in STORES:
            raise ValueError(f"NEWSFLOW_STORE={self.store!r}: expected one of {', '.join(STORES)}")

    @property
    def staging_dir(self) -> Path:
        return self.data_dir / "staging"

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def load_settings(env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Defaults, then ``NEWSFLOW_<FIELD>`` variables, then explicit overrides."""
    env = os.environ if env is None else env
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = env.get(f"NEWSFLOW_{f.name.upper()}")
        if raw is None:
            continue
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", "")
        try:
            if kind == "bool":
                values[f.name] = _bool(raw)
            elif kind == "int":
                values[f.name] = int(raw)
            elif kind == "float":
                values[f.name] = float(raw)
            elif kind == "Path":
                values[f.name] = Path(raw)
            else:
                values[f.name] = raw
        except ValueError as exc:
            raise ValueError(f"NEWSFLOW_{f.name.upper()}={raw!r}: expected {kind}") from exc
    if "NEWSFLOW_DATA_DIR" in env and "NEWSFLOW_DB" not in env:
        values["db"] = Path(env["NEWSFLOW_DATA_DIR"]) / "news.duckdb"
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]
