"""The boilerplate pre-check: every phrase the "anywhere" pattern knows holds one of the cheap hint words."""

from __future__ import annotations

from pipeline.extract.html import vocab


def _top_level_branches(pattern: str) -> list[str]:
    branches, depth, start, escaped = [], 0, 0, False
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
    branches.append(pattern[start:])
    return branches


def test_every_alternative_holds_a_hint() -> None:
    branches = _top_level_branches(vocab._BOILERPLATE_ANYWHERE.pattern)
    assert len(branches) >= 10
    for branch in branches:
        assert any(hint in branch for hint in vocab._BOILERPLATE_HINTS), branch


def test_phrases_still_found_and_prose_kept() -> None:
    for text in (
        "All Rights Reserved 2024 Example Media",
        "Your browser does not support the video tag.",
        "Please enable JavaScript to view the comments",
        "5 min read",
        "You have 3 free articles left this month",
        "تابعونا على قناة واتساب",
        "جميع الحقوق محفوظة لموقع المثال",
        "أضف تعليقا",
    ):
        assert vocab.is_boilerplate(text), text
    for text in (
        "The council read the report on Tuesday and voted to keep the library open.",
        "قال الوزير إن المشروع سيكتمل العام المقبل.",
    ):
        assert not vocab.is_boilerplate(text), text
