"""Short lines that any outlet's template adds to a story and no reader counts as its text.

A contact or follow line ("Contact Jane Doe at jdoe@example.com", "Follow us on Facebook"), a
newsletter or app pitch ("Want more? Sign up for our free newsletter"), a copyright line
("©2023 Jane Doe. Distributed by …"), an affiliate disclosure ("We may earn a commission…"), a note
on where the story first ran ("Originally published as …"), an ad or embed placeholder ("Article
continues below this ad", "Waiting for your permission to load the Instagram Media"), a gallery
counter ("Image 1 of 4"), a picture credit standing alone ("Gallery Credit: …"), a wire service's
credit ("Reporting by …; Editing by …", "… contributed to this report") and the labels of
recommendation boxes ("Editor's Picks", "Read our full … review").

Matched on the lower-cased opening of a paragraph or heading of the body, only when the whole block
is short (``LINE_MAX``): one cheap substring test first, the regular expression only when it passes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar


class _Block(Protocol):
    """What these checks read of a block (blocks.RawBlock; blocks.py imports this module)."""

    @property
    def role(self) -> str: ...

    @property
    def text(self) -> str: ...


B = TypeVar("B", bound=_Block)

LINE_MAX = 260  # a longer paragraph is never one of these lines
_SOCIAL = r"(?:x|twitter|facebook|instagram|snapchat|threads|tiktok|linkedin|youtube|bluesky|google news|whatsapp|telegram)"
# lines told by their opening (matched at the start of the lower-cased text: cheap, it fails at once)
_START = re.compile(
    # contact and follow lines
    r"[\W_]*(?:contact|email|e-mail|reach)\b[^@]{0,80}@"
    r"|[\W_]*(?:you can )?follow (?:us|him|her|them|me|[^.!?]{2,60}?) on " + _SOCIAL + r"\b"
    # app and membership pitches
    r"|[\W_]*get [^.]{2,40} on the go\b"
    r"|[\W_]*not a subscriber\b"
    # copyright and syndication lines
    r"|[\W_]*(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?(?:\d{4}|\(c\)))"
    r"|distributed by [^.]{2,60}(?:syndicate|agency|features|llc|inc)\b"
    # where the story first ran
    r"|[\W_]*(?:this (?:story|article|post|piece) (?:was )?)?originally (?:published|appeared)\b"
    r"|[\W_]*this (?:story|article) (?:will appear|appears|appeared|also appears) in (?:the|our) "
    # ad and embed placeholders, gallery counters
    r"|[\W_]*(?:the )?(?:article|story|content) continues (?:below|after)\b"
    r"|[\W_]*sorry, but you can'?t access this content"
    r"|(?:image|photo|slide|picture) \d+ of \d+$|swipe to scroll\b"
    # a picture credit alone
    r"|(?:gallery|image|photo|video|header|top|lead) (?:credit|courtesy)s?\s*:"
    r"|photo[- ]illustration\s*:"
    # wire credits
    r"|[\W_]*(?:additional )?reporting by [^.;]{3,100};\s*(?:editing|writing|additional reporting) by\b"
    r"|(?:contributing|additional reporting)\s*:"
    r"|(?:includes|with) (?:information|reporting|files|material) from (?:the )?"
    r"(?:associated press|ap|reuters|afp|wire services?)\b"
    r"|reporting by (?:the )?(?:associated press|reuters|afp)\.?$"
    r"|cross-posted (?:from|with)\b"
    r"|[—–-]\s*(?:the )?(?:associated press|field level media|reuters|agence france-presse|afp)\.?$"
    # calls to comment
    r"|share your thoughts\b"
    r"|comments (?:on this (?:piece|article|story|post) )?are (?:pre-?moderated|closed|now closed)\b"
    # labels of recommendation boxes
    r"|(?:editor'?s'? picks?|more from [\w .+]{2,30}|you (?:may|might) also like|recommended for you"
    r"|must watch|shop this story|top stories|contents|table of contents|in this article|on this page"
    r"|footnotes|references)[:.]?$"
    r"|also available on (?:apple podcasts|spotify|google podcasts|youtube)\b"
    # a footnote of the page's references ("[2] Jane Doe, Report, 1969, p. 5.")
    r"|\[\d{1,3}\]\s"
    r"|read (?:our|the) full [^.]{2,60} review\.?$|read the full (?:story|article|report|interview) here\.?$"
    r"|read it at\b"
)
# lines told by a phrase anywhere in them, each holding one of _ANYWHERE_HINTS
_ANYWHERE = re.compile(
    r"(?:^|[.?!]\s+|\*\s*)(?:please )?(?:sign up|subscribe) (?:for|to) [^.]{0,60}?"
    r"(?:newsletters?|e-?course|alerts|podcast)\b"
    r"|waiting for your permission to load|html5 video capable browser|video has an invalid file format"
    r"|\bcontributed (?:reporting )?to this (?:report|story|article)\.?$"
    r"|\b(?:let us know|tell us|share your thoughts) (?:\w+ ){0,4}in the comments\b"
    r"|\bclick here[.!]?$"
    # a picture credit standing alone ("Jane Doe/Getty Images for Example")
    r"|^[^.!?]{0,80}\bgetty images\b[^.!?]{0,60}$"
)
_ANYWHERE_HINTS = (
    "sign up",
    "subscribe",
    "permission to load",
    "html5",
    "invalid file",
    "contributed",
    "in the comments",
    "click here",
    "getty images",
)
# an affiliate disclosure (these run longer: up to DISCLOSURE_MAX)
DISCLOSURE_MAX = 420
_DISCLOSURE = re.compile(
    r"\bwe may (?:earn|receive|make|get) (?:a |an )?(?:small )?(?:money|commission|revenue|compensation|share"
    r"|affiliate)|\baffiliate (?:fee|commission|link)s?\b|\beditorially independent\b"
    r"|\bindependently select(?:ed|s)? (?:products|by our editors|unless)"
    r"|\bdo(?:es)? not necessarily (?:reflect|represent) the (?:views|opinions?|position)"
)
_DISCLOSURE_HINTS = ("we may", "affiliate", "editorially", "independently select", "necessarily")


def furniture_line(text: str) -> bool:
    """Whether a short paragraph or heading of the body is one of the template's lines (above)."""
    if len(text) > DISCLOSURE_MAX:
        return False
    low = text.lower().replace("’", "'")
    if any(hint in low for hint in _DISCLOSURE_HINTS) and _DISCLOSURE.search(low) is not None:
        return True
    if len(text) > LINE_MAX:
        return False
    if _START.match(low) is not None:
        return True
    return any(hint in low for hint in _ANYWHERE_HINTS) and _ANYWHERE.search(low) is not None


