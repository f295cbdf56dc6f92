"""What the command line shows and reads around a run: the progress bar (the run driver's ``tick``
hook drawn by tqdm), summary lines that add up, plain tables, and ``--manifest`` files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.acquire.outcomes import NOT_FAILED
from pipeline.core.settings import Settings


class UsageError(Exception):
    """A wrong argument or input the user can fix: one line on stderr, exit code 2."""


def print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: Any = None) -> None:
    """Columns and rows as a plain text table (cells cut at 80 characters), with the row count."""
    out = out or sys.stdout
    cells = [[("NULL" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = min(max(widths[i], len(v)), 80)
    line = " | ".join(c.ljust(widths[i]) for i, c in enumerate(columns))
    out.write(line + "\n" + "-+-".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(" | ".join(v[:80].ljust(widths[i]) for i, v in enumerate(row)) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


class Progress:
    """A progress bar on stderr (N/total, rate, time left), or nothing when switched off.

    ``tick(done, total)`` is the run driver's hook: ``total`` grows as inputs are found, ``done``
    as they are finished; a run whose total is not known up front (a crawl) shows count and rate.
    """

    def __init__(self, enabled: bool, *, unit: str, desc: str, total: int | None = None) -> None:
        from tqdm import tqdm

        self._fixed = total is not None
        size = shutil.get_terminal_size((100, 20))
        self.bar = tqdm(
            total=total,
            unit=f" {unit}",
            desc=desc,
            file=sys.stderr,
            disable=not enabled,
            # a terminal that reports no size (0x0, some CI ptys) would hide the bar: 100x20 then
            ncols=size.columns,
            nrows=size.lines,
            mininterval=0.2,
            smoothing=0.1,
        )
        self.enabled = enabled
        self._last: float | None = None

    def tick(self, done: int = 1, total: int = 0) -> None:
        if total and not self._fixed:
            self.bar.total = (self.bar.total or 0) + total
            self.bar.refresh()
        if done:
            if not self._fixed and self.bar.total is not None and self.bar.n + done > self.bar.total:
                self.bar.total = (
                    None  # a crawl after local inputs: its total is not known, show count and rate
                )
            self.bar.update(done)
            self._last = time.time()

    def close(self) -> None:
        if self._last is not None and self.bar.total and self.bar.n >= self.bar.total:
            # the load after the last input is not part of the inputs' elapsed time and rate
            now = time.time()
            self.bar.start_t += now - self._last
            self.bar.last_print_t = now  # else tqdm takes the bar for never drawn and skips its last frame
        self.bar.close()

    def write(self, message: str) -> None:
        if self.enabled:
            self.bar.write(message, file=sys.stderr)
        else:
            sys.stderr.write(message + "\n")


def split_outcomes(summary: Mapping[str, Any]) -> tuple[Counter[str], Counter[str]]:
    """(outcomes of the inputs, outcomes of robots.txt requests) from a run summary."""
    robots: Counter[str] = Counter(summary.get("robots") or {})
    inputs: Counter[str] = Counter(summary.get("outcomes") or {})
    inputs.subtract(robots)
    return Counter({k: n for k, n in inputs.items() if n > 0}), robots


def print_run_summary(summary: Mapping[str, Any], db: Path) -> None:
    """The run in lines that add up: inputs = sum of outcomes; extracted = distinct + repeats;
    distinct = new + new versions + unchanged."""
    inputs, robots = split_outcomes(summary)
    n_inputs = sum(inputs.values())
    extracted = int(summary.get("staged_articles") or 0)
    failed = sum(n for k, n in inputs.items() if k not in NOT_FAILED)
    not_loaded = sum(n for k, n in inputs.items() if k in NOT_FAILED and k != "ok")
    print(
        f"run {summary['run_id']}: {n_inputs} input{'s' if n_inputs != 1 else ''}: "
        f"{extracted} article{'s' if extracted != 1 else ''} extracted, "
        f"{not_loaded} not loaded by design, {failed} failed"
    )
    for name, n in sorted(inputs.items(), key=lambda kv: (kv[0] not in NOT_FAILED, kv[0])):
        note = "" if name in NOT_FAILED else "  (failed)"
        print(f"  {name:>20}: {n}{note}")
    if robots:
        shown = ", ".join(f"{k} {n}" for k, n in sorted(robots.items()))
        print(f"  robots.txt requests (not inputs): {sum(robots.values())} ({shown})")
    for part in summary.get("parts", []):
        for failure in part.get("failures", []):
            print(f"  failed: {failure}")
    load = summary.get("load")
    if not load:
        if summary.get("dry_run"):
            print("dry run: nothing loaded")
        return
    distinct = int(load.get("articles_staged", 0))
    same = extracted - distinct
    if same:
        print(
            f"{same} of the {extracted} extracted articles were identical to another input of this run "
            f"(same URL or same text): {distinct} distinct"
        )
    print(
        f"loaded into {db}: {distinct} distinct article{'s' if distinct != 1 else ''}: "
        f"{load['articles_new']} new, {load['articles_new_version']} new versions, "
        f"{load['articles_unchanged']} unchanged; {load['paragraphs_loaded']} paragraphs"
    )
    for step, outcome in (load.get("post_load") or {}).items():
        if outcome != "ok":
            print(
                f"warning: post-load step {step} {outcome} (recorded in runs; run again after the next load)"
            )


def read_manifest(path: Path) -> tuple[list[tuple[str, str | None]], int]:
    """(path, url) pairs of a JSONL manifest, and the number of bad lines (each told on stderr)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"--manifest {path}: not UTF-8 text (byte {exc.start})") from exc
    items: list[tuple[str, str | None]] = []
    bad = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        problem = None
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            problem = f"not JSON ({exc.msg} at column {exc.colno})"
        else:
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or not entry["path"]:
                problem = 'no "path" (each line is {"path": "...", "url": "..."})'
            elif entry.get("url") is not None and not isinstance(entry.get("url"), str):
                problem = '"url" is not a string'
            else:
                items.append((entry["path"], entry.get("url")))
        if problem:
            print(f"newsflow extract: {path}:{number}: {problem}", file=sys.stderr)
            bad += 1
    return items, bad


