"""WARC archive: append request/response records (warcio) and read HTML captures back."""

from __future__ import annotations

import hashlib
import logging
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from pipeline.acquire.urls import canonicalize
from pipeline.core.models import Capture, FetchRecord

if TYPE_CHECKING:
    from warcio.statusandheaders import StatusAndHeaders

# warcio (and the fsspec it imports, ~0.2 s) is imported by the functions that read or write WARC
# records, not with this module: `newsflow extract` on an HTML file never touches an archive.
LOGGER = logging.getLogger(__name__)

# Headers that describe the transfer, not the stored body (we store decoded bytes).
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_CAPTURE_BYTES = 50_000_000
SOURCE_HEADER = "Newsflow-Source"  # the source a local input was read for (resource records)


def _status_and_headers(status_line: str, headers: list[tuple[str, str]], body_len: int) -> StatusAndHeaders:
    kept: list[tuple[str, str]] = []
    for name, value in headers:
        if name.lower() in _TRANSFER_HEADERS:
            kept.append((f"X-Archive-Orig-{name}", value))
        else:
            kept.append((name, value))
    kept.append(("Content-Length", str(body_len)))
    if status_line.upper().startswith("HTTP/"):
        status_line = status_line.split(" ", 1)[1] if " " in status_line else "200 OK"
    from warcio.statusandheaders import StatusAndHeaders

    return StatusAndHeaders(status_line, kept, protocol="HTTP/1.1")


