"""Local inputs: files, folders, gzip pages, JSON and JSONL dumps and WARC files, read into items.

Every input ends with an outcome, like a fetched URL: a page or article to extract (``ok`` once
extracted), or the reason it cannot be used. The caps of HTTP apply (``too_large`` over
``NEWSFLOW_MAX_BYTES``, counted after decompression), a dump line or WARC record that is bad gets
its own outcome with its line number or offset, and the good ones beside it are kept. When an
archive is given, each local input is written to the WARC archive as a ``resource`` record, so that
``newsflow rebuild`` recreates its articles from ``data/warc`` alone.
"""

from __future__ import annotations

import atexit
import codecs
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import os
import re
import signal
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from pipeline.acquire.discover import input_kind
from pipeline.acquire.parse import decode
from pipeline.acquire.warc import WarcEntry, WarcWriter, iter_entries
from pipeline.core.models import Candidate, Capture, FetchRecord, InputError
from pipeline.core.settings import Settings

LOGGER = logging.getLogger(__name__)

# The outcomes of local inputs (beside those of HTTP, ``too_large`` and ``empty`` among them).
LOCAL_OUTCOMES = {
    "read_error": "the file cannot be read (missing, a folder, no permission)",
    "bad_input": "not what its name says: bad JSON (with the line number), bad gzip, not a WARC record",
    "too_large": "over NEWSFLOW_MAX_BYTES (a file, a decompressed gzip page, a dump line, a WARC record)",
    "truncated": "a WARC file that ends inside a record: the record is not loaded, the ones before are",
    "extract_timeout": "extraction of one input used more than NEWSFLOW_EXTRACT_DEADLINE seconds of CPU time",
    "no_article": "an HTML page with no article text and no title",
    "empty": "no text at all (an empty file, a JSON article without a text/body field)",
    "not_html": "binary content (an image, a PDF…) that is not text or HTML",
    "blocked_scheme": "file://, ftp://, javascript:, data: … given as an input: never read or fetched",
}
CONTENT_TYPES = {
    "html": "text/html",
    "text": "text/plain",
    "jsonl": "application/x-ndjson",
    "json": "application/json",
}
_KIND_OF_TYPE = {v: k for k, v in CONTENT_TYPES.items()}
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class LocalItem:
    """One thing read from a local input: its ``fetches`` record plus what to extract, if anything.

    ``capture`` is a page or text dump to extract; ``fields`` one JSON article (a JSONL line, a
    JSON file). With neither, ``record.outcome`` says why the input gave nothing.
    """

    record: FetchRecord
    capture: Capture | None = None
    fields: dict[str, Any] | None = None
    where: str = ""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def file_record(
    where: str,
    source: str,
    run_id: str,
    outcome: str,
    body: bytes = b"",
    error: str | None = None,
    kind: str | None = None,
) -> FetchRecord:
    """The ``fetches`` row of a local input (``where``: a path, ``path:line`` or ``path#index``)."""
    url = where if "://" in where else str(Path(where).resolve())
    return FetchRecord(
        url=url,
        outcome=outcome,
        source=source,
        bytes=len(body),
        error=error,
        fetched_at=now_iso(),
        run_id=run_id,
        content_type=CONTENT_TYPES.get(kind or input_kind(where), "text/html"),
        body_sha256=hashlib.sha256(body).hexdigest() if body else None,
    )


