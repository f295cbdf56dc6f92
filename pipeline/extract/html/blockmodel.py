"""The generic extractor's learned block classifier: is a block of the chosen container running text?

Each paragraph and heading the walker reads from the generic container gets a feature vector of
things that travel across sites and languages: length, link share, sentence punctuation (. ! ? 。！？
؟), commas (, ، 、 ，), stop-word share in several languages, CJK share, tag and tag path, class/id
words of its ancestors inside the container (grouped: share, promo, subscribe, related, meta,
caption, nav, ...), position, its neighbours, and the share of the container's text written in
the same kind of block (same tag and class under the same kind of parent). A logistic regression
gives the probability of being body text; blocks under the model's threshold are furniture.

The weights are trained on the development fold only (``scripts/train_block_model.py``, see
docs/extraction.md) and shipped beside this module as ``block_model.json`` (a few KB, pure-Python
scoring at run time). Without a readable model file, or with one written for other features, the
rules' blocks are kept as they are.
"""

from __future__ import annotations

import functools
import json
import math
import operator
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import html as lhtml

from pipeline.extract.html.blocks import RawBlock
from pipeline.extract.html.vocab import class_words

MODEL_FILE = Path(__file__).with_name("block_model.json")
BODY_ROLES = frozenset({"paragraph", "heading"})


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SENTENCE_END = ".!?。！？؟…"
_CLOSERS = frozenset(".!?。！？؟…\"'”’»)]")
_COMMAS = ",،、，;؛"
CTA_MAX = 300
HEAD_CHARS = 300
OBVIOUS_CHARS = 60  # see obvious_body
MAX_PATH = 10  # ancestors looked at above a block (its container root stops the climb earlier)  # the call-to-action and URL features look at blocks up to this long
_WORDS = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_URLISH = re.compile(r"https?://|www\.|@\w|\.com\b", re.I)
# calls to action and furniture phrases in several languages (a feature, not a rule)
_CTA = re.compile(  # matched on lower-cased text
    r"sign ?up|subscri|newsletter|follow us|click here|copy link|copied|share (this|on)|read more|"
    r"all rights reserved|advertis|sponsored|cookie|log ?in\b|register|download (the|our) app|"
    r"related|recommended|trending|most (read|popular)|watch:|listen|podcast|photo:|image:|getty|"
    r"free articles|become a member|اشترك|تابعونا|تابعوا|تابعنا|اقرأ أيضا|اقرأ ايضا|شاهد أيضا|للمزيد|"
    r"اقرأ أيض|إقرأ أيض|اقرأ ايض|اقرا ايض|اقرأ المزيد|شاهد أيض|شاهد ايض|قد يهمك|اخترنا لك|لا تفوت|"
    r"ذات صلة|أخبار متعلقة|اخبار متعلقة|الأكثر قراءة|الاكثر قراءة|الأكثر مشاهدة|الأكثر تداولا|"
    r"شارك الخبر|شارك المقال|شارك هذا|شاركها|شارك على|مشاركة عبر|انشر على|نسخ الرابط|رابط مختصر|"
    r"النشرة البريدية|القائمة البريدية|المصدر\s*:|حقوق النشر|حقوق الطبع|الحقوق محفوظة|"
    r"آخر تحديث|اخر تحديث|عدد القراءات|عدد المشاهدات|مرات القراءة|عدد التعليقات|قرئ هذا|"
    r"طباعة الخبر|طباعة المقال|إرسال الخبر|ارسال الخبر|من نفس القسم|"
    r"اضغط هنا|انقر هنا|حمل تطبيق|حمّل تطبيق|نزل تطبيق|محتوى مدعوم|مساحة إعلانية|"
    r"تصوير\s*:|الصورة\s*:|عدسة\s*:|الكلمات المفتاحية|كلمات مفتاحية|الوسوم|"
    r"أضف تعليق|اضف تعليق|إضافة تعليق|اترك تعليق|أرسل لصديق|ارسل لصديق|"
    r"abonn|inscri|suscr|registr|anmelden|mehr zum thema|lesen sie auch|"
    r"登録|購読|シェア|关注|订阅|分享|相关|复制链接"
)
STOP_WORDS = _w("""the a an and or of to in on for with at by from is was are were be been has have had that this
    it its as but not he she they we you i his her their our which who will would said says
    de la le les des et en un une du est que qui pour dans par sur au aux pas
    el los las del y que en un una por con para es se lo al
    der die das und ist nicht ein eine mit von zu den im dem des auf sich
    o os as um uma do da dos das em com não para
    il di che e non per una sono della
    في من على إلى الى أن عن مع هذا هذه التي الذي كان قد ما لا أو ثم بعد كما وقال قال إن
    и в не на что с по""")
