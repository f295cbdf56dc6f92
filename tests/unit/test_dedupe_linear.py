"""In-article dedupe does work linear in the number of blocks (issue 18: a 4 MB page of repeated
paragraphs took 18 s and 423 MB, because each flagged teaser made the next paragraph "first").

The work is counted (block pairs compared, index entries visited), not timed: speed is in
bench/extract_linear.py.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from pipeline.core.models import Block
from pipeline.extract.dedupe import TEASER_WINDOW, flag_repeats

pytestmark = pytest.mark.unit

# a made-up vocabulary: paragraphs of random words share few shingles, as real running text does
_VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze") for b in range(40)]


def _text(shape: str, i: int) -> str:
    if shape == "repeated":
        return "The council met again on Tuesday to discuss the new budget for the coming year and the roads."
    if shape == "template":  # every paragraph the same sentence with one word changed: shingles most share
        return f"The council met on day {i} to discuss the new budget for the coming year and the roads."
    k = i // 2 if shape == "pairs" else i
    rng = random.Random(k)
    words = [rng.choice(_VOCAB) for _ in range(18)]
    if shape == "pairs" and i % 2:
        words[9] = "changed"
    return " ".join(words) + "."


def _blocks(shape: str, n: int, captions: int = 0) -> list[Block]:
    blocks = [Block("paragraph", _text(shape, i), i) for i in range(n)]
    # captions repeating a body sentence (contained), spread over the page
    for c in range(captions):
        source = blocks[(c * 37) % n].text
        blocks.append(Block("caption", source.rstrip("."), len(blocks)))
    return blocks


def _work(blocks: list[Block]) -> int:
    work: Counter[str] = Counter()
    flag_repeats(blocks, work)
    return work["pairs"]


@pytest.mark.parametrize("shape", ["repeated", "pairs", "distinct", "template"])
def test_work_grows_with_the_page_not_its_square(shape: str) -> None:
    small, big = _work(_blocks(shape, 1000, 100)), _work(_blocks(shape, 4000, 400))
    assert small > 0
    # four times the blocks: at most about four times the work (quadratic would be sixteen)
    assert big <= 4.6 * small, (shape, small, big)


def test_a_page_of_one_repeated_paragraph_has_one_teaser_and_verbatim_copies() -> None:
    blocks = _blocks("repeated", 500)
    work: Counter[str] = Counter()
    out = flag_repeats(blocks, work)
    reasons = Counter(b.dup_reason for b in out)
    # the first block is the teaser of the next ones, every later copy a verbatim repeat of the second
    assert reasons["teaser"] == 1 and out[0].role == "lead"
    assert reasons["verbatim"] == 498
    assert [b.position for b in out if not b.is_duplicate] == [1]
    assert all(b.duplicate_of == (1,) for b in out[2:])
    # the teaser scan looks at the opening paragraphs only
    assert len(out[0].duplicate_of) <= TEASER_WINDOW
    assert work["pairs"] < 10 * len(blocks)


def test_captions_on_a_long_page_are_still_found_in_their_paragraph() -> None:
    blocks = _blocks("distinct", 1200, 40)
    out = flag_repeats(blocks)
    captions = [b for b in out if b.role == "caption"]
    assert len(captions) == 40
    for c, block in enumerate(captions):
        assert block.dup_reason == "contained"
        assert block.duplicate_of == ((c * 37) % 1200,)


def test_a_short_paragraph_inside_a_longer_one_on_a_long_page() -> None:
    blocks = _blocks("distinct", 900)
    long_text = blocks[500].text
    blocks.append(Block("paragraph", long_text.rstrip(".") + " and then some more words here.", 900))
    blocks[500] = Block("paragraph", long_text, 500)
    out = flag_repeats(blocks)
    assert out[500].dup_reason == "contained" and out[500].duplicate_of == (900,)
    assert not out[900].is_duplicate
