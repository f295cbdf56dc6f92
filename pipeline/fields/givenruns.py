"""People named anywhere by a known given name and the name words after it.

Arabic writes a person's name as given name, father's name and family name. A run that opens with
a given name of the lexicon (pipeline/fields/gazetteer/given_names.txt) and goes on with another
given name ("شريف عبد الرؤوف", "هالة زيدان"), a particle and its word ("سميرة بنت سالم الهنائية",
"خالد أبو زيد"), or a family name with the article ("نايف الخوالدة") is a person wherever it stands,
with no title or speech verb around it. A bare word that is in no list ("وسيم برهوم") counts as the
family name only where the name visibly ends (punctuation, إن/أن, a speech verb, a role, a
function word) or when it has a Maghrebi family shape (بوعلام، بلحاج).

Given names that are also common words (حسن "good", مالك "owner", صالح "in favour of", the
"?" names of the lexicon) open a run only with a particle after them ("سعيد بن سالم") or as the
first word of a compound ("نور الدين", "سيف الإسلام").
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.cuepatterns import (
    COUNT_WORDS,
    _verb_shape,
)
from pipeline.fields.fullnames import _plain_word
from pipeline.fields.gazetteer.match import _covered, _index, _Match, _nisba_entry
from pipeline.fields.nameends import COMPOUND_SECONDS, _adverbial, _ali_before_nisba
from pipeline.fields.names import NOT_NISBAS, WORD_FIRST_NAMES
from pipeline.fields.orgs import AL_FIRST_NAMES, DIRECTION_WORDS, NOT_NAME_WORDS, _verbal_noun
from pipeline.fields.patterns import (
    _THAT,
    PREPOSITIONAL_NOUNS,
    SPEECH_VERBS,
)
from pipeline.fields.words import (
    APPOSITION_HEADS,
    COMPOUND_GIVEN_NAMES,
    FIRST_NAMES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    WAW_NAMES,
    WORD_GIVEN_NAMES,
    Token,
    _raw_offset,
    _strip_conj,
    clitic_variants,
)

# Given names that are common words in running text too: "حسن النية", "مالك العقار", "في صالح
# الشعب", "كامل الأراضي", "قاسم مشترك", "عمر المبنى", "رائد الفضاء", "مختار القرية", "وفد تركي".
_COMMON_GIVEN = (
    "عمر حسن مالك صالح كامل قاسم نادر رائد سالم حافظ خليفة مختار فارس كريم صابر حمد يحيى فاضل عادل "
    "شريف نبيل منير جمال جميل وحيد مؤمن مجيد عزيز تركي جيب جيل بارون هانتر رمزي نوري فوزي عوني ناجي "
    "نجم بدر زاهر غالب ضاري أديب أسعد أكرم أنور حسام عماد ضياء صلاح بهاء سلام وسام خلف هادي"
)
COMMON_GIVEN = frozenset(fold_arabic(w) for w in _COMMON_GIVEN.split())
MAX_RUN = 5
GRANDFATHER_AT = 3  # name words before a given name that is also a word and still goes on a name
MIN_NISBA = 5
BROKEN_PLURAL_LEN = 5
FEMININE_VERB_LEN = 4
# Article words that follow a noun, never a family name ("نعيمة عاكف العديد من").
_NOT_FAMILY = "العديد الكثير البعض الجميع الآخر الأخرى الآخرين العام الخاص الأول الثاني الأخير الجديد"
NOT_FAMILY = frozenset(fold_arabic(w) for w in _NOT_FAMILY.split())
PLURAL_ENDS = ("ين", "ون")
PRONOUN_ENDS = ("ه", "ها", "هم", "هما", "كم", "نا")
MAGHREBI_STARTS = ("بو", "بل", "بن")
MAGHREBI_LEN = 5
SHORT_NOUN_LEN = 5
BINT = fold_arabic("بنت")
MIN_AL_NISBA = 6
BA_NAME_LEN = 5
PATRONYM_PARTICLES = frozenset(fold_arabic(w) for w in ("بن", "بنت", "ابن", "ولد", "ود"))
ALA = "على"
SECOND_WORDS = COMPOUND_SECONDS | frozenset(second for _, second in COMPOUND_GIVEN_NAMES)
_COMPOUND_FIRSTS = frozenset(first for first, _ in COMPOUND_GIVEN_NAMES)


# Titles that are family names too, after a given and a father's name where the name ends.
FAMILY_TITLES = frozenset(fold_arabic(w) for w in ("الشيخ", "السيد"))


def _nisba_after(text: str, tokens: Sequence[Token], j: int, found: Sequence[_Match]) -> bool:
    """A family nisba at j, joined to the name before it ("الصفاقسي", "الحلبي")."""
    if j >= len(tokens) or not _joined(text, tokens, j) or _covered(found, j) is not None:
        return False
    fold = tokens[j].fold
    return fold.endswith("ي") and len(fold) >= MIN_AL_NISBA and _family_word(fold)


TRIBE_LEN = 8  # ال + مفاعلة: "المعايطة", "المجالية"


def _tribe_plural(fold: str) -> bool:
    """ "المعايطة", "الحباشنة"-like family names of the shape ال + مفاعلة, which verbal nouns share
    (المساعدة): a family name only where the name visibly ends after it ("محمد المعايطة إن")."""
    return len(fold) == TRIBE_LEN and fold.startswith("الم") and fold[4] == "ا" and fold.endswith("ه")


def _closed_name(text: str, tokens: Sequence[Token], end: int) -> bool:
    """إن/أن, a speech verb or a bracket (an age) right after the name: an object noun is followed by
    anything else ("وقدم محمد المساعدة، ثم غادر")."""
    if end >= len(tokens):
        return False
    if not _joined(text, tokens, end):
        return text[tokens[end - 1].end : tokens[end].start].strip()[:1] == "("
    fold = tokens[end].fold
    return fold in _THAT or _strip_conj(fold) in SPEECH_VERBS


def _strong(fold: str) -> bool:
    """A given name that opens a run on its own: in the lexicon, no common word, no nationality,
    not the shape of a feminine past verb (رفعت "she raised", حكمت, مدحت, طلعت)."""
    return (
        fold in FIRST_NAMES
        and not (len(fold) == FEMININE_VERB_LEN and fold.endswith("ت"))
        and not _verbal_noun(fold)  # تحسين، تيسير، توفيق: "تحسين الرواتب"
        and not (fold[:1] in "لب" and fold[1:] in COMMON_GIVEN)  # لحسن: "لحسن الحظ"
        and fold not in COMMON_GIVEN
        and fold not in WORD_FIRST_NAMES
        and fold not in WORD_GIVEN_NAMES
        and _nisba_entry(fold, _index().nisba) is None
    )


def _joined(text: str, tokens: Sequence[Token], j: int) -> bool:
    return not text[tokens[j - 1].end : tokens[j].start].strip()


def _family_word(fold: str) -> bool:
    """An article word that can be a family name after a given name: not a function word, a verbal
    noun, a direction, a common nisba that is no surname (النادي، الماضي)."""
    return (
        fold.startswith("ال")
        and len(fold) >= 4
        and fold.isalpha()
        and fold not in STOP_WORDS
        and fold not in TITLE_WORDS
        and fold not in NOT_NISBAS
        and fold not in NOT_NAME_WORDS
        and fold[2:] not in DIRECTION_WORDS
        and fold not in COUNT_WORDS
        and not _verbal_noun(fold[2:])
        and fold not in SECOND_WORDS
        and fold not in NOT_FAMILY
        and not (fold.startswith(("الت", "الل")) and not fold.endswith("ي"))  # التنمية، اللجنة
    )


# بـ + a noun used as an adverb after a speaker's name ("قال أحمد بصراحة إن"): no family name.
_BA_ADVERBS = (
    "بصراحة بوضوح بسرعة بشدة بحزم بقوة بدقة بجدية بنجاح بشكل بصورة بطريقة بحسب بوصفه بوصفها "
    "بدوره بدورها بنفسه بنفسها بمرارة بحسرة بفخر بثقة بهدوء بحماس"
)
BA_ADVERBS = frozenset(fold_arabic(w) for w in _BA_ADVERBS.split())


def _maghrebi(tok: Token) -> bool:
    """A Maghrebi family name: بو/بل/بن + a name of five letters or more (بوعلام، بلعيد، بنكيران), not
    a preposition's noun (بنتيجة، بلدية: ة) or a verb (بلغت)."""
    fold = tok.fold
    return (
        fold not in BA_ADVERBS
        and fold.startswith(MAGHREBI_STARTS)
        and len(fold) >= MAGHREBI_LEN
        and not tok.raw.endswith(("ة", "ت", "ه", "ها", "نا"))
        and (fold.startswith("بو") or not _verb_shape(fold))
    )


