"""Attributions by "بحسب/وفق/وفقًا لـ": "ووفقًا لـX، …" (statement after) or "…، بحسب X." (before)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import fold_arabic
from pipeline.fields.quotebase import (
    _entity_for,
    _named_after_comma,
    _quote,
    _sentence_end,
    _sentence_start,
    _speaker,
    _strip_conj,
)
from pipeline.fields.quotewords import (
    ANSWER_FA,
    DOCUMENT_NOUNS,
    MAX_ACCORDING_WORDS,
    MAX_SPEAKER_WORDS,
    RELATIVES,
)
from pipeline.fields.words import Token

_RELATIVE_VERB = re.compile(r"\w+(?:\s+به)?\s+")
_RELATIVE = re.compile(r"\s*ما\s+\w+(?:\s+به)?\s+")


def _answer_fa(tokens: Sequence[Token], k: int, end: int) -> Token | None:
    """The فـ that answers a fronted "بحسب X" ("فقد", "فإن"): the statement starts there."""
    for tok in tokens[k : k + 1 + MAX_ACCORDING_WORDS]:
        if tok.start >= end:
            return None
        if tok.fold in ANSWER_FA:
            return tok
    return None


def _according_quote(
    text: str, tokens: Sequence[Token], i: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], int] | None:
    """ "ووفقًا لـX، ..." (statement after) or "...، بحسب X." (statement before)."""
    tok = tokens[i]
    if i + 1 >= len(tokens):
        return None
    sent_start = _sentence_start(text, tok.start)
    sent_end = _sentence_end(text, tok.end)
    nxt = tokens[i + 1]
    sp_start = nxt.start + (1 if nxt.fold.startswith("ل") and _strip_conj(tok.fold) != "بحسب" else 0)
    if text[nxt.start : nxt.start + 2] == "لـ":
        sp_start = nxt.start + 2
    comma = re.compile(r"[،,]").search(text, sp_start, sent_end)
    article = "ا" if nxt.fold.startswith("لل") and sp_start == nxt.start + 1 else ""  # للتقرير: التقرير
    verb = tok.raw[1:] if tok.raw[:1] == "و" and _strip_conj(tok.fold) != tok.fold else tok.raw
    if not text[sent_start : tok.start].strip(" \"'«"):
        answer = _answer_fa(tokens, i + 1, comma.start() if comma else sent_end)
        if answer is not None:  # "وبحسب المرصد فقد اغتنم …", "ووفقا للبيان فإن …": no comma
            speaker = article + _speaker(text, sp_start, answer.start)
            entity = _entity_for(mentions, p, sp_start, answer.start, speaker)
            found = _quote(speaker, text[answer.start : sent_end], p, verb, entity)
            return (found, sent_end) if found else None
        if comma is None:
            return None
        after_relative = _relative_then_answer(text, tokens, comma.end(), sent_end)
        if after_relative is not None:  # "وبحسب المعلمة X، التي تدرّس العلوم، فإن …": the source before
            speaker = article + _speaker(text, sp_start, comma.start())
            entity = _entity_for(mentions, p, sp_start, comma.start(), speaker)
            found = _quote(speaker, text[after_relative.start : sent_end], p, verb, entity)
            return (found, sent_end) if found else None
        named = _named_apposition(text, tokens, comma.end(), sent_end, p, mentions)
        if named is not None:  # "وبحسب رئيس المجلس، فلان الفلاني، فإن …": the person speaks
            person, answer = named
            role = _entity_for(mentions, p, sp_start, comma.start(), "")
            entity = (str(person["entity_id"]), role[0] if role[0] != person["entity_id"] else role[1])
            found = _quote(str(person["surface"]), text[answer.start : sent_end], p, verb, entity)
            return (found, sent_end) if found else None
        speaker = article + _speaker(text, sp_start, comma.start())
        entity = _entity_for(mentions, p, sp_start, comma.start(), speaker)
        if _unsourced(speaker, entity):
            return None
        found = _quote(speaker, text[comma.end() : sent_end], p, verb, entity)
        return (found, sent_end) if found else None
    relative = _RELATIVE.match(text, sp_start, sent_end)
    if relative:
        sp_start = relative.end()
    elif tok.fold.endswith("ما"):  # "حسبما أفاد به بيان …": the verb after ما, then the source
        verb_after = _RELATIVE_VERB.match(text, nxt.start, sent_end)
        sp_start = verb_after.end() if verb_after else sp_start
    sp_end = sent_end
    speaker = _speaker(text, sp_start, sp_end)
    limit = MAX_ACCORDING_WORDS
    if len(speaker.split()) > limit or not speaker:
        sources = [
            m for m in mentions if m.get("paragraph") == p and sp_start <= m.get("start", -1) < sent_end
        ]
        people = [
            m
            for m in sources
            if m.get("type") in ("person", "organization") and not text[m["end"] : sent_end].strip()
        ]  # the person, or the body "… الصادرة عن المركز الوطني للإحصاء", closing the sentence
        if people:  # "…، وفق ما أفاد به المندوب الجهوي … بصفاقس محمد الهادي الصفاقسي.": the person at the end
            sp_end = int(people[-1]["end"])
            speaker, limit = _speaker(text, sp_start, sp_end), MAX_SPEAKER_WORDS
        elif sources and min(int(m["start"]) for m in sources) - sp_start < SOURCE_LEAD:
            # "وفق تقديرات الجهاز … الصادرة في يناير": the source ends with its name
            sp_end = min(int(m["end"]) for m in sources)
            speaker, limit = _speaker(text, sp_start, sp_end), MAX_SPEAKER_WORDS
    if not speaker or len(speaker.split()) > limit:
        return None
    entity = _entity_for(mentions, p, sp_start, sp_end, speaker)
    if _unsourced(speaker, entity):
        return None
    found = _quote(speaker, text[sent_start : tok.start], p, verb, entity)
    return (found, sent_end) if found else None


SOURCE_LEAD = 20  # characters of a document noun before the named source ("تقديرات ")


def _named_apposition(
    text: str, tokens: Sequence[Token], start: int, sent_end: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], Token] | None:
    """A person set off by commas right after the source's role, then the answering فـ: (person, فـ)."""
    comma = re.compile(r"[،,]").search(text, start, sent_end)
    if comma is None:
        return None
    person = _named_after_comma(text, start - 1, comma.end(), p, mentions)
    if person is None:
        return None
    k = next((n for n, t in enumerate(tokens) if t.start >= comma.end()), None)
    if k is None or tokens[k].fold not in ANSWER_FA:
        return None
    return person, tokens[k]


