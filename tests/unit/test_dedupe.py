"""Inside-article repeat detection: teasers, captions, pull quotes, verbatim repeats, look-alikes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.models import Block
from pipeline.extract.dedupe import doubled_words, flag_repeats

pytestmark = pytest.mark.unit

P1 = "أعلنت وزارة الصحة اليوم عن حملة وطنية للتطعيم ضد الحصبة تستهدف مليون طفل في المحافظات الشمالية."
P2 = "وقال وزير الصحة إن الحملة تبدأ الأسبوع المقبل وتستمر ثلاثة أسابيع بمشاركة فرق متنقلة في القرى النائية."
P3 = "وأضاف أن الوزارة تسلمت شحنة جديدة من اللقاحات من منظمة دولية، وأنها كافية لتغطية حاجة البلاد حتى نهاية العام."
P4 = "وتأتي الحملة بعد تسجيل ارتفاع في عدد الإصابات خلال الأشهر الماضية في عدة مناطق حدودية."


def blocks(*items: tuple[str, str]) -> list[Block]:
    return [Block(role, text, i) for i, (role, text) in enumerate(items)]


def test_teaser_spanning_two_paragraphs_and_truncating_the_third_is_a_lead() -> None:
    teaser = P1 + " " + P2 + " " + " ".join(P3.split()[:8])
    out = flag_repeats(
        blocks(
            ("paragraph", teaser), ("paragraph", P1), ("paragraph", P2), ("paragraph", P3), ("paragraph", P4)
        )
    )
    assert out[0].role == "lead"
    assert out[0].duplicate_of == (1, 2, 3)
    assert not any(b.is_duplicate for b in out[1:])


def test_teaser_truncating_one_paragraph_is_a_lead() -> None:
    teaser = " ".join(P1.split()[:10])
    out = flag_repeats(blocks(("lead", teaser), ("paragraph", P1), ("paragraph", P2)))
    assert out[0].duplicate_of == (1,)
    assert not out[1].is_duplicate and not out[2].is_duplicate


def test_pull_quote_with_and_without_leading_waw() -> None:
    quote_without = "قال وزير الصحة إن الحملة تبدأ الأسبوع المقبل وتستمر ثلاثة أسابيع"
    quote_with = "وقال وزير الصحة إن الحملة تبدأ الأسبوع المقبل وتستمر ثلاثة أسابيع"
    for quote in (quote_without, quote_with):
        out = flag_repeats(
            blocks(("paragraph", P1), ("pull_quote", quote), ("paragraph", P2), ("paragraph", P3))
        )
        assert out[1].duplicate_of == (2,), quote


def test_caption_placed_after_the_paragraph_it_repeats() -> None:
    caption = "الوزارة تسلمت شحنة جديدة من اللقاحات من منظمة دولية"
    out = flag_repeats(blocks(("paragraph", P1), ("paragraph", P3), ("caption", caption), ("paragraph", P4)))
    assert out[2].duplicate_of == (1,)


def test_pull_quote_with_a_dropped_trailing_clause_and_small_edit() -> None:
    quote = "الوزارة تسلمت شحنة جديدة من اللقاحات من منظمة دولية وأنها كافية لتغطية حاجة البلاد"
    out = flag_repeats(blocks(("paragraph", P3), ("pull_quote", quote), ("paragraph", P4)))
    assert out[1].duplicate_of == (0,)


def test_paragraphs_sharing_an_opening_both_stay() -> None:
    a = "وقال المتحدث باسم الحكومة إن المفاوضات مع النقابات ستستأنف يوم الاثنين في مقر الوزارة."
    b = "وقال المتحدث باسم الحكومة إن الموازنة الجديدة تتضمن زيادة في رواتب المعلمين والممرضين."
    out = flag_repeats(blocks(("paragraph", P1), ("paragraph", a), ("paragraph", b), ("paragraph", P4)))
    assert not any(x.is_duplicate for x in out)
    assert [x.role for x in out] == ["paragraph"] * 4


def test_quoting_the_same_official_twice_stays() -> None:
    a = "وقال الوزير إن الحكومة لن تتراجع عن قرارها مهما كانت الضغوط الخارجية والداخلية."
    b = "وقال الوزير إن الحكومة ستعلن عن خطة لدعم الأسر الفقيرة قبل بداية فصل الشتاء."
    out = flag_repeats(blocks(("paragraph", a), ("paragraph", P2), ("paragraph", b)))
    assert not any(x.is_duplicate for x in out)


def test_verbatim_repeated_paragraph_later_copy_flagged() -> None:
    video = "تعذر تشغيل الفيديو، يرجى تحديث المتصفح أو المحاولة لاحقا من جهاز آخر."
    out = flag_repeats(
        blocks(("paragraph", P1), ("paragraph", video), ("paragraph", P2), ("paragraph", video))
    )
    assert not out[1].is_duplicate
    assert out[3].duplicate_of == (1,)
    assert out[3].dup_reason == "verbatim"


def test_unrelated_caption_is_not_flagged() -> None:
    out = flag_repeats(
        blocks(("paragraph", P1), ("caption", "طفل يتلقى اللقاح في مركز صحي"), ("paragraph", P2))
    )
    assert not out[1].is_duplicate


def test_doubled_word_flagged_and_reduplication_allowed() -> None:
    issues = doubled_words("لضمان إيقاف الهجمات حال وقف إطلاق النار  النار في غزة", 3)
    assert [i["text"] for i in issues] == ["النار  النار"]
    assert issues[0]["paragraph"] == 3
    assert doubled_words("تقدمت القوات رويدًا رويدًا نحو المدينة", 0) == []
    assert doubled_words("عاد الهدوء شيئًا فشيئًا إلى الشوارع", 0) == []


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["النار", "النّار", "الـنار", "و", "في", "the", "The", "a½", "½", "ﷺ", "١٢", "12", "رويدًا", "x"]
        )
        | st.text(alphabet="ابةىيأإ ًّ\u00a0\u200f—’.,", max_size=6),
        max_size=12,
    ),
    st.sampled_from([" ", "  ", "\u00a0", " ، ", "\n"]),
)
def test_doubled_words_prefilter_never_hides_a_doubled_word(words: list[str], sep: str) -> None:
    """The C pre-filter only skips paragraphs the exact word-by-word check would find nothing in."""
    import pipeline.extract.dedupe as dedupe_mod

    text = sep.join(words)
    exact = dedupe_mod._MAYBE_DOUBLED
    try:
        dedupe_mod._MAYBE_DOUBLED = re.compile(r"(?s).")  # always "maybe": the exact check runs
        expected = doubled_words(text + ".", 0)
    finally:
        dedupe_mod._MAYBE_DOUBLED = exact
    assert doubled_words(text + ".", 0) == expected


def test_long_page_overlaps_by_index_equal_overlaps_by_intersection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over _DIRECT_OVERLAP body blocks the shingle index is used: the same flags either way."""
    import pipeline.extract.dedupe as dedupe_mod

    def words(n: int) -> list[str]:
        return [f"ك{n}ل{k}" for k in range(20)]

    body = [("paragraph", " ".join(words(n))) for n in range(260)]
    items = [
        *body[:240],
        ("caption", " ".join(words(233)[5:14])),
        ("pull_quote", "و" + " ".join(words(5)[:10])),
        ("caption", "صورة أرشيفية لمبنى الوزارة في العاصمة"),
        *body[240:],
        ("paragraph", body[12][1]),
    ]
    results = []
    for direct in (10_000, 0):
        monkeypatch.setattr(dedupe_mod, "_DIRECT_OVERLAP", direct)
        out = flag_repeats(blocks(*items))
        results.append([(b.duplicate_of, b.dup_reason) for b in out])
    assert results[0] == results[1]
    assert results[0][240] == ((233,), "contained")
    assert results[0][241] == ((5,), "contained")
    assert results[0][242] == ((), None)
    assert results[0][-1] == ((12,), "verbatim")
    assert sum(1 for dup, _ in results[0] if dup) == 3
