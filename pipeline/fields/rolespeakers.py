"""A speaker named by role only, resolved to the person named earlier with that role.

A report names "وكيل وزارة الصحة بسوهاج، الدكتور فلان" once, then goes on "وأشار وكيل الوزارة إلى
أن …": the statement is that person's. The role's head word (وكيل، رئيس، مديرة) and all its other
words (الوزارة ~ وزارة) must stand near an earlier mention of the person ("وزير الخارجية التركي"
is not the German minister named as "وزير الخارجية الألماني"); the last such person
before the quote speaks. An unnamed source ("مسؤول في الوزارة") stays unnamed. A body "برئاسة فلان"
(chaired by) names its رئيس: "وقال رئيس اللجنة" after "لجنة … برئاسة النائب فلان" is that person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import fold_arabic
from pipeline.fields.orgs import ALL_ORG_HEADS, _head
from pipeline.fields.quotewords import UNNAMED_HEADS
from pipeline.fields.words import STOP_WORDS, Token

WORD = re.compile(r"\w+")
ROLE_WINDOW = 80  # characters around a person's mention where their role is written
MIN_WORD = 3


def _bare(word: str) -> str:
    """A word without a conjunction, a preposition clitic or the article: والوزارة -> وزارة,
    لصونادير -> صونادير."""
    for prefix in ("وال", "بال", "لل", "ال", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_WORD + (prefix == "ل"):
            return word[len(prefix) :]
    return word


CHAIRS = frozenset(fold_arabic(w) for w in ("رئيس", "رئيسة"))
CHAIRED_BY = fold_arabic("برئاسة")
MIN_DEFINITE_ROLE = 3  # "المدير العام لصونادير": a definite head with two words after it


def role_person(
    paragraphs: Sequence[str],
    people: Sequence[dict[str, Any]],
    q: dict[str, Any],
    mentions: Sequence[dict[str, Any]] = (),
) -> dict[str, Any] | None:
    """The person mention named before the quote with the quote's role speaker, or None."""
    words = WORD.findall(fold_arabic(q["speaker"]))
    if len(words) < 2 or (words[0].startswith("ال") and len(words) < MIN_DEFINITE_ROLE):
        return None
    heads = {words[0], words[0][1:]} if words[0][:1] == "و" and len(words[0]) > MIN_WORD else {words[0]}
    heads |= {_bare(h) for h in heads if h.startswith("ال")}  # the window's words are bare too
    if heads & (UNNAMED_HEADS | STOP_WORDS) or any(_head(Token(0, 0, h, h), ALL_ORG_HEADS) for h in heads):
        return None  # "وقالت وزارة الصحة": the body speaks, not its undersecretary named before
    if q.get("entity_id") is not None and any(
        m.get("entity_id") == q["entity_id"] and WORD.findall(fold_arabic(str(m["surface"])))[:1] == words[:1]
        for m in mentions
    ):
        return None  # "وقالت قناة الجزيرة": the named body itself speaks
    rest = {_bare(w) for w in words[1:] if w not in STOP_WORDS and len(_bare(w)) >= MIN_WORD}
    if not rest:
        return None
    at = paragraphs[q["paragraph"]].find(q["text"])
    quote_at = (q["paragraph"], at if at >= 0 else 1 << 30)
    for m in reversed([m for m in people if (m["paragraph"], m["start"]) < quote_at]):
        text = paragraphs[m["paragraph"]]
        window = [
            _bare(w)
            for w in WORD.findall(
                fold_arabic(text[max(0, m["start"] - ROLE_WINDOW) : m["end"] + ROLE_WINDOW])
            )
        ]
        if heads & set(window) and rest <= set(window):
            return dict(m)
        lead = WORD.findall(fold_arabic(text[max(0, m["start"] - ROLE_WINDOW) : m["start"]]))[-2:]
        if heads & CHAIRS and CHAIRED_BY in lead:
            # "… لجنة الشؤون الاقتصادية …، برئاسة النائب فلان": the body chaired, named earlier in the
            # paragraph, then "وقال رئيس اللجنة"
            before = {_bare(w) for w in WORD.findall(fold_arabic(text[: m["end"]]))}
            if rest <= before:
                return dict(m)
    return None
