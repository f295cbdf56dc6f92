"""The page's headline element: its first <h1>, else the element whose own text is the title.

Pages built before <h1> was the norm (table layouts with the headline in a bold <font>, ASP.NET
label spans, print versions) still show the headline once in the page; the finders of the
standfirst, the captions and the byline start from it as they start from an <h1>. The title may
carry the site's name ("Site :: Headline"): the element then shows one of its separated parts.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import html as lhtml

from pipeline.core.text import clean_display, match_key

_HEADINGS = frozenset(["h2", "h3", "h4", "h5", "h6"])
_NOT_HEADLINE = frozenset(["head", "title", "script", "style", "noscript", "a", "option", "button", "meta"])
_SPLIT = re.compile(r"\s+[-|–—:»«•·]{1,2}\s+|\s*\|\s*|:\s+")
_SITE_SPLIT = re.compile(
    r"\s+(?:[-|–—»«•·]{1,2}|::)\s+|\s*\|\s*"
)  # a headline may hold a colon itself ("Site :: A: B")
MAX_SCAN = 5000  # elements looked at for the title's text (bounded on huge pages)
PART_MIN = 20  # a separated part of the title this long may be the headline on its own


def title_keys(title: str | None) -> set[str]:
    """Match keys of the title and of its long separated parts ("Site :: Headline" -> both)."""
    if not title:
        return set()
    keys = {match_key(title)}
    for splitter in (_SPLIT, _SITE_SPLIT):
        keys.update(match_key(part) for part in splitter.split(title) if len(part.strip()) >= PART_MIN)
    return {key for key in keys if key}


def site_name_h1(h1: lhtml.HtmlElement) -> bool:
    """Whether an <h1> is the site's name: all its text in one link to the site's home page (blogs
    and older templates put the logo in the <h1> and the story's title in an <h2>/<h3>)."""
    links = list(h1.iter("a"))
    if len(links) != 1:
        return False
    href = (links[0].get("href") or "").strip()
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    if parts.path not in {"", "/"} or parts.query or parts.fragment:
        return False
    return " ".join(links[0].text_content().split()) == " ".join(h1.text_content().split())


def find_headline(root: lhtml.HtmlElement, title: str | None = None) -> lhtml.HtmlElement | None:
    """The first <h1> (not the site's name); without one, the first element in <body> whose own text
    matches the title or one of its long separated parts (not inside a link: a teaser repeating it),
    a heading (<h2>…<h6>) before any other element (a breadcrumb's last item repeats the title)."""
    h1 = next((h for h in root.iter("h1") if not site_name_h1(h)), None)
    keys = title_keys(title) if h1 is None else set()
    if not keys:
        return h1
    body = root.find("body")
    if body is None:
        return None
    found = None
    for seen, el in enumerate(body.iter()):
        if seen >= MAX_SCAN:
            break
        tag = el.tag
        if not isinstance(tag, str) or tag in _NOT_HEADLINE:
            continue
        own = el.text
        if (
            own
            and len(own.strip()) >= 6
            and match_key(own) in keys
            and next(el.iterancestors("a"), None) is None  # not a teaser's link repeating the title
        ):
            if tag in _HEADINGS:
                return el
            found = found if found is not None else el
    return found


def shown_title(headline: lhtml.HtmlElement | None, title: str | None) -> str | None:
    """The headline element's text when it is a part of a longer title (the site's name left out)."""
    if headline is None or headline.tag == "h1" or not title or not headline.text:
        return title
    shown = clean_display(headline.text)
    return shown if shown and len(shown) < len(title) else title