def iso_datetime(value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD[THH:MM]): {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def iso_day(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def count(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from exc
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {number}")
    return number


def positive(value: str) -> int:
    number = count(value)
    if number == 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def read_sources(path: Path) -> list[Any]:
    """The sources registry, with unreadable files (binary, a folder, no permission) told in one line."""
    from pipeline.core.sources import SourceConfigError, load_sources

    try:
        return load_sources(path)
    except UnicodeDecodeError as exc:
        raise SourceConfigError(
            f"{path}: not a UTF-8 TOML file (byte {exc.start} cannot be decoded)"
        ) from exc
    except IsADirectoryError as exc:
        raise SourceConfigError(f"{path} is a directory, not a sources file") from exc
    except OSError as exc:
        raise SourceConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def open_read_only(settings: Settings, command: str) -> Any:
    """A read-only connection, or None after telling the user why (no database yet, a load holds it)."""
    from pipeline.store.db import DatabaseLockedError, connect, open_store

    if settings.store == "ducklake":  # the lake's catalog and data files (NEWSFLOW_STORE=ducklake)
        import duckdb

        try:
            return open_store(settings)
        except (duckdb.Error, ModuleNotFoundError, OSError) as exc:
            print(f"newsflow {command}: DuckLake store unavailable: {exc}", file=sys.stderr)
            return None
    try:
        return connect(settings.db, read_only=True)
    except (FileNotFoundError, DatabaseLockedError) as exc:
        print(f"newsflow {command}: {exc}", file=sys.stderr)
        return None


def progress_wanted(args: argparse.Namespace) -> bool:
    """--progress / --no-progress, else on only when both stdout and stderr are terminals."""
    if getattr(args, "quiet", False):
        return False
    if args.progress is not None:
        return bool(args.progress)
    return sys.stdout.isatty() and sys.stderr.isatty()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
