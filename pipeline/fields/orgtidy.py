"""Organisation matches that are descriptions, not names, and tails that are no part of a name.

- A body named only by its head and an adjective of state or time ("المجلس المؤقت", "المجلس
  المنحل", "اللجنة الجديدة") describes the body the story already named; a company's or club's board
  ("مجلس الإدارة", "مجلس إدارة الجمعية") is part of that body, no organisation of its own.
- A ministry's name ends before لـ + a verbal noun ("خاطبت وزارة الثروة البحرية لتعويض المتضررين":
  the purpose of the letter; a company may carry one, "الشركة السودانية لتسويق الحبوب"), indeed before
  any لـ + an indefinite noun but "لشؤون" ("وزارة الفلاحة … لشراء فائض الإنتاج").
- A participle closing a name of three words or more describes the body ("مجلس جماعة الدار البيضاء
  المكلفة بـ …", "المعنية", "المختصة").
- A committee named by its task alone ("لجنة التحكيم", "لجنة التحقيق") and a body's own organs
  ("الجمعية العمومية", "الهيئة التدريسية", "هيئة المديرين") are no organisations of their own.
- An indefinite head with one لل complement ("مصنع للإسفنج", "جمعية للصيادين") is a body of that kind.
- A school is named by a name or a level ("مدرسة غماس الابتدائية", "مدرسة الوكير الابتدائية"), not
  by a common noun alone ("مدرسة النادي", "مدرسة البنات").
- A name ends before a time complement ("برنامج … للعام 2026") and before an adjective of the
  document it is named in ("تقديرات الجهاز المركزي … الصادرة في يناير"). (A name may go on with لـ + a
  verbal noun, "الشركة السودانية لتسويق الحبوب": no cut there.)
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer.match import _covered, _index, _Match, _nisba_entry
from pipeline.fields.orgs import AGENCY, ORG_HEADS, PLACE_CUES, _folds, _head, _verbal_noun
from pipeline.fields.words import TITLE_WORDS, Token, _raw_offset

STATE_ADJECTIVES = _folds(
    "المؤقت المؤقتة المنحل المنحلة الجديد الجديدة السابق السابقة الحالي الحالية المقبل المقبلة "
    "القديم القديمة المكلف المكلفة"
)
BOARD = _folds("مجلس")
BOARD_OF = _folds("الإدارة إدارة")
SCHOOL = _folds("مدرسة المدرسة")
SCHOOL_LEVELS = _folds(
    "الابتدائية الإعدادية الثانوية المتوسطة الأساسية الأساسي النموذجية الخاصة الحكومية المختلطة الدولية"
)
# Adjectives of the document before the name ("تقديرات الجهاز … الصادرة في يناير"): no part of it.
DOCUMENT_ADJECTIVES = _folds("الصادرة الصادر المنشورة المنشور المعلنة المعلن الأخيرة الأخير")
MINISTRY = _folds("وزارة")
# A committee named by its task alone ("لجنة التحكيم", "لجنة التحقيق", "لجنة الفحص"): the body of a
# contest or an inquiry the story describes, no name (a named one has a domain: "لجنة الشؤون الاقتصادية",
# "لجنة التعليم", "لجنة الموازنة").
COMMITTEE = _folds("لجنة اللجنة")
COMMITTEE_TASKS = _folds(
    "الفحص الإشراف التحكيم التحقيق التنظيم التقييم التحضير المتابعة الطعون الاختيار الفرز الاستلام"
)
# A body's own organs ("الجمعية العمومية", "الهيئة التدريسية", "هيئة المديرين"): part of that body.
ORGANS = frozenset(
    tuple(fold_arabic(w) for w in pair.split())
    for pair in (
        "الجمعية العمومية",
        "جمعية عمومية",
        "الهيئة التدريسية",
        "هيئة التدريس",
        "الهيئة الإدارية",
        "هيئة المديرين",
        "مجلس المديرين",
    )
)
MIN_CONJOINED = 4
PAIR = 2
TIME_WORDS = _folds("للعام لعام للسنة لسنة للموسم لموسم للفترة")
# لـ + an indefinite noun inside a ministry's name: only "وزارة الدولة لشؤون …"; any other is a purpose
# ("وزارة الفلاحة والتنمية الريفية لشراء فائض الإنتاج", "وزارة الصحة لتوفير الأدوية").
MINISTRY_LAM = _folds("لشؤون لشئون")
# Participles that describe a named body in the sentence ("مجلس جماعة الدار البيضاء المكلفة بـ …",
# "الوزارة المعنية"), no part of its name.
TRAILING_PARTICIPLES = _folds(
    "المكلف المكلفة المعني المعنية المختص المختصة المسؤول المسؤولة المسئول المسئولة"
)


def _description(tokens: Sequence[Token], m: _Match) -> bool:
    folds = [tokens[j].fold for j in range(m.first, m.last)]
    head = folds[0][1:] if folds[0][:1] == "و" and len(folds[0]) > 4 else folds[0]
    if len(folds) == PAIR and head in COMMITTEE and folds[1] in COMMITTEE_TASKS:
        return True  # "لجنة التحكيم", "لجنة التحقيق", "لجنة المتابعة"
    if len(folds) == PAIR and not head.startswith("ال") and folds[1].startswith("لل") and head in ORG_HEADS:
        return True  # "احترق مصنع للإسفنج", "جمعية للصيادين": a body of that kind, no name
    if len(folds) == PAIR and (head, folds[1]) in ORGANS:
        return True  # "الجمعية العمومية" of the cooperative
    if len(folds) >= 2 and head.removeprefix("ال") in BOARD and folds[1] in BOARD_OF:
        return True  # "مجلس الإدارة الجديد", "مجلس إدارة الجمعية"
    if head in SCHOOL and folds[1].startswith("ال") and not any(f in SCHOOL_LEVELS for f in folds):
        return True  # "مدرسة النادي" (the club's academy), "مدرسة البنات": no school's name
    return len(folds) >= 2 and all(f in STATE_ADJECTIVES for f in folds[1:])  # "المجلس المؤقت"


def _ministry(fold: str) -> bool:
    return fold.removeprefix("ال") in MINISTRY or fold[1:].removeprefix("ال") in MINISTRY


def _cut(text: str, tokens: Sequence[Token], m: _Match) -> _Match:
    for j in range(m.first + 2, m.last):
        fold = tokens[j].fold
        purpose = (
            _ministry(tokens[m.first].fold)
            and fold[:1] == "ل"
            and not fold.startswith("لل")
            and (_verbal_noun(fold[1:]) or (fold not in MINISTRY_LAM and len(fold) > 3))
        )
        last = j == m.last - 1 and (
            fold in DOCUMENT_ADJECTIVES or (j > m.first + 2 and fold in TRAILING_PARTICIPLES)
        )
        if purpose or fold in TIME_WORDS or last:
            end = tokens[j - 1].end
            return _Match.unlisted(text[m.start : end], m.etype, m.first, j, m.start, end, m.method)
    return m


def tidy_orgs(text: str, tokens: Sequence[Token], orgs: Sequence[_Match]) -> list[_Match]:
    """Organisations found by pattern without descriptions, their names cut before a time complement."""
    out: list[_Match] = []
    for m in orgs:
        if m.entry is not None or m.etype != "organization":
            out.append(m)
            continue
        m = _cut(text, tokens, m)
        if not _description(tokens, m):
            out.append(m)
    return out


NEWS_TRADES = _folds("للأنباء للانباء للإعلام للصحافة")


def nisba_companies(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """A national company named by its country's adjective and its trade: "الجزائرية للمياه",
    "القطرية للوقود" (ال + a country's feminine nisba, then لل + a noun, perhaps "والـ…" more)."""
    out: list[_Match] = []
    for k in range(len(tokens) - 1):
        tok, nxt = tokens[k], tokens[k + 1]
        word = tok.fold.lstrip("و")
        if not word.startswith("ال") or not word.endswith("يه") or not nxt.fold.startswith("لل"):
            continue
        if text[tok.end : nxt.start].strip() or _covered(found, k + 1) is not None:
            continue
        if nxt.fold in NEWS_TRADES or (k > 0 and tokens[k - 1].fold.lstrip("و") in AGENCY):
            continue  # "الوكالة الموريتانية للأنباء": a news agency (media), not a company
        held = _covered(found, k)
        if held is not None and (held.first != k or held.last != k + 1):
            continue
        country = _nisba_entry(word[2:], _index().nisba)
        if country is None or country.subtype != "country":
            continue
        last = k + 2
        while (
            last < len(tokens)
            and tokens[last].fold.startswith("وال")
            and not text[tokens[last - 1].end : tokens[last].start].strip()
            and _covered(found, last) is None
        ):
            last += 1
        start = tok.start + _raw_offset(tok.raw, len(tok.fold) - len(word))
        out.append(
            _Match.unlisted(
                text[start : tokens[last - 1].end], "organization", k, last, start, tokens[last - 1].end
            )
        )
    return out


def construct_clitic_matches(tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """Gazetteer matches read by stripping بـ/لـ from the word right after an indefinite head noun
    ("شركة بابل" read as "آبل"): a head in construct takes a name, never a preposition."""
    out: list[_Match] = []
    for m in found:
        if (
            m.entry is not None
            and m.first > 0
            and m.start > tokens[m.first].start
            and tokens[m.first].fold[:1] in ("ب", "ل")
            and _head(tokens[m.first - 1], ORG_HEADS | PLACE_CUES) is not None
            and not tokens[m.first - 1].fold.lstrip("وبل").startswith("ال")
        ):
            continue
        out.append(m)
    return out


def conjoined_tails(
    text: str, tokens: Sequence[Token], orgs: Sequence[_Match], found: Sequence[_Match]
) -> list[_Match]:
    """A name that goes on with و + a noun in construct with a definite word: "وزارة الثروة الزراعية
    والسمكية وموارد المياه". Not another body ("ووزارة الصحة"), a plural list ("ومديريات …") or a verb."""
    out: list[_Match] = []
    for m in orgs:
        e = m.last
        if (
            m.entry is None
            and m.etype == "organization"
            and e + 1 < len(tokens)
            and tokens[e - 1].fold.lstrip("و").startswith("ال")
            and tokens[e].fold[:1] == "و"
            and not text[tokens[e - 1].end : tokens[e].start].strip()
            and not text[tokens[e].end : tokens[e + 1].start].strip()
        ):
            noun, nxt = tokens[e].fold[1:], tokens[e + 1].fold
            if (
                len(noun) >= MIN_CONJOINED  # "وزير": a word, no conjunction
                and tokens[e].fold not in TITLE_WORDS
                and noun.isalpha()
                and not noun.startswith(("ال", "لل"))
                and not noun.endswith(("ات", "ين", "ون"))
                and _head(Token(0, 0, noun, noun), ORG_HEADS | PLACE_CUES) is None
                and noun not in TITLE_WORDS
                and nxt.startswith("ال")
                and _covered(found, e) is None
                and _covered(found, e + 1) is None
                and not _verbal_noun(noun)
            ):
                end = tokens[e + 1].end
                m = _Match.unlisted(text[m.start : end], m.etype, m.first, e + 2, m.start, end, m.method)
        out.append(m)
    return out
