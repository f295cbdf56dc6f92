"""Clean: Document -> ordered blocks with roles (text dumps here, HTML in pipeline.extract.html)."""

from __future__ import annotations

import json
import logging
import re

from pipeline.core.models import Block, Cleaned, Document, InputError, PageMeta
from pipeline.core.text import clean_display

LOGGER = logging.getLogger(__name__)

# "(GETTY)", "(AFP)", "(رويترز)", "(Getty Images)", "(أ ف ب)" at the end of a line.
_CREDIT = re.compile(
    r"\s*[(\[]\s*(?P<credit>[A-Z][A-Za-z .&/-]{1,30}|رويترز|فرانس برس|أ ?ف ?ب|الأناضول|الأناضول|"
    r"أسوشيتد برس|أ ?ب|وكالات|إ ?ب ?أ|غيتي|Getty Images)\s*[)\]]\s*$"
)
# "اقرأ/ي:", "اقرأ أيضا:", "إقرأ أيضاً:", "اقرأ المزيد:", "شاهد أيضا:", "Read more:", "Read also:".
_RELATED = re.compile(
    r"^\s*(?:[اإأ]قر[اأ](?:\s*/\s*ي)?(?:\s+[اأ]يض[اًا]+|\s+المزيد)?|شاهد(?:\s+[اأ]يض[اًا]+)?"
    r"|read (?:more|also)|see also|related)\s*[:：\-–]\s*(?P<title>.+)$",
    re.I,
)
_MAX_DATE_LINE_WORDS = 8


def _date_line(line: str) -> tuple[str | None, str | None]:
    """(published, local date) when a line is only a date; (None, None) otherwise."""
    if len(line.split()) > _MAX_DATE_LINE_WORDS:
        return None, None
    from pipeline.core.dates import local_date, parse_date, to_iso

    parsed = parse_date(line)
    if parsed is None or parsed.day is None:
        return None, None
    # the date must be most of the line, not a date inside a sentence
    if len(parsed.text) < 0.5 * len(line.strip()):
        return None, None
    return to_iso(parsed, None), local_date(parsed, None)


def split_lines(text: str) -> list[str]:
    """Non-empty display lines (a line break starts a new paragraph)."""
    lines = (clean_display(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def text_blocks(lines: list[str]) -> list[Block]:
    """Roles for plain-text lines: captions with credits, related teasers, paragraphs."""
    blocks: list[Block] = []
    for line in lines:
        position = len(blocks)
        related = _RELATED.match(line)
        if related:
            blocks.append(Block("related", clean_display(related.group("title")), position))
            continue
        credit = _CREDIT.search(line)
        if credit and len(line) - len(credit.group(0)) > 10:
            text = line[: credit.start()].rstrip()
            blocks.append(Block("caption", text, position, credit=credit.group("credit").strip()))
            continue
        blocks.append(Block("paragraph", line, position))
    return blocks


def clean_text_dump(doc: Document) -> Cleaned:
    """A plain-text dump: an optional date line, then paragraphs (blank lines between)."""
    where = doc.path or doc.url or "<text>"
    lines = split_lines(doc.text)
    if not lines:
        raise InputError(where, "empty text dump (no paragraphs)", outcome="empty")
    published, local = _date_line(lines[0])
    if published is None:
        LOGGER.info("%s: no date line at the top; published date left empty", where)
    else:
        lines = lines[1:]
    if not lines:
        raise InputError(where, "text dump has a date line but no paragraphs", outcome="empty")
    meta = PageMeta(published=published, published_local_date=local)
    return Cleaned(blocks=tuple(text_blocks(lines)), meta=meta)


def clean_jsonl_record(record: dict[str, object], where: str) -> Cleaned:
    """One JSON object of a JSONL dump: {"text" | "body", "title", "url", "published", ...}."""
    body = record.get("text") or record.get("body") or record.get("content")
    if isinstance(body, list):
        body = "\n".join(str(x) for x in body)
    if not isinstance(body, str) or not body.strip():
        raise InputError(where, "JSON record without a text/body field", outcome="empty")
    lines = split_lines(body)
    published = record.get("published") or record.get("date")
    parsed_local: str | None = None
    if isinstance(published, str) and published.strip():
        from pipeline.core.dates import local_date, parse_date, to_iso

        parsed = parse_date(published)
        if parsed is not None:
            published, parsed_local = to_iso(parsed, None), local_date(parsed, None)
        else:
            published = None
    else:
        published = None
    title = record.get("title")
    meta = PageMeta(
        title=clean_display(title) if isinstance(title, str) and title.strip() else None,
        canonical_url=record.get("url") if isinstance(record.get("url"), str) else None,  # type: ignore[arg-type]
        published=published if isinstance(published, str) else None,
        published_local_date=parsed_local,
        language=record.get("language") if isinstance(record.get("language"), str) else None,  # type: ignore[arg-type]
    )
    return Cleaned(blocks=tuple(text_blocks(lines)), meta=meta)


def parse_jsonl(text: str, where: str) -> list[tuple[int, dict[str, object]]]:
    """Records of a JSONL dump with their line numbers; bad lines raise InputError."""
    records: list[tuple[int, dict[str, object]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}:{number}", f"not valid JSON: {exc.msg}") from exc
        if not isinstance(value, dict):
            raise InputError(f"{where}:{number}", "expected a JSON object per line")
        records.append((number, value))
    return records


def clean(doc: Document, *, profile: str | None = None, timezone: str | None = None) -> Cleaned:
    """Blocks with roles for a decoded document (HTML or text)."""
    if doc.kind == "text":
        return clean_text_dump(doc)
    from pipeline.extract.html import clean_html

    cleaned = clean_html(doc, profile=profile, timezone=timezone, url=doc.url)
    if not any(b.role in {"paragraph", "heading", "lead"} for b in cleaned.blocks):
        where = doc.path or doc.url or "<html>"
        if cleaned.meta.title is None:
            raise InputError(where, "HTML page with no article text and no title", outcome="no_article")
    return cleaned
