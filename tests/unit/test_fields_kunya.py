"""People named by their kunya (أبو/أم + a given name)."""

from __future__ import annotations

from pipeline.fields.entities import find_entities


def people(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "person"]


def test_a_kunya_alone_after_a_speech_verb_closed_by_a_comma() -> None:
    assert people(["ويقول أبو سامر، صاحب مخبز في الحي، إن الطحين غلا."]) == ["أبو سامر"]
    assert people(["وتقول أم يوسف، التي تبيع الخبز، إن الزبائن قلّوا."]) == ["أم يوسف"]


def test_a_kunya_after_a_naming_verb() -> None:
    assert people(["وقال أحد السائقين، ويدعى أبو عبدالله، إن الطريق مغلق."]) == ["أبو عبدالله"]


def test_a_kunya_with_a_family_nisba_anywhere() -> None:
    assert people(["ويديرها منذ عامين أبو خالد الكبيسي مع أبنائه."]) == ["أبو خالد الكبيسي"]


def test_a_kunya_with_no_cue_or_named_after_is_no_person() -> None:
    assert people(["وصلى المصلون في مسجد أبو بكر الصديق."]) == []
    assert people(["ويمر الطريق قرب أبو أحمد ثم ينعطف."]) == []
