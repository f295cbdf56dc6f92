"""Text reuse across articles: which paragraphs of one article were taken from another.

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

import csv
import itertools
import logging
import re
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from pipeline.core.text import CONJUNCTION, fold_arabic

SHINGLE = 3
PARA_CONTAINMENT = 0.5  # share of a paragraph's shingles found in the other article: taken (linked)
MIN_CONTAINMENT = 0.2  # a smaller share of a paragraph's shingles is phrases in common, not reuse
NUMBER_AGREEMENT = 0.8  # share of the paragraph's numbers the paragraphs it draws on must carry
SOURCE_SHARE = 0.1  # a paragraph of the other article sharing this share of the shingles is drawn on,
SOURCE_SHINGLES = 3  # or this many of them
TEMPLATE_FRAME = (
    0.7  # a paragraph with this share of its frame (numbers aside) in one paragraph has its wording
)
SHARE = 0.2  # weighted share of the shorter article's words reused (less template paragraphs)
MIN_REUSED_WORDS = 20
# candidates whose bodies' MinHash similarity is lower are not verified: a copy of 40 % of the shorter
# body has a Jaccard of 0.25 and more; pairs sharing one paragraph key by chance are near 0
MIN_SIMILARITY = 0.05
MIN_PARA_WORDS = 6  # shorter paragraphs (datelines, "وأضاف:") are neither keyed nor counted
OUTLET_REPEAT = 3  # a key one outlet printed in this many articles is its boilerplate
HOT_KEY = 100  # a key held by more articles pairs each with its next HOT_WINDOW holders, not all
HOT_WINDOW = 16
LOGGER = logging.getLogger(__name__)

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
            frame = frozenset(
                shingles(
                    ["#" if w.isalpha() is False and _DIGITS.search(w) else w for w in words], cache
                ).tolist()
            )
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


def candidates(con: duckdb.DuckDBPyConnection, now: str) -> list[tuple[str, str, bool, bool]]:
    """(a, b, same outlet, either indexed by this run) for the pairs (a < b) sharing a paragraph key
    that this run verifies: those with an article indexed by this run (updated_at >= ``now``) and the
    pairs of one outlet already found to be reuse (``reuse_edges.same_source``).

    Keys one outlet printed in ``reuse.OUTLET_REPEAT`` or more articles (its footer, its stock
    phrases) are left out. A key held by more than HOT_KEY articles (a wire story every outlet ran,
    or a phrase many outlets share) pairs each holder with its next HOT_WINDOW holders by article
    id, as hot LSH buckets do: the copies of one story are linked through chains, never all pairs.
    Only the keys of the articles of such pairs are read (a daily run reads the keys of its new
    articles, not every pair of the window); all the holders of those keys are counted and ordered,
    so the pairs are those a join over every key gives.
    """
    return [
        (str(a), str(b), bool(same), bool(fresh))
        for a, b, same, fresh in con.execute(
            f"""
            WITH again AS (SELECT a, b FROM reuse_edges WHERE same_source),
            seeds AS (
                SELECT article_id FROM dedup_signatures WHERE updated_at >= CAST($now AS TIMESTAMPTZ)
                UNION SELECT a FROM again UNION SELECT b FROM again
            ),
            focus AS (SELECT DISTINCT key FROM reuse_postings SEMI JOIN seeds USING (article_id)),
            -- a key of one article pairs nothing and is no outlet's stock phrase: dropped first
            shared AS (
                SELECT key FROM reuse_postings SEMI JOIN focus USING (key) GROUP BY key HAVING count(*) >= 2
            ),
            posted AS (
                SELECT p.article_id, p.key, s.source, s.body_hash
                FROM (SELECT DISTINCT article_id, key FROM reuse_postings SEMI JOIN shared USING (key)) p
                JOIN dedup_signatures s USING (article_id)
            ),
            repeated AS (
                SELECT source, key FROM posted
                GROUP BY source, key HAVING count(*) >= {OUTLET_REPEAT:d}
            ),
            live AS (
                SELECT p.article_id, p.key, p.body_hash
                FROM posted p ANTI JOIN repeated r ON r.source = p.source AND r.key = p.key
            ),
            wanted AS (SELECT DISTINCT key FROM live SEMI JOIN seeds USING (article_id)),
            counts AS (
                SELECT key, count(*) AS n FROM live SEMI JOIN wanted USING (key)
                GROUP BY key HAVING count(*) >= 2
            ),
            sized AS (SELECT l.*, c.n FROM live l JOIN counts c USING (key)),
            hot AS (
                SELECT *, row_number() OVER (PARTITION BY key ORDER BY article_id) AS rn
                FROM sized WHERE n > {HOT_KEY:d}
            ),
            pairs AS (
                SELECT x.article_id AS a, y.article_id AS b
                FROM sized x JOIN sized y ON x.key = y.key AND x.article_id < y.article_id
                WHERE x.n <= {HOT_KEY:d} AND x.body_hash IS DISTINCT FROM y.body_hash
                UNION ALL
                SELECT x.article_id, y.article_id
                FROM hot x JOIN hot y ON x.key = y.key AND y.rn > x.rn AND y.rn <= x.rn + {HOT_WINDOW:d}
                WHERE x.body_hash IS DISTINCT FROM y.body_hash
            ),
            distinct_pairs AS (SELECT DISTINCT a, b FROM pairs),
            flagged AS (
                SELECT p.a, p.b, sa.source IS NOT DISTINCT FROM sb.source AS same,
                       greatest(sa.updated_at, sb.updated_at) >= CAST($now AS TIMESTAMPTZ) AS fresh
                FROM distinct_pairs p
                JOIN dedup_signatures sa ON sa.article_id = p.a
                JOIN dedup_signatures sb ON sb.article_id = p.b
            )
            SELECT f.a, f.b, f.same, f.fresh FROM flagged f
            WHERE f.fresh OR EXISTS (SELECT 1 FROM again g WHERE g.a = f.a AND g.b = f.b)
            ORDER BY 1, 2
            """,  # noqa: S608 - integer constants
            {"now": now},
        ).fetchall()
    ]


def repeated_keys(con: duckdb.DuckDBPyConnection, keys: Iterable[int]) -> dict[str, set[int]]:
    """Of ``keys``, those each outlet printed in OUTLET_REPEAT or more articles of the window."""
    out: dict[str, set[int]] = defaultdict(set)
    wanted = sorted(set(keys))
    if not wanted:
        return out
    for source, key in con.execute(
        f"""
        SELECT s.source, p.key FROM reuse_postings p JOIN dedup_signatures s USING (article_id)
        WHERE p.key IN (SELECT unnest(CAST(? AS BIGINT[])))
        GROUP BY s.source, p.key HAVING count(DISTINCT p.article_id) >= {OUTLET_REPEAT:d}
        """,  # noqa: S608 - an integer constant
        [wanted],
    ).fetchall():
        out[str(source)].add(int(key))
    return out


class Bodies:
    """The paragraphs (in matching form) of window articles, read from the store when first needed.

    Reading bodies scans the articles table: ask for all the articles a step needs in one ``fetch``.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.paras: dict[str, list[Paragraph]] = {}
        self.word_hashes: dict[str, int] = _WordHashes()

    def fetch(self, ids: Iterable[str]) -> None:
        """Read the bodies of ``ids`` not read yet; leave out the paragraphs whose key the article's
        outlet printed in OUTLET_REPEAT or more articles (``repeated_keys``)."""
        missing = sorted({i for i in ids if i not in self.paras})
        if not missing:
            return
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _nf_reuse_ids AS SELECT unnest(CAST(? AS VARCHAR[])) AS article_id",
            [missing],
        )
        read = [
            (str(aid), str(source), paragraphs(str(body), word_hashes=self.word_hashes))
            for aid, source, body in self.con.execute(
                """
                SELECT a.article_id, a.source, coalesce(nullif(a.body_text, ''), a.lead, '')
                FROM articles a JOIN _nf_reuse_ids USING (article_id)
                QUALIFY a.version = max(a.version) OVER (PARTITION BY a.article_id)
                """
            ).fetchall()
        ]
        self.con.execute("DROP TABLE _nf_reuse_ids")
        repeated = repeated_keys(self.con, (k for _, _, paras in read for p in paras for k in p.keys))
        for aid, source, paras in read:
            ignore = repeated.get(source, set())
            self.paras[aid] = [p for p in paras if not ignore.intersection(p.keys)]
        for aid in missing:
            self.paras.setdefault(aid, [])

    def __getitem__(self, aid: str) -> list[Paragraph]:
        return self.paras[aid]


