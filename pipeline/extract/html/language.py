"""Language of an article: the page's declared language (html lang, meta) checked against its text.

The text is identified by CLD2 (pycld2: Google's compact language detector, bundled tables, no
network, about a millisecond per page), which knows some 80 languages (ar, en, fr, es, pt, de, it,
nl, tr, fa, ur, ru, uk, zh, ja, ko, he, id, hi, …). The declared language is a strong hint: it wins
when the text is too short, when the detector is unsure, and between languages too close to tell
apart (id/ms, hr/bs/sr, no/da, cs/sk, gl/pt/es); it loses only to a reliable reading that gives most
of the text to another language (templates often keep ``lang="en"`` on pages in other languages).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pycld2

LOGGER = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# CLD2 refuses C0/C1 controls and lone surrogates; they carry no language anyway.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Old or CLD2-specific codes -> the ISO 639-1 code used everywhere else.
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "nb": "no", "nn": "no"}
_DECLARED_KEYS = (
    "content-language",
    "language",
    "dc.language",
    "dcterms.language",
    "og:locale",
    "inlanguage",
)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]|$)")
# Languages so close that a short text cannot tell them apart: the declared one is kept.
_SIBLINGS = (
    frozenset({"id", "ms"}),
    frozenset({"hr", "bs", "sr"}),
    frozenset({"no", "da"}),
    frozenset({"cs", "sk"}),
    frozenset({"gl", "pt"}),
    frozenset({"gl", "es"}),
)
MIN_LETTERS = 20  # below this the text says nothing reliable: the declared language is kept
CONFIDENT = 80  # percent of the text CLD2 must give its top language to overrule the declaration


def normalise_code(value: str | None) -> str | None:
    """'pt-BR' -> 'pt', 'zh_Hans' -> 'zh', 'iw' -> 'he', 'en-us, fr' -> 'en'; None for junk."""
    if not value:
        return None
    first = value.strip().split(",")[0].strip().lower()
    match = _TAG.match(first)
    if not match:
        return None
    code = match.group(1)
    if code in {"und", "mul", "zxx", "xx", "un"}:
        return None
    return _ALIASES.get(code, code)


def declared_language(root: Any, metas: dict[str, list[str]] | None = None) -> str | None:
    """The language the page declares: <html lang> / xml:lang, then Content-Language and og:locale."""
    for key in ("lang", _XML_LANG, "xml:lang"):
        code = normalise_code(root.get(key)) if root is not None else None
        if code:
            return code
    for key in _DECLARED_KEYS:
        for value in (metas or {}).get(key, []):
            code = normalise_code(value)
            if code:
                return code
    return None


def _detect(sample: str) -> tuple[str | None, int, bool]:
    """CLD2's top language, its percent of the text and its reliability flag."""
    try:
        reliable, _, details = pycld2.detect(_CONTROLS.sub(" ", sample))
    except pycld2.error as exc:  # bytes CLD2 still refuses: no reading, the hint stands
        LOGGER.debug("language detection failed: %s", exc)
        return None, 0, False
    code, percent = details[0][1], details[0][2]
    if code in {"un", "xxx"}:
        return None, 0, False
    return normalise_code(code), int(percent), bool(reliable)


def _has_letters(text: str, count: int) -> bool:
    """Whether text holds at least ``count`` letters (in words; the scan stops once they are found)."""
    total = 0
    for word in _WORD.finditer(text):
        total += word.end() - word.start()
        if total >= count:
            return True
    return False


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of ``text`` (``hint``: the page's declared language), or None when unknown.

    The hint is kept when the text is short or the reading unsure; a reliable reading that gives
    at least ``CONFIDENT`` percent of the text to another language overrules it.
    """
    hint = normalise_code(hint)
    sample = text[:8000]
    if not _has_letters(sample, MIN_LETTERS):
        return hint
    code, percent, reliable = _detect(sample)
    if code is None or hint is None or code == hint:
        return code or hint
    if any(code in group and hint in group for group in _SIBLINGS):
        return hint
    return code if reliable and percent >= CONFIDENT else hint
