"""Person matches closed by a word that names nobody: an adjective, a narrative verb, a plural."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def people(paragraph: str) -> list[str]:
    return [m["surface"] for m in find_entities([paragraph])[1] if m["type"] == "person"]


def test_an_adjective_after_a_role_or_a_name_word_names_nobody() -> None:
    assert people("ويحق للنادي تسجيل مدرب جديد حتى نهاية الشهر.") == []
    assert people("ولا يمكن إضافة أسماء جديدة إلى القائمة.") == []


def test_a_plural_noun_given_name_before_a_definite_plural_is_a_list() -> None:
    assert people("وأعلنت المؤسسة أسماء الفائزين بجائزة الرواية.") == []
    assert people("وأطلقت أسماء الجابري، مؤسسة مبادرة «كتابي»، حملة لجمع الكتب.") == ["أسماء الجابري"]


def test_a_narrative_verb_after_a_name_is_no_family_name() -> None:
    assert people("وقال والده إن «كرار خرج من البيت في الرابعة فجراً».") == ["كرار"]
    got = people("وألقى الدكتور يوسف الأنصاري رئيس الجامعة كلمة رفع فيها الشكر.")
    assert "كلمة رفع" not in got
