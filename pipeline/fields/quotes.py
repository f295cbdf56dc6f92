"""Attributed statements in article text: reporting verb, speaker, statement, linked entity."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import clean_display, fold_arabic
from pipeline.fields.words import Token, tokenize

LOGGER = logging.getLogger(__name__)

MAX_SPEAKER_TOKENS = 14
REPORTING_VERBS = frozenset(
    fold_arabic(w)
    for w in (
        "قال",
        "قالت",
        "يقول",
        "تقول",
        "قالوا",
        "أكد",
        "أكدت",
        "يؤكد",
        "تؤكد",
        "أكدوا",
        "أضاف",
        "أضافت",
        "أوضح",
        "أوضحت",
        "صرح",
        "صرحت",
        "أعلن",
        "أعلنت",
        "كشف",
        "كشفت",
        "أشار",
        "أشارت",
        "شدد",
        "شددت",
        "ذكر",
        "ذكرت",
        "أفاد",
        "أفادت",
        "تابع",
        "تابعت",
        "لفت",
        "لفتت",
        "اعتبر",
        "اعتبرت",
        "رأى",
        "رأت",
        "أفادوا",
        "ذكروا",
        "نقل",
        "نقلت",
        "يرى",
        "ترى",
    )
)
THAT_WORDS = frozenset({"إن", "أن", "إنّ", "أنّ", "بأن", "بأنّ", "إنه", "أنه", "إنها", "أنها", "بأنه", "بأنها"})
CLAUSE_OPENERS = frozenset(fold_arabic(w) for w in ("بينما", "فيما", "وفيما", "وبينما", "كما"))
RELAY_VERBS = frozenset(fold_arabic(w) for w in ("نقل", "نقلت"))
ACCORDING = frozenset(fold_arabic(w) for w in ("وفقا", "وفق", "بحسب", "حسب", "وفقًا", "طبقا"))
# A speaker never starts with these (it would be an adverbial: "أكدت خلال المحادثات أنها").
NOT_SPEAKER_START = frozenset(
    fold_arabic(w)
    for w in (
        "خلال",
        "في",
        "على",
        "عن",
        "من",
        "إلى",
        "أمس",
        "اليوم",
        "مساء",
        "صباح",
        "بعد",
        "قبل",
        "لدى",
        "عند",
    )
)
_SENTENCE_END = re.compile(r"[.!؟?](?=\s|$|[\"”»])")
_COLON_QUOTE = re.compile(r"\s*[:：]\s*([«\"“])")
# "بحسب ما نقلته قناة X" / "وفق ما أفادت به وكالة X": the speaker follows the relative clause.
_RELATIVE = re.compile(r"\s*ما\s+\w+(?:\s+به)?\s+")
_TO_MEDIA = re.compile(r"\s+ل(?:ـ\s*)?(?:صحيفة|وكالة|قناة|موقع|مجلة|شبكة|إذاعة)(?!\w)")
MAX_SPEAKER_WORDS = 10
NOT_SPEAKER_WORDS = frozenset(
    fold_arabic(w)
    for w in (
        "الذي",
        "التي",
        "الذين",
        "تعبيره",
        "تعبيرها",
        "قوله",
        "قولها",
        "وصفه",
        "وصفها",
        "زعمه",
        "أيضا",
        "كذلك",
        "سابقا",
        "مؤخرا",
        "اليوم",
        "أمس",
        "فقد",
        "حيث",
        "كما",
    )
)
_CLOSE = {"«": "»", '"': '"', "“": "”"}


def _sentence_end(text: str, pos: int) -> int:
    """Offset of the end of the sentence containing `pos` (the stop itself excluded)."""
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text.rstrip())


def _sentence_start(text: str, pos: int) -> int:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def _strip_conj(fold: str) -> str:
    return fold[1:] if len(fold) > 3 and fold[0] in "وف" else fold


def _is_verb(fold: str) -> bool:
    return fold in REPORTING_VERBS or _strip_conj(fold) in REPORTING_VERBS


def _statement_end(text: str, tokens: Sequence[Token], start: int, sent_end: int) -> int:
    """End of a statement: the sentence end, or a comma before "بينما/فيما + reporting verb"."""
    inside = [t for t in tokens if start <= t.start < sent_end]
    for n in range(1, len(inside) - 1):
        if inside[n].fold in CLAUSE_OPENERS and _is_verb(inside[n + 1].fold):
            comma = text.rfind("،", start, inside[n].start)
            if comma >= 0 and not text[comma + 1 : inside[n].start].strip():
                return comma
    return sent_end


def _speaker_end(text: str, start: int, end: int) -> int:
    """End of the speaker span: the first comma (an apposition after it is detail, not the speaker)."""
    comma = re.compile(r"[،,]").search(text, start, end)
    return comma.start() if comma else end


def _speaker(text: str, start: int, end: int) -> str:
    """Speaker text; empty when it is not a speaker (an adverb, "حسب تعبيره", a relative clause)."""
    span = clean_display(text[start : _speaker_end(text, start, end)])
    span = _TO_MEDIA.split(span, maxsplit=1)[0]  # "قال X لصحيفة Y إن" -> X
    span = re.sub(r"\s+(?:إلى|الى)$", "", span).strip(" ،,:\"'«»“”")
    words = span.split()
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return ""
    if any(fold_arabic(w) in NOT_SPEAKER_WORDS for w in words):
        return ""
    if len(words) == 1 and words[0].endswith(("ًا", "اً")):
        return ""
    return span


def _entity_for(mentions: Sequence[dict[str, Any]], paragraph: int, start: int, end: int) -> str | None:
    for m in mentions:
        if m.get("paragraph") == paragraph and start <= m.get("start", -1) and m.get("end", 1 << 30) <= end:
            return str(m["entity_id"])
    return None


def _quote(
    speaker: str, statement: str, paragraph: int, verb: str, entity: str | None
) -> dict[str, Any] | None:
    statement = clean_display(statement).strip(" ،,")
    if len(statement) > 1 and statement[0] in _CLOSE and statement[-1] == _CLOSE[statement[0]]:
        statement = statement[1:-1].strip()
    if not speaker or not statement:
        return None
    return {"speaker": speaker, "text": statement, "paragraph": paragraph, "verb": verb, "entity_id": entity}


def _verb_quote(
    text: str, tokens: Sequence[Token], i: int, p: int, mentions: Sequence[dict[str, Any]]
) -> tuple[dict[str, Any], int] | None:
    """ "قال X إن ..." or "قال X: «...»" from the verb at token i; (quote, end offset) or None."""
    verb_tok = tokens[i]
    verb = verb_tok.raw[1:] if _strip_conj(verb_tok.fold) != verb_tok.fold else verb_tok.raw
    sent_end = _sentence_end(text, verb_tok.end)
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
            speaker = _speaker(text, verb_tok.end, tokens[k - 1].end)
            entity = _entity_for(
                mentions, p, verb_tok.end, _speaker_end(text, verb_tok.end, tokens[k - 1].end)
            )
            found = _quote(speaker, text[colon.end() : stop], p, verb, entity)
            return (found, stop) if found else None
        if k > i + 1 and _is_verb(tok.fold):
            return None
        if tok.raw in THAT_WORDS and k > i + 1:
            first = tokens[i + 1].fold
            if first in NOT_SPEAKER_START or tokens[i + 1].raw in THAT_WORDS:
                return None
            sp_start = verb_tok.end
            if _strip_conj(verb_tok.fold) in RELAY_VERBS:
                relay = re.compile(r"\sعن\s").search(text, verb_tok.end, tok.start)
                sp_start = relay.end() if relay else sp_start
            speaker = _speaker(text, sp_start, tok.start)
            entity = _entity_for(mentions, p, sp_start, _speaker_end(text, sp_start, tok.start))
            stop = _statement_end(text, tokens, tok.end, sent_end)
            found = _quote(speaker, text[tok.end : stop], p, verb, entity)
            return (found, stop) if found else None
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
    verb = tok.raw[1:] if tok.raw[:1] == "و" and _strip_conj(tok.fold) != tok.fold else tok.raw
    if not text[sent_start : tok.start].strip(" \"'«"):
        if comma is None:
            return None
        speaker = _speaker(text, sp_start, comma.start())
        entity = _entity_for(mentions, p, sp_start, comma.start())
        found = _quote(speaker, text[comma.end() : sent_end], p, verb, entity)
        return (found, sent_end) if found else None
    relative = _RELATIVE.match(text, sp_start, sent_end)
    if relative:
        sp_start = relative.end()
    speaker = _speaker(text, sp_start, sent_end)
    if not speaker or len(speaker.split()) > MAX_SPEAKER_WORDS // 2:
        return None
    entity = _entity_for(mentions, p, sp_start, sent_end)
    found = _quote(speaker, text[sent_start : tok.start], p, verb, entity)
    return (found, sent_end) if found else None


def find_quotes(paragraphs: Sequence[str], mentions: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """Attributed statements; `mentions` (from find_entities) link a speaker to an entity id."""
    out: list[dict[str, Any]] = []
    for p, text in enumerate(paragraphs):
        tokens = tokenize(text)
        covered_until = -1
        for i, tok in enumerate(tokens):
            if tok.start < covered_until:
                continue
            found: tuple[dict[str, Any], int] | None = None
            if _strip_conj(tok.fold) in REPORTING_VERBS or tok.fold in REPORTING_VERBS:
                found = _verb_quote(text, tokens, i, p, mentions)
            elif _strip_conj(tok.fold) in ACCORDING or tok.fold in ACCORDING:
                found = _according_quote(text, tokens, i, p, mentions)
            if found is not None:
                out.append(found[0])
                covered_until = found[1]
    return out
