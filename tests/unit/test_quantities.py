"""Quantities: digits, number words, counted nouns, approximations, dates and years excluded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.fields.quantities import find_quantities, parse_digits

pytestmark = pytest.mark.unit


def one(text: str) -> tuple[float, str, bool]:
    found = find_quantities([text])
    assert len(found) == 1, found
    q = found[0]
    assert text[q["start"] : q["end"]] == q["text"]
    return q["value"], q["unit"], q["approx"]


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,500", 1500), ("١٬٥٠٠", 1500), ("2٫5", 2.5), ("12.5", 12.5), ("1.000.000", 1e6), ("٣٥", 35)],
)
def test_parse_digits(raw: str, value: float) -> None:
    assert parse_digits(raw) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ونفذت 44 غارة جوية على اليمن", (44, "غارة جوية", False)),
        ("مقتل ثلاثة من أفراد الخدمة الأمريكية في هجوم", (3, "أفراد الخدمة الأمريكية", False)),
        ("منذ ما يقرب من ثمانية أشهر.", (8, "أشهر", True)),
        ("أفرج عن ثلاثمائة وخمسة وعشرين معتقلا", (325, "معتقلا", False)),
        ("بينهم اثنا عشر طفلًا", (12, "طفلًا", False)),
        ("عن عمر ناهز الـ36 عامًا", (36, "عامًا", False)),
        ("عبر خمسة آلاف لاجئ سوري الحدود", (5000, "لاجئ سوري", False)),
        ("بلغت الخسائر 2٫5 مليار دولار أمريكي", (2.5e9, "دولار أمريكي", False)),
        ("أصيب حوالي ٢٠٠ شخص", (200, "شخص", True)),
        ("اعتقل أكثر من عشرين شخصاً", (20, "شخصاً", True)),
        ("ارتفع بنسبة 12.5%", (12.5, "%", False)),
        ("وصلت قرابة مئتين شاحنة", (200, "شاحنة", True)),
        ("تبرع بمليون دولار", (1e6, "دولار", False)),
        ("أسقطت 4 طائرات مسيرة", (4, "طائرات مسيرة", False)),
    ],
)
def test_quantities(text: str, expected: tuple[float, str, bool]) -> None:
    assert one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "في 10 كانون الثاني/يناير عقدت المحادثات",
        "منذ 19 تشرين الأول/نوفمبر",
        "في عام 2024 تغير الموقف",
        "اندلعت الحرب في 2020 ثم",
        "للمرة الأولى منذ سنوات، وصل لأول مرة",
        "احتل المركز الحادي عشر",
        "يوم 10/1/2024 الساعة 10:30",
        "في 3 مارس الماضي",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities([text]) == []


@pytest.mark.corpus
def test_seed_quantities(corpus_dir: Path) -> None:
    gold = json.loads((corpus_dir / "seed" / "article.gold.json").read_text(encoding="utf-8"))
    found = find_quantities(gold["body"])
    got = {(q["value"], q["unit"], q["paragraph"]) for q in found}
    expected = {(q["value"], q["unit"], int(q["where"][5:-1])) for q in gold["quantities"]}
    assert got == expected  # all four, and nothing from the dates (10, 11, 19)
    approx = {q["value"]: q["approx"] for q in found}
    assert approx == {q["value"]: bool(q.get("approx")) for q in gold["quantities"]}
    assert {q["text"] for q in found} == {q["text"] for q in gold["quantities"]}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="٠١٢٣٤٥6789 ,.٫٬%وثلاثةعشرينمئةألفآلافمليونمنحوقرابةغارةيناير/", max_size=60))
def test_offsets_always_valid(text: str) -> None:
    for q in find_quantities([text]):
        assert text[q["start"] : q["end"]] == q["text"]
        assert q["start"] < q["end"]


@pytest.mark.parametrize("text", ["خرج آلاف المتظاهرين", "قال أحد المسؤولين", "سقطت مئات القذائف"])
def test_vague_counts_are_not_quantities(text: str) -> None:
    assert find_quantities([text]) == []


# --------------------------------------------------------------------------- issue 17


def _pairs(text: str) -> list[tuple[float, str]]:
    return [(q["value"], q["unit"]) for q in find_quantities([text])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("حصد الفيروس أرواح 49 ألفاً و759 مصاباً حتى الآن.", [(49759, "مصاباً")]),
        ("فرض غرامة قدرها مليار و840 مليون درهم على الشركات.", [(1840000000, "درهم")]),
        ("طاقة إنتاجية عند ثلاثة ملايين و200 ألف برميل يوميا.", [(3200000, "برميل يوميا")]),
        ("الإفراج عن نحو ألف و900 أسير فلسطيني.", [(1900, "أسير فلسطيني")]),
        ("لتطعيم مليونين و400 ألف طفل ضد شلل الأطفال.", [(2400000, "طفل")]),
        ("إلى جانب نحو ألفي معتقل في السجون.", [(2000, "معتقل")]),
    ],
)
def test_numbers_continued_with_waw(text: str, expected: list[tuple[float, str]]) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "كما يوجد خط ساخن 19157 لتلقي الشكاوي.",
        "ويمكن تقديم الشكايات عبر الرقم الأخضر 0800001234 أو البوابة.",
        "تطبيقاً للقرار 1701 في الجنوب.",
        "منذ وصوله الى السلطة في 1989 وهو الجيل الذي راهن عليه.",
        "الاستفسار عبر الخط الساخن للمفوضية 0933123456 أو المراكز.",
    ],
)
def test_phone_numbers_identifiers_and_years_are_not_quantities(text: str) -> None:
    assert _pairs(text) == []


def test_percent_words_and_numbers_after_their_noun() -> None:
    assert _pairs("تمثل الغرامة 3 في المائة من رقم المعاملات.") == [(3, "%")]
    assert _pairs("فقد السودان أكثر من 90 بالمائة من انتاجه.") == [(90, "%")]
    assert _pairs("فحصاً أجريت خلال الساعات الأربع والعشرين الأخيرة.") == [(24, "الساعات")]
    assert _pairs("أو مراجعة مراكز الاستقبال الـ12 المنتشرة على الحدود.") == [(12, "مراكز الاستقبال")]
    assert _pairs("وقد بلغ عدد الشهداء 56 دون اعتبار للجرحى.") == [(56, "الشهداء")]
    assert _pairs("وصارعته في الثلاث سنوات الأخيرة.") == [(3, "سنوات")]
    assert _pairs("يبدأ الأحد المقبل ويستمر حتى الاثنين.") == []  # weekdays, not numbers


def test_ranks_labels_scores_and_spaced_dates_are_no_quantities() -> None:
    found = find_quantities(
        [
            "سجل اللاعب في الدقيقة 71 بعد فوز بنتيجة 2-1، وفق الفصل 52 من المجلة.",
            "دشن المحافظ المشروع أمس الأحد 29 / 3 / 1447هـ بحضور 40 مسؤولا.",
        ]
    )
    assert [(q["value"], q["unit"]) for q in found] == [(40, "مسؤولا")]


def test_the_counted_noun_before_a_number_word() -> None:
    found = find_quantities(
        ["وأوقف موظفين اثنين، وتعمل الخطوط الإنتاجية الست، وخصصت المبالغ لتغطية الفترات الثلاث."]
    )
    assert [(q["value"], q["unit"]) for q in found][:3] == [
        (2, "موظفين"),
        (6, "الخطوط الإنتاجية"),
        (3, "الفترات"),
    ]


def test_a_dateline_year_is_no_count_of_the_agency() -> None:
    assert find_quantities(["رام الله 5-3-2025 وفا- استشهد شاب برصاص الاحتلال."]) == []
