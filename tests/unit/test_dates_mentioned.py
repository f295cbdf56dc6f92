"""find_dates: date expressions in body paragraphs, resolved against the publication date."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.fields.dates_mentioned import DateMention, find_dates

pytestmark = pytest.mark.unit

REF = datetime.date(2024, 3, 16)  # a Saturday


def _one(text: str, ref: datetime.date | None = REF) -> DateMention:
    found = find_dates([text], ref)
    assert len(found) == 1, found
    return found[0]


def _values(text: str, ref: datetime.date | None = REF) -> list[str]:
    return [m.value for m in find_dates([text], ref)]


def test_day_month_without_year_is_inferred_from_ref() -> None:
    m = _one("عقد الاجتماع في 10 كانون الثاني/يناير في مسقط.")
    assert (m.text, m.value, m.precision, m.inferred_year) == (
        "10 كانون الثاني/يناير",
        "2024-01-10",
        "day",
        True,
    )
    assert m.paragraph == 0
    assert "عقد الاجتماع في 10 كانون الثاني/يناير في مسقط."[m.start : m.end] == m.text
    # a December mentioned in January belongs to the previous year
    assert _values("وصل الوفد في 28 ديسمبر.", datetime.date(2024, 1, 5)) == ["2023-12-28"]
    # a date a few weeks ahead is the coming one
    assert _values("تجرى الانتخابات في 10 نيسان.", REF) == ["2024-04-10"]


def test_written_year_needs_no_ref() -> None:
    m = _one("ولد في 5 يونيو 1967 في القاهرة", None)
    assert (m.value, m.inferred_year) == ("1967-06-05", False)


def test_no_ref_skips_unknown_years_and_relatives() -> None:
    assert find_dates(["التقيا في 10 يناير ثم أمس وفي شباط الماضي"], None) == []


def test_conflicting_pair_after_since() -> None:
    m = _one("نفذت 102 استهداف منذ 19 تشرين الأول/نوفمبر. وقامت بتنفيذ 44 غارة جوية")
    assert (m.text, m.value, m.alternatives) == ("19 تشرين الأول/نوفمبر", "2023-11-19", ("2023-10-19",))


def test_since_forces_the_past() -> None:
    assert _values("لم يلتقيا منذ 20 مارس", REF) == ["2023-03-20"]
    assert _values("يلتقيان في 20 مارس", REF) == ["2024-03-20"]


def test_month_mentions_need_a_trigger_and_keep_month_precision() -> None:
    m = _one("وفي أوائل شباط/فبراير، شنت ضربات")
    assert (m.text, m.value, m.precision) == ("أوائل شباط/فبراير", "2024-02", "month")
    assert _values("وفي شباط أعلن الجيش") == ["2024-02"]
    assert _values("بدأ ذلك بآذار") == ["2024-03"]
    assert _values("في آذار الماضي") == ["2023-03"]
    assert _values("في تموز المقبل") == ["2024-07"]
    assert _values("in March the talks resumed") == ["2024-03"]
    assert _values("مارس الجيش ضغوطا كبيرة") == []  # the verb مارَس
    assert _values("they march on") == []


def test_ambiguous_words_are_not_months_alone() -> None:
    assert find_dates(["التقى رجب طيب أردوغان الأب في آب"], REF) == []
    assert find_dates(["سجل الفريق صفر أهداف في شعبان"], REF) == []
    assert _values("وصل في 3 آب") == ["2023-08-03"]
    assert _values("ولد في آب 1990") == ["1990-08"]
    assert _values("في آب/أغسطس") == ["2023-08"]


def test_quantities_are_not_dates() -> None:
    assert find_dates(["نفذت 44 غارة جوية و102 استهدافا خلال 3 أيام"], REF) == []


def test_years() -> None:
    found = find_dates(["تأسس الحزب عام 1929 وحل سنة 1966، وعاد منذ 2011."], REF)
    assert [(m.text, m.value, m.precision) for m in found] == [
        ("عام 1929", "1929", "year"),
        ("سنة 1966", "1966", "year"),
        ("2011", "2011", "year"),
    ]
    assert _values("مطلع عام 2020") == ["2020-01"]


def test_all_month_systems_and_digits_in_body() -> None:
    text = "في ١٢ جانفي ٢٠٢٠ ثم 3 غشت 2021 و۵ نونبر ۲۰۲۲ و7 أيار 2023"
    assert _values(text) == ["2020-01-12", "2021-08-03", "2022-11-05", "2023-05-07"]


def test_numeric_and_hijri_dates_in_body() -> None:
    assert _values("صدر القرار بتاريخ 2024/02/01 ونشر في 05.02.2024") == ["2024-02-01", "2024-02-05"]
    m = _one("في 5 رمضان 1445 هـ أعلن")
    assert m.value == "2024-03-15"


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("قال أمس إن", "2024-03-15", "day"),
        ("وقال بالأمس", "2024-03-15", "day"),
        ("أعلن اليوم أن", "2024-03-16", "day"),
        ("يصل غدًا إلى", "2024-03-17", "day"),
        ("ويصل غدا", "2024-03-17", "day"),
        ("نشرت هذا الأسبوع", "2024-W11", "week"),
        ("نشرت الأسبوع الماضي", "2024-W10", "week"),
        ("الشهر الماضي", "2024-02", "month"),
        ("العام الماضي", "2023", "year"),
        ("خلال العام المقبل", "2025", "year"),
        ("يوم الخميس", "2024-03-14", "day"),
        ("ويوم السبت", "2024-03-16", "day"),
        ("الجمعة الماضية", "2024-03-15", "day"),
        ("السبت الماضي", "2024-03-09", "day"),
        ("الأحد المقبل", "2024-03-17", "day"),
        ("yesterday", "2024-03-15", "day"),
        ("on Monday", "2024-03-11", "day"),
    ],
)
def test_relative_expressions(text: str, value: str, precision: str) -> None:
    m = _one(text)
    assert (m.value, m.precision, m.relative) == (value, precision, True)


def test_a_week_is_a_week_value_across_a_month_boundary_too() -> None:
    # issue 17: "هذا الأسبوع" had precision week but a month value
    assert _values("الأسبوع الماضي", datetime.date(2024, 3, 5)) == ["2024-W09"]
    (week,) = find_dates(["نشرت هذا الأسبوع"], REF)
    assert (week.value, week.precision) == ("2024-W11", "week")


def test_relative_exclusions() -> None:
    assert find_dates(["وفي اليوم التالي غادر", "نقلت صحيفة اليوم السابع", "قالت روسيا اليوم"], REF) == []
    # a weekday followed by its date is one mention, the date
    assert _values("يوم الخميس 10 يناير") == ["2024-01-10"]


def test_anaphor_takes_the_previous_mention() -> None:
    found = find_dates(["ضربات في أوائل شباط.", "وانتهت الهجمات منذ ذلك الحين."], REF)
    assert [(m.paragraph, m.value, m.relative) for m in found] == [
        (0, "2024-02", False),
        (1, "2024-02", True),
    ]
    assert find_dates(["وانتهت الهجمات منذ ذلك الحين."], REF) == []


def test_long_paragraph_is_fast() -> None:
    sentence = "قال المسؤول في 10 كانون الثاني/يناير إن 44 غارة نفذت أمس منذ عام 1999 وفي شباط"
    paragraph = " ".join([sentence] * 625)  # 10,000 words
    started = time.perf_counter()
    found = find_dates([paragraph], REF)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert len(found) > 1000


@pytest.mark.corpus
def test_seed_article_gold(corpus_dir: Path) -> None:
    gold = json.loads((corpus_dir / "seed" / "article.gold.json").read_text(encoding="utf-8"))
    ref = datetime.date.fromisoformat(gold["published_local_date"])
    found = find_dates(gold["body"], ref)
    # the gold gives "هذا الأسبوع" as the month its week lies in; newsflow gives the ISO week
    got = [(f"body[{m.paragraph}]", m.text, "2024-03" if m.value == "2024-W11" else m.value) for m in found]
    expected = [(d["where"], d["text"], d["value"]) for d in gold["dates_mentioned"]]
    assert got == expected
    assert [m.value for m in found if m.precision == "week"] == ["2024-W11"]
    alt = {m.text: m.alternatives for m in found if m.alternatives and not m.relative}
    assert alt == {d["text"]: (d["alt_value"],) for d in gold["dates_mentioned"] if "alt_value" in d}


@pytest.mark.corpus
def test_seed_article_date_line(corpus_dir: Path) -> None:
    from pipeline.core.dates import parse_date

    first_line = (corpus_dir / "seed" / "article.txt").read_text(encoding="utf-8").splitlines()[0]
    p = parse_date(first_line)
    assert p is not None
    assert (p.year, p.month, p.day, p.precision) == (2024, 3, 16, "day")


def _fold_map_char_by_char(text: str) -> tuple[str, list[int]]:
    """The offset map built one character at a time, with no shortcut."""
    from pipeline.core.text import fold_word

    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_word(ch)
        parts.append(folded)
        index.extend([i] * len(folded))
    index.append(len(text))
    return "".join(parts), index


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("abc XYZ 0123 ,.:")
            + list("في يناير ٢٠٢٤ إبريل")
            + ["\u064e", "\u0640", "\ufefb", "\u00bd", "ﬁ"]
        ),
        max_size=60,
    )
)
def test_fold_map_shortcut_gives_the_character_by_character_map(text: str) -> None:
    """Diacritics (folded away), tatweel, ligatures and fractions (folded to several characters) included."""
    from pipeline.core.datewords import _fold_map

    assert _fold_map(text) == _fold_map_char_by_char(text)


# --------------------------------------------------------------------------- issue 17


def test_weekday_anchored_by_the_full_date_beside_it() -> None:
    ref = datetime.date(2024, 5, 13)  # a Monday: the Wednesday before would be 2024-05-08
    (mention,) = find_dates(["اعتباراً من يوم الأربعاء الموافق 15 مايو 2024 كمرحلة أولى"], ref)
    assert (mention.text, mention.value, mention.precision) == (
        "يوم الأربعاء الموافق 15 مايو 2024",
        "2024-05-15",
        "day",
    )
    (mention,) = find_dates(["في محطات الدار البيضاء يوم الإثنين 19 ماي الجاري."], datetime.date(2025, 5, 21))
    assert mention.value == "2025-05-19" and mention.text.startswith("يوم الإثنين")


def test_night_of_a_weekday_year_after_fi_and_the_news_day_between_commas() -> None:
    ref = datetime.date(2020, 4, 24)
    assert _values("حصد الفيروس لغاية ليل الخميس أرواح الآلاف.", ref) == ["2020-04-23"]
    assert _values("منذ وصوله الى السلطة في 1989 وهو الجيل.", ref) == ["1989"]
    assert _values("يقيم في 2000 منزل جديد.", ref) == []
    assert _values("تسعى الشركة إلى مضاعفة إنتاجها بحلول 2030، ضمن خطة أفق 2028.", ref) == ["2030", "2028"]
    assert _values("وعمل منذ 2019 في الميناء.", ref) == ["2019"]
    assert _values("ووزعت الجمعية خلال 2000 طرد غذائي.", ref) == []  # a count, not a year
    assert _values("أعلن الوزير، الأربعاء، أن بلاده ستبدأ.", datetime.date(2025, 7, 2)) == ["2025-07-02"]


def test_reference_date_from_the_canonical_url() -> None:
    from pipeline.fields.annotate import reference_date, url_date

    url = "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"
    assert url_date(url) == datetime.date(2013, 8, 3)
    assert url_date("https://www.youm7.com/story/2024/5/13/slug/6573469") == datetime.date(2024, 5, 13)
    assert reference_date(None, url) == datetime.date(2013, 8, 3)
    assert reference_date("2013-01-01", url) == datetime.date(2013, 8, 3)  # a year-only reading
    assert reference_date("2013-08-04", url) == datetime.date(2013, 8, 4)  # the page's own date wins


@pytest.mark.parametrize(
    "text",
    [
        "التحديات التي يواجهها الإعلام في عالم اليوم كبيرة",
        "إن شباب اليوم أكثر وعيا بحقوقهم",
        "قال إن عراق اليوم يختلف عن عراق الأمس",
        "وأضاف أن الأزمة هي الأسوأ في العالم اليوم",
        "وتطرقت الندوة إلى مغرب اليوم وتحدياته",
    ],
)
def test_today_as_an_era_is_no_date(text: str) -> None:
    assert find_dates([text], REF) == []


def test_today_of_the_report_after_a_place_stays_a_date() -> None:
    assert _values("استقبل الوزير في عمان اليوم نظيره الفرنسي") == ["2024-03-16"]
    assert _values("وقال في عالم اليوم، إن اجتماعا سيعقد اليوم في القاهرة") == ["2024-03-16"]


def test_our_world_today_is_no_date_but_we_met_today_is() -> None:
    assert find_dates(["إن عالمنا اليوم يواجه أزمات، ومجتمعنا اليوم أكثر انفتاحا"], REF) == []
    assert _values("وقال: التقينا اليوم في الوزارة") == ["2024-03-16"]


@pytest.mark.parametrize(
    "text",
    [
        "وهناك اليوم قناعة واسعة بأن الإصلاح تأخر كثيرا",  # existential clause
        "هناك تراجع في الاستثمارات اليوم في معظم القطاعات",
        "كانت المدينة مزدهرة قبل الحرب، واليوم فإن شوارعها خالية",  # contrast with the past
        "عشنا سنوات صعبة واليوم نعاني تحديات مختلفة",  # "we" in the present
        "*هل الاقتصاد اليوم في وضع أفضل مما كان عليه؟",  # the subject of a nominal question
        "تراجعت القدرة الشرائية والمؤكد اليوم أن الأسر تعاني",  # a definite word opening a clause
        "والحقيقة اليوم أن المدارس مكتظة",
        "لم تكن الأسواق مزدحمة كاليوم منذ سنوات",  # a comparison
    ],
)
def test_today_meaning_nowadays_in_commentary_is_no_date(text: str) -> None:
    assert find_dates([text], REF) == []


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت الوزارة اليوم أن الامتحانات ستبدأ الأحد",  # the verb, then its subject: the report's day
        "وعقدت اللجنة اجتماعها اليوم في عمان",
        "واليوم، أعلن الجيش انسحابه من البلدة",  # a comma after the adverb: the news day
        "التقينا اليوم بممثلي النقابات",  # an افتعل verb is no definite subject
        "الوزير اليوم الخميس في زيارة إلى الرياض",  # a weekday makes it a day
    ],
)
def test_today_of_the_report_stays_a_date(text: str) -> None:
    assert [m.precision for m in find_dates([text], REF) if "اليوم" in m.text] == ["day"]


def test_a_qualifier_before_a_bare_year_word_points_into_this_year() -> None:
    m = _one("ويتوقع أن تكتمل المرحلة الأولى نهاية العام.")
    assert (m.text, m.value, m.precision, m.alternatives) == ("نهاية العام", "2024-12", "month", ("2024",))
    assert _values("منذ مطلع السنة ارتفعت الأسعار") == ["2024-01"]
    assert _values("بحلول منتصف العام") == ["2024"]
    # another year (school, fiscal) or a written year is not the qualifier's business
    assert find_dates(["مع نهاية العام الدراسي"], REF) == []
    assert [m.text for m in find_dates(["قبل نهاية العام الماضي"], REF)] == ["نهاية العام الماضي"]


def test_a_noun_of_people_and_its_complement_before_today_is_an_era() -> None:
    assert find_dates(["لكن شباب المدينة اليوم لا يجدون عملا"], REF) == []
    assert _values("وصل وزير الخارجية اليوم إلى القاهرة") == ["2024-03-16"]


def test_the_first_of_a_month_in_words() -> None:
    m = _one("إلى غاية فاتح يوليوز تراجع المخزون")
    assert (m.text, m.value, m.precision) == ("فاتح يوليوز", "2024-07-01", "day")
    assert _values("تبدأ الزيادة في أول أبريل") == ["2024-04-01"]
    assert _values("للمرة الأولى في أول مرة") == []


def test_today_with_its_weekday_and_the_date_it_stands_for_is_one_mention() -> None:
    m = _one("اعتمد الحاكم اليوم السبت الموافق 6 رمضان 1445 هـ الخطة")
    assert (m.text, m.value) == ("اليوم السبت الموافق 6 رمضان 1445 هـ", "2024-03-16")


def test_months_joined_by_wa_and_the_dual_month_word() -> None:
    assert [
        (m.text, m.value) for m in find_dates(["بلغت الإيرادات خلال شهري يناير وفبراير 3 مليارات"], REF)
    ] == [
        ("يناير", "2024-01"),
        ("فبراير", "2024-02"),
    ]
    # a year after the last month is the year of both
    assert _values("تراجعت المبيعات في مارس وأبريل 2022") == ["2022-03", "2022-04"]


def test_one_mention_for_a_date_and_the_date_corresponding_to_it() -> None:
    m = _one("ستبدأ الأعمال يوم الخميس 3 ربيع الآخر 1445هـ الموافق 18 أكتوبر 2023م")
    assert (m.text, m.value) == ("يوم الخميس 3 ربيع الآخر 1445هـ الموافق 18 أكتوبر 2023م", "2023-10-18")
    m = _one("نظم الفلاحون صباح اليوم السبت (16 آذار 2024) وقفة احتجاجية")
    assert m.value == "2024-03-16" and m.text.startswith("اليوم السبت")


def test_qualified_years_months_and_the_previous_year() -> None:
    assert [(m.text, m.value, m.precision) for m in find_dates(["قبل نهاية 2027 سيكتمل المشروع"], REF)] == [
        ("نهاية 2027", "2027-12", "month")
    ]
    assert _values("منذ بداية الشهر انقطع الماء") == ["2024-03"]
    assert _values("ارتفعت الأرباح مقارنة بالعام السابق") == ["2023"]
    assert find_dates(["ارتفع أجر اليوم الواحد", 'في تصريح لـ"اليوم 24"'], REF) == []


def test_a_qualified_year_at_the_end_of_a_sentence() -> None:
    assert _values("تمتد المراحل حتى نهاية 2026.") == ["2026-12"]


def test_a_season_and_a_year() -> None:
    assert [(m.text, m.value, m.precision) for m in find_dates(["ستعمل المحطة قبل صيف 2026."], REF)] == [
        ("صيف 2026", "2026", "year")
    ]


def test_years_ago_and_the_tunisian_past() -> None:
    ref = datetime.date(2026, 2, 20)
    assert _values("افتتحت الورشة قبل عام وتوسعت قبل عامين من الآن", ref) == ["2025", "2024"]
    assert _values("ارتفعت الأسعار العام الفارط والشهر الفارط", ref) == ["2025", "2026-01"]
    # "before" something else, not "ago"
    assert _values("قبل عام من الانتخابات", ref) == []
    assert _values("قبل عام 2011", ref) == ["2011"]


def test_a_season_of_the_year_that_has_passed() -> None:
    assert _values("تعاقد النادي معه الصيف الماضي", datetime.date(2026, 2, 20)) == ["2025"]
    assert _values("تعاقد النادي معه الصيف الماضي", datetime.date(2025, 10, 2)) == ["2025"]
    # a sports or harvest season is no calendar date (the annotated pages leave it out)
    assert _values("كان الموسم الماضي صعبا وهذا الموسم أفضل", datetime.date(2026, 2, 20)) == []


def test_a_day_and_month_with_past_or_next_after_them() -> None:
    ref = datetime.date(2025, 4, 14)
    assert _one("تنطلق الحافلات فاتح شتنبر المقبل", ref).value == "2025-09-01"
    assert _one("وقع الحادث في 12 سبتمبر الماضي", ref).value == "2024-09-12"
    assert _one("يبدأ التطبيق في الأول من يناير المقبل", ref).value == "2026-01-01"


def test_an_ambiguous_month_name_with_past_or_next() -> None:
    ref = datetime.date(2026, 1, 22)
    assert _values("بدأت الأشغال في آب الماضي وتنتهي شهر آب المقبل", ref) == ["2025-08", "2026-08"]
    assert _values("زار آب ابنه في المستشفى", ref) == []  # "father"


def test_a_part_or_a_kind_of_year() -> None:
    ref = datetime.date(2025, 11, 1)
    assert _values("يتوقع التشغيل في الربع الأول من 2027 بحسب الشركة", ref) == ["2027"]
    assert _values("أقرت الموازنة للسنة المالية 2026 بقيمة مليار", ref) == ["2026"]


def test_today_as_a_rate_or_nowadays() -> None:
    ref = datetime.date(2025, 11, 1)
    assert _values("يتم التفريغ بمعدل 6 آلاف طن في اليوم، وسينتهي قريبا", ref) == []
    assert _values("«كنا نعمل يومين في الأسبوع، واليوم صار عندنا شغل كل يوم»", ref) == []
    assert _values("نقل موقع اليوم 24 أن الحافلة انقلبت", ref) == []
    assert _values("أعلنت الوزارة اليوم 5 إصابات جديدة", ref) == ["2025-11-01"]


def test_years_joined_by_wa_and_the_first_of_the_month() -> None:
    ref = datetime.date(2025, 8, 25)
    assert _values("يشمل البرنامج سبعة مساجد خلال عامي 2026 و2027.", ref) == ["2026", "2027"]
    assert _values("ستصرف الأجور على دفعتين قبل غرة سبتمبر.", ref) == ["2025-09-01"]
