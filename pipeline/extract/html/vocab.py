"""What class/id words, tags and short texts mean on a news page: the extractor's shared vocabulary."""

from __future__ import annotations

import re

from lxml import html as lhtml

from pipeline.core.text import fold_arabic, match_key

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "blockquote",
        "figure",
        "figcaption",
        "pre",
        "address",
        "center",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
        "nav",
        "caption",
    ]
)
DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "button",
        "input",
        "select",
        "textarea",
        "option",
        "nav",
        "svg",
        "canvas",
        "video",
        "audio",
        "object",
        "embed",
        "template",
        "head",
        "link",
        "meta",
        "label",
        "ins",
        "map",
        "area",
        "source",
        "picture",
        "dialog",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])

# class/id words (split on -, _, spaces and camelCase) that mark page furniture inside an article
NEGATIVE_WORDS = frozenset(
    [
        "comment",
        "comments",
        "commentlist",
        "disqus",
        "share",
        "shares",
        "sharing",
        "social",
        "sociallinks",
        "sharethis",
        "addthis",
        "promo",
        "promotion",
        "advert",
        "advertisement",
        "advertising",
        "adv",
        "ads",
        "ad",
        "adsbygoogle",
        "adslot",
        "dfp",
        "banner",
        "sponsor",
        "sponsored",
        "newsletter",
        "subscribe",
        "subscription",
        "signup",
        "popup",
        "modal",
        "cookie",
        "cookies",
        "footer",
        "sidebar",
        "widget",
        "breadcrumb",
        "breadcrumbs",
        "crumbs",
        "print",
        "toolbar",
        "navbar",
        "menu",
        "outbrain",
        "taboola",
        "rating",
        "score",  # a match's score card, a review's score box
        "scoreboard",
        "scorecard",
        "hidden",
        "none",
        "hideme",
        "invisible",
        "sronly",
        "tools",
        "pagination",
        "pager",
        "recirc",
        "recommended",
        "trending",
        "mostread",
        "popular",
    ]
)
TAG_WORDS = frozenset(["tags", "tag", "keywords", "topics", "tagcloud", "taglist"])
RELATED_WORDS = frozenset(
    ["related", "relatedlinks", "relatedarticles", "relatednews", "readmore", "readalso"]
)
CAPTION_WORDS = frozenset(
    [
        *("caption", "figcaption", "imgcaption", "imgcap", "uplcaption", "captiontext", "photocaption"),
        # in the site's language: French/German "legende" (Drupal's field--name-field-legende), Spanish, Italian
        *("legende", "leyenda", "didascalia", "bildunterschrift"),
    ]
)
CREDIT_WORDS = frozenset(["credit", "credits", "copyright", "photocredit", "imagecredit", "source"])
BYLINE_WORDS = frozenset(["byline", "author", "authors", "writer", "writeby", "reporter", "creator"])
PULL_WORDS = frozenset(["pullquote", "pull", "quote", "highlight"])
LEAD_WORDS = frozenset(
    [
        "lead",
        "standfirst",
        "subtitle",
        "subheadline",
        "summary",
        "excerpt",
        "intro",
        "teaser",
        "dek",
        "ingress",
        "shortdesc",
    ]
)
# words that name a standfirst only where it sits: right under the headline or opening the body
WEAK_LEAD_WORDS = frozenset(
    [
        "description",
        "desc",
        "brief",
        "abstract",
        "summery",
        "subhead",
        "subheading",
        "subhed",
        "deck",
        "strapline",
        "lede",
        "chapeau",
        "chapo",
        "sapo",
    ]
)
# class words of a biography box (of the writer or of the person interviewed): not the story
BIO_WORDS = frozenset(["bio", "biography", "authorbio"])
# class words of a paragraph inside the body that is a promotion, not text (a newsletter or follow box)
PROMO_PARAGRAPH_WORDS = frozenset(
    ["newsletter", "subscribe", "subscription", "signup", "promo", "promotion", "sponsor", "sponsored",
     "advertisement", "cta", "share", "social"]
)  # fmt: skip
# class words that keep an element from being a standfirst (an author's bio, a share box, a caption)
NOT_LEAD_WORDS = BYLINE_WORDS | NEGATIVE_WORDS | CAPTION_WORDS | frozenset(["bio", "biography", "credit"])
_SUB_HEADS = frozenset(["title", "head", "heading", "headline"])  # "sub-title", "sub_head": split words
EMBED_WORDS = frozenset(["twitter", "tweet", "instagram", "facebook", "fb", "tiktok", "embed"])
EMBED_BOX_WORDS = EMBED_WORDS | frozenset(["video", "player", "youtube"])
# a short text whose class names both a picture and a text about it ("img-title", "photoDesc") is a caption
PICTURE_WORDS = frozenset(["img", "image", "photo", "pic", "picture", "foto", "slide"])
PICTURE_TEXT_WORDS = frozenset(["title", "desc", "description", "text", "txt", "legend", "info", "caption"])

LEAD_STRONG, LEAD_WEAK = 2, 1


def lead_kind(words: frozenset[str]) -> int:
    """LEAD_STRONG for a standfirst's class words (lead, standfirst, summary...), LEAD_WEAK for words
    that name one only near the headline (description, brief, sub-title...), else 0."""
    if not words:
        return 0
    if not words.isdisjoint(LEAD_WORDS):
        return LEAD_STRONG
    if not words.isdisjoint(WEAK_LEAD_WORDS) or ("sub" in words and not words.isdisjoint(_SUB_HEADS)):
        return LEAD_WEAK
    return 0


def picture_text_words(words: frozenset[str]) -> bool:
    """Class words naming a picture's text (img-title, photoDesc, image-desc): a caption's class."""
    return (
        bool(words)
        and not words.isdisjoint(PICTURE_WORDS)
        and not words.isdisjoint(PICTURE_TEXT_WORDS)
        and words.isdisjoint(_NOT_CAPTION_WORDS)
    )


_NOT_CAPTION_WORDS = frozenset(["content", "body", "gallery", "wrap", "wrapper", "container", "list"])
_NO_WORDS: frozenset[str] = frozenset()
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[\s_\-:.]+")

RELATED_MARKERS = (
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ أيضًا",
    "إقرأ أيضا",
    "إقرأ أيضاً",
    "إقرأ أيضًا",
    "اقرا ايضا",
    "اقرأ ايضا",
    "اقرأ/ي",
    "إقرأ/ي",
    "اقرأ المزيد",
    "قد يهمك",
    "قد يهمك أيضا",
    "قد يهمك أيضاً",
    "اخترنا لك",
    "ننصحك بقراءة",
    "مواضيع قد تهمك",
    "أخبار متعلقة",
    "اخبار متعلقة",
    "الموضوعات المتعلقة",
    "موضوعات متعلقة",
    "مواضيع ذات علاقة",
    "مواضيع ذات صلة",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "اخبار ذات صلة",
    "روابط ذات صلة",
    "شاهد أيضا",
    "شاهد أيضاً",
    "شاهد ايضا",
    "يمكنك أيضا قراءة",
    "أخبار من نفس القسم",
    "اخبار من نفس القسم",
    "من نفس القسم",
    "المزيد من الأخبار",
    "read more",
    "read also",
    "related:",
    "related stories",
    "related articles",
    "see also",
    "also read",
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "voir aussi",
    "lesen sie auch",
    "mehr zum thema",
    "lea también",
    "leer más",
    "leia também",
    "leggi anche",
    "ilgili haber",
    "ilgili haberler",
    "benzer haberler",
    "bunu da okuyun",
    "بیشتر بخوانید",
    "بخوانید",
    "مطالب مرتبط",
    "یہ بھی پڑھیں",
    "مزید پڑھیں",
)
_RELATED_KEYS = tuple(match_key(m) for m in RELATED_MARKERS)
# first letters a marker's key can start with (و/ف too: a leading conjunction is dropped when matching)
_RELATED_FIRST = frozenset(k[0] for k in _RELATED_KEYS if k) | {"\u0648", "\u0641"}
_WORD_CHAR = re.compile(r"\w")

# Paragraphs that are page furniture whatever container they sit in: phrases anywhere in the opening
# (matched on the lower-cased text) and whole lines or openings (matched at the start).
# "… تعبّر عن آراء كتّابها": an opinion page's disclaimer
_VIEWS_OF = r"(?:رأي|آراء|وجهة نظر|وجهات نظر) (?:كاتبها|كاتبه|كتابها|كتّابها|كتابه|كتّابه|صاحبها|صاحبه|أصحابها)"
_BOILERPLATE_ANYWHERE = re.compile(
    r"(تابعوا|تابعونا|تابع).{0,40}(جوجل نيوز|google news|تطبيق|قناة|واتساب|تليجرام|تلغرام|تيليغرام|تيليجرام"
    r"|فيسبوك|فايسبوك|تويتر|انستغرام|إنستغرام|انستجرام|إنستجرام|يوتيوب|تيك توك)"
    r"|(?:انضموا|انضم|انضمي) (?:إلى|الى|ل).{0,30}(?:قناة|مجموعة).{0,30}(?:واتساب|تليجرام|تلغرام|تيليغرام)"
    r"|(?:ظهرت|نشرت) (?:هذه المادة|هذه المقالة|هذا المقال|هذا الخبر|المادة|المقالة) (?:أولا|أولاً|اولا|لأول مرة)"
    r"|(?:this|the) (?:article|story|post) first appeared"
    r"|ترحب شبكة|الآراء الواردة أدناه|الآراء والتعليقات المنشورة|جميع الحقوق محفوظة"
    r"|تعبر عن "
    + _VIEWS_OF
    + r"|تعبّر عن "
    + _VIEWS_OF  # each branch holds its hint (test_boilerplate_hints)
    + r"|(?:لا|ولا) تعبّ?ر بالضرورة عن|the views expressed (?:in this|here|are)"
    r"|(?:هذا المقال|هذه المقالة|المقال) مترجم|(?:إذا|اذا|إن) (?:أعجبك|اعجبك|أعجبتك|اعجبتك) (?:المقال|المقالة|الموضوع)"
    r"|if you (?:liked|enjoyed) this (?:article|story|post)"
    r"|فلاش بلاير|برنامج النصوص|اعرض الملف في مشغل|اضف تعليقا|أضف تعليقا|إضافة تعليق"
    r"|all rights reserved|your browser does not support|enable javascript"
    r"|\b\d+\s*(?:min|minute)s?\s+read\b|free articles? (?:left|remaining|this month)"
    r"|\d+\s*(?:دقائق|دقيقة|دقيقتان|دقيقتين) (?:لل)?قراءة|(?:مدة|وقت) القراءة\s*[:：]?\s*\d"
)
_BOILERPLATE_START = re.compile(
    r"(?:شاهدmp4$|مشاركة$"
    r"|(advertisement|sponsored|share this|share on|click here to|sign up for|subscribe to)\b"
    r"|copyright ©|© \d{4}"
    r"|(tweet|share|print|email|whatsapp|facebook|twitter)$"
    r"|you have read \w+ of\b"
    r"|(?:المصدر|المصادر)\s*:[^.]{0,60}$"
    r"|(copy link|copy the link|link copied|copy url|copy to clipboard|复制链接|リンクをコピー|نسخ الرابط)$)",
    re.I,
)
BOILERPLATE_HEAD = 120  # characters of a paragraph looked at
# every alternative of _BOILERPLATE_ANYWHERE holds one of these (lower-case) words: a paragraph opening
# holding none of them cannot match, and a few substring tests cost far less than the regex's scan
_BOILERPLATE_HINTS = (
    "تابع",
    "ترحب",
    "الآراء",
    "جميع",
    "فلاش",
    "برنامج",
    "اعرض",
    "تعليق",
    "all rights",
    "انضم",
    "ظهرت",
    "نشرت",
    "appeared",
    "مترجم",
    "أعجب",
    "اعجب",
    "if you",
    "تعبر عن",
    "تعبّر عن",
    "بالضرورة",
    "views expressed",
    "your browser",
    "enable javascript",
    "read",
    "free article",
    "قراءة",
)


def is_boilerplate(text: str) -> bool:
    """Whether a paragraph is page furniture by its words (follow us, all rights reserved, share...)."""
    head = text[:BOILERPLATE_HEAD]
    if _BOILERPLATE_START.match(head) is not None:
        return True
    low = head.lower()
    return any(hint in low for hint in _BOILERPLATE_HINTS) and _BOILERPLATE_ANYWHERE.search(low) is not None


SITE_PREFIX = re.compile(r"^[^\s:]{2,}(?:\s[^\s:]{2,}){0,2}\s*:\s*-\s*")
AGENCY_LINE = re.compile(r"^[\-–—\s]*\(\s*[^()\d]{2,25}\s*\)[\s.]*$")
# a clock time alone (a live blog's entry stamp): "16:40", "9.05 am", "10:45 ص", "14:32 GMT"
CLOCK_LINE = re.compile(
    r"^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[صم]|[ap]\.?m\.?|gmt|utc|بتوقيت\s+\S+(?:\s\S+)?)?$", re.I
)
# an "updated" line of the page's furniture: "آخر تحديث: 16:40 بتوقيت طرابلس", "Last updated: …"
UPDATED_LINE = re.compile(
    r"^(?:آخر تحديث|اخر تحديث|تم التحديث|تاريخ التحديث|last updated|updated)\s*[:：]"
    # or with a preposition before the time or date: "Mis à jour à 15h40", "Updated at 3:40 pm"
    r"|^(?:mis à jour|actualisé|last updated|updated|aktualisiert)\s+(?:à|le|at|on|am|um)\s+\d",
    re.I,
)
# a short line of furniture written as a plain paragraph: a photo credit alone, a keywords or tags
# line, an app or channel promotion, a call to click ("اضغط هنا"), hashtags only
FURNITURE_LINE = re.compile(
    r"^(?:(?:تصوير|عدسة|الصورة|مصدر الصورة|photo|photograph|foto|credit|bild)\s*[:：]"
    r"|(?:الكلمات المفتاحية|كلمات مفتاحية|الكلمات الدالة|الوسوم|وسوم|tags|keywords|schlagwörter|mots-clés|etiquetas)\s*[:：]"
    r"|(?:حم[ّ]?ل|نز[ّ]?ل)(?:وا|ي)? (?:تطبيق|التطبيق)|download (?:our|the) app"
    r"|(?:للاشتراك|اشترك|اشتركوا) في (?:قناتنا|قناة)"
    r"|(?:#\S+\s*)+$"
    r"|(?:جار[يِ]?|يجري|يتم) (?:ال)?تحميل|loading\b"
    r"|(?:أكمل|اكمل|تابع|واصل) (?:ال)?قراءة (?:ب|مع |عبر )?(?:ال)?اشتراك|continue reading with"
    r"|(?:هذه المادة|هذا المحتوى|هذا المقال|هذا التقرير) (?:متاحة?|حصري) (?:ل|لل)مشتركين"
    r"|(?:أنت )?مشترك بالفعل|already a subscriber|(?:for )?subscribers only"
    r"|(?:cet article|ce contenu|cet entretien) est réservé (?:à nos|aux) abonnés|déjà abonné"
    r"|(?:طباعة|اطبع|إرسال|ارسال|أرسل) (?:الخبر|المقال|الموضوع)"
    r"|\d+(?:[.,]\d+)?\s*[KkMkك]?\s*$"
    # figures only: a score ("3 - 1"), a slide counter ("1 / 3")
    r"|\d+\s*[-–—/:|]\s*\d+$"
    # an ad label set off with dashes or dots: "- إعلان -", "— Advertisement —"
    r"|[-–—·•*\s]+(?:إعلان|اعلان|advertisement|publicité|anzeige|reklam|تبلیغات)[-–—·•*\s]*$"
    # a dateline standing alone, the story's own: "عدن - خاص:", "عدن - بوابة المعلا - خاص:"
    r"|[^\s.،,:]+(?: [^\s.،,:]+)?\s*[-–—]\s*(?:[^.،,:\-–—]{2,30}\s*[-–—]\s*)?(?:خاص|حصري)\s*[:：]?$"
    r"|(?:إعلان|اعلان|مساحة إعلانية|محتوى مدعوم|اشتہار|تبلیغات|تبلیغ|anzeige|werbung|publicité"
    r"|publicidad|pubblicità|reklam)\s*$"
    r"|(?:التفاصيل|المزيد من التفاصيل) (?:بعد قليل|لاحقا|لاحقاً|تباعا|تباعاً|تتبع)|(?:more )?details to follow|developing story"
    r"|(?:استطلاع|استفتاء|تصويت)\s*[:：]|(?:عدد المصوتين|عدد الأصوات|إجمالي الأصوات|شارك في الاستطلاع)|(?:poll|vote)\s*:|total votes"
    r"|(?:[—–\-|·•]\s*)?(?:التصنيف|التصنيفات|القسم|الأقسام|category|categories|section|rubrique)\s*[:：]"
    r"|(?:عدد القراءات|عدد المشاهدات|قرئ (?:هذا )?(?:الخبر|المقال)|قُرئ (?:هذا )?(?:الخبر|المقال))"
    r"|(?:الزيارات|عدد الزيارات|المشاهدات|hits|views|aufrufe|vues)\s*[:：]\s*[\d,.\s]+$"
    r"|[\u0600-\u06ff]{1,2}(?: [\u0600-\u06ff]{1,2}){0,2} ?/ ?[\u0600-\u06ff]{1,2}(?: [\u0600-\u06ff]{1,2}){0,2}$"
    # a desk code with dots and a number: "ف.ش/۲۳", "م.ع/12"
    r"|[\u0600-\u06ff]{1,2}(?:\.[\u0600-\u06ff]{1,2}){1,3}\.? ?/ ?[\u0600-\u06ff\d]{1,4}$)"
    r"|(?:اضغط|انقر) هنا[.!]?$",
    re.I,
)
FURNITURE_LINE_MAX = 160  # only a line this short is furniture
# an agency's sign-off closing a wire story: "(النهاية) م ع / ر ج", "انتهى", "(END) jd/mk"
SIGN_OFF = re.compile(
    r"^[\(\[/]*\s*(?:النهاية|انتهى|انتهای پیام|end)\s*[\)\]/]*(?:(?:\s*[/\-–.]\s*|\s+)[\u0600-\u06ffA-Za-z]{1,3}\b)*[\s.]*$",
    re.I,
)
AGENCY_TAIL = re.compile(r"\s*[\-–—]{1,2}\s*\(\s*[^()\d]{2,25}\s*\)\s*$")
_LABEL_WORDS = r"تصوير وإعداد|إعداد وتصوير|كتبت|كتب|بقلم|حاورته|حاورها|حاوره|إعداد|اعداد|تقرير|متابعة"
# a byline word and its colon opening a short line, whatever follows (a date, a place, a role)
BYLINE_LABEL = re.compile(rf"^(?:{_LABEL_WORDS})\s*[:：]\s*\S")
# a byline word and a colon or a dash opening a line ("كتب: NAME - DATE", "كتب - NAME", "Par: NAME")
LABELLED_LINE = re.compile(rf"^(?:{_LABEL_WORDS}|by|por|par|von)\s*[:：\-–—]", re.I)
BYLINE_LINE = re.compile(
    r"^(?:كتبت|كتب|بقلم|حاورته|حاورها|حاوره|حوار|إعداد|اعداد|تقرير|متابعة|by)\s*[:：]?\s*(?P<names>[^\d.،,:]{3,60})$"
    # an Arabic byline line running on with the date and reading time: "بقلم NAME·11 سبتمبر 2024·5 دقائق قراءة"
    r"|^(?:كتبت|كتب|بقلم|حاورته|حاورها|حاوره|إعداد|اعداد|تقرير|متابعة)\s*[:：]?\s*[^\d.،,:·•|]{3,60}"
    r"(?:\s*[·•|]\s*[^·•|]{1,40}){1,3}$"
    # "كتب بواسطة ف. حميدي" (Joomla's "Written by"): an initial with its dot
    r"|^(?:كتب بواسطة|كتبت بواسطة|نشر بواسطة|بواسطة)\s*[:：]?\s*[^\d،,:]{3,60}$",
    re.I,
)
_CREDIT_PAREN = re.compile(
    r"\s*[\(\[]\s*([A-Za-z][A-Za-z .&/]{1,30}|[\u0600-\u06ff][\u0600-\u06ff \-–]{1,30})\s*[\)\]]\s*$"
)
_CREDIT_COPY = re.compile(r"\s*(?:©|\(c\)|copyright)\s*([^\s©].{0,40})$", re.I)
_CREDIT_NAMED = re.compile(
    r"\s*[-–—|/:]?\s*((?:getty images|afp|reuters|ap photo|ap|epa|anadolu|shutterstock|"
    r"أ ف ب|رويترز|أسوشيتد برس|الأناضول)(?:\s*/\s*[\w .]+)?)\s*$",
    re.I,
)
_LOOSE_CREDIT = {"getty images": "GETTY", "ap photo": "AP"}
# an archive picture marked after the caption: "… - أرشيف", "… (صورة أرشيفية)", "… | File photo"
_ARCHIVE_WORDS = r"(?:صورة )?(?:أرشيفية|أرشيف|ارشيفية|ارشيف)|فائل فوٹو|archive|archives|file photo|file"
_CREDIT_ARCHIVE = re.compile(rf"(?:\s+[-–—|/]\s*|\s*[\(\[]\s*)({_ARCHIVE_WORDS})\s*[\)\]]?\s*$", re.I)
# the label opening a credit element's text: "المصدر: …", "تصوير: …", "Quelle: …", "Photo: …"
CREDIT_LABEL_PREFIX = re.compile(
    r"^(?:المصدر|مصدر|تصوير|الصورة|عدسة|source|photo|photograph|credit|image|quelle|foto|bild|fuente)\s*[:：]\s*",
    re.I,
)
# a labelled photographer's credit ending a caption: "… (تصوير: فلان)", "… عدسة: فلان", "… Photo: Jane Doe"
_CREDIT_LABEL = re.compile(
    r"\s*[\(\[]?\s*(?:تصوير|عدسة|الصورة|صورة|مصدر الصورة|عکس|عکاس|تصویر|photo|photograph|foto|fotoğraf|(?:image\s+|photo\s+)?credit)\s*[:：]\s*([^()\[\]:：]{2,40}?)\s*[\)\]]?\s*$",
    re.I,
)


