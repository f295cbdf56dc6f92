"""The headline of a page: a profile's selection, the <h1> its title sources echo, or og:title / <title>
without the site's name; a separated part is only dropped when the page says it names the site."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lhtml

from pipeline.core.text import fold_arabic
from pipeline.extract.html.blocks import element_text
from pipeline.extract.html.headline import site_name_h1
from pipeline.extract.html.meta import clean_title

# A separator between a headline and a site name, kept with its spaces so that a headline's own
# dashes can be put back ("Zwei Rücktritte - und viele offene Fragen | Site").
_TITLE_SPLIT = re.compile(r"(\s+[-|–—:»«•·]{1,2}\s+|\s*\|\s*)")
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_DOMAIN_NAME = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}$", re.I)
_SITE_NAME_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")
_SITE_TYPES = {"website", "newsmediaorganization", "organization"}
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "gob", "gouv", "or", "ne", "go"}
_HOST_PREFIXES = {"www", "www1", "www2", "m", "amp", "mobile", "edition"}
_MAX_SITE_WORDS = 6
# Labels of a site's own pages, never the end of a headline: "Site | Home", "… | الصفحة الرئيسية".
_PAGE_LABEL_WORDS = (
    "Home", "Homepage", "Home page", "Startseite", "Accueil", "Inicio", "Página inicial", "Ana Sayfa",
    "Главная", "首页", "الرئيسية", "الصفحة الرئيسية", "صفحه اصلی",
)  # fmt: skip


def _squash(text: str) -> str:
    """Letters and digits only, folded: 'The Coastal-Courier' and 'thecoastalcourier' compare equal."""
    return _NOT_ALNUM.sub("", fold_arabic(text))


_PAGE_LABELS = frozenset(map(_squash, _PAGE_LABEL_WORDS))


def host_names(urls: list[str | None]) -> list[str]:
    """Brand labels of the page's hosts: 'https://www.dailyexample.co.uk/x' -> 'dailyexample'."""
    names: list[str] = []
    for url in urls:
        if not url or "//" not in url:
            continue
        try:
            host = (urlsplit(url.strip()).hostname or "").lower()
        except ValueError:
            continue
        labels = [label for label in host.split(".") if label][:-1]  # without the top-level domain
        if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
        while len(labels) > 1 and labels[0] in _HOST_PREFIXES:
            labels = labels[1:]
        for label in labels:
            name = _squash(label)
            if len(name) >= 3 and name not in names:
                names.append(name)
    return names


def site_names(metas: dict[str, list[str]], ld: list[dict[str, Any]]) -> list[str]:
    """The names the page gives its site: og:site_name, application-name, JSON-LD publisher/WebSite."""
    names = [value.lstrip("@") for key in _SITE_NAME_KEYS for value in metas.get(key, [])]
    for obj in ld:
        kinds = obj.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in _SITE_TYPES for k in kinds) and isinstance(
            obj.get("name"), str
        ):
            names.append(obj["name"])
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
    squashed = [_squash(name) for name in names]
    return list(dict.fromkeys(s for s in squashed if len(s) >= 2))


