"""السيد or الحاج inside a name: a father's name, not the honorific of a second person."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def people(paragraph: str) -> list[str]:
    return [m["surface"] for m in find_entities([paragraph])[1] if m["type"] == "person"]


def test_al_sayyid_between_a_given_name_and_a_name_is_inside_it() -> None:
    got = people("والضحايا هم: علي رزاق مطشر (31 عاماً)، والعامل المصري محمود السيد عبد الفتاح (45 عاماً).")
    assert "محمود السيد عبد الفتاح" in got
    assert "عبد الفتاح" not in got


def test_al_hajj_between_two_names_joins_them() -> None:
    assert people("وقال رئيس الغرفة خليل الحاج توفيق إن الأسواق مستقرة.") == ["خليل الحاج توفيق"]


def test_an_honorific_opening_a_name_stays_outside_it() -> None:
    assert people("وقال الحاج جبار حسين علوان إن ابنه خرج.") == ["جبار حسين علوان"]
