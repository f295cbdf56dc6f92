"""Bytes that are valid UTF-8 decode as UTF-8 whatever the page declares (issue 18: GB2312, EUC-JP,
ISO-8859-15 declarations on UTF-8 pages gave mojibake); real legacy bytes still follow the declaration."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.acquire.parse import decode, detect_charset

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "encoding"
TEXTS = {
    "gb2312": "北京市政府周二宣布新的交通计划",
    "euc_jp": "東京都は火曜日に新しい交通計画を発表した",
    "iso8859-15": "Le maire a présenté le budget de l'été: 5 € par élève",
    "cp1256": "أعلنت الحكومة عن خطة جديدة للنقل العام",
    "shift_jis": "大阪府は新しい計画を発表した",
}


def _page(text: str, declared: str, where: str) -> tuple[bytes, str | None]:
    meta = f'<meta charset="{declared}">' if where == "meta" else ""
    html = f"<html><head>{meta}<title>{text}</title></head><body><p>{text}</p></body></html>"
    return html.encode("utf-8"), (f"text/html; charset={declared}" if where == "header" else None)


@pytest.mark.parametrize("declared", sorted(TEXTS))
@pytest.mark.parametrize("where", ["header", "meta"])
def test_utf8_bytes_beat_a_wrong_declaration(declared: str, where: str) -> None:
    body, content_type = _page(TEXTS[declared], declared, where)
    text, codec, how, replaced = decode(body, content_type)
    assert codec == "utf-8" and how == "detected"
    assert TEXTS[declared] in text and replaced == 0


@pytest.mark.parametrize("declared", sorted(TEXTS))
def test_legacy_bytes_still_follow_their_declaration(declared: str) -> None:
    text_in = TEXTS[declared]
    html = f'<html><head><meta charset="{declared}"></head><body><p>{text_in}</p></body></html>'
    body = html.encode(declared)
    assert detect_charset(body)[1] == "meta"
    text, _codec, _how, replaced = decode(body)
    assert text_in in text and replaced == 0


def test_ascii_and_utf16_follow_the_declaration() -> None:
    ascii_page = b'<html><head><meta charset="iso-8859-15"></head><body><p>plain</p></body></html>'
    assert detect_charset(ascii_page) == ("iso8859-15", "meta")
    utf16 = "<p>plain</p>".encode("utf-16-le")  # NULs and ASCII: valid UTF-8 too
    assert detect_charset(utf16, "text/html; charset=utf-16-le")[0] == "utf-16-le"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/encoding is not beside the checkout")
def test_the_corpus_single_byte_arabic_pages_still_decode() -> None:
    pages = sorted(CORPUS.glob("*.html"))
    assert pages
    for page in pages:
        text, codec, _how, replaced = decode(page.read_bytes())
        assert codec in {"cp1256", "iso8859-6"}, (page.name, codec)
        assert replaced == 0
        arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
        assert arabic > 100, page.name
