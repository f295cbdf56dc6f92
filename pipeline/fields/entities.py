"""Named entities in article text: gazetteer matching with Arabic clitics, plus title/apposition patterns."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from pipeline.core.text import fold_arabic, fold_word, memo
from pipeline.fields.gazetteer import Entry, load_entries

LOGGER = logging.getLogger(__name__)

# A word: letters/digits plus Arabic diacritics and tatweel (which \w alone would split on).
TOKEN_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
SHADDA = "\u0651"
DAMMA = "\u064f"
MAX_NAME_TOKENS = 3

OMAN_ID = "Q842"
AMMAN_ID = "Q3805"
JORDAN_WORDS = frozenset(
    fold_arabic(w)
    for w in ("الأردن", "الأردنية", "الأردني", "أردني", "أردنية", "الأردنيون", "الأردنيين", "الهاشمية")
)

# Words before a context-only alias (or a name) that make it a name: titles, roles, "regime of", ...
CUE_WORDS = frozenset(
    fold_arabic(w)
    for w in (
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
        "الإمام",
        "المرشد",
        "الحاج",
        "الأستاذ",
        "المهندس",
        "المحامي",
    )
)
# Titles and roles that introduce a person name ("الرئيس X", "وزير الخارجية X Y").
TITLE_WORDS = frozenset(
    fold_arabic(w)
    for w in (
        "مهندس",
        "دكتور",
        "الرئيس",
        "الرئيسة",
        "الوزير",
        "الوزيرة",
        "وزير",
        "وزيرة",
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
        "زعيم",
        "الزعيم",
        "قائد",
        "القائد",
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
        "رئيس",
        "رئيسة",
        "نائب",
        "النائبة",
        "المرشد",
        "الإمام",
        "الأستاذ",
        "المهندس",
        "المحامي",
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
    )
)
# Name particles that may be followed by an "ال" word inside a name: عبد الله، أبو الغيط، بن الحسين.
NAME_PARTICLES = frozenset(fold_arabic(w) for w in ("عبد", "أبو", "أبي", "بن", "ابن", "بنت", "آل", "ولد"))
# First names starting with و, which is otherwise read as a conjunction ending the name.
WAW_NAMES = frozenset(
    fold_arabic(w) for w in ("وليد", "وائل", "وسام", "وفاء", "وجدي", "وهيب", "وانغ", "وليام")
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


@dataclass(frozen=True)
class _Alias:
    rest: tuple[str, ...]
    entry: Entry
    context_only: bool


@dataclass(frozen=True)
class _Index:
    by_first: dict[str, tuple[_Alias, ...]]
    nisba: dict[str, Entry]
    by_id: dict[str, Entry]


@memo(4096)  # entities, quantities and quotes each read the same paragraphs
def tokenize(text: str) -> tuple[Token, ...]:
    """Words of `text` with their offsets and folded (matching) form."""
    return tuple(Token(m.start(), m.end(), m.group(), fold_word(m.group())) for m in TOKEN_RE.finditer(text))


def alias_key(name: str) -> tuple[str, ...]:
    """Folded word sequence of a gazetteer name (no clitic stripping: the name is as written)."""
    return tuple(TOKEN_RE.findall(fold_arabic(name)))


def slug(name: str) -> str:
    """ASCII slug for an own id: "علي باقري كاني" -> "ali-bqry-kany"."""
    text = fold_arabic(name).translate(_TRANSLIT)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "x"


def nisba_forms(name: str) -> set[str]:
    """Folded nisba (relational adjective) stems of a one-word country name: ايران -> ايراني."""
    base = fold_arabic(name)
    bases = {base}
    if base.startswith("ال") and len(base) > 4:
        bases.add(base[2:])
    stems: set[str] = set()
    for b in bases:
        stems.add(b)
        if b.endswith(("يا", "يه")):
            stems.add(b[:-2])
        if b.endswith(("ا", "ه")):
            stems.add(b[:-1])
    return {s + "ي" for s in stems if len(s) >= 2}


NISBA_SUFFIXES = ("", "ه", "ون", "ين", "ان", "تان", "تين", "ات")


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    """The gazetteer as a first-word index, built once per process (immutable data)."""
    by_first: dict[str, list[_Alias]] = {}
    nisba: dict[str, Entry] = {}
    by_id: dict[str, Entry] = {}
    for entry in load_entries():
        by_id[entry.id] = entry
        names = [(entry.canonical, entry.canonical in entry.context_aliases)]
        names += [(a, False) for a in entry.aliases]
        names += [(a, True) for a in entry.context_aliases]
        seen: set[tuple[str, ...]] = set()
        for name, context_only in names:
            key = alias_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            by_first.setdefault(key[0], []).append(_Alias(key[1:], entry, context_only))
        if entry.subtype == "country":
            for name in (entry.canonical, *entry.aliases):
                if len(alias_key(name)) == 1:
                    for form in nisba_forms(name):
                        nisba.setdefault(form, entry)
    frozen = {k: tuple(sorted(v, key=lambda a: -len(a.rest))) for k, v in by_first.items()}
    return _Index(frozen, nisba, by_id)


def clitic_variants(word: str) -> list[tuple[str, int]]:
    """Candidate forms of a folded word without its proclitics, with the number of letters removed.

    و/ف (conjunction), then ب/ك/ل (preposition), and "لل" read as ل + ال: وللحوثيين -> الحوثيين.
    The word itself comes first, so an unstripped reading wins a tie.
    """
    out: list[tuple[str, int]] = [(word, 0)]
    firsts = [(word, 0)]
    if len(word) > 3 and word[0] in "وف":
        firsts.append((word[1:], 1))
        out.append((word[1:], 1))
    for w, n in firsts:
        if len(w) > 3 and w.startswith("لل"):
            out.append(("ا" + w[1:], n + 1))
        if len(w) > 3 and w[0] in "بكل":
            out.append((w[1:], n + 1))
    return out


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


def _oman_or_amman(text: str, tokens: Sequence[Token], i: int, by_id: dict[str, Entry]) -> Entry:
    """Decide plain "عمان": shadda -> Amman, damma -> Oman, Jordan words nearby -> Amman, else Oman."""
    raw = tokens[i].raw
    if SHADDA in raw:
        return by_id[AMMAN_ID]
    if DAMMA in raw:
        return by_id[OMAN_ID]
    window = tokens[max(0, i - 8) : i + 9]
    if any(_is_one_of(t.fold, JORDAN_WORDS) for t in window):
        return by_id[AMMAN_ID]
    return by_id[OMAN_ID]


@dataclass
class _Match:
    entry: Entry | None
    name: str
    etype: str
    ident: str
    first: int
    last: int  # exclusive token index
    start: int
    end: int
    method: str


def _has_context(tokens: Sequence[Token], i: int, text: str, found: Sequence[_Match]) -> bool:
    """A context-only alias is accepted after a cue word or right after another entity (a list)."""
    if i == 0:
        return False
    prev = tokens[i - 1]
    if _is_one_of(prev.fold, CUE_WORDS):
        return True
    return bool(found) and found[-1].last == i and not text[prev.end : tokens[i].start].strip(" ،,")


def _gazetteer_matches(text: str, tokens: Sequence[Token], nisba_as_country: bool) -> list[_Match]:
    index = _index()
    found: list[_Match] = []
    i = 0
    n = len(tokens)
    while i < n:
        best: tuple[int, int, _Alias] | None = None  # (length, stripped letters, alias)
        ties: list[_Alias] = []
        for variant, stripped in clitic_variants(tokens[i].fold):
            for alias in index.by_first.get(variant, ()):
                length = len(alias.rest) + 1
                if i + length > n or (best is not None and length < best[0]):
                    continue
                if any(tokens[i + 1 + k].fold != w for k, w in enumerate(alias.rest)):
                    continue
                if not _joined(text, tokens, i, i + length):
                    continue
                if alias.context_only and not _has_context(tokens, i, text, found):
                    continue
                if best is None or length > best[0]:
                    best = (length, stripped, alias)
                    ties = [alias]
                elif length == best[0] and stripped == best[1] and alias.entry.id != best[2].entry.id:
                    ties.append(alias)
        if best is not None:
            length, stripped, alias = best
            entry = alias.entry
            if {a.entry.id for a in ties} >= {OMAN_ID, AMMAN_ID} or (
                entry.id in (OMAN_ID, AMMAN_ID) and length == 1
            ):
                entry = _oman_or_amman(text, tokens, i, index.by_id)
            start = tokens[i].start + _raw_offset(tokens[i].raw, stripped)
            last = i + length
            found.append(
                _Match(
                    entry,
                    entry.canonical,
                    entry.type,
                    entry.id,
                    i,
                    last,
                    start,
                    tokens[last - 1].end,
                    "gazetteer",
                )
            )
            i = last
            continue
        if nisba_as_country:
            for variant, stripped in clitic_variants(tokens[i].fold):
                bare = variant[2:] if variant.startswith("ال") else variant
                nisba = _nisba_entry(bare, index.nisba)
                if nisba is not None:
                    start = tokens[i].start + _raw_offset(tokens[i].raw, stripped)
                    found.append(
                        _Match(
                            nisba,
                            nisba.canonical,
                            nisba.type,
                            nisba.id,
                            i,
                            i + 1,
                            start,
                            tokens[i].end,
                            "gazetteer",
                        )
                    )
                    break
        i += 1
    return found


def _nisba_entry(word: str, table: dict[str, Entry]) -> Entry | None:
    for suffix in NISBA_SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        stem = word[: len(word) - len(suffix)] if suffix else word
        if stem in table:
            return table[stem]
    return None


def _name_token_ok(tok: Token, prev: Token | None) -> bool:
    """Could `tok` be part of a person/media name (after `prev`, the name token before it)?

    An "ال" word is allowed after a name particle (عبد الله) or as a family name after a first
    name (محمد الحسيني), but not when it is a country adjective (الإيراني) or a stop word.
    """
    fold = tok.fold
    if fold in STOP_WORDS or not any(c.isalpha() for c in fold) or tok.raw == "على":
        return False
    if fold.startswith(("لل", "بال", "وال", "كال", "فال", "بالا")):
        return False  # a preposition + article: "للسماح", "بالأمس"
    if prev is not None and fold.startswith("فا") and len(fold) > 3 and fold[1:] not in NAME_PARTICLES:
        return False  # "فأعرب", "فإن" after a name
    if fold.startswith("ال"):
        if prev is None:
            return False
        if prev.fold not in NAME_PARTICLES and (
            prev.fold.startswith("ال") or _nisba_entry(fold[2:], _index().nisba) is not None
        ):
            return False
    return not (fold[0] == "و" and fold not in WAW_NAMES and len(fold) > 2)


def _covered(found: Sequence[_Match], k: int) -> _Match | None:
    for m in found:
        if m.first <= k < m.last:
            return m
    return None


def _forward_name(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> int:
    """Number of name tokens starting at k (0 when there is no name there)."""
    count = 0
    while count < MAX_NAME_TOKENS and k + count < len(tokens):
        j = k + count
        if _covered(found, j) is not None:
            break
        if count and text[tokens[j - 1].end : tokens[j].start].strip():
            break
        if not _name_token_ok(tokens[j], tokens[j - 1] if count else None):
            break
        count += 1
    return count


def _pattern_person(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Persons introduced by a title/role, or named before an apposition ("X Y، نائب وزير ...")."""
    out: list[_Match] = []
    taken: set[int] = set()

    def add(first: int, last: int) -> None:
        if any(k in taken for k in range(first, last)):
            return
        surface = text[tokens[first].start : tokens[last - 1].end]
        out.append(
            _Match(
                None,
                surface,
                "person",
                "nf:" + slug(surface),
                first,
                last,
                tokens[first].start,
                tokens[last - 1].end,
                "pattern",
            )
        )
        taken.update(range(first, last))

    for i, tok in enumerate(tokens):
        if _is_one_of(tok.fold, TITLE_WORDS) and _covered(found, i) is None:
            k = i + 1
            skipped = 0
            # Complements of the title: "وزير الخارجية الإيراني", "المتحدث باسم الجيش", a country or org.
            while k < len(tokens) and skipped < 4 and not text[tokens[k - 1].end : tokens[k].start].strip():
                covered = _covered(found, k)
                fold = tokens[k].fold
                construct = (
                    k == i + 1
                    and not tok.fold.startswith("ال")
                    and k + 1 < len(tokens)
                    and tokens[k + 1].fold.startswith("ال")
                    and not fold.startswith("ال")
                    and covered is None
                )
                if covered is not None and covered.etype in ("place", "organization"):
                    k = covered.last
                elif construct:
                    k += 1  # idafa complement: "رئيس مجلس النواب", "قائد قوات ..."
                elif fold.startswith("ال") or fold in ("باسم", "لشوون", "شوون") or fold in TITLE_WORDS:
                    k += 1
                else:
                    break
                skipped += 1
            if k < len(tokens) and not text[tokens[k - 1].end : tokens[k].start].strip():
                count = _forward_name(text, tokens, k, found)
                after = k + count
                if count >= 2 or (
                    count == 1
                    and (
                        after >= len(tokens)
                        or text[tokens[after - 1].end : tokens[after].start].strip()
                        or tokens[after].fold in STOP_WORDS
                        or tokens[after].raw == "على"
                    )
                ):
                    add(k, k + count)
        if _is_one_of(tok.fold, APPOSITION_HEADS) and i >= 2:
            gap = text[tokens[i - 1].end : tok.start]
            if gap.strip() not in ("،", ","):
                continue
            first = i
            while first > 0 and i - first < MAX_NAME_TOKENS:
                prev = tokens[first - 1]
                if _covered(found, first - 1) is not None or (
                    first < i and text[prev.end : tokens[first].start].strip()
                ):
                    break
                before = tokens[first - 2] if first >= 2 else None
                if not _name_token_ok(prev, before):
                    break
                first -= 1
            if i - first >= 2:
                add(first, i)
    return out