BIO_MAX = 600  # an author's biography line is short
BIO_TAIL = 2  # looked for among the body's last paragraphs
_BIO_AFTER_NAME = re.compile(
    r"^(?:,\s+(?:a|an|the)\s"
    r"|\s+(?:is|was|has|covers|writes|reports|joined|lives|serves|teaches|works|edits|hosts)\b"
    r"|['’]s (?:(?:most recent|latest|new|forthcoming|first|debut) )?(?:book|novel|memoir|collection)\b)"
)
# Arabic, after the whole name only (first names are shared by many): the writer's trade
# ("فلان كاتب وصحفي مصري", "فلان، باحث في …")
_BIO_AFTER_FULL_NAME = re.compile(
    r"^\s*[،,:]?\s*(?:ال)?(?:كاتب|كاتبة|صحفي|صحافي|صحفية|صحافية|باحث|باحثة|أستاذ|أستاذة|محلل|محللة"
    r"|إعلامي|إعلامية|أكاديمي|أكاديمية|خبير|خبيرة|روائي|روائية|شاعر|شاعرة)(?:\s|$)"
)
_BIO_OPENING = re.compile(r"^[\W_]*")


def author_bio(text: str, authors: Sequence[str]) -> bool:
    """Whether a paragraph is the writer's biography: it opens with an author's name (whole, first or
    last) followed by "is/was/has/covers/writes…", an appositive ("Jane Doe, a former …") or
    "'s latest book"; or the whole name followed by an Arabic trade ("… كاتب وصحفي")."""
    if len(text) > BIO_MAX:
        return False
    start = _BIO_OPENING.match(text)
    body = text[start.end() if start else 0 :]
    for author in authors:
        parts = author.split()
        names = [author] + ([parts[0], parts[-1]] if len(parts) > 1 else [])
        for name in names:
            if len(name) < 3 or not body.startswith(name):
                continue
            rest = body[len(name) :]
            if _BIO_AFTER_NAME.match(rest) or (name == author and _BIO_AFTER_FULL_NAME.match(rest)):
                return True
    return False


def drop_author_bio(raw: list[B], authors: Sequence[str]) -> list[B]:
    """The blocks without a biography of the page's author among the body's last paragraphs."""
    if not authors:
        return raw
    tail = [i for i, b in enumerate(raw) if b.role == "paragraph"][-BIO_TAIL:]
    drop = {i for i in tail if author_bio(raw[i].text, authors)}
    return [b for i, b in enumerate(raw) if i not in drop] if drop else raw


LABEL_MAX = 120  # "Watch the video:", "References:": a label this short
NOTE_MAX = 300  # an editors' note closing the story is short
# an Arabic editors' note closing the story: "ملاحظة: الأسعار الواردة …", "تنويه: …"
_CLOSING_NOTE = re.compile(r"^[\W_]*(?:ملاحظة|ملحوظة|تنويه)(?: المحرر| التحرير)?\s*[:：]")


def tail_furniture(raw: list[B], authors: Sequence[str]) -> list[B]:
    """The blocks without what closes a story but is not its text: a biography of the page's author
    among the last paragraphs, and short labels ending in a colon left with nothing after them (what
    they introduced, a video, a list of links, an embed, was not text), and an editors' note
    ("ملاحظة: …") among the last paragraphs."""
    raw = drop_author_bio(raw, authors)
    tail = [i for i, b in enumerate(raw) if b.role == "paragraph"][-BIO_TAIL:]
    notes = {i for i in tail if len(raw[i].text) <= NOTE_MAX and _CLOSING_NOTE.match(raw[i].text)}
    if notes and len(notes) < sum(1 for b in raw if b.role == "paragraph"):
        raw = [b for i, b in enumerate(raw) if i not in notes]
    body = [i for i, b in enumerate(raw) if b.role in {"paragraph", "heading"}]
    drop = set()
    for i in reversed(body):
        text = raw[i].text.rstrip()
        if raw[i].role != "paragraph" or len(text) > LABEL_MAX or not text.endswith((":", "：")):
            break
        drop.add(i)
    if drop and len(drop) < len(body):
        return [b for i, b in enumerate(raw) if i not in drop]
    return raw
