"""Summaries that add up, progress that does not lie or pollute, `sources` that shows the last run,
and every outcome the code can write documented (issue 18). Runs the CLI for real."""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.http_server import LocalServer, Reply
from tests.integration.cli_truth_helpers import ROOT, SAMPLES, newsflow, run_main

pytestmark = pytest.mark.integration

RAIL = SAMPLES / "2024-05-15-rail-line.html"
HEAT = SAMPLES / "2024-05-16-heatwave.html"
# a tqdm frame: N/total [elapsed<left, rate] (the rate is "s/ unit" when below one per second)
BAR = re.compile(
    r"(\d+)/(\d+) \[\d\d:\d\d<\d\d:\d\d, +[\d.]+(?: ?(inputs|WARC files)/s|s/ ?(inputs|WARC files))\]"
)


def _numbers(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", line)]


def test_identical_inputs_are_counted_and_the_lines_add_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for i in range(3):
        shutil.copy(RAIL, folder / f"copy-{i}.html")
    shutil.copy(HEAT, folder / "heat.html")
    db = tmp_path / "news.duckdb"
    code, out, err = run_main(capsys, "ingest", str(folder), "--db", str(db), "-q")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith("4 inputs: 4 articles extracted, 0 not loaded by design, 0 failed"), out
    assert "                    ok: 4" in lines
    assert "2 of the 4 extracted articles were identical to another input of this run" in out
    assert "2 distinct" in out
    loaded = next(line for line in lines if line.startswith("loaded into"))
    assert "2 distinct articles: 2 new, 0 new versions, 0 unchanged" in loaded
    # again: the same 2 distinct articles, unchanged; the 4 inputs still add up
    code, out, err = run_main(capsys, "ingest", str(folder), "--db", str(db), "-q", "--max-articles", "3")
    assert code == 0, err
    assert "4 inputs: 3 articles extracted, 1 not loaded by design, 0 failed" in out
    assert "skipped_limit: 1" in out and "(failed)" not in out
    # the inputs are read in name order: the heat page is the one over the limit
    assert "2 of the 3 extracted articles were identical" in out
    assert "1 distinct article: 0 new, 0 new versions, 1 unchanged" in out


def test_robots_txt_is_not_an_input_and_not_modified_is_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_ALLOW_LOOPBACK", "1")
    monkeypatch.setenv("NEWSFLOW_PER_HOST_INTERVAL", "0")
    db = tmp_path / "news.duckdb"
    with LocalServer() as server:  # no /robots.txt route: it answers 404, which allows everything
        html = "text/html"  # the pages declare their charset themselves
        server.route("/rail", Reply(body=RAIL.read_bytes(), headers={"ETag": '"r1"'}, content_type=html))
        server.route("/heat", Reply(body=HEAT.read_bytes(), headers={"ETag": '"h1"'}, content_type=html))
        urls = [server.url("/rail"), server.url("/heat"), server.url("/gone")]
        code, out, err = run_main(capsys, "ingest", *urls, "--db", str(db), "-q")
        assert code == 0, err
        assert server.hits["/robots.txt"] == 1
        assert "3 inputs: 2 articles extracted, 0 not loaded by design, 1 failed" in out, out
        assert "robots.txt requests (not inputs): 1 (http_404 1)" in out
        failed = [line for line in out.splitlines() if "failed:" in line]
        assert len(failed) == 1 and failed[0].endswith("/gone: http_404"), out
        # the same URLs again: 304s are not failures; only /gone is
        server.route("/rail", lambda req: Reply(status=304 if req.headers.get("if-none-match") else 200))
        server.route("/heat", lambda req: Reply(status=304 if req.headers.get("if-none-match") else 200))
        code, out, err = run_main(capsys, "ingest", *urls, "--db", str(db), "--format", "json", "-q")
        assert code == 0, err
        summary = json.loads(out)  # nothing but JSON on stdout
        assert summary["outcomes"] == {"not_modified": 2, "http_404": 2}
        assert summary["robots"] == {"http_404": 1}
        assert [f.rsplit("/", 1)[-1] for f in summary["parts"][0]["failures"]] == ["gone: http_404"]
    # the fetches rows agree: one robots.txt row per run, beside the 3 inputs
    code, out, err = run_main(
        capsys,
        "sql",
        "select count(*) filter (url like '%/robots.txt') as robots, count(*) as all_rows from fetches",
        "--db",
        str(db),
        "--format",
        "json",
    )
    assert json.loads(out) == [{"robots": 2, "all_rows": 8}]


def test_sources_shows_the_last_runs_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "news.duckdb"
    code, out, err = run_main(
        capsys, "ingest", "--source", "sample", "--run-id", "first-run", "--db", str(db), "-q"
    )
    assert code == 0, err
    first = _numbers(out.splitlines()[0].split(":", 1)[1])[1]  # articles extracted
    assert first >= 5
    code, out, err = run_main(
        capsys,
        "ingest",
        "--source",
        "sample",
        "--run-id",
        "second-run",
        "--max-articles",
        "2",
        "--db",
        str(db),
        "-q",
    )
    assert code == 0, err
    code, out, err = run_main(capsys, "sources", "--db", str(db))
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("sample "))
    # the second run alone: 2 ok and the rest skipped, not 2 + first ok beside the last run id
    assert row.rstrip().endswith(f"second-run: 2 ok, {first - 2} not loaded (by design), 0 failed"), row


