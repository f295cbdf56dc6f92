"""Quantities in article text: digits and Arabic number words with the noun they count."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from pipeline.core.text import fold_arabic, has_arabic_script, to_ascii_digits
from pipeline.fields.numwords import (
    APPROX,
    HUNDREDS,
    IDENTIFIER_CUES,
    MONTHS,
    ONES,
    SCALES,
    STOP,
    TEN,
    TENS,
    VAGUE_PLURALS,
    WEEKDAY_NUMBERS,
    YEAR_PREPOSITIONS,
    YEAR_WORDS,
)
from pipeline.fields.words import Token, clitic_variants, tokenize

LOGGER = logging.getLogger(__name__)

MAX_UNIT_TOKENS = 3
NEGATIONS = frozenset(("لا", "لم", "لن", "ما", "ليس"))
YEAR_RANGE = (1800, 2100)


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
    except ValueError:  # "1,2,3", "1.2,3": a list or an id, not one number; the digits alone
        return float(text.replace(".", "").replace(",", ""))


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


def _word_at(tokens: Sequence[Token], k: int, first: bool) -> tuple[str, float, int, bool] | None:
    """A number word at token k: (kind, value, letters stripped, with the article). The first word may carry clitics.

    An article is stripped from ones and tens ("الثلاث سنوات", "الساعات الأربع والعشرين"), never
    from the weekday names الأحد and الاثنين.
    """
    fold = tokens[k].fold
    if first and tokens[k].raw[:1] == "و" and tokens[k].raw[1:2] in "أإآ":
        fold = fold[1:]  # "وأحد" is و + أحد, not واحد
        found = _word_value(fold)
        return (found[0], found[1], 1, False) if found is not None else None
    candidates = (
        clitic_variants(fold) if first else [(fold, 0), *([(fold[1:], 1)] if fold[:1] == "و" else [])]
    )
    for variant, stripped in candidates:
        found = _word_value(variant)
        if found is not None:
            return found[0], found[1], stripped, False
    for variant, stripped in candidates:
        bare = variant[2:]
        if variant.startswith("ال") and bare not in WEEKDAY_NUMBERS and (bare in ONES or bare in TENS):
            found = _word_value(bare)
            if found is not None:
                return found[0], found[1], stripped, True
    return None


def _gap(text: str, tokens: Sequence[Token], k: int) -> str:
    """Text between token k-1 and token k."""
    return text[tokens[k - 1].end : tokens[k].start]


def _read_words(
    text: str, tokens: Sequence[Token], i: int, first: bool = True
) -> tuple[float, int, int, float, bool] | None:
    """A number written in words from token i.

    (value, end token index, letters stripped at i, largest scale word, written with the article).
    """
    head = _word_at(tokens, i, first)
    if head is None:
        return None
    definite = head[3]
    scale = 0.0
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
            scale = max(scale, value if value in (1e3, 1e6, 1e9, 1e12) else value / 2)
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
    return total + current, k, stripped, scale, definite


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
    if first[:1] in ("و", "ف") and (first[1:] in STOP or first[1:] in NEGATIONS):
        return None  # "اللاءات الثلاث ولا للتطبيع": a conjunction starts the next clause
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


class _Number(NamedTuple):
    value: float
    end_tok: int  # exclusive
    start: int  # character offset
    digits: re.Match[str] | None
    scale: float  # the largest scale word read ("ألف" = 1000), 0 without one
    definite: bool  # "الـ12", "الأربع": a number after its noun


def _number_at(text: str, tokens: Sequence[Token], i: int, first: bool = True) -> _Number | None:
    """A number starting at token i: digits (with a scale word after) or number words."""
    tok = tokens[i]
    digit = _NUMBER.match(text, tok.start)
    if digit is not None and digit.end() < tok.end:
        digit = None
    if digit is not None:
        value = parse_digits(digit.group(2))
        prefix = digit.group(1)
        start = digit.start(2) - (len(prefix) - prefix.index("ال") if "ال" in prefix else 0)
        end_tok = i + 1
        while end_tok < len(tokens) and tokens[end_tok].start < digit.end():
            end_tok += 1
        scale = 0.0
        if end_tok < len(tokens) and not _gap(text, tokens, end_tok).strip():
            found = _word_value(tokens[end_tok].fold)
            if found is not None and found[0] == "scale":
                value *= found[1]
                scale = found[1]
                end_tok += 1
        return _Number(value, end_tok, start, digit, scale, "ال" in prefix)
    words = _read_words(text, tokens, i, first)
    if words is None:
        return None
    value, end_tok, stripped, scale, definite = words
    if tokens[i].fold in TEN and i > 0 and tokens[i - 1].fold.startswith("ال"):
        return None  # ordinal "الحادي عشر"
    return _Number(value, end_tok, tok.start + stripped, None, scale, definite)


def _continued(text: str, tokens: Sequence[Token], number: _Number) -> _Number:
    """ "49 ألفاً و759", "مليار و840 مليون", "ثلاثة ملايين و200 ألف": the parts after و added."""
    while number.scale and number.end_tok < len(tokens) and not _gap(text, tokens, number.end_tok).strip():
        k = number.end_tok
        if not tokens[k].fold.startswith("و"):
            break
        part = _number_at(text, tokens, k, first=False)
        if part is None or part.value >= number.scale or part.definite:
            break
        number = number._replace(value=number.value + part.value, end_tok=part.end_tok, scale=part.scale)
    return number


def _is_identifier(text: str, tokens: Sequence[Token], i: int, number: _Number) -> bool:
    """A phone or hotline number, a resolution or article number, a code: not a quantity."""
    if number.digits is not None:
        raw = to_ascii_digits(number.digits.group(2))
        if raw.isdigit() and ((raw[0] == "0" and len(raw) >= 4) or (len(raw) >= 7 and not number.scale)):
            return True
    if i > 0 and tokens[i - 1].fold in NEIGHBOURHOOD:
        return True  # "حي 500 مسكن": a neighbourhood named by its number of dwellings
    return any(_strip_conj(tokens[k].fold) in IDENTIFIER_CUES for k in range(max(0, i - 3), i))


NEIGHBOURHOOD = frozenset(fold_arabic(w) for w in ("حي", "بحي", "وحي", "لحي", "فحي"))


def _strip_conj(fold: str) -> str:
    return fold[1:] if len(fold) > 3 and fold[0] in "وف" else fold


_PERCENT = re.compile(r"\s*(?:[%٪]|(?:في|فى)\s+(?:ال)?(?:مائة|مئة|مئه|مائه)|بالمائة|بالمئة|بالمئه|بالمائه)")


def _score(text: str, tokens: Sequence[Token], i: int, end_tok: int) -> bool:
    """A number in a score or a date written with spaces: "2-1", "29 / 3 / 1447هـ"."""
    after = text[tokens[end_tok - 1].end : tokens[end_tok].start] if end_tok < len(tokens) else ""
    before = text[tokens[i - 1].end : tokens[i].start] if i > 0 else ""
    return (after.strip() in ("-", "/") and tokens[end_tok].fold[:1].isdigit()) or (
        before.strip() in ("-", "/") and tokens[i - 1].fold[:1].isdigit()
    )


def _plural_before(text: str, tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    """An indefinite plural right before a number word counts it: "موظفين اثنين", "طلاب ثلاثة"."""
    k = i - 1
    if k < 0 or _gap(text, tokens, i).strip():
        return None
    fold = _strip_conj(tokens[k].fold)
    if fold.startswith("ال") or fold in STOP or not fold.isalpha() or not fold.endswith(("ين", "ون", "ات")):
        return None
    return k, k + 1


def _unit_before(text: str, tokens: Sequence[Token], i: int) -> tuple[int, int, bool] | None:
    """The noun before a number that follows it: "الساعات الأربع", "مراكز الاستقبال الـ12", "عدد الشهداء 56".

    (first token, end token, the noun is counted by "عدد" before it).
    """
    k = i - 1
    if k < 0 or _gap(text, tokens, i).strip():
        return None
    fold = tokens[k].fold
    if not fold.startswith("ال") or fold in STOP or _word_value(fold[2:]) is not None:
        return None
    if k > 0 and not _gap(text, tokens, k).strip():
        head = _strip_conj(tokens[k - 1].fold)
        if head == _ADAD:
            return k, k + 1, True
        if head.startswith("ال") and _is_adjective(fold):
            return k - 1, k + 1, False  # a noun and its adjective: "الخطوط الإنتاجية الست"
        if (
            not head.startswith("ال")
            and head[:1] not in ("ل", "ب")
            and head not in STOP
            and head.isalpha()
            and _word_value(head) is None
        ):
            return k - 1, k + 1, False  # a construct head: "مراكز الاستقبال" (not "لتغطية الفترات")
    return k, k + 1, False


_ADAD = fold_arabic("عدد")


def _is_adjective(fold: str) -> bool:
    """A nisba adjective with the article: "الإنتاجية", "السكنية"."""
    return fold.startswith("ال") and fold.endswith(("ي", "يه", "يين", "يون", "يات"))


def find_quantities(paragraphs: Sequence[str]) -> list[dict[str, Any]]:
    """Quantities (digits or number words) with their counted noun, per paragraph."""
    out: list[dict[str, Any]] = []
    for p, text in enumerate(paragraphs):
        tokens = tokenize(text)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.raw in ("الـ", "ال") and i + 1 < len(tokens):
                i += 1
                continue
            if tok.raw[0].isalpha() and not has_arabic_script(tok.raw[0]):
                i += 1  # "the", "Jahre": neither digits nor an Arabic number word start here
                continue
            number = _number_at(text, tokens, i)
            if number is None:
                i += 1
                continue
            number = _continued(text, tokens, number)
            value, end_tok, start, digit = number.value, number.end_tok, number.start, number.digits
            # Dates and years are not quantities (pipeline.core.dates handles them).
            nxt = tokens[end_tok].fold.rstrip("0123456789") if end_tok < len(tokens) else ""
            if digit is None and end_tok == i + 1 and tokens[i].fold in VAGUE_PLURALS:
                i = end_tok  # "آلاف" alone is "thousands", not a number
                continue
            if digit is None and value == 1 and end_tok == i + 1:
                i = end_tok  # "أحد/واحد" alone is mostly "one of", not a count
                continue
            prev = tokens[i - 1].fold if i > 0 else ""
            if (
                nxt in MONTHS
                or prev in MONTHS
                or prev in YEAR_WORDS
                or _is_identifier(text, tokens, i, number)
            ):
                i = end_tok
                continue
            is_year = digit is not None and value.is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]
            if is_year and not number.scale and _strip_conj(prev) in YEAR_PREPOSITIONS:
                i = end_tok  # "في 1989", "منذ 2011"
                continue
            if digit is not None and _score(text, tokens, i, end_tok):
                i = end_tok  # "5-3-2025", "2-1": a date or a score, whatever follows
                continue
            percent = _PERCENT.match(text, tokens[end_tok - 1].end)
            unit = None if percent else _unit(text, tokens, end_tok)
            if is_year and unit is None and not percent:
                i = end_tok
                continue
            before = None
            if unit is None and not percent and (number.definite or digit is not None):
                found_before = _unit_before(text, tokens, i)
                if found_before is not None and (number.definite or found_before[2]):
                    before = found_before[:2]
                elif (found_before is not None and not number.scale) or _score(text, tokens, i, end_tok):
                    i = end_tok  # "في الدقيقة 71", "الفصل 52", "بنتيجة 2-1": a rank, a label, a score
                    continue
            elif unit is None and not percent and digit is None:
                before = _plural_before(text, tokens, i)  # "موظفين اثنين"
            approx_at = _approx_start(tokens, i)
            if approx_at is not None:
                start = tokens[approx_at[0]].start + approx_at[1]
            end = tokens[unit[1] - 1].end if unit else tokens[end_tok - 1].end
            unit_text = text[tokens[unit[0]].start : tokens[unit[1] - 1].end] if unit else ""
            if percent:
                unit_text, end = "%", percent.end()
            elif before is not None:
                unit_text = text[tokens[before[0]].start : tokens[before[1] - 1].end]
                start = min(start, tokens[before[0]].start)
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