def edges(
    con: duckdb.DuckDBPyConnection,
    now: str,
    settled: Callable[[Sequence[tuple[str, str]]], Sequence[bool]],
    bodies: Bodies,
    reach: Callable[[Sequence[tuple[str, str]]], Iterable[str]] | None = None,
) -> tuple[list[tuple[str, str, str, float]], int]:
    """Reuse links of the window: verified candidate pairs, persisted in ``reuse_edges``.

    A pair is verified once, when one of its articles is indexed (new or changed), unless ``settled``
    (given the pairs, one flag each) says it is already in one cluster or too far apart to be reuse. A
    pair of one outlet found to be reuse is verified again on every run: what is that outlet's
    boilerplate grows with its stories, and a shared footer is not a shared story. Returns the links
    and the number of pairs verified by this run.

    ``reach``, given the pairs to verify and the reuse links kept, names other articles whose bodies
    will be needed (the members of the clusters those pairs can make): they are read in the same
    scan of the articles.
    """
    found_pairs = candidates(con, now)
    again = {
        (str(a), str(b)) for a, b in con.execute("SELECT a, b FROM reuse_edges WHERE same_source").fetchall()
    }
    con.execute("DELETE FROM reuse_edges WHERE same_source")
    asked = [(a, b, same) for a, b, same, fresh in found_pairs if fresh or (a, b) in again]
    todo = [
        pair for pair, done in zip(asked, settled([(a, b) for a, b, _ in asked]), strict=True) if not done
    ]
    pairs = [(a, b) for a, b, _ in todo]
    if reach is not None:
        kept = [(str(a), str(b)) for a, b in con.execute("SELECT a, b FROM reuse_edges").fetchall()]
        bodies.fetch(itertools.chain((x for pair in pairs for x in pair), reach(pairs + kept)))
    else:
        bodies.fetch(x for pair in pairs for x in pair)
    found = []
    for a, b, same in todo:
        al = align(bodies[a], bodies[b])
        if al.is_reuse:
            found.append([a, b, round(al.share_a, 4), round(al.share_b, 4), same])
    if found:
        # replace by delete-then-insert (one row per pair, the last wins): the same as INSERT OR REPLACE
        # on the file, and it works on DuckLake, which has no keys (pipeline/store/lake.py)
        rows = list({(r[0], r[1]): r for r in found}.values())
        con.executemany("DELETE FROM reuse_edges WHERE a = ? AND b = ?", [r[:2] for r in rows])
        con.executemany("INSERT INTO reuse_edges VALUES (?, ?, ?, ?, ?)", rows)
    LOGGER.info("reuse: %d candidate pairs, %d verified, %d found", len(found_pairs), len(todo), len(found))
    linked_pairs = [
        (str(a), str(b), "reuse", float(score))
        for a, b, score in con.execute(
            "SELECT a, b, CASE WHEN share_a < share_b THEN share_b ELSE share_a END FROM reuse_edges ORDER BY a, b"
        ).fetchall()
    ]
    return linked_pairs, len(todo)


