"""Quantities in article text: digits and Arabic number words with the noun they count."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import fold_arabic, to_ascii_digits
from pipeline.fields.words import Token, clitic_variants, tokenize

LOGGER = logging.getLogger(__name__)

MAX_UNIT_TOKENS = 3
YEAR_RANGE = (1800, 2100)


def _folded(words: dict[str, float]) -> dict[str, float]:
    return {fold_arabic(k): v for k, v in words.items()}


ONES = _folded(
    {
        "واحد": 1,
        "واحدة": 1,
        "إحدى": 1,
        "أحد": 1,
        "اثنان": 2,
        "اثنين": 2,
        "اثنتان": 2,
        "اثنتين": 2,
        "اثنا": 2,
        "اثني": 2,
        "اثنتا": 2,
        "اثنتي": 2,
        "ثلاث": 3,
        "ثلاثة": 3,
        "أربع": 4,
        "أربعة": 4,
        "خمس": 5,
        "خمسة": 5,
        "ست": 6,
        "ستة": 6,
        "سبع": 7,
        "سبعة": 7,
        "ثمان": 8,
        "ثماني": 8,
        "ثمانية": 8,
        "تسع": 9,
        "تسعة": 9,
    }
)
TEN = _folded({"عشر": 10, "عشرة": 10})
TENS = _folded(
    {
        "عشرون": 20,
        "عشرين": 20,
        "ثلاثون": 30,
        "ثلاثين": 30,
        "أربعون": 40,
        "أربعين": 40,
        "خمسون": 50,
        "خمسين": 50,
        "ستون": 60,
        "ستين": 60,
        "سبعون": 70,
        "سبعين": 70,
        "ثمانون": 80,
        "ثمانين": 80,
        "تسعون": 90,
        "تسعين": 90,
    }
)
HUNDREDS = _folded(
    {
        "مئة": 100,
        "مائة": 100,
        "مئتين": 200,
        "مئتان": 200,
        "مائتين": 200,
        "مائتان": 200,
        "مئه": 100,
    }
)
for _word, _value in list(ONES.items()):
    if 3 <= _value <= 9:
        for _h in ("مئة", "مائة", "مئه"):
            HUNDREDS[_word + fold_arabic(_h)] = _value * 100
SCALES = _folded(
    {
        "ألف": 1e3,
        "ألفا": 1e3,
        "ألفًا": 1e3,
        "آلاف": 1e3,
        "ألفين": 2e3,
        "ألفان": 2e3,
        "مليون": 1e6,
        "مليونا": 1e6,
        "ملايين": 1e6,
        "مليونين": 2e6,
        "مليار": 1e9,
        "مليارا": 1e9,
        "مليارات": 1e9,
        "ملياري": 2e9,
        "مليارين": 2e9,
        "بليون": 1e9,
        "تريليون": 1e12,
    }
)

VAGUE_PLURALS = frozenset(fold_arabic(w) for w in ("آلاف", "ملايين", "مليارات", "الآلاف", "الملايين"))
MONTHS = frozenset(
    fold_arabic(w)
    for w in (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "إبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
        "كانون",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين",
        "جانفي",
        "فيفري",
        "أفريل",
        "ماي",
        "جوان",
        "جويلية",
        "أوت",
        "محرم",
        "صفر",
        "ربيع",
        "جمادى",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو",
        "ذي",
        "يونيه",
        "يوليه",
    )
)
YEAR_WORDS = frozenset(
    fold_arabic(w) for w in ("عام", "العام", "سنة", "السنة", "عامي", "لعام", "بعام", "الساعة")
)
APPROX = tuple(
    tuple(fold_arabic(w) for w in phrase.split())
    for phrase in (
        "ما يقرب من",
        "ما يقارب",
        "ما لا يقل عن",
        "أكثر من",
        "أقل من",
        "أزيد من",
        "نحو",
        "حوالي",
        "حوالى",
        "قرابة",
        "زهاء",
        "نحوا من",
        "ما يزيد على",
        "ما يزيد عن",
        "قرابة الـ",
        "حوالي الـ",
    )
)
STOP = frozenset(
    fold_arabic(w)
    for w in (
        "في",
        "من",
        "إلى",
        "على",
        "عن",
        "مع",
        "إن",
        "أن",
        "منذ",
        "خلال",
        "بعد",
        "قبل",
        "حتى",
        "و",
        "أو",
        "قال",
        "قالت",
        "الذي",
        "التي",
        "الذين",
        "بينهم",
        "منهم",
        "منها",
        "فقط",
        "تقريبا",
        "هذا",
        "هذه",
        "عند",
        "لدى",
        "حيث",
        "كما",
        "لكن",
        "بين",
        "نحو",
        "ضد",
        "عبر",
        "أمس",
        "اليوم",
    )
)
STOP = STOP | frozenset(
    fold_arabic(w)
    for w in (
        "ثم",
        "فقد",
        "وقد",
        "لم",
        "لن",
        "لا",
        "قد",
        "كان",
        "كانت",
        "هو",
        "هي",
        "إذ",
        "أي",
        "كل",
        "بعض",
        "عندما",
        "لكنه",
    )
)
STOP = STOP | frozenset(
    fold_arabic(w)
    for w in (
        "مساء",
        "صباح",
        "الماضي",
        "الماضية",
        "المقبل",
        "المقبلة",
        "الأخيرة",
        "الأخير",
        "الجاري",
        "الحالي",
        "الاثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
        "دون",
    )
)
_NUMBER = re.compile(
    r"(?<![\w.,٫٬/:])([وف]?(?:لل|بال|الـ|ال|لـ|بـ|ب|ل)?)([0-9٠-٩۰-۹]+(?:[,٬.٫][0-9٠-٩۰-۹]+)*)(?![\w/:])"
)
_ADJ_ENDINGS = ("ي", "يه", "يين", "يون", "يا", "يتين", "يتان")


def parse_digits(raw: str) -> float:
    """Value of a digit string with separators: "1,500" -> 1500, "2٫5" -> 2.5, "1.000.000" -> 1e6."""
    text = to_ascii_digits(raw).replace("٬", ",").replace("٫", ".")
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        groups = text.split(",")
        text = text.replace(",", "") if all(len(g) == 3 for g in groups[1:]) else text.replace(",", ".", 1)
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3 and len(text) > 5):
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return float(text.replace(".", ""))


def _word_value(fold: str) -> tuple[str, float] | None:
    """(kind, value) of a number word, kind in ones/ten/tens/hundreds/scale."""
    for table, kind in (
        (ONES, "ones"),
        (TEN, "ten"),
        (TENS, "tens"),
        (HUNDREDS, "hundreds"),
        (SCALES, "scale"),
    ):
        if fold in table:
            return kind, table[fold]
    return None


def _word_at(tokens: Sequence[Token], k: int, first: bool) -> tuple[str, float, int] | None:
    """A number word at token k: (kind, value, letters stripped). The first word may carry clitics."""
    fold = tokens[k].fold
    if first and tokens[k].raw[:1] == "و" and tokens[k].raw[1:2] in "أإآ":
        fold = fold[1:]  # "وأحد" is و + أحد, not واحد
        found = _word_value(fold)
        return (found[0], found[1], 1) if found is not None else None
    candidates = (
        clitic_variants(fold) if first else [(fold, 0), *([(fold[1:], 1)] if fold[:1] == "و" else [])]
    )
    for variant, stripped in candidates:
        found = _word_value(variant)
        if found is not None:
            return found[0], found[1], stripped
    return None


def _gap(text: str, tokens: Sequence[Token], k: int) -> str:
    """Text between token k-1 and token k."""
    return text[tokens[k - 1].end : tokens[k].start]


def _read_words(text: str, tokens: Sequence[Token], i: int) -> tuple[float, int, int] | None:
    """A number written in words from token i: (value, end token index, letters stripped at i)."""
    head = _word_at(tokens, i, True)
    if head is None:
        return None
    total = 0.0
    current = 0.0
    k = i
    stripped = head[2]
    kind, value = head[0], head[1]
    while True:
        if kind == "scale":
            current = (current or 1.0) * value
            total += current
            current = 0.0
        elif kind == "ten" and k > i and current and current < 10:
            current += 10
        else:
            current += value
        k += 1
        if k >= len(tokens) or _gap(text, tokens, k).strip():
            break
        nxt = _word_at(tokens, k, False)
        if nxt is None:
            break
        # Words join with و, except a scale or a teen "عشر" that follows directly.
        joined = tokens[k].fold.startswith("و") or nxt[0] in ("scale", "ten")
        if not joined:
            break
        kind, value = nxt[0], nxt[1]
    return total + current, k, stripped


def _approx_start(tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    """(token index, letters of a leading clitic) of an approximation phrase ending before token i."""
    for phrase in APPROX:
        n = len(phrase)
        if i - n < 0:
            continue
        words = [tokens[i - n + j].fold for j in range(n)]
        stripped = 0
        if words[0] != phrase[0] and words[0][:1] in "وبل" and words[0][1:] == phrase[0]:
            words[0] = phrase[0]
            stripped = 1
        if tuple(words) == phrase:
            return i - n, stripped
    return None


def _unit(text: str, tokens: Sequence[Token], k: int) -> tuple[int, int] | None:
    """Tokens [a, b) of the counted noun starting at token k ("من" + noun allowed)."""
    if k >= len(tokens) or _gap(text, tokens, k).strip():
        return None
    after_min = False
    if tokens[k].fold == "من" and k + 1 < len(tokens) and not _gap(text, tokens, k + 1).strip():
        k += 1
        after_min = True
    first = tokens[k].fold
    if first.startswith("ال") and not after_min:
        return None
    if first in STOP or first in MONTHS or not any(c.isalpha() for c in first) or _word_value(first):
        return None
    end = k + 1
    while end < len(tokens) and end - k < MAX_UNIT_TOKENS and not _gap(text, tokens, end).strip():
        fold = tokens[end].fold
        if fold in STOP or fold in MONTHS or _word_value(fold):
            break
        prev = tokens[end - 1].fold
        if fold.startswith(("بال", "لل", "وال", "كال", "فال")):
            break
        if fold.startswith("ال"):
            if end != k + 1 and not prev.startswith("ال"):
                break  # "لاجئ سوري الحدود": a definite word after an adjective is not the unit
        elif (prev.startswith("ال") and end != k + 1) or not (
            fold.endswith(_ADJ_ENDINGS) or (fold.endswith("ه") and prev.endswith(("ات", "ه")))
        ):
            break
        end += 1
    return k, end


def find_quantities(paragraphs: Sequence[str]) -> list[dict[str, Any]]:
    """Quantities (digits or number words) with their counted noun, per paragraph."""
    out: list[dict[str, Any]] = []
    for p, text in enumerate(paragraphs):
        tokens = tokenize(text)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            value: float | None = None
            end_tok = i + 1
            start = tok.start
            digit = _NUMBER.match(text, tok.start)
            if digit is not None and digit.end() < tok.end:
                digit = None
            if digit is not None:
                value = parse_digits(digit.group(2))
                prefix = digit.group(1)
                start = digit.start(2) - (len(prefix) - prefix.index("ال") if "ال" in prefix else 0)
                while end_tok < len(tokens) and tokens[end_tok].start < digit.end():
                    end_tok += 1
                if end_tok < len(tokens) and not _gap(text, tokens, end_tok).strip():
                    scale = _word_value(tokens[end_tok].fold)
                    if scale is not None and scale[0] == "scale":
                        value *= scale[1]
                        end_tok += 1
            elif tok.raw in ("الـ", "ال") and i + 1 < len(tokens):
                i += 1
                continue
            else:
                words = _read_words(text, tokens, i)
                if words is not None:
                    value, end_tok, stripped = words
                    start = tok.start + stripped
                    if tokens[i].fold in TEN and i > 0 and tokens[i - 1].fold.startswith("ال"):
                        value = None  # ordinal "الحادي عشر"
            if value is None:
                i += 1
                continue
            # Dates and years are not quantities (pipeline.core.dates handles them).
            nxt = tokens[end_tok].fold.rstrip("0123456789") if end_tok < len(tokens) else ""
            if digit is None and end_tok == i + 1 and tokens[i].fold in VAGUE_PLURALS:
                i = end_tok  # "آلاف" alone is "thousands", not a number
                continue
            if digit is None and value == 1 and end_tok == i + 1:
                i = end_tok  # "أحد/واحد" alone is mostly "one of", not a count
                continue
            prev = tokens[i - 1].fold if i > 0 else ""
            if nxt in MONTHS or prev in MONTHS or prev in YEAR_WORDS:
                i = end_tok
                continue
            unit = _unit(text, tokens, end_tok)
            percent = digit is not None and text[digit.end() : digit.end() + 1] in ("%", "٪")
            is_year = digit is not None and value.is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]
            if is_year and unit is None:
                i = end_tok
                continue
            approx_at = _approx_start(tokens, i)
            if approx_at is not None:
                start = tokens[approx_at[0]].start + approx_at[1]
            end = tokens[unit[1] - 1].end if unit else tokens[end_tok - 1].end
            unit_text = text[tokens[unit[0]].start : tokens[unit[1] - 1].end] if unit else ""
            if percent and digit is not None:
                unit, unit_text, end = None, text[digit.end()], digit.end() + 1
            out.append(
                {
                    "text": text[start:end],
                    "value": int(value) if value.is_integer() else value,
                    "unit": unit_text,
                    "approx": approx_at is not None,
                    "paragraph": p,
                    "start": start,
                    "end": end,
                }
            )
            i = unit[1] if unit else end_tok
    return out
