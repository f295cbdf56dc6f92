"""People named by the shape of the sentence: set off by commas after a role, or as the topic of "أما".

"…، المعاون خالد شحادة، أن", "، رجل الأعمال سعيد حمد المطروشي، قد ذكر": a first name and one to three
more name words closed by a comma, after a comma or a role word, is a person. "أما سعدية عبد
الموجود، …، فقالت": the words after "أما" up to the comma name the topic, a person when they have a
name's shape (no article, no common noun).
"أيمن الحفصي", "البديل ياسين الكعبي": a common first name followed by a family nisba (ال + a word
ending in ي, the commonest shape of an Arabic surname) is a person wherever it stands.
"وقالت المعلمة هيفاء الشمري إن": the last two words before إن/أن of a speech verb's subject, after
a definite role word, name the speaker when they have a name's shape (a bare first word, a bare or
nisba family name; three words with عبد/أبو/بن); right after the verb, with a nisba family name only
("وقالت هيفاء الشمري إن", not "وقال مصدر أمني إن"). The name may end at a comma or a bracket that
opens an apposition ("وقالت ضحى الكردي، معلمة في …، إن", "الشاب غيث المومني (24 عاما)").
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.cuepatterns import (
    _shaped_name,
    _verb_shape,
)
from pipeline.fields.gazetteer.match import _covered, _index, _Match, _nisba_entry
from pipeline.fields.orgs import NOT_NAME_WORDS
from pipeline.fields.patterns import (
    _THAT,
    MAX_ROLE_TOKENS,
    NAME_STARTS,
    SPEECH_VERBS,
    _forward_name,
    _prepositional,
    _verb_or_preposition,
)
from pipeline.fields.quotewords import NOT_SPEAKER_START, NOT_SPEAKER_WORDS
from pipeline.fields.words import (
    COMPOUND_GIVEN_NAMES,
    FIRST_NAMES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    WORD_GIVEN_NAMES,
    Token,
    _raw_offset,
    _strip_conj,
)

COMMAS = ("،", ",")
AMMA = fold_arabic("أما")
MAX_TOPIC_TOKENS = 3
# First names that are also common words ("سعيد الحظ", "نور الهدى"): no name by shape alone.
_WORD_FIRST_NAMES = (
    "جمال سعيد سالم كريم جميل رشيد ربيع نصر كامل هادي ضياء صلاح جهاد سلطان عادل رضا أنور ماجد أمل نور "
    "هدى منى وفاء إيمان شريف حافظ سليم منير مختار نبيل فارس صالح حامد نجيب عامر خليفة آدم"
)
WORD_FIRST_NAMES = frozenset(fold_arabic(w) for w in _WORD_FIRST_NAMES.split())
MIN_NISBA_LEN = 5
ALA = "على"
_NOT_NISBAS = (
    "النادي الوادي الماضي الحالي التالي الثاني القاضي المحامي الأهالي الراعي "
    "الأراضي المباني الأغاني المعاني الأماني الضواحي النواحي الأيادي الليالي المساعي المراعي المقاهي"
)
NOT_NISBAS = frozenset(fold_arabic(w) for w in _NOT_NISBAS.split())


def _person(text: str, tokens: Sequence[Token], k: int, n: int) -> _Match:
    surface = text[tokens[k].start : tokens[k + n - 1].end]
    return _Match.unlisted(surface, "person", k, k + n, tokens[k].start, tokens[k + n - 1].end)


def _closed_by_comma(text: str, tokens: Sequence[Token], end: int) -> bool:
    return end < len(tokens) and text[tokens[end - 1].end : tokens[end].start].strip()[:1] in COMMAS


def _after_role_or_comma(text: str, tokens: Sequence[Token], k: int) -> bool:
    """Token k opens an apposition: right after a comma, a title or a definite role word."""
    if k == 0:
        return False
    if text[tokens[k - 1].end : tokens[k].start].strip()[:1] in COMMAS:
        return True
    prev = tokens[k - 1].fold
    return prev in TITLE_WORDS or prev.startswith("ال")


def _nisba_surname(fold: str) -> bool:
    """ "الحفصي", "الزياني": ال + a word ending in ي, not a common noun or adjective (النادي، الماضي)."""
    return (
        fold.startswith("ال") and fold.endswith("ي") and len(fold) >= MIN_NISBA_LEN and fold not in NOT_NISBAS
    )


# Words before a given name that is also a common word that make it the word: "في صالح", "عن أمل".
WORD_READINGS = frozenset(fold_arabic(w) for w in ("في", "من", "عن", "على", "إلى", "الى", "مع", "ب", "ل"))


QUANTIFIER_NAMES = frozenset(fold_arabic(w) for w in ("كامل", "جميل"))


def _word_name_nisba(text: str, tokens: Sequence[Token], k: int) -> bool:
    """A given name that is also a word ("أمل القبيسي", "صالح الكبيسي") before a family nisba that
    is no country's adjective, not after a preposition ("عن أمل العراقي"), and where the name visibly
    ends: punctuation, إن/أن, a function word ("وأبهر جمال الطبيعي الزوار" is the natural beauty)."""
    end = k + 2
    if end < len(tokens) and not (
        text[tokens[end - 1].end : tokens[end].start].strip()
        or tokens[end].fold in _THAT
        or tokens[end].fold in STOP_WORDS
        or _strip_conj(tokens[end].fold) in SPEECH_VERBS
    ):
        return False
    fold, nisba = tokens[k].fold, tokens[k + 1].fold
    if fold not in WORD_FIRST_NAMES and fold not in WORD_GIVEN_NAMES:
        return False
    if fold in QUANTIFIER_NAMES:
        return False  # "كامل الأراضي": all the lands
    if k > 0 and (
        _strip_conj(tokens[k - 1].fold) in WORD_READINGS or _strip_conj(tokens[k - 1].fold) in _THAT
    ):
        return False
    return _nisba_entry(nisba[2:], _index().nisba) is None and _nisba_entry(nisba, _index().nisba) is None


def find_first_name_nisba(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """A common first name directly followed by a family nisba: "أيمن الحفصي", "عمر الزياني"."""
    out: list[_Match] = []
    for k in range(len(tokens) - 1):
        tok, nxt = tokens[k], tokens[k + 1]
        if not _nisba_surname(nxt.fold):
            continue
        if (tok.fold not in FIRST_NAMES or tok.fold in WORD_FIRST_NAMES) and not _word_name_nisba(
            text, tokens, k
        ):
            continue
        if tok.raw == ALA:
            continue  # "على التردي": the preposition, not the name علي
        if text[tok.end : nxt.start].strip() or _covered(found, k) is not None:
            continue
        if _covered(found, k + 1) is not None or (k > 0 and tokens[k - 1].fold in NAME_PARTICLES):
            continue  # "عبد الله", "بن سالم الكعبي": the name is longer, found by other rules
        if (
            k > 1
            and (tokens[k - 2].fold, tokens[k - 1].fold) in COMPOUND_GIVEN_NAMES
            and not text[tokens[k - 2].end : tokens[k - 1].start].strip()
            and not text[tokens[k - 1].end : tok.start].strip()
        ):
            continue  # "عبد العزيز ناصر المطيري": a compound given name before, a longer name
        if (
            k + 2 < len(tokens)
            and not text[nxt.end : tokens[k + 2].start].strip()
            and _nisba_surname(tokens[k + 2].fold)
            and _covered(found, k + 2) is None
        ):
            continue  # "محمد الهادي الصفاقسي": a second given name, then the family nisba
        out.append(_person(text, tokens, k, 2))
    return out


def find_shaped_people(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """Persons set off by commas after a role, and the topic of "أما" when it has a name's shape."""
    out: list[_Match] = []
    for k, tok in enumerate(tokens):
        if _covered(found, k) is not None or _covered(out, k) is not None:
            continue
        if tok.fold == AMMA and k + 1 < len(tokens) and _covered(found, k + 1) is None:
            n = _forward_name(text, tokens, k + 1, found)
            if (
                2 <= n <= MAX_TOPIC_TOKENS
                and not tokens[k + 1].fold.startswith("ال")
                and _closed_by_comma(text, tokens, k + 1 + n)
            ):
                out.append(_person(text, tokens, k + 1, n))
            continue
        if tok.fold not in FIRST_NAMES and tok.fold not in NAME_STARTS:
            continue
        if not _after_role_or_comma(text, tokens, k):
            continue
        n = _shaped_name(text, tokens, k, found)
        if n >= 2 and _closed_by_comma(text, tokens, k + n):
            out.append(_person(text, tokens, k, n))
    return out


