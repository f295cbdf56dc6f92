"""Words of attributed statements: reporting verbs, "that" particles, words that are never a speaker."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.text import fold_arabic
from pipeline.fields.words import FIRST_NAMES, SHADDA, Token, fold_egyptian

MAX_SPEAKER_TOKENS = 20
REPORTING_VERBS = frozenset(
    fold_arabic(w)
    for w in (
        "قال",
        "قالت",
        "يقول",
        "تقول",
        "قالوا",
        "أكد",
        "أكدت",
        "يؤكد",
        "تؤكد",
        "أكدوا",
        "أضاف",
        "أضافت",
        "أوضح",
        "أوضحت",
        "صرح",
        "صرحت",
        "أعلن",
        "أعلنت",
        "كشف",
        "كشفت",
        "أشار",
        "أشارت",
        "شدد",
        "شددت",
        "ذكر",
        "ذكرت",
        "أفاد",
        "أفادت",
        "تابع",
        "تابعت",
        "لفت",
        "لفتت",
        "اعتبر",
        "اعتبرت",
        "رأى",
        "رأت",
        "أفادوا",
        "ذكروا",
        "نقل",
        "يقولون",
        "تقولون",
        "يؤكدون",
        "كتب",
        "كتبت",
        "بينت",
        "نقلت",
        "يرى",
        "ترى",
        "نوه",
        "نوهت",
        "أردف",
        "أردفت",
    )
)
THAT_WORDS = frozenset({"إن", "أن", "إنّ", "أنّ", "بأن", "بأنّ", "إنه", "أنه", "إنها", "أنها", "بأنه", "بأنها"})
CLAUSE_OPENERS = frozenset(fold_arabic(w) for w in ("بينما", "فيما", "وفيما", "وبينما", "كما"))
RELAY_VERBS = frozenset(fold_arabic(w) for w in ("نقل", "نقلت"))
ACCORDING = frozenset(
    fold_arabic(w) for w in ("وفقا", "وفق", "بحسب", "حسب", "وفقًا", "طبقا", "حسبما", "بحسبما", "وفقما", "طبقا")
)
# A speaker never starts with these (it would be an adverbial: "أكدت خلال المحادثات أنها").
NOT_SPEAKER_START = frozenset(
    fold_arabic(w)
    for w in (
        "خلال",
        "في",
        "على",
        "عن",
        "من",
        "إلى",
        "أمس",
        "اليوم",
        "مساء",
        "صباح",
        "بعد",
        "قبل",
        "لدى",
        "عند",
        # a preposition with a pronoun: "قالت فيها:" (in it, her speech), no speaker
        "فيها",
        "فيه",
        "عنه",
        "عنها",
        "له",
        "لها",
    )
)
# Adverbs between a verb and إن/أن when the subject came before the verb ("وكانت X قد أعلنت عبر …").
ADVERB_STARTS = frozenset(fold_arabic(w) for w in ("سابقا", "سابقًا", "مؤخرا", "مؤخرًا", "أيضا", "كذلك", "عبر"))
MAX_SPEAKER_WORDS = 14
MAX_ACCORDING_WORDS = 5  # "…، بحسب X." : a short source name ends the sentence
NOT_SPEAKER_WORDS = frozenset(
    fold_arabic(w)
    for w in (
        "الذي",
        "التي",
        "الذين",
        "تعبيره",
        "تعبيرها",
        "قوله",
        "قولها",
        "وصفه",
        "وصفها",
        "زعمه",
        "أيضا",
        "كذلك",
        "سابقا",
        "مؤخرا",
        "اليوم",
        "أمس",
        "فقد",
        "حيث",
        "إذ",
        "اسمه",
        "اسمها",
        "كما",
    )
)
# An unnamed speaker ("متحدث باسم …", "مسؤول في …"): the entities in the span are affiliations.
UNNAMED_HEADS = frozenset(
    fold_arabic(w)
    for w in (
        "متحدث",
        "متحدثة",
        "ناطق",
        "مسؤول",
        "مسؤولة",
        "مسؤولون",
        "مسؤولين",
        "مسؤولان",
        "مسؤولو",
        "مسؤولي",
        "ناطقة",
        "مصدر",
        "مصادر",
        "دبلوماسي",
        "دبلوماسيون",
        "مستشار",
        "عضو",
    )
)
# Words governing the noun after them: a name after one is no subject.
PREPOSITIONS = frozenset(
    fold_arabic(w)
    for w in (
        "مثل",
        "مع",
        "في",
        "من",
        "إلى",
        "الى",
        "على",
        "عن",
        "ضد",
        "حول",
        "بين",
        "نحو",
        "لدى",
        "عند",
        "قرب",
    )
)
THAT_FOLDS = frozenset(fold_egyptian(w) for w in THAT_WORDS)
# The فـ answering a fronted "بحسب X" / "وفقا لـX" when no comma ends the source.
ANSWER_FA = frozenset(fold_egyptian(w) for w in ("فقد", "فإن", "فإنه", "فإنها", "فإنّ", "فان"))
EXPLAINED = fold_arabic("بين")


def is_that(tok: Token) -> bool:
    """إن/أن after a verb, also written without its hamza ("تقول ان")."""
    return tok.raw in THAT_WORDS or tok.fold in THAT_FOLDS


AS = frozenset(fold_arabic(w) for w in ("كما", "وكما"))
SO_THAT = frozenset(fold_arabic(w) for w in ("فإن", "فإنه", "فإنها"))


def as_said_then(text: str, tokens: Sequence[Token], i: int, k: int) -> bool:
    """ "وكما قال X يوما، فإن …": after "كما + verb + speaker," the فإن clause is the statement."""
    return (
        i > 0
        and tokens[i - 1].fold in AS
        and tokens[k].fold in SO_THAT
        and text[tokens[k - 1].end : tokens[k].start].strip()[:1] in ("،", ",")
    )


MAX_EXPLAINED_SUBJECT = 10  # "وبين أمين عام سلطة وادي الأردن المهندس X Y Z أن"


def explained(tok: Token, text: str = "", tokens: Sequence[Token] = (), i: int = -1) -> bool:
    """ "بيّن" (explained) written with its shadda; without it ("وبين المصري أن") the verb when it
    opens a clause with و/ف and a subject of a few words runs to إن/أن with no conjunct (the
    preposition "between" pairs two nouns with و: "وبين الفريقين والجماهير"), no punctuation but
    commas."""
    if tok.fold not in (EXPLAINED, "و" + EXPLAINED, "ف" + EXPLAINED):
        return False
    if SHADDA in tok.raw:
        return True
    if tok.fold == EXPLAINED or i < 0:
        return False
    for j in range(i + 1, min(len(tokens), i + 2 + MAX_EXPLAINED_SUBJECT)):
        gap = text[tokens[j - 1].end : tokens[j].start].strip()
        if gap and gap not in ("،", ","):
            return False
        if is_that(tokens[j]):
            return j > i + 1
        fold = tokens[j].fold
        if fold.startswith("وال") or (fold[:1] == "و" and fold[1:] in FIRST_NAMES):
            return False  # "وبين الفريقين والجماهير", "بين سالم وأحمد": a second noun of "between"
    return False


# Documents an attribution may name instead of a source ("وفق بيانات", "بحسب خطة"): a quote only
# when a named source goes with them ("وفقا لتقديرات صندوق النقد الدولي").
DOCUMENT_NOUNS = frozenset(
    fold_arabic(w)
    for w in (
        "بيانات",
        "أرقام",
        "إحصاءات",
        "إحصائيات",
        "معطيات",
        "تقديرات",
        "خطة",
        "تقرير",
        "دراسة",
        "وثيقة",
        "وثائق",
        "تقارير",
        "نتائج",
        "الفصل",
        "المادة",
        "البند",
        "القانون",
        "القرار",
        "الاتفاق",
        "الاتفاقية",
        "اللائحة",
        "النظام",
    )
)


SAYING_PARTICIPLES = frozenset(fold_arabic(w) for w in ("قائلا", "قائلًا", "قائلاً", "قائلة", "قائلين"))
TO_WORDS = frozenset(fold_arabic(w) for w in ("إلى", "الى"))


PREP_STARTS = frozenset(
    fold_arabic(w) for w in ("أمام", "ل", "لـ", "خلال", "عقب", "في", "عبر", "قبل", "بعد", "لدى")
)

# Relative pronouns opening a clause after a name ("X، التي تقول إن"): the clause is about X.
RELATIVES = frozenset(fold_arabic(w) for w in ("التي", "الذي", "الذين", "اللذان", "اللتان", "اللواتي"))
