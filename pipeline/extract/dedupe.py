"""Dedupe inside one article: flag blocks that repeat other blocks (nothing is deleted)."""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.core.models import Block
from pipeline.core.text import fold_arabic, match_tokens

LOGGER = logging.getLogger(__name__)

SHINGLE = 3  # words per shingle
CONTAINED = 0.8  # share of a block's shingles found elsewhere to call it a repeat
TEASER_CONTAINED = 0.85  # share of a teaser covered by the union of later blocks
_REPEATABLE = {"lead", "caption", "pull_quote", "paragraph", "heading"}
_BODY = {"paragraph", "heading"}
_DIRECT_OVERLAP = 200  # body blocks up to which overlaps are set intersections, not an index
_CAPTIONS = {"caption", "pull_quote"}
# body blocks after a lead that can make up its teaser: a teaser repeats the opening paragraphs, so
# looking further only costs time (each lead against every later block made long pages quadratic)
TEASER_WINDOW = 64


_POSTING_CAP = 256  # blocks compared per rare shingle on very long pages (document order: the first)


def _misses_allowed(shingles: int) -> int:
    """Shingles a block may miss and still be contained (score >= CONTAINED) in another."""
    return shingles - math.ceil(CONTAINED * shingles - 1e-9)


def _count(work: Counter[str] | None, key: str, n: int) -> None:
    if work is not None:
        work[key] += n


@dataclass(frozen=True)
class _Shingled:
    tokens: tuple[str, ...]
    shingles: frozenset[tuple[str, ...]]


