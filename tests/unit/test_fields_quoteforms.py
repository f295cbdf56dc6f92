"""Quote shapes: the quotation before its verb, "أما X فقال", "وقالت:", "وبحسب الدور، فلان، فإن", فيما."""

from __future__ import annotations

from typing import Any

from pipeline.fields.entities import find_entities
from pipeline.fields.quotes import find_quotes


def quotes(paragraphs: list[str]) -> list[dict[str, Any]]:
    return find_quotes(paragraphs, find_entities(paragraphs)[1])


def test_a_quotation_before_its_verb_is_the_statement_of_the_speaker_after_it() -> None:
    got = quotes(["«الجسر سيفتح قبل الصيف»، قال المقاول منير جاسم الدليمي، مضيفا أن العمل مستمر."])
    assert [(q["speaker"], q["text"]) for q in got] == [
        ("المقاول منير جاسم الدليمي", "الجسر سيفتح قبل الصيف")
    ]
    assert got[0]["entity_id"] is not None


def test_a_quotation_inside_a_sentence_is_not_read_backwards() -> None:
    got = quotes(['وطالب السكان بإصلاح "الطريق القديم"، قال الشاهد إن الحفر كثيرة.'])
    assert all(q["text"] != "الطريق القديم" for q in got)


def test_the_topic_of_amma_speaks_not_the_speaker_before() -> None:
    got = quotes(
        [
            "وقال رئيس الجمعية سالم حمد الشامسي إن الموسم جيد.",
            "أما زميله أحمد محمود الكعبي، وهو مزارع، فقال إن المياه قليلة.",
        ]
    )
    assert [q["speaker"] for q in got][1] == "أحمد محمود الكعبي"


def test_a_colon_right_after_the_verb_quotes_the_subject_named_before() -> None:
    got = quotes(
        ['وأعلنت المدربة سلوى علي الهاشمي، عن فريق جديد، وقالت: "نحتاج إلى ملعب ثابت بعد أن كبر الفريق".']
    )
    assert [q["text"] for q in got] == ["نحتاج إلى ملعب ثابت بعد أن كبر الفريق"]
    assert got[0]["speaker"] == "سلوى علي الهاشمي"


def test_according_to_a_role_then_the_person_set_off_by_commas() -> None:
    got = quotes(["وبحسب مدير المصنع، المهندس كريم عادل النجار، فإن الإنتاج ارتفع إلى 300 طن."])
    assert [(q["speaker"], q["text"][:10]) for q in got] == [("كريم عادل النجار", "فإن الإنتا")]


def test_fima_before_the_verb_is_a_conjunction_not_a_speaker() -> None:
    got = quotes(["وحذر المراقب حسن علي الساعدي من الغش، فيما أكد أن الفرق ضبطت 40 مخالفة."])
    assert [q["speaker"] for q in got] == ["حسن علي الساعدي"]


def test_a_colon_after_a_bracketed_age_opens_the_quotation() -> None:
    got = quotes(['وقال المزارع حامد يوسف عواودة (60 عاماً): "المحصول هذا العام ضعيف".'])
    assert [q["text"] for q in got] == ["المحصول هذا العام ضعيف"]
    assert got[0]["entity_id"] is not None


def test_according_to_a_named_source_with_detail_after_its_name() -> None:
    got = quotes(["وبلغ عدد الزوار 40 ألفا، وفق إحصاءات الهيئة العامة للسياحة والآثار الصادرة في مارس 2024."])
    assert [q["text"][:12] for q in got] == ["وبلغ عدد الز"]
    assert got[0]["entity_id"] is not None
    assert quotes(["وبلغ عدد الزوار 40 ألفا، وفق أرقام غير رسمية تداولها السكان في المدينة القديمة."]) == []


def test_a_verb_after_a_quoted_title_with_its_own_statement_keeps_it() -> None:
    got = quotes(['"أيام التراث"، قال المنظمون إنها ستستمر أسبوعا كاملا.'])
    assert [q["text"] for q in got] == ["ستستمر أسبوعا كاملا"]


def test_a_person_set_off_after_a_role_before_a_colon_quotation_speaks() -> None:
    got = quotes(['وقالت رئيسة الجمعية، السيدة منى سالم الهاجري: "نطالب بحلول عاجلة".'])
    assert [(q["speaker"], q["text"]) for q in got] == [("منى سالم الهاجري", "نطالب بحلول عاجلة")]


def test_amma_with_a_role_then_the_person_set_off_by_commas() -> None:
    got = quotes(["أما رئيس البلدية، الدكتور سامر يوسف حداد، فأكد أن الأشغال ستنتهي في الموعد."])
    assert [q["speaker"] for q in got] == ["سامر يوسف حداد"]


def test_thus_before_the_verb_and_a_prepositional_topic_of_amma() -> None:
    got = quotes(['"نريد حلا عاجلا"، هكذا قال أحد المحتجين.'])
    assert [(q["speaker"], q["text"]) for q in got] == [("أحد المحتجين", "نريد حلا عاجلا")]
    assert all(q["speaker"] != "بالنسبة للأسعار" for q in quotes(["أما بالنسبة للأسعار، فقال إنها ارتفعت."]))


def test_an_adverbial_between_the_verb_and_the_colon_is_no_speaker() -> None:
    got = quotes(['وكان المدير خالد حسن العلي قد قال في وقت سابق: "لن نتأخر".'])
    assert [(q["speaker"], q["text"]) for q in got] == [("خالد حسن العلي", "لن نتأخر")]