def _ba_name(fold: str) -> bool:
    """A family name opening with ب (بدران، بركات، بشارة), not بـ + a noun (ببعض، بتحقيق، بالأمس):
    the caller still wants the name to end visibly after it."""
    return (
        fold[0] == "ب"
        and len(fold) >= BA_NAME_LEN
        and fold[1] not in "بال"
        and not _verbal_noun(fold[1:])
        and fold not in PREPOSITIONAL_NOUNS
        and fold not in BA_ADVERBS
        and not fold.startswith(("بين", "بعد", "بعض", "بكل", "بما", "بان", "بنا", "بها"))
        and fold not in STOP_WORDS
        and fold not in NOT_NAME_WORDS
    )


def _bare_word(tok: Token) -> bool:
    """A word in no list that may be a family name: no conjunction, plural, pronoun suffix or verb."""
    fold, raw = tok.fold, tok.raw
    if fold in FIRST_NAMES:
        return True
    return (
        len(fold) >= 3
        and (_plain_word(fold, raw) or (_ba_name(fold) and _plain_word("x" + fold[1:], raw)))
        and fold[0] != "و"
        and not (fold[0] in "بلك" and not _maghrebi(tok) and not fold.endswith("ي") and not _ba_name(fold))
        and not fold.endswith(("ا", "ات", *PLURAL_ENDS))
        and not (len(fold) == BROKEN_PLURAL_LEN and fold[2] == "ا" and fold[3] == "ي")  # نتائج، وسائل
        and not raw.endswith(PRONOUN_ENDS)
        and not _verb_shape(fold)
        and fold not in COUNT_WORDS
        and fold not in APPOSITION_HEADS
        and _nisba_entry(fold, _index().nisba) is None
    )


