"""Doubled words: the cheap pre-checks (whole runs without Arabic, folded runs with it) miss none."""

from __future__ import annotations

from pipeline.extract.dedupe import doubled_words


def _doubled(text: str) -> list[str]:
    return [str(issue["text"]) for issue in doubled_words(text, 0)]


def test_found_in_ascii_and_typographic_english() -> None:
    assert _doubled("He said that the the council met.") == ["the the"]
    assert _doubled("“We met the the council,” she said — twice.") == ["the the"]
    assert _doubled("It rained\u00a0in in\u2009Paris.") == ["in in"]


def test_words_that_only_share_letters_are_not_doubled() -> None:
    assert _doubled("the theory of one on one, to top it off") == []
    assert _doubled("“Bathe the dog,” he said.") == []


def test_found_in_arabic_after_folding() -> None:
    assert _doubled("اشتعلت النــار النار في الغابة") == ["النــار النار"]
    assert _doubled("قال قال الوزير") == ["قال قال"]