_TAGS = ("p", "div", "li", "td", "span", "h2", "h3", "h4", "blockquote", "section", "article", "pre")
_PATH_TAGS = ("li", "table", "blockquote", "form", "figure", "header", "footer", "aside")
_GOOD = _w("article articlebody content entry story body post text main paragraph richtext prose detail")
_GROUPS: dict[str, frozenset[str]] = {
    "share": _w("share shares sharing social sharethis addthis copy link links clipboard url"),
    "promo": _w("promo promotion ad ads adv advert advertisement advertising sponsor sponsored banner dfp"),
    "subscribe": _w(
        "newsletter subscribe subscription signup sign paywall premium register login cta offer nudge"
    ),
    "related": _w("related recommended recirc trending popular mostread more readmore also next teaser"),
    "meta": _w("meta author byline date time timestamp published dateline info details"),
    "caption": _w("caption figcaption credit credits photo image img figure media gallery"),
    "nav": _w("nav menu breadcrumb breadcrumbs crumbs header footer sidebar widget tools"),
    "comment": _w("comment comments disqus reply replies discussion"),
    "tag": _w("tag tags topics keywords category categories"),
    "embed": _w("embed twitter tweet instagram facebook youtube video player iframe"),
    "bio": _w("bio about disclaimer note correction editor footnote"),
    "lead": _w("lead standfirst subtitle summary excerpt intro dek deck"),
    "list": _w("list item items card cards grid"),
}
_OWN_GROUPS = ("share", "promo", "subscribe", "related", "meta", "caption", "nav")
_ELEMENT_WIDTH = len(_TAGS) + len(_PATH_TAGS) + 2 + len(_GROUPS) + len(_OWN_GROUPS)

TEXT_FEATURES = (
    "bias",
    "log_len",
    "log_words",
    "link_share",
    "has_link",
    "sent_per_word",
    "ends_sentence",
    "comma_per_word",
    "stop_share",
    "short_word_share",
    "cjk_share",
    "digit_share",
    "title_case_share",
    "urlish",
    "cta",
    "cta_short",
    "is_heading",
    "under_40",
    "over_200",
)
CONTEXT_FEATURES = (
    "depth",
    "pos",
    "pos_first",
    "pos_last3",
    "kind_share",
    "kind_count_log",
    "prev_len",
    "next_len",
    "prev_link",
    "next_link",
    "neighbour_ends",
    "page_blocks_log",
)
NAMES: tuple[str, ...] = (
    TEXT_FEATURES
    + tuple(f"tag_{t}" for t in _TAGS)
    + tuple(f"in_{t}" for t in _PATH_TAGS)
    + ("w_good",)
    + tuple(f"w_{g}" for g in _GROUPS)
    + ("own_good",)
    + tuple(f"own_{g}" for g in _OWN_GROUPS)
    + CONTEXT_FEATURES
)


def _count(text: str, chars: str) -> int:
    return sum(map(text.count, chars))


