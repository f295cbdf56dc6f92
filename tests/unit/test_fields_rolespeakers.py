"""A speaker named by role only resolved to the person named earlier with that role."""

from __future__ import annotations

from typing import Any

from pipeline.fields.entities import find_entities
from pipeline.fields.quotes import find_quotes


def quotes(paragraphs: list[str]) -> list[dict[str, Any]]:
    return find_quotes(paragraphs, find_entities(paragraphs)[1])


def test_the_role_alone_later_is_the_person_named_with_it() -> None:
    got = quotes(
        [
            "زار المهندس سامي فؤاد العطار، وكيل وزارة النقل بالإسكندرية، الميناء صباح اليوم.",
            "وأكد العطار أن الأعمال تسير وفق الجدول.",
            "وأشار وكيل الوزارة إلى أن الرصيف الجديد سيفتتح في مارس.",
        ]
    )
    assert [q["speaker"] for q in got] == ["العطار", "سامي فؤاد العطار"]
    assert got[1]["entity_id"] == got[0]["entity_id"]


def test_a_role_with_another_qualifier_is_not_the_person_named_before() -> None:
    got = quotes(
        [
            "التقى وزير الخارجية الألماني هانز كلاوس مولر نظراءه.",
            "وقال وزير الخارجية التركي إن الاجتماع كان مثمرا.",
        ]
    )
    assert got[0]["entity_id"] is None


def test_an_unnamed_source_stays_unnamed() -> None:
    got = quotes(
        [
            "تفقد الدكتور سامي فؤاد العطار، مدير إدارة الصيدلة، المستشفى.",
            "وقال مسؤول في إدارة الصيدلة إن الأدوية متوفرة.",
        ]
    )
    assert got[-1]["entity_id"] is None


def test_a_role_of_a_named_body_later_is_the_person_and_the_body_speaks_for_itself() -> None:
    got = quotes(
        [
            "وقالت مديرة المدرسة، منيرة سالم الهاجري، إن البرنامج ناجح.",
            "وأضافت مديرة المدرسة أن الطالبات تفوقن.",
            "وكان وكيل وزارة الصحة، الدكتور نبيل حسن العمر، قد زار المدرسة.",
            "وقالت وزارة الصحة في بيان إن اللقاحات متوفرة.",
        ]
    )
    assert [q["speaker"] for q in got] == ["منيرة سالم الهاجري", "منيرة سالم الهاجري", "وزارة الصحة"]


def test_a_named_outlet_or_body_that_speaks_is_not_its_staff_named_before() -> None:
    got = quotes(
        ["وقال مراسل قناة الجزيرة سامي محمد الحسن إن القصف مستمر.", "وقالت قناة الجزيرة إن مراسلها أصيب."]
    )
    assert got[1]["speaker"] == "قناة الجزيرة"


def test_the_chair_of_a_body_named_with_birriasat_speaks_as_its_head() -> None:
    got = quotes(
        [
            "اختتمت لجنة الزراعة بالمجلس البلدي زيارة ميدانية للمزارع استمرت يومين، برئاسة العضو سالم "
            "حمدان الكعبي، وبحضور مدير الزراعة في المنطقة عادل ناصر المري.",
            "وقال رئيس اللجنة في تصريح صحفي إن الزيارة كشفت نقصا في مياه الري.",
        ]
    )
    assert got[0]["speaker"] == "سالم حمدان الكعبي"
