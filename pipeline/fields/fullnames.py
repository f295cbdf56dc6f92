"""Full person names of people nobody knows, read from where local news writes them.

Local news names a mayor, a teacher or a farmer once in full, after a role or a speech verb, and
ends the name where the sentence goes on: "وقالت المعلمة سعاد عبد الأمير الزيادي، التي …",
"الطالب الجامعي مرتضى ناظم الحسناوي إلى أن", "المزارعة سهام يوسف دراغمة (58 عاماً):". Three to
five name words (a given name, the father's, the family's, with عبد/بن/بنت/أبو inside) standing
there are a person even when the given name is in no list, provided the run has a name's shape: a
known first name after the given one, a name particle inside, or a family nisba at its end.

"نورة بنت حمد الغامدي": the father's name after بن/بنت is part of the name, never a person of its
own; a person found from the father's name on takes the given name before بنت/بن back.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.cuepatterns import (
    _verb_shape,
)
from pipeline.fields.gazetteer.match import _covered, _Match
from pipeline.fields.nameends import COMPOUND_SECONDS
from pipeline.fields.orgs import AL_FIRST_NAMES, NOT_NAME_WORDS, _folds
from pipeline.fields.patterns import (
    _THAT,
    SPEECH_VERBS,
    _prepositional,
    _verb_or_preposition,
)
from pipeline.fields.quotewords import NOT_SPEAKER_START, NOT_SPEAKER_WORDS
from pipeline.fields.words import (
    FIRST_NAMES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    WORD_GIVEN_NAMES,
    Token,
    _raw_offset,
    _strip_conj,
)

MIN_WORDS = 3
MAX_WORDS = 5
MIN_NISBA = 5
TO_WORDS = frozenset(fold_arabic(w) for w in ("إلى", "الى"))
PATRONYMS = frozenset(fold_arabic(w) for w in ("بن", "بنت", "ابن"))
# An outlet after the name ("لـ"الصباح"", "لصحيفة"): the name ended.
OUTLET_STARTS = ("لـ", "لصحيفة", "لوكالة", "لموقع", "لقناة", "لإذاعة")
CLOSERS = ("،", ",", "(", ":", ".", "؛")
COMMAS = ("،", ",")


def _comma_after(text: str, tokens: Sequence[Token], end: int) -> bool:
    return end < len(tokens) and text[tokens[end - 1].end : tokens[end].start].strip()[:1] in COMMAS


PLURAL_PRONOUNS = ("هم", "هما", "كم", "هن")  # a noun with "their/your": no name word
ALI = "علي"  # the name; the preposition على folds to the same letters
# Number words and what they count are never name words ("ياسر إبراهيم لمدة أربع سنوات").
NUMBER_WORDS = frozenset(
    fold_arabic(w)
    for w in [
        "ثلاث",
        "ثلاثة",
        "أربع",
        "أربعة",
        "خمس",
        "خمسة",
        "ست",
        "ستة",
        "سبع",
        "سبعة",
        "ثماني",
        "ثمانية",
        "تسع",
        "تسعة",
        "عشر",
        "عشرة",
        "عشرين",
        "مئة",
        "مائة",
        "ألف",
        "آلاف",
        "سنوات",
        "سنة",
        "أعوام",
        "عاما",
        "أيام",
        "يوما",
        "أشهر",
        "شهرا",
        "ساعات",
        "ساعة",
        "دقائق",
        "دقيقة",
        "مباريات",
        "مباراة",
        "مدة",
        "لمدة",
    ]
)


def _plain_word(fold: str, raw: str = "") -> bool:
    """A word that can be a given, father's or bare family name (no article, no verb, no preposition)."""
    if raw == ALI:
        return True
    return (
        fold.isalpha()
        and len(fold) >= 2
        and not fold.startswith("ال")
        and fold not in STOP_WORDS
        and fold not in TITLE_WORDS
        and fold not in NOT_NAME_WORDS
        and fold not in NOT_SPEAKER_START
        and fold not in NOT_SPEAKER_WORDS
        and fold not in _THAT
        and fold not in SPEECH_VERBS
        and fold not in NUMBER_WORDS
        and not (fold[:1] == "و" and len(fold) > 3 and (fold[1:] in FIRST_NAMES or fold[1:] in TITLE_WORDS))
        and not (fold.startswith(("وال", "فال", "بال", "لل")) and len(fold) > len("وال"))
        and not (raw.endswith(PLURAL_PRONOUNS) and fold not in FIRST_NAMES)  # "خدماتهم"
        and (fold in FIRST_NAMES or not (_verb_or_preposition(fold) or _prepositional(fold)))
    )


