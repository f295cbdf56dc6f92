"""Local places named by the noun before them: dams, districts, governors' provinces, datelines."""

from __future__ import annotations

from pipeline.fields.entities import find_entities


def mentions(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [(m["type"], m["surface"]) for m in find_entities(paragraphs)[1]]


def places(paragraphs: list[str]) -> list[str]:
    return [s for t, s in mentions(paragraphs) if t == "place"]


def test_a_dam_or_a_falaj_keeps_its_noun() -> None:
    assert "سد بني هارون" in places(["وتراجع منسوب سد بني هارون إلى النصف."])
    assert "فلج الملكي" in places(["بدأت أعمال صيانة فلج الملكي بالقرية."])


def test_a_village_named_after_a_saint_is_a_place_not_a_person() -> None:
    got = mentions(["وقال أحد سكان قرية الشيخ عبد المنعم إن الطريق مقطوع."])
    assert ("place", "قرية الشيخ عبد المنعم") in got
    assert all(t != "person" for t, _ in got)


def test_a_neighbourhood_named_by_its_dwellings_and_a_district() -> None:
    assert "حي 800 مسكن" in places(["وخرج سكان حي 800 مسكن للاحتجاج."])
    assert "العزيزية" in places(["ويعبر الأهالي إلى قضاء العزيزية يوميا."])
    assert places(["وسط حي سكني مكتظ."]) == []


def test_a_governors_province_and_a_town_named_after_a_person() -> None:
    assert "النماص" in places(["افتتح محافظ النماص المعرض."])
    assert "مدينة حمد" in places(["ويستأجر النادي ملعبا في مدينة حمد."])
    assert places(["والى أين يتجه البلد؟"]) == []


def test_a_direction_after_a_comma_and_a_dateline() -> None:
    assert "قلقيلية" in places(["بدأ المزارعون في قرية عزون، شرق قلقيلية، قطف الزيتون."])
    assert "طوباس" in places(['طوباس - "الأيام": بدأ المزارعون قطف الزيتون.'])


def test_dateline_forms_and_a_town_ending_like_a_verb() -> None:
    assert "الخابورة" in places(["الخابورة ـ «الوطن»: افتتحت البلدية الحديقة."])
    assert "دبا" in places(["دبا (الاتحاد)"])
    assert "بيتونيت" in places(["بدأ الحصاد في قرية كفر زيد، شمال بيتونيت، أمس."])
    assert places(['حملة "إلى الحقول" لمساندة المزارعين.']) == []
    assert places(["المرحلة الأولى - كما قال المدير - انتهت."]) == []


def test_a_place_noun_alone_later_is_the_place_named_with_it() -> None:
    got = find_entities(
        [
            "بدأت أعمال صيانة فلج الملكي في قرية وادي السحتن.",
            "وقال المهندس إن الفلج يروي 300 نخلة، وإن أهالي القرية ساهموا في العمل.",
            "وزار الوفد المدينة المنورة أمس.",
        ]
    )[1]
    later = [(m["surface"], m["name"]) for m in got if m["paragraph"] == 1]
    assert ("الفلج", "فلج الملكي") in later
    assert all(m["surface"] != "المدينة" for m in got)


def test_the_town_of_a_municipality_is_a_place_where_named_alone() -> None:
    got = find_entities(["أعلنت بلدية الخور بدء الأعمال.", "ويسكن في الخور نحو 30 ألف نسمة."])[1]
    assert ("organization", "بلدية الخور") in [(m["type"], m["surface"]) for m in got]
    assert ("place", "الخور") in [(m["type"], m["surface"]) for m in got if m["paragraph"] == 1]


def test_a_governor_of_the_city_names_no_place() -> None:
    assert places(["وقال محافظ المدينة إن الطرق سالكة."]) == []


def test_filling_a_gap_is_no_dam() -> None:
    assert places(["وتسعى الحكومة إلى سد العجز في الموازنة."]) == []


def test_an_agency_marker_after_a_dateline_is_no_place() -> None:
    got = places(["الدوحة في 14 أكتوبر /قنا/ افتتحت البلدية الحديقة."])
    assert got == ["الدوحة"]
    assert "قنا" in places(["وزار الوفد محافظة قنا في صعيد مصر."])


def test_a_label_is_no_dateline_town_and_a_noun_in_construct_no_district() -> None:
    assert places(['عاجل - "الوكالة": انقطاع الكهرباء عن المدينة.']) == []
    assert places(["ويعمل المكتب على قضاء حوائج المراجعين."]) == []
