"""People named between commas after their role, with no lexicon for their names."""

from __future__ import annotations

from pipeline.fields.entities import find_entities


def people(paragraphs: list[str]) -> list[str]:
    return [m["surface"] for m in find_entities(paragraphs)[1] if m["type"] == "person"]


def test_a_foreign_name_between_commas_after_a_role() -> None:
    assert people(["وقال المدير العام للمصنع، برونو لامبير، إن الإنتاج توقف."]) == ["برونو لامبير"]


def test_a_nationality_and_its_origin_before_the_name_are_not_part_of_it() -> None:
    got = people(["وقال مدير العمليات في الشركة، الإيطالي الأصل لورنزو بتشي، في مؤتمر صحفي، إن العمل بدأ."])
    assert got == ["لورنزو بتشي"]


def test_a_kunya_compound_and_a_given_name_with_the_article_before_bin() -> None:
    assert people(["وتؤكد زميلتها في الورشة، أم الخير بن عمار، أن العمل شاق."]) == ["أم الخير بن عمار"]
    assert people(["وأفاد عضو النقابة بالمصنع، الصحبي بن حمودة، بأن الأجور تأخرت."]) == ["الصحبي بن حمودة"]


def test_adverbs_and_prepositional_phrases_between_commas_are_no_names() -> None:
    assert people(["وقال مدير الشركة، مساء أمس، إن العمل بدأ."]) == []
    assert people(["وقال رئيس البلدية، بصفته رئيسا للجنة، إن الأشغال بدأت."]) == []
    assert people(["وأكد المسؤول، مفضلا عدم الكشف عن اسمه، أن القرار نهائي."]) == []
    assert people(["وقال رئيس البلدية، في تصريح صحفي، إن الأشغال بدأت."]) == []


def test_quote_marks_inside_the_role_phrase() -> None:
    got = people(['وأكد منسق مكتب "تيكا" في مقديشو، برهان أوزدمير، أن الوكالة نفذت المشروع.'])
    assert got == ["برهان أوزدمير"]


def test_a_title_after_the_comma_and_sayyid_as_a_fathers_name() -> None:
    got = people(["وأكد دفاع المتهم، المحامي طارق السيد عمران، أن موكله بريء."])
    assert got == ["طارق السيد عمران"]