_CLASS_WORDS: dict[str, frozenset[str]] = {}  # raw class/id -> words; frozensets are GC-tracked: kept few
_CLASS_WORDS_MAX = 8192


def class_words(el: lhtml.HtmlElement) -> frozenset[str]:
    """Lower-case words of an element's class and id (split on -, _, camelCase)."""
    cls, ident = el.get("class"), el.get("id")
    if ident:
        raw = f"{cls} {ident}" if cls else ident
    elif cls:
        raw = cls
    else:
        return _NO_WORDS
    words = _CLASS_WORDS.get(raw)  # the cache is read inline: this runs for nearly every element
    if words is None:
        text = raw.replace("label-hidden", " ") if "label-hidden" in raw else raw  # Drupal: only the label is
        words = frozenset(w for w in _SPLIT.split(_CAMEL.sub(" ", text).lower()) if w)
        if len(_CLASS_WORDS) >= _CLASS_WORDS_MAX:
            _CLASS_WORDS.clear()
        _CLASS_WORDS[raw] = words
    return words


_HIDDEN_CLASSES = frozenset(
    ["d-none", "hidden", "hideMe", "sr-only", "visually-hidden", "screen-reader-text"]
)

_HIDDEN_BY_CLASS: dict[str, bool] = {}  # raw class -> whether a utility class hides the element


