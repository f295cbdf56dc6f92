"""Template lines any outlet adds to a story (pipeline/extract/html/furniture.py) leave the body; the text stays."""

from __future__ import annotations

import pytest

from pipeline.core.models import Document
from pipeline.extract.html import clean_html
from pipeline.extract.html.blocks import RawBlock
from pipeline.extract.html.furniture import author_bio, furniture_line, tail_furniture

pytestmark = pytest.mark.unit

STORY = (
    "The council voted on Tuesday to close the old bridge for repairs, a decision that will send "
    "traffic through the town centre for at least six months, officials said."
)


@pytest.mark.parametrize(
    "line",
    [
        "Contact reporter Dana Reyes at dreyes@example.com",
        "—Contact Sam Ortiz at sortiz@example.com. Follow him on X, formerly known as Twitter, @samortiz.",
        "Follow the Daily Example News page on Facebook to make sure you're not missing out.",
        "Want more movie news? Sign up for Example Weekly's free newsletter to get the latest trailers.",
        "©2023 Jane Doe. Distributed by Example Content Agency, LLC.",
        "COPYRIGHT 2023 EXAMPLE.COM",
        "© Example Radar. Not to be reproduced without permission",
        "Article continues below this ad",
        "Originally published as Best deals of the week",
        "This story will appear in the Dec. 16, 2023, issue of Example Magazine.",
        "We may earn revenue from the products available on this page and participate in affiliate programs.",
        "Waiting for your permission to load the Instagram Media.",
        "Image 1 of 37",
        "Gallery Credit: Jane Doe",
        "Reporting by Jane Doe; Editing by John Roe",
        "Example Times correspondent Jane Doe contributed to this report.",
        "Editor's Picks",
        "—Field Level Media",
        "Table of Contents",
        "Also available on Apple Podcasts",
        "[2] Jane Doe, food evaluation form, Box 17, Example Papers.",
        "Wrap up the year with Example Times! Click here",
        "Jane Doe/Getty Images for Example Museum",
        "This video has an invalid file format.",
        "Includes information from The Associated Press",
        "Contributing: Associated Press; Jane Doe",
        "What do you think about these couples? Let us know in the comments and SHARE this article!",
        "Comments on this piece are premoderated to ensure the discussion remains on topic.",
        "The views on this page do not necessarily reflect the views of the league or its clubs.",
        "Read our full Example VPN review",
    ],
)
def test_template_lines_are_furniture(line: str) -> None:
    assert furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        STORY,
        "Residents can contact the council at its office on Main Street.",
        "More than 2,000 people signed up for the programme in its first week.",
        "She said she would follow the case closely on behalf of the families.",
        "Copyright law protects the song, the judge wrote in her ruling.",
        "The story continues to develop as rescuers reach the valley.",
        "The image of the bridge, one of 12 in the town, was shared widely.",
        "The museum sold its archive to Getty Images in 2019, the director said.",
        "Contents of the report were leaked to the press on Monday.",
    ],
)
def test_story_lines_are_not(line: str) -> None:
    assert not furniture_line(line)


def test_author_bio_needs_the_author_as_subject() -> None:
    assert author_bio("Jane Doe is a contributing writer for Example Living.", ["Jane Doe"])
    assert author_bio(
        "• Jane Q. Doe, a former commissioner, is president of the Example Institute.", ["Jane Q. Doe"]
    )
    assert author_bio("Doe's most recent book, The Bridge, is published by Example Press.", ["Jane Doe"])
    assert not author_bio("John Roe is a senior analyst at Example Bank.", ["Jane Doe"])
    assert not author_bio("Jane Doe is a contributing writer.", [])
    assert author_bio("* سامي العلي كاتب وصحفي مصري", ["سامي العلي"])
    assert author_bio("سامي العلي، باحث في الشؤون الاقتصادية", ["سامي العلي"])
    assert not author_bio("سامي الخبير في الشؤون الاقتصادية تحدث", ["سامي العلي"])  # a first name alone
    assert not author_bio("وقال سامي العلي إن المشروع سيكتمل", ["سامي العلي"])


def test_a_page_loses_its_template_lines_and_the_writers_bio() -> None:
    html = f"""<html><head><title>Bridge to close</title><meta name="author" content="Jane Doe"></head>
    <body><article><h1>Bridge to close</h1><div class="article-body">
    <p>{STORY}</p>
    <p>Article continues below this ad</p>
    <p>{STORY.replace("Tuesday", "Monday")}</p>
    <p>Want more local news? Sign up for our free morning newsletter.</p>
    <p>Jane Doe is a staff writer covering the county government for the Example Courier.</p>
    </div></article></body></html>"""
    cleaned = clean_html(Document(source="t", kind="html", text=html, url=None))
    body = [b.text for b in cleaned.blocks if b.role in {"paragraph", "heading"}]
    assert body == [STORY, STORY.replace("Tuesday", "Monday")]
    assert cleaned.meta.authors == ("Jane Doe",)


def test_a_label_left_with_nothing_after_it_goes() -> None:
    raw = [RawBlock("paragraph", STORY), RawBlock("paragraph", "Watch the full interview:")]
    assert [b.text for b in tail_furniture(raw, [])] == [STORY]
    kept = [RawBlock("paragraph", "Watch the full interview:"), RawBlock("paragraph", STORY)]
    assert tail_furniture(kept, []) == kept
