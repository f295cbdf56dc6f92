"""Quote speakers of statements whose subject is not right after the verb."""

from __future__ import annotations

import pytest

from pipeline.fields.entities import find_entities
from pipeline.fields.quotes import find_quotes

pytestmark = pytest.mark.unit


def quotes(paragraphs: list[str]) -> list[tuple[str, str]]:
    mentions = find_entities(paragraphs)[1]
    return [(q["speaker"], q["text"]) for q in find_quotes(paragraphs, mentions)]


def test_idh_or_haythu_qala_inna_is_said_by_the_subject_of_the_sentence() -> None:
    got = quotes(['ولم يخف عمر الزياني، وهو فلاح من القرية، غضبه، إذ قال إن "الماشية نفقت".'])
    assert got == [("عمر الزياني", "الماشية نفقت")]
    got = quotes(["وانتقد المدرب فتحي العبيدي التحكيم، حيث قال إن الفريق حرم من ضربة جزاء."])
    assert got == [("فتحي العبيدي", "الفريق حرم من ضربة جزاء")]


def test_kama_qala_then_fa_inna_is_a_quote_without_the_adverb_in_the_speaker() -> None:
    got = quotes(["الأرض لا تباع. وكما قال الشاعر محمود درويش يوما، فإن على هذه الأرض ما يستحق الحياة."])
    assert got == [("الشاعر محمود درويش", "على هذه الأرض ما يستحق الحياة")]
    # no speech verb after كما: no quote
    assert quotes(["وكما هو معروف، فإن الحرمان أصل الأزمات."]) == []


def speakers(paragraphs: list[str]) -> list[tuple[str, str | None]]:
    mentions = find_entities(paragraphs)[1]
    names = {m["entity_id"]: m["name"] for m in mentions}
    return [(q["speaker"], names.get(q.get("entity_id") or "")) for q in find_quotes(paragraphs, mentions)]


def test_a_name_after_a_role_before_inna_is_the_speaker_entity() -> None:
    got = speakers(["وقالت المعلمة هيفاء الشمري إن الطلاب عادوا إلى الصفوف."])
    assert got == [("المعلمة هيفاء الشمري", "هيفاء الشمري")]
    got = speakers(["وأكد المزارع عبد الباقي موسى أن الموسم خاسر."])
    assert got == [("المزارع عبد الباقي موسى", "عبد الباقي موسى")]
    got = speakers(["وقالت هيفاء الشمري إن الطلاب عادوا."])
    assert got == [("هيفاء الشمري", "هيفاء الشمري")]


def test_an_unnamed_source_gets_no_person() -> None:
    for text in (
        "وقال مصدر أمني إن الهجوم فشل.",
        "وقال المسؤول الأمني مساء أمس إن الهجوم فشل.",
        "وقال المتحدث الرسمي باسم الوزارة إن الهجوم فشل.",
    ):
        assert [m for m in find_entities([text])[1] if m["type"] == "person"] == [], text


def test_a_name_set_off_by_a_comma_or_a_bracket_after_the_verb_is_the_speaker() -> None:
    got = speakers(["وقالت ضحى الكردي، معلمة في مدرسة البلدة، إن الطلاب غابوا."])
    assert got == [("ضحى الكردي", "ضحى الكردي")]
    got = speakers(["وقال الشاب غيث المومني (24 عاما) إن الوظائف قليلة."])
    assert got[0][1] == "غيث المومني"
    # an apposition after a known speaker names no one new ("ابن مدرسة النادي" is a description)
    names = [m["name"] for m in find_entities(["وقال الكعبي، ابن مدرسة النادي، إن الهدف مهم."])[1]]
    assert names == []


def test_a_speaker_name_ends_before_the_outlet_it_spoke_to() -> None:
    assert speakers(['وقالت رغد الحمصي لـ"الغد" إن الرسوم مرتفعة.']) == [("رغد الحمصي", "رغد الحمصي")]
    got = speakers(["وقال المزارع سعدون الفهداوي لوكالة الأنباء إن الحصاد تأخر."])
    assert got == [("المزارع سعدون الفهداوي", "سعدون الفهداوي")]
    assert [
        m for m in find_entities(['وقال مصدر أمني لـ"الغد" إن الطريق مغلق.'])[1] if m["type"] == "person"
    ] == []
