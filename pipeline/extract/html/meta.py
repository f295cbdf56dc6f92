"""Page metadata: title, canonical URL, dates reconciled in the outlet's time zone, authors, tags."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import ipaddress
import json
import logging
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import html as lhtml

from pipeline.core.text import clean_display
from pipeline.extract.html.datelines import (
    _revision_element,
    date_near_headline,
    dateline,
    first_date_line,
    published_line,
    visible_date,
)
from pipeline.extract.html.datetext import Stamp, parse_stamp, url_date

LOGGER = logging.getLogger(__name__)

PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "dcterms.created",
    "dcterms.issued",
    "dc.date.issued",
    "dc.date.created",
    "dc.date",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "dc:date",
    "article:published",
    "article:published_date",
    "article:post_date",
    "article_date_original",
    "date_published",
    "datecreated",
    "dateposted",
    "publication_date",
    "published-date",
    "citation_publication_date",
    "citation_date",
    "dc.date.publication",
    "og:pubdate",
    "bt:pubdate",
    "rbpubdate",
)
_GENERIC_KEYS = ("date", "dc.date", "dc:date", "pubdate")
MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "article.updated",
)


def clean_title(text: str | None) -> str | None:
    """Displayed title text: entities decoded twice when double-encoded, controls removed."""
    if not text:
        return None
    text = clean_display(text)
    if re.search(r"&(?:[a-z]+|#\d+);", text):
        text = clean_display(html.unescape(text))
    return text or None


def meta_values(root: lhtml.HtmlElement) -> dict[str, list[str]]:
    """All <meta> values keyed by lower-cased name/property/itemprop/http-equiv."""
    out: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        value = el.get("content")
        if key and value and value.strip():
            out.setdefault(key.strip().lower(), []).append(value.strip())
    return out


def json_ld(root: lhtml.HtmlElement) -> list[dict[str, Any]]:
    """JSON-LD objects of the page (graphs flattened); broken blocks are skipped."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except ValueError:
            LOGGER.debug("unparseable JSON-LD block skipped")
            continue
        stack: list[Any] = [data]
        while stack and len(objects) < 200:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return objects


_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "webpage", "report"}


def _ld_articles(objects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for obj in objects:
        kinds = obj.get("@type")
        names = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in names):
            yield obj


_DATED_SUFFIXES = ("article", "posting", "webpage", "report", "episode")


def _ld_dated(objects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """JSON-LD objects whose dates are the page's, articles first: every kind of article
    (OpinionNewsArticle, LiveBlogPosting, ScholarlyArticle ...), then web pages and episodes; never an
    image's, event's or product's."""
    ranked: list[tuple[int, int, dict[str, Any]]] = []
    for position, obj in enumerate(objects):
        kinds = obj.get("@type")
        names = [k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)]
        if any(k.endswith(("article", "posting")) for k in names):
            ranked.append((0, position, obj))
        elif any(k.endswith(_DATED_SUFFIXES) for k in names):
            ranked.append((1, position, obj))
    for _, _, obj in sorted(ranked, key=lambda r: (r[0], r[1])):
        yield obj


