"""Language of a text from its letters and a few function words (the page's lang attribute can be wrong)."""

from __future__ import annotations

import logging
import re
from collections import Counter

LOGGER = logging.getLogger(__name__)

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "was",
            "with",
            "on",
            "as",
            "by",
            "it",
            "at",
            "from",
            "this",
            "have",
            "are",
            "be",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "des",
            "du",
            "est",
            "une",
            "dans",
            "pour",
            "que",
            "qui",
            "sur",
            "pas",
            "au",
            "avec",
            "sont",
            "par",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "de",
            "que",
            "en",
            "un",
            "una",
            "por",
            "con",
            "para",
            "es",
            "del",
            "se",
            "al",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "den",
            "von",
            "zu",
            "sich",
            "auf",
            "für",
            "ein",
            "eine",
            "dem",
            "des",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "di",
            "che",
            "la",
            "e",
            "per",
            "un",
            "una",
            "del",
            "della",
            "sono",
            "non",
            "con",
            "gli",
            "nel",
            "alla",
        ]
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


_ARABIC_BLOCK = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\U0010ffff]")


def detect_language(text: str) -> str | None:
    """'ar', 'fa', 'ur', 'en', 'fr', 'es', 'de', 'it' or None when the sample is too small to tell."""
    sample = text[:8000]
    words = _WORD.findall(sample)
    letters = sum(map(len, words))  # letters in C, not a Python call per character
    if letters < 20:
        return None
    arabic = [c for c in _ARABIC_BLOCK.findall(sample) if c.isalpha()]
    if len(arabic) / letters > 0.5:
        persian = sum(1 for c in arabic if c in "پچژگکی")
        urdu = sum(1 for c in arabic if c in "ٹڈڑںےھ")
        if urdu > 5 and urdu > persian:
            return "ur"
        if persian > max(5, len(arabic) // 100):
            return "fa"
        return "ar"
    counts = Counter(map(str.lower, words))
    total = sum(counts.values())
    if not total:
        return None
    best, best_share = None, 0.0
    for lang, stops in _STOPWORDS.items():
        share = sum(counts[w] for w in stops if w in counts) / total
        if share > best_share:
            best, best_share = lang, share
    return best if best_share >= 0.05 else None
