"""Organisation matches that are descriptions, not names, and tails that are no part of a name.

- A body named only by its head and an adjective of state or time ("المجلس المؤقت", "المجلس
  المنحل", "اللجنة الجديدة") describes the body the story already named; a company's or club's board
  ("مجلس الإدارة", "مجلس إدارة الجمعية") is part of that body, no organisation of its own.
- A school is named by a name or a level ("مدرسة غماس الابتدائية", "مدرسة الوكير الابتدائية"), not
  by a common noun alone ("مدرسة النادي", "مدرسة البنات").
- A name ends before a time complement ("برنامج … للعام 2026") and before an adjective of the
  document it is named in ("تقديرات الجهاز المركزي … الصادرة في يناير"). (A name may go on with لـ + a
  verbal noun, "الشركة السودانية لتسويق الحبوب": no cut there.)
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.fields.gazetteer.match import _Match
from pipeline.fields.orgs import _folds
from pipeline.fields.words import Token

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
TIME_WORDS = _folds("للعام لعام للسنة لسنة للموسم لموسم للفترة")


def _description(tokens: Sequence[Token], m: _Match) -> bool:
    folds = [tokens[j].fold for j in range(m.first, m.last)]
    head = folds[0][1:] if folds[0][:1] == "و" and len(folds[0]) > 4 else folds[0]
    if len(folds) >= 2 and head.removeprefix("ال") in BOARD and folds[1] in BOARD_OF:
        return True  # "مجلس الإدارة الجديد", "مجلس إدارة الجمعية"
    if head in SCHOOL and folds[1].startswith("ال") and not any(f in SCHOOL_LEVELS for f in folds):
        return True  # "مدرسة النادي" (the club's academy), "مدرسة البنات": no school's name
    return len(folds) >= 2 and all(f in STATE_ADJECTIVES for f in folds[1:])  # "المجلس المؤقت"


def _cut(text: str, tokens: Sequence[Token], m: _Match) -> _Match:
    for j in range(m.first + 2, m.last):
        if tokens[j].fold in TIME_WORDS or (j == m.last - 1 and tokens[j].fold in DOCUMENT_ADJECTIVES):
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
