"""Speakers named by reference: an honorific pronoun ("سموه", "معاليه") or a bare title ("الوزير").

Agency copy names the ruler or minister once and then quotes "سموه"/"معاليه"; a report names the
minister and then goes on "وأضاف الوزير". Both are that person: the honorific the last person named
before the statement, the bare title the last person quoted who was introduced with that title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.core.text import fold_arabic
from pipeline.fields.rolespeakers import role_person

HONORIFICS = frozenset(
    fold_arabic(w)
    for w in (
        "سموه",
        "سموها",
        "معاليه",
        "معاليها",
        "سعادته",
        "سعادتها",
        "جلالته",
        "فخامته",
        "دولته",
        "سماحته",
        "سيادته",
        "سيادتها",
        "حضرته",
    )
)
# Titles that, bare, refer back to the person introduced with them.
BARE_TITLES = frozenset(
    fold_arabic(w)
    for w in (
        "الوزير",
        "الوزيرة",
        "الرئيس",
        "الرئيسة",
        "السفير",
        "السفيرة",
        "المتحدث",
        "المتحدثة",
        "المسؤول",
        "المسؤولة",
        "المدير",
        "المديرة",
        "النائب",
        "النائبة",
        "المحافظ",
        "الخبير",
        "الخبيرة",
        "الباحث",
        "الباحثة",
        "الوالي",
        "المدرب",
        "العميد",
    )
)
# Unnamed sources referred back to with the article ("المصادر" after "مصادر قضائية").
SOURCE_WORDS = frozenset(fold_arabic(w) for w in ("المصادر", "المصدر", "المسؤول", "المسؤولون", "الشهود"))
TITLE_WINDOW = 80  # characters around a person's mention where their title is written


# The titles an honorific pronoun refers back to ("سموه" to a "سمو الشيخ …", "معاليه" to a minister).
HONORIFIC_TITLES: dict[str, tuple[str, ...]] = {
    fold_arabic(k): tuple(fold_arabic(t) for t in v)
    for k, v in {
        "سموه": ("سمو", "الشيخ", "الأمير", "ولي العهد"),
        "سموها": ("سمو", "الشيخة", "الأميرة"),
        "معاليه": ("معالي", "وزير", "الوزير"),
        "معاليها": ("معالي", "وزيرة", "الوزيرة"),
        "فخامته": ("فخامة", "الرئيس"),
        "جلالته": ("جلالة", "الملك"),
        "سيادته": ("سيادة", "الرئيس"),
        "سعادته": ("سعادة", "السفير"),
        "سماحته": ("سماحة", "الشيخ", "السيد"),
    }.items()
}
TITLE_BEFORE = 40  # characters before a mention where its title is written


def _title_before(paragraphs: Sequence[str], m: dict[str, Any], titles: tuple[str, ...]) -> bool:
    text = paragraphs[m["paragraph"]]
    window = fold_arabic(text[max(0, m["start"] - TITLE_BEFORE) : m["start"]])
    return any(t in window for t in titles)


def _person_mentions(mentions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in mentions if m.get("type") == "person" and m.get("paragraph") is not None]


def _titled(paragraphs: Sequence[str], mentions: Sequence[dict[str, Any]], entity_id: str, stem: str) -> bool:
    """The person was written with the title somewhere ("وزير التجهيز والماء نزار بركة", "بركة، وزير …")."""
    for m in mentions:
        if m.get("entity_id") != entity_id:
            continue
        text = paragraphs[m["paragraph"]]
        window = fold_arabic(text[max(0, m["start"] - TITLE_WINDOW) : m["end"] + TITLE_WINDOW])
        if stem in window:
            return True
    return False


def resolve_speakers(
    paragraphs: Sequence[str], quotes: list[dict[str, Any]], mentions: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The quotes with honorific and bare-title speakers resolved to the person meant."""
    people = _person_mentions(mentions)
    out: list[dict[str, Any]] = []
    for n, q in enumerate(quotes):
        speaker = fold_arabic(q["speaker"]).strip()
        if q.get("entity_id") is None and speaker in HONORIFICS:
            at = paragraphs[q["paragraph"]].find(q["text"])
            before = [
                m
                for m in people
                if (m["paragraph"], m["start"]) < (q["paragraph"], at if at >= 0 else 1 << 30)
            ]
            titled = [m for m in before if _title_before(paragraphs, m, HONORIFIC_TITLES.get(speaker, ()))]
            if titled or before:
                last = (titled or before)[-1]  # "سموه": the last Highness named, not a minister after him
                q = {
                    **q,
                    "speaker": str(last["name"]),
                    "entity_id": last["entity_id"],
                    "speaker_key": last["entity_id"],
                }
        elif q.get("entity_id") is None and speaker in SOURCE_WORDS:
            head = speaker[2:]  # "المصادر" after "مصادر قضائية": the same unnamed source
            earlier_source = next(
                (
                    p
                    for p in reversed(out[:n])
                    if fold_arabic(p["speaker"]).split()[0] == head and not p.get("entity_id")
                ),
                None,
            )
            if earlier_source is not None:
                q = {**q, "speaker": earlier_source["speaker"], "speaker_key": earlier_source["speaker_key"]}
        elif q.get("entity_id") is None and _bare_title(speaker):
            stem = speaker.split()[0][2:]
            earlier = [
                p
                for p in reversed(out[:n])
                if p.get("entity_id") and any(m["entity_id"] == p["entity_id"] for m in people)
            ]
            chosen = next(
                (p for p in earlier if _titled(paragraphs, people, str(p["entity_id"]), stem)), None
            )
            if chosen is not None:
                q = {
                    **q,
                    "speaker": chosen["speaker"],
                    "entity_id": chosen["entity_id"],
                    "affiliation_id": chosen.get("affiliation_id"),
                    "speaker_key": chosen["speaker_key"],
                }
            else:  # "أشرف الوزير الأول، نذير العرباوي، …" then "وأوضح الوزير الأول أن": named, not quoted yet
                named = _titled_before_quote(paragraphs, people, q, speaker)
                if named is not None:
                    q = {**q, "entity_id": named["entity_id"], "speaker_key": named["entity_id"]}
        elif not any(m["entity_id"] == q.get("entity_id") for m in people):
            # "وأشار وكيل الوزارة", "وأضافت مديرة المدرسة": the person named earlier with that role
            held = role_person(paragraphs, people, q, mentions)
            if held is not None:
                affiliation = q.get("affiliation_id") or q.get("entity_id")
                q = {**q, "speaker": str(held["name"]), "entity_id": held["entity_id"]}
                q["speaker_key"], q["affiliation_id"] = held["entity_id"], affiliation
        out.append(q)
    return out


