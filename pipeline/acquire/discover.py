"""Discover: inputs and offline sources -> candidates (web discovery lives in pipeline.acquire.crawl)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.core.models import Candidate
from pipeline.core.sources import Source

LOGGER = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
_KNOWN = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def input_kind(path: str) -> str:
    """html | text | jsonl | warc, from the file name (HTML when unknown)."""
    lower = path.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return "html"


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            name = child.name.lower()
            if child.is_file() and name.endswith(_KNOWN) and not name.endswith(".expected.json"):
                yield child
    else:
        yield path


def expand_inputs(inputs: Sequence[str], source: str) -> list[Candidate]:
    """CLI inputs (URLs, files, folders) as candidates, in a stable order."""
    out: list[Candidate] = []
    for item in inputs:
        if is_url(item):
            out.append(Candidate(source=source, url=item, original_url=item, origin="url"))
            continue
        for path in _files(Path(item)):
            kind = input_kind(str(path))
            origin = {"warc": "warc", "jsonl": "dump", "text": "dump"}.get(kind, "file")
            out.append(Candidate(source=source, path=str(path), origin=origin))
    return out


def source_candidates(source: Source) -> list[Candidate]:
    """Local files of an offline source (its ``paths``) and its explicit URLs."""
    missing = [p for p in source.paths if not Path(p).exists()]
    for p in missing:
        LOGGER.warning("source %s: path %s does not exist; skipped", source.name, p)
    present = [p for p in source.paths if Path(p).exists()]
    return expand_inputs([*present, *source.urls], source.name)