def _section_names(metas: dict[str, list[str]], ld: list[dict[str, Any]]) -> list[str]:
    names = list(metas.get("article:section", []))
    for obj in ld:
        value = obj.get("articleSection")
        names.extend(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    return [s for s in (_squash(name) for name in names) if s]


def _names_site(part: str, sites: list[str], hosts: list[str]) -> bool:
    """Whether a separated part of a title is the site's name (or its host)."""
    squashed = _squash(part)
    if not squashed:
        return True  # an empty affix: "Headline |"
    if len(part.split()) > _MAX_SITE_WORDS:
        return False
    if _DOMAIN_NAME.match(part.strip()) or squashed in _PAGE_LABELS:
        return True
    for site in sites:
        short, long_ = sorted((squashed, site), key=len)
        if squashed == site or (len(short) >= 4 and short in long_):
            return True
    return any(  # 'BBC Arabic' on bbc.com, 'Herald' on riverton-herald.example
        squashed.startswith(host)
        or (len(host) >= 4 and len(squashed) >= 3 and (host in squashed or squashed in host))
        for host in hosts
    )


def pick_title(
    root: lhtml.HtmlElement,
    metas: dict[str, list[str]],
    selected: list[str] | None = None,
    *,
    ld: list[dict[str, Any]] | None = None,
    url: str | None = None,
) -> str | None:
    """The headline as displayed: a profile selection, else the <h1> that the title sources echo,
    else og:title or <title> without the site's name (only an affix that names the site, its host
    or the article's section, or that another title source lacks, is dropped)."""
    for text in selected or []:
        title = clean_title(text)
        if title:
            return title
    ld = ld or []
    og_values = metas.get("og:title") or metas.get("twitter:title") or []
    og = clean_title(og_values[0]) if og_values else None
    head = root.find(".//title")
    page_title = clean_title(head.text_content()) if head is not None else None
    refs = [fold_arabic(t) for t in (og, page_title) if t]
    h1s = [clean_title(element_text(h)) for h in root.iter("h1") if not site_name_h1(h)]
    candidates = sorted((h for h in h1s if h and len(h) >= 6), key=len, reverse=True)
    for h1 in candidates:  # the <h1> inside a title source, which adds the site's name
        folded = fold_arabic(h1)
        if any(folded in ref for ref in refs if len(ref) >= 6):
            return h1
    # an <h1> that is a kicker or section followed by a title source: that source is the headline
    kicked = next(
        (
            src
            for src in (og, page_title)
            for h1 in candidates
            if src and len(src) >= 6 and fold_arabic(h1).endswith(fold_arabic(src))
        ),
        None,
    )
    for h1 in candidates if kicked is None else []:  # an <h1> that extends a title source
        folded = fold_arabic(h1)
        if any(ref in folded for ref in refs if len(ref) >= 6):
            return h1
    canonical = root.find(".//link[@rel='canonical']")
    hosts = host_names(
        [url, canonical.get("href") if canonical is not None else None, *metas.get("og:url", [])]
    )
    headlines = [o["headline"] for o in ld if isinstance(o.get("headline"), str)]
    others = [t for t in (og, page_title, *candidates, *headlines) if t]
    chosen = kicked or og or page_title
    if chosen is None:
        return candidates[0] if candidates else None
    return strip_site_name(
        chosen, [o for o in others if o != chosen], site_names(metas, ld), hosts, _section_names(metas, ld)
    )


def strip_site_name(
    title: str,
    others: list[str] | None = None,
    sites: list[str] | None = None,
    hosts: list[str] | None = None,
    sections: list[str] | None = None,
) -> str:
    """``title`` without a site-name prefix or suffix ("Headline - Site", "Site | Headline").

    A separated part at either end is dropped only when it names the site (``sites``, see
    :func:`site_names`), its host (``hosts``, see :func:`host_names`) or a domain, or
    the article's section, or when another title source (``others``) is exactly what remains. A
    dash inside a headline ("Zwei Rücktritte - und viele offene Fragen") stays.
    """
    pieces = _TITLE_SPLIT.split(title)
    parts, seps = pieces[0::2], pieces[1::2]
    if len(parts) <= 1:
        return title
    site_list = [squashed for squashed in map(_squash, sites or []) if squashed]
    host_list = [squashed for squashed in map(_squash, hosts or []) if squashed]
    section_set = {_squash(section) for section in sections or []}
    # another title source is evidence only when it is a headline itself (an <h1> may hold the logo)
    other_keys = {
        _squash(o) for o in others or [] if len(o) >= 10 and not _names_site(o, site_list, host_list)
    }

    def joined(lo: int, hi: int) -> str:
        return "".join(parts[i] + (seps[i] if i < hi - 1 else "") for i in range(lo, hi)).strip()

    def affix(part: str) -> bool:
        return _names_site(part, site_list, host_list) or _squash(part) in section_set

    lo, hi = 0, len(parts)
    while hi - lo > 1:
        if affix(parts[hi - 1]) or _squash(joined(lo, hi - 1)) in other_keys:
            hi -= 1
        elif affix(parts[lo]) or _squash(joined(lo + 1, hi)) in other_keys:
            lo += 1
        else:
            break
    return joined(lo, hi) or title
