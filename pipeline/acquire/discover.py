"""Discover: inputs and offline sources -> candidates (web discovery lives in pipeline.acquire.crawl)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.core.models import Candidate
from pipeline.core.sources import Source

LOGGER = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
WARC_SUFFIXES = (".warc", ".warc.gz")
GZIP_SUFFIX = ".gz"
# an input with a scheme (``file://…``, ``ftp://…``, ``javascript:…``, ``data:…``) is a URL, fetched
# or refused by the fetcher (``blocked_scheme``), never read as a local path
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]+:", re.I)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def has_scheme(value: str) -> bool:
    """True for ``scheme:…`` inputs (two letters at least: ``C:\\path`` is a path)."""
    return bool(_SCHEME.match(value.strip())) and not Path(value).exists()


def input_kind(path: str) -> str:
    """html | text | jsonl | json | warc, from the file name (``.gz`` looked through; HTML when unknown)."""
    lower = path.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(GZIP_SUFFIX):
        lower = lower[: -len(GZIP_SUFFIX)]
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return "html"


def _files(path: Path) -> Iterator[Path]:
    """A file, or every file of a folder (hidden ones and ``*.expected.json`` gold files left out).

    Every file found becomes a candidate, whatever its name: one that cannot be read as an input
    ends with an outcome (``not_html``, ``bad_input``…), never silently skipped.
    """
    if path.is_dir():
        found = False
        for child in sorted(path.rglob("*")):
            name = child.name.lower()
            rel = child.relative_to(path).parts
            if any(part.startswith(".") for part in rel) or name.endswith(".expected.json"):
                continue
            if child.is_file() or (child.is_symlink() and not child.exists()):
                found = True
                yield child  # a dangling link too: it ends as read_error, not unseen
        if not found:
            yield path  # a folder with no file: it ends as empty, not as nothing
    else:
        yield path


def expand_inputs(inputs: Sequence[str], source: str) -> list[Candidate]:
    """CLI inputs (URLs, files, folders) as candidates, in a stable order."""
    out: list[Candidate] = []
    for item in inputs:
        if is_url(item) or has_scheme(item):
            out.append(Candidate(source=source, url=item, original_url=item, origin="url"))
            continue
        for path in _files(Path(item)):
            kind = input_kind(str(path))
            origin = {"warc": "warc", "jsonl": "dump", "json": "dump", "text": "dump"}.get(kind, "file")
            out.append(Candidate(source=source, path=str(path), origin=origin))
    return out


def source_candidates(source: Source) -> list[Candidate]:
    """Local files of an offline source (its ``paths``) and its explicit URLs."""
    missing = [p for p in source.paths if not Path(p).exists()]
    for p in missing:
        LOGGER.warning("source %s: path %s does not exist; skipped", source.name, p)
    present = [p for p in source.paths if Path(p).exists()]
    return expand_inputs([*present, *source.urls], source.name)
