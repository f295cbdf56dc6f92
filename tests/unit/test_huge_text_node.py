"""A text node over libxml2's 10 MB limit keeps its text (issue 18: the body silently emptied,
recorded as ok; a 9 MB one was fine)."""

from __future__ import annotations

import pytest

from pipeline.acquire.parse import parse
from pipeline.core.models import Capture
from pipeline.run.document import extract_document

pytestmark = pytest.mark.unit

OPENING = "The opening paragraph of the story says what happened on the day in the city."
CLOSING = "The closing paragraph of the story explains what will happen next week in the region."


def _page(middle: str) -> bytes:
    return (
        "<html><head><title>Huge</title></head><body><article><h1>Huge</h1>"
        f"<p>{OPENING}</p>{middle}<p>{CLOSING}</p></article></body></html>"
    ).encode()


@pytest.mark.parametrize("tag", ["div", "script"])
def test_a_node_over_ten_megabytes_does_not_empty_the_body(tag: str) -> None:
    words = "lorem ipsum dolor sit amet " * (10_500_000 // 27)
    body = _page(f"<{tag}>{words}</{tag}>")
    assert len(body) > 10_000_000
    article = extract_document(parse(Capture(source="t", body=body, path="huge.html")), fields=False)
    assert article.body[0] == OPENING and article.body[-1] == CLOSING
    if tag == "div":  # the text itself is article text: kept whole
        assert max(len(p) for p in article.body) > 10_000_000
    else:  # a script is not text
        assert len(article.body) == 2