# -- gzip ----------------------------------------------------------------------------------------


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip bytes (several members too) without ever holding more than ``max_bytes``.

    Raises InputError ``too_large`` past the cap, ``bad_input`` for bytes that are no gzip.
    """
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        try:
            while True:
                out += inflater.decompress(rest, max_bytes + 1 - len(out))
                if len(out) > max_bytes:
                    raise InputError("", f"over {max_bytes} bytes once decompressed", outcome="too_large")
                rest = inflater.unconsumed_tail
                if inflater.eof or not rest:
                    break
        except zlib.error as exc:
            raise InputError("", f"not valid gzip: {exc}") from exc
        if not inflater.eof:
            raise InputError("", "gzip data cut short (no end of stream)")
        rest = inflater.unused_data.lstrip(b"\x00")
        if rest and not rest.startswith(_GZIP_MAGIC):
            break  # trailing garbage after the last member: what came before is the page
    return bytes(out)


# -- the archive ---------------------------------------------------------------------------------


class LocalArchive:
    """One WARC file per run and process that local inputs are archived to (opened on first use)."""

    _open: ClassVar[dict[tuple[str, int], LocalArchive]] = {}
    _lock = threading.Lock()

    def __init__(self, settings: Settings, run_id: str) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        safe_run = re.sub(r"[^A-Za-z0-9._-]+", "_", run_id)
        self.path = settings.warc_dir / f"{safe_run}-local-{os.getpid()}-{stamp}.warc.gz"
        self.writer = WarcWriter(self.path)

    @classmethod
    def for_run(cls, settings: Settings, run_id: str) -> LocalArchive:
        """The archive of this run in this process (a worker process gets its own file)."""
        key = (str(settings.warc_dir.resolve()) + "\0" + run_id, os.getpid())
        with cls._lock:
            archive = cls._open.get(key)
            if archive is None:
                for old_key in [k for k in cls._open if k[1] == os.getpid()]:
                    cls._open.pop(old_key).writer.close()  # one run at a time per process
                archive = cls._open[key] = cls(settings, run_id)
            return archive

    def write(self, path: str, body: bytes, kind: str, source: str) -> tuple[str, int]:
        uri = Path(path).resolve().as_uri()
        return str(self.path), self.writer.write_resource(
            uri, body, CONTENT_TYPES.get(kind, "text/html"), source
        )

    @classmethod
    def close_all(cls) -> None:
        with cls._lock:
            for archive in cls._open.values():
                archive.writer.close()
            cls._open.clear()


atexit.register(LocalArchive.close_all)


# -- the time cap --------------------------------------------------------------------------------


_PIPELINE_DIR = str(Path(__file__).resolve().parent.parent) + os.sep
_RETRY_SECONDS = 0.02


@contextmanager
def time_cap(seconds: float, where: str) -> Iterator[None]:
    """Raise InputError ``extract_timeout`` when the block uses more than ``seconds`` of CPU time.

    A CPU-time timer (ITIMER_PROF, SIGPROF): extraction is CPU work, a busy machine does not cut it
    short, and SIGALRM stays free for whoever uses it (an Airflow task timeout, pytest-timeout).
    Only in the main thread and when no other profiling timer runs; elsewhere the block is uncapped.
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_PROF)[0] == 0
    )
    if not usable:
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        # raise only inside newsflow's own code, where the exception reaches the caller; elsewhere
        # (a gc callback, a library's finaliser) it could be swallowed: try again a moment later,
        # and again after raising, in case some handler on the way swallowed it
        if not active:
            return  # the block is over: never raise, never re-arm
        signal.setitimer(signal.ITIMER_PROF, _RETRY_SECONDS)
        code = frame.f_code if frame is not None else None
        if code is not None and code.co_filename.startswith(_PIPELINE_DIR) and code.co_name != "time_cap":
            raise InputError(
                where,
                f"extraction took more than {seconds:g} s of CPU time (NEWSFLOW_EXTRACT_DEADLINE)",
                outcome="extract_timeout",
            )

    active = [True]
    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        active.clear()
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# -- reading -------------------------------------------------------------------------------------


def read_local(
    candidate: Candidate, settings: Settings, run_id: str, archive: LocalArchive | None = None
) -> Iterator[LocalItem]:
    """Every item of one local input, each with its record; never raises for a bad input."""
    assert candidate.path is not None
    path, source = candidate.path, candidate.source
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # a file name in another encoding: named readably, not read
        shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        problem = "the file name is not valid UTF-8 (rename the file)"
        LOGGER.warning("%s: %s", shown, problem)
        yield LocalItem(file_record(shown, source, run_id, "bad_input", error=problem), where=shown)
        return
    kind = input_kind(path)
    try:
        size = Path(path).stat().st_size
        if Path(path).is_dir():
            problem = "a folder with no input file in it"
            LOGGER.warning("%s: %s", path, problem)
            yield LocalItem(file_record(path, source, run_id, "empty", error=problem), where=path)
            return
        if kind == "warc":
            yield from _warc_items(Path(path), source, settings, run_id, archive)
            return
        if kind == "jsonl":
            yield from _jsonl_file(path, source, settings, run_id, archive)
            return
        if size > settings.max_bytes:
            problem = f"file of {size} bytes, over {settings.max_bytes} (NEWSFLOW_MAX_BYTES)"
            LOGGER.warning("%s: %s", path, problem)
            yield LocalItem(file_record(path, source, run_id, "too_large", error=problem), where=path)
            return
        body = Path(path).read_bytes()
    except OSError as exc:
        LOGGER.error("%s: cannot read (%s)", path, exc.strerror or exc)
        yield LocalItem(file_record(path, source, run_id, "read_error", error=str(exc)), where=path)
        return
    yield from items_from_bytes(path, body, kind, source, settings, run_id, archive, url=candidate.url)


