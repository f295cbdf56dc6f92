"""Displayed text of page elements: one walk per subtree, slices after that."""

from __future__ import annotations

from lxml import etree
from lxml import html as lhtml

from pipeline.core.text import clean_display
from pipeline.extract.html.vocab import BLOCK_TAGS, DROP_TAGS, class_words, is_hidden


def element_text(el: lhtml.HtmlElement, sep: str = " ") -> str:
    """Displayed text of a subtree (scripts, hidden parts and form controls skipped), <br> -> sep."""
    parts: list[str] = []
    stack: list[lhtml.HtmlElement | str] = [el]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if item is not el and item.tail:
            stack.append(item.tail)
        tag = item.tag if isinstance(item.tag, str) else ""
        if not tag or tag in DROP_TAGS or (item is not el and is_hidden(item, frozenset())):
            continue
        if tag == "br":
            parts.append(sep)
            continue
        stack.extend(reversed(list(item)))
        if item.text:
            stack.append(item.text)
        if tag in BLOCK_TAGS:
            parts.append(" ")
    return clean_display("".join(parts))


class PageText:
    """Displayed text of the elements of one page, each subtree walked once and kept by element.

    ``text(el)`` equals ``element_text(el)``: the first request for an element outside the indexed
    parts walks its visible subtree once and records where every visible descendant's text starts and
    ends, so later requests for those descendants (nested containers, links) cost a slice.
    ``link_chars(el)`` is the summed length of the whitespace-collapsed ``text_content`` of the links
    under ``el``, each link measured once. The tree must not be mutated while this object is in use
    (``caption_block`` mutates the tree and does not use it).
    """

    def __init__(self, root: lhtml.HtmlElement | None = None) -> None:
        self.root = root
        # class words of the elements the container scorer visited (generic.collect fills it)
        self.words: dict[lhtml.HtmlElement, frozenset[str]] = {}
        self._fulls: list[str] = []
        self._spans: dict[lhtml.HtmlElement, tuple[int, int, int]] = {}
        self._texts: dict[lhtml.HtmlElement, str] = {}
        self._link_len: dict[lhtml.HtmlElement, int] = {}
        self._holders: set[lhtml.HtmlElement] | None = None

    def forget(self) -> None:
        """Drop the recorded texts (after the tree was changed, e.g. hidden parts revealed)."""
        self._fulls.clear()
        self._spans.clear()
        self._texts.clear()
        self._link_len.clear()

    def holds_picture(self, el: lhtml.HtmlElement) -> bool:
        """Whether el has an <img> descendant (the pictures' ancestors are collected once per page)."""
        if self.root is None:
            return el.find(".//img") is not None
        if self._holders is None:
            holders: set[lhtml.HtmlElement] = set()
            for img in self.root.iter("img"):
                node = img.getparent()
                while node is not None and node not in holders:  # ancestors shared with an earlier picture
                    holders.add(node)  # are in already, with theirs
                    node = node.getparent()
            self._holders = holders
        return el in self._holders

    def class_words(self, el: lhtml.HtmlElement) -> frozenset[str]:
        """class_words(el), read from the scorer's pass when it visited el."""
        words = self.words.get(el)
        return class_words(el) if words is None else words

    def index(self, top: lhtml.HtmlElement) -> None:
        """Record the text spans of top and its visible descendants in one walk (lxml's iterwalk)."""
        parts: list[str] = []
        pos = 0
        which = len(self._fulls)
        spans = self._spans
        starts: list[int] = []
        entered: list[lhtml.HtmlElement] = []
        no_words: frozenset[str] = frozenset()
        walker = etree.iterwalk(top, events=("start", "end", "comment", "pi"))
        for event, el in walker:
            if event == "start":
                tag = el.tag
                if tag in DROP_TAGS or (el is not top and is_hidden(el, no_words)):
                    walker.skip_subtree()
                    continue
                entered.append(el)
                starts.append(pos)
                if tag == "br":
                    parts.append(" ")
                    pos += 1
                    walker.skip_subtree()
                    continue
                if tag in BLOCK_TAGS:
                    parts.append(" ")
                    pos += 1
                text = el.text
                if text:
                    parts.append(text)
                    pos += len(text)
                continue
            if event == "end" and entered and entered[-1] is el:
                entered.pop()
                spans[el] = (which, starts.pop(), pos)
            if el is not top:  # after an element, a comment or a PI: its tail
                tail = el.tail
                if tail:
                    parts.append(tail)
                    pos += len(tail)
        self._fulls.append("".join(parts))

    def text(self, el: lhtml.HtmlElement) -> str:
        """element_text(el), computed once per element."""
        cached = self._texts.get(el)
        if cached is not None:
            return cached
        span = self._spans.get(el)
        if span is None:
            self.index(el)
            span = self._spans.get(el)
        # no span: a dropped tag (element_text gives its empty text)
        text = element_text(el) if span is None else clean_display(self._fulls[span[0]][span[1] : span[2]])
        self._texts[el] = text
        return text

    def link_chars(self, el: lhtml.HtmlElement) -> int:
        """Characters of link text (text_content, whitespace collapsed) under el, el included."""
        total = 0
        known = self._link_len
        for a in el.iter("a"):
            size = known.get(a)
            if size is None:
                size = known[a] = len(" ".join(a.text_content().split()))
            total += size
        return total
