"""A neighbourhood named by a number ("حي 500 مسكن") is a place, the number no quantity."""

from __future__ import annotations

from pipeline.fields.quantities import find_quantities


def test_a_neighbourhood_number_is_no_quantity() -> None:
    assert find_quantities(["وقالت ربة بيت تقطن بحي 800 مسكن إن المياه مقطوعة."]) == []
    got = find_quantities(["وتضم المدينة 800 مسكن جديد."])
    assert [q["value"] for q in got] == [800]
