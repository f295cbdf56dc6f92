"""Per-outlet extraction profiles (XPath selectors as data in profiles.toml), versioned per redesign."""

from __future__ import annotations

import functools
import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lhtml

LOGGER = logging.getLogger(__name__)

PROFILES_FILE = Path(__file__).with_name("profiles.toml")
FIELDS = (
    "match",
    "title",
    "date",
    "modified",
    "lead",
    "body",
    "captions",
    "related",
    "tags",
    "authors",
    "section",
    "drop",
    "byline",
)


class ProfileError(ValueError):
    """profiles.toml is wrong: the message names the profile and the bad key."""


@dataclass(frozen=True)
class Profile:
    """One version of an outlet's layout: each field is a tuple of XPath expressions tried in order."""

    name: str
    version: int
    match: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    modified: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()


def _xpaths(name: str, key: str, value: Any) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ProfileError(f"{name}: {key} must be an XPath string or a list of them")
    for expr in values:
        try:
            etree.XPath(expr)
        except etree.XPathSyntaxError as exc:
            raise ProfileError(f"{name}: {key}: bad XPath {expr!r}: {exc}") from exc
    return tuple(values)


def parse_profiles(data: dict[str, Any]) -> dict[str, tuple[Profile, ...]]:
    """Validated profiles from parsed TOML: {name: (newest version first, …)}."""
    out: dict[str, tuple[Profile, ...]] = {}
    for name, raw in data.items():
        versions = raw.get("versions") if isinstance(raw, dict) else None
        if not isinstance(versions, list) or not versions:
            raise ProfileError(f"{name}: needs at least one [[{name}.versions]] table")
        parsed = []
        for item in versions:
            unknown = set(item) - {*FIELDS, "version", "note"}
            if unknown:
                raise ProfileError(f"{name}: unknown keys {sorted(unknown)}")
            version = item.get("version")
            if not isinstance(version, int):
                raise ProfileError(f"{name}: every version needs an integer 'version'")
            fields = {key: _xpaths(name, key, item[key]) for key in FIELDS if key in item}
            parsed.append(Profile(name=name, version=version, **fields))
        parsed.sort(key=lambda p: -p.version)
        out[name] = tuple(parsed)
    return out


@functools.lru_cache(maxsize=4)
def load_profiles(path: Path = PROFILES_FILE) -> dict[str, tuple[Profile, ...]]:
    """All profiles of a profiles.toml file (read once per path)."""
    with open(path, "rb") as handle:
        return parse_profiles(tomllib.load(handle))


def select(root: lhtml.HtmlElement, exprs: tuple[str, ...]) -> list[Any]:
    """Results of the first expression that matches anything (elements or strings)."""
    for expr in exprs:
        try:
            found = root.xpath(expr)
        except etree.XPathError as exc:
            LOGGER.warning("XPath %r failed: %s", expr, exc)
            continue
        if isinstance(found, list) and found:
            return found
        if isinstance(found, str) and found.strip():
            return [found]
    return []


def choose_profile(root: lhtml.HtmlElement, name: str | None) -> Profile | None:
    """The newest version of a profile whose ``match`` selector finds something (or that has none)."""
    if not name:
        return None
    versions = load_profiles().get(name)
    if not versions:
        LOGGER.info("no extraction profile named %r: generic extractor used", name)
        return None
    for profile in versions:
        if not profile.match or select(root, profile.match):
            return profile
    LOGGER.info("profile %r: no version matches this page: generic extractor used", name)
    return None
