"""The structured fields' shortcuts change no output: each is checked against the full scan it skips.

- dates: a paragraph with no number and no date word is not scanned (``_may_hold_date``);
- entities: text without Arabic script skips the pattern finders (they read Arabic words only);
- quotes: text without Arabic script has no attributed statement (Arabic reporting verbs);
- quantities: a word starting with a non-Arabic letter is no number.

Each test runs the code with the shortcut and with it switched off, over the project's annotated
paragraphs and over paragraphs in other languages written here, and asserts the same result.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.text import has_arabic_script
from pipeline.fields import dates_mentioned, entities, quantities, quotes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fields"
REF = datetime.date(2024, 5, 15)

# Written for these tests: news sentences in other languages, with dates, numbers, places, datelines.
OTHER_LANGUAGES = [
    "LONDON — The minister said on Thursday that 1,200 new homes would be built in Iran and Iraq by 2026.",
    "Last week the council met again; today it will vote. Next Monday, the mayor travels to Egypt.",
    "In March the company hired 45 engineers, since January 2023 its staff grew by 12 percent.",
    "Le ministre a annoncé mardi 14 mai 2024 que 300 logements seront construits au Maroc.",
    "Die Regierung in Berlin hat am 3. Juni 2024 beschlossen, 15 Millionen Euro bereitzustellen.",
    "PARIS (AFP) - Early this year, late last year, mid-2025 and yesterday: all of them are dates.",
    "Nothing here is a date or a number, only words about Jordan, Lebanon and Syria.",
    "El presidente de Argentina viajó el lunes a Brasil con 20 ministros.",
    "The Gulf summit in Doha drew leaders from Saudi Arabia, Qatar, Kuwait and Oman on Sunday.",
    "«Nous allons reconstruire», a-t-il dit, selon l'agence, dans la ville de Beyrouth.",
]


def _annotated_paragraphs() -> list[str]:
    cases = json.loads((FIXTURES / "paragraphs.json").read_text(encoding="utf-8"))["cases"]
    texts = [p for case in cases for p in case["paragraphs"]]
    for line in (FIXTURES / "invented_names.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            texts.append(line.split("\t")[0])
    return texts


PARAGRAPHS = _annotated_paragraphs() + OTHER_LANGUAGES


def test_annotated_paragraphs_are_many_and_mixed() -> None:
    assert len(PARAGRAPHS) > 300
    assert sum(not has_arabic_script(p) for p in PARAGRAPHS) == len(OTHER_LANGUAGES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال الوزير", True),
        ("می‌شود", True),  # Persian
        ("ﻻ", True),  # a presentation form
        ("The minister said", False),
        ("שלום עולם", False),  # Hebrew
        ("12 - 2024", False),
        ("Ministre ٣ fois", True),  # an Arabic-Indic digit
    ],
)
def test_has_arabic_script(text: str, expected: bool) -> None:
    assert has_arabic_script(text) is expected


def test_dates_shortcut_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # it does skip: the sentence with no number and no date word
    assert not dates_mentioned._may_hold_date(
        dates_mentioned._tokens(*dates_mentioned._fold_map(OTHER_LANGUAGES[6]))
    )
    fast = dates_mentioned.find_dates(PARAGRAPHS, REF)
    monkeypatch.setattr(dates_mentioned, "_may_hold_date", lambda toks: True)
    slow = dates_mentioned.find_dates(PARAGRAPHS, REF)
    assert len(fast) > 15
    assert fast == slow


def test_dates_without_digits_still_found() -> None:
    found = dates_mentioned.find_dates([OTHER_LANGUAGES[1], "وصل الوفد أمس وسيغادر الأسبوع المقبل"], REF)
    texts = {d.text for d in found}
    assert {"Last week", "today", "أمس", "الأسبوع المقبل"} <= texts


@pytest.mark.parametrize(
    ("module", "finder", "least"),
    [(entities, "find_entities", 1), (quotes, "find_quotes", 50), (quantities, "find_quantities", 40)],
)
def test_script_shortcut_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, module: Any, finder: str, least: int
) -> None:
    fast = getattr(module, finder)(PARAGRAPHS)
    monkeypatch.setattr(module, "has_arabic_script", lambda text: True)
    slow = getattr(module, finder)(PARAGRAPHS)
    assert len(fast) >= least
    assert fast == slow


def test_text_in_other_scripts_keeps_its_datelines_and_numbers() -> None:
    latin = range(len(PARAGRAPHS) - len(OTHER_LANGUAGES), len(PARAGRAPHS))
    mentions = entities.find_entities(PARAGRAPHS)[1]
    assert "PARIS" in {m["name"] for m in mentions if m["paragraph"] in latin}  # a dateline in Latin script
    counts = quantities.find_quantities(PARAGRAPHS)
    assert any(q["value"] == 1200 and q["paragraph"] in latin for q in counts)  # "1,200 new homes"
