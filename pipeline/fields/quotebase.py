"""The parts every quote finder shares: sentence bounds, the speaker span, its entity, the quote record."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import clean_display, fold_arabic
from pipeline.fields.quotewords import MAX_SPEAKER_WORDS, NOT_SPEAKER_WORDS, UNNAMED_HEADS
from pipeline.fields.words import TITLE_WORDS, _is_nisba_word, fold_egyptian

_SENTENCE_END = re.compile(r"[.!؟?](?=\s|$|[\"”»])")
_COLON_QUOTE = re.compile(r"\s*[\"”»)]?\s*[:：]\s*([«\"“])")  # "عبر منصة "إكس": "…""
_TO_MEDIA = re.compile(r"\s+ل(?:ـ\s*)?(?:صحيفة|وكالة|قناة|موقع|مجلة|شبكة|إذاعة)(?!\w)|\s+لـ\s*[«\"“]")
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


_ADVERBIAL = re.compile(
    r"[،,]|\s(?:في|فى|خلال|عبر|أمام|عقب|لدى)\s+(?:ال)?(?:خطاب|بيان|تصريح|مؤتمر|ندوة|لقاء|حديث|كلمة|مقابلة|تغريدة|"
    r"منشور|اجتماع|جلسة|رسالة|حسابه|حسابها|اتصال|منصة|منصته|منصتها|صفحة|صفحته|صفحتها|موقع|تسجيل|فيديو)|\s(?:أمس|اليوم|يوما|يومًا|يوماً|مرة)(?=[\s،,]|$)"
    r"|\s(?:قائلا|قائلًا|قائلاً|قائلة|قائلين)(?=\s|$|:)"
    r"|\s(?:لل?صحفيين|للصحافيين|للصحافة|للصحفيات|للإعلاميين|لوسائل\s+الإعلام)(?=\s|$)"
)


def _speaker_end(text: str, start: int, end: int) -> int:
    """End of the speaker span: the first comma (an apposition after it is detail, not the speaker),
    or an adverbial after the name ("في خطابه", "خلال مؤتمر صحفي", "أمس")."""
    cut = _ADVERBIAL.search(text, start, end)
    end = cut.start() if cut else end
    outlet = _TO_MEDIA.search(text, start, end)  # "شهود عيان لـ"وفا"": the outlet is not the speaker
    return outlet.start() if outlet else end


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


def _entity_for(
    mentions: Sequence[dict[str, Any]], paragraph: int, start: int, end: int, speaker: str = ""
) -> tuple[str | None, str | None]:
    """(speaker entity, affiliation) named in the speaker span.

    The person named last is the speaker ("المتحدثة باسم الخارجية الأمريكية فكتوريا نولاند"), the
    first organisation their affiliation; with no person the first entity speaks. An unnamed
    speaker ("متحدث باسم …") has no entity: what the span names is the affiliation.
    """
    inside = [
        m
        for m in mentions
        if m.get("paragraph") == paragraph and start <= m.get("start", -1) and m.get("end", 1 << 30) <= end
    ]
    if not inside:
        return None, None
    first_word = _strip_conj(fold_egyptian(speaker.split(maxsplit=1)[0])) if speaker.split() else ""
    people = [m for m in inside if m.get("type") == "person"]
    acronym = next(
        (m for m in inside if m.get("type") == "organization" and f"({m.get('surface')})" in speaker), None
    )
    if acronym is not None and not people:  # "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية (أوتشا)"
        return str(acronym["entity_id"]), None
    if first_word in UNNAMED_HEADS and not (people and first_word == MEMBER):  # "عضو المجلس X" names him
        return None, str(inside[0]["entity_id"])
    if people:
        others = [m for m in inside if m.get("type") != "person"]
        return str(people[-1]["entity_id"]), str(others[0]["entity_id"]) if others else None
    return str(inside[0]["entity_id"]), None


MEMBER = fold_arabic("عضو")
NOT_WORD = fold_arabic("عدم")
_CASE_ENDINGS = re.compile(r"(?<=\w{3})ين\b")


def speaker_key(speaker: str) -> str:
    """A grouping key for a speaker written in different case forms.

    "مسؤولين أمريكيين وإيرانيين" (after وفقًا لـ) and "مسؤولون أمريكيون وإيرانيون" (subject) are one
    group: folded, without a leading preposition, plural endings in the nominative.
    """
    key = fold_arabic(clean_display(speaker).replace("ئو", "ؤو")).strip()  # مسئول = مسؤول
    key = re.sub(r"^(?:لـ\s*|ل(?=\w{4}))", "", key)
    return _CASE_ENDINGS.sub("ون", key)


def _quote(
    speaker: str, statement: str, paragraph: int, verb: str, entity: tuple[str | None, str | None]
) -> dict[str, Any] | None:
    statement = clean_display(statement).strip(" ،,")
    if len(statement) > 1 and statement[0] in _CLOSE and statement[-1] == _CLOSE[statement[0]]:
        statement = statement[1:-1].strip()
    if not speaker or not statement:
        return None
    return {
        "speaker": speaker,
        "text": statement,
        "paragraph": paragraph,
        "verb": verb,
        "entity_id": entity[0],
        "affiliation_id": entity[1],
        "speaker_key": entity[0] or speaker_key(speaker),
    }


# A clause of auxiliaries only before the verb ("وقد قال", "وكان قد أعلن"): no subject there.
def _is_person(mentions: Sequence[dict[str, Any]], entity_id: str) -> bool:
    return any(m["entity_id"] == entity_id and m.get("type") == "person" for m in mentions)


def _named_after_comma(
    text: str, start: int, end: int, p: int, mentions: Sequence[dict[str, Any]], open_end: bool = False
) -> dict[str, Any] | None:
    """The person set off by commas after a role: "المتحدثة باسم المفوضية في دمشق، رولا أمين، لعنب بلدي"
    (`open_end`: or running to `end`, the end of the sentence: "«…»، قال مدير الشركة، رامي حدادين.")."""
    comma = re.compile(r"[،,]").search(text, start, end)
    if comma is None:
        return None
    for m in mentions:
        if (
            m.get("paragraph") == p
            and m.get("type") == "person"
            and comma.end() <= m.get("start", -1) < end
            and _role_words(text[comma.end() : m["start"]].split())  # "مدرب الفريق، الجزائري رشيد بوعلام،"
            and (
                text[m["end"] : end].lstrip()[:1] in ("،", ",", ":")
                or (open_end and not text[m["end"] : end].strip())
            )
        ):
            return m
    return None


def _role_words(words: Sequence[str]) -> bool:
    """Words between a comma and a name that describe the person: titles and nationalities
    ("المهندس الهندي"), or one definite noun of a role ("، المدافع حمد عيسى السليطي")."""
    folds = [fold_arabic(w) for w in words]
    if all(_title_like(f) or _is_nisba_word(f) for f in folds):
        return True
    return len(folds) == 1 and folds[0].startswith("ال") and len(folds[0]) > len("ال") + 2


TITLE_EXTRAS = frozenset(fold_arabic(w) for w in ("الكابتن", "المهندسة", "الأستاذة", "المحامية"))


def _title_like(fold: str) -> bool:
    """A title before a name, in the masculine list or its feminine (المهندسة، الأستاذة)."""
    return fold in TITLE_WORDS or fold in TITLE_EXTRAS or (fold.endswith("ه") and fold[:-1] in TITLE_WORDS)