def canonical_url(root: lhtml.HtmlElement, metas: dict[str, list[str]], base: str | None) -> str | None:
    """rel=canonical, else og:url unless it points at a bare IP address."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return _absolute(link.get("href", ""), base)
    for value in metas.get("og:url", []):
        host = urlsplit(value).hostname or ""
        try:
            ipaddress.ip_address(host)
            continue
        except ValueError:
            return _absolute(value, base)
    return None


def _absolute(href: str, base: str | None) -> str:
    href = href.strip()
    return urljoin(base, href) if base else href


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        LOGGER.warning("unknown time zone %r ignored", name)
        return None


_LD_DATE = {key: re.compile(rf'"{key}"\s*:\s*"([^"]{{8,40}})"') for key in ("datePublished", "dateModified")}


def _ld_text_dates(root: lhtml.HtmlElement, key: str) -> list[str]:
    """``"datePublished": "…"`` values read straight from the text of JSON-LD blocks that json_ld
    could not parse."""
    found: list[str] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            text = script.text
            try:
                json.loads(text.strip().rstrip(";"))
                continue  # a readable block: already read (or not an article's)
            except ValueError:
                found.extend(_LD_DATE[key].findall(text))
    return found


def machine_dates(
    root: lhtml.HtmlElement, metas: dict[str, list[str]], ld: list[dict[str, Any]]
) -> tuple[list[str], list[str]]:
    """Raw published and modified strings from JSON-LD, meta tags, itemprop and <time>, best first."""
    published: list[str] = []
    modified: list[str] = []
    for obj in _ld_dated(ld):
        for key, bucket in (
            ("datePublished", published),
            ("dateCreated", published),
            ("dateModified", modified),
        ):
            value = obj.get(key)
            if isinstance(value, str):
                bucket.append(value)
    if not published:  # a JSON-LD block json cannot read (a raw line break in a string): its dates
        published.extend(_ld_text_dates(root, "datePublished"))
        modified.extend(_ld_text_dates(root, "dateModified") if not modified else [])
    for key in PUBLISHED_KEYS:
        if key not in _GENERIC_KEYS:
            published.extend(metas.get(key, []))
    for key in MODIFIED_KEYS:
        modified.extend(metas.get(key, []))
    # attribute axes first: far cheaper in libxml2 than testing every element's attributes
    for el in root.xpath("//@itemprop/..|//@property/.."):
        if not isinstance(el.tag, str) or el.tag == "meta":
            continue
        prop = (el.get("itemprop") or el.get("property") or "").lower()
        value = el.get("content") or el.get("datetime")
        if prop in {"datepublished", "dc:date", "dcterms:created"} and value:
            published.append(value)
        elif prop == "datemodified" and value:
            modified.append(value)
    for key in _GENERIC_KEYS:  # "date", "dc.date": any date of the page, after the named ones
        published.extend(metas.get(key, []))
    for el in root.iter("time"):
        value = el.get("datetime")
        if value:  # a <time class="updated"> is the revision's, not the publication's
            (modified if _revision_element(el) else published).append(value)
    return published, modified


def _to_iso(naive: dt.datetime, tz: dt.tzinfo | None) -> str:
    if tz is None:
        return naive.isoformat()
    if isinstance(tz, ZoneInfo):
        return naive.replace(tzinfo=tz).isoformat()
    return naive.replace(tzinfo=tz).isoformat()


def _aware_to_zone(stamp: Stamp, zone: ZoneInfo | None) -> dt.datetime | None:
    naive = stamp.naive()
    if naive is None or stamp.tz is None:
        return None
    aware = naive.replace(tzinfo=stamp.tz)
    return aware.astimezone(zone) if zone else aware


_COMPACT = re.compile(r"^\s*((?:19|20)\d\d)(\d\d)(\d\d)(?:T?(\d\d)(\d\d)(\d\d)?(Z)?)?\s*$")
_EPOCH = re.compile(r"^\s*(1\d{9})(\d{3})?\s*$")  # seconds (or milliseconds) since 1970: 2001-2286


def _machine_stamp(value: str) -> Stamp | None:
    """A machine value as parse_stamp reads it, else a compact ``20200428[T152000Z]`` or a Unix time."""
    stamp = parse_stamp(value)
    if stamp is not None:
        return stamp
    compact = _COMPACT.match(value)
    if compact:
        try:
            day = dt.date(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
            if compact.group(4) is None:
                return Stamp(day)
            clock = dt.time(int(compact.group(4)), int(compact.group(5)), int(compact.group(6) or 0))
        except ValueError:
            return None
        return Stamp(day, clock, dt.UTC if compact.group(7) else None)
    epoch = _EPOCH.match(value)
    if epoch:
        instant = dt.datetime.fromtimestamp(int(epoch.group(1)), dt.UTC)
        return Stamp(instant.date(), instant.time().replace(microsecond=0), dt.UTC)
    return None


def _first(values: list[str]) -> Stamp | None:
    for value in values:
        stamp = _machine_stamp(value)
        if stamp is not None:
            return stamp
    return None


def _local_twin(stamp: Stamp, values: list[str]) -> Stamp:
    """Without a known zone, a UTC value's twin in the publisher's local time (same instant) is preferred."""
    naive = stamp.naive()
    if naive is None or stamp.tz is None or naive.replace(tzinfo=stamp.tz).utcoffset() != dt.timedelta(0):
        return stamp
    instant = naive.replace(tzinfo=stamp.tz)
    for value in values[1:20]:
        other = parse_stamp(value)
        other_naive = other.naive() if other is not None else None
        if other is None or other_naive is None or other_naive == naive:
            continue
        if other.tz is not None:
            if other_naive.replace(tzinfo=other.tz) == instant:
                return other
        else:
            shift = other_naive - naive
            whole_hours = shift.total_seconds() % 1800 == 0
            if whole_hours and abs(shift) <= dt.timedelta(hours=14):
                return Stamp(other.date, other.time, dt.timezone(shift))
    return stamp


def _shown_offset(shown: Stamp, meta_pub: Stamp | None) -> dt.tzinfo | None:
    """The offset of a displayed wall-clock time, from the meta value of the same instant (zone unknown)."""
    shown_naive = shown.naive()
    meta_naive = meta_pub.naive() if meta_pub is not None else None
    if meta_pub is None or meta_pub.tz is None or shown_naive is None or meta_naive is None:
        return None
    if shown_naive == meta_naive:
        return meta_pub.tz
    utc = meta_naive.replace(tzinfo=meta_pub.tz).astimezone(dt.UTC).replace(tzinfo=None)
    shift = shown_naive.replace(second=0) - utc.replace(second=0, microsecond=0)  # pages show minutes
    if abs(shift) <= dt.timedelta(hours=14) and shift.total_seconds() % 900 == 0:
        return dt.timezone(shift)
    return None


def _placeholder(stamp: Stamp) -> bool:
    return stamp.time is not None and stamp.time == dt.time(0, 0, 0)


def _resolve(stamp: Stamp, zone: ZoneInfo | None, fake_utc: bool) -> tuple[str, str]:
    """(ISO value, local date) for one stamp; date-only stamps give a bare date."""
    if stamp.time is None or _placeholder(stamp):
        day = stamp.date.isoformat()
        return day, day
    naive = stamp.naive()
    assert naive is not None
    if stamp.tz is not None and not fake_utc:
        aware = naive.replace(tzinfo=stamp.tz)
        local = aware.astimezone(zone) if zone else aware
        return local.isoformat(), local.date().isoformat()
    tz: dt.tzinfo | None = zone or stamp.tz
    return _to_iso(naive, tz), naive.date().isoformat()


def reconcile_dates(  # the six inputs are the evidence, named at every call site
    machine_published: list[str],
    machine_modified: list[str],
    shown_published: str | None,
    shown_modified: str | None,
    url: str | None,
    timezone: str | None,
) -> tuple[str | None, str | None, str | None]:
    """(published, published_local_date, modified): what the page displays wins over its meta data."""
    zone = _zone(timezone)
    meta_pub = _first(machine_published)
    if zone is None and meta_pub is not None:
        meta_pub = _local_twin(meta_pub, machine_published)
    meta_mod = _first(machine_modified)
    shown = parse_stamp(shown_published)
    shown_mod = parse_stamp(shown_modified)
    day_in_url = url_date(url)
    if shown is not None and shown.alt is not None:
        # 11/8/2023: the reading the page's own data or URL agrees with
        others = {meta_pub.date} if meta_pub is not None and meta_pub.alt is None else set()
        others |= {day_in_url} if day_in_url else set()
        if shown.alt in others and shown.date not in others:
            shown = dataclasses.replace(shown, date=shown.alt, alt=None)
    fake_utc = False
    if shown and shown.naive() and meta_pub and meta_pub.naive() and meta_pub.tz is not None and zone:
        local = _aware_to_zone(meta_pub, zone)
        if (
            meta_pub.naive() == shown.naive()
            and local is not None
            and local.replace(tzinfo=None) != shown.naive()
        ):
            fake_utc = True  # the outlet stamps its local wall-clock time with 'Z' / +00:00
    published: str | None = None
    local_date: str | None = None
    if shown is not None and shown.time is not None:
        tz = zone or shown.tz or _shown_offset(shown, meta_pub)
        naive = shown.naive()
        assert naive is not None
        published, local_date = _to_iso(naive, tz), naive.date().isoformat()
    elif shown is not None:
        published, local_date = shown.date.isoformat(), shown.date.isoformat()
        if meta_pub is not None and meta_pub.time is not None and not _placeholder(meta_pub):
            iso, day = _resolve(meta_pub, zone, fake_utc)
            if day == local_date:
                published = iso
    elif meta_pub is not None:
        published, local_date = _resolve(meta_pub, zone, fake_utc)
    if day_in_url is not None and shown is None and local_date != day_in_url.isoformat():
        # a full date in the URL path beats meta data that disagrees with it (or is missing)
        published = local_date = day_in_url.isoformat()
    modified: str | None = None
    if shown_mod is not None:
        modified = _resolve(shown_mod, zone, False)[0] if shown_mod.tz else _resolve(shown_mod, zone, True)[0]
    elif meta_mod is not None:
        modified = _resolve(meta_mod, zone, fake_utc)[0]
    if modified and published and len(modified) > 10 and len(published) > 10:
        try:
            if dt.datetime.fromisoformat(modified) < dt.datetime.fromisoformat(published):
                LOGGER.debug("modified %s earlier than published %s: dropped", modified, published)
                modified = None
        except (TypeError, ValueError):
            modified = None
    return published, local_date, modified


def page_dates(
    root: lhtml.HtmlElement,
    metas: dict[str, list[str]],
    ld: list[dict[str, Any]],
    scope: lhtml.HtmlElement | None,
    shown: tuple[str | None, str | None],
    url: str | None,
    timezone: str | None,
    html_text: str | None = None,
) -> tuple[str | None, str | None, str | None]:
    """(published, published_local_date, modified) of a page from all its evidence, best first.

    A profile's date line, else the date line by the headline (or a "Published on" line), is what
    readers see and wins; then the page's structured data (JSON-LD, meta, itemprop, <time>) and a full
    date in the URL path (the page's own, else its canonical URL's: a feed redirect has none),
    reconciled by :func:`reconcile_dates`; then a class-marked visible date line; and only when the
    page gave none of these, htmldate's extensive search (its text heuristics cover what is left).
    """
    shown_pub, shown_mod = shown
    published_raw, modified_raw = machine_dates(root, metas, ld)
    if url_date(url) is None:
        canonical = _dated_canonical(root, metas)
        if canonical is not None:
            url = canonical
    if shown_pub is None:
        shown_pub = date_near_headline(root) or published_line(scope if scope is not None else root)
        shown_pub = _line_checked(shown_pub, published_raw, modified_raw, url)
    weak = False
    if not published_raw and shown_pub is None:
        found = (dateline(scope) or visible_date(scope)) if scope is not None else None
        if found is None:
            body_el = root.find("body")
            found = visible_date(body_el) if body_el is not None else None
            weak = found is not None and url_date(url) is None  # anywhere on the page: a sidebar's, a clock's
        published_raw = [found] if found else []
    published, local_date, modified = reconcile_dates(
        published_raw, modified_raw, shown_pub, shown_mod, url, timezone
    )
    if shown_pub is None and local_date and timezone is None:
        local_date = _shown_day(scope, published_raw, local_date)
    if weak and html_text:
        found_day = fallback_date(html_text, url)
        if found_day is not None:
            return found_day, found_day, modified
    if local_date is None and html_text and not _impossible(published_raw):
        # (a page whose own publication date is impossible, "2024-02-31", gets none: no guess)
        found_day = fallback_date(html_text, url)
        if found_day is None:  # htmldate found nothing either: the first date line of the text
            line = first_date_line(scope) or first_date_line(root.find("body"))
            stamp = parse_stamp(line)
            found_day = stamp.date.isoformat() if stamp is not None else None
        if found_day is not None:
            published = local_date = found_day
    return published, local_date, modified


def _dated_canonical(root: lhtml.HtmlElement, metas: dict[str, list[str]]) -> str | None:
    """The page's canonical URL (rel=canonical, else og:url) when its path holds a date."""
    for link in root.iter("link"):
        href = link.get("href")
        if "canonical" in (link.get("rel") or "").lower().split() and href and url_date(href):
            return str(href)
    return next((value for value in metas.get("og:url", []) if url_date(value)), None)


def _line_checked(
    line: str | None, published_raw: list[str], modified_raw: list[str], url: str | None
) -> str | None:
    """The headline's date line, unless the page's own data shows it is not the publication's: the URL
    and the data agree on another day, or the line is later than every date of the page's data, its
    revision included (an event's date, not a publication's)."""
    stamp = parse_stamp(line)
    if stamp is None:
        return line
    meta_pub, meta_mod, in_url = _first(published_raw), _first(modified_raw), url_date(url)
    if meta_pub is not None and in_url is not None and meta_pub.date == in_url != stamp.date:
        return None
    if meta_pub is None or meta_pub.date == stamp.date:
        return line
    latest = max(meta_pub.date, meta_mod.date if meta_mod is not None else meta_pub.date)
    if meta_mod is not None and stamp.date > latest + dt.timedelta(days=1):
        return None
    return line


def _shown_day(scope: lhtml.HtmlElement | None, published_raw: list[str], day: str) -> str:
    """The day a class-marked date line of the article shows, for a page whose data gives only a UTC
    time and whose zone is unknown: the readers' day, when it is one off the UTC day (the same instant).
    Only the article's own region is read: a sidebar's date of yesterday is not this story's."""
    meta_pub = _first(published_raw)
    if meta_pub is None or meta_pub.time is None or meta_pub.tz is None or _placeholder(meta_pub):
        return day
    naive = meta_pub.naive()
    if naive is None or naive.replace(tzinfo=meta_pub.tz).utcoffset() != dt.timedelta(0):
        return day
    line = visible_date(scope) if scope is not None else None
    stamp = parse_stamp(line)
    if stamp is None or stamp.alt is not None:
        return day
    if abs((stamp.date - meta_pub.date).days) == 1:
        return stamp.date.isoformat()
    return day


_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def _impossible(values: list[str]) -> bool:
    """A machine-readable date that names no real day ("2024-02-31")."""
    for value in values:
        match = _ISO_DAY.match(value)
        if match:
            try:
                dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return True
    return False


def fallback_date(html_text: str, url: str | None) -> str | None:
    """htmldate's publication date for a page without evidence of our own: its fast mode (markup), then
    its extensive search (text patterns) when the fast one finds nothing."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        found = find_date(html_text, url=url, original_date=True, extensive_search=False) or find_date(
            html_text, url=url, original_date=True, extensive_search=True
        )
    except (ValueError, TypeError) as exc:  # a page htmldate cannot read: no date rather than a crash
        LOGGER.debug("htmldate failed: %s", exc)
        return None
    return str(found)[:10] if found else None


def ld_article_body(ld: list[dict[str, Any]]) -> str:
    """The longest articleBody text of the page's JSON-LD article objects ('' when there is none)."""
    bodies = [obj["articleBody"] for obj in _ld_articles(ld) if isinstance(obj.get("articleBody"), str)]
    return max(bodies, key=len).strip() if bodies else ""
