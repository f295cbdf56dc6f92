"""Named entities in article text: gazetteer matches, patterns, and resolution over the whole article."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import fold_arabic, has_arabic_script
from pipeline.fields.appositions import find_role_appositions
from pipeline.fields.cuepatterns import (
    _pattern_media,
    _pattern_place,
    _pattern_speaker_name,
)
from pipeline.fields.fullnames import (
    amma_relatives,
    drop_non_names,
    given_names_back,
    merge_people,
    titled_full_names,
)
from pipeline.fields.gazetteer import Entry
from pipeline.fields.gazetteer.match import (
    AMMAN_ID,
    _covered,
    _gazetteer_matches,
    _index,
    _Match,
)
from pipeline.fields.givenruns import find_given_name_runs
from pipeline.fields.nameends import east_asian_tails
from pipeline.fields.names import (
    find_first_name_nisba,
    find_kunya_people,
    find_role_speakers,
    find_shaped_people,
)
from pipeline.fields.namespans import _first_named, _namesakes, _patronyms, _regions, longer_namesakes
from pipeline.fields.orgkinds import club_short_forms, national_armies, sector_directorates, town_clubs
from pipeline.fields.orgs import (
    ALL_ORG_HEADS,
    PLACE_CUES,
    _head,
    _pattern_org,
)
from pipeline.fields.orgtidy import conjoined_tails, construct_clitic_matches, nisba_companies, tidy_orgs
from pipeline.fields.patterns import (
    _pattern_person,
)
from pipeline.fields.placelists import add_learned_places, find_listed_places, learned_places
from pipeline.fields.placenames import (
    agency_markers,
    dateline_place,
    local_places,
    merge_places,
    municipality_towns,
    place_short_forms,
)
from pipeline.fields.titlednames import inner_honorific_names, named_after_saints
from pipeline.fields.words import (
    NAME_PARTICLES,
    STOP_WORDS,
    Token,
    _raw_offset,
    _strip_conj,
    alias_key,
    clitic_variants,
    tokenize,
)

__all__ = ["Token", "clitic_variants", "entity_names", "find_entities", "tokenize"]

LOGGER = logging.getLogger(__name__)

# Photo agencies and picture desks sign images: they are credits, never entities of the story.
NOT_STORY_SUBTYPES = frozenset({"photo agency"})
MIN_SURNAME_LETTERS = 3


def _surname_keys(name_tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """Short forms a full person name is referred to by: the family name, with its particle if any."""
    if len(name_tokens) < 2:
        return []
    last = name_tokens[-1]
    keys: list[tuple[str, ...]] = []
    if len(name_tokens) >= 3 and name_tokens[-2] in NAME_PARTICLES:
        keys.append((name_tokens[-2], last))  # آل ثاني، أبو السعود، بن سليم
    elif len(last) >= MIN_SURNAME_LETTERS and last not in STOP_WORDS and last not in NAME_PARTICLES:
        keys.append((last,))
    return keys


def _full_people(
    per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]],
) -> dict[tuple[str, ...], list[tuple[int, int, _Match]]]:
    """Surname key -> (paragraph, token, match) of every person named with two words or more."""
    out: dict[tuple[str, ...], list[tuple[int, int, _Match]]] = {}
    for p, (_, tokens, matches) in enumerate(per_paragraph):
        for m in matches:
            if m.etype != "person" or m.last - m.first < 2:
                continue
            words = [clitic_variants(tokens[m.first].fold)[-1][0]] + [
                t.fold for t in tokens[m.first + 1 : m.last]
            ]
            names = [words]
            if m.entry is not None:  # the gazetteer's full name: "آل ثاني" of محمد بن عبد الرحمن آل ثاني
                names += [list(alias_key(n)) for n in (m.entry.canonical, *m.entry.aliases)]
            for name in names:
                for key in _surname_keys(name):
                    if (p, m.first, m) not in out.get(key, []):
                        out.setdefault(key, []).append((p, m.first, m))
    return out


def _nearest(named: list[tuple[int, int, _Match]], p: int, k: int) -> _Match:
    """The full mention a short form refers to: the last one before it, else the first one."""
    before = [x for x in named if (x[0], x[1]) < (p, k)]
    return (before[-1] if before else named[0])[2]


def _short_forms(
    per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]],
    people: dict[tuple[str, ...], list[tuple[int, int, _Match]]],
) -> None:
    """Resolve surnames to the full person named in the same article ("البني" -> وليد البني).

    A one-word gazetteer match of another person ("البشير" read as عمر البشير) is re-pointed when
    the article names someone else with that family name and never that gazetteer person in full.
    """
    full_ids = {m.ident for named in people.values() for _, _, m in named}
    for p, (text, tokens, matches) in enumerate(per_paragraph):
        added: list[_Match] = []
        for k in range(len(tokens)):
            for variant, stripped in clitic_variants(tokens[k].fold):
                hit: tuple[tuple[str, ...], int] | None = None
                if (variant,) in people:
                    hit = ((variant,), 1)
                elif k + 1 < len(tokens) and (variant, tokens[k + 1].fold) in people:
                    hit = ((variant, tokens[k + 1].fold), 2)
                if hit is None:
                    continue
                key, size = hit
                target = _nearest(people[key], p, k)
                current = _covered(matches, k)
                if current is not None:
                    if (
                        current.etype == "person"
                        and current.last - current.first == size
                        and current.first == k
                        and current.ident not in full_ids
                        and current.ident != target.ident
                    ):
                        current.entry, current.name, current.ident = target.entry, target.name, target.ident
                        current.method = "short_form"
                    elif (
                        current.etype == "place"
                        and size == 1
                        and current.first == k
                        and current.last == k + 1
                        and target.entry is None
                        and not _locative(text, tokens, current)
                    ):  # "وأوضح قنديل أن": the family name of a person named in full, not the town
                        current.entry, current.name, current.ident = None, target.name, target.ident
                        current.etype, current.method = "person", "short_form"
                    break
                if _covered(added, k) is not None:
                    break
                before = next((m for m in matches if m.last == k and m.ident == target.ident), None)
                if before is not None and not stripped:  # the rest of a name matched in part
                    before.last, before.end = k + size, tokens[k + size - 1].end
                    break
                other = next(
                    (
                        m
                        for m in [*matches, *added]
                        if m.last == k and m.etype == "person" and m.entry is None and m.ident != target.ident
                    ),
                    None,
                )
                if (
                    other is not None
                    and not stripped
                    and not text[tokens[k - 1].end : tokens[k].start].strip()
                ):
                    # "أحمد العبدالله الأحمد الصباح": the family name of the person named just before
                    other.last, other.end = k + size, tokens[k + size - 1].end
                    break
                start = tokens[k].start + _raw_offset(tokens[k].raw, stripped)
                added.append(
                    _Match(
                        target.entry,
                        target.name,
                        "person",
                        target.ident,
                        k,
                        k + size,
                        start,
                        tokens[k + size - 1].end,
                        "short_form",
                    )
                )
                break
        matches.extend(added)
        matches.sort(key=lambda m: m.start)


def _accept_pending(
    per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]],
    pending: Sequence[list[_Match]],
) -> None:
    """Context-only aliases ("الأسد", "البابا") of an entity the article names in full elsewhere."""
    named = {m.ident for _, _, matches in per_paragraph for m in matches if m.method != "context"}
    by_country: dict[str, set[str]] = {}
    for _, _, matches in per_paragraph:
        for m in matches:
            if m.entry is not None and m.entry.country and m.method != "context":
                by_country.setdefault(m.entry.country, set()).add(m.ident)
    # the story's country: the one with most entities named, two at least
    top = max(by_country, key=lambda c: len(by_country[c]), default="")
    countries = {top} if top and len(by_country[top]) >= MIN_STORY_ENTITIES else set()
    for (text, tokens, matches), waiting in zip(per_paragraph, pending, strict=True):
        for m in waiting:
            home = (
                m.etype == "place"
                and m.entry is not None
                and m.entry.country in countries
                and _locative(text, tokens, m)
            )  # "في العقبة" in a Jordanian story, "في صور" in a Lebanese one
            if (m.ident in named or home) and all(
                _covered(matches, k) is None for k in range(m.first, m.last)
            ):
                matches.append(m)
        matches.sort(key=lambda m: m.start)


MIN_STORY_ENTITIES = 2
# Words after which a place name that is also a common word is the place ("في صور", "قضاء صور").
LOCATIVES = frozenset(fold_arabic(w) for w in ("في", "إلى", "الى", "من", "قرب", "داخل", "قضاء", "ضواحي"))


def _locative(text: str, tokens: Sequence[Token], m: _Match) -> bool:
    """A place word read as a place: after a locative preposition or a place noun, or with بـ attached."""
    if text[tokens[m.first].start : m.start][-1:] == "ب":
        return True  # "بالعقبة"
    if m.first == 0 or text[tokens[m.first - 1].end : tokens[m.first].start].strip():
        return False
    prev = tokens[m.first - 1].fold
    return _strip_conj(prev) in LOCATIVES or _head(tokens[m.first - 1], PLACE_CUES) is not None


def _org_short_forms(per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]]) -> None:
    """ "المفوضية", "الوزارة", "المجلس" alone after an organisation named in full with that head
    ("المفوضية السامية …", "وزارة الصحة والسكان"): the first such organisation, the story's own
    (a later "مجلس النواب" does not make "المجلس" of a مجلس المنافسة story the parliament)."""
    named: list[tuple[int, int, str, _Match]] = []  # (paragraph, token, head, organisation)
    for p, (_, tokens, matches) in enumerate(per_paragraph):
        for m in matches:
            if m.etype != "organization" or m.last - m.first < 2 or m.method == "context":
                continue
            head = _head(tokens[m.first], ALL_ORG_HEADS)
            if head is not None:
                bare = head[0][2:] if head[0].startswith("ال") else head[0]
                named.append((p, m.first, bare, m))
    if not named:
        return
    for p, (text, tokens, matches) in enumerate(per_paragraph):
        added: list[_Match] = []
        for k, tok in enumerate(tokens):
            for variant, stripped in clitic_variants(tok.fold):
                if not variant.startswith("ال") or _covered(matches, k) is not None:
                    continue
                before = [n for n in named if n[2] == variant[2:] and (n[0], n[1]) < (p, k)]
                if not before:
                    continue
                nxt = tokens[k + 1] if k + 1 < len(tokens) else None
                if (
                    nxt is not None
                    and not text[tok.end : nxt.start].strip()
                    and nxt.fold.startswith(("ال", "لل"))
                    and nxt.fold not in STOP_WORDS  # "المؤسسة التي نشرتها": a relative, no other name
                ):
                    break  # "المفوضية الأوروبية": another name
                org = before[0][3]  # the organisation the story named first with that head
                start = tok.start + _raw_offset(tok.raw, stripped)
                added.append(
                    _Match(org.entry, org.name, org.etype, org.ident, k, k + 1, start, tok.end, "short_form")
                )
                break
        matches.extend(added)
        matches.sort(key=lambda m: m.start)


ARMY_WORD = "الجيش"


def _story_army(per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]]) -> _Match | None:
    """The one national army a bare "الجيش" can mean in this article, or None when it is not clear.

    The army the article names (الجيش اللبناني) if it names exactly one; else the army of the
    story's country: the country whose places and people outnumber all others together.
    """
    named: dict[str, _Match] = {}
    countries: dict[str, int] = {}
    for _, _, matches in per_paragraph:
        for m in matches:
            if m.entry is None:
                continue
            if m.entry.subtype == "army" or m.entry.canonical.startswith(ARMY_WORD):
                named.setdefault(m.ident, m)  # "الجيش الحر" named too: a bare الجيش is unclear
            elif m.etype in ("place", "person") and m.entry.country:
                countries[m.entry.country] = countries.get(m.entry.country, 0) + 1
    if named:
        only = next(iter(named.values()))
        return only if len(named) == 1 and only.entry is not None and only.entry.subtype == "army" else None
    if not countries:
        return None
    top = max(countries, key=lambda c: countries[c])
    if countries[top] <= sum(countries.values()) - countries[top]:
        return None
    army = next((e for e in _index().by_id.values() if e.subtype == "army" and e.country == top), None)
    if army is None:
        return None
    return _Match(army, army.canonical, army.type, army.id, 0, 0, 0, 0, "context")


def _name_bare_word(
    per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]],
    word: str,
    entry: Entry | None,
    name: str,
    etype: str,
    ident: str,
) -> None:
    """Each bare ``word`` (folded, with or without clitics) not already matched becomes a mention of
    the given entity; a word followed by a definite word is the start of another name ("الجيش الحر",
    "المملكة المتحدة") and stays as it is."""
    for text, tokens, matches in per_paragraph:
        for k, tok in enumerate(tokens):
            stripped = next((n for form, n in clitic_variants(tok.fold) if form == word), None)
            if stripped is None or _covered(matches, k) is not None:
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and not text[tok.end : nxt.start].strip() and nxt.fold.startswith("ال"):
                continue
            start = tok.start + _raw_offset(tok.raw, stripped)
            matches.append(_Match(entry, name, etype, ident, k, k + 1, start, tok.end, "context"))
        matches.sort(key=lambda m: m.start)


def _bare_army(per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]]) -> None:
    """ "الجيش" alone (قائد الجيش، للجيش) in a story with one national army is that army."""
    if not any(ARMY_WORD in text for text, _, _ in per_paragraph):
        return
    army = _story_army(per_paragraph)
    if army is None:
        return
    _name_bare_word(per_paragraph, ARMY_WORD, army.entry, army.name, army.etype, army.ident)


KINGDOM = fold_arabic("المملكة")
KINGDOMS = frozenset({"JO", "SA", "MA", "BH"})


def _bare_kingdom(per_paragraph: Sequence[tuple[str, tuple[Token, ...], list[_Match]]]) -> None:
    """ "المملكة" alone in a story of a kingdom (Jordan, Saudi Arabia, Morocco, Bahrain) is that country."""
    if not any(KINGDOM in fold_arabic(text) for text, _, _ in per_paragraph):
        return
    countries: dict[str, int] = {}
    for _, _, matches in per_paragraph:
        for m in matches:
            if m.entry is not None and m.entry.country and m.etype in ("place", "person", "organization"):
                countries[m.entry.country] = countries.get(m.entry.country, 0) + 1
    if not countries:
        return
    top = max(countries, key=lambda c: countries[c])
    if top not in KINGDOMS or countries[top] <= sum(countries.values()) - countries[top]:
        return
    country = next((e for e in _index().by_id.values() if e.subtype == "country" and e.country == top), None)
    if country is None:
        return
    _name_bare_word(per_paragraph, KINGDOM, country, country.canonical, "place", country.id)


def find_entities(
    paragraphs: Sequence[str],
    *,
    nisba_as_country: bool = False,
    day: str | None = None,
    counted: Sequence[bool] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Entities (ordered by first mention) and their mentions over the texts of one article.

    Offsets are character offsets into each paragraph as given; a leading clitic (و، ب، ل...) is
    not part of the mention. `day` is the article's ISO publication date (names valid then);
    `counted` says which paragraphs count in an entity's `mentions` (all by default): an entity
    named only in uncounted text (a related headline, a caption) is listed with 0 mentions. Short
    forms are resolved over the whole article.
    """
    per_paragraph: list[tuple[str, tuple[Token, ...], list[_Match]]] = []
    pending: list[list[_Match]] = []
    base: list[tuple[str, tuple[Token, ...], list[_Match], list[_Match], bool]] = []
    learned: dict[tuple[str, ...], str] = {}
    for text in paragraphs:
        tokens = tokenize(text)
        found, waiting = _gazetteer_matches(text, tokens, nisba_as_country, day)
        found = [m for m in found if m.entry is None or m.entry.subtype not in NOT_STORY_SUBTYPES]
        found = agency_markers(text, construct_clitic_matches(tokens, found))
        found = _namesakes(text, tokens, _first_named(text, tokens, found))
        found = _regions(text, tokens, longer_namesakes(text, tokens, found))
        arabic = has_arabic_script(text)
        base.append((text, tokens, found, waiting, arabic))
        if arabic:
            learned.update(learned_places(text, tokens, found))
            learned.update(municipality_towns(text, tokens, found))
    for text, tokens, found, waiting, arabic in base:
        found = add_learned_places(text, tokens, found, learned)
        if not arabic:
            # every pattern finder reads Arabic words: text in another script has only its gazetteer
            # names (English, French… aliases) and a dateline place
            known = sorted(found + waiting, key=lambda m: m.start)
            found_all = merge_places(
                sorted(found, key=lambda m: m.start), dateline_place(text, tokens, known)
            )
            per_paragraph.append((text, tokens, _patronyms(text, tokens, found_all)))
            pending.append(waiting)
            continue
        found_all = sorted(found + _pattern_media(text, tokens, found), key=lambda m: m.start)
        orgs = _pattern_org(text, tokens, found_all)
        orgs += national_armies(text, tokens, sorted(found_all + orgs, key=lambda m: m.start))
        orgs += town_clubs(text, tokens, sorted(found_all + orgs, key=lambda m: m.start))
        orgs += sector_directorates(text, tokens, found_all)
        orgs += nisba_companies(text, tokens, sorted(found_all + orgs, key=lambda m: m.start))
        orgs = conjoined_tails(text, tokens, tidy_orgs(text, tokens, orgs), found_all)
        # a place inside an organisation's name is part of it ("بنك الكويت المركزي", "… بالمغرب")
        found_all = [m for m in found_all if not any(o.first <= m.first and m.last <= o.last for o in orgs)]
        found_all = sorted(found_all + orgs, key=lambda m: m.start)
        found_all = sorted(found_all + _pattern_place(text, tokens, found_all), key=lambda m: m.start)
        found_all = sorted(found_all + find_listed_places(text, tokens, found_all), key=lambda m: m.start)
        known = sorted(found_all + waiting, key=lambda m: m.start)  # "قضاء صور": the gazetteer's, if accepted
        local = local_places(text, tokens, known) + dateline_place(text, tokens, known)
        found_all = merge_places(found_all, local)
        people = _pattern_person(text, tokens, found_all)
        people += _pattern_speaker_name(text, tokens, sorted(found_all + people, key=lambda m: m.start))
        people += find_shaped_people(text, tokens, sorted(found_all + people, key=lambda m: m.start))
        people += find_first_name_nisba(text, tokens, sorted(found_all + people, key=lambda m: m.start))
        people += find_role_speakers(text, tokens, sorted(found_all + people, key=lambda m: m.start))
        people += find_kunya_people(text, tokens, sorted(found_all + people, key=lambda m: m.start))
        runs = find_given_name_runs(text, tokens, sorted(found_all + people, key=lambda m: m.start))
        runs += find_role_appositions(text, tokens, sorted(found_all + people + runs, key=lambda m: m.start))
        people = merge_people(people, runs)  # a run may take a name found from its بن on
        wider = titled_full_names(text, tokens, sorted(found_all + people, key=lambda m: m.start))
        wider += amma_relatives(text, tokens, sorted(found_all + people + wider, key=lambda m: m.start))
        people = given_names_back(text, tokens, merge_people(drop_non_names(tokens, people), wider))
        people = east_asian_tails(text, tokens, people)
        found_all = [m for m in found_all if not any(w.first <= m.first and m.last <= w.last for w in wider)]
        # a town's name closing a person's name is the family name (patterns.family_place)
        found_all = [m for m in found_all if m.etype != "place" or _covered(people, m.first) is None]
        per_paragraph.append(
            (
                text,
                tokens,
                _patronyms(
                    text,
                    tokens,
                    inner_honorific_names(text, tokens, named_after_saints(text, tokens, found_all + people)),
                ),
            )
        )
        pending.append(waiting)
    _accept_pending(per_paragraph, pending)
    _short_forms(per_paragraph, _full_people(per_paragraph))
    for text, tokens, matches in per_paragraph:  # short forms and context aliases too
        matches[:] = _namesakes(text, tokens, matches)
    _org_short_forms(per_paragraph)
    club_short_forms(per_paragraph)
    place_short_forms(per_paragraph)
    _bare_army(per_paragraph)
    _bare_kingdom(per_paragraph)
    jordan = any(m.entry is not None and m.entry.country == "JO" for _, _, ms in per_paragraph for m in ms)
    mentions: list[dict[str, Any]] = []
    for p, (text, _, matches) in enumerate(per_paragraph):
        for m in matches:
            if m.ambiguous and jordan:  # عمان in an article about Jordan is Amman
                amman = _index().by_id[AMMAN_ID]
                m.entry, m.name, m.ident = amman, amman.canonical, amman.id
            mentions.append(
                {
                    "entity_id": m.ident,
                    "name": m.name,
                    "type": m.etype,
                    "paragraph": p,
                    "start": m.start,
                    "end": m.end,
                    "surface": text[m.start : m.end],
                    "method": m.method,
                }
            )
    entities: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        ent = entities.setdefault(
            mention["entity_id"],
            {"name": mention["name"], "type": mention["type"], "id": mention["entity_id"], "mentions": 0},
        )
        if counted is None or counted[mention["paragraph"]]:
            ent["mentions"] += 1
    return list(entities.values()), mentions


def entity_names(entity_id: str) -> tuple[str, ...]:
    """Canonical name and aliases of a gazetteer id (empty for pattern ids)."""
    entry = _index().by_id.get(entity_id)
    if entry is None:
        return ()
    return (entry.canonical, *entry.aliases, *entry.context_aliases)
