"""Entities not in the gazetteer: people and places named by their shape in the sentence."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities

pytestmark = pytest.mark.unit


def people(paragraphs: list[str]) -> list[tuple[int, str, str]]:
    return [
        (m["paragraph"], m["surface"], m["name"])
        for m in find_entities(paragraphs)[1]
        if m["type"] == "person"
    ]


def test_first_name_and_family_nisba_is_a_person_and_its_surname_later() -> None:
    got = people(
        [
            "وسجل البديل ياسين الكعبي هدف الفوز بعد أن عدل أيمن الحفصي النتيجة.",
            "وقال الكعبي إن الفريق يستحق الفوز، والحفصي مصاب.",
        ]
    )
    assert (0, "ياسين الكعبي", "ياسين الكعبي") in got
    assert (0, "أيمن الحفصي", "أيمن الحفصي") in got
    assert (1, "الكعبي", "ياسين الكعبي") in got
    assert (1, "الحفصي", "أيمن الحفصي") in got


def test_nisba_after_a_word_first_name_or_the_preposition_is_no_person() -> None:
    assert people(["عاد الاقتصاد على التعافي التدريجي بعد سنوات من الركود."]) == []
    assert people(["وكان سعيد الحظ من نجا من الحادث العرضي."]) == []
    assert people(["وأبهر جمال الطبيعي الزوار في الواحة."]) == []
    # a longer name after a particle is not cut to its last two words
    got = people(["وأوضح الطبيب مراد بن سالم الكعبي أن الإصابة خفيفة."])
    assert all(surface != "سالم الكعبي" for _, surface, _ in got)


def places(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "place"]


def test_words_listed_after_a_plural_place_noun_are_places() -> None:
    got = places(["وتجاوزت الإنتاجية 18 أردبا فى مراكز طنطور وكفر سليم وبنى عمران."])
    assert got == ["طنطور", "كفر سليم", "بنى عمران"]  # no و in the surface
    got = places(["يمثل الاتحاد المزارعين في محليات الدندر والسوكي الشرقية والحواتة، وفق البيان."])
    assert got == ["الدندر", "السوكي الشرقية", "الحواتة"]
    # a place noun after the plural is skipped: "قرى قضاءي …"
    assert places(["تظاهر فلاحون من قرى قضاءي برزان وسوران صباح اليوم."]) == ["برزان", "سوران"]
    # a gazetteer place of two words is one item of the list
    got = places(["اقتحم الجيش مدن الضفة الغربية وعنبتا وبيتونيا فجر اليوم."])
    assert got == ["الضفة الغربية", "عنبتا", "بيتونيا"]


def test_a_plural_place_noun_without_a_list_names_nothing() -> None:
    assert places(["وانتشرت العدوى في مدن كثيرة وقرى عديدة."]) == []
    assert places(["وزار الوفد بلدات الجنوب والشمال."]) == []
    assert places(["ويعيش في قرى طنطور حاليا نحو ألف شخص."]) == []
    assert places(["وطالت الأمطار قرى الريف والبادية."]) == []  # kinds of land, no places
    assert places(["وحضر الاجتماع ممثلو مديريات التربية والصحة والزراعة."]) == []  # sectors


def test_wadi_is_part_of_the_place_name_and_a_douar_names_its_village() -> None:
    got = places(["وتحمي الجسور ضفاف وادي الصفراء، كما تمتد إلى بوادي حلي."])
    assert got == ["وادي الصفراء", "وادي حلي"]  # the clitic ب is no part of the name
    assert places(["واحتج سكان دوار أيت عمر على انقطاع الماء."]) == ["أيت عمر"]
    assert places(["وعاد الهدوء إلى الدوار بعد الظهر."]) == []
    assert places(["اقتحم الجيش بلدة بيتونيا فجر اليوم."]) == ["بيتونيا"]  # a time word ends it


def orgs(paragraphs: list[str]) -> list[str]:
    return [m["name"] for m in find_entities(paragraphs)[1] if m["type"] == "organization"]


def test_institutional_adjective_and_lil_complement_make_an_organisation() -> None:
    assert orgs(["وطالب النادي الإدارة الوطنية للتحكيم بفتح تحقيق."]) == ["الإدارة الوطنية للتحكيم"]
    assert orgs(["وأعلن المكتب الوطني للسكك الحديدية عن رحلات إضافية."]) == ["المكتب الوطني للسكك الحديدية"]
    # without the adjective and the complement, الإدارة/المكتب is no name
    assert orgs(["ورفضت الإدارة الطلب، وأغلق المكتب أبوابه."]) == []


def test_a_regional_branch_is_named_by_the_body_it_belongs_to() -> None:
    assert orgs(["وقال مصدر من المديرية الجهوية لوزارة الصحة إن الوضع مستقر."]) == ["وزارة الصحة"]
    assert orgs(["وأكد مسؤول بالمديرية الإقليمية للمكتب الوطني للماء أن"]) == ["المكتب الوطني للماء"]


def test_an_organisation_named_after_the_region_it_serves() -> None:
    got = find_entities(["تنفذه أمانة منطقة جازان خلال 18 شهرا."])[1]
    assert [(m["type"], m["name"]) for m in got] == [("organization", "أمانة منطقة جازان")]
    # a government of a region is that region's, not a local body's name
    got = find_entities(["وقال مسؤول في حكومة إقليم برزان، إن"])[1]
    assert ("organization", "حكومة إقليم برزان") not in [(m["type"], m["name"]) for m in got]


def test_a_clitic_before_a_definite_head_adds_no_letter_to_the_name() -> None:
    assert orgs(["وقال مسؤول بالهيئة العامة للطرق إن العمل مستمر."]) == ["الهيئة العامة للطرق"]
    assert orgs(["وتوجه الوفد للنقابة الوطنية للصحفيين أمس."]) == ["النقابة الوطنية للصحفيين"]


def test_a_municipality_is_named_by_its_town_and_the_short_form_goes_back_to_it() -> None:
    got = find_entities(["وقال رئيس بلدية برقايل، سمير العلي، إن الخزان خطر.", "وطالبت البلدية بإزالته."])[1]
    assert [(m["paragraph"], m["name"]) for m in got if m["type"] == "organization"] == [
        (0, "بلدية برقايل"),
        (1, "بلدية برقايل"),
    ]
    assert orgs(["وأنشأت بلدية جديدة في الريف."]) == []
    # a town whose own name starts with ب is no "بـ + place" ending the name
    assert orgs(["وأعلنت بلدية بعلبك عن خطة للسير."]) == ["بلدية بعلبك"]
    assert orgs(["وقال رئيس بلدية بيت لحم إن الأعمال بدأت."]) == ["بلدية بيت لحم"]
    assert orgs(["واجتمع مجلس الوزراء بالعاصمة أمس."]) == ["مجلس الوزراء"]


def test_the_army_with_a_country_adjective_is_that_army_even_outside_the_gazetteer() -> None:
    assert orgs(["وقال الناطق باسم الجيش التشادي إن الحدود مغلقة."]) == ["الجيش التشادي"]
    assert orgs(["وأكد القائد العام للجيش الليبي أن"]) == ["الجيش الليبي"]
    # an adjective that names no country makes no national army
    assert orgs(["وانتشر الجيش الوطني في المدينة."]) == []


def test_a_club_word_and_a_town_adjective_name_a_club() -> None:
    assert orgs(["وقال مدرب الملعب القابسي إن الفوز مستحق."]) == ["الملعب القابسي"]
    assert orgs(["وتقدم بفارق نقطتين عن الترجي الجرجيسي."]) == ["الترجي الجرجيسي"]
    # an adjective that is no town's makes no club
    assert orgs(["وأقيمت المباراة في الملعب البلدي."]) == []


def test_a_director_of_a_sector_and_a_governorate_names_the_directorate() -> None:
    got = find_entities(["وأكد مدير صحة إربد الدكتور رياض الشياب أن الأجهزة تعمل."])[1]
    kinds = [(m["type"], m["name"]) for m in got]
    assert ("organization", "صحة إربد") in kinds and ("person", "رياض الشياب") in kinds
    # with no place after the sector noun there is no directorate
    assert orgs(["وقال مدير صحة سابق إن الأجهزة قديمة."]) == []


def test_a_place_learned_after_a_place_noun_is_found_elsewhere_in_the_article() -> None:
    got = find_entities(
        [
            "احتج سكان دوار أيت عمرو على انقطاع الماء.",
            "وقال رئيس جمعية أيت عمرو للتنمية إن الشكاوى تتكرر.",
            "وعاد الماء إلى أيت عمرو، وبأيت عمرو فرح الأهالي.",
        ]
    )[1]
    places_ = [(m["paragraph"], m["surface"]) for m in got if m["type"] == "place"]
    assert places_ == [(0, "أيت عمرو"), (2, "أيت عمرو"), (2, "أيت عمرو")]
    assert [m["name"] for m in got if m["type"] == "organization"] == ["جمعية أيت عمرو للتنمية"]
    # without the place noun in the article, the words are nothing
    assert places(["وعاد الماء إلى أيت عمرو."]) == []


def test_the_team_is_no_general_and_a_that_clause_holds_no_speaker_name() -> None:
    assert people(["وقال المدرب إن الفريق جاهز."]) == []
    assert people(["وأكد أن الفريق سيعود بقوة، وأن الفريق حقق فوزا كبيرا."]) == []
    # the rank still introduces a person named with a first name
    assert people(["ووصل الفريق ماهر الدوري إلى المدينة."]) == [(0, "ماهر الدوري", "ماهر الدوري")]


def test_a_short_noun_with_mim_after_an_organisation_is_the_object_not_a_participle() -> None:
    assert orgs(["وأحالت هيئة النزاهة الملف إلى القضاء."]) == ["هيئة النزاهة"]
    assert orgs(["وأقرت لجنة الموازنة المال اللازم للمشروع."]) == ["لجنة الموازنة"]
    # a participle still goes on with the name
    assert orgs(["وقالت الجمعية الخيرية المستقلة إن"]) == ["الجمعية الخيرية المستقلة"]


def test_common_first_names_beyond_the_old_list_open_names() -> None:
    got = people(["وسجل فراس العبادي هدفا، وقالت رغد الحمصي إن الفوز مستحق، وأكد وسيم حداد أن الفريق جاهز."])
    assert [surface for _, surface, _ in got] == ["فراس العبادي", "رغد الحمصي", "وسيم حداد"]
    # names that are also words stay out: "يزيد عن", "أشرف على"
    assert people(["وأشرف الوزير على الامتحان، ويزيد العدد عن ألف."]) == []


def test_compound_names_keep_abd_and_stop_before_bi_anna_and_a_preposition_is_no_name() -> None:
    got = people(["وقال عبد الله بن محمد الشهري، مدير فرع الوزارة، إن الأمطار غزيرة."])
    assert [surface for _, surface, _ in got] == ["عبد الله بن محمد الشهري"]
    got = people(["وصرح الشيخ خالد بن حمد آل ثاني بأن البطولة ناجحة."])
    assert [surface for _, surface, _ in got] == ["خالد بن حمد آل ثاني"]
    got = people(["وقال رئيس المجلس الجماعي لتاغزيرت، محمد بلحاج، إن المشروع تأخر."])
    assert [surface for _, surface, _ in got] == ["محمد بلحاج"]


def test_an_indefinite_nisba_after_a_role_is_its_adjective_not_a_name() -> None:
    assert people(["بحسب ما أفاد به مستشار جماعي فضل عدم ذكر اسمه."]) == []
    got = people(["وقال مدير فني سامي الترابلسي إن الفريق جاهز."])
    assert [surface for _, surface, _ in got] == ["سامي الترابلسي"]


def test_a_place_inside_a_quoted_company_name_is_part_of_the_name() -> None:
    got = find_entities(['وأقامت شركة "النخيل الزرقاء للمقاولات" دعوى في دبي.'])[1]
    assert [(m["type"], m["name"]) for m in got] == [
        ("organization", "النخيل الزرقاء للمقاولات"),
        ("place", "دبي"),
    ]


def test_civil_defence_is_one_organisation_under_its_names() -> None:
    got = find_entities(
        ["وقال مدير إدارة الدفاع المدني بالمحافظة إن الفرق تدخلت.", "وأكدت المديرية العامة للدفاع المدني أن"]
    )[1]
    assert {m["name"] for m in got if m["type"] == "organization"} == {"الدفاع المدني"}
    assert [m["surface"] for m in got] == ["الدفاع المدني", "المديرية العامة للدفاع المدني"]


def test_a_preposition_with_any_or_every_opens_no_name_after_a_role() -> None:
    assert people(["حتى لا يتعرض الفلاح لأى استغلال من التجار."]) == []
    assert people(["وأكد المزارع بكل وضوح أن الموسم خاسر."]) == []


def test_a_clitic_before_a_two_letter_place_start_is_stripped() -> None:
    got = find_entities(["وتعمل الهيئة بود مدني، ووصل الوفد إلى بأم درمان."])[1]
    assert [(m["type"], m["surface"]) for m in got if m["type"] != "organization"] == [
        ("place", "ود مدني"),
        ("place", "أم درمان"),
    ]
    assert people(["وتعمل الهيئة بود مدني منذ شهر."]) == []


def test_an_institution_named_after_a_royal_keeps_the_title_and_name() -> None:
    assert orgs(["ونقل المصاب إلى مستشفى الأمير حمزة فجرا."]) == ["مستشفى الأمير حمزة"]
    assert orgs(["وقال مدير مركز الملك حسين للسرطان إن"]) == ["مركز الملك حسين للسرطان"]
    assert people(["ونقل المصاب إلى مستشفى الأمير حمزة فجرا."]) == []