class WarcWriter:
    """Appends request+response record pairs to one gzip WARC file (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._fh: IO[bytes] | None = None
        self._writer: Any = None

    def _open(self) -> None:
        if self._fh is None:
            from warcio.warcwriter import WARCWriter

            self._fh = open(self.path, "ab")  # noqa: SIM115 - kept open for the run
            self._writer = WARCWriter(self._fh, gzip=True)

    def write(
        self,
        url: str,
        request_headers: list[tuple[str, str]],
        status_line: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        *,
        ip: str | None = None,
        truncated: str | None = None,
        method: str = "GET",
    ) -> int:
        """Append a request and a response record; returns the response record's offset.

        ``body`` is the decoded payload; transfer headers are kept renamed
        (``X-Archive-Orig-Content-Encoding``) so readers do not decode twice.
        ``truncated`` (``length`` | ``time`` | ``disconnect``) sets WARC-Truncated.
        """
        parts = url.split("/", 3)
        path = "/" + parts[3] if len(parts) > 3 else "/"
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        extra: dict[str, str] = {"WARC-Date": now}
        if ip:
            extra["WARC-IP-Address"] = ip
        with self._lock:
            self._open()
            assert self._fh is not None
            writer = self._writer
            from warcio.statusandheaders import StatusAndHeaders

            req_http = StatusAndHeaders(f"{method} {path} HTTP/1.1", request_headers, is_http_request=True)
            request = writer.create_warc_record(
                url, "request", payload=None, http_headers=req_http, warc_headers_dict=dict(extra)
            )
            resp_extra = dict(extra)
            if truncated:
                resp_extra["WARC-Truncated"] = truncated
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=_status_and_headers(status_line, response_headers, len(body)),
                warc_headers_dict=resp_extra,
            )
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            writer.write_record(request)
            self._fh.flush()
            offset = self._fh.tell()
            writer.write_record(response)
            self._fh.flush()
            return offset

    def write_resource(self, uri: str, body: bytes, content_type: str, source: str | None = None) -> int:
        """Append one ``resource`` record (a local input's bytes, as read); returns its offset."""
        extra = {"WARC-Date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "Content-Type": content_type}
        if source:
            extra[SOURCE_HEADER] = source
        with self._lock:
            self._open()
            assert self._fh is not None
            record = self._writer.create_warc_record(
                uri, "resource", payload=BytesIO(body), length=len(body), warc_headers_dict=extra
            )
            self._fh.flush()
            offset = self._fh.tell()
            self._writer.write_record(record)
            self._fh.flush()
            return offset

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.close()
                self._fh = None
                self._writer = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_text(content_type: str | None) -> bool:
    if not content_type:
        return True
    ctype = content_type.split(";", 1)[0].strip().lower()
    return ctype.startswith(_TEXT_TYPES) or ctype == "text/xml"


@dataclass(frozen=True)
class WarcEntry:
    """One usable record of a WARC file, or the reason a record could not be used.

    ``kind``: ``response`` (a 2xx text capture: ``capture``), ``resource`` (an archived local input:
    ``body`` with ``content_type`` and the input's ``path``), ``truncated`` (the file ends inside a
    record: never loaded, even when part of the body is there), ``too_large`` (a payload over the
    size cap) or ``bad_input`` (bytes that are no WARC record).
    """

    kind: str
    url: str
    offset: int | None = None
    capture: Capture | None = None
    body: bytes = b""
    content_type: str | None = None
    path: str | None = None
    source: str | None = None
    problem: str | None = None
    fetched_at: str | None = None


def _read_capped(record: Any, max_bytes: int) -> tuple[bytes, bool]:
    """The record's payload up to ``max_bytes``; (body, whether there was more)."""
    stream = record.content_stream()
    body = stream.read(max_bytes + 1)
    if len(body) > max_bytes:
        while stream.read(1 << 20):  # drain the rest, so the iterator finds the next record
            pass
        return body[:max_bytes], True
    return body, False


def _cut_short(record: Any) -> int:
    """Bytes the record declares but the file does not hold (0 for a complete record)."""
    raw = getattr(record, "raw_stream", None)
    limit = getattr(raw, "limit", 0)
    if limit and raw is not None:
        raw.read()  # whatever is there
        limit = getattr(raw, "limit", 0)
    return int(limit or 0)


def _resource_path(uri: str) -> str:
    if uri.startswith("file://"):
        return unquote(urlsplit(uri).path)
    return uri


def iter_entries(path: Path, source: str, max_bytes: int = MAX_CAPTURE_BYTES) -> Iterator[WarcEntry]:
    """Every record of a WARC file that carries an input, and an entry for each that cannot be used.

    A file cut inside a record (a killed writer, a partial download) gives the complete records
    and one ``truncated`` entry, logged as a warning; a half record is never a capture.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    size = path.stat().st_size
    end = 0  # where the last complete record ended
    start = 0  # where the last record read started
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                start = records.offset
                rec_type = record.rec_type
                if rec_type is None or record.length is None:  # a header cut short, or no WARC header
                    if _ends_inside_a_record(path, start):
                        yield _truncated(path, f"{path}@{start}", start, size - start)
                    else:
                        problem = f"not a WARC record at offset {start}"
                        LOGGER.warning("%s: %s", path, problem)
                        yield WarcEntry("bad_input", f"{path}@{start}", start, problem=problem)
                    return
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                if rec_type == "resource":
                    body, over = _read_capped(record, max_bytes)
                    missing = _cut_short(record)
                    offset = records.get_record_offset()
                    end = offset + records.get_record_length()
                    yield _resource_entry(record, url, body, over, missing, offset, max_bytes)
                    continue
                if rec_type != "response" or record.http_headers is None:
                    missing = _cut_short(record)
                    if missing:
                        yield _truncated(path, url, records.get_record_offset(), missing)
                        return
                    continue
                body, over = _read_capped(record, max_bytes)
                missing = _cut_short(record)
                offset = records.get_record_offset()  # reads the record to its end
                end = offset + records.get_record_length()
                if missing:
                    yield _truncated(path, url, offset, missing)
                    return
                entry = _response_entry(path, source, record, url, body, offset)
                if entry is None:
                    continue
                if over:
                    yield WarcEntry(
                        "too_large",
                        url,
                        offset,
                        problem=f"payload over {max_bytes} bytes (NEWSFLOW_MAX_BYTES)",
                    )
                    continue
                yield entry
        except (
            ArchiveLoadFailed,
            EOFError,
            OSError,
            zlib.error,
            ValueError,
            LookupError,
            AttributeError,
            TypeError,
        ) as exc:
            # warcio fails in several ways on a cut or damaged header (AttributeError on a missing line)
            at = max(end, start)
            if _ends_inside_a_record(path, start):
                yield _truncated(path, f"{path}@{at}", at, size - at)
                return
            LOGGER.warning("%s: unreadable after offset %d (%s)", path, at, exc)
            problem = f"not a WARC record after offset {at}: {exc}"
            yield WarcEntry("bad_input", f"{path}@{at}", at, problem=problem)
            return
    if end < size and records.offset < size:
        # warcio stops quietly at a record whose header is cut: the rest of the file is a half record
        left = size - max(end, records.offset)
        if left > 0:
            yield _truncated(path, f"{path}@{max(end, records.offset)}", max(end, records.offset), left)
            return
    if start >= end and _ends_inside_a_record(path, start):
        # the last record (a request, metadata…: nothing was read from it) is cut
        yield _truncated(path, f"{path}@{start}", start, size - start)


def _ends_inside_a_record(path: Path, start: int) -> bool:
    """True when the file, read from ``start``, stops in the middle of a record (not garbage)."""
    with open(path, "rb") as fh:
        fh.seek(start)
        rest = fh.read(2 * MAX_CAPTURE_BYTES)
    if rest.startswith(b"\x1f\x8b"):
        while rest:  # each gzip member to its end, output thrown away in bounded chunks
            inflater = zlib.decompressobj(wbits=31)
            try:
                inflater.decompress(rest, 1 << 20)
                while inflater.unconsumed_tail and not inflater.eof:
                    inflater.decompress(inflater.unconsumed_tail, 1 << 20)
            except zlib.error:
                return False
            if not inflater.eof:
                return True  # the last member has no end: cut
            rest = inflater.unused_data
        return False
    last = rest.rfind(b"WARC/")
    if last >= 0 and b"\r\n\r\n" not in rest[last:]:
        return True  # a record header without its end (a cut body is found by its Content-Length)
    end = rest.rfind(b"\r\n\r\n")
    tail = (rest[end + 4 :] if end >= 0 else rest).lstrip(b"\r\n")
    return bool(tail) and len(tail) < 8 and b"WARC/1.0".startswith(tail)  # the next header's first bytes


def _truncated(path: Path, url: str, offset: int, missing: int) -> WarcEntry:
    problem = f"the file ends inside the record at offset {offset} ({missing} bytes missing or unparsed)"
    LOGGER.warning("%s: %s; that record is not loaded", path, problem)
    return WarcEntry("truncated", url or f"{path}@{offset}", offset, problem=problem)


def _resource_entry(
    record: Any, url: str, body: bytes, over: bool, missing: int, offset: int, max_bytes: int
) -> WarcEntry:
    path = _resource_path(url)
    if missing:
        problem = f"the file ends inside the record ({missing} bytes missing)"
        return WarcEntry("truncated", url, offset, path=path, problem=problem)
    if over:
        problem = f"payload over {max_bytes} bytes (NEWSFLOW_MAX_BYTES)"
        return WarcEntry("too_large", url, offset, path=path, problem=problem)
    return WarcEntry(
        "resource",
        url,
        offset,
        body=body,
        content_type=record.rec_headers.get_header("Content-Type"),
        path=path,
        source=record.rec_headers.get_header(SOURCE_HEADER),
        fetched_at=record.rec_headers.get_header("WARC-Date"),
    )


def _response_entry(
    path: Path, source: str, record: Any, url: str, body: bytes, offset: int
) -> WarcEntry | None:
    status = record.http_headers.get_statuscode()
    try:
        code = int(status)
    except (TypeError, ValueError):
        return WarcEntry("bad_input", url, offset, problem=f"unreadable HTTP status line {status!r:.60}")
    if not 200 <= code < 300:
        return None
    content_type = record.http_headers.get_header("Content-Type")
    if not _is_text(content_type):
        return None
    cut = record.rec_headers.get_header("WARC-Truncated")
    if cut:  # archived cut short (a size cap, a deadline, a dropped connection): never a whole page
        problem = f"the archived response was cut short (WARC-Truncated: {cut})"
        return WarcEntry("truncated", url, offset, problem=problem)
    headers = tuple((str(k), str(v)) for k, v in record.http_headers.headers)
    fetch = FetchRecord(
        url=canonicalize(url),
        outcome="ok",
        source=source,
        final_url=url,
        original_url=url,
        status_code=code,
        bytes=len(body),
        content_type=content_type,
        warc_file=str(path),
        warc_offset=offset,
        fetched_at=record.rec_headers.get_header("WARC-Date"),
        body_sha256=hashlib.sha256(body).hexdigest(),
    )
    capture = Capture(
        source=source,
        body=body,
        url=url,
        final_url=url,
        path=str(path),
        headers=headers,
        kind="html",
        fetch=fetch,
    )
    return WarcEntry("response", url, offset, capture=capture)


def iter_captures(path: Path, source: str) -> Iterator[Capture]:
    """HTML/text responses of a WARC file (ours or CC-NEWS style, .warc or .warc.gz)."""
    for entry in iter_entries(path, source):
        if entry.capture is not None:
            yield entry.capture


def read_record(path: Path, offset: int) -> tuple[str, list[tuple[str, str]], bytes, dict[str, str]]:
    """Read one response record at ``offset``: (status line, HTTP headers, body, WARC headers)."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            http = record.http_headers
            status = http.statusline if http is not None else ""
            headers = [(str(k), str(v)) for k, v in http.headers] if http is not None else []
            warc_headers = {str(k): str(v) for k, v in record.rec_headers.headers}
            return status, headers, record.content_stream().read(), warc_headers
    raise ValueError(f"{path}: no record at offset {offset}")
