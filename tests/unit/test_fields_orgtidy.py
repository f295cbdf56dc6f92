"""Organisation matches that describe a body already named, and time complements after a name."""

from __future__ import annotations

from pipeline.fields.entities import find_entities


def orgs(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "organization"]


def test_a_head_with_an_adjective_of_state_is_a_description() -> None:
    got = orgs(["وعينت الوزارة مجلسا مؤقتا، وقال رئيس المجلس المؤقت إن الحسابات سليمة."])
    assert "المجلس المؤقت" not in got


def test_a_board_is_part_of_its_body() -> None:
    got = orgs(["وقرر مجلس إدارة نادي الشباب تأجيل الانتخابات، وسيجتمع مجلس الإدارة الجديد غدا."])
    assert not any(o.startswith(("مجلس إدارة", "مجلس الإدارة")) for o in got)


def test_a_name_ends_before_a_time_complement_and_keeps_a_purpose() -> None:
    got = orgs(["ضمن برنامج تأهيل المدارس للعام 2026."])
    assert got == ["برنامج تأهيل المدارس"]
    got = orgs(["وقالت الشركة الوطنية لتسويق التمور إن الصادرات زادت."])
    assert "الشركة الوطنية لتسويق التمور" in got


def test_a_school_is_named_by_a_name_or_a_level_and_an_office_or_agency_by_its_head() -> None:
    assert "مدرسة الرفاع الابتدائية للبنين" in orgs(["زار الوزير مدرسة الرفاع الابتدائية للبنين أمس."])
    assert orgs(["وتدرب الفتيان في مدرسة النادي طوال الصيف."]) == []
    assert "مكتب العمل" in orgs(["وأعلن مكتب العمل في المدينة عن وظائف جديدة."])


def test_a_document_adjective_after_a_name_is_no_part_of_it() -> None:
    got = orgs(["وبلغ عدد السكان 3 ملايين، وفق تقديرات الهيئة الوطنية للإحصاء الصادرة في مارس."])
    assert got == ["الهيئة الوطنية للإحصاء"]


def test_a_national_company_named_by_its_countrys_adjective_and_its_trade() -> None:
    assert "التونسية للكهرباء والغاز" in orgs(["وأعلنت التونسية للكهرباء والغاز عن قطع التيار."])
    assert orgs(["وقالت الصحافة التونسية إن الأسعار ارتفعت."]) == []


def test_a_name_after_a_head_noun_takes_no_preposition() -> None:
    got = find_entities(["وفازت شركة بابل الحديثة للمقاولات بالعقد."])[1]
    assert [(m["type"], m["surface"]) for m in got] == [("organization", "شركة بابل الحديثة للمقاولات")]


def test_a_ministrys_name_ends_before_the_purpose_of_the_letter() -> None:
    got = orgs(["وخاطبت البلدية وزارة الشؤون الاجتماعية لتعويض الأسر المتضررة."])
    assert got == ["وزارة الشؤون الاجتماعية"]


def test_a_name_goes_on_with_a_conjoined_construct_but_not_with_another_body_or_a_title() -> None:
    got = orgs(["وخصصت وزارة البيئة والتغير المناخي ومصادر الطاقة مبلغا للمشروع."])
    assert got == ["وزارة البيئة والتغير المناخي ومصادر الطاقة"]
    got = orgs(["وحضر نائب رئيس مجلس الوزراء وزير المالية الاجتماع."])
    assert "مجلس الوزراء" in got and all("وزير" not in o for o in got)


def test_an_institution_named_after_a_person_with_a_patronym() -> None:
    got = orgs(["افتتحت مدرسة سعيد بن سلطان للتعليم الثانوي مختبرا جديدا."])
    assert got == ["مدرسة سعيد بن سلطان للتعليم الثانوي"]


def test_a_definite_school_or_office_with_adjectives_is_no_name() -> None:
    assert orgs(["وتوجه الطلاب إلى المدرسة الابتدائية في القرية، وراجع المكتب الفني الملفات."]) == []


def test_a_ministry_name_ends_before_any_purpose_but_lishuun() -> None:
    got = orgs(["وتدخلت وزارة الفلاحة والتنمية الريفية لشراء فائض إنتاج الطماطم من المزارعين."])
    assert "وزارة الفلاحة والتنمية الريفية" in got
    assert not any("لشراء" in o for o in got)
    assert "وزارة الدولة لشؤون الإعلام" in orgs(["وأعلنت وزارة الدولة لشؤون الإعلام عن مؤتمر."])


def test_a_participle_closing_a_long_name_describes_the_body() -> None:
    got = orgs(["وطالب التجار مجلس جماعة الدار البيضاء المكلفة بتدبير الأسواق بالتدخل."])
    assert "مجلس جماعة الدار البيضاء" in got
    assert not any(o.endswith("المكلفة") for o in got)


def test_a_committee_named_by_its_task_alone_is_no_organisation() -> None:
    got = orgs(["وأعلنت لجنة التحكيم النتائج، فيما شكلت الجمعية لجنة التحقيق في المخالفات."])
    assert "لجنة التحكيم" not in got and "لجنة التحقيق" not in got
    assert "لجنة الشؤون الاقتصادية" in orgs(["وناقشت لجنة الشؤون الاقتصادية، أمس، المشروع."])


def test_a_bodys_own_organs_are_no_organisations() -> None:
    got = orgs(["ودعت الجمعية العمومية إلى اجتماع، وقررت هيئة المديرين تسريح الممرضات."])
    assert got == []
    assert orgs(["واعتصمت الهيئة التدريسية في الجامعة."]) == []


def test_an_indefinite_head_with_one_lil_complement_is_a_kind_of_body() -> None:
    assert orgs(["وآخرها في أغسطس حين احترق مصنع للإسفنج في المنطقة."]) == []
    assert "مصنع الإسمنت" in orgs(["وقال مدير مصنع الإسمنت إن الإنتاج زاد."])