def _text_features(text: str, links: float, heading: bool) -> list[float]:
    head = text[:HEAD_CHARS]  # word statistics are read on the block's opening (enough, and cheap)
    lowered = head.lower()
    tokens = _WORDS.findall(lowered)
    head_count = max(len(tokens), 1)
    count = max(len(tokens) * len(text) / max(len(head), 1), 1.0)  # words in the whole block, estimated
    size = max(len(text), 1)
    raw_words = head.split()
    short = len(text) <= CTA_MAX
    cta = short and _CTA.search(lowered) is not None  # calls to action are short
    return [
        1.0,
        math.log1p(len(text)),
        math.log1p(count),
        links,
        1.0 if links else 0.0,
        min(_count(text, _SENTENCE_END) / count, 1.0),
        1.0 if text.rstrip()[-1:] in _CLOSERS else 0.0,
        min(_count(text, _COMMAS) / count, 1.0),
        len([t for t in tokens if t in STOP_WORDS]) / head_count,
        len([t for t in tokens if len(t) <= 3]) / head_count,
        len(_CJK.findall(head)) / max(len(head), 1),
        _count(text, "0123456789") / size,
        len([w for w in raw_words if w[:1].isupper()]) / max(len(raw_words), 1),
        1.0 if short and _URLISH.search(text) else 0.0,
        1.0 if cta else 0.0,
        1.0 if cta and len(text) < 200 else 0.0,
        1.0 if heading else 0.0,
        1.0 if len(text) < 40 else 0.0,
        1.0 if len(text) > 200 else 0.0,
    ]


_Path = tuple[frozenset[str], frozenset[str], int]


def _path(el: lhtml.HtmlElement, roots: set[int], memo: dict[lhtml.HtmlElement, _Path]) -> _Path:
    """Tags and class words from el up to its container root (memoised per element), and the depth."""
    known = memo.get(el)
    if known is not None:
        return known
    chain: list[lhtml.HtmlElement] = []
    node: lhtml.HtmlElement | None = el
    base: _Path = (frozenset(), frozenset(), -1)
    while node is not None:
        cached = memo.get(node)
        if cached is not None:
            base = cached
            break
        chain.append(node)
        if id(node) in roots or len(chain) > MAX_PATH:
            break
        node = node.getparent()
    tags, words, depth = base
    for node in reversed(chain):
        tag = node.tag if isinstance(node.tag, str) else ""
        tags = tags | {tag}
        words = words | class_words(node)
        depth += 1
        memo[node] = (tags, words, depth)
    return memo[el]


def _element_features(
    el: lhtml.HtmlElement | None, roots: set[int], memo: dict[lhtml.HtmlElement, _Path]
) -> tuple[list[float], float]:
    """Tag, tag path and class-word features of the block's element up to its container; and depth."""
    out = [0.0] * _ELEMENT_WIDTH
    if el is None:
        return out, 0.0
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _TAGS:
        out[_TAGS.index(tag)] = 1.0
    base = len(_TAGS)
    seen, words, depth = _path(el, roots, memo)
    for i, path_tag in enumerate(_PATH_TAGS):
        if path_tag in seen:
            out[base + i] = 1.0
    base += len(_PATH_TAGS)
    out[base] = 1.0 if words & _GOOD else 0.0
    for i, group in enumerate(_GROUPS.values()):
        if words & group:
            out[base + 1 + i] = 1.0
    base += 1 + len(_GROUPS)
    own = class_words(el)
    parent = el.getparent()
    if parent is not None and id(el) not in roots:
        own = own | class_words(parent)
    if own:
        out[base] = 1.0 if own & _GOOD else 0.0
        for i, name in enumerate(_OWN_GROUPS):
            if own & _GROUPS[name]:
                out[base + 1 + i] = 1.0
    return out, min(depth, MAX_PATH) / MAX_PATH


def _signature(el: lhtml.HtmlElement | None) -> str:
    if el is None:
        return ""
    parent = el.getparent()
    own = f"{el.tag}.{el.get('class', '')}"
    return own if parent is None else f"{own}<{parent.tag}.{parent.get('class', '')}"


