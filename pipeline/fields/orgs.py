"""Organisation names found by pattern: a head noun ("وزارة", "هيئة", "شبكة") and its complements.

Also the vocabulary the person and place patterns share with it: organisation heads, place cues,
words that are never part of a person's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.gazetteer.match import _covered, _covered_span, _Match
from pipeline.fields.words import (
    COMPOUND_GIVEN_NAMES,
    FIRST_NAMES,
    STOP_WORDS,
    TITLE_WORDS,
    Token,
    _is_nisba_word,
    _raw_offset,
    _strip_conj,
    clitic_variants,
)


def _folds(words: str) -> frozenset[str]:
    return frozenset(fold_arabic(w) for w in words.split())


def role_adjective(title: str, word: str) -> bool:
    """An indefinite nisba after an indefinite role is its adjective, no name: "مستشار جماعي"."""
    return (
        not title.startswith("ال")
        and not word.startswith("ال")
        and word.endswith("ي")
        and len(word) >= 3
        and word not in FIRST_NAMES
        and word not in _folds("بني")
    )


# Heads of organisation names ("وزارة الانتقال الطاقي", "الهيئة العامة للاستثمار", "شبكة أطباء السودان").
ORG_HEADS = _folds(
    "وزارة هيئة مجلس منظمة مؤسسة شركة بنك مصرف صندوق برنامج لجنة نقابة جامعة اتحاد حزب حركة جبهة "
    "لواء كتيبة كتائب قوات مركز مرصد دائرة سلطة مفوضية شبكة ائتلاف تحالف مجموعة جمعية رابطة تجمع "
    "محكمة بلدية معهد كتلة رئاسة مديرية مندوبية حكومة بعثة مستشفى نادي ديوان نيابة أمانة مباحث "
    "مدرسة مكتب تعاونية مصنع معصرة مستوصف أكاديمية تكتل "
    # faculties, deanships, laboratories, embassies, national teams, chambers, commands, schools
    "كلية عمادة مخبر مختبر سفارة قنصلية منتخب غرفة قيادة إعدادية ثانوية جهاز وكالة"
)
# "الحكومة" alone or with an adjective is the government of the story, not a name.
# "المدرسة الابتدائية", "المكتب الفني": a named school or office is indefinite (مدرسة الوكير …).
DEFINITE_ORG_HEADS = frozenset(
    "ال" + h
    for h in ORG_HEADS
    - _folds("قوات كتائب حكومة مستشفى نادي مباحث مدرسة مكتب")
    - _folds("كلية غرفة قيادة ثانوية")  # the total, a room, leadership, secondary: adjectives or nouns
)
MIN_PARTS_BEFORE_NAME = 2
# Units of an organisation named with it: "بعثة الأمم المتحدة …", "مفوضية الاتحاد الأفريقي".
SUBUNIT_HEADS = _folds("بعثة مفوضية مديرية")  # "مديرية الدفاع المدني": a directorate of it
# Institutions named after a person: "مؤسسة محمد بن راشد للإسكان", "جامعة الملك سعود".
PERSON_NAMED_HEADS = _folds("مؤسسة جامعة مركز صندوق برنامج معهد مستشفى مدرسة مجموعة شركة")
ALL_ORG_HEADS = ORG_HEADS | DEFINITE_ORG_HEADS
# A single complement that does not make a name ("مركز الجامعة", "مجلس الوزارة").
GENERIC_COMPLEMENTS = _folds(
    "الجامعة الوزارة الحكومة المجلس الدولة البلاد المدينة العاصمة المنطقة الشركة الشركات المؤسسة "
    "الهيئة الحزب الحركة القطاع الإدارة النظام المعارضة الاحتلال المواطنين الشعب الجيش الأمن "
    "القرية البلدة الحي المخيم"
)
QUOTED_NAME_HEADS = _folds("شركة مجموعة حزب حركة جمعية منظمة")
# Words before a place name ("بلدة قلدون", "ولاية ماريلاند", "منفذ جديدة يابوس").
PLACE_CUES = _folds(
    "مدينة بلدة قرية منطقة محافظة ولاية مخيم منفذ معبر ميناء إقليم مقاطعة ناحية نهر جزيرة دوار وادي"
)
# Place nouns that are part of the place's own name ("وادي الحبيل", "وادي عربة").
NAMED_PLACE_CUES = _folds("وادي")
# Words that are never part of a person's name ("رئيس مجلس إدارة …" names no "مجلس إدارة").
# Past-tense verbs that follow a bare title ("الرئيس أمر برفع المنحة") are no name either.
NOT_NAME_WORDS = (
    ORG_HEADS
    | PLACE_CUES
    | _folds("إدارة عام العام دولة عدم")
    | _folds("حفظه حفظها رعاه ورعاه أيده أعزه يحفظه رحمه")  # "رئيس الدولة حفظه الله"
    | _folds("أمر وجه قرر طالب أصدر رفض وافق التقى استقبل زار ترأس غادر وصل شدد حذر أشاد")
    | _folds("قائلا قائلة قائلين مضيفا مضيفة مشيرا مشيرة مؤكدا مؤكدة معتبرا معتبرة موضحا موضحة")
)
# First names written with the article.
AL_FIRST_NAMES = _folds(
    "الحسين الحسن الصادق الفاتح الطيب المختار الهادي العربي المهدي الحبيب الطاهر المنصف الباجي الشاذلي "
    "الزبير المعتصم الأمين الخضر الوليد "
    "الصحبي المنجي المولدي البشير الجيلاني العياشي المصطفى"  # Maghrebi given names with the article
)
DIRECTION_WORDS = _folds("غرب شرق شمال جنوب غربي شرقي شمالي جنوبي قرب وسط شمالي جنوبي أقصى")
_QUOTED_NAME = re.compile(r"\s*[\"“«]([^\"”»]{2,40})[\"”»]")


def _head(tok: Token, heads: frozenset[str]) -> tuple[str, int] | None:
    first = tok.fold[:1]
    if not "\u0600" <= first <= "\u06ff":
        return None  # every head word is Arabic: a Latin word or a number is none (English pages)
    for variant, stripped in clitic_variants(tok.fold):
        if variant in heads:
            return variant, stripped
    return None


APPARATUS = _folds("جهاز الجهاز")
# What a جهاز of the state is named by ("الجهاز المركزي للتعبئة", "جهاز الأمن الوطني").
APPARATUS_NEXT = _folds("المركزي الوطني التنفيذي الأمن المخابرات الاستخبارات حماية تنظيم الرقابة الشرطة")
PURPOSE_LEN = 4  # لـ + a masdar of three letters (لخفض، لدعم، لرفع)
LAM_NOUNS = _folds("لجان لواء لقاء لوحة")  # nouns of four letters opening with ل, no لـ + a masdar
AGENCY = _folds("وكالة الوكالة")
CHAIR = fold_arabic("رئاسة")
BA_MASDARS = _folds("النهوض الارتقاء العناية التعريف")  # "جمعية النهوض بالمرأة"
AGENCY_LOOKAHEAD = 4
NEWS_WORDS = _folds("انباء الانباء للانباء اعلام الاعلام للاعلام صحافه الصحافه انباء")
CHAMBER = fold_arabic("غرفة")
FACULTY = fold_arabic("كلية")
# What a chamber is of ("غرفة تجارة وصناعة عدن"); any other غرفة is a room (غرفة العمليات).
CHAMBER_SECTORS = _folds("تجارة صناعة زراعة فلاحة ملاحة سياحة التجارة الصناعة الزراعة الفلاحة الملاحة")


def _chamber_or_faculty_ok(tokens: Sequence[Token], i: int, word: str) -> bool:
    """ "غرفة" heads a name only as a chamber of a sector; "كلية لل…" is "a faculty of …", no name."""
    nxt = tokens[i + 1].fold if i + 1 < len(tokens) else ""
    if word == CHAMBER:
        return nxt in CHAMBER_SECTORS
    if word == FACULTY:
        return not nxt.startswith("لل")
    if word in APPARATUS:
        return nxt in APPARATUS_NEXT  # "جهاز التكييف", "جهاز غسيل الكلى": a device
    if word in AGENCY:  # "الوكالة الإيطالية للتعاون الإنمائي"; a news agency is media, not this
        ahead = " ".join(t.fold for t in tokens[i + 1 : i + 1 + AGENCY_LOOKAHEAD])
        return not any(w in ahead for w in NEWS_WORDS)
    return True


def _pattern_org(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Organisations named by a head noun and its complements, not in the gazetteer.

    The name runs over definite words (with و), "لل…/ل…" complements, a construct noun right after
    an indefinite head and gazetteer places ("بنك الكويت المركزي"); it ends on the last definite word
    or place, before "في" + a place (where the body is: a place mention of its own). A head followed by a quoted name ("شركة "كاليون"") names that.
    """
    out: list[_Match] = []
    n = len(tokens)
    i = 0
    while i < n:
        head = _head(tokens[i], ALL_ORG_HEADS) or _institution_head(tokens, i) or _cued_head(tokens, i)
        if head is None or _covered(found, i) is not None:
            i += 1
            continue
        if head[0] == CHAIR and _strip_conj(tokens[i].fold).startswith("ب"):
            i += 1  # "برئاسة سليم العتوم": chaired by, no presidency
            continue
        if not _chamber_or_faculty_ok(tokens, i, head[0]):
            i += 1
            continue
        if _regional_branch(tokens, i):
            i += 2  # "المديرية الإقليمية للمكتب الوطني …": a branch, named by the body it belongs to
            continue
        word, stripped = head
        start = tokens[i].start + _raw_offset(tokens[i].raw, stripped)
        restore = "ا" if word.startswith("ال") and _strip_conj(tokens[i].fold).startswith("لل") else ""
        quoted = _QUOTED_NAME.match(text, tokens[i].end)
        if quoted and word in QUOTED_NAME_HEADS and _covered_span(found, quoted.start(1)) is None:
            name = quoted.group(1).strip()
            # the match spans the quoted words: a place among them is part of the name ("الواحة الزرقاء")
            last = max(i + 1, sum(1 for t in tokens if t.start < quoted.end(1)))
            out.append(_Match.unlisted(name, "organization", i, last, quoted.start(1), quoted.end(1)))
            i = last
            continue
        definite = word.startswith("ال")
        k, last_good, parts, open_construct, generic = i + 1, 0, 0, False, False
        named_after = False
        while k < n and not text[tokens[k - 1].end : tokens[k].start].strip():
            fold = tokens[k].fold
            bare = _strip_conj(fold)
            covered = _covered(found, k)
            if covered is not None:
                if covered.etype == "person" and k == i + 1 and not definite and word in PERSON_NAMED_HEADS:
                    k = last_good = covered.last  # "مؤسسة محمد بن راشد للإسكان": named after a person
                    parts += 1
                    continue
                if covered.etype == "organization" and k == i + 1 and not definite and word in SUBUNIT_HEADS:
                    k = last_good = covered.last  # "بعثة الأمم المتحدة لدعم اتفاق الحديدة": a unit of it
                    parts += 1
                    continue
                if (
                    covered.etype == "organization"
                    and covered.first == k
                    and parts
                    and fold.startswith("لل")
                    and covered.entry is not None
                ):
                    k = last_good = covered.last  # "منظمة الأغذية والزراعة للأمم المتحدة": the body's own
                    parts += 1
                    continue
                if (
                    covered.etype == "place"
                    and fold.startswith("ب")
                    and covered.start > tokens[k].start  # the ب is a clitic, not the name's ("بعلبك")
                    and not (covered.entry is not None and covered.entry.subtype == "country")
                ):
                    break  # "مجلس الوزراء بالعاصمة الإدارية": where it met, not part of its name
                if covered.etype != "place" or covered.first != k:
                    # a person right after a name of two complements or more ends it ("رئيس مجلس
                    # القيادة الرئاسي رشاد العليمي"); "رئيس مجلس النواب نبيه بري" is a role's title
                    keep = covered.etype == "place" or (
                        covered.etype == "person" and parts >= MIN_PARTS_BEFORE_NAME
                    )
                    last_good = last_good if keep else 0
                    break
                k = last_good = covered.last
                parts += 1
                continue
            royal = (
                _royal_name(tokens, k) if k == i + 1 and not definite and word in PERSON_NAMED_HEADS else 0
            )
            if royal:
                k = last_good = k + royal  # "مستشفى الأمير حمزة", "جامعة الملك فيصل": named after a royal
                parts += 1
                named_after = True
                continue
            if named_after and not fold.startswith("ل") and not _is_nisba_word(bare):
                break  # "جامعة الملك عبد العزيز الطالب …": after the person a لـ complement or an adjective
            named_after = False
            title = bare in TITLE_WORDS and not _is_nisba_word(bare)  # "الدائرة الإعلامية": an adjective
            stop = bare in STOP_WORDS and not (parts and bare in NAME_ADJECTIVES)  # "البنك السعودي الأول"
            if stop or title or not any(c.isalpha() for c in fold):
                if fold == "بلا" and k + 1 < n and parts:
                    k = last_good = k + 2  # "أطباء بلا حدود"
                    continue
                break  # "في دهوك" after a name says where the body is, the place is a mention of its own
            # after a complete complement, or a definite head (which takes adjectives only), a noun is
            # the verb's object: "مجلس النواب المنظومة", "الوزارة المواطنين"
            if (
                bare.startswith("ال")
                and (parts or definite)
                and bare == fold
                and not open_construct
                and _object_noun(fold)
            ):
                break
            if parts and bare == fold and tokens[k - 1].fold.endswith("يه") and _masculine_maful(fold):
                break  # "لجنة الشؤون الاقتصادية المشروع": a masculine word after a feminine nisba, the object
            if parts == 0 and definite and bare.startswith("ال") and _disagrees(word, bare):
                break  # "رئيس المؤسسة المكلف": the adjective agrees with رئيس, not with the head
            if parts == 0 and not open_construct and _not_a_name(word, bare, definite):
                last_good = 0
                break
            if (
                fold.startswith("ل")
                and not fold.startswith("لل")
                and _verbal_noun(fold[1:])
                and (
                    not (k + 1 < n and tokens[k + 1].raw.startswith(("ال", "وال")) and parts)
                    or any(t.fold.startswith("ل") for t in tokens[i + 1 : k])
                )
            ):
                break  # "كتلة نداء السودان لاعتماد آلية", "شركة الزيتونة للمقاولات لتنفيذ الأعمال": a
                # purpose clause ("لتسويق الحبوب" names one, unless a لـ complement came before)
            if (
                k == i + 1
                and not definite
                and fold.startswith("ل")
                and not fold.startswith("لل")
                and (len(fold) == PURPOSE_LEN or _verbal_noun(fold[1:]))
                and fold not in LAM_NOUNS
            ):
                break  # "لجنة لحصر الأضرار", "لجنة لتقصي الحقائق": a body for a purpose, no name
            if (
                k == i + 1
                and definite
                and not bare.startswith("ال")
                and _head(tokens[k], ORG_HEADS) is not None
            ):
                break  # "وشكلت البلدية لجنة …": the subject, then the body it formed
            if fold.startswith("بال") and parts and tokens[k - 1].fold in BA_MASDARS:
                k += 1  # "وكالة النهوض بالصناعة والتجديد": a masdar that takes بـ in the name
                last_good, parts = k, parts + 1
                continue
            before = _covered(found, k - 1)
            if (
                fold.startswith("ل")
                and not fold.startswith("لل")
                and len(fold) == PURPOSE_LEN
                and before is not None
                and before.etype == "place"
                and parts
            ):
                break  # "غرفة تجارة عمان لخفض الرسوم": the place closed the name, لـ + a masdar is a purpose
            if fold in FIRST_NAMES and before is not None and before.etype == "place" and k > i + 1:
                break  # "المجلس البلدي لمدينة مصراتة محمود السقوطري": the body's head, named after it
            if bare.startswith("ال") or fold.startswith("لل"):
                generic = parts == 0 and fold in GENERIC_COMPLEMENTS
                k += 1
                last_good, parts, open_construct = k, parts + 1, False
            elif fold.startswith("ل") and len(fold) > 3 and (parts or definite):
                k += 1
                open_construct = True
            elif k == i + 1 and word in TOWN_HEADS and _town_word(fold):
                k += 1  # "رئيس بلدية ببنين": a municipality is named by its town
                last_good, parts = k, parts + 1
            elif (
                _head(tokens[k - 1], PLACE_CUES)
                and k == i + 2
                and word in LOCAL_BODY_HEADS
                and _place_name_word(fold)
            ):
                k += 1  # "أمانة منطقة عسير": the place the body serves is part of its name
                last_good, parts = k, parts + 1
            elif (
                (k == i + 1 and not definite)
                or open_construct
                or _indefinite_chain(tokens, i, k, parts, definite, found)
            ):
                if _present_verb(fold):
                    break  # "حكومة تدير المناطق": a verb, not the head's complement
                if (
                    k > i + 1
                    and _head(tokens[k], ORG_HEADS) is not None
                    and not open_construct
                    and _strip_conj(tokens[k - 1].fold) not in MEMBERS_OF
                ):
                    break  # (after "أعضاء" the body is the members': "رابطة أعضاء هيئة التدريس")
                k += 1
            else:
                break
        if last_good and not (parts == 1 and generic):
            name = (
                restore + text[start : tokens[last_good - 1].end]
            )  # "للنقابة الوطنية" names النقابة الوطنية
            out.append(_Match.unlisted(name, "organization", i, last_good, start, tokens[last_good - 1].end))
            found = sorted([*found, out[-1]], key=lambda m: m.start)
            i = last_good
            continue
        i += 1
    return out