def items_from_bytes(
    path: str,
    body: bytes,
    kind: str,
    source: str,
    settings: Settings,
    run_id: str,
    archive: LocalArchive | None = None,
    *,
    url: str | None = None,
    archived: tuple[str, int] | None = None,
) -> Iterator[LocalItem]:
    """The items of one input's bytes (a file as read, or a WARC ``resource`` record)."""
    if kind == "jsonl":  # a dump: line by line, each line capped (gzip decompressed as it is read)
        yield from _jsonl_stream(path, io.BytesIO(body), source, settings, run_id, archived)
        return
    if body.startswith(_GZIP_MAGIC):
        try:
            body = gunzip_capped(body, settings.max_bytes)
        except InputError as exc:
            LOGGER.warning("%s: %s", path, exc.problem)
            yield LocalItem(
                file_record(path, source, run_id, exc.outcome, body, exc.problem, kind), where=path
            )
            return
    if archive is not None and archived is None and body.strip():
        # the fetch row keeps pointing at the input itself: a run re-run gives the same rows
        try:
            archive.write(path, body, kind, source)
        except OSError as exc:  # a full disk: the input is still read, the run says why it is not archived
            LOGGER.error("%s: not archived (%s)", path, exc)
    record = file_record(path, source, run_id, "ok", body, kind=kind)
    if archived:
        record = replace(record, warc_file=archived[0], warc_offset=archived[1])
    if kind == "json":
        if _is_json_lines(body):  # a JSONL dump named .json: read line by line
            yield from _jsonl_stream(path, io.BytesIO(body), source, settings, run_id, archived)
            return
        yield from _json_items(path, body, record)
        return
    capture = Capture(source=source, body=body, path=path, kind="text" if kind == "text" else "html", url=url)
    yield LocalItem(record, capture=capture, where=path)


def _is_json_lines(body: bytes) -> bool:
    """True for several JSON objects one per line (the first line a whole object, more lines after)."""
    first, _, rest = body.lstrip().partition(b"\n")
    if not rest.strip() or not first.rstrip().endswith(b"}"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return False


def _json_items(path: str, body: bytes, record: FetchRecord) -> Iterator[LocalItem]:
    """A JSON file: one article (an object) or a list of them (``path#index`` each)."""
    try:
        value = json.loads(decode(body)[0])
    except (json.JSONDecodeError, RecursionError) as exc:
        problem = f"not valid JSON: {getattr(exc, 'msg', exc)}"
        LOGGER.warning("%s: %s", path, problem)
        yield LocalItem(replace(record, outcome="bad_input", error=problem), where=path)
        return
    if isinstance(value, dict):
        yield LocalItem(record, fields=value, where=path)
        return
    if not isinstance(value, list):
        problem = "expected a JSON article (an object) or a list of them"
        yield LocalItem(replace(record, outcome="bad_input", error=problem), where=path)
        return
    if not value:
        yield LocalItem(replace(record, outcome="empty", error="an empty JSON list"), where=path)
        return
    for i, item in enumerate(value):
        where = f"{path}#{i}"
        raw = json.dumps(item, ensure_ascii=False).encode("utf-8")
        row = replace(
            record,
            url=f"{record.url}#{i}",
            bytes=len(raw),
            body_sha256=hashlib.sha256(raw).hexdigest(),
        )
        if isinstance(item, dict):
            yield LocalItem(row, fields=item, where=where)
        else:
            problem = f"item {i}: expected a JSON object"
            yield LocalItem(replace(row, outcome="bad_input", error=problem), where=where)


def _jsonl_file(
    path: str, source: str, settings: Settings, run_id: str, archive: LocalArchive | None
) -> Iterator[LocalItem]:
    """A JSONL dump (gzip or not), line by line: a dump may be larger than the cap, each line is capped.

    The dump is archived as it is on disk (one ``resource`` record) when it fits under the cap.
    """
    if archive is not None:
        size = Path(path).stat().st_size
        if size <= settings.max_bytes:
            try:
                archive.write(path, Path(path).read_bytes(), "jsonl", source)
            except OSError as exc:
                LOGGER.error("%s: not archived (%s)", path, exc)
        else:
            LOGGER.warning("%s: a dump of %d bytes is not archived (over NEWSFLOW_MAX_BYTES)", path, size)
    with open(path, "rb") as fh:
        yield from _jsonl_stream(path, fh, source, settings, run_id, None)


def _jsonl_stream(
    path: str,
    fh: Any,
    source: str,
    settings: Settings,
    run_id: str,
    archived: tuple[str, int] | None,
) -> Iterator[LocalItem]:
    head = fh.read(2)
    fh.seek(0)
    stream = gzip.GzipFile(fileobj=fh, mode="rb") if head == _GZIP_MAGIC else fh
    errors: list[str] = []
    lines = _capped_lines(stream, settings.max_bytes, errors)
    yield from _jsonl_items(path, lines, source, settings, run_id, archived, errors)


def _capped_lines(fh: Any, max_bytes: int, errors: list[str]) -> Iterator[bytes]:
    """Lines of a binary stream; a line over ``max_bytes`` is cut there (the rest is skipped).

    A gzip stream that is cut or corrupt ends the lines; the problem is appended to ``errors``.
    """
    try:
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                return
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while (more := fh.readline(_CHUNK)) and not more.endswith(b"\n"):
                    pass
            yield line
    except (OSError, EOFError, zlib.error) as exc:
        errors.append(f"gzip data unreadable: {exc}")


def _jsonl_items(
    path: str,
    lines: Iterator[bytes],
    source: str,
    settings: Settings,
    run_id: str,
    archived: tuple[str, int] | None,
    errors: list[str],
) -> Iterator[LocalItem]:
    """One item per non-blank line: each good line an article, each bad one its own outcome."""
    found = False
    number = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        found = True
        where = f"{path}:{number}"
        line = raw.rstrip(b"\r\n")
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]  # a dump saved "with BOM"
        record = file_record(where, source, run_id, "ok", line, kind="jsonl")
        if archived:
            record = replace(record, warc_file=archived[0], warc_offset=archived[1])
        if len(raw) > settings.max_bytes:
            problem = f"line {number}: over {settings.max_bytes} bytes (NEWSFLOW_MAX_BYTES)"
            LOGGER.warning("%s: %s", path, problem)
            yield LocalItem(replace(record, outcome="too_large", error=problem), where=where)
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = decode(line)[0]
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            problem = f"line {number}: not valid JSON: {getattr(exc, 'msg', exc)}"
            LOGGER.warning("%s: %s", path, problem)
            yield LocalItem(replace(record, outcome="bad_input", error=problem), where=where)
            continue
        if not isinstance(value, dict):
            problem = f"line {number}: expected a JSON object per line"
            LOGGER.warning("%s: %s", path, problem)
            yield LocalItem(replace(record, outcome="bad_input", error=problem), where=where)
            continue
        yield LocalItem(record, fields=value, where=where)
    if errors:
        problem = f"after line {number}: {errors[0]}"
        LOGGER.warning("%s: %s", path, problem)
        yield LocalItem(
            file_record(path, source, run_id, "bad_input", error=problem, kind="jsonl"), where=path
        )
    elif not found:
        record = file_record(path, source, run_id, "empty", error="no JSON line in the dump", kind="jsonl")
        yield LocalItem(record, where=path)