def _bare_title(speaker: str) -> bool:
    """ "الوزير", "الوزير الأول", "المتحدث الرسمي": a title alone, perhaps with its adjective."""
    words = speaker.split()
    return (
        bool(words)
        and words[0] in BARE_TITLES
        and all(w.startswith("ال") for w in words[1:2])
        and len(words) <= 2
    )


def _titled_before_quote(
    paragraphs: Sequence[str], people: Sequence[dict[str, Any]], q: dict[str, Any], speaker: str
) -> dict[str, Any] | None:
    """The last person named before the quote with the speaker's title right before or after them."""
    at = paragraphs[q["paragraph"]].find(q["text"])
    before = [
        m for m in people if (m["paragraph"], m["start"]) < (q["paragraph"], at if at >= 0 else 1 << 30)
    ]
    stem = speaker[2:] if len(speaker.split()) == 1 else ""
    for m in reversed(before):
        text = paragraphs[m["paragraph"]]
        window = fold_arabic(text[max(0, m["start"] - TITLE_BEFORE) : m["end"] + TITLE_BEFORE])
        if speaker in window:
            return dict(m)
        if stem and re.search(rf"(?:^|\s)و?{stem}(?=\s)", window):
            return dict(m)  # "والي اترارزة، السيد X" then "وقال الوالي": the title in construct
    return None