def _ends_here(text: str, tokens: Sequence[Token], end: int) -> bool:
    """The sentence visibly ends the name at `end`: punctuation, the end, إن/أن, a speech verb, a
    role or title, a function word, a verb."""
    if end >= len(tokens):
        return True
    if not _joined(text, tokens, end):
        return True
    fold = tokens[end].fold
    if fold[0] == "و" and len(fold) > 3 and fold not in FIRST_NAMES and fold not in WAW_NAMES:
        return True  # "جان بيار حداد وميشيل": a conjunction opens the next word
    if fold.startswith(("بال", "لل", "فال", "كال")) or _adverbial(fold):
        return True  # "فاطمة الزهراء كاردادي بالميدالية", "يوسف دراغمة مزارعا"
    return (
        fold in _THAT
        or fold in STOP_WORDS
        or _strip_conj(fold) in SPEECH_VERBS
        or _strip_conj(fold) in TITLE_WORDS
        or _strip_conj(fold) in APPOSITION_HEADS
        or tokens[end].raw == ALA
    )


def _given_at(text: str, tokens: Sequence[Token], k: int, fold: str) -> tuple[int, bool]:
    """(words, strong) of a given name opening at k (`fold`: token k without its clitics): a
    compound (2 words, strong) or a lexicon name."""
    if tokens[k].raw == ALA:
        return 0, False
    if (
        k + 1 < len(tokens)
        and _joined(text, tokens, k + 1)
        and (fold, tokens[k + 1].fold) in COMPOUND_GIVEN_NAMES
    ):
        return 2, True  # "نور الدين", "سيف الإسلام", "عبد الله"
    if fold in FIRST_NAMES or fold in WORD_GIVEN_NAMES:
        return 1, _strong(fold)
    if fold in AL_GIVEN:
        return 1, False  # "الحبيب الجملي", "المعتصم محمد أحمد": the caller wants evidence after it
    return 0, False


