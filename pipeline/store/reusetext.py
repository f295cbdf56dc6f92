"""Text reuse across articles, the text side: paragraphs, their keys, and how much of one article was taken from another.

A wire story is republished with a new title, a few words changed, a sentence trimmed, one paragraph
dropped and one added ("يذكر أن…"), sometimes only its first half followed by the outlet's own text.
Whole-body similarity misses most of these; paragraphs do not.

Each body paragraph (a line of ``body_text``) is reduced to the set of hashes of its word 3-shingles
in matching form (Arabic folding, no leading و/ف), after removing quoted statements («…», "…", “…”):
two reports quoting one statement share nothing else. A paragraph of A draws on B by the share of its
shingles found anywhere in B (an outlet merges two wire paragraphs into one, splits one, or moves a
sentence), counted from ``MIN_CONTAINMENT`` up: each paragraph adds its words times that share, so a
reworded paragraph counts for the wording it kept. The paragraphs of B it draws on must carry its
numbers (digit runs: "JD410" is 410, "3,500" is 3500), unless B put none in their place (numbers
dropped or written in words). Otherwise the paragraph counts for nothing, and if at least
``PARA_CONTAINMENT`` of its *frame* (its shingles with every number read as one placeholder) is B's,
it is a *template* paragraph (B's wording with other numbers: weather, exchange rates, prayer
times, match reports) and counts against the pair. The share of A reused from
B is that weighted share of A's words, less the template paragraphs; two articles are one story when
that share, for the shorter article, reaches ``SHARE`` with at least ``MIN_REUSED_WORDS`` words. A
paragraph with at least ``PARA_CONTAINMENT`` of its shingles in B is *taken*: it is linked to the
paragraph of B it shares most with.

Candidates: each paragraph has two keys, the minimum of its shingle hashes under each of two fixed
mixings (two one-row LSH bands per paragraph: two paragraphs with shingle Jaccard J share at least one
with probability 1 - (1 - J)², so a reworded paragraph with J = 0.4 is found 64 times in 100, not 40).
Keys one outlet printed in 3 or more articles of the window (its footer, its stock phrases) are
neither candidates nor counted: the outlet boilerplate rule of ``pipeline.store.boilerplate``, applied
before that rule has learned the lines.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.core.text import CONJUNCTION, fold_arabic

SHINGLE = 3
PARA_CONTAINMENT = 0.5  # share of a paragraph's shingles found in the other article: taken (linked)
MIN_CONTAINMENT = 0.2  # a smaller share of a paragraph's shingles is phrases in common, not reuse
NUMBER_AGREEMENT = 0.8  # share of the paragraph's numbers the paragraphs it draws on must carry
SOURCE_SHARE = 0.1  # a paragraph of the other article sharing this share of the shingles is drawn on,
SOURCE_SHINGLES = 3  # or this many of them
# a paragraph with this share of its frame (numbers aside) in one paragraph has that one's wording
TEMPLATE_FRAME = 0.7
SHARE = 0.2  # weighted share of the shorter article's words reused (less template paragraphs)
MIN_REUSED_WORDS = 20
MIN_PARA_WORDS = 6  # shorter paragraphs (datelines, "وأضاف:") are neither keyed nor counted

# quoted statements: «…», “…”, „…“, "…" (bounded, never across a line)
_QUOTED = re.compile(r"«[^»\n]{0,800}»|“[^”\n]{0,800}”|„[^“”\"\n]{0,800}[“”\"]|\"[^\"\n]{0,800}\"")
_WORD = re.compile(r"\w+")  # as pipeline.core.text.match_words
_DIGITS = re.compile(r"\d+")
_QUOTE_CHARS = frozenset('«“„"')
_MIXES = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xD6E8FEB86659FD93))  # one paragraph key per mixing
_K1, _K2 = np.uint64(0x9E3779B1), np.uint64(0x85EBCA77)
_M32 = np.uint64(0xFFFFFFFF)
_TOP = 1 << 63


def has_quote(text: str) -> bool:
    """Whether the text holds a quotation mark that opens a quoted statement (one of _QUOTE_CHARS).

    Four substring searches: far faster on a whole body than a set test of each of its characters.
    """
    return "«" in text or "“" in text or "„" in text or '"' in text


def unquoted(text: str) -> str:
    """The text without its quoted statements."""
    if not has_quote(text):
        return text
    return _QUOTED.sub(" ", text)


class _WordHashes(dict[str, int]):
    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


def shingles(words: Sequence[str], word_hashes: dict[str, int] | None = None) -> np.ndarray:
    """Distinct 32-bit hashes of the word 3-grams (as uint64)."""
    cache = _WordHashes() if word_hashes is None else word_hashes
    h = np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    if len(words) < SHINGLE:
        return np.unique(h)
    grams = h[:-2] * _K1 + h[1:-1] * _K2 + h[2:]
    return np.unique((grams ^ (grams >> np.uint64(32))) & _M32)


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= _TOP else value


def keys_of(grams: np.ndarray) -> tuple[int, ...]:
    """The paragraph's keys: the least shingle hash under each mixing."""
    return tuple(_signed(int((grams * mix).min())) for mix in _MIXES)


