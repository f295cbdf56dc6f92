"""Entities found after a cue word: media after صحيفة/وكالة, places after a place noun (بلدة، وادي), and
people named bare around a speech verb (the name's shape is the cue: Arabic has no capitals)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.fields.gazetteer.match import _covered, _covered_span, _index, _Match, _nisba_entry
from pipeline.fields.orgs import DIRECTION_WORDS, NAMED_PLACE_CUES, PLACE_CUES, _folds, _head
from pipeline.fields.patterns import (
    _NAME_END,
    _THAT,
    MAX_CHAIN_NAME,
    MAX_ROLE_TOKENS,
    NAME_STARTS,
    NETWORK,
    SPEECH_VERBS,
    _forward_name,
    _runs_on,
)
from pipeline.fields.words import (
    FIRST_NAMES,
    MAX_NAME_TOKENS,
    MEDIA_CUES,
    NAME_PARTICLES,
    STOP_WORDS,
    TITLE_WORDS,
    Token,
    _is_one_of,
    _raw_offset,
    _strip_conj,
)

_QUOTED = re.compile(r"\s*[\"“«]([^\"”»]{2,60})[\"”»]")


def _pattern_media(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Media named after صحيفة/وكالة/قناة..., quoted ("صحيفة "نيويورك تايمز"") or not."""
    out: list[_Match] = []
    for i, tok in enumerate(tokens):
        if not _is_one_of(tok.fold, MEDIA_CUES):
            continue
        if i + 1 < len(tokens) and _covered(found, i + 1) is not None:
            continue
        quoted = _QUOTED.match(text, tok.end)
        if quoted:
            name = quoted.group(1).strip()
            if name and _covered_span(found, quoted.start(1)) is None:
                out.append(_Match.unlisted(name, "media", i + 1, i + 1, quoted.start(1), quoted.end(1)))
            continue
        if i + 1 >= len(tokens) or text[tok.end : tokens[i + 1].start].strip():
            continue
        count = _forward_name(text, tokens, i + 1, found)
        if count and _strip_conj(tok.fold) in NETWORK and _runs_on(text, tokens, i + 1 + count, found):
            continue  # "شبكة أطباء السودان": a network of people, an organisation's name
        if count:
            last = i + 1 + count
            name = text[tokens[i + 1].start : tokens[last - 1].end]
            out.append(_Match.unlisted(name, "media", i + 1, last, tokens[i + 1].start, tokens[last - 1].end))
    return out


def _place_word_ok(tok: Token) -> bool:
    fold = tok.fold
    if fold in STOP_WORDS or fold in TITLE_WORDS or fold in DIRECTION_WORDS or not fold.isalpha():
        return False
    if fold.startswith("و") and len(fold) > 3:
        return False
    if fold.startswith("لل"):
        return False  # "مدينة للقرض الزراعي": indebted to, no town
    if fold in PLACE_ADJECTIVES:
        return False  # "قرية دركار التابعة لزاخو": an adjective of the place, not its name
    return fold.startswith("ال") or not fold.endswith(("يه", "يون", "يين"))