def is_hidden(el: lhtml.HtmlElement, words: frozenset[str]) -> bool:
    """Hidden by attribute, inline style or a utility class (d-none, hidden, sr-only)."""
    keys = el.keys()
    if not keys:
        return False
    if "hidden" in keys or ("aria-hidden" in keys and el.get("aria-hidden") == "true"):
        return True
    style = el.get("style") if "style" in keys else None
    if style:
        compact = style.replace(" ", "").lower()
        if "display:none" in compact or "visibility:hidden" in compact:
            return True
    if "class" not in keys:
        return False
    cls = el.get("class") or ""
    hidden = _HIDDEN_BY_CLASS.get(cls)  # the same class strings come back on every page: split once
    if hidden is None:
        hidden = not _HIDDEN_CLASSES.isdisjoint(cls.split())
        if len(_HIDDEN_BY_CLASS) >= _CLASS_WORDS_MAX:
            _HIDDEN_BY_CLASS.clear()
        _HIDDEN_BY_CLASS[cls] = hidden
    return hidden


def related_marker(text: str) -> int:
    """Length of a "read also" marker at the start of text (0 when there is none)."""
    first = _WORD_CHAR.search(fold_arabic(text[:8]))
    if first is not None and first.group() not in _RELATED_FIRST:
        return 0  # cheap rejection: the text cannot start with any marker
    key = match_key(text[:40])
    for marker, mkey in zip(RELATED_MARKERS, _RELATED_KEYS, strict=True):
        if mkey and key.startswith(mkey):
            # cut after the marker in the displayed text (marker + optional ':' / '-')
            count = len(marker.split())
            found = re.match(rf"\s*(?:\S+\s+){{{count - 1}}}\S+", text)
            end = found.end() if found else len(marker)
            if found and ":" in found.group(0):
                end = found.start() + found.group(0).index(":")
            rest = re.match(r"\s*[:：\-–|]*\s*", text[end:])
            return end + (rest.end() if rest else 0)
    return 0