def test_progress_bar_on_request_with_workers_and_never_in_json(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for i in range(6):
        shutil.copy(RAIL if i % 2 else HEAT, folder / f"page-{i}.html")
    result = newsflow(
        "ingest",
        str(folder),
        "--db",
        str(tmp_path / "a.duckdb"),
        "--workers",
        "2",
        "--progress",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)  # stdout is the JSON summary alone
    assert summary["staged_articles"] == 6
    assert summary["identical_to_another_input"] == 4 and summary["load"]["articles_staged"] == 2
    frames = BAR.findall(result.stderr.replace("\r", "\n"))
    assert frames and frames[-1][:2] == ("6", "6"), result.stderr
    # not a terminal and not asked: no bar, and stdout still the JSON alone
    plain = newsflow("ingest", str(folder), "--db", str(tmp_path / "b.duckdb"), "--format", "json")
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)["staged_articles"] == 6
    assert not BAR.search(plain.stderr.replace("\r", "\n")) and "inputs/s" not in plain.stderr
    # rebuild: N/total of the WARC files
    warcs = sorted((tmp_path / "warc").glob("*.warc*"))
    if warcs:  # local inputs are archived where the run archives them
        rebuilt = newsflow("rebuild", *map(str, warcs), "--out", str(tmp_path / "r.duckdb"), "--progress")
        assert rebuilt.returncode == 0, rebuilt.stderr
        last = BAR.findall(rebuilt.stderr.replace("\r", "\n"))[-1]
        assert last[:2] == (str(len(warcs)), str(len(warcs))) and "WARC files" in last[2:]


def _outcomes_the_code_writes() -> set[str]:
    """Every outcome name in pipeline/: the fetch set, the local set, and every literal (or module
    constant) given as `outcome=`, as a dict's "outcome" value or as an `outcome` parameter default."""
    outcomes_module = importlib.import_module("pipeline.acquire.outcomes")
    found: set[str] = set(outcomes_module.OUTCOMES)
    with contextlib.suppress(ImportError, AttributeError):  # the local inputs' own outcomes
        found |= set(importlib.import_module("pipeline.acquire.local").LOCAL_OUTCOMES)
    trees = [ast.parse(f.read_text(encoding="utf-8")) for f in sorted((ROOT / "pipeline").rglob("*.py"))]
    constants: dict[str, set[str]] = {}
    for tree in trees:
        for stmt in tree.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and stmt.targets[0].id.isupper()
                and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)
            ):
                constants.setdefault(stmt.targets[0].id, set()).add(stmt.value.value)

    def values(node: ast.AST | None) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.Name):
            return constants.get(node.id, set())
        return set()

    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "outcome":
                found |= values(node.value)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "outcome":
                        found |= values(value)
            elif isinstance(node, ast.FunctionDef):
                args = node.args
                positional = list(
                    zip(args.args[len(args.args) - len(args.defaults) :], args.defaults, strict=True)
                )
                for arg, default in positional + list(zip(args.kwonlyargs, args.kw_defaults, strict=True)):
                    if arg.arg == "outcome":
                        found |= values(default)
    return {name for name in found if re.fullmatch(r"[a-z][a-z0-9_]*", name)}


def test_every_outcome_is_documented() -> None:
    outcomes = _outcomes_the_code_writes()
    assert {
        "ok",
        "not_modified",
        "skipped_limit",
        "duplicate_url",
        "bad_input",
        "robots_disallowed",
    } <= outcomes
    doc = (ROOT / "docs" / "fetching.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Outcomes") : doc.index("## Politeness")]
    documented = set(re.findall(r"^\| `([a-z_<>]+)` \|", section, flags=re.M))
    assert "http_<code>" in documented
    assert sorted(outcomes - documented) == []


def test_a_bug_on_one_input_is_an_outcome_not_the_end_of_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.run import driver

    real = driver._article_from_item

    def buggy(item: Any, source: Any) -> Any:
        if "heat" in item.where:
            raise ZeroDivisionError("a bug met on this page only")
        return real(item, source)

    monkeypatch.setattr(driver, "_article_from_item", buggy)
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(RAIL, folder / "rail.html")
    shutil.copy(HEAT, folder / "heat.html")
    db = tmp_path / "news.duckdb"
    code, out, err = run_main(capsys, "ingest", str(folder), "--db", str(db), "-q")
    assert code == 0, err
    assert "2 inputs: 1 article extracted, 0 not loaded by design, 1 failed" in out, out
    assert "extract_error: 1  (failed)" in out
    assert "1 distinct article: 1 new" in out
    code, out, err = run_main(
        capsys,
        "sql",
        "select outcome, error from fetches where outcome <> 'ok'",
        "--db",
        str(db),
        "--format",
        "json",
    )
    assert json.loads(out) == [
        {"outcome": "extract_error", "error": "ZeroDivisionError: a bug met on this page only"}
    ]


def _in_a_terminal(*args: str, timeout: float = 180) -> str:
    """Run the console script with stdout and stderr on a pseudo-terminal; return what it showed."""
    import os
    import pty
    import select
    import subprocess
    import time

    from tests.integration.cli_truth_helpers import SCRIPT

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    proc = subprocess.Popen([str(SCRIPT), *args], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
        proc.wait(timeout=30)
    assert proc.returncode == 0, shown.decode("utf-8", "replace")
    return shown.decode("utf-8", "replace")


def test_progress_bar_is_on_by_itself_in_a_terminal(tmp_path: Path) -> None:
    if not (Path(sys.executable).parent / "newsflow").exists():
        pytest.skip("the newsflow console script is not installed in this environment")
    shown = _in_a_terminal("ingest", str(SAMPLES), "--db", str(tmp_path / "news.duckdb"))
    frames = BAR.findall(shown.replace("\r", "\n"))
    assert frames, shown
    assert frames[-1][0] == frames[-1][1]  # the last frame drawn is the finished one, N/N
    bar_end = shown.rindex(f"{frames[-1][0]}/{frames[-1][1]} [")
    assert "\nrun " in shown[bar_end:].replace("\r\n", "\n")  # the summary starts on its own line
