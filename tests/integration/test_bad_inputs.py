"""Issue 18, "inputs lost without an outcome": each class of damaged or unusual local input reproduced
for real (the damaged files are made here), run through the run driver into a database, and checked
row by row: every good record loads, every bad one ends with its own outcome and detail, no traceback.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import signal
import time
import zlib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.acquire.discover import expand_inputs
from pipeline.acquire.local import time_cap
from pipeline.acquire.parse import parse
from pipeline.acquire.warc import WarcWriter, iter_entries
from pipeline.core.models import Capture, InputError
from pipeline.core.settings import Settings
from pipeline.run.driver import run
from pipeline.run.rebuild import rebuild

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def page(i: int, title: str = "Report") -> str:
    paragraphs = "".join(
        f"<p>Paragraph {k} of the {title.lower()} number {i} says what the council decided about the roads.</p>"
        for k in range(3)
    )
    return (
        f"<html><head><title>{title} {i}</title></head><body><article><h1>{title} {i}</h1>"
        f"{paragraphs}</article></body></html>"
    )


def article(i: int) -> dict[str, Any]:
    return {
        "title": f"Dump article {i}",
        "url": f"https://news.example.org/dump/{i}",
        "text": f"The first paragraph of dump article {i} tells what happened.\n\nThe second one says why.",
    }


def ingest(settings: Settings, *inputs: Path | str) -> dict[str, Any]:
    return run(settings, sources=[], inputs=[str(i) for i in inputs])


def fetches(settings: Settings) -> dict[str, tuple[str, str | None]]:
    con = duckdb.connect(str(settings.db), read_only=True)
    try:
        rows = con.execute("SELECT url, outcome, error FROM fetches").fetchall()
    finally:
        con.close()
    return {url: (outcome, error) for url, outcome, error in rows}


def titles(db: Path) -> list[tuple[str, str, str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT coalesce(title, ''), body_text, source FROM articles_current ORDER BY 1, 2"
        ).fetchall()
    finally:
        con.close()


# 1 -- a JSONL dump with broken lines -------------------------------------------------------------


def test_jsonl_dump_keeps_every_good_line_and_names_each_bad_one(settings: Settings, tmp_path: Path) -> None:
    lines = [json.dumps(article(i)) for i in range(5)]
    lines.insert(2, '{"title": "cut", "text": "no end')  # line 3: bad JSON
    lines.insert(4, "[1, 2, 3]")  # line 5: not an object
    lines.insert(5, "")  # line 6: blank, skipped
    lines.append('{"title": "no text"}')  # line 9: no body
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")  # saved with a BOM, CRLF below
    dump.write_bytes(dump.read_bytes().replace(b"\n", b"\r\n"))
    summary = ingest(settings, dump)
    assert summary["staged_articles"] == 5
    rows = fetches(settings)
    assert rows[f"{dump}:3"][0] == "bad_input" and "line 3" in (rows[f"{dump}:3"][1] or "")
    assert rows[f"{dump}:5"][0] == "bad_input" and "line 5" in (rows[f"{dump}:5"][1] or "")
    assert rows[f"{dump}:9"][0] == "empty"
    assert [u for u, (o, _) in rows.items() if o == "ok"] == sorted(
        (f"{dump}:{n}" for n in (1, 2, 4, 7, 8)), key=list(rows).index
    )
    assert {t for t, _, _ in titles(settings.db)} == {f"Dump article {i}" for i in range(5)}


def test_gzipped_jsonl_dump_and_an_overlong_line(settings: Settings, tmp_path: Path) -> None:
    lines = [json.dumps(article(i)) for i in range(3)]
    lines.insert(1, json.dumps({"title": "huge", "text": "word " * 2000}))
    dump = tmp_path / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    small = settings.replace(max_bytes=4000)  # the whole dump fits, one line does not
    ingest(small, dump)
    rows = fetches(small)
    assert rows[f"{dump}:2"][0] == "too_large" and "line 2" in (rows[f"{dump}:2"][1] or "")
    assert sorted(o for o, _ in rows.values()) == ["ok", "ok", "ok", "too_large"]


# 2 -- a truncated WARC ---------------------------------------------------------------------------


def _warc(path: Path, n: int = 3) -> list[int]:
    with WarcWriter(path) as writer:
        return [
            writer.write(
                f"https://news.example.org/w/{i}",
                [("Host", "news.example.org")],
                "HTTP/1.1 200 OK",
                [("Content-Type", "text/html; charset=utf-8")],
                page(i, "Archived").encode(),
            )
            for i in range(n)
        ]


@pytest.mark.parametrize("compressed", [True, False])
@pytest.mark.parametrize("cut", [0.2, 0.5, 0.8, 0.97])  # share of the last record kept
def test_truncated_warc_loads_complete_records_and_flags_the_cut_one(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture, compressed: bool, cut: float
) -> None:
    full = tmp_path / ("full.warc.gz" if compressed else "full.warc")
    offsets = _warc(full)
    if not compressed:  # the writer always compresses: an uncompressed copy
        full.write_bytes(gzip.decompress(full.read_bytes()))
        offsets = [0] * len(offsets)
    data = full.read_bytes()
    last = max(offsets) if compressed else data.rfind(b"WARC/1.", 0, data.rfind(b"WARC-Type: response"))
    damaged = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    damaged.write_bytes(data[: last + int((len(data) - last) * cut)])
    with caplog.at_level(logging.WARNING):
        summary = ingest(settings, damaged)
    assert summary["staged_articles"] == 2
    rows = fetches(settings)
    ok = sorted(u for u, (o, _) in rows.items() if o == "ok")
    assert ok == ["https://news.example.org/w/0", "https://news.example.org/w/1"]
    cut_rows = [(u, e) for u, (o, e) in rows.items() if o == "truncated"]
    assert len(cut_rows) == 1 and "ends inside the record" in (cut_rows[0][1] or "")
    assert any("ends inside the record" in r.getMessage() for r in caplog.records)
    assert {t for t, _, _ in titles(settings.db)} == {"Archived 0", "Archived 1"}


def test_garbage_in_a_warc_is_bad_input_after_the_good_records(settings: Settings, tmp_path: Path) -> None:
    warc = tmp_path / "mixed.warc.gz"
    _warc(warc, 2)
    with warc.open("ab") as fh:
        fh.write(gzip.compress(b"this is not a WARC record at all\r\n\r\n"))
    ingest(settings, warc)
    outcomes = sorted(o for o, _ in fetches(settings).values())
    assert outcomes == ["bad_input", "ok", "ok"]


# 3 -- folders of unusual files ---------------------------------------------------------------------


def test_every_file_of_a_folder_is_read_or_gets_an_outcome(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html.gz").write_bytes(gzip.compress(page(1, "Gzip").encode()))
    (folder / "b.htm").write_text(page(2, "Htm"), encoding="utf-8")
    (folder / "c.json").write_text(json.dumps(article(3)), encoding="utf-8")
    (folder / "d.json").write_text(json.dumps([article(4), article(5), "not an article"]), encoding="utf-8")
    (folder / "e.md").write_text(
        "A markdown story: the first paragraph says what the council decided.\n\nThe second says why.\n",
        encoding="utf-8",
    )
    (folder / "sub" / "f.txt.gz").write_bytes(gzip.compress(b"A gzip text dump paragraph with words.\n"))
    (folder / "g.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "h.html.gz").write_bytes(b"\x1f\x8b\x08\x00broken gzip")
    (folder / "i.json").write_text("{not json", encoding="utf-8")
    (folder / "l.json").write_text(
        json.dumps(article(6)) + "\n" + json.dumps(article(7)) + "\n", encoding="utf-8"
    )
    (folder / "j.html").write_bytes(b"")
    (folder / "gold.expected.json").write_text("{}", encoding="utf-8")  # gold files are not inputs
    (folder / ".hidden.html").write_text(page(9), encoding="utf-8")
    (folder / "k.html").symlink_to(tmp_path / "gone.html")  # a dangling link
    summary = ingest(settings, folder)
    rows = fetches(settings)
    by_name = {
        Path(u.split("#")[0]).name + ("#" + u.split("#")[1] if "#" in u else ""): o
        for u, (o, _) in rows.items()
    }
    assert by_name == {
        "a.html.gz": "ok",
        "b.htm": "ok",
        "c.json": "ok",
        "d.json#0": "ok",
        "d.json#1": "ok",
        "d.json#2": "bad_input",
        "e.md": "ok",
        "f.txt.gz": "ok",
        "g.png": "not_html",
        "h.html.gz": "bad_input",
        "i.json": "bad_input",
        "j.html": "empty",
        "l.json:1": "ok",  # JSON lines in a .json file: a dump
        "l.json:2": "ok",
        "gone.html": "read_error",  # the row names the resolved path; the error the link
    }
    assert summary["staged_articles"] == 9
    found = {t for t, _, _ in titles(settings.db)}
    assert {"Gzip 1", "Htm 2", "Dump article 3", "Dump article 4", "Dump article 5"} <= found


# 4 -- size and time caps on local inputs ---------------------------------------------------------


def test_size_cap_on_files_and_decompressed_gzip(settings: Settings, tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_text(page(1) + "<!--" + "x" * 5000 + "-->", encoding="utf-8")
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>"))
    assert bomb.stat().st_size < 10_000
    fine = tmp_path / "fine.html"
    fine.write_text(page(2), encoding="utf-8")
    capped = settings.replace(max_bytes=4000)
    ingest(capped, big, bomb, fine)
    rows = fetches(capped)
    assert rows[str(big)][0] == "too_large" and "NEWSFLOW_MAX_BYTES" in (rows[str(big)][1] or "")
    assert rows[str(bomb)][0] == "too_large"
    assert rows[str(fine)][0] == "ok"


def test_extraction_time_cap_is_an_outcome(settings: Settings, tmp_path: Path) -> None:
    slow = tmp_path / "long.html"
    slow.write_text(
        "<html><body><article>"
        + "".join(
            f"<p>Paragraph {i} tells the council story once more with its words.</p>" for i in range(10000)
        )
        + "</article></body></html>",
        encoding="utf-8",
    )
    quick = tmp_path / "short.html"
    quick.write_text(page(1), encoding="utf-8")
    ingest(settings.replace(extract_deadline=1.0), slow, quick)  # CPU seconds
    rows = fetches(settings)
    assert rows[str(slow)][0] == "extract_timeout" and "NEWSFLOW_EXTRACT_DEADLINE" in (
        rows[str(slow)][1] or ""
    )
    assert rows[str(quick)][0] == "ok"


# 6 -- URL schemes that are no local path -----------------------------------------------------------


def test_other_schemes_are_blocked_not_read(settings: Settings, tmp_path: Path) -> None:
    local = tmp_path / "passwd"
    local.write_text("root:x:0:0", encoding="utf-8")
    inputs = [local.as_uri(), "ftp://example.org/x.html", "javascript:alert(1)", "data:text/html,<p>hi</p>"]
    assert all(c.path is None for c in expand_inputs(inputs, "cli"))
    ingest(settings, *inputs)
    rows = fetches(settings)
    assert {rows[i][0] for i in inputs if i in rows} == {"blocked_scheme"}
    assert len([o for o, _ in rows.values() if o == "blocked_scheme"]) == 4
    assert not any(o == "read_error" for o, _ in rows.values())


# 7 -- every local input archived: rebuild recreates every article -----------------------------------


def test_rebuild_after_ingesting_local_inputs_recreates_every_article(
    settings: Settings, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "samples", inputs)
    (inputs / "z.html.gz").write_bytes(gzip.compress(page(7, "Zipped").encode()))
    (inputs / "y.json").write_text(json.dumps([article(1), article(2)]), encoding="utf-8")
    sample = run(settings, sources=[], inputs=[str(inputs)])
    assert sample["staged_articles"] >= 8
    original = titles(settings.db)
    warcs = sorted(settings.warc_dir.glob("*.warc*"))
    assert warcs, "local inputs were not archived"
    out = tmp_path / "rebuilt.duckdb"
    totals = rebuild(settings, warcs, out)
    assert totals["failed"] == 0
    assert titles(out) == original


# 9 -- an inline script or text node over 10 MB ---------------------------------------------------


def test_a_script_over_ten_megabytes_does_not_empty_the_body(settings: Settings, tmp_path: Path) -> None:
    huge = tmp_path / "huge_script.html"
    huge.write_text(
        page(1, "Scripted").replace("</h1>", "</h1><script>var blob = '" + "a" * 10_500_000 + "';</script>"),
        encoding="utf-8",
    )
    ingest(settings.replace(max_bytes=20_000_000), huge)
    rows = titles(settings.db)
    assert len(rows) == 1 and "council decided" in rows[0][1]


@pytest.mark.parametrize("compressed", [True, False])
def test_a_warc_cut_anywhere_never_yields_a_half_record(tmp_path: Path, compressed: bool) -> None:
    full = tmp_path / "full.warc.gz"
    _warc(full)
    data = full.read_bytes() if compressed else gzip.decompress(full.read_bytes())
    bodies = {f"https://news.example.org/w/{i}": page(i, "Archived").encode() for i in range(3)}
    # record boundaries: a cut exactly there leaves a shorter, complete file
    if compressed:
        boundaries, rest = set(), data
        while rest:
            inflater = zlib.decompressobj(wbits=31)
            inflater.decompress(rest)
            rest = inflater.unused_data
            boundaries.add(len(data) - len(rest))
    else:
        boundaries = {i for i in range(len(data)) if data.startswith(b"WARC/1.", i)} | {len(data)}
    damaged = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    for length in range(40, len(data), 23):
        damaged.write_bytes(data[:length])
        entries = list(iter_entries(damaged, "cli"))
        for entry in entries:
            if entry.capture is not None:
                assert entry.capture.body == bodies[entry.url], (length, entry.url)
        kinds = [e.kind for e in entries]
        assert all(k == "response" for k in kinds[:-1]), (length, kinds)
        if length in boundaries or {length + 2, length + 4} & boundaries:
            continue  # cut between two records: a shorter complete file
        # the record the cut falls in is named as truncated, unless all of its payload was there
        # (a cut in its last bytes: the gzip trailer, the blank lines after the record)
        cut_record = max(b for b in boundaries | {0} if b < length)
        whole = any(e.kind == "response" and e.offset == cut_record for e in entries)
        assert whole or (kinds and kinds[-1] == "truncated"), (length, kinds)


def test_a_warc_with_nothing_to_extract_says_so(settings: Settings, tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    images = tmp_path / "images.warc.gz"
    with WarcWriter(images) as writer:
        writer.write(
            "https://news.example.org/a.png", [], "HTTP/1.1 200 OK", [("Content-Type", "image/png")], b"x"
        )
    ingest(settings, empty, images)
    rows = fetches(settings)
    assert rows[str(empty)][0] == "empty" and rows[str(images)][0] == "empty"


def test_a_file_name_that_is_not_utf8_is_named_not_fatal(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    odd = os.fsencode(folder) + b"/caf\xe9.html"
    with open(odd, "wb") as fh:
        fh.write(page(1).encode())
    (folder / "fine.html").write_text(page(2, "Fine"), encoding="utf-8")
    summary = ingest(settings, folder)
    assert summary["staged_articles"] == 1
    outcomes = {Path(u).name: (o, e) for u, (o, e) in fetches(settings).items()}
    assert outcomes["fine.html"][0] == "ok"
    assert outcomes["caf\ufffd.html"] == ("bad_input", "the file name is not valid UTF-8 (rename the file)")


def test_a_folder_with_no_input_file_says_so(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "nothing"
    (folder / "sub").mkdir(parents=True)
    (folder / "gold.expected.json").write_text("{}", encoding="utf-8")
    ingest(settings, folder)
    assert fetches(settings) == {str(folder): ("empty", "a folder with no input file in it")}


def test_the_time_cap_leaves_no_timer_or_handler_behind() -> None:
    before = signal.getsignal(signal.SIGPROF)
    with pytest.raises(InputError) as err, time_cap(0.2, "spin"):
        deadline = time.process_time() + 5
        while time.process_time() < deadline:  # CPU work in newsflow's own frames
            parse(Capture(source="t", body=b"<p>x</p>", path="x.html"))
    assert err.value.outcome == "extract_timeout"
    with time_cap(5, "quick"):
        pass
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
    assert signal.getsignal(signal.SIGPROF) == before


def test_an_archived_response_marked_truncated_is_not_loaded(settings: Settings, tmp_path: Path) -> None:
    warc = tmp_path / "capped.warc.gz"
    with WarcWriter(warc) as writer:
        writer.write(
            "https://news.example.org/whole",
            [],
            "HTTP/1.1 200 OK",
            [("Content-Type", "text/html")],
            page(1, "Whole").encode(),
        )
        writer.write(
            "https://news.example.org/capped",
            [],
            "HTTP/1.1 200 OK",
            [("Content-Type", "text/html")],
            page(2, "Capped").encode()[:300],
            truncated="length",
        )
    ingest(settings, warc)
    rows = fetches(settings)
    assert rows["https://news.example.org/whole"][0] == "ok"
    outcome, error = rows["https://news.example.org/capped"]
    assert outcome == "truncated" and "WARC-Truncated: length" in (error or "")
