"""A mosque or a village named after a titled person is a place; the person is not mentioned."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def typed(paragraph: str) -> list[tuple[str, str]]:
    return [(m["surface"], m["type"]) for m in find_entities([paragraph])[1]]


def test_a_mosque_named_after_a_sheikh_is_a_place() -> None:
    got = typed("وأقيمت الصلاة في جامع الشيخ عبد الله الأغا وسط المدينة.")
    assert got == [("جامع الشيخ عبد الله الأغا", "place")]


def test_a_village_named_after_a_sheikh_is_one_place() -> None:
    got = typed("وقال المزارع الطيب ود بابكر من قرية طيبة الشيخ عبد الباقي إن السماد تأخر.")
    assert ("طيبة الشيخ عبد الباقي", "place") in got
    assert all(surface != "عبد الباقي" for surface, _ in got)


def test_a_titled_person_elsewhere_stays_a_person() -> None:
    assert typed("واستقبل الشيخ محمد بن زايد الوفد.")[0][1] == "person"