# Given names written with the article that open a run with evidence after them (not العربي،
# الأمين، المختار: an adjective, a secretary, a headman as often).
AL_GIVEN = AL_FIRST_NAMES - frozenset(fold_arabic(w) for w in ("العربي", "الأمين", "المختار"))


def _al_given_ok(text: str, tokens: Sequence[Token], k: int, kinds: list[str]) -> bool:
    """ "الحسين العلوي", "الطيب بلعربي", "المهدي بن علي الزين", "الهادي محمد صالح": a given name
    with the article names a person before a particle, a given name, a Maghrebi family name, or a
    family nisba that is no country's adjective, when no definite noun comes right before it (the
    name would be its adjective: "الخلق الحسن")."""
    if k > 0 and _joined(text, tokens, k) and tokens[k - 1].fold.startswith("ال"):
        return False
    if kinds[0] in ("particle", "given", "maghrebi"):
        return True
    nisba = tokens[k + 1].fold
    return (
        kinds[0] == "family"
        and nisba.endswith("ي")
        and len(nisba) >= MIN_AL_NISBA
        and nisba not in NOT_NISBAS
        and _nisba_entry(nisba[2:], _index().nisba) is None
    )


def _after_role(text: str, tokens: Sequence[Token], k: int, kinds: list[str]) -> bool:
    """A word-name followed by a given or family name right after a definite noun or a title
    ("الطفلة جنى محمود", "النائبين عامر الفايز"): the noun is the person's role. A word-name before
    a Maghrebi family name ("جميلة بوحيرد") anywhere."""
    if kinds[0] == "maghrebi":
        return True  # "جميلة بوحيرد": a family name of a Maghrebi shape names a person anywhere
    if k == 0 or not _joined(text, tokens, k):
        return False
    if kinds[0] == "given" and _strip_conj(tokens[k - 1].fold) in SPEECH_VERBS:
        return True  # "وقال شريف إسماعيل للصحفيين"
    if kinds[0] == "family":  # only a family nisba: "المتحدث باسم الحكومة" names nobody
        nisba = tokens[k + 1].fold
        if not (
            nisba.endswith("ي")
            and len(nisba) >= MIN_NISBA
            and _nisba_entry(nisba[2:], _index().nisba) is None
        ):
            return False
    elif kinds[0] != "given":
        return False
    prev = tokens[k - 1].fold
    return (prev.startswith("ال") and prev not in STOP_WORDS) or _strip_conj(prev) in TITLE_WORDS