def split_words(body: str) -> tuple[list[str], list[tuple[int, list[str]]], set[int]]:
    """The words of a body (``match_words(body)``), (line, words outside quotes) of each line, and
    the lines that had quotes removed. The body is folded once; no word spans a line break.
    """
    folded = fold_arabic(body)
    if "\u0648" in folded or "\u0641" in folded:
        folded = CONJUNCTION.sub("", folded)
    texts = folded.split("\n")
    per_line = [_WORD.findall(text) for text in texts]
    words = per_line[0] if len(per_line) == 1 else list(itertools.chain.from_iterable(per_line))
    quoted: set[int] = set()
    if has_quote(folded):
        quoted = {n for n, text in enumerate(texts) if has_quote(text)}
        per_line = [
            _WORD.findall(unquoted(texts[n])) if n in quoted else found for n, found in enumerate(per_line)
        ]
    return words, list(enumerate(per_line)), quoted


def line_words(body: str) -> Iterable[tuple[int, list[str]]]:
    """(line, words outside quotes) of each paragraph long enough to count."""
    for i, kept in split_words(body)[1]:
        if len(kept) >= MIN_PARA_WORDS:
            yield i, kept


def keys_of_lines(
    lines: Iterable[tuple[int, Sequence[str]]], word_hashes: dict[str, int] | None = None
) -> list[tuple[int, int]]:
    """(line, key) for each key of each paragraph long enough to count, hashed in one pass over the body.

    The same keys as ``keys_of(shingles(words))`` line by line: the least mixed 3-gram hash of each
    line under each mixing, taken over the concatenated lines with the 3-grams that span two lines
    left out.
    """
    cache = _WordHashes() if word_hashes is None else word_hashes
    kept = [(i, words) for i, words in lines if len(words) >= MIN_PARA_WORDS]
    if not kept:
        return []
    flat = [w for _, words in kept for w in words]
    h = np.fromiter(map(cache.__getitem__, flat), dtype=np.uint64, count=len(flat))
    grams = h[:-2] * _K1 + h[1:-1] * _K2 + h[2:]
    grams = (grams ^ (grams >> np.uint64(32))) & _M32
    ends = np.cumsum([len(words) for _, words in kept])
    starts = ends - np.array([len(words) for _, words in kept])
    # the two 3-grams starting at the last two words of a line span the break: never the minimum
    valid = np.ones(len(grams), dtype=bool)
    valid[np.concatenate((ends[:-1] - 2, ends[:-1] - 1))] = False
    return _line_keys([i for i, _ in kept], grams, valid, starts)


