"""URL policy: canonical form of article URLs, fetchable schemes and the SSRF address guard."""

from __future__ import annotations

import ipaddress
import logging
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

LOGGER = logging.getLogger(__name__)

FETCHABLE_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that only track the click, never select the content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "yclid",
        "ref_src",
        "ref_url",
        "twclid",
        "ttclid",
        "li_fat_id",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "__twitter_impression",
    }
)
TRACKING_PREFIXES = ("utm_",)

# Cloud metadata endpoints, refused whatever the other rules say.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2")
)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_PCT = re.compile(r"%[0-9a-fA-F]{2}")


def is_fetchable_scheme(url: str) -> bool:
    """True only for http:// and https:// URLs."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in FETCHABLE_SCHEMES


def is_tracking_param(name: str) -> bool:
    lname = name.lower()
    return lname in TRACKING_PARAMS or lname.startswith(TRACKING_PREFIXES)


def _idna_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if not host or host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return quote(host, safe=".-")


def _upper_escapes(text: str) -> str:
    return _PCT.sub(lambda m: m.group(0).upper(), text)


def canonicalize(url: str) -> str:
    """Canonical form of a URL (idempotent); non-http(s) URLs are returned stripped."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in FETCHABLE_SCHEMES or not parts.netloc:
        return url
    try:
        port = parts.port
    except ValueError:
        return url
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        try:
            host = f"[{ipaddress.ip_address(host.split('%')[0]).compressed}]"
        except ValueError:
            host = f"[{host}]"
    else:
        host = _idna_host(host)
    netloc = host
    if parts.username is not None:
        auth = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{auth}@{host}"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = _upper_escapes(quote(parts.path or "/", safe=_SAFE_PATH))
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    pairs.sort()
    query = urlencode(pairs, quote_via=quote, safe="/:@!$'()*,;-._~")
    return urlunsplit((scheme, netloc, path, query, ""))


def host_key(url: str) -> str:
    """``scheme://host:port`` of a URL: the unit of robots.txt and politeness."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    return f"{scheme}://{host}:{port}"


def address_problem(address: str, *, allow_loopback: bool = False) -> str | None:
    """Why an IP address must not be fetched (None when it may be).

    Refused: loopback (unless ``allow_loopback``, which admits 127.0.0.0/8 and ::1
    only), private, link-local, multicast, reserved, unspecified, shared (CGNAT),
    cloud metadata, IPv4-mapped IPv6, 6to4, Teredo and NAT64 forms.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"not an IP address: {address!r}"
    if ip in METADATA_ADDRESSES:
        return f"cloud metadata address {ip}"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"IPv4-mapped IPv6 address {ip} (embeds {ip.ipv4_mapped})"
        if ip.sixtofour is not None:
            return f"6to4 address {ip} (embeds {ip.sixtofour})"
        if ip.teredo is not None:
            return f"Teredo address {ip} (embeds {ip.teredo[1]})"
        if any(ip in net for net in _NAT64):
            return f"NAT64 address {ip}"
        if ip.is_loopback:
            return None if allow_loopback else f"loopback address {ip}"
    elif ip.is_loopback:
        return None if allow_loopback else f"loopback address {ip}"
    if ip.is_unspecified:
        return f"unspecified address {ip}"
    if ip.is_multicast:
        return f"multicast address {ip}"
    if ip.is_link_local:
        return f"link-local address {ip}"
    if ip.is_private:
        return f"private address {ip}"
    if ip.is_reserved:
        return f"reserved address {ip}"
    if not ip.is_global:
        return f"non-global address {ip}"
    return None
