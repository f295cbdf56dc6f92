"""«…»، قال ROLE، NAME.: the person named after the role speaks."""

from __future__ import annotations

from pipeline.fields.entities import find_entities
from pipeline.fields.quotes import find_quotes


def speakers(paragraphs: list[str]) -> list[tuple[str, str | None]]:
    entities, mentions = find_entities(paragraphs)
    names = {e["id"]: e["name"] for e in entities}
    return [(q["speaker"], names.get(q.get("entity_id") or "")) for q in find_quotes(paragraphs, mentions)]


def test_a_name_closing_the_sentence_after_the_role() -> None:
    got = speakers(['"الرواتب ستصرف الشهر المقبل"، قال المدير الإداري للمستشفى، سامر نبيل الخوري.'])
    assert got == [("سامر نبيل الخوري", "سامر نبيل الخوري")]


def test_a_role_noun_before_the_name() -> None:
    got = speakers(["«الفريق جاهز للمباراة»، قال قائد الفريق، المهاجم ماجد سالم الهاجري."])
    assert got == [("ماجد سالم الهاجري", "ماجد سالم الهاجري")]


def test_a_role_with_no_name_after_it_stays_the_speaker() -> None:
    got = speakers(["«الفريق جاهز للمباراة»، قال مدرب الفريق."])
    assert got == [("مدرب الفريق", None)]


def test_a_bare_title_refers_to_the_person_introduced_with_it_in_construct() -> None:
    got = speakers(
        [
            "أشرف والي الولاية، السيد أحمد سالم ولد عبدي، على افتتاح الموسم.",
            'وقال الوالي إن "الدولة وفرت البذور".',
        ]
    )
    assert got == [("الوالي", "أحمد سالم ولد عبدي")]


def test_a_definite_role_with_its_complement_refers_to_the_person_named_with_it() -> None:
    got = speakers(
        [
            "وحضر المدير العام للشركة الوطنية للمياه (سونام)، السيد خالد عمر ولد بابا، الحفل.",
            'وأوضح المدير العام لسونام أن "الشركة ستضع عشرين مضخة".',
        ]
    )
    assert got == [("خالد عمر ولد بابا", "خالد عمر ولد بابا")]


def test_according_to_a_role_and_a_person_closing_the_sentence() -> None:
    got = speakers(["بلغت الصادرات 60 ألف طن، وفق ما أفاد به المندوب الجهوي للفلاحة بقابس سالم عمر القابسي."])
    assert got == [("المندوب الجهوي للفلاحة بقابس سالم عمر القابسي", "سالم عمر القابسي")]


def test_bayyana_without_shadda_with_a_long_subject() -> None:
    got = speakers(
        ["وبين أمين عام سلطة وادي الأردن المهندس سامر محمد الخوالدة أن السلطة ستزود المزارعين بالمياه."]
    )
    assert [n for _, n in got] == ["سامر محمد الخوالدة"]


def test_the_person_before_a_relative_clause_says_its_statement() -> None:
    got = speakers(['وتعمل في الورشة نساء، بينهن سلمى يوسف الحداد، التي تقول إن "العمل شاق".'])
    assert got == [("سلمى يوسف الحداد", "سلمى يوسف الحداد")]


def test_according_to_a_source_with_a_relative_clause_before_the_answer() -> None:
    paragraphs = ["وبحسب المعلمة سلمى يوسف الحداد، التي تدرّس العلوم، فإن المختبر الجديد يكفي الطالبات."]
    _entities, mentions = find_entities(paragraphs)
    quotes = find_quotes(paragraphs, mentions)
    assert len(quotes) == 1
    assert "المختبر الجديد" in quotes[0]["text"][:20]
    assert quotes[0]["speaker"] == "المعلمة سلمى يوسف الحداد"


def test_a_verb_opening_a_quotation_reports_nothing() -> None:
    got = speakers(["«كتبت هذه الرواية في ثلاث سنوات، وكنت أظن أنها لن تنشر»، قال الكاتب سامي عمر النور."])
    assert len(got) == 1 and got[0][1] == "سامي عمر النور"


def test_said_in_it_takes_the_speaker_of_the_sentence() -> None:
    got = speakers(["وألقت الخريجة سلمى يوسف الحداد كلمة الخريجين، قالت فيها: «نقف هنا مدينين لأهلنا»."])
    assert got == [("سلمى يوسف الحداد", "سلمى يوسف الحداد")]


def test_a_body_closing_the_sentence_after_according_to_a_document() -> None:
    got = speakers(
        [
            "وتضم الولاية نحو 16 ألف نسمة، وفق نتائج التعداد لعام 2020 الصادرة عن المركز الوطني للإحصاء والمعلومات."
        ]
    )
    assert [n for _, n in got] == ["المركز الوطني للإحصاء والمعلومات"]