def _bare_name_word(fold: str) -> bool:
    return (
        fold.isalpha()
        and len(fold) >= 3
        and not fold.startswith(("ال", "و"))
        and fold not in STOP_WORDS
        and fold not in TITLE_WORDS
        and fold not in NOT_NAME_WORDS
        and fold not in NOT_SPEAKER_START
        and fold not in NOT_SPEAKER_WORDS
        and not _verb_or_preposition(fold)
        and not _prepositional(fold)
    )


SET_OFF = ("،", ",", "(")
TO_OUTLET = ("لـ", "لصحيفة", "لوكالة", "لموقع", "لقناة", "لإذاعة", "لمجلة")


def find_role_speakers(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """The name ending a speech verb's subject after a definite role: "قالت المعلمة هيفاء الشمري إن"."""
    out: list[_Match] = []
    for i, tok in enumerate(tokens):
        if _strip_conj(tok.fold) not in SPEECH_VERBS or (i + 1 < len(tokens) and tokens[i + 1].fold in _THAT):
            continue  # "وأكد أن الفريق سيعود": no subject after the verb
        for j in range(i + 2, min(len(tokens), i + 1 + MAX_ROLE_TOKENS)):
            gap = text[tokens[j - 1].end : tokens[j].start].strip()
            if gap and (gap[:1] not in SET_OFF or j < i + 3):
                break  # the subject runs up to إن/أن, or to a comma or a bracket before an apposition
            to_outlet = not gap and tokens[j].raw.startswith(TO_OUTLET)  # "قالت رغد الحمصي لـ"الغد" إن"
            if (not gap and tokens[j].fold not in _THAT and not to_outlet) or j < i + 3:
                continue
            first = j - 3 if tokens[j - 3].fold in NAME_PARTICLES and j - 3 > i + 1 else j - 2
            role, last = tokens[first - 1].fold, tokens[j - 1].fold
            if role in FIRST_NAMES or role in NAME_PARTICLES or tokens[first - 2].fold in NAME_PARTICLES:
                break  # "عبد الله بن محمد الشهري": the name is longer, other rules find it
            after_verb = first - 1 == i and _nisba_surname(last)  # "وقالت هيفاء الشمري إن"
            if not after_verb and (first - 1 <= i or not (role.startswith("ال") or role in TITLE_WORDS)):
                break
            if any(_covered(found, k) is not None for k in range(max(first - 1, i + 1), j)):
                break
            if not _bare_name_word(tokens[first].fold) and tokens[first].fold not in NAME_PARTICLES:
                break
            if not (_nisba_surname(last) or (_bare_name_word(last) and not _verb_shape(last))):
                break
            out.append(_person(text, tokens, first, j - first))
            break
    return out


KUNYAS = frozenset(fold_arabic(w) for w in ("أبو", "أم"))
KUNYA_ENDS = frozenset(k[-2:] for k in KUNYAS)
# "ويدعى أبو عبدالله": the verbs that name someone.
NAMING_VERBS = frozenset(fold_arabic(w) for w in ("يدعى", "تدعى", "يلقب", "تلقب", "يكنى", "تكنى"))
KUNYA_CLOSERS = ("،", ",", "(", ":", ".", "؛")


def _kunya_opened(text: str, tokens: Sequence[Token], k: int) -> bool:
    """A speech verb, a naming verb ("ويدعى"), a title or a definite role word right before k."""
    if k == 0 or text[tokens[k - 1].end : tokens[k].start].strip():
        return False
    prev = tokens[k - 1].fold
    bare = _strip_conj(prev)
    return (
        bare in SPEECH_VERBS
        or bare in NAMING_VERBS
        or prev in NAMING_VERBS
        or bare in TITLE_WORDS
        or (prev.startswith("ال") and prev not in STOP_WORDS and len(prev) > MIN_NISBA_LEN - 1)
    )


def _kunya_closed(text: str, tokens: Sequence[Token], end: int) -> bool:
    if end >= len(tokens):
        return True
    gap = text[tokens[end - 1].end : tokens[end].start].strip()
    return gap[:1] in KUNYA_CLOSERS if gap else tokens[end].fold in _THAT


def find_kunya_people(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """People named by their kunya: "أبو خالد المري" (a known given name and a family nisba) anywhere;
    "ويقول أبو أحمد، صاحب محل", "تقول أم خالد، التي", "ويدعى أبو عبدالله، إن" (the kunya alone)
    after a speech or naming verb or a role, where the name visibly ends."""
    out: list[_Match] = []
    if "أبو" not in text and "أم" not in text and "ابو" not in text and "ام " not in text:
        return out
    for k in range(len(tokens) - 1):
        if tokens[k].fold[-2:] not in KUNYA_ENDS:
            continue
        if _strip_conj(tokens[k].fold) not in KUNYAS and tokens[k].fold not in KUNYAS:
            continue
        given = tokens[k + 1]
        if given.fold not in FIRST_NAMES or given.raw == ALA or text[tokens[k].end : given.start].strip():
            continue
        if any(_covered(found, j) is not None for j in (k, k + 1)):
            continue
        nisba = k + 2 < len(tokens) and not text[given.end : tokens[k + 2].start].strip()
        if nisba and _nisba_surname(tokens[k + 2].fold) and _covered(found, k + 2) is None:
            n = 3
        elif _kunya_opened(text, tokens, k) and _kunya_closed(text, tokens, k + 2):
            n = 2
        else:
            continue
        start = tokens[k].start + _raw_offset(
            tokens[k].raw, len(tokens[k].fold) - len(_strip_conj(tokens[k].fold))
        )
        end = tokens[k + n - 1].end
        out.append(_Match.unlisted(text[start:end], "person", k, k + n, start, end))
    return out
