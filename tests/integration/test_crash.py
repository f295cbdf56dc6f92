"""Crash safety: SIGKILL during load and fetch, two loads at once, disk full, rebuild from WARC."""

from __future__ import annotations

import gzip
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.core.settings import Settings, load_settings
from pipeline.run import driver as ingest
from pipeline.run.rebuild import rebuild
from pipeline.store.db import connect
from tests.http_server import LocalServer, Reply

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 10

# Content compared between databases: no run ids, timestamps or paths that differ by design.
STATE_QUERIES = {
    "articles": "SELECT article_id, version, content_hash, title, lead, body_text, n_paragraphs FROM articles",
    "paragraphs": "SELECT article_id, version, position, role, text, is_duplicate, duplicate_of FROM paragraphs",
    "fetches": "SELECT fetch_id, url, outcome, article_id FROM fetches",
    "article_urls": "SELECT url, article_id FROM article_urls",
    "runs": "SELECT run_id FROM runs",
}


def write_dumps(folder: Path, start: int, stop: int) -> Path:
    """Plain-text dumps (no URL, no title) with distinct content."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, stop):
        (folder / f"dump{i:03d}.txt").write_text(
            f"15-مايو-2024\n\nافتتحت البلدية حديقة رقم {i} في الحي الشرقي تضم ملاعب للأطفال ومسارا للدراجات.\n\n"
            f"وقال مدير المشروع إن المرحلة {i} ستنتهي قبل نهاية العام الجاري بحسب الخطة المعلنة.\n",
            encoding="utf-8",
        )
    return folder


def state(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Ordered content of the compared tables; opening it is itself the 'database opens' check."""
    con = connect(db, read_only=True)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in STATE_QUERIES.items()}
    finally:
        con.close()


def env_for(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    env.update(
        NEWSFLOW_DATA_DIR=str(data),
        NEWSFLOW_DB=str(data / "news.duckdb"),
        PYTHONPATH=str(ROOT),
        NEWSFLOW_LOCK_RETRY_SECONDS="30",
        **extra,
    )
    return env


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "ingest", "-q", *args]


def data_settings(data: Path, **kw: Any) -> Settings:
    return load_settings({}, data_dir=data, db=data / "news.duckdb", **kw)