# Definite nouns that head a name only with an institutional adjective and a لل complement:
# "الإدارة الوطنية للتحكيم", "المكتب الوطني للكهرباء", "الإدارة العامة للمرور".
INSTITUTION_HEADS = _folds("الإدارة المكتب القسم المرصد")
INSTITUTION_ADJECTIVES = _folds(
    "الوطني الوطنية العام العامة الإقليمي الإقليمية الجهوي الجهوية المركزي المركزية الاتحادي الاتحادية"
)


def _institution_head(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    if i + 2 >= len(tokens):
        return None
    after = tokens[i + 2].fold
    if not (after.startswith("لل") or (after[:1] == "ل" and after[1:] in ORG_HEADS)):
        return None  # "الإدارة العامة للمرور", "الإدارة العامة لمباحث الأموال العامة"
    if _strip_conj(tokens[i + 1].fold) not in INSTITUTION_ADJECTIVES:
        return None
    return _head(tokens[i], INSTITUTION_HEADS)


# Nouns that head a unit's name only after the title of its head ("مدير إدارة العمالة المنزلية",
# "رئيس مصلحة الزراعة", "مسؤول بإدارة العلاج الحر"): elsewhere a verbal noun or a common word
# ("إدارة الأزمة", "مصلحة الوطن"). A قسم of a hospital or a firm is no body of its own.
CUED_HEADS = _folds("إدارة مصلحة")
HEAD_TITLES = _folds("مدير مديرة رئيس رئيسة مسؤول مسؤولة مسئول مسئولة عام")


def _cued_head(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    if i == 0 or i + 1 >= len(tokens) or not tokens[i + 1].fold.startswith("ال"):
        return None
    if _strip_conj(tokens[i - 1].fold) not in HEAD_TITLES:
        return None
    return _head(tokens[i], CUED_HEADS)


# Local bodies named with the region they serve ("أمانة منطقة عسير"); "حكومة إقليم كوردستان" is the place's.
LOCAL_BODY_HEADS = _folds("أمانة بلدية مديرية مجلس ديوان")
ROYAL_TITLES = _folds("الملك الملكة الأمير الأميرة الشيخ الشيخة السلطان الإمام الشهيد الشهيدة")
NAME_OPENERS = _folds("عبد أبو بن")
MAX_GIVEN_IN_NAME = 3


def _royal_name(tokens: Sequence[Token], k: int) -> int:
    """Tokens of a royal title and the name after it (0 when none): "الأمير حمزة", "الملك عبد الله";
    or of a given name and its بن chain ("مدرسة خليفة بن زايد": named after a person)."""
    j = k + 1
    while tokens[k].fold in FIRST_NAMES and j + 1 < len(tokens) and tokens[j].fold in ("بن", "بنت"):
        if not tokens[j + 1].fold.isalpha() or tokens[j + 1].fold.startswith(("ال", "لل")):
            break
        j += 2
    if j - k >= 3:
        return j - k
    given = 0
    if k + 2 < len(tokens) and (tokens[k].fold, tokens[k + 1].fold) in COMPOUND_GIVEN_NAMES:
        given = 2  # "مؤسسة عبد الله الغرير للتعليم": a compound given name and a family name
        if tokens[k + 2].fold.startswith("ال") and not tokens[k + 2].fold.startswith("لل"):
            return 3
    while k + given < len(tokens) and given < MAX_GIVEN_IN_NAME and tokens[k + given].fold in FIRST_NAMES:
        given += 1
    if given >= 2:  # "مجموعة طلعت مصطفى": a given name and a father's, named after a person
        return given
    if tokens[k].fold not in ROYAL_TITLES or k + 1 >= len(tokens):
        return 0
    name = tokens[k + 1].fold
    if name in AL_FIRST_NAMES:
        return 2  # "مؤسسة الملك الحسين", "مستشفى الأمير الحسن"
    if not name.isalpha() or name.startswith(("ال", "و", "لل")) or name in STOP_WORDS:
        return 0
    return 3 if name in NAME_OPENERS and k + 2 < len(tokens) else 2


TOWN_HEADS = _folds("بلدية")
TOWN_NOT_NAMES = _folds("جديدة كبرى صغيرة واحدة أخرى عدة كل")


def _town_word(fold: str) -> bool:
    """A bare word after بلدية that names its town (a town's name may start with ب or ل: ببنين)."""
    return (
        fold.isalpha()
        and not fold.startswith(("ال", "و"))
        and fold not in STOP_WORDS
        and fold not in TOWN_NOT_NAMES
        and len(fold) >= 3
        and not _present_verb(fold)
    )


REGIONAL_ADJECTIVES = _folds("الإقليمي الإقليمية الجهوي الجهوية")


def _regional_branch(tokens: Sequence[Token], i: int) -> bool:
    return (
        i + 2 < len(tokens)
        and (_head(tokens[i], ALL_ORG_HEADS) or ("", 0))[0].startswith("ال")
        and tokens[i + 1].fold in REGIONAL_ADJECTIVES
        and tokens[i + 2].fold.startswith("ل")
        and (_head(tokens[i + 2], ALL_ORG_HEADS) or _institution_head(tokens, i + 2)) is not None
    )


def _place_name_word(fold: str) -> bool:
    """A bare word that can name a place after منطقة/مدينة: no article, clitic, verb or function word."""
    return (
        fold.isalpha()
        and not fold.startswith(("ال", "و", "ب", "ل"))
        and fold not in STOP_WORDS
        and len(fold) >= 3
    )


# Definite adjectives of organisation names that are neither nisbas nor participles.
NAME_ADJECTIVES = _folds(
    "العام العامة الأعلى العليا الكبرى الكبير الحر الحرة السريع الجديد الجديدة الخاص الخاصة الأول "
    "الأولى الدائم الدائمة الشريف الأحمر الأخضر الأبيض الحاكم الموحد الموحدة"
)
# Nouns that follow an organisation's name as the object of its verb ("دعت اللجنة الدولية الدول").
OBJECT_NOUNS = _folds(
    "الدول الأطراف السلطات الجهات المجتمع الناس الجميع القضاء التجار الأهالي الأسر العالم "
    "التابع التابعة التابعين المختص المختصة"  # "مركز الإيواء التابع لـ…": belonging to, no part of a name
)


# Epithets, not names: "سلطة الاحتلال", "قوات الاحتلال" name no organisation of their own.
EPITHETS = _folds("الاحتلال")
# Adjectives of a definite head that describe a role, not a name: "السلطة السياسية", "اللجنة المختصة",
# and ordinals ("المركز السادس" is a rank).
ROLE_ADJECTIVES = _folds(
    "الثاني الثانية الثالث الثالثة الرابع الرابعة الخامس الخامسة السادس السادسة السابع السابعة "
    "الثامن الثامنة التاسع التاسعة العاشر العاشرة الأخير الأخيرة المديرة المسيرة "
) | _folds(
    "السياسية السياسي التنفيذية التنفيذي التشريعية التشريعي القضائية القضائي المحلية المحلي المختصة "
    "المختص المعنية المعني الحاكمة الحاكم الرسمية الرسمي الحالية الحالي السابقة السابق الجديدة الجديد"
)
# A centre for callers, not an organisation: "مركز الاتصال", "مركز خدمة الجمهور/العملاء".
SERVICE_DESK = _folds("الاتصال خدمة خدمات")
CENTRE = fold_arabic("مركز")


# What a حركة is of when it is traffic or trade, no movement ("حركة السير", "حركة الملاحة").
MOVEMENT = fold_arabic("حركة")
TRAFFIC = _folds(
    "السير المرور الملاحة النقل التجارة البيع الشراء الطيران الأسواق العبور الرحلات الحافلات السفن "
    "السيارات المسافرين البناء الإعمار النزوح الأسعار"
)


GATHERING = fold_arabic("تجمع")
GATHERED = _folds("المياه الأمطار الأهالي المواطنين السكان الحشود الطلاب الناس المتظاهرين العشرات المئات")


def _not_a_name(head: str, first: str, definite: bool) -> bool:
    """The head's first complement makes a description, not an organisation's name."""
    if first in EPITHETS:
        return True
    if head == MOVEMENT and first in TRAFFIC:
        return True
    if head == GATHERING and first in GATHERED:
        return True  # "وتجمع الأهالي", "تجمع المياه": a verb or a pool, no grouping
    if definite and first in ROLE_ADJECTIVES:
        return True
    return head == CENTRE and first in SERVICE_DESK


def _object_noun(fold: str) -> bool:
    """A definite word after a complete definite complement that ends an organisation name.

    Names go on with adjectives only: nisbas (الدولي), participles (المستدامة، المسلحة), elatives
    (الأعلى) and a few others (العامة، السريع، الحر). A generic noun (الحكومة), a مفعولة noun
    (المنظومة), a sound plural that is no nisba (المواطنين، السلطات) or any other noun (القضاء،
    التجار) is the object of the sentence's verb.
    """
    if fold in GENERIC_COMPLEMENTS or fold in OBJECT_NOUNS:
        return True
    if _is_nisba_word(fold) or fold in NAME_ADJECTIVES:
        return False
    stem = fold[2:]
    if len(stem) == 6 and stem[0] == "م" and stem[3] == "و" and stem[5] == "ه":
        return True  # المنظومة
    if stem.endswith(("ين", "ون", "ات")):
        return not stem.startswith("مسلم")
    if len(stem) == 4 and stem[0] == "ا":
        return False  # elative: الأعلى، الأحمر
    if len(stem) in (4, 5) and stem[1] == "ا":
        return False  # active participle فاعل(ة): القابضة، الضاربة
    if len(stem) in (5, 6) and stem.startswith("من") and stem[2] != "ت":
        return True  # منفعل: "مجلس الوزراء المنعقد في …", an event, not the name
    return stem[:1] != "م" or len(stem) < 4  # participles: المتحدة، المستقلة (not الملف، المال)


def _masculine_maful(fold: str) -> bool:
    """ال + a masculine singular word of the م shapes (المشروع، المقترح، المرسوم): no adjective of a
    feminine nisba before it, the object of the sentence ("لجنة الشؤون الاقتصادية المشروع")."""
    stem = fold[2:] if fold.startswith("ال") else ""
    return (
        len(stem) >= MIN_MIM_STEM and stem[0] == "م" and not stem.endswith(("ه", "ين", "ون", "ات", "ي", "ا"))
    )


def _disagrees(head: str, adjective: str) -> bool:
    """A feminine head (…ة) and a masculine singular participle or nisba after it: no adjective of it."""
    if not head.endswith("ه") or adjective.endswith(("ه", "ات", "ين", "ون", "يا")):
        return False
    stem = adjective[2:]
    return stem.startswith("م") or adjective.endswith("ي")


MAX_INDEFINITE_CHAIN = 3
# Nouns of the people of a body, inside a union's or an association's name ("رابطة أعضاء هيئة التدريس",
# "نقابة موظفي البنوك"): a body's head after them is part of the name.
MEMBERS_OF = _folds("أعضاء موظفي منتسبي عمال العاملين")
MIN_MIM_STEM = 4


def _indefinite_chain(
    tokens: Sequence[Token], i: int, k: int, parts: int, definite: bool, found: Sequence[_Match] = ()
) -> bool:
    """ "جمعية أصدقاء مرضى الكلى", "اتحاد نقابات عمال فلسطين": indefinite nouns in construct after an
    indefinite head, up to a definite word (or a place) that closes the name."""
    if definite or parts or k - i > MAX_INDEFINITE_CHAIN:
        return False
    if any(t.fold.startswith("ال") or not t.fold.isalpha() for t in tokens[i + 1 : k + 1]):
        return False
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None:
        return False
    place = _covered(found, k + 1)
    if place is not None and place.etype == "place":
        # "هيئة معارضة مقرها لندن": a noun with a pronoun is no part of a name
        return not any(t.raw.endswith(("ه", "ها", "هم")) for t in tokens[i + 1 : k + 1])
    return nxt.fold.startswith("ال") and nxt.fold.isalpha()


def _present_verb(fold: str) -> bool:
    """يفعل/تفعل: "تدير", "يعمل" (a noun of four letters rarely starts with ي, or with ت and no ال)."""
    return (fold[:1] == "ي" and len(fold) >= 4) or (fold[:1] == "ت" and len(fold) == 4)


def _verbal_noun(fold: str) -> bool:
    """Shapes of verbal nouns after ل: افتعال (اعتماد), استفعال, انفعال, تفعيل (تمويل), مفاعلة (مراقبة)."""
    n = len(fold)
    if n == 6 and fold[0] == "ا" and fold[2] == "ت" and fold[4] == "ا":
        return True  # افتعال
    if n == 7 and fold.startswith("است") and fold[5] == "ا":
        return True  # استفعال
    if n == 6 and fold.startswith("ان") and fold[4] == "ا":
        return True  # انفعال
    if n == 5 and fold[0] == "ت" and fold[3] == "ي":
        return True  # تفعيل
    return n == 6 and fold[0] == "م" and fold[2] == "ا" and fold[5] == "ه"  # مفاعلة
