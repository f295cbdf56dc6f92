"""A club named once as "نادي X" is X alone elsewhere in the story."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def test_a_club_named_with_nadi_is_its_bare_name_later() -> None:
    paragraphs = [
        "أعلن نادي الوحدة تعاقده مع مدرب جديد.",
        "وقال المدرب إن الوحدة يسعى للفوز، وإن لاعبي الوحدة جاهزون.",
    ]
    got = [(m["paragraph"], m["surface"], m["name"]) for m in find_entities(paragraphs)[1]]
    assert got.count((1, "الوحدة", "نادي الوحدة")) == 2


def test_the_bare_word_before_an_adjective_is_another_phrase() -> None:
    paragraphs = ["أعلن نادي الوحدة تعاقده مع مدرب.", "وتحدث الوزير عن الوحدة الوطنية."]
    got = [m["surface"] for m in find_entities(paragraphs)[1] if m["paragraph"] == 1]
    assert "الوحدة" not in got
