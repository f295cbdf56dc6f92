"""Parse: raw bytes + headers -> Document (charset: BOM > HTTP header > meta > detection)."""

from __future__ import annotations

import codecs
import logging
import re

from pipeline.core.models import Capture, Document, InputError

LOGGER = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Encodings a detector confuses with Arabic single-byte pages; Arabic wins ties.
_ARABIC_CODECS = ("cp1256", "iso8859_6")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_despite(declared: str, body: bytes) -> bool:
    """True when the bytes are UTF-8 whatever the page declares (GB2312, EUC-JP, ISO-8859-15…).

    Non-ASCII text in a legacy codec is practically never valid UTF-8 by accident, while pages
    re-encoded to UTF-8 with a stale declaration are common: the bytes decide. Pure ASCII follows
    the declaration (it reads the same), and so does a declared UTF-16/32 (their ASCII is valid
    UTF-8 too).
    """
    if declared.startswith(("utf_16", "utf_32", "utf-16", "utf-32")) or declared in {"utf-8", "utf_8"}:
        return False
    return not body.isascii() and _is_utf8(body)


def detect_charset(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (codec name, how it was chosen): bom | header | meta | detected | default.

    A declaration (header, then meta) is followed unless the bytes are valid UTF-8 with non-ASCII
    text in them: then they are UTF-8 ("detected"), whatever the page says.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, "bom"
    declared: tuple[str, str] | None = None
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        codec = _codec(match.group(1)) if match else None
        if codec:
            declared = codec, "header"
    if declared is None:
        meta = _META_CHARSET.search(body[:4096])
        codec = _codec(meta.group(1).decode("ascii", "replace")) if meta else None
        if codec:
            declared = codec, "meta"
    if declared is not None and not _utf8_despite(declared[0], body):
        return declared
    if _is_utf8(body):
        return "utf-8", "detected"
    # Non-UTF-8 without a declaration: prefer an Arabic single-byte codec when it
    # reads as Arabic (detectors often guess Latin-1 or cp1251 for these pages).
    high = bytes(b for b in body if b >= 0x80)
    best: tuple[float, str] | None = None
    for name in _ARABIC_CODECS:
        try:
            share = _arabic_share(high.decode(name))
        except UnicodeDecodeError:
            continue
        if best is None or share > best[0]:
            best = (share, name)
    if best and best[0] >= 0.6:
        # cp1256 is a superset in practice; pick ISO-8859-6 only when cp1256 fails.
        return _codec(best[1]) or best[1], "detected"
    from charset_normalizer import from_bytes  # only for undeclared, non-UTF-8 pages: imported then

    guess = from_bytes(body).best()
    if guess is not None and guess.encoding:
        return _codec(guess.encoding) or "utf-8", "detected"
    return "utf-8", "default"


def decode(body: bytes, content_type: str | None = None) -> tuple[str, str, str, int]:
    """Decode bytes; returns (text, codec, how chosen, replacement characters added)."""
    codec, how = detect_charset(body, content_type)
    before = body.count("\ufffd".encode("utf-8")) if codec.startswith("utf") else 0
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        codec, how = "utf-8", "default"
        text = body.decode(codec, errors="replace")
    if codec.startswith(("utf-16", "utf-32")):
        before = 0
    replacements = max(0, text.count("\ufffd") - before)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, codec, how, replacements


def looks_binary(body: bytes) -> bool:
    """True for bytes that are not text (NULs or many control bytes near the start)."""
    head = body[:2048]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.1


def parse(capture: Capture) -> Document:
    """Decode a capture into a Document; raises InputError for empty or binary input."""
    where = capture.path or capture.url or "<input>"
    if not capture.body.strip():
        raise InputError(where, "empty file (no text)", outcome="empty")
    if looks_binary(capture.body):
        raise InputError(where, "binary content, not text or HTML", outcome="not_html")
    content_type = capture.header("content-type")
    text, codec, how, replacements = decode(capture.body, content_type)
    if replacements:
        LOGGER.warning("%s: %d invalid byte sequences replaced (%s)", where, replacements, codec)
    return Document(
        source=capture.source,
        kind=capture.kind,
        text=text,
        url=capture.url,
        path=capture.path,
        charset=codec,
        charset_source=how,
        replacements=replacements,
    )
