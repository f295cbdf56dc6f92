"""Run the fault/crash/fuzz tests with --junitxml and write docs/reliability.md from the results."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAULTS = ROOT.parent / "shared" / "docs" / "FAULTS.md"
TEST_FILES = [
    "tests/integration/test_fetch_faults.py",
    "tests/integration/test_faults_22_30.py",
    "tests/integration/test_crash.py",
    "tests/unit/test_properties.py",
    "tests/unit/test_fuzz.py",
    "tests/integration/test_bad_inputs.py",
    "tests/unit/test_dedupe_linear.py",
    "tests/unit/test_sources_validation.py",
    "tests/unit/test_charset_bytes.py",
    "tests/unit/test_huge_text_node.py",
    "tests/integration/test_cli_truth_sql.py",
    "tests/integration/test_cli_truth_messages.py",
    "tests/integration/test_cli_truth_summary.py",
    "tests/integration/test_cli_truth_report.py",
]
# Damaged and unusual inputs (issue 18): each class and the tests that reproduce it for real.
BAD_INPUTS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "JSONL dump with broken lines",
        "each good line loads; each bad line its own `bad_input` (or `empty`, `too_large`) with its line number",
        ("test_jsonl_dump_keeps_every_good_line", "test_gzipped_jsonl_dump_and_an_overlong_line"),
    ),
    (
        "WARC cut inside a record",
        "complete records load; the cut one is `truncated` with a warning, never a half record as `ok`; "
        "garbage is `bad_input`",
        (
            "test_truncated_warc_loads_complete_records",
            "test_a_warc_cut_anywhere_never_yields_a_half_record",
            "test_garbage_in_a_warc_is_bad_input",
            "test_an_archived_response_marked_truncated",
            "test_a_warc_with_nothing_to_extract",
        ),
    ),
    (
        "Folders of .html.gz, .htm, .json, .md files",
        "read (gzip decompressed under the cap); every other file gets an outcome",
        (
            "test_every_file_of_a_folder_is_read_or_gets_an_outcome",
            "test_a_folder_with_no_input_file",
            "test_a_file_name_that_is_not_utf8",
        ),
    ),
    (
        "Size and time caps on local inputs; extraction linear in page size",
        "`too_large` (NEWSFLOW_MAX_BYTES), `extract_timeout` (NEWSFLOW_EXTRACT_DEADLINE); dedupe work counted "
        "(bench/extract_linear.py for the times)",
        (
            "test_size_cap_on_files_and_decompressed_gzip",
            "test_extraction_time_cap_is_an_outcome",
            "test_the_time_cap_leaves_no_timer",
            "test_work_grows_with_the_page_not_its_square",
            "test_a_page_of_one_repeated_paragraph",
            "test_captions_on_a_long_page",
            "test_a_short_paragraph_inside_a_longer_one",
        ),
    ),
    (
        "Invalid field in sources.toml",
        "refused at load with one line naming source and key, before any fetch",
        ("test_a_bad_field_is_refused", "test_newsflow_sources_reports_the_bad_field"),
    ),
    (
        "file://, ftp://, javascript:, data: inputs",
        "`blocked_scheme`, never read as a local path",
        ("test_other_schemes_are_blocked_not_read",),
    ),
    (
        "Local inputs archived",
        "WARC `resource` records: rebuild recreates every article from data/warc alone",
        ("test_rebuild_after_ingesting_local_inputs",),
    ),
    (
        "UTF-8 bytes under another declared charset",
        "decoded as UTF-8; legacy bytes follow their declaration",
        (
            "test_utf8_bytes_beat_a_wrong_declaration",
            "test_legacy_bytes_still_follow",
            "test_ascii_and_utf16",
            "test_the_corpus_single_byte_arabic_pages",
        ),
    ),
    (
        "Text node or inline script over 10 MB",
        "the body keeps its text (lxml huge_tree)",
        ("test_a_script_over_ten_megabytes", "test_a_node_over_ten_megabytes"),
    ),
    # a CLI that tells the truth (issue 18): each class run through the console script or main()
    (
        "CLI: progress on long work",
        "N/total, rate, time left (tqdm) for ingest, --workers and rebuild; on in a terminal, never in JSON",
        ("test_progress_bar_on_request", "test_progress_bar_is_on_by_itself"),
    ),
    (
        "CLI: summary lines that add up",
        "identical inputs counted, robots.txt apart, skipped_limit/duplicate_url/not_modified not failed, "
        "a bug on one input is extract_error, every outcome documented",
        (
            "test_identical_inputs_are_counted",
            "test_robots_txt_is_not_an_input",
            "test_a_bug_on_one_input",
            "test_every_outcome_is_documented",
        ),
    ),
    (
        "CLI: one-line messages, no traceback",
        "bad dates, manifests, binary sources.toml, --db a folder / unwritable / not DuckDB, blank or unknown sql",
        (
            "test_search_since",
            "test_manifest_",
            "test_binary_sources",
            "test_db_is_",
            "test_not_a_database",
            "test_sql_blank",
            "test_report_out",
            "test_digit_lists",
        ),
    ),
    (
        "CLI: sql read-only for real",
        "every DuckDB write path refused in one line; queries and the library still run",
        ("test_every_write_path_is_refused", "test_write_refused_through", "test_reads_and_named_queries"),
    ),
    (
        "CLI: options",
        "--max-articles on explicit inputs, negative counts refused, -v after the command, help texts, --version",
        (
            "test_negative_counts",
            "test_max_articles_applies",
            "test_verbose_after",
            "test_every_option_has_help",
            "test_sources_shows_the_last_run",
        ),
    ),
    (
        "CLI: report, export, duckdb CLI",
        "report checked in Chromium (LTR decoded URLs, time axis, outlet colours, whole-window entities); "
        "export joins names; .venv/bin/duckdb -readonly",
        ("test_report_in_chromium", "test_export_has", "test_clusters_reach", "test_duckdb_cli"),
    ),
]
FIGURES = {
    25: "10 SIGKILL trials at random points (seeds 0-9) + 1 kill during fetch; state compared row by row "
    "(articles, paragraphs, fetches, article_urls, runs)",
    26: "two CLI loads held behind a writer lock for 2.5 s, both complete; 31 articles, none doubled",
    27: "RLIMIT_FSIZE 2 kB (staging) and 50 kB (load, WAL write fails); previous state equal row by row",
    19: "billion laughs, quadratic blowup, XXE file and network: < 2 s each, nothing expanded or read",
    20: "10,000 nested divs < 10 s, 50 MB attribute < 15 s, no RecursionError",
}


def cases() -> dict[int, str]:
    out: dict[int, str] = {}
    if FAULTS.exists():
        for line in FAULTS.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\|\s*(\d+)\s*\|\s*([^|]+)\|", line)
            if m:
                out[int(m.group(1))] = m.group(2).strip()
    return out


def run_tests(xml: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", f"--junitxml={xml}", *TEST_FILES],
        cwd=ROOT,
        check=False,
    )
    return time.monotonic() - started


def results(xml: Path) -> list[tuple[str, str, float, str]]:
    """(test name, status, seconds, message) per test case."""
    found = []
    for case in ET.parse(xml).getroot().iter("testcase"):  # noqa: S314 - our own pytest junit file
        status, message = "pass", ""
        for child in case:
            if child.tag in {"failure", "error"}:
                status, message = "FAIL", (child.get("message") or "")[:160]
            elif child.tag == "skipped":
                msg = child.get("message") or ""
                status = "xfail" if child.get("type") == "pytest.xfail" or "xfail" in msg.lower() else "skip"
                message = msg.replace("\n", " ")[:200]
        found.append((case.get("name", ""), status, float(case.get("time", 0) or 0), message))
    return found


def write_report(out: Path, found: list[tuple[str, str, float, str]], total: float) -> None:
    by_case: dict[int, list[tuple[str, str, float, str]]] = {}
    extra = []
    for item in found:
        m = re.match(r"test_fault_(\d+)_", item[0])
        if m:
            by_case.setdefault(int(m.group(1)), []).append(item)
        else:
            extra.append(item)
    lines = [
        "# Reliability report",
        "",
        "Generated by `scripts/reliability_report.py` (`make reliability`) from the junit results of",
        "the fault, crash, property and fuzz tests. Status: pass, FAIL, or xfail (known gap, reason given).",
        f"Total test time: {total:.0f} s.",
        "",
        "| # | case | tests | status | time (s) | figures / gaps |",
        "|---|---|---|---|---|---|",
    ]
    for number, label in sorted(cases().items()):
        items = by_case.get(number, [])
        if not items:
            lines.append(f"| {number} | {label} | — | not covered | | no test found |")
            continue
        names = sorted({re.sub(r"\[.*\]$", "", n) for n, *_ in items})
        statuses = {s for _, s, _, _ in items}
        status = (
            "FAIL"
            if "FAIL" in statuses
            else (
                "pass + xfail"
                if "xfail" in statuses and "pass" in statuses
                else "xfail"
                if "xfail" in statuses
                else "pass"
            )
        )
        seconds = sum(t for _, _, t, _ in items)
        gaps = "; ".join(sorted({m for _, s, _, m in items if s != "pass" and m}))
        figure = FIGURES.get(number, f"{len(items)} test case(s)")
        note = figure + (f". Gap: {gaps}" if gaps else "")
        lines.append(
            f"| {number} | {label} | {'<br>'.join(f'`{n}`' for n in names)} | {status} | "
            f"{seconds:.1f} | {note.replace('|', '/')} |"
        )
    lines += [
        "",
        "## Hostile input (properties and fuzzing)",
        "",
        "| test | status | time (s) | note |",
        "|---|---|---|---|",
    ]
    bad_input_tests = {prefix for _, _, prefixes in BAD_INPUTS for prefix in prefixes}
    for name, status, seconds, message in extra:
        if not any(name.startswith(prefix) for prefix in bad_input_tests):
            lines.append(f"| `{name}` | {status} | {seconds:.1f} | {message.replace('|', '/')} |")
    lines += bad_input_lines(extra)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bad_input_lines(found: list[tuple[str, str, float, str]]) -> list[str]:
    """The damaged-input classes beside the fault catalogue: tests, status, time."""
    lines = [
        "",
        "## Damaged and unusual inputs (issue 18)",
        "",
        "Every input ends with an outcome in `fetches`; no good record of the same input is lost.",
        "",
        "| class | expected | tests | status | time (s) |",
        "|---|---|---|---|---|",
    ]
    for label, expected, prefixes in BAD_INPUTS:
        items = [item for item in found if item[0].startswith(prefixes)]
        if not items:
            lines.append(f"| {label} | {expected} | — | not covered | |")
            continue
        names = sorted({re.sub(r"\[.*\]$", "", n) for n, *_ in items})
        statuses = {s for _, s, _, _ in items}
        status = "FAIL" if "FAIL" in statuses else "skip" if statuses == {"skip"} else "pass"
        seconds = sum(t for _, _, t, _ in items)
        lines.append(
            f"| {label} | {expected} | {'<br>'.join(f'`{n}`' for n in names)} ({len(items)} cases) | "
            f"{status} | {seconds:.1f} |"
        )
    return lines


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "junit.xml"
        total = run_tests(xml)
        found = results(xml)
    write_report(ROOT / "docs" / "reliability.md", found, total)
    return 1 if any(s == "FAIL" for _, s, _, _ in found) else 0


if __name__ == "__main__":
    sys.exit(main())
