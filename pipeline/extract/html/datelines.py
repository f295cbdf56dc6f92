"""Date lines as readers see them: the line by the headline, a "Published on" line, a class-marked
date element; revision, copyright, comment and clock lines are not publication dates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import html as lhtml

from pipeline.extract.html.blocks import class_words, element_text
from pipeline.extract.html.datetext import parse_stamp

_DATE_WORDS = frozenset(
    [
        "date",
        "time",
        "published",
        "pubdate",
        "posted",
        "created",
        "timestamp",
        "dateline",
        "datetime",
        "fecha",
        "datum",
        "tarih",
        "publish",
        "publicado",
        "publication",
        "data",
    ]
)


_DATE_CLASS: dict[frozenset[str], bool] = {}


def _date_class(words: frozenset[str]) -> bool:
    """Class/id words of a date element: "date", "datum", "fecha" ..., or one ending in "date"
    ("postdate", "newsdate") or starting with "date"/"time" ("timedata", "dateinfo")."""
    if not words:
        return False
    found = _DATE_CLASS.get(words)
    if found is None:
        found = bool(words & _DATE_WORDS) or any(
            w.endswith("date") or w.startswith(("date", "time")) for w in words
        )
        if len(_DATE_CLASS) >= 50_000:  # a bounded cache: class sets repeat across a site's pages
            _DATE_CLASS.clear()
        _DATE_CLASS[words] = found
    return found


# A date after one of these words is a revision, not the publication ("Updated", "Aktualisiert am",
# "Mis à jour le", "آخر تحديث"); a line that only carries such a date is skipped, and a line with both
# ("Published 5 May 2020, updated 6 May 2020") is read up to the marker.
_REVISION = re.compile(
    r"\b(?:last\s+)?(?:updated?|modified|edited|revised|aktualisiert|geändert|bearbeitet|mis\s+à\s+jour|"
    r"actualisé|modifié|actualizad[oa]|actualización|atualizad[oa]|aggiornat[oa]|aggiornamento|"
    r"bijgewerkt|gewijzigd|uppdaterad|opdateret|oppdatert|päivitetty|zaktualizowano|aktualizováno|"
    r"frissítve|güncellendi|güncelleme|обновлено|обновлен[оа]?|оновлено|עודכן|atualização|"
    r"modificad[oa]|modificación|aktualizacja|aktualizace|diperbarui|cập\s+nhật|ενημερώθηκε|"
    r"ενημέρωση|актуализирано|ažurirano|posodobljeno|actualizat)\b"
    r"|آخر\s+تحديث|تم\s+التحديث|تحديث|بروزرسانی|روزرسانی|更新|업데이트|수정|עדכון",
    re.I,
)
_NOT_PUBLICATION = re.compile(
    r"©|\bcopyright\b|\(c\)\s*\d{4}|\bcomments?\b|kommentar|commentaire|تعليق"
    r"|aktuelle\s+zeit|current\s+time|it\s+is\s+currently|\btoday\s+is\b|heute\s+ist|الوقت\s+الحالي",
    re.I,
)


_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}")


def published_part(text: str) -> str | None:
    """The part of a date line that is about publication: cut at a revision marker; None for a
    copyright, comment or revision-only line."""
    if _NOT_PUBLICATION.search(text):
        return None
    marker = _REVISION.search(text)
    if marker is None:
        return text
    head, tail = text[: marker.start()], text[marker.end() :]
    if parse_stamp(tail) is None and (_CLOCK.search(tail) or not any(c.isdigit() for c in tail)):
        # "28 آب 2013، آخر تحديث 14:00": the date is the revision's ("Updated 8 hours ago" is not)
        return None
    return head if parse_stamp(head) is not None else None


_REVISION_CLASSES = frozenset(["updated", "modified", "update", "lastmod", "changed", "revised"])


def _revision_element(el: lhtml.HtmlElement) -> bool:
    """An element marked as the revision time (itemprop=dateModified, class "updated")."""
    prop = (el.get("itemprop") or el.get("property") or "").lower()
    if prop in {"datemodified", "article:modified_time"}:
        return True
    words = class_words(el)  # WordPress marks an unrevised post "entry-date published updated"
    return bool(words & _REVISION_CLASSES) and not words & {"published", "pubdate", "publish"}


def visible_date(root: lhtml.HtmlElement) -> str | None:
    """A short visible date line (class date/time/published…) for pages without machine-readable dates."""
    for el in root.iter("time", "span", "div", "p", "li", "abbr", "dd"):
        title = el.get("title")
        if el.tag == "abbr" and title and parse_stamp(title) and not _revision_element(el):
            return str(title)
        if el.tag != "time" and not _date_class(class_words(el)):
            continue
        if _revision_element(el):
            continue
        text = element_text(el)
        if text and len(text) < 80:
            part = published_part(text)
            if part and parse_stamp(part) is not None:
                return part
    return None


def _headline(root: lhtml.HtmlElement) -> lhtml.HtmlElement | None:
    """The first <h1> with words in it (an empty or image-only <h1> heads no story)."""
    first = None
    for h1 in root.iter("h1"):
        first = h1 if first is None else first
        if any(c.isalpha() for c in h1.text_content()):
            return h1
    return first


def date_after_headline(
    root: lhtml.HtmlElement, limit: int = 40, h1: lhtml.HtmlElement | None = None
) -> str | None:
    """A short line just after the <h1> that reads as a date (the usual place of a date line)."""
    h1 = _headline(root) if h1 is None else h1
    if h1 is None:
        return None
    for seen, el in enumerate(_following(h1)):
        if seen >= limit:
            break
        text = _date_line(el)
        if text is not None:
            return published_part(text)  # a revision line there: no publication line
    return None


def date_near_headline(root: lhtml.HtmlElement) -> str | None:
    """The date line after the <h1>, else one of the few lines just before it ("02.02.2022 10:16 Uhr -
    Bundesliga" above the headline)."""
    h1 = _headline(root)
    if h1 is None:
        return None
    line = date_after_headline(root, h1=h1)
    if line is not None:
        return line
    node: lhtml.HtmlElement | None = h1
    for _ in range(2):  # the headline's preceding siblings, then its parent's
        if node is None:
            break
        for seen, sibling in enumerate(node.itersiblings(preceding=True)):
            if seen >= 3 or not isinstance(sibling.tag, str):
                break
            for el in [sibling, *sibling.iterdescendants()][:12]:
                if isinstance(el.tag, str) and not _revision_element(el):
                    text = _date_line(el)
                    # above the headline only a line that starts with its date (not a caption's)
                    if text is not None and parse_stamp(text[:30]) is not None:
                        return published_part(text)
        node = node.getparent()
    return None


_DIGIT = re.compile(r"\d")
_QUOTES = frozenset('„“”«»"')


def _date_line(el: lhtml.HtmlElement) -> str | None:
    """The element's own short text when it reads as a date line (not a quotation, not a sentence)."""
    own = [el.text or ""] + [child.tail or "" for child in el]  # "<br> 1. Februar 2022, Name"
    text = " ".join(" ".join(own).split())
    if not 6 <= len(text) < 60 or not any(c.isdigit() for c in text) or _revision_element(el):
        return None
    if parse_stamp(text) is None:
        return None
    if text.endswith(":") or any(c in _QUOTES for c in text):
        return None  # "„Deus caritas est“, 25. Dezember 2005:" introduces a quotation
    if len(element_text(el)) > 120:  # a sentence of a paragraph that mentions a date
        return None
    return text


# "Published on", in the languages of the month table and beyond, followed closely by a date.
_PUBLISHED_WORDS = re.compile(
    r"(?:\b(?:published|posted|first\s+published|erschienen|veröffentlicht|publiziert|publié|publiée|"
    r"publicado|publicada|publicat|pubblicato|pubblicata|gepubliceerd|gepost|publicerad|publiceret|"
    r"publisert|julkaistu|opublikowano|publikováno|publikované|objavljeno|objavljen|közzétéve|"
    r"yayınlanma|yayınlandı|yayımlanma|опубликовано|опубликован|опубліковано|публикувано|"
    r"δημοσιεύθηκε|δημοσίευση|diterbitkan|dipublikasikan|diterbitkan)\b|פורסם|תאריך\s+פרסום|"
    r"تاريخ\s+النشر|نشر\s+في|تاریخ\s+انتشار|منتشر\s+شده|تاریخ\s+انتشار|게시|입력|등록일|"
    r"公開日|公開|掲載|投稿日|发布时间|發布時間|发布|發布|发表于|發表於)",
    re.I,
)


def published_line(root: lhtml.HtmlElement | None) -> str | None:
    """A date introduced by a publication word ("Erschienen am: 01.11.2023", "Publicado el 5 de
    marzo de 2020", "입력 2020.04.28"), in the first such element of root (the article, else the page)."""
    if root is None:
        return None
    body = root.find("body") if root.tag == "html" else root
    if body is None:
        return None
    for el in body.iter("time", "span", "div", "p", "li", "dd", "small", "em", "strong", "td"):
        pieces = [el.text or ""] + [child.tail or "" for child in el]
        if not any(_DIGIT.search(piece) for piece in pieces):  # no date without a digit
            continue
        own = " ".join(" ".join(pieces).split())
        if len(own) > 200:
            continue
        match = _PUBLISHED_WORDS.search(own)
        if match is None:
            continue
        tail = own[match.end() : match.end() + 40]
        revision = _REVISION.search(tail)  # "Published 5 May, updated 6 May": up to the marker
        tail = tail[: revision.start()] if revision else tail
        if parse_stamp(tail) is not None:
            return tail
    return None


def _following(el: lhtml.HtmlElement) -> Iterator[lhtml.HtmlElement]:
    """Elements after el in document order (its own subtree excluded)."""
    node: lhtml.HtmlElement | None = el
    while node is not None:
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                yield sibling
                yield from (d for d in sibling.iterdescendants() if isinstance(d.tag, str))
        node = node.getparent()


# "Karlsruhe, (12.11.2021). Traditionell …", "BERLIN, 5. März 2020 – …": a place, a comma, the date.
_DATELINE = re.compile(r"^[^\W\d_][^\W\d_ .\-/']*(?:[ .\-/'][^\W\d_]+){0,3}\s*,\s*\(?(?=\d)")


def dateline(root: lhtml.HtmlElement | None) -> str | None:
    """The date of a dateline opening one of the article's first paragraphs (place, comma, date)."""
    if root is None:
        return None
    for seen, el in enumerate(root.iter("p", "strong", "b")):
        if seen >= 5:
            break
        text = " ".join(element_text(el).split())
        match = _DATELINE.match(text)
        if match is None:
            continue
        head = text[match.end() : match.end() + 30]
        if parse_stamp(head) is not None:
            return head
    return None


def first_date_line(root: lhtml.HtmlElement | None, limit: int = 3000) -> str | None:
    """The first short line of root that reads as a publication date, whatever its markup (the last
    resort for a page whose date is only in its visible text: "2020년 4월 28일", "۹ اردیبهشت ۱۳۹۹")."""
    if root is None:
        return None
    for seen, el in enumerate(root.iter("p", "span", "div", "li", "time", "small", "td", "em", "b")):
        if seen >= limit:
            break
        text = _date_line(el)
        if text is not None:
            part = published_part(text)
            if part is not None:
                return part
    return None