@pytest.fixture(scope="module")
def crash_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A base database (run r0) and the reference state after an uninterrupted run r1 on top of it."""
    root = tmp_path_factory.mktemp("crash")
    base_in = write_dumps(root / "base_in", 0, 10)
    new_in = write_dumps(root / "new_in", 10, 40)
    base = root / "base"
    ingest.run(data_settings(base), sources=[], inputs=[str(base_in)], run_id="r0")
    ref = root / "ref"
    ingest.run(data_settings(ref), sources=[], inputs=[str(base_in)], run_id="r0")
    started = time.monotonic()
    proc = subprocess.run(
        cli(str(new_in), "--run-id", "r1"),
        env=env_for(ref),
        cwd=root,
        capture_output=True,
        timeout=60,
        check=False,
    )
    lifetime = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return {
        "root": root,
        "base": base,
        "new_in": new_in,
        "base_state": state(base / "news.duckdb"),
        "ref_state": state(ref / "news.duckdb"),
        "lifetime": lifetime,
    }


def _copy_db(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True)
    for name in ("news.duckdb", "news.duckdb.wal"):
        if (src / name).exists():
            (dst / name).write_bytes((src / name).read_bytes())


@pytest.mark.parametrize("seed", range(TRIALS))
def test_fault_25_sigkill_during_load(crash_inputs: dict[str, Any], seed: int) -> None:
    rng = random.Random(seed)
    data = crash_inputs["root"] / f"trial{seed}"
    _copy_db(crash_inputs["base"], data)
    # random points over the whole process lifetime, biased towards its end (the load)
    delay = crash_inputs["lifetime"] * rng.uniform(0.35, 1.05)
    proc = subprocess.Popen(
        cli(str(crash_inputs["new_in"]), "--run-id", "r1"),
        env=env_for(data),
        cwd=crash_inputs["root"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        proc.wait(timeout=delay)
        killed = False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        killed = True
    after = state(data / "news.duckdb")  # opens every time
    # exactly the previous state, or (killed after COMMIT) exactly the finished run: never in between
    assert after in (crash_inputs["base_state"], crash_inputs["ref_state"]), f"half-written run (seed {seed})"
    if not killed:
        assert after == crash_inputs["ref_state"]
    # re-running the run completes it with the same result as an uninterrupted run
    rerun = subprocess.run(
        cli(str(crash_inputs["new_in"]), "--run-id", "r1"),
        env=env_for(data),
        cwd=crash_inputs["root"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr.decode()[-2000:]
    assert state(data / "news.duckdb") == crash_inputs["ref_state"]


def _complete_responses(path: Path) -> tuple[list[str], bool]:
    """Target URIs of the response records readable from the start; whether the tail was cut."""
    uris: list[str] = []
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    record.content_stream().read()
                    uris.append(str(record.rec_headers.get_header("WARC-Target-URI")))
    except (EOFError, OSError, ValueError, gzip.BadGzipFile, Exception):
        return uris, True
    return uris, False


def _article_page(i: int) -> bytes:
    return (
        f"<html><head><title>خبر رقم {i}</title></head><body><article><h1>خبر رقم {i}</h1>"
        f"<p>افتتحت البلدية المشروع رقم {i} في الحي الشرقي وسط حضور رسمي وشعبي كبير في المدينة.</p>"
        f"<p>وقال المسؤول إن المرحلة الثانية من المشروع {i} ستبدأ الشهر المقبل بكلفة كبيرة.</p>"
        "</article></body></html>"
    ).encode()


def test_fault_25_sigkill_during_fetch_warc_readable_and_rerun_exact(tmp_path: Path) -> None:
    n = 12
    with LocalServer() as server:
        for i in range(n):
            server.route(f"/news/{i}", Reply(body=_article_page(i), delay=0.15))
        urls = [server.url(f"/news/{i}") for i in range(n)]
        data = tmp_path / "data"
        env = env_for(
            data,
            NEWSFLOW_ALLOW_LOOPBACK="1",
            NEWSFLOW_PER_HOST_INTERVAL="0",
            NEWSFLOW_WORKERS="1",
            NEWSFLOW_RETRIES="0",
        )
        proc = subprocess.Popen(
            cli(*urls, "--run-id", "f1"),
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        warcs: list[Path] = []
        deadline = time.monotonic() + 30
        # kill once a few responses are archived, mid-way through the fetch
        while time.monotonic() < deadline and proc.poll() is None:
            warcs = sorted((data / "warc").glob("*.warc.gz")) if (data / "warc").exists() else []
            if sum(server.hits[f"/news/{i}"] for i in range(n)) >= 4:
                break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        warcs = sorted((data / "warc").glob("*.warc.gz"))
        assert warcs, "no WARC written before the kill"
        archived: list[str] = []
        for path in warcs:
            uris, _cut = _complete_responses(path)
            archived += uris
        assert 1 <= len(archived) < n  # readable up to the last complete record, the run was cut
        assert not (data / "news.duckdb").exists() or state(data / "news.duckdb")["articles"] == []

        settings = data_settings(data, allow_loopback=True, per_host_interval=0.0, retries=0)
        summary = ingest.run(settings, sources=[], inputs=urls, run_id="f2")
    assert summary["load"]["articles_new"] == n
    after = state(data / "news.duckdb")
    # nothing lost: every URL has a fetch row with an outcome; nothing doubled: one version per article
    fetched = {row[1] for row in after["fetches"]}
    assert set(urls) <= fetched
    assert all(row[2] == "ok" for row in after["fetches"] if row[1] in urls)
    ids = [row[0] for row in after["articles"]]
    assert len(ids) == len(set(ids)) == n
    # the killed run's archive is still readable and the rerun archived every page completely
    for path in warcs:
        assert _complete_responses(path)[0][: len(archived)] == archived[: len(_complete_responses(path)[0])]
    rerun_uris, cut = _complete_responses(next((data / "warc").glob("f2-*.warc.gz")))
    assert not cut and set(urls) <= set(rerun_uris)


def test_fault_26_two_loads_at_once_serialised(tmp_path: Path) -> None:
    a = write_dumps(tmp_path / "a", 0, 20)
    b = write_dumps(tmp_path / "b", 10, 30)  # overlapping content: ten articles in both runs
    data = tmp_path / "data"
    ingest.run(data_settings(data), sources=[], inputs=[str(write_dumps(tmp_path / "z", 90, 91))], run_id="z")
    # hold the writer lock so that both loads must wait and retry, then release it
    holder = duckdb.connect(str(data / "news.duckdb"))
    procs = [
        subprocess.Popen(
            cli(str(folder), "--run-id", run_id),
            env=env_for(data),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for folder, run_id in ((a, "ra"), (b, "rb"))
    ]
    time.sleep(2.5)
    still_waiting = [p.poll() is None for p in procs]
    holder.close()
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(still_waiting), "a load went ahead while another process held the database"
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-2000:]
    after = state(data / "news.duckdb")
    bodies = [row[5] for row in after["articles"]]
    assert len(bodies) == len(set(bodies)) == 31  # 30 distinct texts + the base one, none doubled
    assert {row[0] for row in after["runs"]} == {"z", "ra", "rb"}
    assert len(after["paragraphs"]) == len({(r[0], r[1], r[2]) for r in after["paragraphs"]})
    assert len(after["fetches"]) == 20 + 20 + 1


def _long_dumps(folder: Path, n: int = 12) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    filler = "وقال المتحدث إن اللجنة ستواصل عملها في الأسابيع المقبلة لدراسة جميع الملفات المطروحة. "
    for i in range(n):
        (folder / f"long{i:02d}.txt").write_text(
            f"15-مايو-2024\n\nنص رقم {i}. " + filler * (25 + i), encoding="utf-8"
        )
    return folder


# The load step alone under a file-size limit: stage normally, then limit writes, then load.
_LOAD_UNDER_LIMIT = """
import resource, signal, sys
from pathlib import Path
from pipeline.run.driver import stage_part
from pipeline.store.load import load_run
from pipeline.core.settings import load_settings
data, inputs, limit = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
settings = load_settings({}, data_dir=data, db=data / "news.duckdb")
stage_part(settings, "r1", "inputs", inputs=[inputs])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
load_run(settings, "r1")
"""


def test_fault_27_disk_full_during_load_fails_loudly_earlier_data_intact(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest.run(
        data_settings(data), sources=[], inputs=[str(write_dumps(tmp_path / "base", 0, 5))], run_id="r0"
    )
    before = state(data / "news.duckdb")
    big = _long_dumps(tmp_path / "big")
    proc = subprocess.run(
        [sys.executable, "-c", _LOAD_UNDER_LIMIT, str(data), str(big), "50000"],
        env=env_for(data),
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    message = proc.stderr.decode(errors="replace")
    assert proc.returncode != 0, "the load claimed success on a full disk"
    assert f"{data / 'news.duckdb'}" in message and "File too large" in message, message[-1500:]
    assert state(data / "news.duckdb") == before  # no partial result, earlier data intact
    ok = ingest.run(data_settings(data), sources=[], inputs=[str(big)], run_id="r1")
    assert ok["load"]["articles_new"] == 12
    assert len(state(data / "news.duckdb")["articles"]) == 17


def test_fault_27_disk_full_during_staging_fails_before_load(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest.run(
        data_settings(data), sources=[], inputs=[str(write_dumps(tmp_path / "base", 0, 5))], run_id="r0"
    )
    before = state(data / "news.duckdb")
    big = _long_dumps(tmp_path / "big")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes then fail with EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))

    proc = subprocess.run(
        cli(str(big), "--run-id", "r1"),
        env=env_for(data),
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
        preexec_fn=limit,
    )
    message = proc.stderr.decode(errors="replace")
    assert proc.returncode != 0, "the run claimed success on a full disk"
    assert "File too large" in message, message[-1500:]
    assert state(data / "news.duckdb") == before
    assert not list((data / "staging").glob("r1/*/articles.parquet")), "a partial staging part was published"
    ok = ingest.run(data_settings(data), sources=[], inputs=[str(big)], run_id="r1")
    assert ok["load"]["articles_new"] == 12
    assert str(data) in message, message[-1500:]  # the message says where
    assert "Traceback" not in message


def test_rebuild_from_warc_equals_original(tmp_path: Path) -> None:
    n = 6
    with LocalServer() as server:
        for i in range(n):
            server.route(f"/story/{i}", Reply(body=_article_page(i)))
        server.route("/missing", Reply(status=404))
        urls = [server.url(f"/story/{i}") for i in range(n)] + [server.url("/missing")]
        settings = data_settings(tmp_path / "data", allow_loopback=True, per_host_interval=0.0, retries=0)
        ingest.run(settings, sources=[], inputs=urls, run_id="orig")
    warcs = sorted(settings.warc_dir.glob("*.warc.gz"))
    assert warcs
    out = tmp_path / "rebuilt" / "news.duckdb"
    result = rebuild(settings, warcs, out)
    original = state(settings.db)
    rebuilt = state(out)
    assert result["articles"] == n == len(original["articles"])
    # ordered content equal: every article and every paragraph, position by position
    for table in ("articles", "paragraphs"):
        assert rebuilt[table] == original[table]
    assert len(rebuilt["paragraphs"]) >= 2 * n
