"""One-line messages instead of tracebacks, and options that behave (issue 18): each case runs the
CLI for real and asserts a non-zero exit with one line on stderr naming the problem."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli import build_parser
from tests.integration.cli_truth_helpers import SAMPLES, newsflow, one_line_error, run_main

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("msgdb") / "news.duckdb"
    done = newsflow("ingest", str(SAMPLES), "--db", str(path), "-q")
    assert done.returncode == 0, done.stderr
    return path


def test_search_since_not_a_date(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "search", "التضخم", "--since", "yesterday", "--db", str(db))
    assert code == 2
    assert "--since" in one_line_error(code, err) and "'yesterday'" in err
    code, _, err = run_main(capsys, "search", "التضخم", "--since", "2024-01-01", "--db", str(db))
    assert code == 0, err


def test_manifest_without_path_or_with_bad_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    no_path = tmp_path / "no-path.jsonl"
    no_path.write_text('{"url": "https://example.org/a"}\n', encoding="utf-8")
    code, _, err = run_main(capsys, "extract", "--manifest", str(no_path))
    assert f"{no_path}:1" in one_line_error(code, err) and '"path"' in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{bad json\n", encoding="utf-8")
    code, _, err = run_main(capsys, "extract", "--manifest", str(bad))
    assert f"{bad}:1: not JSON" in one_line_error(code, err)
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00 not text")
    code, _, err = run_main(capsys, "extract", "--manifest", str(binary))
    assert code == 2 and "not UTF-8 text" in one_line_error(code, err)
    # good lines still run beside a bad one, and the exit code says something was wrong
    mixed = tmp_path / "mixed.jsonl"
    page = SAMPLES / "2024-05-15-rail-line.html"
    mixed.write_text(f'{{"path": "{page}"}}\n[1, 2]\n', encoding="utf-8")
    code, out, err = run_main(capsys, "extract", "--manifest", str(mixed), "--format", "jsonl")
    assert code == 1 and f"{mixed}:2" in one_line_error(code, err)
    assert out.count("\n") == 1 and '"title"' in out


def test_binary_sources_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "sources.toml"
    binary.write_bytes(bytes(range(256)) * 8)
    for args in (("sources",), ("ingest", "--db", str(tmp_path / "x.duckdb"))):
        code, _, err = run_main(capsys, *args, "--sources", str(binary))
        assert code == 2
        assert "not a UTF-8 TOML file" in one_line_error(code, err)
    assert not (tmp_path / "x.duckdb").exists()


def test_db_is_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ("sql", "select 1"),
        ("summary",),
        ("search", "x"),
        ("report", "--out", str(tmp_path / "r.html")),
        ("export", "--to", str(tmp_path / "exp")),
        ("ingest", str(SAMPLES)),
    ):
        code, _, err = run_main(capsys, *args, "--db", str(tmp_path))
        assert "is a directory" in one_line_error(code, err), args


@contextlib.contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable for this process: chmod for a user, the immutable flag for root."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], check=False).returncode != 0:
        pytest.skip("running as root without chattr +i: no way to make a file unwritable here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_db_is_an_unwritable_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked.duckdb"
    locked.write_bytes(db.read_bytes())
    with _unwritable(locked):
        code, _, err = run_main(capsys, "ingest", str(SAMPLES / "dumps.jsonl"), "--db", str(locked))
        assert "cannot write the database" in one_line_error(code, err)
        assert not (tmp_path / "staging").exists()  # refused before any work
        code, _, err = run_main(capsys, "sql", "select count(*) as n from articles", "--db", str(locked))
        assert code == 0, err  # reading still works


def test_report_out_is_a_directory(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "report", "--db", str(db), "--out", str(tmp_path))
    assert code == 2 and "is a directory" in one_line_error(code, err)


def test_digit_lists_do_not_end_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "digits.txt"
    page.write_text(
        "عنوان الخبر\n\nقال المتحدث إن البنود 1,2,3 من الاتفاق نفذت وإن 10,20,30 شخصا حضروا الاجتماع.\n\n"
        "وأضاف أن العمل مستمر.\n",
        encoding="utf-8",
    )
    code, out, err = run_main(capsys, "extract", str(page), "--format", "json")
    assert code == 0, err
    assert any("1,2,3" in paragraph for paragraph in json.loads(out)["body"])


def test_not_a_database_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n" * 100, encoding="utf-8")
    code, _, err = run_main(capsys, "sql", "select 1", "--db", str(text))
    assert str(text) in one_line_error(code, err)


def test_sql_blank_and_unknown_query(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(capsys, "sql", " ", "--db", str(db))
    assert code == 2 and "give a query" in one_line_error(code, err)
    code, _, err = run_main(capsys, "sql", "nosuchquery", "--db", str(db))
    assert code == 2
    assert one_line_error(code, err) == "newsflow sql: unknown query 'nosuchquery'; see `newsflow sql --list`"
    code, _, err = run_main(capsys, "sql", "select nosuchcolumn from articles", "--db", str(db))
    assert code == 1 and "nosuchcolumn" in one_line_error(code, err)


def test_negative_counts_are_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ("ingest", str(SAMPLES), "--max-articles", "-1"),
        ("ingest", str(SAMPLES), "--workers", "-2"),
        ("search", "x", "--limit", "-5"),
        ("search", "x", "--limit", "0"),
    ):
        code, _, err = run_main(capsys, *args, "--db", str(db))
        assert code == 2 and "or more" in one_line_error(code, err), args


def test_max_articles_applies_to_explicit_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "limited.duckdb"
    code, out, err = run_main(capsys, "ingest", str(SAMPLES), "--max-articles", "2", "--db", str(db), "-q")
    assert code == 0, err
    assert "2 articles extracted" in out and "skipped_limit: 4" in out
    code, out, err = run_main(
        capsys, "sql", "select count(*) as n from articles", "--db", str(db), "--format", "json"
    )
    assert out.strip() == '[{"n": 2}]'


def test_verbose_after_the_subcommand_and_version(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = newsflow("sql", "select 1 as one", "--db", str(db), "-v")
    assert result.returncode == 0, result.stderr
    result = newsflow("-v", "summary", "--db", str(db), "-vv")
    assert result.returncode == 0, result.stderr
    version = newsflow("--version")
    assert version.returncode == 0
    from importlib.metadata import version as installed

    assert version.stdout.strip() == f"newsflow {installed('newsflow')}"


def test_every_option_has_help_text() -> None:
    parser = build_parser()
    missing = []
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert subcommands
    parsers = {"newsflow": parser, **{f"newsflow {n}": p for n, p in subcommands[0].choices.items()}}
    assert len(parsers) >= 10
    for name, sub in parsers.items():
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if not choice.help:
                        missing.append(f"{name} {choice.dest}")
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []
