"""Article language: short texts written for this project in each common language, the page's declared
language as a strong hint, and the cases that used to go wrong (Portuguese read as Spanish, Urdu as Persian)."""

from __future__ import annotations

import pytest

from pipeline.core.models import Document
from pipeline.extract.html import clean_html, parse_html
from pipeline.extract.html.language import declared_language, detect_language, normalise_code

pytestmark = pytest.mark.unit

SAMPLES = {
    "ar": "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة، وقال الوزير إن المشروع سيخدم آلاف المرضى كل عام.",
    "en": "The city council approved a new budget on Tuesday, and the mayor said the money would go to schools and public transport.",
    "fr": "Le gouvernement a présenté mercredi un nouveau projet de loi sur le logement, qui doit être examiné par les députés avant l'été.",
    "es": "El gobierno anunció este lunes un nuevo plan de vivienda que, según el ministro, permitirá construir miles de casas en los próximos años.",
    "pt": "O governo anunciou nesta segunda-feira um novo plano de habitação que, segundo o ministro, vai permitir a construção de milhares de casas nos próximos anos.",
    "de": "Die Regierung hat am Mittwoch einen neuen Gesetzentwurf vorgestellt, der noch vor dem Sommer im Bundestag beraten werden soll.",
    "it": "Il governo ha presentato mercoledì un nuovo disegno di legge sulla casa, che dovrà essere esaminato dal Parlamento prima dell'estate.",
    "nl": "De regering heeft woensdag een nieuw wetsvoorstel gepresenteerd dat nog voor de zomer door het parlement moet worden besproken.",
    "tr": "Hükümet çarşamba günü konut konusunda yeni bir yasa tasarısı sundu ve tasarının yaz tatilinden önce mecliste görüşülmesi bekleniyor.",
    "fa": "دولت روز چهارشنبه لایحه جدیدی درباره مسکن به مجلس ارائه کرد که قرار است پیش از تابستان بررسی شود.",
    "ur": "حکومت نے بدھ کے روز رہائش کے بارے میں ایک نیا بل پیش کیا ہے جس پر گرمیوں سے پہلے پارلیمنٹ میں بحث کی جائے گی۔",
    "ru": "Правительство в среду представило новый законопроект о жилье, который депутаты должны рассмотреть до лета.",
    "uk": "Уряд у середу представив новий законопроєкт про житло, який депутати мають розглянути до літа.",
    "zh": "政府周三公布了一项新的住房法案，预计议会将在夏季之前对其进行审议。",
    "ja": "政府は水曜日、住宅に関する新しい法案を発表し、夏までに国会で審議される見通しだと述べた。",
    "ko": "정부는 수요일 주택에 관한 새로운 법안을 발표했으며 여름 전에 국회에서 심의될 예정이라고 밝혔다.",
    "he": "הממשלה הציגה ביום רביעי הצעת חוק חדשה בנושא דיור, שצפויה להידון בכנסת לפני הקיץ.",
    "id": "Pemerintah pada hari Rabu mengajukan rancangan undang-undang baru tentang perumahan yang akan dibahas oleh parlemen sebelum musim panas.",
    "hi": "सरकार ने बुधवार को आवास से जुड़ा एक नया विधेयक पेश किया, जिस पर गर्मियों से पहले संसद में चर्चा होने की उम्मीद है।",
    "pl": "Rząd przedstawił w środę nowy projekt ustawy o mieszkalnictwie, który posłowie mają rozpatrzyć przed latem.",
    "sv": "Regeringen presenterade på onsdagen ett nytt lagförslag om bostäder som riksdagen ska behandla före sommaren.",
    "el": "Η κυβέρνηση παρουσίασε την Τετάρτη ένα νέο νομοσχέδιο για τη στέγαση, το οποίο θα συζητηθεί στη Βουλή πριν από το καλοκαίρι.",
    "vi": "Chính phủ hôm thứ Tư đã trình bày một dự luật mới về nhà ở, dự kiến sẽ được quốc hội thảo luận trước mùa hè.",
    "bn": "সরকার বুধবার আবাসন নিয়ে একটি নতুন বিল পেশ করেছে, যা গ্রীষ্মের আগে সংসদে আলোচনা হবে বলে আশা করা হচ্ছে।",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_each_language_from_one_sentence(code: str) -> None:
    assert detect_language(SAMPLES[code]) == code


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_a_right_declaration_is_kept_and_a_template_default_loses(code: str) -> None:
    assert detect_language(SAMPLES[code], hint=code) == code
    wrong = "en" if code != "en" else "fr"  # a CMS that always says lang="en"
    assert detect_language(SAMPLES[code], hint=wrong) == code


def test_portuguese_is_not_spanish_and_urdu_is_not_persian() -> None:
    assert detect_language(SAMPLES["pt"], hint="es") == "pt"
    assert detect_language(SAMPLES["es"], hint="pt") == "es"
    assert detect_language(SAMPLES["ur"], hint="fa") == "ur"
    assert detect_language(SAMPLES["fa"], hint="ur") == "fa"


def test_the_declaration_wins_on_short_text_and_between_siblings() -> None:
    assert detect_language("Oi, tudo bem?", hint="pt-BR") == "pt"
    assert detect_language("123 456") is None
    assert detect_language("") is None
    # Indonesian and Malay share most words: the page's own declaration decides
    malay_like = "Kerajaan akan membentangkan rancangan undang-undang baru tentang perumahan minggu depan."
    assert detect_language(malay_like, hint="id") == "id"
    assert detect_language(malay_like, hint="ms") == "ms"


def test_control_characters_and_lone_surrogates_do_not_break_detection() -> None:
    text = "El\x00 gobierno\x85 anunció \ud800 un nuevo plan de vivienda para las familias de la ciudad."
    assert detect_language(text) == "es"


def test_codes_are_normalised() -> None:
    assert normalise_code("pt-BR") == "pt"
    assert normalise_code("zh_Hans") == "zh"
    assert normalise_code("iw") == "he"
    assert normalise_code("IN") == "id"
    assert normalise_code("en-US, fr") == "en"
    assert normalise_code("und") is None
    assert normalise_code("x") is None
    assert normalise_code(None) is None


def test_declared_language_from_html_lang_then_meta() -> None:
    root = parse_html('<html lang="pt-BR"><head></head><body><p>x</p></body></html>')
    assert root is not None and declared_language(root) == "pt"
    root = parse_html("<html><head></head><body><p>x</p></body></html>")
    assert root is not None
    assert declared_language(root, {"og:locale": ["ur_PK"]}) == "ur"
    assert declared_language(root, {}) is None


def test_a_page_gets_its_language_from_text_and_declaration() -> None:
    body = "".join(f"<p>{SAMPLES['pt']}</p>" for _ in range(3))
    page = f'<html lang="es"><head><title>Plano de habitação</title></head><body><article>{body}</article></body></html>'
    assert clean_html(Document(source="t", kind="html", text=page)).meta.language == "pt"
    short = '<html lang="ur"><head><title>خبر</title></head><body><article><p>خبر</p></article></body></html>'
    assert clean_html(Document(source="t", kind="html", text=short)).meta.language == "ur"