def split_credit(text: str) -> tuple[str, str | None]:
    """Caption text and its credit: '(GETTY)', '©AFP', 'Getty Images' -> ('…', 'GETTY'|'AFP'|…)."""
    match = _CREDIT_LABEL.search(text)
    rest = text[: match.start()].rstrip(" ©|,;-–—/") if match else ""
    if match and any(c.isalpha() for c in rest):  # not a caption that is only its credit ("© Foto: …")
        return rest, match.group(1).strip(" .")
    for regex in (_CREDIT_COPY, _CREDIT_ARCHIVE, _CREDIT_PAREN, _CREDIT_NAMED):
        match = regex.search(text)
        if match and match.start() > 0:
            credit = match.group(1).strip(" .")
            lowered = credit.lower()
            latin_credit = re.fullmatch(r"[A-Z][A-Z .&/]+|[A-Z][a-z]+ Images", credit)
            if (
                regex is _CREDIT_PAREN
                and not latin_credit
                and not _CREDIT_NAMED.fullmatch(credit)
                and not credit.startswith("خاص")
            ):
                continue  # (…) in Arabic is only a credit for known agencies or "(خاص - …)", an own picture
            if lowered in _LOOSE_CREDIT:
                credit = _LOOSE_CREDIT[lowered]
            elif re.fullmatch(r"[A-Za-z .&/]+", credit):
                credit = credit.split(" images")[0].split(" Images")[0].upper()
            return text[: match.start()].strip(), credit
    return text, None
