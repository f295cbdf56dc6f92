"""Generic extractor: furniture lines and boxes of ordinary pages of 2010-2024 (arabic_unseen set six) —
ad labels, app pitches, score and counter lines, a standalone dateline, desk codes and sign-offs, teaser
lines under a "read also:" label, a teaser card, a kicker heading, a closing editors' note, a headline
with a colon, a caption under a "legende" class and a "Par <span>NAME</span>" byline."""

from __future__ import annotations

import pytest

from pipeline.core.models import Block, Document
from pipeline.extract.html import clean_html
from pipeline.extract.html.blocks import WalkContext, classify_paragraph

pytestmark = pytest.mark.unit

PARAS = [
    "قالت البلدية إن أعمال الصيانة في شبكة تصريف مياه الأمطار ستبدأ الأسبوع المقبل في الأحياء الشرقية.",
    "وأوضح مدير الأشغال أن الفرق ستعمل على مدار الساعة لتنظيف المجاري وتوسيع العبارات تحت الطرق.",
    "وطالب السكان بخطة دائمة للصيانة بعد أن غمرت المياه عشرات المنازل خلال العاصفة الأخيرة في المدينة.",
    "ومن المتوقع أن تنتهي المرحلة الأولى من الأعمال قبل نهاية الشهر المقبل بحسب الجدول المعلن للمشروع.",
]


def _clean(body: str, title: str = "عنوان الخبر") -> tuple[Block, ...]:
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return clean_html(Document(source="t", kind="html", text=html, url="https://example-news.test/a")).blocks


def _texts(blocks: tuple[Block, ...], role: str) -> list[str]:
    return [b.text for b in blocks if b.role == role]


def _ps(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@pytest.mark.parametrize(
    "line",
    [
        "- إعلان -",
        "— Advertisement —",
        "حمّلوا تطبيق الموقع على هواتفكم لمتابعة النتائج لحظة بلحظة.",
        "3 - 1",
        "1 / 3",
        "عدن - بوابة المدينة - خاص:",
        "عمان - خاص",
        "ف.ش/۲۳",
        "انتهای پیام/",
        "Mis à jour à 15h40",
    ],
)
def test_furniture_lines_are_not_paragraphs(line: str) -> None:
    assert classify_paragraph(line, WalkContext()) is None


@pytest.mark.parametrize(
    "line",
    [
        "وفاز الفريق 3 - 1 في المباراة التي أقيمت مساء السبت على الملعب البلدي.",
        "وقال مدير المكتب إن الإعلان عن النتائج سيكون يوم الخميس المقبل.",
        "عدن - قال مسؤول محلي إن المياه ستعود إلى الأحياء خلال يومين.",
    ],
)
def test_sentences_with_the_same_words_stay(line: str) -> None:
    block = classify_paragraph(line, WalkContext())
    assert block is not None and block.role == "paragraph"


def test_link_lines_under_a_read_also_label_are_related() -> None:
    links = '<br /><a href="/n/1">مؤسسة المياه تعلن خطة لحفر عشر آبار جديدة</a><br /><a href="/n/2">أهالي الحي يشكون ارتفاع الأسعار</a>'
    body = f'<article><h1>عنوان الخبر</h1><div class="entry">{_ps(PARAS)}<p><strong>اقرأ أيضاً:</strong>{links}</p></div></article>'
    blocks = _clean(body)
    assert _texts(blocks, "paragraph") == PARAS
    assert _texts(blocks, "related") == [
        "مؤسسة المياه تعلن خطة لحفر عشر آبار جديدة",
        "أهالي الحي يشكون ارتفاع الأسعار",
    ]


def test_a_link_line_with_no_label_above_stays_body() -> None:
    linked = '<p><a href="/n/1">وقالت الوزارة في بيان نشرته على موقعها إن الأعمال ستنتهي قريبا</a></p>'
    body = f'<article><h1>عنوان الخبر</h1><div class="entry">{_ps(PARAS)}{linked}</div></article>'
    assert _texts(_clean(body), "paragraph")[-1].startswith("وقالت الوزارة")


def test_a_teaser_card_a_score_card_and_a_kicker_heading_are_not_body() -> None:
    card = '<a class="video-card" href="/videos/9"><img src="/t.jpg" alt=""><span>شاهد الملخص</span><span>ملخص المباراة كاملا</span></a>'
    score = '<div class="score-card"><div>3 - 1</div><div class="score-card__info">الدوري - الجولة 20 - الملعب البلدي</div></div>'
    body = f'<article><h4 class="rutitr">مدير المشروع أعلن</h4><h1>عنوان الخبر</h1>{score}<div class="content">{_ps(PARAS[:2])}{card}{_ps(PARAS[2:])}</div></article>'
    blocks = _clean(body)
    assert _texts(blocks, "paragraph") == PARAS
    assert _texts(blocks, "heading") == []


def test_a_closing_editors_note_is_not_body() -> None:
    note = "ملاحظة: الأسعار الواردة في التقرير هي أسعار سوق الجملة صباح يوم النشر."
    body = f'<article><h1>عنوان الخبر</h1><div class="entry">{_ps([*PARAS, note])}</div></article>'
    assert _texts(_clean(body), "paragraph") == PARAS


def test_a_headline_with_a_colon_and_a_caption_before_the_body() -> None:
    title = "موسم العنب في الخليل: إنتاج وفير وأسعار متدنية"
    body = (
        f'<ul class="crumbs"><li><span>{title}</span></li></ul><div class="item-page"><h2>{title}</h2>'
        '<div class="item-image"><img src="/g.jpg"><span class="img_caption">مزارع يقطف العنب في أحد الكروم - تصوير: سامي</span></div>'
        f'<div itemprop="articleBody">{_ps(PARAS)}</div></div>'
    )
    blocks = _clean(body, title=f"{title} - بوابة السوق")
    assert _texts(blocks, "caption") == ["مزارع يقطف العنب في أحد الكروم"]


def test_a_legende_field_is_a_caption_and_par_span_is_a_byline() -> None:
    paras = [
        "Plusieurs centaines de pêcheurs artisanaux ont observé jeudi un sit-in devant le siège du gouvernorat.",
        "Les manifestants réclament un plan de sauvetage de la pêche côtière et un contrôle des chalutiers.",
        "Le gouverneur a reçu une délégation de pêcheurs et promis de transmettre leurs demandes au ministère.",
    ]
    body = (
        '<article><h1>Gabès : les pêcheurs manifestent</h1><footer><div class="node__submitted">Par '
        "<span>Sonia Ben Salem</span>, publié le jeu 21/03/2019 - 13:05</div></footer>"
        '<div class="field--name-field-image"><img src="/p.jpg"></div>'
        '<div class="field field--name-field-legende">Des pêcheurs devant le siège du gouvernorat.</div>'
        f'<div class="field--name-body">{_ps(paras)}</div></article>'
    )
    html = f"<html><head><title>Gabès</title></head><body>{body}</body></html>"
    cleaned = clean_html(Document(source="t", kind="html", text=html, url="https://example-news.test/a"))
    assert _texts(cleaned.blocks, "caption") == ["Des pêcheurs devant le siège du gouvernorat."]
    assert list(cleaned.meta.authors) == ["Sonia Ben Salem"]
