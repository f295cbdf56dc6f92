"""East Asian names: a family name and two syllables, the last one a short word."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def people(paragraph: str) -> list[str]:
    return [m["surface"] for m in find_entities([paragraph])[1] if m["type"] == "person"]


def test_a_korean_name_keeps_its_last_syllable_before_a_comma() -> None:
    got = people("وأوضح مدير المشروع من الجانب الكوري، المهندس كيم جون هو، أن المحطة تعمل بالطاقة الشمسية.")
    assert got == ["كيم جون هو"]


def test_a_short_word_running_on_into_the_sentence_is_no_syllable() -> None:
    assert "كيم جون هو" not in people("وقال المهندس كيم جون هو المسؤول عن الموقع إن العمل مستمر.")
