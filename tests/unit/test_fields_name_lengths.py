"""How far a person's name runs after a title: hamza-initial given names, compound given names,
a family name with the article ending in ا."""

from __future__ import annotations

from pipeline.fields.entities import find_entities, tokenize
from pipeline.fields.patterns import _forward_name


def people(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "person"]


def test_a_hamza_initial_given_name_is_no_family_name_with_the_article() -> None:
    # "إلياس" folds to الياس: it is the father's name, the family name follows
    assert people(["وقال المهندس نبيل إلياس قرداحي، إن الأشغال انتهت."]) == ["نبيل إلياس قرداحي"]
    assert people(["وكتب الدكتور ميشال ألبير نعمة على حسابه أن المشروع تأخر."]) == ["ميشال ألبير نعمة"]


def test_a_compound_given_name_leaves_room_for_the_father_and_the_family() -> None:
    got = people(["وقال الأستاذ نور الدين سامي عيسوي، لـ«المساء» إن القضية مستمرة."])
    assert got == ["نور الدين سامي عيسوي"]
    # the title's name span: four words with a compound, three without one
    text = "الأستاذ نور الدين سامي عيسوي إن"
    assert _forward_name(text, tokenize(text), 1, []) == 4
    text = "الأستاذ نبيل سامي عيسوي إن"
    assert _forward_name(text, tokenize(text), 1, []) == 3


def test_a_family_name_with_the_article_ending_in_alif_closes_the_name() -> None:
    got = people(["وقال عميد المعهد الدكتور علاء الدين منير الحلوا إن المختبر جاهز."])
    assert got == ["علاء الدين منير الحلوا"]


def test_a_compound_given_name_before_a_first_name_and_a_nisba_is_one_person() -> None:
    got = people(["وقال الموظف في قسم الصيانة عبد الكريم سالم الهاجري لـ«الصحيفة» إن العمل مستمر."])
    assert got == ["عبد الكريم سالم الهاجري"]


def test_the_mauritanian_family_name_fal_is_a_name_word() -> None:
    got = people(["وقالت المستشارة خديجة منت أحمد فال، عضو المجلس، إن الطريق مقطوع."])
    assert got == ["خديجة منت أحمد فال"]


def test_a_hadrami_ba_family_name_where_the_name_ends() -> None:
    assert people(["وأوضح المهندس سالم عمر باوزير، مدير المشروع، أن العمل بدأ."]) == ["سالم عمر باوزير"]
    # بـ + a noun of the shape إفعال after a name is no family name
    assert people(["وقال المدير سالم أحمد بإشراف الوزارة إن العمل بدأ."]) == ["سالم أحمد"]


def test_a_given_name_and_a_divine_name_are_a_compound_anywhere_in_the_name() -> None:
    got = people(["وقال مدير الهيئة البروفيسور فضل الكريم عمر إبراهيم إن البذور وصلت."])
    assert got == ["فضل الكريم عمر إبراهيم"]
    got = people(["وقال رئيس المصلحة المهندس سامر نبيل علاء الدين إن الأعمال بدأت."])
    assert got == ["سامر نبيل علاء الدين"]


def test_three_known_given_names_leave_room_for_a_family_name() -> None:
    text = "الكابتن محمد علي سالم عبيد إن"
    assert _forward_name(text, tokenize(text), 1, []) == 4
    text = "الكابتن محمد رائع سالم عبيد إن"
    assert _forward_name(text, tokenize(text), 1, []) == 3


def test_a_given_name_opening_with_fa_goes_on_a_name() -> None:
    got = people(['وقال نقيب المهندسين، الدكتور عبد الرحيم فارس الشرعة، لـ"الصحيفة" إن المشروع تأخر.'])
    assert got == ["عبد الرحيم فارس الشرعة"]


def test_a_preposition_and_a_noun_in_construct_after_a_title_is_no_name() -> None:
    assert people(["وقال المدير التنفيذي لقطاع الخدمات الرقمية إن المنصة جاهزة."]) == []


def test_a_noun_with_their_is_no_name_word() -> None:
    got = people(["وأنهى المستشفى في مدينة الزرقاء عقودهم مطلع آذار الماضي، دون تعويض."])
    assert got == []


def test_a_fourth_name_word_only_where_the_name_visibly_ends() -> None:
    got = people(["وفي ختام اللقاء، سلم مدير الفرع نور الدين سامي الجوائز التذكارية على المشاركين."])
    assert got == ["نور الدين سامي"]
    got = people(["وأشار مدير الهيئة البروفيسور عوض الكريم عمر إبراهيم إلى أن البذور وصلت."])
    assert got == ["عوض الكريم عمر إبراهيم"]


def test_a_possessed_noun_after_a_name_is_the_object() -> None:
    assert people(["ويقيم الفنان التشكيلي حسين ماضي معرضه في بيروت."]) == ["حسين ماضي"]
    assert people(["وقال الشيخ محمد عبد الله الكبيسي إن الموسم جيد."]) == ["محمد عبد الله الكبيسي"]


def test_a_lam_complement_of_the_role_is_no_name() -> None:
    got = people(["وتفقد نائب رئيس قوة الدفاع المدني لقطاع مكافحة الحريق، اللواء سامي عادل الحربي، الموقع."])
    assert got == ["سامي عادل الحربي"]
    assert people(["وقال لؤي الشرعة، رئيس البلدية، إن الطريق مغلق."]) == ["لؤي الشرعة"]
