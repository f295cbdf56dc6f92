"""`newsflow extract` as users run it: whole processes against trafilatura (fast and default), same pages.

Run from the repository root: ``.venv/bin/python bench/extract_cli.py [--runs 5] [--write-docs]``
(``make bench`` runs it with ``--write-docs``). Every tool is timed as a whole process over the same
batch of pages (one manifest per set), so start-up and imports count as users see them:

- ``newsflow``: ``newsflow extract --manifest M --format jsonl`` (every structured field);
- ``newsflow --no-fields``: the same without entities, quantities, quotes and dates mentioned
  (left out when the checkout's CLI has no such option);
- ``trafilatura fast`` / ``trafilatura``: a small driver process that reads the same manifest and
  calls ``trafilatura.extract(raw bytes, url=…, fast=…, with_metadata=True, output_format="json")``,
  one JSON line per page (the same kind of output as newsflow's).

Rounds alternate the tools (A B A B …, the starting tool rotating each round); each tool's time is the
median over ``--runs`` rounds, wall clock and CPU (user+sys of the child). Ratios are trafilatura's
median over newsflow's: above 1 means newsflow is faster. ``--per-page K`` adds a view with one
process per page for the first K pages of each set. ``--checkout DIR`` benchmarks another checkout
(its ``.venv/bin/newsflow`` and ``.venv/bin/python``) without importing anything from it.

Sets: ../shared/corpus/english-naeb (gzip pages, decompressed once into a temporary folder so every
tool reads the same plain files) and ../shared/corpus/arabic. Writes bench/out/extract_cli.json;
``--write-docs`` replaces the section of docs/benchmarks.md between its markers (or appends it).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench" / "out"
PAGE = ROOT / "docs" / "benchmarks.md"
START = "<!-- extract_cli:start -->"
END = "<!-- extract_cli:end -->"
LOGGER = logging.getLogger(__name__)

TARGET_NO_FIELDS = 2.0  # newsflow --no-fields vs trafilatura fast, whole process
TARGET_FIELDS = 1.0  # newsflow with every field vs trafilatura fast

# The trafilatura driver: reads the manifest, extracts every page, prints one JSON line per page.
DRIVER = r"""
import json, sys
import trafilatura
fast = sys.argv[2] == "fast"
out = sys.stdout
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    entry = json.loads(line)
    with open(entry["path"], "rb") as handle:
        raw = handle.read()
    result = trafilatura.extract(raw, url=entry.get("url"), fast=fast, with_metadata=True,
                                 output_format="json", include_comments=False)
    out.write((result or "null").replace("\n", " ") + "\n")
