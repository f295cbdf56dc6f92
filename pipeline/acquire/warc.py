"""WARC archive: append request/response records (warcio) and read HTML captures back."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.acquire.urls import canonicalize
from pipeline.core.models import Capture, FetchRecord

LOGGER = logging.getLogger(__name__)

# Headers that describe the transfer, not the stored body (we store decoded bytes).
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
MAX_CAPTURE_BYTES = 50_000_000


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


def iter_captures(path: Path, source: str) -> Iterator[Capture]:
    """HTML/text responses of a WARC file (ours or CC-NEWS style, .warc or .warc.gz)."""
    path = Path(path)
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode()
            try:
                code = int(status)
            except (TypeError, ValueError):
                continue
            if not 200 <= code < 300:
                continue
            content_type = record.http_headers.get_header("Content-Type")
            if not _is_text(content_type):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            body = record.content_stream().read(MAX_CAPTURE_BYTES)
            offset = records.get_record_offset()  # reads the record to its end
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
            yield Capture(
                source=source,
                body=body,
                url=url,
                final_url=url,
                path=str(path),
                headers=headers,
                kind="html",
                fetch=fetch,
            )


def read_record(path: Path, offset: int) -> tuple[str, list[tuple[str, str]], bytes, dict[str, str]]:
    """Read one response record at ``offset``: (status line, HTTP headers, body, WARC headers)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            http = record.http_headers
            status = http.statusline if http is not None else ""
            headers = [(str(k), str(v)) for k, v in http.headers] if http is not None else []
            warc_headers = {str(k): str(v) for k, v in record.rec_headers.headers}
            return status, headers, record.content_stream().read(), warc_headers
    raise ValueError(f"{path}: no record at offset {offset}")
