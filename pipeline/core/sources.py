"""The sources registry: sources.toml parsed and validated into Source records."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_KNOWN_KEYS = {
    "name",
    "homepage",
    "language",
    "country",
    "timezone",
    "feeds",
    "sitemaps",
    "urls",
    "paths",
    "include",
    "exclude",
    "rate_limit",
    "enabled",
    "verified",
    "profile",
    "kind",
    "description",
}


KINDS = ("web", "offline")


class SourceConfigError(ValueError):
    """sources.toml is wrong: the message names the outlet and the bad key."""


@dataclass(frozen=True)
class Source:
    """One outlet (or offline collection) that newsflow ingests."""

    name: str
    homepage: str | None = None
    language: str | None = None
    country: str | None = None
    timezone: str = "UTC"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()  # local files or folders (offline sources), relative to sources.toml
    include: tuple[str, ...] = ()  # regular expressions a URL must match (any)
    exclude: tuple[str, ...] = ()  # regular expressions that drop a URL
    rate_limit: float = 1.0  # minimum seconds between two requests to one host
    enabled: bool = True
    verified: bool = False
    profile: str | None = None  # extraction profile name (pipeline/extract/html/profiles.toml)
    kind: str = "web"  # web | offline
    description: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def _strings(name: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceConfigError(f"source {name!r}: key {key!r} must be a list of strings")
    return tuple(value)


def _patterns(name: str, key: str, value: Any) -> tuple[str, ...]:
    """Regular expressions, each compiled now: a bad one is refused before anything is fetched."""
    patterns = _strings(name, key, value)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            raise SourceConfigError(
                f"source {name!r}: key {key!r} has an invalid regular expression {pattern!r:.80}: {exc}"
            ) from exc
    return patterns


def _urls(name: str, key: str, value: Any) -> tuple[str, ...]:
    """http(s) addresses with a host (anything else would only fail at fetch time)."""
    urls = _strings(name, key, value)
    for url in urls:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise SourceConfigError(f"source {name!r}: key {key!r} holds {url!r:.80}, not an http(s) URL")
    return urls


def _text(name: str, raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise SourceConfigError(f"source {name!r}: key {key!r} must be a string")
    return value


def parse_source(raw: Mapping[str, Any], base: Path | None = None) -> Source:
    """Validate one [[source]] table."""
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourceConfigError(f"source without a valid 'name': {dict(raw)!r:.200}")
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        raise SourceConfigError(f"source {name!r}: unknown key {unknown[0]!r}")
    tz = raw.get("timezone", "UTC")
    try:
        ZoneInfo(str(tz))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SourceConfigError(f"source {name!r}: key 'timezone' is not an IANA zone: {tz!r}") from exc
    rate = raw.get("rate_limit", 1.0)
    if not isinstance(rate, int | float) or isinstance(rate, bool) or rate < 0:
        raise SourceConfigError(f"source {name!r}: key 'rate_limit' must be a number >= 0")
    for key in ("enabled", "verified"):
        if key in raw and not isinstance(raw[key], bool):
            raise SourceConfigError(f"source {name!r}: key {key!r} must be true or false")
    kind_value = raw.get("kind")
    if kind_value is not None and kind_value not in KINDS:
        raise SourceConfigError(
            f"source {name!r}: key 'kind' must be one of {', '.join(KINDS)}, not {kind_value!r}"
        )
    homepage = _text(name, raw, "homepage")
    if homepage is not None:
        _urls(name, "homepage", homepage)
    paths = _strings(name, "paths", raw.get("paths", []))
    if base is not None:
        paths = tuple(str((base / p).resolve()) if not Path(p).is_absolute() else p for p in paths)
    kind = raw.get("kind", "offline" if paths and not raw.get("feeds") else "web")
    return Source(
        name=name,
        homepage=homepage,
        language=_text(name, raw, "language"),
        country=_text(name, raw, "country"),
        timezone=str(tz),
        feeds=_urls(name, "feeds", raw.get("feeds", [])),
        sitemaps=_urls(name, "sitemaps", raw.get("sitemaps", [])),
        urls=_urls(name, "urls", raw.get("urls", [])),
        paths=paths,
        include=_patterns(name, "include", raw.get("include", [])),
        exclude=_patterns(name, "exclude", raw.get("exclude", [])),
        rate_limit=float(rate),
        enabled=bool(raw.get("enabled", True)),
        verified=bool(raw.get("verified", False)),
        profile=_text(name, raw, "profile"),
        kind=str(kind),
        description=_text(name, raw, "description"),
    )


def load_sources(path: Path | str) -> list[Source]:
    """Read and validate a sources file ([[source]] tables)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourceConfigError(f"sources file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(f"{path}: not valid TOML: {exc}") from exc
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourceConfigError(f"{path}: expected [[source]] tables")
    sources = [parse_source(raw, base=path.parent) for raw in entries]
    seen: set[str] = set()
    for src in sources:
        if src.name in seen:
            raise SourceConfigError(f"source {src.name!r}: defined twice in {path}")
        seen.add(src.name)
    return sources


def find_source(sources: list[Source], name: str) -> Source:
    for src in sources:
        if src.name == name:
            return src
    raise SourceConfigError(f"unknown source {name!r}; known: {', '.join(s.name for s in sources)}")