_QUOTED = re.compile(r"\s*[\"“«]([^\"”»]{2,60})[\"”»]")


def _pattern_media(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Media named after صحيفة/وكالة/قناة..., quoted ("صحيفة "نيويورك تايمز"") or not."""
    out: list[_Match] = []
    for i, tok in enumerate(tokens):
        if not _is_one_of(tok.fold, MEDIA_CUES):
            continue
        if i + 1 < len(tokens) and _covered(found, i + 1) is not None:
            continue
        quoted = _QUOTED.match(text, tok.end)
        if quoted:
            name = quoted.group(1).strip()
            if name and _covered_span(found, quoted.start(1)) is None:
                out.append(
                    _Match(
                        None,
                        name,
                        "media",
                        "nf:" + slug(name),
                        i + 1,
                        i + 1,
                        quoted.start(1),
                        quoted.end(1),
                        "pattern",
                    )
                )
            continue
        if i + 1 >= len(tokens) or text[tok.end : tokens[i + 1].start].strip():
            continue
        count = _forward_name(text, tokens, i + 1, found)
        if count:
            last = i + 1 + count
            name = text[tokens[i + 1].start : tokens[last - 1].end]
            out.append(
                _Match(
                    None,
                    name,
                    "media",
                    "nf:" + slug(name),
                    i + 1,
                    last,
                    tokens[i + 1].start,
                    tokens[last - 1].end,
                    "pattern",
                )
            )
    return out


def _covered_span(found: Sequence[_Match], offset: int) -> _Match | None:
    for m in found:
        if m.start <= offset < m.end:
            return m
    return None


def find_entities(
    paragraphs: Sequence[str], *, nisba_as_country: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entities (ordered by first mention) and their mentions over a list of paragraphs.

    Offsets are character offsets into each paragraph as given; a leading clitic (و، ب، ل...) is
    not part of the mention.
    """
    mentions: list[dict[str, Any]] = []
    for p, text in enumerate(paragraphs):
        tokens = tokenize(text)
        found = _gazetteer_matches(text, tokens, nisba_as_country)
        media = _pattern_media(text, tokens, found)
        found_all = sorted(found + media, key=lambda m: m.start)
        people = _pattern_person(text, tokens, found_all)
        for m in sorted(found_all + people, key=lambda m: m.start):
            mentions.append(
                {
                    "entity_id": m.ident,
                    "name": m.name,
                    "type": m.etype,
                    "paragraph": p,
                    "start": m.start,
                    "end": m.end,
                    "surface": text[m.start : m.end],
                    "method": m.method,
                }
            )
    entities: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        ent = entities.get(mention["entity_id"])
        if ent is None:
            entities[mention["entity_id"]] = {
                "name": mention["name"],
                "type": mention["type"],
                "id": mention["entity_id"],
                "mentions": 1,
            }
        else:
            ent["mentions"] += 1
    return list(entities.values()), mentions


def entity_names(entity_id: str) -> tuple[str, ...]:
    """Canonical name and aliases of a gazetteer id (empty for pattern ids)."""
    entry = _index().by_id.get(entity_id)
    if entry is None:
        return ()
    return (entry.canonical, *entry.aliases, *entry.context_aliases)