def _nisba(fold: str) -> bool:
    """ "الزيادي", and the feminine "العبرية" of a woman's family name."""
    return fold.startswith("ال") and fold.endswith(("ي", "يه")) and len(fold) >= MIN_NISBA


def _name_run(tokens: Sequence[Token], text: str, k: int) -> int:
    """Name words from k on, with no punctuation between them: plain words, particles and the
    article word after a particle (عبد الأمير) or as the family nisba that ends the name."""
    n = 0
    while k + n < len(tokens) and n < MAX_WORDS:
        j = k + n
        if n and text[tokens[j - 1].end : tokens[j].start].strip():
            break
        fold = tokens[j].fold
        prev = tokens[j - 1].fold if n else ""
        if fold in NAME_PARTICLES and n:
            n += 1
            continue
        if fold.startswith("ال"):
            if n == 0 and fold in AL_FIRST_NAMES:
                n += 1  # "الحسين بوعزة", "الطيب بلعربي": a given name with the article
                continue
            if prev in NAME_PARTICLES or (prev == "عبد" and fold in COMPOUND_SECONDS):
                n += 1
                continue
            if n == 1 and prev in FIRST_NAMES and fold in AL_FIRST_NAMES:
                n += 1  # "محمد الأمين", "محمد الطاهر": a compound given name
                continue
            if n >= 2 and _nisba(fold):
                n += 1
                break  # the family nisba closes the name
            break
        if not _plain_word(fold, tokens[j].raw):
            break
        n += 1
    return n


def _closed(text: str, tokens: Sequence[Token], end: int) -> bool:
    """The name stops there: punctuation, إن/أن, "إلى أن", an outlet, a speech verb or the end."""
    if end >= len(tokens):
        return not text[tokens[end - 1].end :].strip()[:1].isalpha()
    gap = text[tokens[end - 1].end : tokens[end].start].strip()
    if gap:
        return gap[:1] in CLOSERS
    nxt = tokens[end]
    if nxt.fold in _THAT or nxt.raw.startswith(OUTLET_STARTS) or _strip_conj(nxt.fold) in SPEECH_VERBS:
        return True
    return nxt.fold in TO_WORDS and end + 1 < len(tokens) and tokens[end + 1].fold in _THAT


def _opened(text: str, tokens: Sequence[Token], k: int) -> bool:
    """A role word (definite, or a title) or a speech verb right before the name, nothing between;
    or a comma (an apposition: the caller wants a comma after the name too)."""
    if k == 0:
        return False
    gap = text[tokens[k - 1].end : tokens[k].start].strip()
    if gap:
        return gap in COMMAS
    prev = tokens[k - 1].fold
    return (
        prev in TITLE_WORDS
        or (prev.startswith("ال") and len(prev) > 3 and prev not in STOP_WORDS)
        or _strip_conj(prev) in SPEECH_VERBS
    )


def _shaped(tokens: Sequence[Token], k: int, n: int) -> bool:
    """Three words or more with a name's shape beyond the given name."""
    folds = [t.fold for t in tokens[k : k + n]]
    if n < MIN_WORDS or folds[-1] in NAME_PARTICLES or folds[0] in NAME_PARTICLES:
        return False
    if folds[0] not in FIRST_NAMES and (_verb_shape(folds[0]) or tokens[k].raw.endswith("ي")):
        return False  # "مدير فني سامي الترابلسي": an indefinite nisba is the role's adjective
    return (
        any(f in FIRST_NAMES or f in AL_FIRST_NAMES for f in folds[1:])
        or any(f in NAME_PARTICLES for f in folds[1:-1])
        or _nisba(folds[-1])
    )