def _run(
    text: str, tokens: Sequence[Token], k: int, fold: str, found: Sequence[_Match], strong: bool = False
) -> int:
    """Words of a person's name opening at k with a given name, 0 when there is none (`strong`: the
    given name opens a run even when it is also a word)."""
    g, known = _given_at(text, tokens, k, fold)
    strong = strong or known
    opener = fold
    if not g:
        return 0
    j = k + g
    kinds: list[str] = []
    compound_second = False
    daughter = False
    grandfather = False  # a word-name went on the name: only a nisba follows it ("… عطية الأبيض")
    held = _covered(found, j) if j < len(tokens) and _joined(text, tokens, j) else None
    if (
        held is not None
        and held.etype == "person"
        and held.entry is None
        and held.first == j
        and tokens[j].fold in NAME_PARTICLES
    ):
        return held.last - k  # "نور الهدى | بن سالم": the name found from بن on is hers
    while j < len(tokens) and j - k < MAX_RUN and _joined(text, tokens, j) and _covered(found, j) is None:
        tok = tokens[j]
        fold = tok.fold
        goes_on, compound_second = compound_second, False
        if fold in NAME_PARTICLES and j + 1 < len(tokens) and _joined(text, tokens, j + 1):
            nxt = tokens[j + 1]
            if _covered(found, j + 1) is not None:
                break
            if nxt.fold.startswith("ال") and (nxt.fold in SECOND_WORDS or _family_word(nxt.fold)):
                kinds.append("particle")
                j += 2
                if nxt.fold not in SECOND_WORDS:
                    break  # "أبو الغيط", "آل ثاني": the family name closes the name
                compound_second = True  # "عبد الرحمن": a given name, the name goes on
                continue
            daughter = fold == BINT
            if _bare_word(nxt):
                kinds.append("particle")
                # "بن سالم": a father, the name goes on ("أبو ليلى" is a family name: it ends)
                compound_second = nxt.fold in FIRST_NAMES and fold in PATRONYM_PARTICLES
                j += 2
                continue
            break
        if tok.raw == ALA and not _ali_before_nisba(text, tokens, j):
            break
        if fold in FIRST_NAMES:
            kinds.append("given")
            j += 1
            continue
        if fold in WORD_GIVEN_NAMES and j - k >= GRANDFATHER_AT and kinds and kinds[-1] == "given":
            kinds.append("given")  # "حسام الدين فتحي عطية": a word-name after two name words is one
            j += 1
            grandfather = True
            continue
        if fold.startswith("ال"):
            # after an unknown word or a particle's family name ("أبو سمرة"), only a nisba goes on
            after_family = (bool(kinds) and kinds[-1] in ("bare", "particle") and not goes_on) or grandfather
            tribe = _tribe_plural(fold) and _closed_name(text, tokens, j + 1)
            if (_family_word(fold) or fold in AL_FIRST_NAMES or tribe) and (
                not after_family or fold.endswith("ي") or (fold.endswith("يه") and daughter)
            ):  # "… بن حمد الحارثي"; a woman's "… بنت سيف العامرية"
                kinds.append("family")
                j += 1
                if fold in AL_FIRST_NAMES and _nisba_after(text, tokens, j, found):
                    kinds.append("family")  # "محمد الهادي الصفاقسي": a second given name, then the family
                    j += 1
            elif fold in FAMILY_TITLES and kinds and kinds[-1] == "given" and _ends_here(text, tokens, j + 1):
                kinds.append("family")  # "رنا يوسف الشيخ، التي": a title word as the family name
                j += 1
            break
        if _bare_word(tok):
            kinds.append("maghrebi" if _maghrebi(tok) else "bare")
            j += 1
            if (
                fold.endswith("عبد")
                and j < len(tokens)
                and _joined(text, tokens, j)
                and tokens[j].fold in SECOND_WORDS
            ):
                j += 1  # "بنعبد الله": a family name written on a compound
                kinds[-1] = "maghrebi"
            elif (
                j < len(tokens)
                and _joined(text, tokens, j)
                and tokens[j].fold in FIRST_NAMES
                and tokens[j].raw != ALA
                and _covered(found, j) is None
            ):
                kinds[-1] = "given"  # "كرار جبار حسين": a father's name in no list before a grandfather's
                continue
            break  # one word in no list at most, the last: "هيفاء يوسف جائزة أفضل" is no name
        break
    # a bare word in no list ends the name only where the sentence shows it
    while kinds and kinds[-1] == "bare" and not _ends_here(text, tokens, j):
        kinds.pop()
        j -= 1
    if not kinds:
        return 0
    if opener in AL_GIVEN:
        return j - k if _al_given_ok(text, tokens, k, kinds) else 0
    if not strong and g == 1 and kinds[0] != "particle":
        last = tokens[j - 1].fold
        if (
            len(kinds) > 1
            and kinds[-1] == "family"
            and len(last) == SHORT_NOUN_LEN
            and not last.endswith("ي")
        ):
            kinds.pop()  # "العداء حسن حسين الفوز": ال + three letters after a word-name is a noun
            j -= 1
        if not _after_role(text, tokens, k, kinds):
            return 0  # "سعيد" alone opens nothing: "سعيد بن سالم", "الطفلة جنى محمود" do
    return j - k


