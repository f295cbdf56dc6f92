"""Article JSON of every page in ../shared/corpus, to prove a refactoring changed no output.

    python scripts/corpus_json.py dump OUT.jsonl [--corpus DIR]   # one line per page: path, sha256, JSON
    python scripts/corpus_json.py compare A.jsonl B.jsonl          # exit 1 and list the pages that differ

Run ``dump`` with the code before a change (an older checkout on PYTHONPATH) and after it, then
``compare``. Pages are read where they are; nothing is copied.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".html", ".htm", ".gz", ".txt")


def corpus_pages(corpus: Path) -> Iterator[Path]:
    for path in sorted(corpus.rglob("*")):
        if (
            path.is_file()
            and path.name.endswith(SUFFIXES)
            and not path.name.startswith(("README", "LICENSE"))
        ):
            yield path


def _extract_all(path: Path) -> list[dict[str, object]]:
    """What ``newsflow extract PATH --format json`` prints, as data (the reorganised or the flat layout)."""
    try:
        from pipeline.acquire.discover import expand_inputs
        from pipeline.core.settings import load_settings
        from pipeline.run.driver import process_candidate
    except ImportError:  # the flat layout before the reorganisation
        from pipeline.discover import expand_inputs  # type: ignore[no-redef]
        from pipeline.ingest import process_candidate  # type: ignore[no-redef]
        from pipeline.settings import load_settings  # type: ignore[no-redef]

    settings = load_settings()
    out: list[dict[str, object]] = []
    if path.name.endswith(".gz"):  # the English set is gzip-compressed: extract the page it holds
        tmp = Path(tempfile.gettempdir()) / "corpus-json" / path.name[:-3]  # same path on every run
        tmp.parent.mkdir(exist_ok=True)
        tmp.write_bytes(gzip.decompress(path.read_bytes()))
        path = tmp
    for cand in expand_inputs([str(path)], "cli"):
        for record, article in process_candidate(cand, None, settings, "extract"):
            out.append({"outcome": record.outcome} if article is None else article.to_json())
    return out


def dump(out: Path, corpus: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in corpus_pages(corpus):
            try:
                data: object = _extract_all(path)
            except Exception as exc:  # recorded: a page that fails must fail the same way after the change
                data = {"error": f"{type(exc).__name__}: {exc}"}
            text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
            rel = str(path.relative_to(corpus))
            fh.write(
                json.dumps({"path": rel, "sha256": hashlib.sha256(text.encode()).hexdigest(), "json": text})
            )
            fh.write("\n")
            count += 1
    print(f"{count} pages written to {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    def load(p: Path) -> dict[str, str]:
        return {r["path"]: r["sha256"] for r in map(json.loads, p.read_text(encoding="utf-8").splitlines())}

    left, right = load(a), load(b)
    differ = sorted(k for k in left.keys() & right.keys() if left[k] != right[k])
    only = sorted(left.keys() ^ right.keys())
    print(f"{len(left)} vs {len(right)} pages; identical: {len(left.keys() & right.keys()) - len(differ)}")
    for k in differ:
        print(f"  differs: {k}")
    for k in only:
        print(f"  only in one: {k}")
    return 1 if differ or only else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="write the article JSON of every corpus page")
    d.add_argument("out", type=Path)
    d.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "dump":
        if not args.corpus.is_dir():
            print(f"no corpus at {args.corpus}", file=sys.stderr)
            return 2
        return dump(args.out, args.corpus)
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
