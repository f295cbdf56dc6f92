"""Text normalisation: one form for display, one for matching (Arabic-aware)."""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

# Bidi controls, zero-width space, soft hyphen, BOM, word joiner. The zero-width non-joiner and joiner
# (U+200C, U+200D) are spelling in Persian, Urdu, Kurdish and Indic scripts ("می‌شود") and in emoji
# sequences: they are kept.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks).
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "\u0622": "\u0627",  # آ -> ا
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u0626": "\u064a",  # ئ -> ي
        "\u0624": "\u0648",  # ؤ -> و
        "\u0629": "\u0647",  # ة -> ه
        "\u06cc": "\u064a",  # Persian yeh
        "\u06a9": "\u0643",  # Persian kaf
    }
)
_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)
_WORD = re.compile(r"\w+", re.UNICODE)
T = TypeVar("T")


def clean_display(text: str) -> str:
    """Text as displayed: entities decoded, NFC, invisible controls removed, spaces collapsed."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():  # NFC and the invisible controls only concern non-ASCII text
        text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())  # str.split() splits on the same Unicode spaces as _SPACES


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits."""
    return text.translate(_DIGITS)


# every character the Arabic folding steps change lies in this block (after NFKC)
_ARABIC_CHARS = re.compile("[\u0600-\u06ff]")


# Arabic script in any of its blocks, presentation forms included (NFKC maps them to the base block)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def has_arabic_script(text: str) -> bool:
    """True when the text has a letter, digit or mark of the Arabic script (Arabic, Persian, Urdu…)."""
    return _ARABIC_SCRIPT.search(text) is not None


def fold_arabic(text: str) -> str:
    """Matching form: no diacritics or tatweel, alef/yeh/teh-marbuta folded, ASCII digits, lower case."""
    if text.isascii():
        return text.lower()  # NFKC and the Arabic steps leave ASCII as it is; casefold == lower
    text = unicodedata.normalize("NFKC", text)
    if _ARABIC_CHARS.search(text) is None:
        # Turkish dotted capital I casefolds to i + a combining dot, which would split the word
        return text.casefold().replace("i\u0307", "i")
    # the zero-width non-joiner kept for display (Persian "می‌شود") joins nothing in a match key
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "").replace("\u200c", "")
    return text.translate(_FOLD).translate(_DIGITS).casefold()


def memo(maxsize: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Cache a pure one-string function in a plain dict, emptied when it reaches ``maxsize``.

    Unlike functools.lru_cache, which keeps a linked list cell per entry, a dict of strings and
    tuples holds nothing the cyclic garbage collector has to walk: a full collection in a process
    that has read a few thousand pages stays milliseconds, not a tenth of a second.
    """

    def decorate(fn: Callable[[str], T]) -> Callable[[str], T]:
        cache: dict[str, T] = {}

        @functools.wraps(fn)
        def cached(arg: str) -> T:
            try:
                return cache[arg]
            except KeyError:
                pass
            value = fn(arg)
            if len(cache) >= maxsize:
                cache.clear()
            cache[arg] = value
            return value

        return cached

    return decorate


@memo(200_000)
def fold_word(word: str) -> str:
    """fold_arabic for one word or character, cached (a pure function: nothing to reset)."""
    return fold_arabic(word)


def strip_conjunction(word: str) -> str:
    """Drop a leading conjunction و/ف from a folded word when enough of it remains."""
    if len(word) > 3 and word[0] in "\u0648\u0641":
        return word[1:]
    return word


def match_tokens(text: str) -> list[str]:
    """Words in matching form, each without a leading و/ف (a conjunction)."""
    return list(_match_tokens(text))


# a leading و/ف of a word that keeps 3+ letters without it: strip_conjunction on running text
CONJUNCTION = re.compile("(?<!\\w)[\u0648\u0641](?=\\w{3})")


def match_words(text: str) -> list[str]:
    """match_tokens without its cache: for one-off texts such as whole article bodies."""
    folded = fold_arabic(text)
    if "\u0648" in folded or "\u0641" in folded:
        folded = CONJUNCTION.sub("", folded)
    return _WORD.findall(folded)


@memo(20_000)
def _match_tokens(text: str) -> tuple[str, ...]:
    return tuple(match_words(text))


def match_key(text: str) -> str:
    """One string per text for exact comparisons (folded, conjunction-free words)."""
    return " ".join(match_tokens(text))


def content_hash(parts: list[str] | tuple[str, ...]) -> str:
    """Stable hash of normalised text (SHA-256 hex, first 32 chars)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(match_key(part).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def stable_id(*parts: str) -> str:
    """Short stable id from raw strings."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()[:24]
