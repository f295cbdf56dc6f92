"""Fetch benchmark: throughput over 10 local hosts, politeness accuracy, memory on a 50 MB body.

Run from the repo root:  .venv/bin/python -m bench.fetch [--quick]
Hosts are 127.0.0.1-127.0.0.10 (one local server each); nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
import tracemalloc
from pathlib import Path

from pipeline.acquire.crawl import fetch_urls
from pipeline.acquire.fetch import HttpFetcher
from pipeline.core.settings import Settings, load_settings
from tests.http_server import LocalServer, Reply, stream_zeros

PAGE = (
    "<html><head><title>خبر</title></head><body>" + "<p>فقرة من نص الخبر.</p>" * 200 + "</body></html>"
).encode()


def _settings(tmp: Path, interval: float, **kw: object) -> Settings:
    return load_settings(
        {}, data_dir=tmp / "data", allow_loopback=True, per_host_interval=interval, workers=10, **kw
    )


def _run(servers: list[LocalServer], pages: int, settings: Settings, run_id: str) -> tuple[float, int]:
    urls = [srv.url(f"/a/{i}") for i in range(pages) for srv in servers]
    started = time.monotonic()
    ok = sum(1 for r in fetch_urls(urls, "bench", settings, run_id) if r.record.outcome == "ok")
    return time.monotonic() - started, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10 pages per host instead of 100")
    parser.add_argument("--interval", type=float, default=0.05, help="per-host interval d in seconds")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    pages = 10 if args.quick else 100
    hosts = [f"127.0.0.{i}" for i in range(1, 11)]
    servers = [LocalServer(h).start() for h in hosts]
    try:
        for srv in servers:
            for i in range(pages):
                srv.route(f"/a/{i}", Reply(body=PAGE))
            srv.route("/huge", Reply(body=stream_zeros(50_000_000), length=50_000_000))
        with tempfile.TemporaryDirectory() as tmp:
            total = pages * len(servers)
            free_s, free_ok = _run(servers, pages, _settings(Path(tmp), 0.0), "free")
            polite_s, polite_ok = _run(servers, pages, _settings(Path(tmp), args.interval), "polite")
            ideal = pages * args.interval
            settings = _settings(Path(tmp), 0.0)
            with HttpFetcher(settings, "mem") as fetcher:
                tracemalloc.start()
                result = fetcher.fetch(servers[0].url("/huge"))
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        rows = [
            ("pages (hosts x pages/host)", f"{total} ({len(servers)} x {pages})"),
            ("no politeness: ok / time", f"{free_ok}/{total} in {free_s:.2f} s"),
            ("no politeness: throughput", f"{free_ok / free_s:.0f} pages/s"),
            (f"interval d={args.interval}s: ok / time", f"{polite_ok}/{total} in {polite_s:.2f} s"),
            ("ideal pages_per_host x d", f"{ideal:.2f} s"),
            ("polite time / ideal", f"{polite_s / ideal:.3f} (target 1.00-1.10)"),
            ("50 MB body: outcome / bytes kept", f"{result.record.outcome} / {result.record.bytes:,}"),
            (
                "50 MB body: peak traced memory",
                f"{peak / 1e6:.1f} MB (cap {settings.max_bytes / 1e6:.0f} MB)",
            ),
        ]
        width = max(len(k) for k, _ in rows)
        print(f"{'measure'.ljust(width)} | value")
        print(f"{'-' * width}-+-{'-' * 30}")
        for key, value in rows:
            print(f"{key.ljust(width)} | {value}")
    finally:
        for srv in servers:
            srv.stop()


if __name__ == "__main__":
    main()