def _pattern_place(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """Places after a place noun ("بلدة قلدون", "مدينة رأس العين", "ولاية ماريلاند") not in the gazetteer."""
    out: list[_Match] = []
    n = len(tokens)
    for i in range(n - 1):
        if (_head(tokens[i], PLACE_CUES) is None and not _dual_cue(tokens, i)) or _covered(
            found, i
        ) is not None:
            continue
        k = i + 1
        if text[tokens[i].end : tokens[k].start].strip() or _covered(found, k) is not None:
            continue
        if not _place_word_ok(tokens[k]):
            continue
        last = k + 1
        if (
            last < n
            and (not tokens[k].fold.startswith("ال") or tokens[k].fold in CLAN_PREFIXES)
            and not text[tokens[k].end : tokens[last].start].strip()
            and _covered(found, last) is None
            and _place_word_ok(tokens[last])
            and not tokens[last].fold.startswith(("لل", "بال"))
            and not (tokens[last].fold[:1] in "بلك" and len(tokens[last].fold) >= 5)  # "كليس بطاقة"
            and not _verb_shape(tokens[last].fold)  # "منطقة أدري تستضيف", "مخيم متشي تجاوزت"
            and tokens[last].fold not in COUNT_WORDS  # "منطقة أدري آلاف اللاجئين"
            and not _nisba_word(tokens[last].fold)
        ):
            last += 1
        start = tokens[k].start
        named = _head(tokens[i], NAMED_PLACE_CUES)
        if named is not None:  # "وادي الحبيل": the noun is part of the name (a clitic before it is not)
            k, start = i, tokens[i].start + _raw_offset(tokens[i].raw, named[1])
        name = text[start : tokens[last - 1].end]
        out.append(_Match.unlisted(name, "place", k, last, start, tokens[last - 1].end))
    return out


# Duals of place nouns before a list of two ("محافظتي المفرق وجرش", "مدينتي الرمثا والمفرق"); with no
# "و" list after them they are a possessive ("منطقتي الصناعية": my zone).
DUAL_PLACE_CUES = _folds("مدينتي بلدتي قريتي منطقتي محافظتي ولايتي مخيمي")
LIST_AFTER = 2


def _dual_cue(tokens: Sequence[Token], i: int) -> bool:
    """A dual place noun with "و + a name" one or two words after it."""
    if _head(tokens[i], DUAL_PLACE_CUES) is None or i + 1 >= len(tokens) or _nisba_word(tokens[i + 1].fold):
        return False  # "منطقتي الصناعية": my zone and its adjective
    after = tokens[i + LIST_AFTER : i + LIST_AFTER + 2]
    return any(t.fold[:1] == "و" and len(t.fold) > LIST_AFTER + 1 for t in after)


# "البو صالح", "آل بو علي": villages named after a clan, the prefix is no name alone.
CLAN_PREFIXES = _folds("البو")
PLACE_ADJECTIVES = _folds(
    "التابعة التابع الواقعة الواقع المجاورة المجاور القريبة القريب الحدودية الحدودي المحاذية المحاذي المحتلة"
)
# Counts, amounts and times after a place name are no second word of it ("منطقة أدري آلاف", "بلدة
# بيتونيا فجر", "ولاية اترارزة أكثر من", "مدينة أولسان لمدة ثلاثة أشهر").
COUNT_WORDS = _folds(
    "آلاف ألف ألفا مئات عشرات ملايين مليون مليار أضعاف نحو قرابة حوالي فجر صباح مساء ظهر عصر ليل ليلة أمس منذ "
    "أكثر أقل أغلب معظم لمدة طيلة طوال خلال"
)


def _verb_shape(fold: str) -> bool:
    """A present verb (تستضيف، تتجاوز) or a feminine past verb (تجاوزت، شهدت): not a place name's
    second word (place names start with ي often enough: يابوس، يبرود)."""
    return (fold[0] == "ت" and len(fold) >= 6) or (
        len(fold) >= 5 and fold.endswith("ت") and fold[0] not in "بي"
    )


def _nisba_word(fold: str) -> bool:
    return fold.startswith("ال") and fold.endswith(("ي", "يه", "يون", "يين"))


def _shaped_name(text: str, tokens: Sequence[Token], k: int, found: Sequence[_Match]) -> int:
    """Tokens of a bare name at k: a common first name (or عبد/أبو + a word) and one or two more
    name words, ending before إن/أن, a comma or a colon; 0 when there is none."""
    if k >= len(tokens) or _strip_conj(tokens[k].fold) in STOP_WORDS:
        return 0
    first = tokens[k].fold
    particle = first in NAME_PARTICLES
    if first not in FIRST_NAMES and not particle:
        return 0
    count = _forward_name(text, tokens, k, found)
    nxt = k + count
    if (
        particle
        and count == 2
        and nxt < len(tokens)
        and tokens[nxt].fold.startswith("ال")
        and tokens[nxt].fold not in STOP_WORDS
        and not text[tokens[nxt - 1].end : tokens[nxt].start].strip()
        and _covered(found, nxt) is None
        and _nisba_entry(tokens[nxt].fold[2:], _index().nisba) is None
    ):
        count = 3  # "عبد الرحيم المعايعة": a family name after a compound first name
    for j in range(k + 1, k + count):
        if tokens[j].raw.startswith(("لأ", "لإ", "بأ", "بإ")):
            count = j - k  # "قال سامي لأصدقائه": a preposition, the name ended
            break
    for n in range(min(count, MAX_NAME_TOKENS + MAX_CHAIN_NAME), 1 + particle, -1):
        end = k + n
        gap = text[tokens[end - 1].end : tokens[end].start].strip() if end < len(tokens) else ""
        if gap[:1] in _NAME_END or (not gap and end < len(tokens) and tokens[end].fold in _THAT):
            return n
        if not gap and end < len(tokens) and _strip_conj(tokens[end].fold) in SPEECH_VERBS:
            return n
    return 0


def _pattern_speaker_name(text: str, tokens: Sequence[Token], found: list[_Match]) -> list[_Match]:
    """People named bare around a speech verb: "وأكد خالد البكار أن", "محمد المومني قال في …".

    Arabic has no capital letters: the name's shape (a common first name and one or two more name
    words, right after the verb or opening the sentence before it) is the cue.
    """
    out: list[_Match] = []
    for i, tok in enumerate(tokens):
        if _strip_conj(tok.fold) not in SPEECH_VERBS:
            continue
        starts = [i + 1]
        # the name ending the speaker's role: "وقال مدرب الملعب القابسي فتحي العبيدي، في …، إن"
        for k in range(i + 2, min(len(tokens), i + 1 + MAX_ROLE_TOKENS)):
            if tokens[k].fold in _THAT or _strip_conj(tokens[k].fold) in SPEECH_VERBS:
                break
            if tokens[k].fold in FIRST_NAMES or tokens[k].fold in NAME_STARTS:
                starts.append(k)  # not "ابن مدرسة النادي": بن/ابن open no name here
        # sentence-initial subject before the verb: "محمد المومني قال"
        for back in (2, 3, 4):
            k = i - back
            if k >= 0 and (k == 0 or text[tokens[k - 1].end : tokens[k].start].strip()[-1:] in ".؟!:"):
                starts.append(k)
        for k in starts:
            if k >= len(tokens) or _covered(found, k) is not None or _covered(out, k) is not None:
                continue
            n = _shaped_name(text, tokens, k, found)
            if n < 2 or (k < i and k + n != i):
                continue
            surface = text[tokens[k].start : tokens[k + n - 1].end]
            out.append(_Match.unlisted(surface, "person", k, k + n, tokens[k].start, tokens[k + n - 1].end))
    return out