def _warc_items(
    path: Path, source: str, settings: Settings, run_id: str, archive: LocalArchive | None
) -> Iterator[LocalItem]:
    """The captures and archived local inputs of a WARC file; a cut or bad record gets its outcome."""
    found = False
    for entry in iter_entries(path, source, settings.max_bytes):
        found = True
        yield from _warc_entry_items(path, entry, source, settings, run_id, archive)
    if not found:  # an empty file, or only requests, images, redirects…: said, not silent
        problem = "no HTML or text capture in the WARC file"
        LOGGER.warning("%s: %s", path, problem)
        record = file_record(str(path), source, run_id, "empty", error=problem, kind="warc")
        yield LocalItem(replace(record, content_type="application/warc"), where=str(path))


def _warc_entry_items(
    path: Path,
    entry: WarcEntry,
    source: str,
    settings: Settings,
    run_id: str,
    archive: LocalArchive | None,
) -> Iterator[LocalItem]:
    if entry.capture is not None:
        capture = entry.capture
        base = capture.fetch or FetchRecord(url=capture.url or str(path), outcome="ok", source=source)
        record = replace(base, run_id=run_id, source=source)
        if archive is not None and archive.path != path:
            # a WARC from elsewhere (CC-NEWS…): its captures are copied, so data/warc alone has them
            try:  # the fetch row keeps pointing at the input WARC
                archive.writer.write(
                    capture.url or "",
                    [],
                    "HTTP/1.1 200 OK",
                    [(k, v) for k, v in capture.headers],
                    capture.body,
                )
            except OSError as exc:
                LOGGER.error("%s: capture not archived (%s)", capture.url, exc)
        yield LocalItem(record, capture=capture, where=capture.url or str(path))
        return
    if entry.kind == "resource" and entry.path:
        kind = _KIND_OF_TYPE.get((entry.content_type or "").split(";", 1)[0].strip().lower(), "html")
        # a rebuild keeps the source the input was read for
        own = entry.source if source in {"cli", "rebuild"} and entry.source else source
        yield from items_from_bytes(
            entry.path,
            entry.body,
            kind,
            own,
            settings,
            run_id,
            None,
            archived=(str(path), entry.offset or 0),
        )
        return
    record = FetchRecord(
        url=entry.url,
        outcome=entry.kind,
        source=source,
        error=f"{path}: {entry.problem}",
        fetched_at=now_iso(),
        run_id=run_id,
        warc_file=str(path),
        warc_offset=entry.offset,
    )
    yield LocalItem(record, where=entry.url)