def _opening(fold: str, listed: bool = False) -> tuple[str, int] | None:
    """Token k as the opening of a name: itself, or a strong given name after و/ف/ل/ب ("وفاطمة",
    "لمجدي"), with the number of clitic letters; None when no name opens there. In a list of people
    (`listed`: a person right before "و") any given name does ("صالح العرموطي وعمر العياصرة")."""
    if fold in FIRST_NAMES or fold in WORD_GIVEN_NAMES or fold in _COMPOUND_FIRSTS or fold in AL_GIVEN:
        return fold, 0
    for variant, stripped in clitic_variants(fold)[1:]:
        if _strong(variant) or variant in _COMPOUND_FIRSTS:
            return variant, stripped
        if listed and stripped == 1 and fold[0] == "و" and variant in FIRST_NAMES:
            return variant, stripped
    return None


# Places and facilities named after a person: the name after them is theirs, no mention of the
# person ("مسجد عمر بن الخطاب", "شارع خالد بن الوليد", "قاعة عبد الحليم حافظ").
NAMED_AFTER = frozenset(
    fold_arabic(w)
    for w in [
        "مسجد",
        "جامع",
        "شارع",
        "طريق",
        "دوار",
        "ميدان",
        "ساحة",
        "حي",
        "قاعة",
        "جسر",
        "مطار",
        "ميناء",
        "قلعة",
        "جائزة",
        "مدرسة",
        "مستشفى",
        "جامعة",
        "مركز",
        "مؤسسة",
        "مجمع",
        "مدينة",
        "ضاحية",
        "نفق",
        "سد",
        "ملعب",
        "استاد",
        "صالة",
        "كلية",
        "معهد",
        "مكتبة",
        "متحف",
        "حديقة",
        "منتزه",
        "بوابة",
    ]
)


def _named_after(tokens: Sequence[Token], k: int) -> bool:
    return k > 0 and any(v in NAMED_AFTER for v, _ in clitic_variants(tokens[k - 1].fold))


def _person_before(found: Sequence[_Match], out: Sequence[_Match], k: int) -> bool:
    return any(m.etype == "person" and m.last == k for m in (*found, *out))


def find_given_name_runs(text: str, tokens: Sequence[Token], found: Sequence[_Match]) -> list[_Match]:
    """Persons opening with a known given name anywhere in the text (see the module docstring)."""
    out: list[_Match] = []
    k = 0
    n_tokens = len(tokens)
    while k < n_tokens - 1:
        listed = k > 0 and _joined(text, tokens, k) and _person_before(found, out, k)
        opening = _opening(tokens[k].fold, listed)
        if (
            opening is None
            or _covered(found, k) is not None
            or (k > 0 and _joined(text, tokens, k) and tokens[k - 1].fold in NAME_PARTICLES)
            or (_joined(text, tokens, k) and _named_after(tokens, k))
        ):
            k += 1
            continue
        fold, stripped = opening
        n = _run(text, tokens, k, fold, found, strong=listed and stripped == 1)
        if n >= 2:
            first = k
            if (
                not stripped
                and k > 0
                and _joined(text, tokens, k)
                and (tokens[k - 1].fold in AL_FIRST_NAMES or _strong(tokens[k - 1].fold))
                and _covered(found, k - 1) is None
                and _covered(out, k - 1) is None
            ):
                # "الطاهر عبد الرحيم حمدان", "محمد أمين بن عاشور": the given name before opens it
                first = k - 1
            start = tokens[first].start + _raw_offset(tokens[first].raw, stripped if first == k else 0)
            end = tokens[k + n - 1].end
            out.append(_Match.unlisted(text[start:end], "person", first, k + n, start, end))
            k += n
            continue
        k += 1
    return out