def _absorbed(m: _Match, tokens: Sequence[Token], first: int, last: int) -> bool:
    """A match inside a full name that the name replaces: a person (its family name), or a town
    learned elsewhere whose name is a given name ("عيسى" of "مدينة عيسى" in "جاسم عيسى الدوسري")."""
    if m.first < first or m.last > last:
        return False
    if m.etype == "person":
        return True
    return (
        m.etype == "place"
        and m.method == "context"
        and m.last - m.first == 1
        and tokens[m.first].fold in FIRST_NAMES
    )


def titled_full_names(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """People named in full after a role or a speech verb, before the sentence goes on.

    A person found inside the span (its family name, "عبد الأمير الزيادي" of "سعاد عبد الأمير
    الزيادي") is replaced by the whole name: the caller drops the matches the result covers.
    """
    out: list[_Match] = []
    for k in range(1, len(tokens)):
        if _covered(out, k) is not None or not _opened(text, tokens, k):
            continue
        ahead = tokens[k + 1 : k + MAX_WORDS]
        if tokens[k].fold not in AL_FIRST_NAMES and not any(
            t.fold in FIRST_NAMES or t.fold in NAME_PARTICLES or t.fold in AL_FIRST_NAMES or _nisba(t.fold)
            for t in ahead
        ):
            continue  # no name shape can follow: spare the run
        held = _covered(found, k)
        if held is not None and (held.etype != "person" or held.first != k or held.entry is not None):
            continue
        n = _name_run(tokens, text, k)
        while n >= MIN_WORDS and not _closed(text, tokens, k + n):
            n -= 1
        given = tokens[k].fold in FIRST_NAMES or tokens[k].fold in AL_FIRST_NAMES
        comma_opened = text[tokens[k - 1].end : tokens[k].start].strip() in COMMAS
        if comma_opened and (not given or not _comma_after(text, tokens, k + n)):
            continue  # "…، محمد الأمين قادري، أن": an apposition between commas, a known given name
        two = comma_opened and n == 2 and tokens[k].fold in AL_FIRST_NAMES  # "، الحسين بوعزة،"
        if not two and not _shaped(tokens, k, n):
            continue
        inside = [_covered(found, j) for j in range(k, k + n)]
        if any(m is not None and not _absorbed(m, tokens, k, k + n) for m in inside):
            continue
        start, end = tokens[k].start, tokens[k + n - 1].end
        out.append(_Match.unlisted(text[start:end], "person", k, k + n, start, end))
    return out


AMMA = fold_arabic("أما")
POSSESSIVES = ("ه", "ها", "هم", "هما")
MAX_TOPIC_NAME = 3


def amma_relatives(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """ "أما جارها الطيب بلعربي، …": after أما and a noun with a possessive pronoun (a neighbour, a
    colleague, a brother), a name of two or three words opening with a known given name and closed
    by a comma is a person."""
    out: list[_Match] = []
    if "أما" not in text:
        return out
    for i in range(len(tokens) - 3):
        if tokens[i].fold.lstrip("و") != AMMA or not tokens[i + 1].fold.endswith(POSSESSIVES):
            continue
        k = i + 2
        first = tokens[k].fold
        if (first not in FIRST_NAMES and first not in AL_FIRST_NAMES) or _covered(found, k) is not None:
            continue
        n = 1
        while n < MAX_TOPIC_NAME and k + n < len(tokens):
            nxt = tokens[k + n]
            if text[tokens[k + n - 1].end : nxt.start].strip() or _covered(found, k + n) is not None:
                break
            if not (_plain_word(nxt.fold, nxt.raw) or _nisba(nxt.fold)):
                break
            n += 1
        if n >= 2 and _comma_after(text, tokens, k + n):
            start, end = tokens[k].start, tokens[k + n - 1].end
            out.append(_Match.unlisted(text[start:end], "person", k, k + n, start, end))
    return out


def _given_before(tokens: Sequence[Token], k: int) -> int | None:
    """Clitic letters before a given name at k - 1 ("وفاطمة": 1), None when there is no given name."""
    if k < 1:
        return None
    fold = tokens[k - 1].fold
    if fold in FIRST_NAMES:
        return 0
    if fold[:1] in "وف" and len(fold) > 3 and fold[1:] in FIRST_NAMES:
        return 1
    return None


KUNYA = frozenset(fold_arabic(w) for w in ("أبو", "أم"))


def given_names_back(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """A person found from the father's name on ("حمد الغامدي" of "نورة بنت حمد الغامدي") takes
    the given name before بن/بنت, or a known given name right before ("حسن علي الساعدي"): one
    person, the father no mention of his own."""
    out: list[_Match] = []
    for m in found:
        k = m.first
        if (
            m.etype == "person"
            and m.entry is None
            and k >= 1
            and _strip_conj(tokens[k - 1].fold) in KUNYA
            and tokens[k].fold in FIRST_NAMES
            and not text[tokens[k - 1].end : tokens[k].start].strip()
            and _covered(found, k - 1) is None
        ):  # "أبو رامي الزعبي", "أم أحمد الدباس": the kunya is the name's first part
            start = tokens[k - 1].start + _raw_offset(tokens[k - 1].raw, len(tokens[k - 1].fold) - 3)
            out.append(_Match.unlisted(text[start : m.end], "person", k - 1, m.last, start, m.end))
            continue
        if (
            m.etype == "person"
            and m.entry is None
            and k >= 2
            and tokens[k - 1].fold in PATRONYMS
            and not text[tokens[k - 2].end : tokens[k].start].strip()
            and _covered(found, k - 2) is None
            and _plain_word(tokens[k - 2].fold, tokens[k - 2].raw)
        ):
            start = tokens[k - 2].start
            out.append(_Match.unlisted(text[start : m.end], "person", k - 2, m.last, start, m.end))
            continue
        given = (
            _given_before(tokens, k) if m.etype == "person" and m.entry is None and m.last - k == 2 else None
        )
        if (
            given is not None
            and tokens[k - 1].raw != "على"
            and not text[tokens[k - 1].end : tokens[k].start].strip()
            and _covered(found, k - 1) is None
        ):  # "حسن علي الساعدي", "وفاطمة جواد الربيعي": the given name before a first name and a nisba
            start = tokens[k - 1].start + _raw_offset(tokens[k - 1].raw, given)
            out.append(_Match.unlisted(text[start : m.end], "person", k - 1, m.last, start, m.end))
            continue
        out.append(m)
    return out


# A preposition with a pronoun ("فيه", "عنها") is never a name.
_PRONOUN_PREPOSITIONS = "فيه فيها فيهم عليه عليها عليهم منه منها منهم له لها لهم عنه عنها عنهم به بها بهم"
PRONOUN_PREPOSITIONS = frozenset(fold_arabic(w) for w in _PRONOUN_PREPOSITIONS.split())


# Common nouns that follow a given name that is also a word, never a family name: "مختار القرية",
# "عمر المبنى", "قاسم مشترك".
_NOT_FAMILY_NOUNS = (
    "القرية الحي البلدة المدينة المنطقة المخيم المحلة المبنى المشروع المنزل البيت الطفل الإنسان "
    "الشركة المدرسة الجسر الطريق السد الشجرة الأرض مشترك مشتركة"
)
NOT_FAMILY_NOUNS = frozenset(fold_arabic(w) for w in _NOT_FAMILY_NOUNS.split())
PAIR = 2
# Adjectives that name nobody, alone or after a name's first word ("مدرب جديد", "أسماء جديدة").
NOT_NAME_ADJECTIVES = _folds("جديد جديدة آخر أخرى عديدة عدة كثيرة قليلة")
# Past verbs of a narrative after a name ("«كرار خرج من البيت»", "كلمة رفع فيها الشكر"): the name is
# the subject, the verb no family name.
NARRATIVE_VERBS = _folds(
    "خرج دخل رفع عاد ذهب جاء رجع سقط بات ظل كان بدأ توفي قتل فاز خسر أصيب وصل غادر نجا هرب"
)
# Given names that are also a plural noun: "أسماء الفائزين", "أسماء المرشحين" are lists of names.
PLURAL_GIVEN = _folds("أسماء اسماء")
PLURAL_DEFINITE_LEN = 7  # ال + a plural in ين/ات of five letters or more (not الحسين، الأمين)


def _not_a_name(m: _Match, tokens: Sequence[Token]) -> bool:
    """A person found by pattern that opens with a preposition's complement ("لكرة القدم", "ببطلان
    قرار") or is a preposition with a pronoun ("فيه")."""
    first = tokens[m.first].fold
    pair = m.entry is None and m.etype == "person" and m.last - m.first == PAIR
    if pair and tokens[m.first + 1].fold in NOT_FAMILY_NOUNS:
        return True  # "مختار القرية" (the village headman), "عمر المبنى" (the building's age)
    if m.entry is not None or m.etype != "person" or first in FIRST_NAMES or first in WORD_GIVEN_NAMES:
        return False  # "لطيفة العرفاوي" is no لـ + طيفة
    if m.last - m.first == 1 and first in PRONOUN_PREPOSITIONS:
        return True
    rest = first[1:]
    return (
        first[:1] in ("ل", "ب")
        and not first.startswith(("بو", "بن", "بل", "لع"))
        and len(rest) >= MIN_WORDS
        and (rest.endswith("ه") or first.startswith(("بب", "لل", "بال")))  # not "بيشوا"
    )


def _verb_or_adjective_tail(m: _Match, tokens: Sequence[Token]) -> bool:
    """A pair closed by a narrative verb or an adjective, or a plural-noun given name before a plural."""
    if m.entry is not None or m.etype != "person":
        return False
    if m.last - m.first == 1:
        return tokens[m.first].fold in NOT_NAME_ADJECTIVES  # "تسجيل مدرب جديد"
    if m.last - m.first != PAIR:
        return False
    first, second = tokens[m.first].fold, tokens[m.first + 1].fold
    if second in NARRATIVE_VERBS or second in NOT_NAME_ADJECTIVES:
        return True
    return (
        first in PLURAL_GIVEN
        and second.startswith("ال")
        and second.endswith(("ين", "ات"))
        and len(second) >= PLURAL_DEFINITE_LEN
    )


def drop_non_names(tokens: Sequence[Token], people: Sequence[_Match]) -> list[_Match]:
    """``people`` without the matches that cannot be a name (see ``_not_a_name``); a given name before
    a narrative verb is kept alone ("كرار خرج" -> "كرار")."""
    out: list[_Match] = []
    for m in people:
        if _not_a_name(m, tokens):
            continue
        if not _verb_or_adjective_tail(m, tokens):
            out.append(m)
            continue
        first = tokens[m.first]
        if (
            m.last - m.first == PAIR
            and tokens[m.first + 1].fold in NARRATIVE_VERBS
            and first.fold in FIRST_NAMES
        ):
            end = first.end
            out.append(_Match.unlisted(m.name[: end - m.start], "person", m.first, m.first + 1, m.start, end))
    return out


def merge_people(people: Sequence[_Match], wider: Sequence[_Match]) -> list[_Match]:
    """``people`` (or other matches) without those a wider full name covers, plus the wider names."""
    return [m for m in people if not any(w.first <= m.first and m.last <= w.last for w in wider)] + list(
        wider
    )
