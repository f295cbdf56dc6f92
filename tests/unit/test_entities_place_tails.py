"""A place named after its noun (مدينة، ولاية) ends before an amount or a duration."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def places(paragraph: str) -> list[str]:
    return [m["surface"] for m in find_entities([paragraph])[1] if m["type"] == "place"]


def test_an_amount_or_a_duration_is_no_second_word_of_a_place() -> None:
    assert places("وتدرب الفنيون في مدينة أولسان لمدة ثلاثة أشهر.") == ["أولسان"]
    assert places("وتضم ولاية اترارزة أكثر من نصف المساحات المروية.") == ["اترارزة"]


def test_a_word_with_lil_after_madina_is_no_town() -> None:
    assert places("وما زالت التعاونية مدينة للقرض الزراعي بمبالغ كبيرة.") == []


def test_a_dual_place_noun_before_a_list_of_two_names_both() -> None:
    assert places("وتتجاوز نسبة الفاقد في محافظتي المفرق وجرش 45 بالمئة.") == ["المفرق", "جرش"]
    assert places("وقال إن منطقتي الصناعية مغلقة وفيها مصانع.") == []


def test_a_village_named_after_a_clan_keeps_its_name_after_albu() -> None:
    assert "البو صالح" in places("وقال الأب، من قرية البو صالح في ناحية الغراف، إن ابنه خرج فجرا.")
