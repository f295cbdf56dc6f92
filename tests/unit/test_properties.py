"""Property-based tests (hypothesis, bounded): normalisation, dates, dedup, URL canonicalisation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.acquire.urls import canonicalize
from pipeline.core.dates import parse_date
from pipeline.core.models import Block
from pipeline.core.text import clean_display, fold_arabic, match_key
from pipeline.extract.dedupe import flag_repeats

pytestmark = [pytest.mark.unit, pytest.mark.timeout(120)]

BOUNDED = settings(
    max_examples=100, deadline=dt.timedelta(milliseconds=500), suppress_health_check=[HealthCheck.too_slow]
)

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
# Arabic letters, marks, digits, presentation forms, controls, entities and plain ASCII, mixed
MIXED = st.lists(
    st.one_of(
        ARABIC,
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
        st.sampled_from(
            [
                "\u200f",
                "\u200e",
                "\u200b",
                "\u202b",
                "\ufeff",
                "\u0640",
                "\xa0",
                "\t",
                "\n",
                " ",
                "&amp;",
                "&nbsp;",
                "&#1575;",
                "&lt;",
                "٣",
                "۴",
                "ـ",
            ]
        ),
        st.characters(codec="utf-8"),
    ),
    max_size=120,
).map("".join)
NFKC_MAX_EXPANSION = 18  # the longest NFKC decomposition of one code point (U+FDFA) is 18 characters


@BOUNDED
@given(MIXED)
def test_clean_display_idempotent_and_bounded(text: str) -> None:
    once = clean_display(text)
    assert clean_display(once) == once
    assert len(once) <= 3 * len(text)  # NFC composes; entities only shrink
    assert "\u200b" not in once and "\u200f" not in once


@BOUNDED
@given(MIXED)
def test_fold_arabic_idempotent_and_bounded(text: str) -> None:
    once = fold_arabic(text)
    assert fold_arabic(once) == once
    assert len(once) <= NFKC_MAX_EXPANSION * len(text)
    assert "\u0640" not in once  # no tatweel
    assert not any("\u064b" <= ch <= "\u0652" for ch in once)  # no harakat


def _fold_every_step(text: str) -> str:
    """fold_arabic without its shortcuts for ASCII and Arabic-free text: every step, always."""
    import unicodedata

    from pipeline.core import text as text_mod

    text = unicodedata.normalize("NFKC", text)
    text = text_mod._DIACRITICS.sub("", text).replace("\u0640", "")
    return text.translate(text_mod._FOLD).translate(text_mod._DIGITS).casefold()


@BOUNDED
@given(MIXED | st.text(alphabet=st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF), max_size=20))
def test_fold_arabic_shortcuts_give_the_full_folding(text: str) -> None:
    """The ASCII and no-Arabic shortcuts agree with every step applied (presentation forms included)."""
    assert fold_arabic(text) == _fold_every_step(text)
    assert fold_arabic("Ça Straße ١٢ ﻻ") == _fold_every_step("Ça Straße ١٢ ﻻ")


@BOUNDED
@given(MIXED | st.text(alphabet=st.sampled_from([*"وفكتب لا ١٢ab", "\u064e", "\u0640"]), max_size=40))
def test_match_tokens_strip_conjunctions_word_by_word(text: str) -> None:
    """The one-regex conjunction strip equals strip_conjunction applied to each folded word."""
    import re

    from pipeline.core.text import match_tokens, strip_conjunction

    words = re.findall(r"\w+", fold_arabic(text))
    assert match_tokens(text) == [strip_conjunction(w) for w in words]


@BOUNDED
@given(MIXED)
def test_match_key_stable_under_display_cleaning(text: str) -> None:
    assert match_key(clean_display(text)) == match_key(clean_display(clean_display(text)))


DATE_PIECES = st.lists(
    st.one_of(
        st.integers(-5, 99999).map(str),
        st.sampled_from(
            [
                "يناير",
                "كانون الثاني",
                "شباط/فبراير",
                "رمضان",
                "هـ",
                "م",
                "ذو الحجة",
                "أيار",
                "مايو",
                "2024-02-30",
                "T",
                "+03:00",
                "Z",
                "GMT",
                "/",
                "-",
                ":",
                ",",
                "،",
                "الساعة",
                "صباحا",
                "مساء",
                "March",
                "Feb",
                "١٤٤٥",
                "٣١",
                "UTC+14",
                "-12:00",
                "24:61",
                "0000-00-00",
            ]
        ),
        MIXED,
    ),
    max_size=12,
).map(" ".join)


@BOUNDED
@given(DATE_PIECES)
def test_parse_date_never_raises_and_values_in_range(text: str) -> None:
    parsed = parse_date(text)
    if parsed is None:
        return
    assert 1 <= parsed.year <= 9999
    if parsed.month is not None:
        assert 1 <= parsed.month <= 12
        if parsed.day is not None:
            dt.date(parsed.year, parsed.month, parsed.day)  # a real calendar day, or this raises
    if parsed.hour is not None:
        assert 0 <= parsed.hour <= 23
    if parsed.minute is not None:
        assert 0 <= parsed.minute <= 59
    if parsed.utc_offset_minutes is not None:
        assert -14 * 60 <= parsed.utc_offset_minutes <= 14 * 60


WORDS = st.sampled_from(
    [
        "قال",
        "الوزير",
        "إن",
        "الحكومة",
        "ستبدأ",
        "مشروع",
        "جديد",
        "في",
        "المدينة",
        "غدا",
        "اليوم",
        "مليون",
        "دولار",
        "الجسر",
        "البلدية",
        "المواطنين",
        "حديقة",
        "الشرقي",
    ]
)
SENTENCE = st.lists(WORDS, min_size=3, max_size=18, unique=True).map(" ".join)
ROLES = st.sampled_from(["paragraph", "paragraph", "paragraph", "lead", "caption", "pull_quote", "heading"])


BLOCKS = st.lists(st.tuples(ROLES, SENTENCE), min_size=1, max_size=12)


def _blocks(items: list[tuple[str, str]]) -> tuple[Block, ...]:
    return tuple(Block(role=r, text=t, position=i) for i, (r, t) in enumerate(items))


@BOUNDED
@given(BLOCKS)
def test_flag_repeats_never_drops_body_text(items: list[tuple[str, str]]) -> None:
    blocks = _blocks(items)
    out = flag_repeats(blocks)
    # every block is still there, in order, with its text (roles may be refined); pointers are valid
    assert [(b.position, b.text) for b in out] == [(b.position, b.text) for b in blocks]
    for b in out:
        for p in b.duplicate_of:
            assert p != b.position and 0 <= p < len(blocks)


@BOUNDED
@given(BLOCKS)
def test_flag_repeats_never_flags_text_that_is_not_repeated(items: list[tuple[str, str]]) -> None:
    """A block is only ever flagged when most of its word shingles occur in other blocks.

    (Exact uniqueness is not the invariant: a caption with small edits is a repeat by design.)
    """
    from pipeline.extract.dedupe import _prep

    blocks = _blocks(items)
    prepared = [_prep(b) for b in blocks]
    for i, b in enumerate(flag_repeats(blocks)):
        if not b.duplicate_of:
            continue
        others: set[tuple[str, ...]] = set()
        for j, other in enumerate(prepared):
            if j != i:
                others |= other.shingles
        mine = prepared[i].shingles
        assert mine, b
        assert len(mine & others) / len(mine) >= 0.8, (b, blocks)
        # and a block whose text appears exactly once with no overlap at all is never flagged
        assert mine & others


URL_PARTS = st.builds(
    lambda scheme, host, path, query, frag: f"{scheme}://{host}{path}{query}{frag}",
    st.sampled_from(["http", "https", "HTTP", "HtTpS"]),
    st.sampled_from(
        [
            "example.com",
            "WWW.Example.COM",
            "news.example.org:443",
            "example.com:80",
            "xn--mgbh0fb.com",
            "مثال.إختبار",
            "127.0.0.1:8080",
            "[::1]:8080",
        ]
    ),
    st.lists(st.text(st.sampled_from("abc/%20é خبر-_.~+"), max_size=8), max_size=4).map(
        lambda p: "/" + "/".join(p)
    ),
    st.lists(
        st.sampled_from(
            [
                "utm_source=x",
                "fbclid=1",
                "gclid=2",
                "id=7",
                "a=1",
                "a=2",
                "b=",
                "q=%D8%A7",
                "ref=tw",
                "page=2",
            ]
        ),
        max_size=5,
    ).map(lambda q: ("?" + "&".join(q)) if q else ""),
    st.sampled_from(["", "#", "#top", "#!/x"]),
)


@BOUNDED
@given(URL_PARTS)
def test_canonicalize_idempotent(url: str) -> None:
    once = canonicalize(url)
    assert canonicalize(once) == once
    assert "utm_source" not in once and "fbclid" not in once and "gclid" not in once
    assert "#" not in once
