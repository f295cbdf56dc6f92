"""Attributed statements in article text: reporting verb, speaker, statement, linked entity."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import fold_arabic, has_arabic_script
from pipeline.fields.according import _according_quote
from pipeline.fields.quotebase import (
    _CLOSE,
    _COLON_QUOTE,
    NOT_WORD,
    _entity_for,
    _named_after_comma,
    _quote,
    _sentence_end,
    _sentence_start,
    _speaker,
    _speaker_end,
    _strip_conj,
)
from pipeline.fields.quoteforms import amma_topic, fronted_quote
from pipeline.fields.quotewords import (
    ACCORDING,
    ADVERB_STARTS,
    CLAUSE_OPENERS,
    MAX_SPEAKER_TOKENS,
    NOT_SPEAKER_START,
    NOT_SPEAKER_WORDS,
    PREP_STARTS,
    PREPOSITIONS,
    RELATIVES,
    RELAY_VERBS,
    REPORTING_VERBS,
    SAYING_PARTICIPLES,
    TO_WORDS,
    as_said_then,
    explained,
    is_that,
)
from pipeline.fields.speakers import resolve_speakers
from pipeline.fields.words import TITLE_WORDS, Token, tokenize

LOGGER = logging.getLogger(__name__)


def _is_verb(fold: str) -> bool:
    return fold in REPORTING_VERBS or _strip_conj(fold) in REPORTING_VERBS


def _statement_end(text: str, tokens: Sequence[Token], start: int, sent_end: int) -> int:
    """End of a statement: the sentence end, or a comma before "بينما/فيما + reporting verb"."""
    inside = [t for t in tokens if start <= t.start < sent_end]
    for n in range(1, len(inside) - 1):
        second = (
            inside[n].fold[:1] == "و"
            and _strip_conj(inside[n].fold) in REPORTING_VERBS
            and any(is_that(t) for t in inside[n + 1 : n + 5])
        )  # "، وأعلن أن …", "، ولفت الدسوقي إلى أن …": the next statement
        other = (
            n + 2 < len(inside)
            and inside[n].fold[:1] == "و"
            and inside[n + 1].fold in REPORTING_VERBS
            and is_that(inside[n + 2])
        )  # "، والمانحون يقولون إن …": another speaker's statement
        if (inside[n].fold in CLAUSE_OPENERS and _is_verb(inside[n + 1].fold)) or second or other:
            comma = text.rfind("،", start, inside[n].start)
            if comma >= 0 and not text[comma + 1 : inside[n].start].strip():
                return comma
    return sent_end


_AUX_ONLY = re.compile(r"(?:^|\s)[وف]?(?:قد|كان|كانت|كما|ثم|إذ|حيث|فيما|بينما)(?=\s|$)|^\s*[وف](?=\s|$)")
_LEADING_AUX = re.compile(r"^(?:\s*(?:و|ف)?(?:كانت|كان|قد|إلا\s+أن|الا\s+ان|إلا\s+ان|غير\s+أن|لكن)\s+)+")
_SAYING = re.compile(r"\s*(?:قوله|قولها|قولهم)\s*(?::?\s*([«\"“])|\s(?:إن|أن|إنه|أنه|إنها|أنها)\s)")


def _after_preposition(text: str, mention: dict[str, Any]) -> bool:
    """The mention is governed by a preposition: a word before it ("مثل", "مع") or a clitic (بـ، لـ)."""
    at = int(mention["start"])
    word_start = at
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    if any(c in "بلك" for c in text[word_start:at]):
        return True
    before = text[:word_start].split()
    return bool(before) and fold_arabic(before[-1]) in PREPOSITIONS


def _clause_subject(
    text: str, start: int, end: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[str, tuple[str | None, str | None]] | None:
    """The subject of a clause: its first named entity ("وكانت الأمم المتحدة قالت", "ايران رحبت … وقالت").

    A name after a preposition ("مع دول مثل إثيوبيا", "بإيران") is no subject.
    """
    inside = [
        m
        for m in mentions
        if m.get("paragraph") == p and start <= m.get("start", -1) < end and not _after_preposition(text, m)
    ]
    if inside:
        first = inside[0]
        people = [m for m in inside if m.get("type") == "person"]
        chosen = first if first.get("type") != "organization" or not people else people[0]
        return str(chosen["surface"]), (str(chosen["entity_id"]), None)
    span = _LEADING_AUX.sub("", text[start:end]).strip(" ،,-–*")
    span = re.sub(r"\s+قد$", "", span)  # "وكانت قيادة الجيش قد أعلنت"
    span = re.sub(r"^[وف](?:\s+|(?=ال))", "", span)  # "والدراسات تقول", "و آخر الإحصاءات تقول"
    words = span.split()
    if 0 < len(words) <= 3 and not any(fold_arabic(w) in NOT_SPEAKER_WORDS for w in words):
        return span, (None, None)
    return None


OPENING_QUOTES = ("«", "“")


def _implicit_speaker(
    text: str, verb_start: int, p: int, mentions: Sequence[dict[str, Any]], prior: Sequence[dict[str, Any]]
) -> tuple[str, tuple[str | None, str | None]] | None:
    """Who says it when the verb has no subject after it ("وقال إن …")."""
    topic = amma_topic(text, verb_start, p, mentions)  # "أما X، …، فقال إن"
    if topic is not None:
        return topic
    sent_start = _sentence_start(text, verb_start)
    clause_start = max(sent_start, text.rfind("،", 0, verb_start) + 1)
    if fold_arabic(text[clause_start:verb_start].strip()) in RELATIVES:
        named = [  # "بينهن رنا يوسف الشيخ، التي تقول إن": the person the relative clause is about
            m
            for m in mentions
            if m.get("paragraph") == p
            and m.get("type") == "person"
            and sent_start <= m.get("start", -1)
            and not text[m.get("end", 0) : clause_start].strip(" ،,")
        ]
        if named:
            return str(named[-1]["surface"]), (str(named[-1]["entity_id"]), None)
    if _AUX_ONLY.sub("", text[clause_start:verb_start]).strip(" ،,-–*"):
        return _clause_subject(text, clause_start, verb_start, p, mentions)  # subject before the verb
    if prior and prior[-1]["paragraph"] == p:
        last = prior[-1]
        return str(last["speaker"]), (last["entity_id"], last.get("affiliation_id"))
    earlier = [  # "انتقد النائب X حصة الإقليم، وقال إنها": the person of the sentence's first clause
        m
        for m in mentions
        if m.get("paragraph") == p
        and sent_start <= m.get("start", -1) < clause_start
        and m.get("type") == "person"
    ]
    if sent_start == 0 and not earlier and prior and prior[-1]["paragraph"] == p - 1:
        last = prior[-1]  # a paragraph opening "وأشار إلى أن …" goes on with the last speaker
        return str(last["speaker"]), (last["entity_id"], last.get("affiliation_id"))
    if earlier:
        # the subject of the clause just before ("بينما نفى المتحدث X أي علاقة، وقال إن"), else the nearest
        before = max(sent_start, text.rfind("،", 0, max(sent_start, clause_start - 1)) + 1)
        near = [m for m in earlier if m["start"] >= before] or earlier[-1:]
        return str(near[0]["surface"]), (str(near[0]["entity_id"]), None)
    if sent_start == 0:
        return None
    prev_start = _sentence_start(text, max(0, sent_start - 2))
    clause = max(prev_start, text.rfind("،", prev_start, sent_start - 1) + 1)
    inside = [m for m in mentions if m.get("paragraph") == p and clause <= m.get("start", -1) < sent_start]
    people = [m for m in inside if m.get("type") == "person"]
    if people:
        return str(people[0]["surface"]), (str(people[0]["entity_id"]), None)
    return None


def _prep_start(fold: str) -> bool:
    """The word after the verb opens an adverbial, not a subject ("قال أمام زواره", "قال للصحفيين")."""
    return fold in PREP_STARTS or (fold.startswith("لل") and len(fold) > 4)


def _subject_before(
    text: str, verb_start: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[str, tuple[str | None, str | None]] | None:
    """A named subject before the verb in its sentence, its apposition set off by commas
    ("النائب علي حسن خليل، المعاون السياسي لرئيس المجلس، قال"); None when none is named there."""
    start = _sentence_start(text, verb_start)
    if not text[start:verb_start].strip(' ،,"«»“”'):
        return None
    inside = [m for m in mentions if m.get("paragraph") == p and start <= m.get("start", -1) < verb_start]
    if not inside:
        return None
    people = [m for m in inside if m.get("type") == "person"]
    chosen = people[0] if people else inside[0]
    affiliation = next((m for m in inside if m.get("type") == "organization"), None) if people else None
    return str(chosen["surface"]), (
        str(chosen["entity_id"]),
        str(affiliation["entity_id"]) if affiliation is not None else None,
    )


def _verb_quote(
    text: str,
    tokens: Sequence[Token],
    i: int,
    p: int,
    mentions: Sequence[dict[str, Any]],
    prior: Sequence[dict[str, Any]] = (),
) -> tuple[dict[str, Any], int] | None:
    """ "قال X إن ..." or "قال X: «...»" from the verb at token i; (quote, end offset) or None."""
    verb_tok = tokens[i]
    verb = verb_tok.raw[1:] if _strip_conj(verb_tok.fold) != verb_tok.fold else verb_tok.raw
    sent_end = _sentence_end(text, verb_tok.end)
    if (
        i + 1 < len(tokens)
        and is_that(tokens[i + 1])
        and not text[verb_tok.end : tokens[i + 1].start].strip()
    ):
        implicit = _implicit_speaker(text, verb_tok.start, p, mentions, prior)
        if implicit is None:
            return None
        stop = _statement_end(text, tokens, tokens[i + 1].end, sent_end)
        found = _quote(implicit[0], text[tokens[i + 1].end : stop], p, verb, implicit[1])
        return (found, stop) if found else None
    if _strip_conj(verb_tok.fold) in RELAY_VERBS:
        relayed = _relayed_saying(text, verb_tok.end, sent_end, p, verb, mentions)
        if relayed is not None:
            return relayed
    colon = _COLON_QUOTE.match(text, verb_tok.end)
    if colon is not None:  # "وقالت: «…»": the subject came before the verb
        subject = _implicit_speaker(text, verb_tok.start, p, mentions, prior)
        stop = text.find(_CLOSE[colon.group(1)], colon.end())
        found = (
            _quote(subject[0], text[colon.end() : stop], p, verb, subject[1])
            if subject and stop > 0
            else None
        )
        return (found, stop) if found else None
    for k in range(i + 1, min(len(tokens), i + 1 + MAX_SPEAKER_TOKENS)):
        tok = tokens[k]
        if tok.start >= sent_end:
            return None
        colon = _COLON_QUOTE.match(text, tokens[k - 1].end) if k > i + 1 else None
        if colon is not None:
            close = _CLOSE[colon.group(1)]
            stop = text.find(close, colon.end())
            if stop < 0:
                return None
            if tokens[i + 1].fold in NOT_SPEAKER_START or tokens[i + 1].fold in ADVERB_STARTS:
                subject = _implicit_speaker(text, verb_tok.start, p, mentions, prior)  # "قد قال في وقت سابق:"
                found = _quote(subject[0], text[colon.end() : stop], p, verb, subject[1]) if subject else None
                return (found, stop) if found else None
            speaker = _speaker(text, verb_tok.end, tokens[k - 1].end)
            entity = _entity_for(
                mentions, p, verb_tok.end, _speaker_end(text, verb_tok.end, tokens[k - 1].end), speaker
            )
            named = _named_after_comma(text, verb_tok.end, colon.end(), p, mentions)
            if named is not None:  # "قالت عضو المجلس، السيدة X: «…»": the person set off speaks
                speaker, entity = str(named["surface"]), (str(named["entity_id"]), entity[0] or entity[1])
            found = _quote(speaker, text[colon.end() : stop], p, verb, entity)
            return (found, stop) if found else None
        if k > i + 1 and _is_verb(tok.fold) and tokens[k - 1].fold != NOT_WORD:  # "فضل عدم ذكر اسمه"
            return None
        if (is_that(tok) or as_said_then(text, tokens, i, k)) and k > i + 1:
            first = tokens[i + 1].fold
            if _prep_start(first):
                before = _subject_before(text, verb_tok.start, p, mentions)
                if before is not None:  # "نبيه بري قال أمام زواره إن", "ترامب قال للصحفيين إن"
                    stop = _statement_end(text, tokens, tok.end, sent_end)
                    found = _quote(before[0], text[tok.end : stop], p, verb, before[1])
                    return (found, stop) if found else None
            # "وكانت قيادة الجيش قد أعلنت، الثلاثاء، أن": an adverbial between commas, no subject after
            set_off = text[verb_tok.end : tokens[i + 1].start].strip()[:1] in ("،", ",") and k <= i + 4
            if first in NOT_SPEAKER_START or first in ADVERB_STARTS or is_that(tokens[i + 1]) or set_off:
                # "وكانت قيادة الجيش قد أعلنت عبر حسابها أن": the subject came before the verb (or
                # in the sentence or paragraph before: "وأشار إلى أن …")
                subject = _implicit_speaker(text, verb_tok.start, p, mentions, prior)
                if subject is None:
                    return None
                stop = _statement_end(text, tokens, tok.end, sent_end)
                found = _quote(subject[0], text[tok.end : stop], p, verb, subject[1])
                return (found, stop) if found else None
            sp_start = verb_tok.end
            if _strip_conj(verb_tok.fold) in RELAY_VERBS:
                relay = re.compile(r"\sعن\s").search(text, verb_tok.end, tok.start)
                sp_start = relay.end() if relay else sp_start
            speaker = _speaker(text, sp_start, tok.start)
            entity = _entity_for(mentions, p, sp_start, _speaker_end(text, sp_start, tok.start), speaker)
            named = _named_after_comma(text, sp_start, tok.start, p, mentions)
            if named is not None:  # the person set off after the role speaks, not one in the role's name
                speaker, entity = str(named["surface"]), (str(named["entity_id"]), entity[0] or entity[1])
            stop = _statement_end(text, tokens, tok.end, sent_end)
            found = _quote(speaker, text[tok.end : stop], p, verb, entity)
            return (found, stop) if found else None
    return None


def _relayed_saying(
    text: str, start: int, sent_end: int, p: int, verb: str, mentions: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], int] | None:
    """ "نقلت وكالة X عن Y قوله «…»": Y is the speaker, the quotation the statement."""
    relay = re.compile(r"\sعن\s").search(text, start, sent_end)
    if relay is None:
        return None
    saying = None
    for m in _SAYING.finditer(text, relay.end(), sent_end):
        saying = m
        break
    if saying is None:
        return None
    if saying.group(1):
        stop = text.find(_CLOSE[saying.group(1)], saying.end())
        stop = stop if stop >= 0 else _sentence_end(text, saying.end())
    else:  # "عن مسؤول قوله إن …": the statement runs to the sentence end
        stop = _sentence_end(text, saying.end())
    speaker = _speaker(text, relay.end(), saying.start())
    entity = _entity_for(mentions, p, relay.end(), saying.start(), speaker)
    found = _quote(speaker, text[saying.end() : stop], p, verb, entity)
    return (found, stop) if found else None


def _construct_object_subject(
    text: str, tokens: Sequence[Token], i: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[str, tuple[str | None, str | None]] | None:
    """ "رفضت المعارضة مبادرة الأسد قائلة": the first name of the sentence completes an object
    noun (مبادرة الأسد); the definite word before that noun is the subject who speaks."""
    sent_start = _sentence_start(text, tokens[i].start)
    inside = [
        m for m in mentions if m.get("paragraph") == p and sent_start <= m.get("start", -1) < tokens[i].start
    ]
    if not inside:
        return None
    k = next((n for n, t in enumerate(tokens) if t.end > inside[0]["start"]), None)
    if k is None or k < 2 or tokens[k - 2].start < sent_start:
        return None
    noun, subject = tokens[k - 1], tokens[k - 2]
    if (
        noun.fold.startswith("ال")
        or noun.fold in TITLE_WORDS
        or text[subject.end : noun.start].strip()
        or not _strip_conj(subject.fold).startswith("ال")
        or any(m.get("paragraph") == p and m["start"] <= subject.start < m["end"] for m in mentions)
    ):
        return None
    return subject.raw, (None, None)


def _participle_quote(
    text: str, tokens: Sequence[Token], i: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], int] | None:
    """ "وعلق X على القرار قائلا إن …" / "قائلة: «…»" with no quote before it in the sentence:
    the sentence's subject says it (a قائلا after a quote is part of that quote)."""
    sent_end = _sentence_end(text, tokens[i].end)
    colon = _COLON_QUOTE.match(text, tokens[i].end)
    if colon is not None:
        start = colon.end()
        stop = text.find(_CLOSE[colon.group(1)], start)
        if stop < 0:
            return None
    elif i + 1 < len(tokens) and is_that(tokens[i + 1]):
        start = tokens[i + 1].end
        stop = _statement_end(text, tokens, start, sent_end)
    elif i + 2 < len(tokens) and tokens[i + 1].fold in TO_WORDS and is_that(tokens[i + 2]):
        start = tokens[i + 2].end  # "مشيرا إلى أن"
        stop = _statement_end(text, tokens, start, sent_end)
    else:
        return None
    subject = _construct_object_subject(text, tokens, i, p, mentions) or _subject_before(
        text, tokens[i].start, p, mentions
    )
    if subject is None:
        sent_start = _sentence_start(text, tokens[i].start)
        first = next((t for t in tokens if t.start >= sent_start), None)
        if first is None or first.start >= tokens[i].start:
            return None
        speaker = _speaker(text, first.end, tokens[i].start)
        cut = re.search(r"\s(?:على|عن|في)\s", f" {speaker} ")
        speaker = speaker[: max(0, cut.start() - 1)].strip() if cut else speaker
        words = speaker.split()
        own = next((n for n, w in enumerate(words) if n and w.endswith(("ته", "ها", "هم"))), None)
        speaker = " ".join(words[:own]) if own else speaker  # "وختم الوزير كلمته قائلا": his speech
        if not speaker or len(speaker.split()) > 4:
            return None
        subject = speaker, (None, None)
    found = _quote(subject[0], text[start:stop], p, tokens[i].raw, subject[1])
    return (found, stop) if found else None