def _relative_then_answer(text: str, tokens: Sequence[Token], start: int, sent_end: int) -> Token | None:
    """ "، التي تدرّس العلوم، فإن": a relative clause after the source, then the answering فـ."""
    k = next((n for n, t in enumerate(tokens) if t.start >= start), None)
    if k is None or tokens[k].fold not in RELATIVES:
        return None
    comma = re.compile(r"[،,]").search(text, tokens[k].end, sent_end)
    if comma is None:
        return None
    nxt = next((t for t in tokens[k:] if t.start >= comma.end()), None)
    return nxt if nxt is not None and nxt.fold in ANSWER_FA else None


def _unsourced(speaker: str, entity: tuple[str | None, str | None]) -> bool:
    """ "وفق خطة أعلنتها", "وفق بيانات نشرتها الدائرة": a document with no source in construct with it
    says nothing ("وفقا لتقديرات صندوق النقد الدولي" does)."""
    words = [fold_arabic(w) for w in speaker.split()]
    if not words or words[0] not in DOCUMENT_NOUNS:
        return False
    # "بيانات نشرتها الدائرة": a verb with a pronoun back to the document, the source is no speaker
    return entity == (None, None) or (
        len(words) > 1 and not words[1].startswith("ال") and words[1].endswith(("ها", "ته"))
    )
