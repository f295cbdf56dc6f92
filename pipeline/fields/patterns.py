"""Entities found by pattern: people after a title or before an apposition, media, places (organisations: orgs)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer.match import _covered, _index, _Match, _nisba_entry
from pipeline.fields.nameends import (
    BROKEN_PLURAL_LEN,
    COMPOUND_SECONDS,
    FAMILY_WORD,
    _adverbial,
    _ali_before_nisba,
    _plural_noun,
    _tafaala,
)
from pipeline.fields.orgs import (
    AL_FIRST_NAMES,
    NOT_NAME_WORDS,
    PLACE_CUES,
    _folds,
    _head,
    _verbal_noun,
    role_adjective,
)
from pipeline.fields.words import (
    APPOSITION_HEADS,
    COMPOUND_GIVEN_NAMES,
    FIRST_NAMES,
    MAX_NAME_TOKENS,
    MEDIA_CUES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    WAW_NAMES,
    Token,
    _is_nisba_word,
    _is_one_of,
    _strip_conj,
)

NETWORK = _folds("شبكة الشبكة")
MIN_CLITIC_ARTICLE = 3
POSSESSIVE_ENDS = ("ه", "ها", "هم", "هما", "هن")
MIN_POSSESSED = 3  # letters of a possessed noun ("معرضه"); "طه" is a name  # a clitic and the article take three letters: "فال" alone is a name


def _runs_on(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> bool:
    """The words after a name go on with a place or a definite complement (an organisation's name)."""
    if k >= len(tokens) or text[tokens[k - 1].end : tokens[k].start].strip():
        return False
    covered = _covered(found, k)
    return (covered is not None and covered.etype == "place") or tokens[k].fold.startswith("ال")


def _name_token_ok(tok: Token, prev: Token | None) -> bool:
    """Could `tok` be part of a person/media name (after `prev`, the name token before it)?

    An "ال" word is allowed after a name particle (عبد الله) or as a family name after a first
    name (محمد الحسيني), but not when it is a country adjective (الإيراني) or a stop word.
    """
    fold = tok.fold
    if fold in STOP_WORDS or fold in _THAT or not any(c.isalpha() for c in fold) or tok.raw == "على":
        return False  # "الشيخ خالد بن حمد آل ثاني بأن": بأن ends the name
    if prev is not None and fold in NAME_PARTICLES:
        return True  # "المختار ولد أجاي": ولد is a particle, not a conjunction
    if (
        fold in TITLE_WORDS
        and fold not in AL_FIRST_NAMES
        and fold not in FIRST_NAMES
        and (
            prev is None
            or (prev.fold not in NAME_PARTICLES and prev.fold not in FIRST_NAMES)
            or (prev.fold in FIRST_NAMES and not fold.startswith("ال"))  # "هاني يونس مستشار …"
        )
        # "بابكر ود الحاج", "كامل الوزير": after a particle or a first name it is the family name
    ):
        return False  # "الحاج", "الدكتور": a title before the name, not part of it
    if fold in NOT_NAME_WORDS or (fold[:1] == "ف" and fold[1:] in STOP_WORDS):
        return False  # "مجلس إدارة", "فذكر"
    if fold[:1] in ("ل", "ب") and (
        fold[1:] in TITLE_WORDS or fold[1:] in MEDIA_CUES or fold[1:] in NOT_NAME_WORDS
    ):
        return False  # "لرئيس الدولة", "فوشيه لصحيفة", "بوزارة": a preposition's complement, not a name
    if prev is not None and fold[:1] == "ي" and len(fold) >= 4 and fold not in FIRST_NAMES:
        return False  # "الرئيس عون يحاول", "موسى الصدر يوما": a present verb or an adverb ends the name
    if (
        prev is not None
        and prev.fold.startswith("ال")
        and fold[:1] in ("ب", "ل")
        and fold not in FIRST_NAMES
        and prev.fold not in COMPOUND_SECONDS  # "عبد القادر بوزيان": the name goes on
    ):
        return False  # "صالح الخرابشة بفتح تحقيق": a family name with the article ends the name
    if fold.startswith(("لل", "بال", "وال", "كال", "فال", "بالا")) and len(fold) > MIN_CLITIC_ARTICLE:
        return False  # a preposition + article: "للسماح", "بالأمس" (not the name "فال", "بلال")
    if (
        prev is not None
        and fold.startswith("فا")
        and len(fold) > 3
        and fold[1:] not in NAME_PARTICLES
        and fold not in FIRST_NAMES  # فايز، فارس، فادي، فاروق: names, no فـ + a verb
    ):
        return False  # "فأعرب", "فإن" after a name
    if fold.startswith("ال"):
        if prev is None:
            return fold in AL_FIRST_NAMES  # الحسين اليماني، الفاتح قرشي
        if (
            prev.fold not in NAME_PARTICLES
            and prev.fold not in AL_FIRST_NAMES
            and (
                (prev.fold.startswith("ال") and prev.fold not in COMPOUND_SECONDS)  # "عبد الله القحطاني"
                or (_nisba_entry(fold[2:], _index().nisba) is not None and prev.fold not in FIRST_NAMES)
            )
        ):
            return False  # "سالم الكندي", "محمد المصري": a family name after a first name
    return not (fold[0] == "و" and fold not in WAW_NAMES and len(fold) > 2)


def _compound_at(text: str, tokens: Sequence[Token], k: int) -> bool:
    """A compound given name of two words opens at k ("نور الدين", "سيف الإسلام"), or a given name
    and a divine name ("عوض الكريم", "شمس الدين")."""
    if k + 1 >= len(tokens) or text[tokens[k].end : tokens[k + 1].start].strip():
        return False
    first, second = tokens[k].fold, tokens[k + 1].fold
    return (first, second) in COMPOUND_GIVEN_NAMES or (
        second in COMPOUND_SECONDS
        and first not in NAME_PARTICLES
        and (first in FIRST_NAMES or first in COMPOUND_FIRSTS)
    )


COMPOUND_FIRSTS = frozenset(first for first, _ in COMPOUND_GIVEN_NAMES)


def _name_limit(text: str, tokens: Sequence[Token], k: int) -> int:
    """Words a name after a title may have without a particle: three, one more for a compound given
    name first or third ("حسام الدين فتحي عطية", "طارق فؤاد شمس الدين"; second, "حسن فضل الله" is
    the family name and the name ends) or after three known given names
    ("محمد علي سالم باعباد": the given, the father's and the grandfather's names)."""
    if _compound_at(text, tokens, k) or _compound_at(text, tokens, k + MAX_NAME_TOKENS - 1):
        return MAX_NAME_TOKENS + 1
    chain = tokens[k : k + MAX_NAME_TOKENS]
    if (
        len(chain) == MAX_NAME_TOKENS
        and all(t.fold in FIRST_NAMES and t.raw != "على" for t in chain)
        and all(not text[a.end : b.start].strip() for a, b in pairwise(chain))
    ):
        return MAX_NAME_TOKENS + 1
    return MAX_NAME_TOKENS


OUTLET_STARTS = ("لـ", "لصحيفة", "لوكالة", "لموقع", "لقناة", "لإذاعة")


def _visible_end(text: str, tokens: Sequence[Token], end: int) -> bool:
    """The name ends before token `end`: punctuation, إن/أن, a speech verb, an outlet, the end."""
    if end >= len(tokens):
        return True
    if text[tokens[end - 1].end : tokens[end].start].strip():
        return True
    nxt = tokens[end]
    if nxt.fold in TO_WORDS and end + 1 < len(tokens) and tokens[end + 1].fold in _THAT:
        return True  # "أشار … إلى أن"
    return nxt.fold in _THAT or nxt.raw.startswith(OUTLET_STARTS) or _strip_conj(nxt.fold) in SPEECH_VERBS


TO_WORDS = _folds("إلى الى")


def _tribe_shape(fold: str) -> bool:
    """ال + مفاعلة, the shape of tribal family names (المعايطة) and verbal nouns (المساعدة) alike."""
    return len(fold) == TRIBE_LEN and fold.startswith("الم") and fold[4] == "ا" and fold.endswith("ه")


TRIBE_LEN = 8


def _that_or_verb_after(tokens: Sequence[Token], end: int) -> bool:
    """إن/أن or a speech verb right after: the word before closed a name ("محمد المعايطة إن")."""
    return end < len(tokens) and (tokens[end].fold in _THAT or _strip_conj(tokens[end].fold) in SPEECH_VERBS)


def family_place(text: str, tokens: Sequence[Token], j: int, found: Sequence[_Match]) -> bool:
    """A one-word place of the gazetteer that is the family name closing a person's name: right
    after the name words, with إن/أن, a speech verb or an outlet after it ("محمد عبد المنعم قنديل إن");
    no country, no word in a name of its own."""
    m = _covered(found, j)
    if m is None or m.etype != "place" or m.first != j or m.last != j + 1 or m.entry is None:
        return False
    if m.entry.subtype == "country" or m.start != tokens[j].start:
        return False  # "وبغداد", "لمصر": a clitic opens a place, not a name
    if j + 1 >= len(tokens) or text[tokens[j].end : tokens[j + 1].start].strip():
        return False
    nxt = tokens[j + 1]
    return nxt.fold in _THAT or nxt.raw.startswith(OUTLET_STARTS) or _strip_conj(nxt.fold) in SPEECH_VERBS


BA_FAMILY_LENS = (5, 6)


def _ba_family(text: str, tokens: Sequence[Token], j: int) -> bool:
    """ "باعشن", "باوزير", "بامطرف": a Hadrami family name با + a name, where the name visibly ends
    (punctuation, إن/أن, the end), not بـ + a noun of the shape أفعال/إفعال (بأعمال، بإشراف، باتجاه)."""
    tok = tokens[j]
    fold = tok.fold
    if not fold.startswith("با") or len(fold) not in BA_FAMILY_LENS or fold[4] == "ا":
        return False
    if tok.raw.endswith(("ة", "ه", "ات")):
        return False
    if j + 1 >= len(tokens):
        return True
    gap = text[tok.end : tokens[j + 1].start].strip()
    return gap[:1] in (*_NAME_END, "(", ".") if gap else tokens[j + 1].fold in _THAT


def _forward_name(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> int:
    """Number of name tokens starting at k (0 when there is no name there)."""
    count = 0
    # "حسام الدين فتحي عطية": a compound given name of two words leaves room for three more
    limit = _name_limit(text, tokens, k)
    while k + count < len(tokens) and (
        count < limit
        or (
            count < MAX_NAME_TOKENS + MAX_CHAIN_NAME
            and any(tokens[j].fold in NAME_PARTICLES for j in range(k, k + count))
        )
    ):  # "محمد بن عبدالله القرقاوي": a name with بن/آل/عبد runs longer
        j = k + count
        if count and text[tokens[j - 1].end : tokens[j].start].strip():
            break
        if (
            count == MAX_NAME_TOKENS
            and limit > MAX_NAME_TOKENS
            and not any(tokens[n].fold in NAME_PARTICLES for n in range(k, j))
            and not _visible_end(text, tokens, j + 1)
        ):
            break  # a fourth word only where the name visibly ends: "علاء الدين حمدي الدروع التذكارية"
        if _covered(found, j) is not None:
            if count >= 2 and family_place(text, tokens, j, found):
                count += 1  # "الكابتن محمد عبد المنعم قنديل إن": a town's name as the family name
            break
        if (
            count
            and tokens[j].raw == "على"
            and tokens[j - 1].fold in FIRST_NAMES
            and _ali_before_nisba(text, tokens, j)
        ):
            count += 1  # "اللواء محمد على الشربينى": the name علي in Egyptian spelling
            continue
        if not _name_token_ok(tokens[j], tokens[j - 1] if count else None):
            break
        if count and _family_name(tokens[j - 1].fold) and not tokens[j].fold.startswith("ال"):
            break  # "شيروان الدوبرداني حصة": a family name with the article ends the name
        fold = tokens[j].fold
        if count >= 2 and _prepositional(fold) and not _ba_family(text, tokens, j):
            break  # "سلوى حمدي بزيادة المخصصات": a preposition and its noun after a full name
        if (
            count >= 2
            and fold[:1] in "لب"
            and fold not in FIRST_NAMES
            and not fold.startswith(("بو", "بن", "بل"))
            and not _ba_family(text, tokens, j)
        ):
            break  # "أيمن بن محمد لمدة أربع مباريات": لـ/بـ + a noun after a name of two words
        if (
            count >= 2
            and tokens[j].raw.endswith(POSSESSIVE_ENDS)
            and not tokens[j].raw.endswith(("يه", "اه"))
            and not fold.startswith("ال")  # "عبد الله": the article takes no possessive
            and fold not in FIRST_NAMES
            and len(fold) > MIN_POSSESSED
        ):
            break  # "الفنان حسين ماضي معرضه": a noun with "his/her/their" is the verb's object
        if count >= 2 and len(fold) == BROKEN_PLURAL_LEN and fold[2] == "ا" and fold[3] == "ي":
            break  # "الباحثة ريما خلف نتائج الدراسة": a broken plural (فعائل) after a full name
        if count and _adverbial(fold):
            break  # "عمرو موسى قادما من باريس", "جورج صليبا مقالا": a circumstantial accusative
        if count and _plural_noun(fold):
            break  # "الشيخ نهيان بن مبارك الفائزين": a definite plural is the verb's object
        if not count and _prepositional(fold) and not fold.startswith("بي"):
            break  # "الوزيرة بجهود متطوعي": بـ + a noun after a title, no name (بيشوا is one)
        if (
            not count
            and fold[:1] in "لب"
            and fold not in FIRST_NAMES
            and j + 1 < len(tokens)
            and not text[tokens[j].end : tokens[j + 1].start].strip()
            and (
                tokens[j + 1].fold.startswith("ال")
                or (_lam_noun(tokens[j]) and tokens[j + 1].raw.endswith("ة"))
            )
            and tokens[j + 1].fold not in NAME_PARTICLES
        ):
            break  # "المدير التنفيذي لقطاع البنية", "… لقطاع مكافحة الحريق": لـ/بـ + a noun in construct
        if (
            count
            and fold.startswith("ال")
            and _verbal_noun(fold[2:])
            and not (_tribe_shape(fold) and _that_or_verb_after(tokens, j + 1))
        ):
            break  # "كواسي أندري التسجيل": a verbal noun, the object of the sentence
        if count >= 2 and tokens[j - 2].fold == FAMILY_WORD and not fold.startswith(("بن", "ابن")):
            break  # "حمد بن علي آل ثاني الشكر": the family name closes the name
        if not count and _tafaala(tokens[j]):
            break  # "الرئيس تلقى برقية": a verb تفعّى, no name
        if not count and (_past_ifta_al(fold) or _verb_or_preposition(fold)):
            break  # "الفلاح اقترض", "المدير التنفيذي يُسأل", "بموجب": a verb or a preposition, no name
        count += 1
    return count


# بـ + a noun used as a preposition ("بموجب تفويض"): never the first word of a name (foreign names
# start with ب often enough: بيشوا، بوريس).
PREPOSITIONAL_NOUNS = _folds(
    "بموجب بسبب بفضل بشأن بخصوص بهدف بغية بقيمة بنسبة بمشاركة بحضور بمناسبة بواسطة برفقة بدعم بتهمة "
    "بتنفيذ بمقدار بأقل بأكثر بعدد لأي بأي لكل بكل لأن"
)


def _verb_or_preposition(fold: str) -> bool:
    """A present verb (يسأل، تطالب) or بـ/لـ + a noun (بموجب) opening what would be a name."""
    if fold in FIRST_NAMES:
        return False
    # ت + three letters is a name often enough (تامر، تامي، توني): a present verb from five letters on
    return (
        (fold[:1] == "ي" and len(fold) >= 4)
        or (fold[:1] == "ت" and len(fold) >= 5)
        or fold in PREPOSITIONAL_NOUNS
    )


def _past_ifta_al(fold: str) -> bool:
    """افتعل: "اقترض", "انتقد", "اعتبر" (a verb, not a first name)."""
    return len(fold) == 5 and fold[0] == "ا" and fold[2] == "ت" and fold not in FIRST_NAMES


def _prepositional(fold: str) -> bool:
    """بـ/لـ + a noun ("بزيادة", "لتطوير"), not a family name (بوشهاب، بلحاج، بن، لعمامرة)."""
    if fold in FIRST_NAMES or fold.startswith(("بو", "بل", "بن", "لع")):
        return False
    return (fold[:1] == "ب" and len(fold) >= 5) or (fold[:1] == "ل" and len(fold) >= 6)


def _family_name(fold: str) -> bool:
    """An "ال" word that ends a name: not a first name (الفاتح), a compound's second word (عبد
    الرحمن) or a particle (آل)."""
    return (
        fold.startswith("ال")
        and fold not in AL_FIRST_NAMES
        and fold not in COMPOUND_SECONDS
        and fold not in NAME_PARTICLES
        and fold not in FIRST_NAMES  # "إلياس", "ألبير", "إلهام": a hamza's alif folds to ال
    )


MAX_CHAIN = 3
MAX_CHAIN_NAME = 4  # name words a chain of بن/آل may add beyond MAX_NAME_TOKENS
BISM = fold_arabic("باسم")
# Titles of expertise followed by their field: "الباحث في الشؤون الاستراتيجية كريم بيضون".
EXPERTS = _folds("الباحث الباحثة الخبير الخبيرة المحلل المحللة الأستاذ الأستاذة المتخصص المتخصصة")


def _construct_chain(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> int:
    """Indefinite nouns in construct after a title, ending on a definite word or an organisation or
    place ("رئيس مجلس النواب", "رئيس مجلس مفوضي سلطة منطقة العقبة"): their number, 0 when none."""
    j = k
    while j < len(tokens) and j - k < MAX_CHAIN:
        if j > k and text[tokens[j - 1].end : tokens[j].start].strip():
            return 0
        fold = tokens[j].fold
        covered = _covered(found, j)
        if j > k and (fold.startswith("ال") or (covered is not None and covered.etype != "person")):
            return j - k
        if (
            covered is not None
            or fold.startswith("ال")
            or fold in FIRST_NAMES
            or fold in STOP_WORDS
            or not fold.isalpha()
        ):
            return 0
        j += 1
    return 0


def _al_first_name(text: str, tokens: Sequence[Token], k: int) -> bool:
    """ "الفاتح قرشي", "الصادق المهدي" after a role: a first name written with the article, then a name."""
    if k + 1 >= len(tokens) or text[tokens[k].end : tokens[k + 1].start].strip():
        return False
    nxt = tokens[k + 1]
    return nxt.fold not in AL_FIRST_NAMES and _name_token_ok(nxt, tokens[k]) and not _is_nisba_word(nxt.fold)


def _adjective_title(text: str, tokens: Sequence[Token], i: int) -> bool:
    """ "الندوة الصحفية", "المؤتمر الصحفي": a title word agreeing with the definite noun before it
    is its adjective, no title before a name."""
    if i == 0 or not _is_nisba_word(tokens[i].fold) or text[tokens[i - 1].end : tokens[i].start].strip():
        return False
    prev = tokens[i - 1].fold
    return prev.startswith("ال") and prev not in TITLE_WORDS


# Kinship words among the titles: one word after them is a name only when it is a given name
# ("زوجته ليلى", not "زوجها معتقل", "ابنة الثالثة عشرة").
KIN_WORDS = _folds("زوجته زوجها شقيقه شقيقته والده والدته ابنه ابنته")
# Titles that are also common nouns (الفريق "the team"): a name after them opens with a first name.
AMBIGUOUS_TITLES = _folds("الفريق")


def _title_name_ok(title: Token, first: Token) -> bool:
    return _strip_conj(title.fold) not in AMBIGUOUS_TITLES or first.fold in FIRST_NAMES | NAME_PARTICLES


def _lam_noun(tok: Token) -> bool:
    """لـ + a noun inside what would be a name ("لقطاع"): no name word (لؤي، لطيفة، لعمامرة are)."""
    fold = tok.fold
    return (
        fold[:1] == "ل" and len(fold) > MIN_LAM_NOUN and fold not in FIRST_NAMES and not fold.startswith("لع")
    )


MIN_LAM_NOUN = 3


def _pattern_person(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Persons introduced by a title/role, or named before an apposition ("X Y، نائب وزير ...")."""
    out: list[_Match] = []
    taken: set[int] = set()

    def add(first: int, last: int) -> None:
        if any(k in taken for k in range(first, last)):
            return
        surface = text[tokens[first].start : tokens[last - 1].end]
        out.append(_Match.unlisted(surface, "person", first, last, tokens[first].start, tokens[last - 1].end))
        taken.update(range(first, last))

    for i, tok in enumerate(tokens):
        if (
            _is_one_of(tok.fold, TITLE_WORDS)
            and _covered(found, i) is None
            and not _adjective_title(text, tokens, i)
        ):
            k = i + 1
            skipped = 0
            # Complements of the title: "وزير الخارجية الإيراني", "المتحدث باسم الجيش", a country or org.
            while k < len(tokens) and skipped < 7 and not text[tokens[k - 1].end : tokens[k].start].strip():
                covered = _covered(found, k)
                fold = tokens[k].fold
                after_bism = k > i + 1 and tokens[k - 1].fold == BISM  # "المتحدث باسم حكومة الإقليم"
                chain = (
                    _construct_chain(text, tokens, k, found)
                    if ((k == i + 1 and not tok.fold.startswith("ال")) or after_bism) and covered is None
                    else 0
                )
                if covered is not None and covered.etype in ("place", "organization"):
                    k = covered.last
                elif (
                    fold in ("في", "عن")
                    and k + 1 < len(tokens)
                    and (
                        _covered(found, k + 1) is not None
                        or (
                            fold == "في"
                            and _strip_conj(tok.fold) in EXPERTS
                            and tokens[k + 1].fold.startswith("ال")
                        )
                        or (
                            _head(tokens[k + 1], PLACE_CUES)
                            and k + 2 < len(tokens)
                            and _covered(found, k + 2)
                        )
                    )
                ):
                    k += 1  # "مدير الشؤون السياسية في محافظة إدلب", "النائب عن الحزب", "الباحث في الشؤون"
                elif (
                    _head(tokens[k], PLACE_CUES) is not None
                    and k + 1 < len(tokens)
                    and _covered(found, k + 1)
                ):
                    k += 1
                elif chain:
                    k += chain  # idafa complement: "رئيس مجلس النواب", "رئيس مجلس مفوضي سلطة …"
                    skipped += chain - 1
                elif fold in AL_FIRST_NAMES and _al_first_name(text, tokens, k):
                    break  # "المتحدث باسم القوات الفاتح قرشي": the name starts here
                elif (
                    fold.startswith(("ال", "وال"))
                    or (
                        fold.startswith("لل")
                        and k + 1 < len(tokens)
                        and tokens[k + 1].fold.startswith(("ال", "وال"))
                    )
                    or fold in ("باسم", "لشوون", "شوون")
                    or _is_one_of(fold, TITLE_WORDS)
                    or (k == i + 1 and role_adjective(tok.fold, fold))  # "مستشار جماعي"
                ):
                    k += 1
                else:
                    break
                skipped += 1
            if (
                k > i + 1
                and k < len(tokens)
                and text[tokens[k - 1].end : tokens[k].start].strip() in ("،", ",")
            ):
                count = _forward_name(text, tokens, k, found)  # the name set off by commas after the role
                after = k + count
                if (
                    count >= 2
                    and after < len(tokens)
                    and text[tokens[after - 1].end : tokens[after].start].strip() in ("،", ",")
                ):
                    add(k, after)
            elif k < len(tokens) and not text[tokens[k - 1].end : tokens[k].start].strip():
                count = _forward_name(text, tokens, k, found) if _title_name_ok(tok, tokens[k]) else 0
                after = k + count
                if (
                    count >= 2
                    or (
                        count == 1
                        and (
                            tokens[k].fold[:1] not in "لب" or tokens[k].fold in FIRST_NAMES
                        )  # "الجماعي لتاغزيرت،"
                        and (_strip_conj(tok.fold) not in KIN_WORDS or tokens[k].fold in FIRST_NAMES)
                        and (
                            after >= len(tokens)
                            or text[tokens[after - 1].end : tokens[after].start].strip()
                            or tokens[after].fold in STOP_WORDS
                            or tokens[after].raw == "على"
                        )
                    )
                ):
                    add(k, k + count)
        if _is_one_of(tok.fold, APPOSITION_HEADS) and i >= 2:
            gap = text[tokens[i - 1].end : tok.start]
            if gap.strip() not in ("،", ","):
                continue
            first = i
            while first > 0 and (
                i - first < MAX_NAME_TOKENS
                or (
                    (tokens[first].fold in NAME_PARTICLES or tokens[first - 1].fold in NAME_STARTS)
                    and i - first < MAX_NAME_TOKENS + MAX_CHAIN_NAME
                )  # "عبد الله بن محمد الشهري، مدير": عبد opens the name
            ):
                prev = tokens[first - 1]
                if _covered(found, first - 1) is not None or (
                    first < i and text[prev.end : tokens[first].start].strip()
                ):
                    break
                before = tokens[first - 2] if first >= 2 else None
                if not _name_token_ok(prev, before):
                    break
                first -= 1
            if i - first >= 2 and not any(_lam_noun(t) for t in tokens[first:i]):
                add(first, i)  # (not "العام لقطاع مكافحة الحريق، اللواء": a role's complement)
    return out


NAME_STARTS = _folds("عبد أبو")
MAX_ROLE_TOKENS = 14  # words between a speech verb and its إن/أن that may hold a role and a name
SPEECH_VERBS = _folds(
    "قال قالت أكد أكدت أوضح أوضحت أضاف أضافت أشار أشارت ذكر ذكرت صرح صرحت شدد شددت اعتبر اعتبرت "
    "رأى رأت أعلن أعلنت بين بينت كتب كتبت يقول تقول يؤكد تؤكد يرى ترى"
)
_THAT = _folds("إن أن إنه أنه إنها أنها بأن")
_NAME_END = ("،", ",", ":")
