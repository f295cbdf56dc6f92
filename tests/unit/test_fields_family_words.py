"""Words that are something else and still a person's name: a town's name as a family name, a
given name that is also a word as the grandfather's name; "وبين" without its shadda as a speech verb."""

from __future__ import annotations

from pipeline.fields.entities import find_entities
from pipeline.fields.quotes import find_quotes


def mentions(paragraphs: list[str]) -> list[tuple[str, str, str]]:
    return [(m["surface"], m["name"], m["type"]) for m in find_entities(paragraphs)[1]]


def test_a_town_closing_a_name_before_an_is_the_family_name() -> None:
    got = mentions(["وقال المدرب الكابتن سامح عبد الحميد قنديل إن الفريق جاهز."])
    assert got == [("سامح عبد الحميد قنديل", "سامح عبد الحميد قنديل", "person")]


def test_the_family_name_alone_later_is_the_person_but_after_a_preposition_the_place() -> None:
    got = mentions(
        ["وقال المدرب الكابتن سامح عبد الحميد قنديل إن الفريق جاهز.", "وأكد قنديل أن الرحلة إلى قنديل تأجلت."]
    )
    assert got[1] == ("قنديل", "سامح عبد الحميد قنديل", "person")
    assert got[2][2] == "place"


def test_a_town_after_a_name_with_no_speech_after_it_stays_a_place() -> None:
    got = mentions(["وزار الوزير سامح عبد الحميد قنديل، حيث افتتح مدرسة."])
    assert ("قنديل", "جبال قنديل", "place") in got


def test_a_word_name_after_three_name_words_is_the_grandfather() -> None:
    got = [s for s, _, t in mentions(["وقاد علاء الدين سامي عطية الأبيض إلى الفوز."]) if t == "person"]
    assert got == ["علاء الدين سامي عطية"]


def test_bayyana_without_shadda_opens_a_quote_but_between_two_nouns_does_not() -> None:
    quotes = find_quotes(["وبين المدرب أن الفريق خاض البطولة بغياب ثلاثة لاعبين."])
    assert [q["speaker"] for q in quotes] == ["المدرب"]
    assert find_quotes(["وبين الفريقين والجماهير أن تكون العلاقة طيبة."]) == []


def test_a_second_given_name_with_the_article_then_a_family_nisba() -> None:
    got = [s for s, _, t in mentions(["وقال المندوب الجهوي بقابس محمد المختار القابسي"]) if t == "person"]
    assert got == ["محمد المختار القابسي"]


def test_a_title_word_as_the_family_name_where_the_name_ends() -> None:
    got = [
        s for s, _, t in mentions(["وتعمل في الورشة نساء، بينهن سعاد يوسف الشيخ، التي تقول إن العمل شاق."])
    ]
    assert "سعاد يوسف الشيخ" in got


def test_a_tribal_family_name_shaped_like_a_verbal_noun_only_before_speech() -> None:
    def persons(text: str) -> list[str]:
        return [s for s, _, t in mentions([text]) if t == "person"]

    assert persons("وقال النائب سامر المعايطة إن الموازنة متأخرة.") == ["سامر المعايطة"]
    assert persons("وقال الدكتور ماهر سالم المعايطة إن الخطة جاهزة.") == ["ماهر سالم المعايطة"]
    assert persons("وقدم سامر المساعدة، ثم غادر.") == []
    assert persons("وقدم الوزير سامر سالم المساعدة للأسر.") == ["سامر سالم"]