def _line_keys(
    lines: Sequence[int], grams: np.ndarray, valid: np.ndarray, starts: np.ndarray
) -> list[tuple[int, int]]:
    """(line, key) for each mixing of the grams ``valid`` at each line's stretch (from ``starts``)."""
    out: list[tuple[int, int]] = []
    for mix in _MIXES:
        mixed = np.where(valid, grams * mix, np.uint64(0xFFFFFFFFFFFFFFFF))
        mins = np.minimum.reduceat(mixed, np.asarray(starts, dtype=np.int64)).tolist()
        out.extend((i, _signed(value)) for i, value in zip(lines, mins, strict=True))
    return out


def gram_hashes(words: Sequence[str], word_hashes: dict[str, int]) -> np.ndarray:
    """32-bit hash of the 3-gram at each word position (len(words) - 2 of them; words >= 3)."""
    h = np.fromiter(map(word_hashes.__getitem__, words), dtype=np.uint64, count=len(words))
    grams = h[:-2] * _K1 + h[1:-1] * _K2 + h[2:]
    return (grams ^ (grams >> np.uint64(32))) & _M32


def keys_from_grams(
    grams: np.ndarray,
    lines: Sequence[tuple[int, Sequence[str]]],
    quoted: Collection[int],
    word_hashes: dict[str, int],
) -> list[tuple[int, int]]:
    """(line, key) for each key of each paragraph long enough to count, from the body's ``gram_hashes``.

    ``lines`` are ``split_words``' second value: a line without quotes holds the body's words in
    order, so its key is the least mixed gram of its stretch; a line with quotes is hashed alone.
    """
    if quoted:  # the quoted lines' words are not the body's words: hash each line alone
        return keys_of_lines(lines, word_hashes)
    kept, valid, at = [], np.zeros(len(grams), dtype=bool), 0
    for i, words in lines:
        if len(words) >= MIN_PARA_WORDS:
            kept.append((i, at))
            valid[at : at + len(words) - 2] = True  # the grams that start and end inside the line
        at += len(words)
    if not kept:
        return []
    return _line_keys(
        [i for i, _ in kept], grams, valid, np.array([start for _, start in kept], dtype=np.int64)
    )


