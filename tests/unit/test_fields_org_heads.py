"""Faculties, embassies, national teams, chambers and commands head organisation names."""

from __future__ import annotations

from pipeline.fields.entities import find_entities


def orgs(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "organization"]


def test_new_heads_name_organisations() -> None:
    assert "كلية الطب البيطري" in orgs(["وقال عميد كلية الطب البيطري إن المختبر جاهز."])
    assert "عمادة شؤون الطلبة" in orgs(["وأعلنت عمادة شؤون الطلبة عن المنح."])
    assert "منتخب الأردن للشباب" in orgs(["وانضم اللاعب إلى منتخب الأردن للشباب."])


def test_a_chamber_only_of_a_sector_a_room_is_no_organisation() -> None:
    assert orgs(["واجتمعت غرفة تجارة وصناعة الشارقة أمس."]) == ["غرفة تجارة وصناعة الشارقة"]
    assert orgs(["وتابعت غرفة العمليات سير الامتحانات."]) == []


def test_a_faculty_of_something_is_no_name_and_the_total_is_no_faculty() -> None:
    assert all("كلية" not in o for o in orgs(["وتخطط الجامعة لافتتاح كلية للصيدلة العام المقبل."]))
    assert all("الكلية" not in o for o in orgs(["وبلغت المساحة الكلية للمشروع ألف متر."]))


def test_a_state_apparatus_is_an_organisation_a_device_is_not() -> None:
    assert "الجهاز المركزي للإحصاء" in orgs(["وفق تقديرات الجهاز المركزي للإحصاء الصادرة أمس."])
    assert all("جهاز" not in o for o in orgs(["وتبرعت الجمعية بجهاز غسيل الكلى للمستشفى."]))


def test_a_short_form_before_a_relative_pronoun() -> None:
    got = [
        (m["surface"], m["name"])
        for m in find_entities(
            ["أعلنت المؤسسة العامة للموانئ الخطة.", "وفق بيانات المؤسسة التي نشرتها أمس."]
        )[1]
        if m["type"] == "organization"
    ]
    assert ("المؤسسة", "المؤسسة العامة للموانئ") in got


def test_a_purpose_after_the_place_closing_a_name() -> None:
    assert orgs(["وتدرس الحكومة مقترحا قدمته غرفة تجارة الشارقة لخفض الرسوم."]) == ["غرفة تجارة الشارقة"]


def test_traffic_belonging_and_purpose_are_no_names() -> None:
    assert orgs(["وتوقفت حركة السير في الشارع الرئيسي ساعتين."]) == []
    assert orgs(["ونقلت العاملات إلى مركز الإيواء التابع للوزارة."]) == ["مركز الإيواء"]
    assert orgs(["وشكلت البلدية لجنة لحصر الأضرار."]) == []
    assert orgs(["وشارك اتحاد لجان العمل الزراعي في الحملة."]) == ["اتحاد لجان العمل الزراعي"]


def test_a_development_agency_is_an_organisation_a_news_agency_is_not() -> None:
    assert orgs(["وموّلت الوكالة الإيطالية للتعاون الإنمائي المشروع."])[0].startswith(
        "الوكالة الإيطالية للتعاون الإنمائي"
    )
    assert all("وكالة الأنباء" not in o for o in orgs(["وذكرت وكالة الأنباء الموريتانية أن الحملة بدأت."]))


def test_a_masdar_taking_bi_goes_on_in_the_name() -> None:
    got = orgs(["وحسب بيانات وكالة النهوض بالصناعة والتجديد، فإن المؤسسات كثيرة."])
    assert got == ["وكالة النهوض بالصناعة والتجديد"]


def test_a_news_agency_nisba_is_no_company_and_a_known_body_closes_a_name_after_lil() -> None:
    assert orgs(["ونقلت الوكالة الموريتانية للأنباء عن الوالي قوله."]) == []
    assert orgs(["وأعلنت الجزائرية للمياه عن انقطاع."]) == ["الجزائرية للمياه"]
    got = orgs(["بتمويل من منظمة الأغذية والزراعة للأمم المتحدة بقيمة مليون دولار."])
    assert got == ["منظمة الأغذية والزراعة للأمم المتحدة"]


def test_chaired_by_is_no_presidency() -> None:
    assert orgs(["واستقبل الوزير وفدا من جمعية البر الخيرية برئاسة سليم العتوم."]) == ["جمعية البر الخيرية"]
    assert orgs(["وأعلنت رئاسة الجمهورية أن الاجتماع تأجل."]) == ["رئاسة الجمهورية"]


def test_a_team_named_by_its_town_is_its_club_not_by_its_country() -> None:
    assert orgs(["وخسر فريق أبها أمام ضيفه بثلاثة أهداف."]) == ["فريق أبها"]
    assert orgs(["وفاز فريق مصر على تونس."]) == []


def test_a_gathering_of_people_or_water_is_no_organisation() -> None:
    assert orgs(["وتجمع الأهالي أمام المبنى."]) == []
    assert orgs(["وأدى تجمع المياه إلى إغلاق الطريق."]) == []


def test_a_masculine_mim_word_after_a_feminine_nisba_is_the_object() -> None:
    assert orgs(["وناقشت لجنة الشؤون الاقتصادية المشروع."]) == ["لجنة الشؤون الاقتصادية"]
    assert orgs(["وأقرت اللجنة المالية النيابية المقترح."]) == ["اللجنة المالية النيابية"]
    assert orgs(["وأعلنت الهيئة الملكية الأردنية المرسوم الجديد."]) == ["الهيئة الملكية الأردنية"]


def test_a_unit_is_named_after_the_title_of_its_head() -> None:
    got = orgs(["وقال مدير إدارة العمالة المنزلية في الهيئة، فهد سالم العتيبي، إن المفتشين ضبطوا المخالفين."])
    assert "إدارة العمالة المنزلية" in got
    assert "مصلحة الزراعة" in orgs(["وحضر رئيس مصلحة الزراعة في المحافظة المهندس خالد."])
    assert orgs(["ونجحت إدارة الأزمة في تهدئة الأسواق."]) == []
    assert orgs(["وقالت رئيسة قسم الأطفال، الدكتورة لبنى فاروق، إن الحالات مستقرة."]) == []


def test_an_institution_head_takes_a_lam_body_complement() -> None:
    got = orgs(["وكشفت تحريات الإدارة العامة لمباحث الأموال العامة أن المتهم جمع الأموال."])
    assert "الإدارة العامة لمباحث الأموال العامة" in got


def test_a_body_after_the_members_noun_is_inside_the_unions_name() -> None:
    got = orgs(["وقالت رابطة أعضاء هيئة التدريس للكليات التطبيقية إن الرواتب تأخرت."])
    assert got == ["رابطة أعضاء هيئة التدريس للكليات التطبيقية"]
