"""Quotes: reporting verb + speaker + statement, colon quotes, "according to", entity links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.text import clean_display
from pipeline.fields.entities import find_entities
from pipeline.fields.quotes import find_quotes

pytestmark = pytest.mark.unit


def test_qal_inna_speaker_and_text() -> None:
    quotes = find_quotes(["وقال مسؤول أمريكي كبير إن الولايات المتحدة ستستخدم القوة. ثم انتهى اللقاء."])
    assert quotes == [
        {
            "speaker": "مسؤول أمريكي كبير",
            "text": "الولايات المتحدة ستستخدم القوة",
            "paragraph": 0,
            "verb": "قال",
            "entity_id": None,
            "affiliation_id": None,
            "speaker_key": "مسوول امريكي كبير",
        }
    ]


def test_apposition_is_not_part_of_speaker_and_nested_verb_is_skipped() -> None:
    text = "وقال مسؤولان إيرانيان، أحدهما من وزارة الخارجية، إن إيران أكدت خلال المحادثات أنها لا تسيطر."
    paragraphs = [text]
    _, mentions = find_entities(paragraphs)
    quotes = find_quotes(paragraphs, mentions)
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("مسؤولان إيرانيان", "إيران أكدت خلال المحادثات أنها لا تسيطر")
    ]
    assert quotes[0]["entity_id"] is None  # the ministry is in the apposition, not the speaker


def test_speaker_linked_to_entity() -> None:
    paragraphs = ["وقال المتحدث باسم الكرملين دميتري بيسكوف إن اللقاء مستبعد."]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    # the person speaks; the organisation is their affiliation (not the speaker)
    assert quote["entity_id"] == "nf:person-dmitry-peskov"
    assert quote["affiliation_id"] == "nf:org-kremlin"
    assert quote["text"] == "اللقاء مستبعد"


def test_colon_quote() -> None:
    (quote,) = find_quotes(["وقال الوزير: «لن نتراجع عن موقفنا». ثم غادر."])
    assert (quote["speaker"], quote["text"], quote["verb"]) == ("الوزير", "لن نتراجع عن موقفنا", "قال")


def test_according_to_before_and_after() -> None:
    quotes = find_quotes(
        ["وبحسب مصادر محلية، قتل خمسة أشخاص.", "تقدمت القوات نحو المدينة، بحسب ما نقلته قناة الجزيرة."]
    )
    assert [(q["speaker"], q["text"], q["paragraph"]) for q in quotes] == [
        ("مصادر محلية", "قتل خمسة أشخاص", 0),
        ("قناة الجزيرة", "تقدمت القوات نحو المدينة", 1),
    ]


def test_no_quote_without_speaker_or_that() -> None:
    assert find_quotes(["وأضاف أن المساعدات لم تصل.", "قال الرجل كلاما كثيرا."]) == []


def test_statement_stops_before_second_reporting_clause() -> None:
    quotes = find_quotes(
        ["ونقلت صحيفة لبنانية عن مصادر أن باريس تعد مبادرة، بينما ذكرت رويترز أن الاجتماع تأجل."]
    )
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("مصادر", "باريس تعد مبادرة"),
        ("رويترز", "الاجتماع تأجل"),
    ]


@pytest.mark.corpus
def test_seed_qal_inna_quotes(corpus_dir: Path) -> None:
    gold = json.loads((corpus_dir / "seed" / "article.gold.json").read_text(encoding="utf-8"))
    _, mentions = find_entities(gold["body"])
    found = {
        (q["paragraph"], clean_display(q["speaker"]), clean_display(q["text"]))
        for q in find_quotes(gold["body"], mentions)
    }
    core = [q for q in gold["quotes"] if q["reporting"].startswith("قال")]
    assert len(core) == 3
    for q in core:
        key = (int(q["where"][5:-1]), clean_display(q["speaker"]), clean_display(q["text"]))
        assert key in found, key


@pytest.mark.parametrize(
    "text",
    [
        "وحث البابا المجتمع الدولي على وقف الحرب، حسب تعبيره.",
        "وقالت سابقًا إن الأمر انتهى.",
        "وقال الرئيس الذي وصل أمس من باريس إلى روما مساء الأحد بعد جولة طويلة إن الزيارة ناجحة.",
    ],
)
def test_non_speakers_rejected(text: str) -> None:
    assert find_quotes([text]) == []


def test_speaker_cut_before_to_the_newspaper() -> None:
    (quote,) = find_quotes(["وقال الخبير غوستاف فلان لصحيفة ديلي ميل إن اللون طبيعي."])
    assert quote["speaker"] == "الخبير غوستاف فلان"


# --------------------------------------------------------------------------- issue 17


def _quotes(paragraphs: list[str]) -> list[dict[str, Any]]:
    _, mentions = find_entities(paragraphs)
    return find_quotes(paragraphs, mentions)


def test_the_person_speaks_for_the_organisation() -> None:
    text = 'وقالت المتحدثة باسم الخارجية الامريكية فكتوريا نولاند " إن "مبادرة (الاسد) منفصلة عن الواقع".'
    (quote,) = _quotes([text])
    assert quote["entity_id"] == "nf:person-victoria-nuland"
    assert quote["affiliation_id"] == "nf:org-us-state-department"


def test_an_unnamed_spokesman_is_not_the_person_he_speaks_for() -> None:
    text = (
        "وفي بروكسل قال متحدث باسم مفوضة الشؤون الخارجية في الاتحاد كاترين اشتون إن الاتحاد يدقق في الخطاب."
    )
    (quote,) = _quotes([text])
    assert quote["entity_id"] is None
    assert quote["affiliation_id"] is not None


def test_one_speaker_group_in_two_case_forms_has_one_key() -> None:
    first = "ووفقًا لمسؤولين أمريكيين وإيرانيين، كان لكل جانب طلب واضح."
    second = "وقال مسؤولون أمريكيون وإيرانيون إن الطرفين واصلا تبادل الرسائل."
    keys = {q["speaker_key"] for q in find_quotes([first, second])}
    assert len(keys) == 1


def test_kashafat_an_is_not_a_quote() -> None:
    text = 'كشفت صحيفة "نيويورك تايمز" الأمريكية، عن تواصل جمع إيران الولايات المتحدة مطلع العام.'
    assert _quotes([text]) == []


def test_subject_before_the_verb_or_in_the_sentence_before() -> None:
    quotes = _quotes(["وكانت الأمم المتحدة قالت إن أكثر من 60 ألف شخص قد قتلوا."])
    assert [(q["speaker"], q["entity_id"]) for q in quotes] == [("الأمم المتحدة", "Q1065")]
    text = (
        'إذ وصف وزير الخارجية البريطاني ويليام هيغ اقتراحات الأسد بأنها "وعود فارغة". '
        "وقال إن العنف والقمع هما من صنع يدي الأسد."
    )
    (quote,) = _quotes([text])
    assert quote["entity_id"] == "nf:person-william-hague"
    assert quote["text"].startswith("العنف والقمع")


def test_relayed_saying_and_the_name_after_the_role() -> None:
    (quote,) = _quotes(['ونقلت وكالة فرانس برس عن وزير الخارجية علي أكبر صالحي قوله "هذه الخطة ترفض العنف."'])
    assert quote["speaker"] == "وزير الخارجية علي أكبر صالحي" and quote["text"].startswith("هذه الخطة")
    text = 'وأوضحت المتحدثة باسم المفوضية في دمشق، رولا أمين، لعنب بلدي أن "وتيرة العودة تضاعفت".'
    (quote,) = _quotes([text])
    assert quote["speaker"] == "رولا أمين"


def test_speaker_before_the_verb_with_an_adverbial_after_it() -> None:
    (quote,) = _quotes(["نجيب ميقاتي قال أمام زواره إن الحكومة باقية."])
    assert quote["entity_id"] == "nf:person-najib-mikati" and quote["text"].startswith("الحكومة باقية")
    (quote,) = _quotes(["بنيامين نتنياهو قال للصحفيين قبل سفره إن الحرب لم تنته."])
    assert quote["entity_id"] == "Q43174" and quote["text"].startswith("الحرب لم")
    text = "النائب علي حسن خليل، المعاون السياسي لرئيس مجلس النواب، قال لـ«الأخبار» إن الجلسة مؤجلة."
    (quote,) = _quotes([text])
    assert quote["speaker"] == "علي حسن خليل" and quote["text"].startswith("الجلسة مؤجلة")
    assert quote["affiliation_id"] is not None


def test_egyptian_spellings_of_unnamed_officials_and_titles() -> None:
    (quote,) = _quotes(["وقال مسئول بوزارة الصحة إن المستشفيات جاهزة."])
    assert quote["entity_id"] is None and quote["affiliation_id"] == "nf:org-ministry-health"
    standard = _quotes(["وقال مسؤول بوزارة الصحة إن المستشفيات جاهزة."])[0]
    assert quote["speaker_key"] == standard["speaker_key"]
    text = "وأوضح مساعد وزير الخارجية للشئون العربية، الدكتور حسام زكي، أن القمة في موعدها."
    (quote,) = _quotes([text])
    assert quote["speaker"] == "حسام زكي" and quote["text"].startswith("القمة في")


def test_subject_before_a_verb_with_an_adverbial_between_commas() -> None:
    (quote,) = _quotes(["وكانت وزارة الصحة قد أعلنت، مساء الأحد، أن المستشفيات استقبلت 40 مصابا."])
    assert quote["entity_id"] == "nf:org-ministry-health" and quote["text"].startswith("المستشفيات")


def test_relayed_saying_with_inna_runs_to_the_sentence_end() -> None:
    text = "ونقلت وكالة الأنباء الأردنية عن مسؤول في وزارة الصحة قوله إن 12 حالة سجلت. وتابع الفريق عمله."
    (quote,) = _quotes([text])
    assert quote["text"] == "12 حالة سجلت"
    assert quote["entity_id"] is None and quote["affiliation_id"] == "nf:org-ministry-health"


def test_saying_participle_without_a_quote_before_it() -> None:
    (quote,) = _quotes(["وعلق نجيب ميقاتي على القرار قائلا إن الحكومة لن تستقيل."])
    assert quote["entity_id"] == "nf:person-najib-mikati" and quote["text"] == "الحكومة لن تستقيل"
    (quote,) = _quotes(['وردت وزارة الصحة على الانتقادات قائلة: "المستشفيات تعمل بكامل طاقتها".'])
    assert quote["entity_id"] == "nf:org-ministry-health" and quote["text"].startswith("المستشفيات تعمل")
    (quote,) = _quotes(["وختم الوزير كلمته قائلا إن الخطة جاهزة."])
    assert quote["speaker"] == "الوزير" and quote["entity_id"] is None


def test_saying_participle_after_a_quote_continues_it() -> None:
    (quote,) = _quotes(["وقالت إيفانكا ترامب إن الإمارات جميلة، قائلة إنها ستعود."])
    assert quote["entity_id"] == "nf:person-ivanka-trump" and "قائلة إنها ستعود" in quote["text"]
    (quote,) = _quotes(["وتابع الوزير قائلا إن الخطة جاهزة."])
    assert quote["speaker"] == "الوزير" and quote["entity_id"] is None


def test_saying_participle_subject_before_a_named_object() -> None:
    (quote,) = _quotes(["وفي المقابل انتقدت النقابة قرارات نتنياهو قائلة إنها تضر بالعمال."])
    assert quote["speaker"] == "النقابة" and quote["entity_id"] is None


def test_egyptian_fi_adverbial_and_plural_officials() -> None:
    (quote,) = _quotes(["وقالت وزارة الخارجية المصرية فى بيان لها إن الوضع مستقر."])
    assert quote["speaker"] == "وزارة الخارجية المصرية"
    egyptian = _quotes(["وقال مسئولو هيئة الشئون المالية إن الوضع مستقر."])[0]
    standard = _quotes(["وقال مسؤولو هيئة الشؤون المالية إن الوضع مستقر."])[0]
    assert (
        egyptian["entity_id"] is None and egyptian["affiliation_id"] == standard["affiliation_id"] is not None
    )


def _pairs(paragraphs: list[str]) -> list[tuple[str, str]]:
    _, mentions = find_entities(paragraphs)
    return [(q["speaker"], q["text"]) for q in find_quotes(paragraphs, mentions)]


def test_that_written_without_its_hamza() -> None:
    assert _pairs(["وقال المدير التنفيذي ان الشركة ستوسع نشاطها."]) == [
        ("المدير التنفيذي", "الشركة ستوسع نشاطها")
    ]
    assert _pairs(["والدراسات الحديثة تقول انه لا علاقة بين الأمرين."]) == [
        ("الدراسات الحديثة", "لا علاقة بين الأمرين")
    ]


def test_wrote_and_explained_with_its_shadda_are_reporting_verbs() -> None:
    assert _pairs(["وكتب أحد النواب أن الجلسة كانت عاصفة."]) == [("أحد النواب", "الجلسة كانت عاصفة")]
    assert _pairs(["وبيّن مدير المشروع أن التنفيذ يبدأ قريبا."]) == [("مدير المشروع", "التنفيذ يبدأ قريبا")]
    # "بين" without its shadda is the preposition "between"
    assert _pairs(["وقعت اشتباكات بين الجانبين أن تقدم أحدهما."]) == []


def test_fronted_according_to_answered_by_fa_without_a_comma() -> None:
    assert _pairs(["وبحسب الهيئة فقد ارتفع عدد الزوار."]) == [("الهيئة", "فقد ارتفع عدد الزوار")]
    assert _pairs(["ووفقا للتقرير فإن الصادرات تراجعت."]) == [("التقرير", "فإن الصادرات تراجعت")]


def test_a_name_after_a_preposition_is_not_the_implicit_subject() -> None:
    paragraphs = ["أعاد الرئيس العلاقات مع دول مثل إثيوبيا وكل يوم يؤكد انه ماض في نهجه."]
    _, mentions = find_entities(paragraphs)
    assert all(q["entity_id"] != "Q115" for q in find_quotes(paragraphs, mentions))


def test_two_speakers_in_one_sentence_each_before_the_verb() -> None:
    assert _pairs(["-النقابة تقول ان الأجور متدنية، والإدارة تقول ان الموازنة لا تسمح."]) == [
        ("النقابة", "الأجور متدنية"),
        ("الإدارة", "الموازنة لا تسمح"),
    ]


def test_an_auxiliary_before_the_verb_leaves_the_subject_in_the_sentence_before() -> None:
    paragraphs = ["وزار الوزير نبيل حداد مدينة صيدا. وقد قال في كلمته ان الدولة لن تتخلى عن أهلها."]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    assert quote["speaker"] == "نبيل حداد" and quote["text"] == "الدولة لن تتخلى عن أهلها"


def test_the_subject_of_the_clause_before_and_said() -> None:
    paragraphs = ["وانتقد النائب عمر الزعبي قرار الحكومة، وقال إنه جاء متأخرا."]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    assert (quote["speaker"], quote["text"]) == ("عمر الزعبي", "جاء متأخرا")


def test_an_honorific_pronoun_speaks_for_the_person_named_before() -> None:
    paragraphs = [
        "استقبل الشيخ تميم بن حمد آل ثاني أمير دولة قطر وفدا برلمانيا.",
        'وقال سموه عبر منصة "إكس": "الحوار طريقنا الوحيد".',
    ]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    assert quote["text"] == "الحوار طريقنا الوحيد"
    assert quote["entity_id"] == next(m["entity_id"] for m in mentions if m["type"] == "person")


def test_a_bare_title_refers_to_the_person_quoted_with_it() -> None:
    paragraphs = [
        "وقال وزير النقل سامر الخطيب إن الطريق سيفتح قريبا.",
        "وأضاف الوزير أن الأشغال بلغت مراحلها الأخيرة.",
        "وأضاف الرئيس أن الحكومة ستدعم المشروع.",
    ]
    _, mentions = find_entities(paragraphs)
    quotes = find_quotes(paragraphs, mentions)
    assert [q["speaker"] for q in quotes] == ["وزير النقل سامر الخطيب", "وزير النقل سامر الخطيب", "الرئيس"]
    assert quotes[1]["entity_id"] == quotes[0]["entity_id"] and quotes[2]["entity_id"] is None


def test_a_document_without_a_named_source_is_no_speaker() -> None:
    assert _pairs(["ارتفعت الصادرات بنسبة 5%، وفق بيانات نشرتها الوزارة أمس."]) == []
    assert _pairs(["ووفقا لتقديرات صندوق النقد الدولي، فإن النمو سيتباطأ."]) == [
        ("تقديرات صندوق النقد الدولي", "فإن النمو سيتباطأ")
    ]


def test_an_acronym_in_parentheses_names_the_organisation_that_speaks() -> None:
    paragraphs = ["وبحسب مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية (أوتشا)، نزح ألف شخص."]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    acronym = next(m["entity_id"] for m in mentions if m["surface"] == "أوتشا")
    assert quote["entity_id"] == acronym and acronym != "Q1065"


def test_witnesses_speaking_to_an_outlet_are_not_the_outlet() -> None:
    paragraphs = ['وأفاد شهود عيان لـ"رويترز" بأن القوات انسحبت من المدينة.']
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    assert (quote["speaker"], quote["entity_id"]) == ("شهود عيان", None)


def test_a_stating_participle_is_no_quote_of_its_own() -> None:
    # participle continuations are part of the quote before, or no quote (fields gold README)
    assert find_quotes(['وطالبت النائبة سلوى حمدي بزيادة المخصصات، مؤكدة أن "الموازنة لا تكفي".']) == []
    assert len(find_quotes(["وقال الوزير إن الأسعار مستقرة، مؤكدا أن المخزون كاف."])) == 1


def test_a_paragraph_opening_with_the_verb_goes_on_with_the_last_speaker() -> None:
    paragraphs = [
        "وقال المتحدث باسم الوزارة رامي عادل إن الأدوية متوفرة.",
        "وأشار إلى أن الخط الساخن يعمل طوال اليوم.",
    ]
    _, mentions = find_entities(paragraphs)
    quotes = find_quotes(paragraphs, mentions)
    assert [q["paragraph"] for q in quotes] == [0, 1]
    assert quotes[1]["entity_id"] == quotes[0]["entity_id"] is not None


def test_the_addressees_and_a_document_with_a_verb_are_no_speakers() -> None:
    paragraphs = ["وقال المتحدث باسم المنظمة ويليام مارتن للصحفيين في جنيف إن الوضع خطير."]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    assert quote["entity_id"] == next(m["entity_id"] for m in mentions if m["type"] == "person")
    assert _pairs(["وسجلت الصادرات نموا، وفق أرقام نشرتها الهيئة العامة للإحصاء."]) == []


def test_the_person_after_the_role_speaks_not_the_one_the_institution_is_named_for() -> None:
    paragraphs = ["وقال مدير مستشفى الأمير حمزة، الدكتور سامر الخطيب، إن القسم يعمل بكامل طاقته."]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    assert quote["speaker"] == "سامر الخطيب"


def test_sources_and_statements_chained_in_one_sentence() -> None:
    paragraphs = [
        "وقالت مصادر أمنية إن المشتبه به أوقف.",
        "وأوضحت المصادر أن التحقيق مستمر.",
        'وأكد المدير سامي حداد أن اللجان "ستعمل ليلا"، ولفت حداد إلى أن المخالفات تراجعت.',
        "وذكر مسؤول في الوزارة، فضل عدم ذكر اسمه، أن الخطة جاهزة.",
    ]
    _, mentions = find_entities(paragraphs)
    quotes = find_quotes(paragraphs, mentions)
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("مصادر أمنية", "المشتبه به أوقف"),
        ("مصادر أمنية", "التحقيق مستمر"),
        ("المدير سامي حداد", 'اللجان "ستعمل ليلا"'),
        ("حداد", "المخالفات تراجعت"),
        ("مسؤول في الوزارة", "الخطة جاهزة"),
    ]


def test_an_honorific_goes_back_to_the_person_with_that_title() -> None:
    paragraphs = [
        "استقبل صاحب السمو الشيخ محمد بن زايد آل نهيان في قصر الشاطئ معالي جان نويل بارو وزير الخارجية الفرنسي.",
        "وأكد سموه أن الإمارات حريصة على تعزيز التعاون.",
    ]
    _, mentions = find_entities(paragraphs)
    (quote,) = find_quotes(paragraphs, mentions)
    assert quote["entity_id"] == "nf:person-mohamed-bin-zayed"


def test_an_article_of_a_law_is_no_speaker() -> None:
    assert _pairs(["وقد يعاقب اللاعب بالإيقاف أربع مباريات، وفق الفصل 52 من المجلة التأديبية."]) == []


def test_hasbama_and_a_titled_person_named_before_the_first_quote() -> None:
    paragraphs = [
        "أشرف الوزير الأول، سمير الهادي، على إطلاق المشروع.",
        "وأوضح الوزير الأول أن المشروع سيوفر ألفي منصب.",
        "وكان الرئيس قد أمر بتسريع الأشغال، حسبما أفاد به بيان للرئاسة.",
    ]
    _, mentions = find_entities(paragraphs)
    quotes = find_quotes(paragraphs, mentions)
    person = next(m["entity_id"] for m in mentions if m["surface"] == "سمير الهادي")
    assert [(q["paragraph"], q["entity_id"] == person) for q in quotes] == [(1, True), (2, False)]
    assert quotes[1]["speaker"] == "بيان للرئاسة"