"""


@dataclass
class Tool:
    name: str
    argv: list[str]  # the manifest path is appended (or the page path, per page)
    per_page: list[str] | None = None  # argv prefix for one page (path appended), if different


@dataclass
class PageSet:
    name: str
    manifest: Path
    paths: list[str]


def _write_manifest(folder: Path, name: str, entries: list[tuple[str, str | None]]) -> PageSet:
    manifest = folder / f"{name}.jsonl"
    with manifest.open("w", encoding="utf-8") as out:
        for path, url in entries:
            out.write(json.dumps({"path": path, "url": url}, ensure_ascii=False) + "\n")
    return PageSet(name, manifest, [p for p, _ in entries])


def english_set(corpus: Path, folder: Path, limit: int | None) -> PageSet | None:
    base = corpus / "english-naeb"
    if not (base / "news_articles.json").exists():
        return None
    records = json.loads((base / "news_articles.json").read_text(encoding="utf-8"))
    pages = folder / "english-naeb"
    pages.mkdir(parents=True, exist_ok=True)
    entries: list[tuple[str, str | None]] = []
    for record in records:
        source = base / "html" / f"{record['html_file']}.html.gz"
        if not source.exists():
            continue
        target = pages / f"{record['html_file']}.html"
        target.write_bytes(gzip.decompress(source.read_bytes()))
        entries.append((str(target), record.get("link")))
        if limit and len(entries) >= limit:
            break
    return _write_manifest(folder, "english-naeb", entries)


def arabic_set(corpus: Path, folder: Path) -> PageSet | None:
    entries: list[tuple[str, str | None]] = []
    for gold_file in sorted((corpus / "arabic").glob("*/*.gold.json")):
        page = gold_file.with_name(gold_file.name.replace(".gold.json", ".html"))
        if page.exists():
            url = json.loads(gold_file.read_text(encoding="utf-8")).get("url")
            entries.append((str(page), url))
    return _write_manifest(folder, "arabic", entries) if entries else None


def _has_no_fields(newsflow: Path) -> bool:
    done = subprocess.run([str(newsflow), "extract", "--help"], capture_output=True, text=True, check=False)
    return "--no-fields" in done.stdout


def tools(
    checkout: Path, python: Path, driver: Path, trafilatura: bool = True, suffix: str = ""
) -> list[Tool]:
    newsflow = checkout / ".venv" / "bin" / "newsflow"
    found = [
        Tool(
            f"newsflow{suffix}",
            [str(newsflow), "extract", "--format", "jsonl", "--manifest"],
            [str(newsflow), "extract", "--format", "json"],
        )
    ]
    if _has_no_fields(newsflow):
        found.append(
            Tool(
                f"newsflow --no-fields{suffix}",
                [str(newsflow), "extract", "--no-fields", "--format", "jsonl", "--manifest"],
                [str(newsflow), "extract", "--no-fields", "--format", "json"],
            )
        )
    else:
        LOGGER.warning("%s has no --no-fields option: left out", newsflow)
    if trafilatura:
        check = subprocess.run([str(python), "-c", "import trafilatura"], capture_output=True, check=False)
        if check.returncode == 0:
            found.append(Tool("trafilatura fast", [str(python), str(driver), "fast"]))
            found.append(Tool("trafilatura", [str(python), str(driver), "default"]))
        else:
            LOGGER.warning("trafilatura is not importable by %s: left out", python)
    return found


def _timed(argv: list[str], out: Path, cwd: Path) -> tuple[float, float, int, int]:
    """Wall s, CPU s (user+sys of the child), exit code, non-empty output lines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with out.open("wb") as sink:
        done = subprocess.run(argv, stdout=sink, stderr=subprocess.DEVNULL, cwd=cwd, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with out.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip() and line.strip() != b"null")
    return wall, cpu, done.returncode, lines


def _argv(tool: Tool, manifest: Path) -> list[str]:
    if tool.name.startswith("trafilatura"):  # python driver MANIFEST MODE
        return [*tool.argv[:2], str(manifest), tool.argv[2]]
    return [*tool.argv, str(manifest)]


def batch(page_set: PageSet, found: list[Tool], runs: int, work: Path, cwd: Path) -> dict[str, Any]:
    """A B A B over the whole manifest; medians and ratios per tool."""
    walls: dict[str, list[float]] = {t.name: [] for t in found}
    cpus: dict[str, list[float]] = {t.name: [] for t in found}
    outputs: dict[str, int] = {}
    codes: dict[str, int] = {}
    for round_no in range(runs):
        shift = round_no % len(found)
        for tool in found[shift:] + found[:shift]:
            wall, cpu, code, lines = _timed(_argv(tool, page_set.manifest), work / "out.jsonl", cwd)
            walls[tool.name].append(wall)
            cpus[tool.name].append(cpu)
            outputs[tool.name] = lines
            codes[tool.name] = max(codes.get(tool.name, 0), code)
        LOGGER.info("%s round %d/%d done", page_set.name, round_no + 1, runs)
    return _table(page_set, walls, cpus, outputs, codes)


