"""Texts beside pictures: captions, one-word labels, teaser titles and credits.

A caption is a figcaption, an element with a caption class, a short unlinked text whose class names a
picture's text, the only text of a picture's wrapper, or the table row under a picture-only row; a
name beside a logo or avatar and a title inside a link to another page are labels, not captions.
"""

from __future__ import annotations

import re

from lxml import html as lhtml

from pipeline.extract.html.pagetext import PageText
from pipeline.extract.html.vocab import CAPTION_WORDS, is_boilerplate, picture_text_words

PICTURE_CAPTION_MAX = 200  # longer text beside a picture is running text, not its caption
PICTURE_WRAPPER_CHILDREN = 4  # a picture's wrapper holds the picture, its caption and little else
CREDIT_MAX = 80  # a credit element beside a caption shows at most this much text


def _under_picture(el: lhtml.HtmlElement, page: PageText) -> str | None:
    """A short text that is all its wrapper shows beside the wrapper's picture (maybe in a link):
    "caption", or "label" for one word or a "share" label beside an icon; None elsewhere."""
    parent = el.getparent()
    if (
        parent is None
        or len(parent) > PICTURE_WRAPPER_CHILDREN
        or not page.holds_picture(parent)
        or not _picture_beside(el, parent)
    ):
        return None
    text = _sole_short_text(el, parent, page)
    if text is None:
        return None
    if parent.tag == "a" and not _PICTURE_HREF.search(parent.get("href") or "#"):
        return "label"  # a teaser card: a link to another page around a picture and its title
    img = parent.find(".//img")
    if img is not None and _ICON.search(" ".join((img.get("src") or "", img.get("class") or ""))):
        return "label"  # a name beside a logo, flag or avatar (a team, a channel, an author)
    return _caption_or_label(text)


def _sole_short_text(el: lhtml.HtmlElement, container: lhtml.HtmlElement, page: PageText) -> str | None:
    """el's text when it is short, all that ``container`` shows, and holds no picture; else None."""
    text = page.text(el)
    if (
        not text
        or len(text) > PICTURE_CAPTION_MAX
        or page.text(container) != text
        or el.find(".//img") is not None
    ):
        return None
    return text


def _caption_or_label(text: str) -> str:
    """A picture's one-word or boilerplate text is a label, anything else its caption."""
    return "label" if " " not in text or is_boilerplate(text) else "caption"


_ICON = re.compile(
    r"(?:^|[/_.\s-])(?:logos?|icons?|avatars?|flags?|badges?|emblems?|crests?)(?:[/_.\s-]|$)", re.I
)
_PICTURE_HREF = re.compile(r"^#|^javascript:|\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.I)


def _picture_beside(el: lhtml.HtmlElement, parent: lhtml.HtmlElement) -> bool:
    """Whether a sibling of el is a picture, or a small wrapper or link around one."""
    for sib in parent:
        if sib is el:
            continue
        tag = sib.tag
        if tag in {"img", "picture"}:
            return True
        if (
            tag in _PICTURE_WRAPPERS
            and len(sib) <= PICTURE_WRAPPER_CHILDREN + 1
            and sib.find(".//img") is not None
        ):
            return True
    return False


_PICTURE_WRAPPERS = frozenset(["a", "div", "span", "figure", "p"])


def _row_under_picture(el: lhtml.HtmlElement, page: PageText) -> str | None:
    """A table cell that is its row's only text, in the row right under a row showing only a picture
    (the picture-and-caption tables of older layouts): "caption", or "label" for one word."""
    row = el.getparent()
    if row is None or row.tag != "tr":
        return None
    above = row.getprevious()
    while above is not None and not isinstance(above.tag, str):
        above = above.getprevious()
    if above is None or above.tag != "tr" or page.text(above) or above.find(".//img") is None:
        return None
    text = _sole_short_text(el, row, page)
    if text is None or el.find(".//a") is not None:
        return None
    return _caption_or_label(text)


def picture_text(el: lhtml.HtmlElement, tag: str, words: frozenset[str], page: PageText) -> str | None:
    """ "caption" for a picture's caption: figcaption, a caption class, a short unlinked text whose
    class names a picture's text (img-title, photoDesc), or the only text of a picture's wrapper;
    "label" for one word in such a place ("Photograph", "Credit", "Share"); None for anything else."""
    if tag == "figcaption" or words & CAPTION_WORDS:
        return "caption"
    if tag == "td":
        return _row_under_picture(el, page)
    if tag not in {"div", "span", "p"}:
        return None
    if picture_text_words(words):
        text = page.text(el)
        if len(text) > PICTURE_CAPTION_MAX or el.find(".//a") is not None or el.find(".//img") is not None:
            return None
        return "caption" if " " in text else "label"
    under = _under_picture(el, page)
    if under is None and tag == "p" and _italic_after_picture(el, page):
        return "caption"
    return under


def _italic_after_picture(el: lhtml.HtmlElement, page: PageText) -> bool:
    """A paragraph that is one short italic or small run right after a paragraph showing only a
    picture (the classic editors' caption: <p><img></p><p><em>caption</em></p>)."""
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag not in {"em", "i", "small"}:
        return False
    if (el.text or "").strip() or (children[0].tail or "").strip():
        return False
    text = page.text(el)
    if not text or len(text) > PICTURE_CAPTION_MAX or el.find(".//a") is not None:
        return False
    before = el.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    return (
        before is not None
        and before.tag in {"p", "div", "figure"}
        and before.find(".//img") is not None
        and not page.text(before)
    )


def caption_like(el: lhtml.HtmlElement, tag: str, words: frozenset[str], page: PageText) -> bool:
    """Whether el is a picture's caption (see picture_text)."""
    return picture_text(el, tag, words, page) == "caption"


def after_caption(el: lhtml.HtmlElement, page: PageText) -> bool:
    """Whether el is a short text right after a sibling caption or picture (a credit span beside a
    caption span, a credit paragraph after a <figure>)."""
    before = el.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    if before is None or (el.getprevious() is before and (before.tail or "").strip()):
        return False
    text = page.text(el)
    if not text or len(text) > CREDIT_MAX:
        return False
    return before.tag in {"figure", "img", "picture"} or caption_like(
        before, before.tag, page.class_words(before), page
    )


def teaser_card(el: lhtml.HtmlElement, page: PageText) -> bool:
    """Whether a link is a card to another page: a picture and a title inside one <a> that does
    not open the picture itself (a video card, a "read also" card between a story's parts)."""
    href = el.get("href") or ""
    if not href or _PICTURE_HREF.search(href) or el.find(".//img") is None:
        return False
    return bool(page.text(el))