def _shingles(tokens: Sequence[str], n: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    if len(tokens) < n:
        return frozenset({tuple(tokens)}) if tokens else frozenset()
    if n == 3:  # the usual size, built in C
        return frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False))
    return frozenset(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _prep(block: Block) -> _Shingled:
    tokens = tuple(match_tokens(block.text))
    return _Shingled(tokens, _shingles(tokens))


def containment(small: frozenset[tuple[str, ...]], big: frozenset[tuple[str, ...]]) -> float:
    """Share of ``small``'s shingles that also occur in ``big``."""
    if not small:
        return 0.0
    return len(small & big) / len(small)


def _cut_opening(teaser: Sequence[str], block: Sequence[str]) -> int:
    """Words of ``block``'s opening that end ``teaser`` (a teaser cut inside that paragraph)."""
    for k in range(min(len(teaser), len(block)), 0, -1):
        if tuple(teaser[-k:]) == tuple(block[:k]):
            return k
    return 0


def _teaser_sources(
    idx: int, prepared: Sequence[_Shingled], candidates: Sequence[int]
) -> tuple[int, ...] | None:
    """Blocks whose union covers block ``idx`` (a teaser spanning several paragraphs)."""
    mine = prepared[idx].shingles
    teaser = prepared[idx].tokens
    if len(teaser) < 8:
        return None
    contributors: list[int] = []
    covered: set[tuple[str, ...]] = set()
    misses = 0
    for j in candidates:
        if j <= idx:
            continue
        overlap = mine & prepared[j].shingles
        # a contributor is a block whose text is mostly inside the teaser, or whose
        # opening is (a truncated last paragraph)
        own = prepared[j].shingles
        toks = prepared[j].tokens
        opening = _shingles(toks[: SHINGLE + 3]) if len(toks) > SHINGLE + 3 else own
        # or a paragraph the teaser was cut a few words into ("... Fares will stay at")
        if overlap and (
            len(overlap) >= 0.5 * len(own)
            or opening <= mine
            or (contributors and _cut_opening(teaser, toks) >= SHINGLE)
        ):
            contributors.append(j)
            covered |= overlap
            misses = 0
        elif contributors:
            misses += 1
            if misses > 2:
                break  # the repeated run is (nearly) contiguous: a pull quote may sit inside it
    if len(contributors) < 2 and not (
        contributors and containment(mine, prepared[contributors[0]].shingles) >= CONTAINED
    ):
        return None
    # each seam between two paragraphs makes SHINGLE - 1 shingles that no single paragraph holds
    seams = (SHINGLE - 1) * (len(contributors) - 1)
    if len(covered) / max(1, len(mine) - seams) < TEASER_CONTAINED:
        return None
    return tuple(contributors)


def flag_repeats(blocks: Sequence[Block], work: Counter[str] | None = None) -> tuple[Block, ...]:
    """Flag repeats with ``duplicate_of`` pointing at the original blocks.

    * a teaser/lead at the top covered by the union of the following paragraphs
      (whole, truncated, or spanning several);
    * captions and pull quotes contained in one body block (with or without a
      leading و/ف, with a dropped trailing clause), before or after it;
    * paragraphs repeated verbatim (the later copy is the repeat);
    * a lead equal to the first paragraph;
    * a caption or pull quote repeating an earlier one (alt, title and caption text; a slider copy).
    Body paragraphs that only share an opening stay.

    The work is linear in the number of blocks: ``work`` (when given) counts the block pairs
    compared or index entries visited (``pairs``), which a test checks.
    """
    out = list(blocks)
    prepared = [_prep(b) for b in blocks]
    body_idx = [i for i, b in enumerate(blocks) if b.role in _BODY]
    flagged: set[int] = set()

    # 1. teaser / lead repeating the opening paragraphs
    # only the page's first running block can be an unmarked teaser (fixed before the loop: when it
    # is flagged, the next one does not become "first", or a page of repeated paragraphs cascades)
    first_running = body_idx[0] if body_idx else -1
    for i, block in enumerate(blocks):
        if block.role not in {"lead", "paragraph"}:
            continue
        if block.role == "paragraph" and i != first_running:
            continue
        start = bisect.bisect_right(body_idx, i)
        first_body = body_idx[start : start + TEASER_WINDOW]
        _count(work, "pairs", len(first_body))
        sources = _teaser_sources(i, prepared, first_body)
        if sources:
            role = "lead"
            out[i] = block.with_(role=role, duplicate_of=sources, dup_reason="teaser")
            flagged.add(i)
            if block.role == "paragraph":
                body_idx = [j for j in body_idx if j != i]

    # 2. verbatim repeated body paragraphs (later copy flagged)
    seen: dict[tuple[str, ...], int] = {}
    for i in body_idx:
        key = prepared[i].tokens
        if not key:
            continue
        if key in seen:
            out[i] = out[i].with_(duplicate_of=(seen[key],), dup_reason="verbatim")
            flagged.add(i)
        else:
            seen[key] = i
    originals = [j for j in body_idx if j not in flagged]
    # how many original body blocks hold each shingle (counted in C); the overlap with each block is
    # computed only for the few blocks that can be repeats
    holders: Counter[tuple[str, ...]] = Counter()
    for j in originals:
        holders.update(prepared[j].shingles)
    by_shingle: dict[tuple[str, ...], list[int]] | None = None

    # 3. captions, pull quotes, leads (and short paragraphs) contained in one body block
    for i, block in enumerate(blocks):
        if i in flagged or block.role not in _REPEATABLE:
            continue
        mine = prepared[i]
        if not mine.shingles:
            continue
        if block.role in _BODY and any(holders.get(sh, 0) < 2 for sh in mine.shingles):
            continue  # running text repeats only when every shingle is also in another block
        if len(originals) <= _DIRECT_OVERLAP:  # a set intersection per body block, in C
            _count(work, "pairs", len(originals))
            overlap = {j: shared for j in originals if (shared := len(mine.shingles & prepared[j].shingles))}
        else:  # very long pages: an index from shingle to the blocks holding it, built once
            if by_shingle is None:
                by_shingle = {}
                for j in originals:
                    for shingle in prepared[j].shingles:
                        by_shingle.setdefault(shingle, []).append(j)
            # a block it repeats holds all its shingles (running text) or CONTAINED of them: so it
            # holds one of its ``need`` rarest shingles; only their holders are compared (the first
            # _POSTING_CAP of a shingle most blocks share), which keeps long pages linear
            need = 1 if block.role in _BODY else _misses_allowed(len(mine.shingles)) + 1
            rare = sorted(mine.shingles, key=lambda sh: holders.get(sh, 0))[:need]
            candidates = {j for sh in rare for j in by_shingle.get(sh, ())[:_POSTING_CAP]}
            _count(work, "pairs", len(candidates) + len(rare))
            overlap = {j: shared for j in candidates if (shared := len(mine.shingles & prepared[j].shingles))}
        best: tuple[float, int] | None = None
        for j in sorted(overlap):  # document order (holders are originals), so ties go to the first block
            if j == i:
                continue
            if block.role in _BODY and len(mine.tokens) >= len(prepared[j].tokens):
                continue  # a body block only repeats a longer body block
            score = overlap[j] / len(mine.shingles)
            if best is None or score > best[0]:
                best = (score, j)
        if best is None or best[0] < CONTAINED:
            continue
        if block.role in _BODY and best[0] < 0.999:
            continue  # running text must be repeated exactly to be flagged
        if block.role in _BODY and len(mine.tokens) < 6:
            continue  # short lines ("نعم", a name) are not flagged as repeats
        out[i] = block.with_(duplicate_of=(best[1],), dup_reason="contained")
        flagged.add(i)

    # 4. one image's caption repeated (alt/title/caption text, a slider copy): later copies
    first_caption: dict[tuple[str, ...], int] = {}
    for i, block in enumerate(blocks):
        if i in flagged or block.role not in _CAPTIONS or not prepared[i].tokens:
            continue
        key = prepared[i].tokens
        if key in first_caption:
            out[i] = block.with_(duplicate_of=(first_caption[key],), dup_reason="repeated_caption")
            flagged.add(i)
        else:
            first_caption[key] = i
    return tuple(out)


_ALLOWED_REDUPLICATION = {
    fold_arabic(w)
    for w in ("رويدا", "رويدًا", "شيئا", "حينا", "بعضا", "مرارا", "تكرارا", "جدا", "very", "that", "had")
}
_WORDS = re.compile(r"\w+")
# A pre-filter in C: on ASCII, Latin-1 punctuation, Arabic-block and general-punctuation text, folding maps word characters to word characters
# (or nothing) one by one, so a doubled word folds to a \w run, spaces, the same run. No word
# boundaries are asked: a false hit only costs the exact check, a miss cannot happen. Other scripts
# (ligatures whose NFKC form holds spaces, fractions…) always get the exact check.
# possessive: the group must end where its \w run ends (\s+ follows), so giving back is pointless
_MAYBE_DOUBLED = re.compile(r"(\w{2,}+)\s+\1")
_PREFILTER_SAFE = re.compile(r"[\x00-\x7f\xa0-\xbb\xbf\u0600-\u06ff\u2000-\u206f\s]*")
# Without Arabic letters, folding also keeps every \w run whole (no diacritic is dropped between two
# letters): a doubled word is then a whole run, spaces, the same whole run, which rules out most
# false hits ("the theory", "on one") before the exact check.
_MAYBE_DOUBLED_WORDS = re.compile(r"(?<!\w)(\w{2,}+)\s+\1(?!\w)")
_ARABIC_BLOCK = re.compile("[\u0600-\u06ff]")


def doubled_words(text: str, paragraph: int) -> list[dict[str, object]]:
    """Words written twice in a row ("النار  النار"), minus real reduplication."""
    issues: list[dict[str, object]] = []
    ascii_text = text.isascii()  # fold_arabic of ASCII text is its casefold
    if ascii_text or _PREFILTER_SAFE.fullmatch(text):
        whole_runs = ascii_text or _ARABIC_BLOCK.search(text) is None
        maybe = _MAYBE_DOUBLED_WORDS if whole_runs else _MAYBE_DOUBLED
        if not maybe.search(text.casefold() if ascii_text else fold_arabic(text)):
            return issues  # no word followed by itself even after folding: nothing to look at
    words = list(_WORDS.finditer(text))
    folded: dict[str, str] = {}  # each distinct word folded once

    def fold(word: str) -> str:
        value = folded.get(word)
        if value is None:
            value = folded[word] = fold_arabic(word)
        return value

    for prev, cur in itertools.pairwise(words):
        p, c = prev.group(), cur.group()
        if abs(len(p) - len(c)) > 3 or (p[0] != c[0] and p[0].isascii() and c[0].isascii()):
            continue  # cannot fold to the same word: skip the folding
        a, b = fold(p), fold(c)
        if a != b or a.isdigit() or len(a) < 2 or a in _ALLOWED_REDUPLICATION:
            continue
        between = text[prev.end() : cur.start()]
        if between.strip():
            continue  # punctuation in between: a list or an emphasis, not a slip
        issues.append(
            {
                "kind": "doubled_word",
                "text": text[prev.start() : cur.end()],
                "paragraph": paragraph,
                "start": prev.start(),
                "end": cur.end(),
            }
        )
    return issues
