"""`newsflow ingest URL…` then `newsflow rebuild`: the archive alone recreates the articles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.http_server import LocalServer, Reply

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def page(i: int) -> bytes:
    return (
        f"<html><head><title>تقرير رقم {i}</title></head><body><article><h1>تقرير رقم {i}</h1>"
        f"<p>أعلنت الهيئة العامة للطرق عن إنجاز المرحلة رقم {i} من مشروع توسعة الطريق الدائري الشمالي.</p>"
        f"<p>وقال مدير المشروع إن المرحلة التالية رقم {i} تبدأ في الخريف وتستمر عاما كاملا.</p>"
        "</article></body></html>"
    ).encode()


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    env.update(
        NEWSFLOW_DATA_DIR=str(data),
        NEWSFLOW_ALLOW_LOOPBACK="1",
        NEWSFLOW_PER_HOST_INTERVAL="0",
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def bodies(db: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT title, body_text FROM articles_current ORDER BY title").fetchall()
    finally:
        con.close()


def test_ingest_urls_then_rebuild_from_the_archive(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with LocalServer() as server:
        for i in range(3):
            server.route(f"/r/{i}", Reply(body=page(i)))
        urls = [server.url(f"/r/{i}") for i in range(3)]
        first = run("ingest", "-q", *urls, "--db", str(data / "news.duckdb"), data=data)
    assert first.returncode == 0, first.stderr
    original = bodies(data / "news.duckdb")
    assert len(original) == 3 and all("الطريق الدائري" in b for _, b in original)
    # the server is gone: the rebuild reads only data/warc
    out = tmp_path / "rebuilt.duckdb"
    second = run("rebuild", "--out", str(out), data=data)
    assert second.returncode == 0, second.stderr
    assert "3 articles" in second.stdout
    assert bodies(out) == original
    again = run("rebuild", "--out", str(out), data=data)
    assert again.returncode == 2 and "exist" in again.stderr
