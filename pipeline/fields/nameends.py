"""Where a person's name ends: words that never go on a name (participles, plurals, a verb تفعّى)
and the second words of compound given names (عبد الرحمن، نور الدين), after which a name goes on."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer.match import _index, _Match, _nisba_entry
from pipeline.fields.orgs import AL_FIRST_NAMES, _folds
from pipeline.fields.words import FIRST_NAMES, Token

# Second words of compound first names ("عبد الرحمن", "نور الدين"): the name goes on after them.
COMPOUND_SECONDS = _folds(
    "الله الرحمن الرحيم العزيز الكريم الفتاح الحميد المجيد الدين الغني السلام الحليم اللطيف الناصر "
    "القادر الهادي الجبار الرزاق الواحد الباسط الستار الوهاب الحكيم المنعم الإله الرؤوف العظيم الملك "
    "الحي القيوم المحسن الباقي الصمد الأحد الرب الجليل الخالق المعطي الغفار الرازق الموجود العليم "
    "الباري القوي المطلب النبي الأمير الكافي الحفيظ الصبور الشافي الودود السميع البصير العال الماجد "
    "المعز الجواد"
)

BROKEN_PLURAL_LEN = 5
MIN_PLURAL_LEN = 8  # "الهارون" (7) is a family name, "الفائزين" (8) a plural


PARTICIPLE_LEN = 5
FAMILY_WORD = fold_arabic("آل")
TAFAALA_LEN = 4


def _tafaala(tok: Token) -> bool:
    """A past verb تفعّى written with a final ى (تلقى، تولى، تبنى، تحدى): no first word of a name."""
    fold = tok.fold
    return len(fold) == TAFAALA_LEN and fold[0] == "ت" and tok.raw.endswith("ى") and fold not in FIRST_NAMES


def _adverbial(fold: str) -> bool:
    """An indefinite accusative participle or noun (قادما، عائدا، مضيفا، مقالا), never a name word."""
    if not fold.endswith("ا") or fold in FIRST_NAMES or len(fold) < PARTICIPLE_LEN:
        return False
    if fold.startswith("ال"):
        return False  # "السقا", "الحلوا": the article, never an indefinite accusative
    return (len(fold) == PARTICIPLE_LEN and fold[1] == "ا") or fold[0] in "ما"  # اتصالا، اجتماعا


def _plural_noun(fold: str) -> bool:
    """A definite sound plural ("الفائزين", "المواطنون"), never a family name (الزين, الحسين are short
    or first names)."""
    return (
        fold.startswith("ال")
        and fold.endswith(("ين", "ون"))
        and len(fold) >= MIN_PLURAL_LEN
        and fold not in AL_FIRST_NAMES
        and fold not in COMPOUND_SECONDS
        and not fold.startswith("البو")  # "البوعينين": a Gulf family name
    )


MIN_ALI_NISBA = 6
# Nisba-shaped words after على that are its object, not a family name ("على الثاني", "على الأهالي").
NOT_ALI_FAMILY = _folds("الثاني الحالي الماضي التالي الأهالي الأراضي المباني النادي الوادي")


def _ali_before_nisba(text: str, tokens: Sequence[Token], j: int) -> bool:
    """ "محمد على الشربينى": Egyptian outlets write the name علي as على; between a given name and a
    family nisba it is the father's name, not the preposition."""
    if j + 1 >= len(tokens) or text[tokens[j].end : tokens[j + 1].start].strip():
        return False
    nxt = tokens[j + 1].fold
    return (
        nxt.startswith("ال")
        and nxt.endswith("ي")
        and len(nxt) >= MIN_ALI_NISBA
        and nxt not in NOT_ALI_FAMILY
        and _nisba_entry(nxt[2:], _index().nisba) is None
    )


# Family names that open Korean, Chinese and Vietnamese names ("كيم جون هو", "وانغ لي مينغ").
EAST_ASIAN_FAMILIES = _folds(
    "كيم بارك تشوي جونغ كانغ يون تشو شين وانغ تشانغ ليو تشين تشن يانغ هوانغ تشاو لين نغوين تران فام"
)
EAST_ASIAN_MAX = 3  # family name and two syllables
SYLLABLE_LEN = 4
CLOSERS = ("،", ",", ".", ")", "(", "؛", ":")


def east_asian_tails(text: str, tokens: Sequence[Token], people: Sequence[_Match]) -> list[_Match]:
    """A name opened by an East Asian family name goes on over a short last syllable that the
    sentence closes right after ("المهندس كيم جون هو، أن …": هو is the name's, not a pronoun)."""
    out: list[_Match] = []
    for m in people:
        k = m.last
        if (
            m.etype != "person"
            or m.entry is not None
            or tokens[m.first].fold not in EAST_ASIAN_FAMILIES
            or m.last - m.first >= EAST_ASIAN_MAX
            or k >= len(tokens)
            or text[tokens[k - 1].end : tokens[k].start].strip()
        ):
            out.append(m)
            continue
        syllable = tokens[k]
        after = text[syllable.end : syllable.end + 2].strip()
        if not (syllable.fold.isalpha() and len(syllable.fold) <= SYLLABLE_LEN and after.startswith(CLOSERS)):
            out.append(m)
            continue
        name = m.name + text[tokens[k - 1].end : syllable.end]
        out.append(_Match.unlisted(name, "person", m.first, k + 1, m.start, syllable.end))
    return out