def per_page(
    page_set: PageSet, found: list[Tool], count: int, runs: int, work: Path, cwd: Path
) -> dict[str, Any]:
    """One process per page for the first ``count`` pages: summed wall and CPU per round, A B A B."""
    paths = page_set.paths[:count]
    walls: dict[str, list[float]] = {t.name: [] for t in found}
    cpus: dict[str, list[float]] = {t.name: [] for t in found}
    outputs: dict[str, int] = {}
    codes: dict[str, int] = {}
    single = work / "one.jsonl"
    for round_no in range(runs):
        shift = round_no % len(found)
        for tool in found[shift:] + found[:shift]:
            wall_sum = cpu_sum = 0.0
            produced = 0
            for path in paths:
                if tool.per_page is not None:
                    argv = [*tool.per_page, path]
                else:
                    single.write_text(json.dumps({"path": path, "url": None}) + "\n", encoding="utf-8")
                    argv = _argv(tool, single)
                wall, cpu, code, lines = _timed(argv, work / "out.jsonl", cwd)
                wall_sum += wall
                cpu_sum += cpu
                produced += 1 if lines else 0
                codes[tool.name] = max(codes.get(tool.name, 0), code)
            walls[tool.name].append(wall_sum)
            cpus[tool.name].append(cpu_sum)
            outputs[tool.name] = produced
    sub = PageSet(
        f"{page_set.name}: one process per page, first {len(paths)} pages", page_set.manifest, paths
    )
    return _table(sub, walls, cpus, outputs, codes)