def find_quotes(paragraphs: Sequence[str], mentions: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """Attributed statements; `mentions` (from find_entities) link a speaker to an entity id."""
    out: list[dict[str, Any]] = []
    for p, text in enumerate(paragraphs):
        if not has_arabic_script(text):
            continue  # the reporting verbs and attributions are Arabic words
        tokens = tokenize(text)
        covered_until = -1
        for i, tok in enumerate(tokens):
            if tok.start < covered_until:
                continue
            found: tuple[dict[str, Any], int] | None = None
            if text[: tok.start].rstrip().endswith(OPENING_QUOTES):
                continue  # «كتبت هذه الرواية …»: the quotation's own first word, no reporting verb
            if (
                _strip_conj(tok.fold) in REPORTING_VERBS
                or tok.fold in REPORTING_VERBS
                or explained(tok, text, tokens, i)
            ):
                found = fronted_quote(text, tokens, i, p, mentions) or _verb_quote(
                    text, tokens, i, p, mentions, out
                )
            elif _strip_conj(tok.fold) in ACCORDING or tok.fold in ACCORDING:
                found = _according_quote(text, tokens, i, p, mentions)
            elif tok.fold in SAYING_PARTICIPLES:
                found = _participle_quote(text, tokens, i, p, mentions)
            if found is not None:
                out.append(found[0])
                covered_until = found[1]
    return resolve_speakers(paragraphs, out, mentions)