def replace_links(con: duckdb.DuckDBPyConnection, links: Sequence[tuple[object, ...]]) -> int:
    """Replace the paragraph links of the window's articles; lines of body_text become paragraph rows."""
    con.execute(
        "DELETE FROM reuse_links WHERE article_id IN (SELECT article_id FROM dedup_signatures) "
        "OR rep_article_id IN (SELECT article_id FROM dedup_signatures)"
    )
    if not links:
        return 0
    with tempfile.TemporaryDirectory(prefix="newsflow-dedup-") as tmp:
        path = Path(tmp) / "links.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(links)
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _nf_links AS SELECT * FROM read_csv('{path}', header = false, auto_detect = false,
                columns = {{cluster_id: 'VARCHAR', article_id: 'VARCHAR', line: 'INTEGER',
                           rep_article_id: 'VARCHAR', rep_line: 'INTEGER', containment: 'DOUBLE'}})
            """  # noqa: S608 - a path we created
        )
        # body_text is the body rows (paragraphs and headings not flagged as repeats) joined in order;
        # the current version of the linked articles only (articles_current would rank every article)
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _nf_lines AS
            SELECT p.article_id, p.version, p.position,
                   CAST(row_number() OVER (PARTITION BY p.article_id ORDER BY p.position) - 1 AS INTEGER) AS line
            FROM paragraphs p
            JOIN (
                SELECT article_id, max(version) AS version FROM articles
                WHERE article_id IN (SELECT article_id FROM _nf_links UNION SELECT rep_article_id FROM _nf_links)
                GROUP BY article_id
            ) a USING (article_id, version)
            WHERE p.role IN ('paragraph', 'heading') AND NOT p.is_duplicate
            """
        )
        con.execute(
            """
            INSERT INTO reuse_links
            SELECT l.cluster_id, l.article_id, c.version, c.position, l.rep_article_id, r.version, r.position,
                   l.containment
            FROM _nf_links l
            JOIN _nf_lines c ON c.article_id = l.article_id AND c.line = l.line
            JOIN _nf_lines r ON r.article_id = l.rep_article_id AND r.line = l.rep_line
            """
        )
        row = con.execute("SELECT count(*) FROM _nf_links").fetchone()
        con.execute("DROP TABLE _nf_links")
        con.execute("DROP TABLE _nf_lines")
    return int(row[0]) if row else 0