def _table(
    page_set: PageSet,
    walls: dict[str, list[float]],
    cpus: dict[str, list[float]],
    outputs: dict[str, int],
    codes: dict[str, int],
) -> dict[str, Any]:
    rows: dict[str, dict[str, Any]] = {}
    for name, samples in walls.items():
        rows[name] = {
            "wall_s": statistics.median(samples),
            "cpu_s": statistics.median(cpus[name]),
            "walls": samples,
            "cpus": cpus[name],
            "pages_per_s": len(page_set.paths) / statistics.median(samples),
            "outputs": outputs.get(name, 0),
            "exit_code": codes.get(name, 0),
        }
    fast = rows.get("trafilatura fast")
    default = rows.get("trafilatura")
    for row in rows.values():
        for key, ref in (("vs_fast", fast), ("vs_default", default)):
            row[f"{key}_wall"] = ref["wall_s"] / row["wall_s"] if ref and row["wall_s"] else None
            row[f"{key}_cpu"] = ref["cpu_s"] / row["cpu_s"] if ref and row["cpu_s"] else None
    return {"set": page_set.name, "pages": len(page_set.paths), "tools": rows}


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def render(result: dict[str, Any]) -> list[str]:
    """The docs section (Markdown)."""
    lines = [
        START,
        "## `newsflow extract` as a whole process against trafilatura",
        "",
        f"Generated by `.venv/bin/python bench/extract_cli.py --runs {result['runs']}` on "
        f"{result['when']} ({result.get('label') or 'checkout `' + result['checkout'] + '`'}; "
        f"load average {result['load']} at the start, on a machine shared with other work). "
        "Every tool runs as a whole process over the same pages (start-up and imports included): "
        "`newsflow extract --manifest M --format jsonl`, with every structured field and with "
        "`--no-fields`, against a driver process calling `trafilatura.extract(raw bytes, …, with_metadata=True, "
        'output_format="json")` fast and default over the same manifest (trafilatura decodes the bytes, as its '
        "CLI does with files). Rounds alternate the tools "
        "(A B A B, the first tool rotating); times are medians of the rounds; × is trafilatura's time "
        "over the row's time (above 1: newsflow faster). The one-process-per-page views show what a user "
        "pays per call, start-up included.",
        "",
        f"Command: `{result.get('command') or 'bench/extract_cli.py'}`",
        "",
    ]
    for table in result["sets"]:
        lines += [
            f"### {table['set']}" + ("" if "per page" in table["set"] else f" ({table['pages']} pages)"),
            "",
            "| tool | wall s | CPU s | pages/s | pages out | × trafilatura fast (wall) | × fast (CPU) | × trafilatura default (wall) | × default (CPU) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in table["tools"].items():
            lines.append(
                f"| {name} | {row['wall_s']:.2f} | {row['cpu_s']:.2f} | {row['pages_per_s']:.1f} | "
                f"{row['outputs']} | {_x(row['vs_fast_wall'])} | {_x(row['vs_fast_cpu'])} | "
                f"{_x(row['vs_default_wall'])} | {_x(row['vs_default_cpu'])} |"
            )
        lines.append("")
    lines += [f"- {line}" for line in verdicts(result)]
    lines.append(
        "- Start-up: `newsflow extract --no-fields` imports neither DuckDB, warcio/fsspec, charset_normalizer, "
        "importlib.metadata nor the fields code (tests/unit/test_extract_fields_switch.py checks it); "
        "`python -X importtime` shows what is left."
    )
    lines += ["", END]
    return lines


def verdicts(result: dict[str, Any]) -> list[str]:
    """Targets: --no-fields ≥ 2× trafilatura fast, every field ≥ 1×, wall clock, per batch set."""
    said = []
    for table in result["sets"]:
        if "one process per page" in table["set"]:
            continue
        rows = table["tools"]
        for name, target in (("newsflow --no-fields", TARGET_NO_FIELDS), ("newsflow", TARGET_FIELDS)):
            ratio = rows.get(name, {}).get("vs_fast_wall")
            if ratio is None:
                said.append(f"{table['set']}: {name} against trafilatura fast not measured")
                continue
            state = "met" if ratio >= target else "missed"
            said.append(
                f"{table['set']}: {name} {ratio:.2f}× trafilatura fast (target ≥ {target:g}×): **{state}**"
            )
    return said


def write_docs(result: dict[str, Any], page: Path = PAGE) -> Path:
    section = "\n".join(render(result))
    text = page.read_text(encoding="utf-8") if page.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    page.write_text(text, encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="rounds per set (median kept; default 5)")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose .venv to run")
    parser.add_argument(
        "--python", type=Path, help="Python for the trafilatura driver (default: the checkout's)"
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="also run another checkout's newsflow (rows marked @DIR's name)",
    )
    parser.add_argument("--label", help="how the docs name what was measured (default: the checkout path)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--set", choices=["english", "arabic"], action="append", help="default: both")
    parser.add_argument("--limit", type=int, help="English pages at most (default: all)")
    parser.add_argument(
        "--per-page", type=int, default=0, metavar="K", help="also one process per page, K pages"
    )
    parser.add_argument("--out", type=Path, default=OUT / "extract_cli.json")
    parser.add_argument("--write-docs", action="store_true", help="put the table into docs/benchmarks.md")
    parser.add_argument("--docs-only", action="store_true", help="rewrite the docs section from --out")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if args.docs_only:
        write_docs(json.loads(args.out.read_text(encoding="utf-8")))
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    checkout = args.checkout.resolve()
    if not (checkout / ".venv" / "bin" / "newsflow").exists():
        parser.error(f"no .venv/bin/newsflow in {checkout}")
    python = args.python or checkout / ".venv" / "bin" / "python"
    wanted = args.set or ["english", "arabic"]
    with tempfile.TemporaryDirectory(prefix="extract-cli-") as tmp:
        work = Path(tmp)
        driver = work / "trafilatura_driver.py"
        driver.write_text(DRIVER, encoding="utf-8")
        sets = [
            s
            for s in (
                english_set(args.corpus, work, args.limit) if "english" in wanted else None,
                arabic_set(args.corpus, work) if "arabic" in wanted else None,
            )
            if s is not None
        ]
        if not sets:
            LOGGER.warning("corpus not found at %s: nothing to run", args.corpus)
            return 2
        found = tools(checkout, python, driver)
        if args.compare:
            other = args.compare.resolve()
            found[1:1] = tools(other, python, driver, trafilatura=False, suffix=f" @{other.name}")
        tables = []
        for page_set in sets:
            tables.append(batch(page_set, found, args.runs, work, checkout))
            if args.per_page:
                tables.append(per_page(page_set, found, args.per_page, args.runs, work, checkout))
    result = {
        "runs": args.runs,
        "checkout": str(checkout),
        "label": args.label,
        "command": " ".join(["bench/extract_cli.py", *(argv if argv is not None else sys.argv[1:])]),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "sets": tables,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    sys.stdout.write("\n".join(render(result)[1:-1]) + "\n")
    if args.write_docs:
        write_docs(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
