"""End-to-end benchmark: synthetic WARC archive -> `newsflow ingest` (subprocess, fresh DB) -> DuckDB.

Run from the repository root::

    .venv/bin/python bench/e2e.py            # 1k and 10k pages, 1 and 2 workers
    .venv/bin/python bench/e2e.py --full     # adds 100k (2 workers only: about half an hour)
    .venv/bin/python bench/e2e.py --sizes 1000 --workers 2

Reports wall time, CPU seconds (user+sys of the whole process tree), articles/s, peak RSS of the
process tree (sampled from /proc), a per-stage breakdown (timers wrapped around the stage functions in an in-process run of the
smallest archive; bench/profile.py has the cProfile view) and the
growth of time per article between the two largest sizes. Writes bench/out/e2e.json.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import inspect
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_archive import write_archive  # noqa: E402

LOGGER = logging.getLogger(__name__)
OUT = ROOT / "bench" / "out"
WORK = Path(tempfile.gettempdir()) / "newsflow-bench"
BIG = 100_000  # archives this large run with the largest worker count only
PAGE_KB = 4  # /proc reports RSS in pages of this many kB on x86-64 Linux

# Stage timers: (module, attribute, stage). Times are exclusive: a stage nested in another
# (dedupe inside build_article) is not counted twice.
STAGE_HOOKS: tuple[tuple[str, str, str], ...] = (
    ("pipeline.acquire.warc", "iter_captures", "read_warc"),
    ("pipeline.run.driver", "parse", "parse"),
    ("pipeline.run.document", "clean", "clean"),
    ("pipeline.extract.article", "flag_repeats", "dedupe"),
    ("pipeline.extract.article", "doubled_words", "dedupe"),
    ("pipeline.store.clusters", "update_clusters", "dedupe"),
    ("pipeline.fields.annotate", "_structured_fields", "extract_fields"),
    ("pipeline.run.document", "build_article", "extract"),
    ("pipeline.store.stage", "StageWriter.add_article", "stage"),
    ("pipeline.store.stage", "StageWriter.publish", "stage"),
    ("pipeline.store.load", "load_run", "load"),
)


class StageTimer:
    """Exclusive wall time per stage, from wrappers installed around pipeline functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stack: list[float] = []  # time spent in nested timed calls, per open frame

    def _enter(self) -> float:
        self._stack.append(0.0)
        return time.perf_counter()

    def _leave(self, stage: str, start: float) -> None:
        elapsed = time.perf_counter() - start
        nested = self._stack.pop()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed - nested
        if self._stack:
            self._stack[-1] += elapsed

    def wrap(self, func: Callable[..., Any], stage: str) -> Callable[..., Any]:
        if inspect.isgeneratorfunction(func):

            def gen_wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
                iterator = func(*args, **kwargs)
                while True:
                    start = self._enter()
                    try:
                        item = next(iterator)
                    except StopIteration:
                        self._leave(stage, start)
                        return
                    self._leave(stage, start)
                    yield item

            return functools.wraps(func)(gen_wrapper)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = self._enter()
            try:
                return func(*args, **kwargs)
            finally:
                self._leave(stage, start)

        return functools.wraps(func)(wrapper)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Wrap every hook for the duration of the block, then restore the originals."""
        saved: list[tuple[Any, str, Any]] = []
        try:
            for module_name, attr, stage in STAGE_HOOKS:
                try:
                    owner: Any = importlib.import_module(module_name)
                except ImportError:
                    continue
                *path, name = attr.split(".")
                for part in path:
                    owner = getattr(owner, part)
                original = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
                if original is None:
                    continue
                saved.append((owner, name, original))
                setattr(owner, name, self.wrap(original, stage))
            yield
        finally:
            for owner, name, original in reversed(saved):
                setattr(owner, name, original)


def ensure_archive(pages: int, work: Path = WORK, seed: int = 7) -> Path:
    """The archive of ``pages`` pages under ``work`` (generated once, reused while the manifest matches)."""
    folder = work / f"archive-{pages}-s{seed}"
    manifest = folder / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("pages") == pages and all((folder / f).exists() for f in data.get("files", [])):
            return folder
    shutil.rmtree(folder, ignore_errors=True)
    write_archive(folder, pages, seed=seed)
    return folder


def _children(pid: int) -> list[int]:
    """``pid`` and every live descendant (from /proc/*/stat parent links)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1:
            parents[int(entry)] = int(fields[1])
    tree, frontier = [pid], [pid]
    while frontier:
        nxt = [c for c, p in parents.items() if p in frontier]
        tree.extend(nxt)
        frontier = nxt
    return tree


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process (shared pages divided among their users), in kB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            args = fh.read().split(b"\0")
    except OSError:
        return "?"
    text = " ".join(a.decode("utf-8", "replace") for a in args if a)
    return text[-80:]


def tree_memory(pid: int) -> list[tuple[int, float, float]]:
    """(pid, RSS MB, PSS MB) of ``pid`` and each of its descendants."""
    out = []
    for child in _children(pid):
        try:
            with open(f"/proc/{child}/statm", encoding="ascii") as fh:
                rss = int(fh.read().split()[1]) * PAGE_KB / 1024
        except (OSError, IndexError, ValueError):
            continue
        out.append((child, rss, _pss_kb(child) / 1024))
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, in MB (pages shared by a fork counted in each)."""
    return sum(rss for _pid, rss, _pss in tree_memory(pid))


class RssSampler(threading.Thread):
    """Samples the memory of a process tree until stopped: the peak, where it happened, a timeline.

    ``peak_mb`` sums each process's RSS (pages a fork shares are counted in every process that
    maps them); ``peak_pss_mb`` sums the proportional set sizes (shared pages divided among
    their users), the memory the tree really holds.
    """

    def __init__(self, pid: int, interval: float = 0.25, every: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.every = every
        self.peak_mb = 0.0
        self.peak_pss_mb = 0.0
        self.peak_at_s = 0.0
        self.peak_processes: list[dict[str, Any]] = []
        self.timeline: list[tuple[float, float, float, int]] = []  # (s, RSS MB, PSS MB, processes)
        self._stop_event = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        next_point = 0.0
        while not self._stop_event.is_set():
            procs = tree_memory(self.pid)
            rss = sum(p[1] for p in procs)
            pss = sum(p[2] for p in procs)
            now = time.perf_counter() - start
            if rss > self.peak_mb:
                self.peak_mb, self.peak_at_s = rss, now
                self.peak_processes = [
                    {"rss_mb": round(r, 1), "pss_mb": round(p, 1), "process": _process_name(pid)}
                    for pid, r, p in procs
                ]
            self.peak_pss_mb = max(self.peak_pss_mb, pss)
            if now >= next_point:
                self.timeline.append((round(now, 1), round(rss, 1), round(pss, 1), len(procs)))
                next_point = now + self.every
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


def run_ingest(archive: Path, workers: int, work: Path, timeout: float = 7200.0) -> dict[str, Any]:
    """One `newsflow ingest` of the archive into a fresh DB; wall, CPU, RSS and counts."""
    run_dir = Path(tempfile.mkdtemp(prefix=f"e2e-w{workers}-", dir=work))
    db = run_dir / "news.duckdb"
    cmd = [
        sys.executable, "-m", "pipeline.cli", "ingest", str(archive),
        "--db", str(db), "--workers", str(workers), "--json", "-q",
    ]  # fmt: skip
    env = {**os.environ, "NEWSFLOW_DATA_DIR": str(run_dir), "PYTHONPATH": str(ROOT)}
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    with open(run_dir / "stdout.json", "wb") as out, open(run_dir / "stderr.log", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        sampler = RssSampler(proc.pid)
        sampler.start()
        deadline = start + timeout
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        sampler.stop()
    if proc.returncode != 0:
        tail = (run_dir / "stderr.log").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"ingest failed ({proc.returncode}): {tail}")
    summary = json.loads((run_dir / "stdout.json").read_text(encoding="utf-8"))
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("select count(*) from articles").fetchone()
        in_db = int(row[0]) if row else 0
        # articles a cluster marks as copies of its representative (the archive plans exact + near)
        row = con.execute("select count(*) - count(distinct cluster_id) from article_clusters").fetchone()
        clustered_copies = int(row[0]) if row else 0
    finally:
        con.close()
    staged = int(summary.get("staged_articles", 0))
    cpu = usage.ru_utime + usage.ru_stime
    result = {
        "workers": workers,
        "wall_s": wall,
        "cpu_s": cpu,
        "articles": staged,
        "articles_in_db": in_db,
        "clustered_copies": clustered_copies,
        "articles_per_s": staged / wall if wall else 0.0,
        "cpu_ms_per_article": 1000 * cpu / staged if staged else None,
        "peak_rss_tree_mb": sampler.peak_mb,
        "peak_pss_tree_mb": sampler.peak_pss_mb,
        "peak_at_s": sampler.peak_at_s,
        "peak_processes": sampler.peak_processes,
        "memory_timeline": sampler.timeline,
        "max_rss_one_process_mb": usage.ru_maxrss / 1024,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg()[0],
    }
    shutil.rmtree(run_dir, ignore_errors=True)
    return result


def stage_breakdown(archive: Path, work: Path) -> dict[str, Any]:
    """An in-process, one-process ingest of ``archive`` with stage timers; exclusive seconds per stage."""
    from pipeline.core.settings import load_settings
    from pipeline.run import driver as ingest

    run_dir = Path(tempfile.mkdtemp(prefix="e2e-stages-", dir=work))
    settings = load_settings(db=run_dir / "news.duckdb", data_dir=run_dir, processes=1)
    timer = StageTimer()
    cpu_start = time.process_time()
    start = time.perf_counter()
    with timer.installed():
        summary = ingest.run(settings, sources=[], inputs=[str(archive)])
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    shutil.rmtree(run_dir, ignore_errors=True)
    return {
        "articles": summary["staged_articles"],
        "total_s": total,
        "cpu_s": cpu,
        "stages_s": timer.seconds,
        "other_s": max(0.0, total - sum(timer.seconds.values())),
    }


def growth(runs: Sequence[dict[str, Any]], sizes: Sequence[int]) -> dict[str, Any]:
    """Time per article at the largest size over the next smaller one, per worker count (1.0 = linear)."""
    if len(sizes) < 2:
        return {}
    small, big = sorted(sizes)[-2:]
    out: dict[str, Any] = {"from": small, "to": big}
    for workers in sorted({r["workers"] for r in runs}):
        per = {
            r["pages"]: (r["wall_s"] / r["articles"], r["cpu_s"] / r["articles"])
            for r in runs
            if r["workers"] == workers and r["articles"]
        }
        if small in per and big in per:
            out[f"workers_{workers}"] = {
                "wall_ratio": per[big][0] / per[small][0],
                "cpu_ratio": per[big][1] / per[small][1],
            }
    return out


def run_benchmark(
    sizes: Sequence[int],
    workers: Sequence[int],
    work: Path = WORK,
    profile: bool = True,
    save: Path | None = None,
    append: bool = False,
) -> dict[str, Any]:
    """Stage breakdown on the smallest archive, then every (size, workers) run, smallest first.

    With ``save``, the results so far are written after each step (a long run interrupted keeps them);
    with ``append`` too, the runs already in ``save`` are kept unless this call repeats them.
    """
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"runs": [], "growth": {}}
    if append and save is not None and save.exists():  # keep earlier runs of other sizes/workers
        earlier = json.loads(save.read_text(encoding="utf-8"))
        out.update({k: v for k, v in earlier.items() if k in {"runs", "stages"}})

    def checkpoint() -> None:
        if save is not None:
            save.parent.mkdir(parents=True, exist_ok=True)
            save.write_text(json.dumps(out, indent=1), encoding="utf-8")

    runs: list[dict[str, Any]] = out["runs"]
    for size in sorted(sizes):
        archive = ensure_archive(size, work)
        manifest = json.loads((archive / "manifest.json").read_text(encoding="utf-8"))
        # 100k pages take about half an hour per run: only the 2-worker run the target is set for
        for n in sorted(workers if size < BIG else [max(workers)], reverse=True):
            LOGGER.warning("e2e: %d pages, %d worker(s)", size, n)
            result = run_ingest(archive, n, work)
            planned = int(manifest["counts"].get("exact", 0)) + int(manifest["counts"].get("near", 0))
            runs[:] = [r for r in runs if (r["pages"], r["workers"]) != (size, n)]
            runs.append({"pages": size, "warc_files": len(manifest["files"]),
                         "duplicates": manifest["counts"], "planned_copies": planned, **result})  # fmt: skip
            out["growth"] = growth(runs, sorted({r["pages"] for r in runs}))
            checkpoint()
            LOGGER.warning(
                "  %.1f s wall, %.1f s cpu, %.1f articles/s, %.0f MB peak",
                result["wall_s"], result["cpu_s"], result["articles_per_s"], result["peak_rss_tree_mb"],
            )  # fmt: skip
        if profile and size == min(sizes):
            LOGGER.warning("e2e: stage breakdown on %d pages", size)
            out["stages"] = stage_breakdown(archive, work)
            checkpoint()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="add the 100k archive")
    parser.add_argument("--sizes", type=int, nargs="*", help="archive sizes (default 1000 10000)")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--work", type=Path, default=WORK, help="folder for archives and DBs (temp)")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--append", action="store_true", help="keep the other runs already in e2e.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    sizes = args.sizes or ([1000, 10000, 100000] if args.full else [1000, 10000])
    result = run_benchmark(
        sizes, args.workers, args.work, profile=not args.no_profile, save=OUT / "e2e.json", append=args.append
    )
    sys.stdout.write(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
