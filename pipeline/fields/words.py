"""Words and tokens shared by the field finders: Arabic tokenisation with offsets, clitics, name cue words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from typing import NamedTuple

from pipeline.core.text import fold_arabic, fold_word, memo

# A word: letters/digits plus Arabic diacritics and tatweel (which \w alone would split on).
TOKEN_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
SHADDA = "\u0651"
DAMMA = "\u064f"
MAX_NAME_TOKENS = 3

JORDAN_WORDS = frozenset(
    fold_arabic(w)
    for w in ("الأردن", "الأردنية", "الأردني", "أردني", "أردنية", "الأردنيون", "الأردنيين", "الهاشمية")
)

# Titles and ranks that both introduce a person name and make a context-only alias a name.
_PERSON_TITLES = (
    "الرئيس",
    "الرئيسة",
    "رئيس",
    "الوزير",
    "الوزيرة",
    "وزير",
    "السيد",
    "السيدة",
    "الشيخ",
    "الملك",
    "الأمير",
    "الأميرة",
    "السلطان",
    "الدكتور",
    "الدكتورة",
    "النائب",
    "العميد",
    "اللواء",
    "الفريق",
    "المشير",
    "العقيد",
    "الجنرال",
    "العماد",
    "الزعيم",
    "زعيم",
    "القائد",
    "قائد",
    "الإمام",
    "المرشد",
    "الأستاذ",
    "الأستاذة",
    "المهندس",
    "المهندسة",
    "المحامي",
)
# Words before a context-only alias (or a name) that make it a name: titles, roles, "regime of", ...
CUE_WORDS = frozenset(
    fold_arabic(w)
    for w in (
        *_PERSON_TITLES,
        "نظام",
        "حكومة",
        "إدارة",
        "حركة",
        "جماعة",
        "حزب",
        "تنظيم",
        "فصائل",
        "صحيفة",
        "جريدة",
        "وكالة",
        "قناة",
        "موقع",
        "مدينة",
        "بلدة",
        "دولة",
        "الحاج",
    )
)
# Titles and roles that introduce a person name ("الرئيس X", "وزير الخارجية X Y").
TITLE_WORDS = frozenset(
    fold_arabic(w)
    for w in (
        *_PERSON_TITLES,
        "مهندس",
        "دكتور",
        "وزيرة",
        "المتحدث",
        "المتحدثة",
        "الناطق",
        "الناطقة",
        "السفير",
        "السفيرة",
        "المبعوث",
        "المبعوثة",
        "مستشار",
        "المستشار",
        "منسق",
        "رئيسة",
        "نائب",
        "النائبة",
        "الصحفي",
        "الصحفية",
        "الكاتب",
        "الكاتبة",
        "الباحث",
        "الباحثة",
        "مدير",
        "مديرة",
        "المدير",
        "الأمين",
        "محافظ",
        "المحافظ",
        "الفنان",
        "الفنانة",
        "الناشط",
        "الناشطة",
        "الخبير",
        "الخبيرة",
        "الممثل",
        "الممثلة",
        "المطرب",
        "المطربة",
        "اللاعب",
        "اللاعبة",
        "المدرب",
        "الشاعر",
        "الشاعرة",
        "المخرج",
        "المخرجة",
        "الإعلامي",
        "الإعلامية",
        "مصفف",
        "منسقة",
        "معالي",
        "عضو",
        "العضو",
        "الحاج",
        "الحاجة",
        "القاضي",
        "قاضي",
        "المهاجم",
        "المدافع",
        "الحارس",
        "لاعب",
        "مدرب",
        "المعاون",
        "المواطن",
        "الفلاح",
        "المزارع",
        "التاجر",
        "زوجته",
        "زوجها",
        "شقيقه",
        "شقيقته",
        "والده",
        "والدته",
        "ابنه",
        "ابنته",
        "ركن",
        "الركن",
    )
)
# Role heads after an apposition comma: "X Y، نائب وزير الخارجية".
APPOSITION_HEADS = frozenset(
    fold_arabic(w)
    for w in (
        "نائب",
        "وزير",
        "وزيرة",
        "رئيس",
        "رئيسة",
        "المتحدث",
        "المتحدثة",
        "الناطق",
        "الناطقة",
        "سفير",
        "سفيرة",
        "مبعوث",
        "المبعوث",
        "مستشار",
        "مستشارة",
        "منسق",
        "مدير",
        "مديرة",
        "الأمين",
        "أمين",
        "قائد",
        "زعيم",
        "عضو",
        "مسؤول",
        "مساعد",
        "المدير",
        "الرئيس",
        "الوزير",
        "السفير",
        "المستشار",
        "الكاتب",
        "محافظ",
        "المتحدثة",
        "مستشارة",
    )
)
MEDIA_CUES = frozenset(
    fold_arabic(w) for w in ("صحيفة", "جريدة", "وكالة", "قناة", "مجلة", "شبكة", "إذاعة", "موقع", "تلفزيون")
)
# Words that end a name span (function words, reporting verbs, common nouns after names).
STOP_WORDS = frozenset(
    fold_arabic(w)
    for w in (
        "سخر",
        "اعتبر",
        "اعتبرت",
        "رأى",
        "رأت",
        "توقع",
        "توقعت",
        "أعرب",
        "أعربت",
        "نفى",
        "نفت",
        "اتهم",
        "اتهمت",
        "طالب",
        "طالبت",
        "دعا",
        "دعت",
        "حذر",
        "حذرت",
        "أوضح",
        "أوضحت",
        "بين",
        "صرحت",
        "أضافت",
        "أمس",
        "مهندس",
        "دكتور",
        "بدوره",
        "بدورها",
        "في",
        "من",
        "إلى",
        "عن",
        "مع",
        "إن",
        "أن",
        "أنه",
        "أنها",
        "قال",
        "قالت",
        "أكد",
        "أكدت",
        "أضاف",
        "أضافت",
        "أوضح",
        "صرح",
        "أعلن",
        "أعلنت",
        "كشف",
        "كشفت",
        "أشار",
        "شدد",
        "يوم",
        "خلال",
        "بعد",
        "قبل",
        "منذ",
        "حيث",
        "الذي",
        "التي",
        "الذين",
        "لدى",
        "عند",
        "هو",
        "هي",
        "كان",
        "كانت",
        "لا",
        "لم",
        "لن",
        "قد",
        "ما",
        "إذا",
        "أو",
        "ثم",
        "حول",
        "بين",
        "أمام",
        "عبر",
        "ضد",
        "نحو",
        "حتى",
        "لأول",
        "مرة",
        "اليوم",
        "أمس",
        "غدا",
        "إنه",
        "إنها",
        "الذي",
        "كما",
        "لكن",
        "بل",
        "أي",
        "كل",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "إلا",
        "فقط",
        "أيضا",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
        "الاثنين",
        "يقول",
        "تقول",
        "إنّ",
        "عام",
        "سنة",
        "شهر",
        "مساء",
        "صباح",
        "نقلت",
        "نقل",
        "ذكرت",
        "ذكر",
        "أفادت",
        "أفاد",
        "نشرت",
        "نشر",
        "أوردت",
        "بثت",
        "تابعت",
        "أشارت",
        "أوضحت",
        "الأسبوع",
        "الماضي",
        "الجاري",
        "الحالي",
        "المقبل",
        "الأول",
        "الثاني",
        "الأخير",
        "اليوم",
        "إنّه",
        "وفق",
        "وفقا",
        "بحسب",
        "حسب",
        "لـ",
        "له",
        "لها",
        "لهم",
        "فإن",
        "فيما",
        "وإن",
        "أما",
        "وأما",
        "قوله",
        "قولها",
        "قولهم",
        "يدعى",
        "تدعى",
        # بـ + a noun as an adverb after a speaker ("قال أحمد بصراحة إن")
        "بصراحة",
        "بوضوح",
        "بسرعة",
        "بشدة",
        "بحزم",
        "بقوة",
        "بدقة",
        "بجدية",
        "بمرارة",
        "بحسرة",
        "بفخر",
        "بثقة",
        "بهدوء",
        "بحماس",
    )
)
# Common Arabic first names: a bare "قال خالد البكار إن" names a person by its shape (no title).
_FIRST_NAMES = (
    "محمد أحمد محمود مصطفى علي حسن حسين خالد عمر عثمان يوسف إبراهيم إسماعيل إسحاق يعقوب موسى عيسى "
    "صالح سليمان سلمان سعيد سعد سعود فهد فيصل ناصر نبيل نادر نايف ماجد مازن مروان مراد منير مهدي "
    "هاني هشام حسام حازم حمد حمدي حامد جمال جميل جعفر جواد رامي رائد رياض رشيد رضا زياد زكريا "
    "سامي سامح سمير سليم شريف شادي طارق طلال عادل عاطف عامر عماد عمرو غسان فادي فؤاد فارس كريم "
    "كمال لؤي مالك مجدي مصعب معاذ منصور نزار نضال نعيم هيثم وائل وليد ياسر يحيى أيمن أسامة أنس "
    "إياد باسل بسام بشير توفيق ثامر جهاد حاتم حمزة راشد ربيع زيد سالم سلطان صبري صلاح ضياء "
    "عدنان عصام علاء فتحي قاسم كامل لطفي مأمون محسن مختار مدحت معتز ممدوح نجيب نصر هادي "
    "فاطمة مريم عائشة خديجة زينب سارة ليلى هند هدى نور نورا رانيا رنا ريم دينا ديمة سلمى "
    "سمر سهى منى مها نادية نجلاء هالة هبة وفاء أمل إيمان آمنة لينا رولا ميساء نسرين غادة "
    "حافظ ماهر رفعت باسل أسماء بشرى جمانة "
    # Maghrebi, Kurdish and other first names common in the region's news
    "ياسين صابر لحسن امحمد إدريس مراد إلياس يونس أنور سمية سناء رحاب نهى منال حنان ابتسام "
    "آزاد كاوه ريبوار بيمان هيمن شيروان سيروان دلشاد نوزاد كاروان ريباز هوشيار سوران بختيار "
    "نيجيرفان مسرور قباد هفال آدم خليفة بابكر عوضية عبيد تامر تركي تيسير تغريد يزن يوسف ياسمين "
    # more first names that are not common words (not باسم، يزيد، أشرف، شهد، نشأت …)
    "نواف غيث رغد هيفاء سهاد عبير آلاء إسراء أسيل بتول تسنيم دانة راما رزان روان ريما سجى غدير لمى "
    "مرام ميار نجوى هيام يارا إيناس رهف شيماء رشا سوسن لبنى إيهاب بلال رامز سامر سفيان صهيب عدي عمار "
    "فراس قصي ليث مهند معن نائل وسيم يامن أمجد أيوب جابر حسني حمود رأفت زهير شوقي عزت فواز منذر هاشم "
    "معاوية حيدر قيس غازي طه بكر فايز "
    # foreign first names as Arabic outlets write them (family members of people in the news)
    "إريك إيريك لارا تيفاني بارون هانتر جيل آشلي ميشيل ساشا ماليا روبرت إدوارد جون جورج جيب"
)


def _given_names() -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]]]:
    """The given-name lexicon (gazetteer/given_names.txt), folded: plain names, names that are also
    common words ("?أمل"), and compound names of two words ("نور_الدين")."""
    text = resources.files("pipeline.fields.gazetteer").joinpath("given_names.txt").read_text("utf-8")
    plain: set[str] = set()
    words: set[str] = set()
    compounds: set[tuple[str, str]] = set()
    for line in text.splitlines():
        for name in line.split("#", 1)[0].split():
            if name.startswith("?"):
                words.add(fold_arabic(name[1:]))
            elif "_" in name:
                first, _, second = name.partition("_")
                compounds.add((fold_arabic(first), fold_arabic(second)))
            else:
                plain.add(fold_arabic(name))
    return frozenset(plain - words), frozenset(words), frozenset(compounds)


# Given names from the lexicon; a name that is also a common word needs a title or a cue before it.
GIVEN_NAMES, WORD_GIVEN_NAMES, COMPOUND_GIVEN_NAMES = _given_names()
FIRST_NAMES = frozenset(fold_arabic(w) for w in _FIRST_NAMES.split()) | GIVEN_NAMES
# Name particles that may be followed by an "ال" word inside a name: عبد الله، أبو الغيط، بن الحسين.
NAME_PARTICLES = frozenset(
    fold_arabic(w) for w in ("عبد", "أبو", "أبي", "بن", "ابن", "بنت", "آل", "ولد", "ود", "أيت", "آيت")
)
# First names starting with و, which is otherwise read as a conjunction ending the name.
WAW_NAMES = frozenset(
    fold_arabic(w)
    for w in (
        "وليد",
        "وائل",
        "وسام",
        "وسيم",
        "وفاء",
        "وجدي",
        "وهيب",
        "وانغ",
        "وليام",
        "ويليام",
        "ويل",
        "ويندي",
    )
)
NAME_CLOSERS = '،,.:;؛!؟?()[]«»"“”'

_TRANSLIT = str.maketrans(
    {
        "ا": "a",
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "ع": "a",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "و": "w",
        "ي": "y",
        "ء": "",
        " ": "-",
    }
)


class Token(NamedTuple):
    """A word of a paragraph: offsets into the text as given, raw and folded forms (a tuple: cheap to make)."""

    start: int
    end: int
    raw: str
    fold: str


@memo(4096)  # entities, quantities and quotes each read the same paragraphs
def tokenize(text: str) -> tuple[Token, ...]:
    """Words of `text` with their offsets and folded (matching) form."""
    out = []
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        out.append(Token(m.start(), m.end(), word, fold_egyptian(word)))
    return tuple(out)


@memo(200_000)
def fold_egyptian(word: str) -> str:
    """fold_word with the Egyptian hamza seat read as the standard one: شئون = شؤون, مسئول = مسؤول.

    Egyptian (and some Gulf) outlets write a hamza before و on a yeh seat; the standard spelling puts
    it on waw. Final ى for ي is already folded by fold_arabic.
    """
    return fold_word(word.replace("ئو", "ؤو") if "ئو" in word else word)


def alias_key(name: str) -> tuple[str, ...]:
    """Folded word sequence of a gazetteer name (no clitic stripping: the name is as written)."""
    return tuple(TOKEN_RE.findall(fold_arabic(name.replace("ئو", "ؤو"))))


def slug(name: str) -> str:
    """ASCII slug for an own id: "علي باقري كاني" -> "ali-bqry-kany"."""
    text = fold_arabic(name.replace("ئو", "ؤو")).translate(_TRANSLIT)  # one id for شئون and شؤون
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "x"


@memo(100_000)  # every finder asks for every word's readings, often more than once
def clitic_variants(word: str) -> tuple[tuple[str, int], ...]:
    """Candidate forms of a folded word without its proclitics, with the number of letters removed.

    و/ف (conjunction), then ب/ك/ل (preposition), and "لل" read as ل + ال: وللحوثيين -> الحوثيين.
    The word itself comes first, so an unstripped reading wins a tie.
    """
    out: list[tuple[str, int]] = [(word, 0)]
    firsts = [(word, 0)]
    if (len(word) > 3 or word[1:] in SHORT_NAME_STARTS) and word[0] in "وف":
        firsts.append((word[1:], 1))
        out.append((word[1:], 1))
    for w, n in firsts:
        if len(w) > 3 and w.startswith("لل"):
            out.append(("ا" + w[1:], n + 1))
        if (len(w) > 3 or w[1:] in SHORT_NAME_STARTS) and w[0] in "بكل":
            out.append((w[1:], n + 1))
    return tuple(out)


# Two-letter first words of place names, after a clitic too ("بود مدني", "وأم درمان").
SHORT_NAME_STARTS = frozenset({"ود", "ام"})


def _raw_offset(raw: str, letters: int) -> int:
    """Index in `raw` after skipping `letters` base letters (and any marks attached to them)."""
    i = 0
    while letters > 0 and i < len(raw):
        i += 1
        while i < len(raw) and _MARKS.match(raw[i]):
            i += 1
        letters -= 1
    return i


def _joined(text: str, tokens: Sequence[Token], i: int, j: int) -> bool:
    """True when tokens i..j-1 are separated by spaces only (no punctuation in between)."""
    return all(not text[tokens[k - 1].end : tokens[k].start].strip() for k in range(i + 1, j))


def _is_nisba_word(fold: str) -> bool:
    """An "ال..." adjective ending like a nisba (الإيراني, الأمريكية, النوويين)."""
    return fold.startswith("ال") and fold.endswith(("ي", "يه", "يون", "يين", "يان", "يتان", "يات"))


def _strip_conj(fold: str) -> str:
    return fold[1:] if len(fold) > 3 and fold[0] in "وف" else fold


def _is_one_of(fold: str, words: frozenset[str]) -> bool:
    """The word, with or without a leading conjunction, is in `words`."""
    return fold in words or _strip_conj(fold) in words