def paragraph_keys(body: str, word_hashes: dict[str, int] | None = None) -> list[tuple[int, int]]:
    """(line, key) for each key of each paragraph of a body: what the candidate index stores."""
    cache = _WordHashes() if word_hashes is None else word_hashes
    words, lines, quoted = split_words(body)
    if len(words) < SHINGLE:
        return []
    return keys_from_grams(gram_hashes(words, cache), lines, quoted, cache)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One body paragraph in matching form."""

    line: int  # line of body_text
    words: int  # words outside quotes
    keys: tuple[int, ...]  # its candidate keys (see paragraph_keys)
    shingles: frozenset[int]
    numbers: frozenset[str]  # the digit runs of its words
    frame: frozenset[int]  # the shingles with every word holding a digit read as one placeholder


def _numbers(words: Sequence[str]) -> frozenset[str]:
    """The digit runs of a paragraph's words, a thousands group joined to the number before it
    ("3,500" was split into 3 and 500 and is 3500, as written without the comma)."""
    runs: list[str] = []
    glued = False  # the last run was a whole word of digits
    for w in words:
        if w.isalpha():
            glued = False
            continue
        if glued and len(w) == 3 and w.isdigit():
            runs[-1] += w
            continue
        runs.extend(_DIGITS.findall(w))
        glued = w.isdigit()
    return frozenset(runs)


def paragraphs(
    body: str, ignore_keys: Collection[int] = (), word_hashes: dict[str, int] | None = None
) -> list[Paragraph]:
    """The paragraphs of a body that count: long enough, and whose key is not in ``ignore_keys``
    (the outlet's boilerplate)."""
    cache = _WordHashes() if word_hashes is None else word_hashes
    out = []
    for i, words in line_words(body):
        grams = shingles(words, cache)
        keys = keys_of(grams)
        if any(k in ignore_keys for k in keys):
            continue
        numbers = _numbers(words)
        grams_set = frozenset(grams.tolist())
        frame = grams_set
        if numbers:
            frame = frozenset(shingles(["#" if _DIGITS.search(w) else w for w in words], cache).tolist())
        out.append(Paragraph(i, len(words), keys, grams_set, numbers, frame))
    return out


@dataclass(frozen=True, slots=True)
class Alignment:
    """How much of A was found in B and of B in A, and which paragraph of B each of A's came from."""

    share_a: float  # share of A's words reused from B (weighted, less template paragraphs)
    share_b: float
    words_a: int
    words_b: int
    reused_a: int  # words of A reused from B (each paragraph's words times the share found in B)
    reused_b: int
    links: tuple[tuple[int, int, float], ...]  # (line of A, line of B, share of A's shingles in B's)

    @property
    def score(self) -> float:
        """The share reused of the shorter article."""
        return self.share_a if self.words_a <= self.words_b else self.share_b

    @property
    def is_reuse(self) -> bool:
        reused = self.reused_a if self.words_a <= self.words_b else self.reused_b
        return self.score >= SHARE and reused >= MIN_REUSED_WORDS


def _numbers_agree(p: Paragraph, sources: Sequence[Paragraph]) -> bool:
    """The paragraphs ``p`` draws on carry its numbers, or put none of their own in their place."""
    if not p.numbers:
        return True
    theirs = frozenset().union(*(q.numbers for q in sources))
    return len(p.numbers & theirs) >= NUMBER_AGREEMENT * len(p.numbers) or theirs <= p.numbers


def _draw(p: Paragraph, others: Sequence[Paragraph]) -> tuple[float, int, bool]:
    """How ``p`` draws on ``others``: the share of its shingles found in them that counts (0 when the
    paragraphs it draws on have other numbers), the index of the paragraph it shares most with (-1:
    none), and whether it is a template (their wording, numbers aside, with other numbers)."""
    n = len(p.shingles)
    shared = [
        (len(common), j, common) for j, q in enumerate(others) if n and (common := p.shingles & q.shingles)
    ]
    share = len(frozenset().union(*(common for _, _, common in shared))) / n if shared else 0.0
    best = max(shared)[1] if shared else -1
    if p.numbers:
        # the numbers are compared with the paragraph holding most of its frame, or when none holds half
        # of it (paragraphs merged or split), with every paragraph sharing part of it
        m = len(p.frame)
        framed = [(len(p.frame & q.frame), j) for j, q in enumerate(others)]
        top_k, top = max(framed, default=(0, -1))
        if top_k >= TEMPLATE_FRAME * m:
            sources = [others[top]]
        else:
            sources = [others[j] for k, j in framed if k and k >= min(SOURCE_SHARE * m, SOURCE_SHINGLES)]
        if sources and not _numbers_agree(p, sources):
            return 0.0, -1, top_k >= TEMPLATE_FRAME * m
    if share < MIN_CONTAINMENT:
        return share, -1, False
    return share, best, False


def _side(a: Sequence[Paragraph], b: Sequence[Paragraph]) -> tuple[float, int, list[tuple[int, int, float]]]:
    """Words of A reused from B (each paragraph's words times its share), words of A's template
    paragraphs, and the links of A's taken paragraphs."""
    reused = 0.0
    template = 0
    links = []
    for p in a:
        share, j, is_template = _draw(p, b)
        if is_template:
            template += p.words
        if j < 0:
            continue
        reused += p.words * share
        if share >= PARA_CONTAINMENT:
            links.append((p.line, b[j].line, round(share, 4)))
    return reused, template, links


def align(a: Sequence[Paragraph], b: Sequence[Paragraph]) -> Alignment:
    """Align the paragraphs of A on B and of B on A."""
    words_a = sum(p.words for p in a)
    words_b = sum(q.words for q in b)
    reused_a, template_a, links = _side(a, b)
    reused_b, template_b, _ = _side(b, a)
    share_a = max(0.0, reused_a - template_a) / words_a if words_a else 0.0
    share_b = max(0.0, reused_b - template_b) / words_b if words_b else 0.0
    return Alignment(share_a, share_b, words_a, words_b, round(reused_a), round(reused_b), tuple(links))
