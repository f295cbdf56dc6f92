"""The given-name lexicon (gazetteer/given_names.txt) and people nobody knows, in invented paragraphs."""

from __future__ import annotations

from pipeline.core.text import fold_arabic
from pipeline.fields.entities import find_entities
from pipeline.fields.orgs import NOT_NAME_WORDS, ORG_HEADS, PLACE_CUES
from pipeline.fields.patterns import SPEECH_VERBS
from pipeline.fields.words import (
    COMPOUND_GIVEN_NAMES,
    FIRST_NAMES,
    GIVEN_NAMES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    WORD_GIVEN_NAMES,
)

MIN_GIVEN_NAMES = 800
MIN_WORD_NAMES = 150
MIN_COMPOUNDS = 100


def people(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "person"]


def test_the_lexicon_is_loaded_and_large() -> None:
    assert len(GIVEN_NAMES) >= MIN_GIVEN_NAMES
    assert len(WORD_GIVEN_NAMES) >= MIN_WORD_NAMES
    assert len(COMPOUND_GIVEN_NAMES) >= MIN_COMPOUNDS
    assert GIVEN_NAMES <= FIRST_NAMES
    assert {fold_arabic(w) for w in ("مرتضى", "بيار", "شيماء", "عيدروس", "بوعلام")} <= GIVEN_NAMES
    assert (fold_arabic("نور"), fold_arabic("الدين")) in COMPOUND_GIVEN_NAMES


def test_common_words_are_no_plain_given_names() -> None:
    """A name that is also a word (hope, a month, a verb) is marked "?" and needs context."""
    for word in ("أمل", "رمضان", "صباح", "واصل", "أمين", "أشرف", "سيف", "مبارك", "جمعة", "حياة"):
        assert fold_arabic(word) in WORD_GIVEN_NAMES
        assert fold_arabic(word) not in GIVEN_NAMES
    for word in ("انا", "الان", "لي", "جو", "آسيا"):  # a pronoun, "now", a preposition, a continent
        assert fold_arabic(word) not in GIVEN_NAMES


def test_no_given_name_is_a_function_word_a_title_or_a_head() -> None:
    for words in (
        STOP_WORDS,
        TITLE_WORDS,
        NOT_NAME_WORDS,
        SPEECH_VERBS,
        ORG_HEADS,
        PLACE_CUES,
        NAME_PARTICLES,
    ):
        assert not GIVEN_NAMES & words, sorted(GIVEN_NAMES & words)
