"""Streets, bridges, grounds and districts keep their noun in their name."""

from __future__ import annotations

from pipeline.fields.entities import find_entities


def places(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "place"]


def people(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "person"]


def test_a_ground_named_after_a_prince_is_a_place_and_no_person() -> None:
    text = ["وأقيمت المباراة على ملعب الأمير فيصل أمس."]
    assert places(text) == ["ملعب الأمير فيصل"]
    assert people(text) == []


def test_a_bridge_and_a_street_named_by_a_definite_word() -> None:
    assert places(["وعبر المشيعون جسر الشهداء مساء أمس."]) == ["جسر الشهداء"]
    assert "شارع الجيش" in places(["ويقع المستشفى في شارع الجيش منذ سنوات."])


def test_by_means_of_is_no_road() -> None:
    assert places(["وتم التسجيل عن طريق الإنترنت."]) == []


def test_a_district_keeps_its_noun_also_when_its_name_is_a_known_place() -> None:
    assert places(["وانتقل السكان إلى حي الورود قبل عامين."]) == ["حي الورود"]
    assert places(["وتضررت منازل في حي الزهور بالمدينة."])[0] == "حي الزهور"


def test_a_square_is_a_place_a_battlefield_or_a_path_of_dialogue_is_not() -> None:
    assert places(["واحتشد الحرفيون في ساحة النحاسين وسط المدينة."]) == ["ساحة النحاسين"]
    assert places(["وسقط الجنود في ساحة المعركة."]) == []
    assert places(["وسلك الطرفان طريق الحوار."]) == []


def test_an_iraqi_quarter_after_mahalla() -> None:
    assert places(["وانقطعت المياه عن محلة الزنجيلي منذ يومين."]) == ["الزنجيلي"]
