"""Generic extractor: text a page hides or defers (noscript, a toggled transcript), boxes beside the
story (paywall, aside, biography, pull-quote figure), photo albums under the story, and the display
form of Persian and Turkish text."""

from __future__ import annotations

import pytest

from pipeline.core.models import Block, Document
from pipeline.core.text import clean_display, match_key
from pipeline.extract.html import clean_html

pytestmark = pytest.mark.unit

PARAS = [
    "قالت البلدية إن أعمال الصيانة في شبكة تصريف مياه الأمطار ستبدأ الأسبوع المقبل في الأحياء الشرقية.",
    "وأوضح مدير الأشغال أن الفرق ستعمل على مدار الساعة لتنظيف المجاري وتوسيع العبارات تحت الطرق.",
    "وطالب السكان بخطة دائمة للصيانة بعد أن غمرت المياه عشرات المنازل خلال العاصفة الأخيرة في المدينة.",
    "ومن المتوقع أن تنتهي المرحلة الأولى من الأعمال قبل نهاية الشهر المقبل بحسب الجدول المعلن للمشروع.",
]


def _clean(body: str) -> tuple[Block, ...]:
    html = f"<html><head><title>عنوان الخبر</title></head><body>{body}</body></html>"
    return clean_html(Document(source="t", kind="html", text=html, url="https://example-news.test/a")).blocks


def _texts(blocks: tuple[Block, ...], role: str) -> list[str]:
    return [b.text for b in blocks if b.role == role]


def _ps(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def test_paragraphs_in_noscript_are_read_and_a_pixel_noscript_is_not() -> None:
    body = (
        f'<article><h1>عنوان الخبر</h1><div class="story">{_ps(PARAS[:2])}'
        f'<div class="lazy"><div class="chunk-placeholder">جار تحميل بقية المقال…</div>'
        f"<noscript>{_ps(PARAS[2:])}</noscript></div>"
        '<noscript><img src="https://ads.example-adnet.test/p.gif" alt="إعلان"></noscript></div></article>'
    )
    paragraphs = _texts(_clean(body), "paragraph")
    assert paragraphs == PARAS  # the placeholder line is not text either


def test_a_transcript_a_button_opens_is_the_body() -> None:
    body = (
        '<article><h1>عنوان الخبر</h1><p class="summary-short">ورشة صغيرة تعيد تدوير الزجاج المحطم.</p>'
        '<button aria-controls="tr" aria-expanded="false">اقرأ نص التقرير</button>'
        f'<div id="tr" hidden>{_ps(PARAS)}</div>'
        '<div id="menu" hidden><a href="/a">أخبار</a></div></article>'
    )
    assert _texts(_clean(body), "paragraph") == PARAS


def test_a_paywall_box_an_aside_and_a_biography_box_are_not_the_story() -> None:
    body = (
        f'<article><h1>عنوان الخبر</h1><div class="story">{_ps(PARAS[:2])}'
        '<aside class="timeline-box"><h3>محطات</h3><p>20 أغسطس: النقابات تعلن الإضراب الشامل بعد فشل المفاوضات.</p></aside>'
        f"{_ps(PARAS[2:])}</div>"
        '<div class="wall"><p>هذه المادة متاحة للمشتركين فقط.</p>'
        '<a href="/subscribe?from=wall">اشترك الآن</a> <a href="/login">سجل الدخول</a></div>'
        '<div class="entry-bio"><h4>من هي الكاتبة؟</h4><p>روائية وقاصة، ولدت عام 1968، وعملت في الصحافة الثقافية.</p></div>'
        "</article>"
    )
    blocks = _clean(body)
    assert _texts(blocks, "paragraph") == PARAS
    assert not any("محطات" in b.text or "للمشتركين" in b.text for b in blocks)


def test_a_pull_quote_figure_is_a_pull_quote() -> None:
    body = (
        f'<article><h1>عنوان الخبر</h1><div class="story">{_ps(PARAS[:2])}'
        '<figure class="wp-block-pullquote"><blockquote><p>ما نريده رصيف آمن لتفريغ السمك</p>'
        f"<cite>صياد</cite></blockquote></figure>{_ps(PARAS[2:])}</div></article>"
    )
    blocks = _clean(body)
    assert _texts(blocks, "paragraph") == PARAS
    assert any("رصيف آمن" in t for t in _texts(blocks, "pull_quote"))


def test_captions_of_a_photo_album_under_the_story() -> None:
    slides = "".join(
        f'<div class="slide"><img src="/u/{i}.jpg" alt=""><p class="slide-text">حرفي يعمل في ورشته رقم {i} بخان الخليلي</p>'
        f'<span class="slide-credit">عدسة: أحمد حامد</span></div>'
        for i in range(1, 3)
    )
    body = f'<article><h1>عنوان الخبر</h1><div class="article-body">{_ps(PARAS)}</div><div class="album">{slides}</div></article>'
    blocks = _clean(body)
    assert [c for c in _texts(blocks, "caption") if "خان الخليلي" in c] == [
        "حرفي يعمل في ورشته رقم 1 بخان الخليلي",
        "حرفي يعمل في ورشته رقم 2 بخان الخليلي",
    ]
    assert _texts(blocks, "paragraph") == PARAS


def test_zero_width_non_joiner_is_spelling_and_turkish_dotted_i_folds_whole() -> None:
    assert clean_display("می\u200cشود\u200b") == "می\u200cشود"  # ZWNJ kept, zero-width space dropped
    assert clean_display("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # an emoji sequence stays one picture
    assert match_key("İlgili Haber İstanbul") == "ilgili haber istanbul"
    assert match_key("می\u200cشود") == match_key("میشود")  # matching as before: one word
