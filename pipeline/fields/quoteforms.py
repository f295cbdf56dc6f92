"""Quote shapes around the speaker that the verb-first finder does not see.

- The quotation before its verb: «…»، قال X، مضيفا … / "…"، قالت X لـ"…". The sentence opens with
  the quotation, a comma and a reporting verb follow, then the speaker up to a comma, an outlet or
  the end of the sentence.
- The topic of "أما": "أما X، وهو متقاعد، فقال إن …": the person of the أما clause speaks, not the
  speaker of the sentence before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import fold_arabic
from pipeline.fields.quotebase import (
    _entity_for,
    _is_person,
    _named_after_comma,
    _quote,
    _sentence_end,
    _sentence_start,
    _speaker,
    _speaker_end,
)
from pipeline.fields.quotewords import NOT_SPEAKER_START, PREPOSITIONS, is_that
from pipeline.fields.words import Token

OPENERS = {"»": "«", '"': '"', "”": "“"}
AMMA = fold_arabic("أما")
MAX_TOPIC_WORDS = 4
THUS = "هكذا"
_FRONT = re.compile(r"^[\s\"'«“]*")


def fronted_quote(
    text: str, tokens: Sequence[Token], i: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], int] | None:
    """ "«…»، قال X": the quotation that opens the sentence is the statement of the verb after it."""
    verb = tokens[i]
    before = text[: verb.start].rstrip()
    if before.endswith(THUS):
        before = before[: -len(THUS)].rstrip()  # '"…"، هكذا قال أحد المحتجين'
    if not before.endswith(("،", ",")):
        return None
    before = before[:-1].rstrip()
    if not before or before[-1] not in OPENERS:
        return None
    opener = OPENERS[before[-1]]
    open_at = before.rfind(opener, 0, len(before) - 1)
    if open_at < 0:
        return None
    lead = text[:open_at].rstrip()
    if lead and lead[-1] not in ".!؟?:":
        return None  # the quotation is inside a sentence: another finder reads it
    sent_end = _sentence_end(text, verb.end)
    clause_end = min([sent_end, *(c for c in (text.find("،", verb.end), text.find(",", verb.end)) if c >= 0)])
    if any(is_that(t) for t in tokens[i + 1 :] if t.start < clause_end):
        return None  # '"…"، قال المنظمون إنها …': the verb has a statement of its own
    speaker = _speaker(text, verb.end, sent_end)
    if not speaker:
        return None
    entity = _entity_for(mentions, p, verb.end, _speaker_end(text, verb.end, sent_end), speaker)
    if entity[0] is None or not _is_person(mentions, entity[0]):
        named = _named_after_comma(text, verb.end, sent_end, p, mentions, open_end=True)
        if named is not None:  # "«…»، قال مدير الشركة، رامي جريس حدادين.": the person after the role
            speaker = str(named["surface"])
            entity = (str(named["entity_id"]), entity[0] or entity[1])
    name = verb.raw[1:] if verb.raw[:1] in "وف" and len(verb.raw) > 3 else verb.raw
    found = _quote(speaker, text[open_at + 1 : len(before) - 1], p, name, entity)
    return (found, sent_end) if found else None


def amma_topic(
    text: str, verb_start: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[str, tuple[str | None, str | None]] | None:
    """ "أما جارها X، وهو متقاعد، فقال": the topic of أما (its last person, else its words) when the
    verb answers it with فـ."""
    if text[verb_start : verb_start + 1] != "ف":
        return None
    start = _sentence_start(text, verb_start)
    lead = _FRONT.sub("", text[start:verb_start])
    words = lead.split()
    if not words or fold_arabic(words[0]).lstrip("و") != AMMA:
        return None
    topic_start = start + (len(text[start:verb_start]) - len(lead)) + len(words[0])
    comma = re.compile(r"[،,]").search(text, topic_start, verb_start)
    topic_end = comma.start() if comma else verb_start
    people = [
        m
        for m in mentions
        if m.get("paragraph") == p
        and m.get("type") == "person"
        and topic_start <= m.get("start", -1)
        and m.get("end", 1 << 30) <= topic_end
    ]
    if people:
        return str(people[-1]["surface"]), (str(people[-1]["entity_id"]), None)
    named = _named_after_comma(text, topic_start, verb_start, p, mentions)
    if named is not None:  # "أما رئيس البلدية، الدكتور X، فأكد": the person set off after the role
        role = _entity_for(mentions, p, topic_start, topic_end, "")
        return str(named["surface"]), (str(named["entity_id"]), role[0] or role[1])
    topic = text[topic_start:topic_end].strip()
    first = fold_arabic(topic.split()[0]) if topic.split() else ""
    if first in NOT_SPEAKER_START or first.startswith(("بال", "لل")) or first in PREPOSITIONS:
        return None  # "أما بالنسبة للأسعار، فقال": a topic, no speaker; the speaker came before
    if 0 < len(topic.split()) <= MAX_TOPIC_WORDS:
        return topic, _entity_for(mentions, p, topic_start, topic_end, topic)
    return None