def obvious_body(block: RawBlock) -> bool:
    """A long, unlinked block ending a sentence: the model is not asked (it keeps every such block)."""
    text = block.text
    return len(text) >= OBVIOUS_CHARS and block.links < 0.1 * len(text) and text.rstrip()[-1:] in _CLOSERS


def block_features(
    blocks: Sequence[RawBlock], roots: Sequence[lhtml.HtmlElement], only: Sequence[int] | None = None
) -> list[list[float]]:
    """Feature vectors (in NAMES order) of the container's text blocks (document order), or of ``only``."""
    count = len(blocks)
    root_ids = {id(r) for r in roots}
    sigs = [_signature(b.el) for b in blocks]
    kind_chars: dict[str, float] = {}
    kind_count: dict[str, int] = {}
    total = 0.0
    for block, sig in zip(blocks, sigs, strict=True):
        kind_chars[sig] = kind_chars.get(sig, 0.0) + len(block.text)
        kind_count[sig] = kind_count.get(sig, 0) + 1
        total += len(block.text)
    lens = [math.log1p(len(b.text)) for b in blocks]
    links = [min(b.links / max(len(b.text), 1), 1.0) for b in blocks]
    ends = [1.0 if b.text.rstrip()[-1:] in _CLOSERS else 0.0 for b in blocks]
    out: list[list[float]] = []
    memo: dict[lhtml.HtmlElement, _Path] = {}
    for i in range(count) if only is None else only:
        block = blocks[i]
        element, depth = _element_features(block.el, root_ids, memo)
        sig = sigs[i]
        context = [
            depth,
            i / max(count - 1, 1),
            1.0 if i == 0 else 0.0,
            1.0 if i >= count - 3 else 0.0,
            kind_chars.get(sig, 0.0) / total if total else 0.0,
            math.log1p(kind_count.get(sig, 0)),
            lens[i - 1] if i > 0 else 0.0,
            lens[i + 1] if i + 1 < count else 0.0,
            links[i - 1] if i > 0 else 0.0,
            links[i + 1] if i + 1 < count else 0.0,
            ((ends[i - 1] if i > 0 else 0.0) + (ends[i + 1] if i + 1 < count else 0.0)) / 2,
            math.log1p(count),
        ]
        out.append(_text_features(block.text, links[i], block.role == "heading") + element + context)
    return out


@functools.lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> dict[str, Any] | None:
    """The shipped model (None when missing, unreadable or written for other features)."""
    try:
        model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(model.get("features", ())) != NAMES:
        return None
    return model


def probabilities(vectors: Sequence[Sequence[float]], model: dict[str, Any]) -> list[float]:
    """Logistic-regression probability of being body text, per vector (standardised as in training)."""
    coef = [w / s for w, s in zip(model["weights"], model["scale"], strict=True)]
    offset = -sum(map(operator.mul, coef, model["mean"]))
    out = []
    for vector in vectors:
        z = offset + sum(map(operator.mul, coef, vector))
        out.append(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))
    return out


def judged(raw: Sequence[RawBlock]) -> list[int]:
    """Indices of the blocks the model judges: paragraphs and headings read from the container."""
    return [i for i, b in enumerate(raw) if b.role in BODY_ROLES and b.el is not None]


def filter_blocks(raw: list[RawBlock], roots: Sequence[lhtml.HtmlElement]) -> list[RawBlock]:
    """The blocks without the container's furniture (probability under the model's threshold)."""
    model = load_model()
    if model is None:
        return raw
    index = judged(raw)
    if not index:
        return raw
    blocks = [raw[i] for i in index]
    asked = [j for j, block in enumerate(blocks) if not obvious_body(block)]
    if not asked:
        return raw
    probs = probabilities(block_features(blocks, roots, asked), model)
    threshold = float(model["threshold"])
    drop = {index[j] for j, p in zip(asked, probs, strict=True) if p < threshold}
    return [b for i, b in enumerate(raw) if i not in drop] if drop else raw
