"""Full names of unknown people after a role or a speech verb, and given names before بن/بنت."""

from __future__ import annotations

from pipeline.fields.entities import find_entities


def people(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "person"]


def test_a_full_name_after_a_role_takes_a_given_name_in_no_list() -> None:
    assert people(["وقالت الممرضة وداد عبد الكريم السامرائي، التي تعمل في المستوصف، إن الدواء نفد."]) == [
        "وداد عبد الكريم السامرائي"
    ]
    assert people(["وأشار الموظف تيسير ناجي الربيعي إلى أن الطريق مغلق."]) == ["تيسير ناجي الربيعي"]


def test_a_full_name_before_a_bracket_or_an_outlet_ends_there() -> None:
    assert people(["وقالت البائعة رغيدة محمود عواد (40 عاماً): «الأسعار ارتفعت»."]) == ["رغيدة محمود عواد"]
    assert people(["وقال السائق مهند كريم الفتلاوي لـ«الصباح» إن الزحام شديد."]) == ["مهند كريم الفتلاوي"]


def test_the_father_after_bint_is_part_of_the_name() -> None:
    got = people(["وقالت وضحى بنت ناصر الحارثي، صاحبة المشغل، إن الطلب زاد."])
    assert got == ["وضحى بنت ناصر الحارثي"]


def test_a_role_adjective_or_a_run_without_a_name_shape_is_no_person() -> None:
    assert people(["وقال مدير فني سامي الترابلسي إن الفريق جاهز."]) == ["سامي الترابلسي"]
    assert people(["وقال المدرب إن الفريق جاهز للمباراة."]) == []
    assert people(["وأكدت الوزارة عبر موقعها أن التسجيل مستمر."]) == []


def test_a_compound_given_name_goes_on_to_a_maghrebi_family_name() -> None:
    assert people(["وقال رئيس البلدية، عبد الرحيم بوشامة، إن الأشغال انطلقت."]) == ["عبد الرحيم بوشامة"]


def test_an_apposition_between_commas_with_a_compound_given_name() -> None:
    got = people(["وأكد مدير المصنع، محمد الطاهر عياشي، أن الإنتاج توقف."])
    assert got == ["محمد الطاهر عياشي"]


def test_a_womans_feminine_family_nisba_closes_her_name() -> None:
    got = people(["وقالت المعلمة موزة بنت حمد الكلبانية، مديرة المدرسة، إن الطالبات تفوقن."])
    assert got == ["موزة بنت حمد الكلبانية"]


def test_a_prepositions_complement_or_a_pronoun_is_no_person() -> None:
    got = people(["وحضر نائب رئيس الاتحاد المحلي لكرة السلة المباراة."])
    assert got == []
    got = people(["وأيدت المحكمة الحكم القاضي ببطلان العقد."])
    assert got == []
    got = people(["ونقل البيان عن رئيس لجنة الصحة فيه، مازن علي الخفاجي، قوله إن الأدوية وصلت."])
    assert got == ["مازن علي الخفاجي"]


def test_a_town_learned_from_a_place_noun_is_no_fathers_name() -> None:
    got = find_entities(
        ["ويقع الملعب في مدينة حمد شمالي البلاد.", "وحضر الافتتاح رئيس الاتحاد خالد حمد البوعينين."]
    )[1]
    names = [(m["type"], m["surface"]) for m in got]
    assert ("person", "خالد حمد البوعينين") in names
    assert all(not (t == "place" and s == "حمد") for t, s in names)


def test_a_learned_town_inside_a_full_name_gives_way_to_the_name() -> None:
    got = find_entities(
        ["ويتدرب الفريق في مدينة عيسى منذ سنوات.", "وحضر نائب رئيس اللجنة الأولمبية عادل عيسى الكواري."]
    )[1]
    names = [(m["type"], m["surface"]) for m in got]
    assert ("person", "عادل عيسى الكواري") in names
    assert ("place", "عيسى") not in names


def test_a_relative_named_after_amma_and_a_possessed_noun() -> None:
    assert people(["أما شقيقه الهادي بن عمر، وهو تاجر، فقال إن السوق راكدة."]) == ["الهادي بن عمر"]
    assert people(["أما زميلتها في العمل فقالت إن الأجور متدنية."]) == []


def test_a_given_name_with_the_article_in_an_apposition_or_before_an_outlet() -> None:
    assert people(["وأوضح رئيس الجماعة، الحسين بوعزة، أن المشروع تأخر."]) == ["الحسين بوعزة"]
    got = people(['وقال الخبير الاقتصادي محمد الطاهر بنعلي لـ"الصباح" إن التضخم سيرتفع.'])
    assert got == ["محمد الطاهر بنعلي"]


def test_a_conjoined_title_opens_no_full_name() -> None:
    got = people(["وشارك في الندوة الباحث عبد الرحمن يوسف الشمري والدكتورة ليلى أحمد."])
    assert "عبد الرحمن يوسف الشمري" in got
    assert all(not p.startswith("و") for p in got)
