"""Fetch outcomes: the closed set every discovered URL or input ends with (plus http_<code>)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.models import Capture, FetchRecord

# Outcomes: a closed set (plus http_<code> for any final HTTP error status).
OK = "ok"
DUPLICATE_URL = "duplicate_url"  # a variant (tracking parameters, fragment) of a URL fetched once
NOT_MODIFIED = "not_modified"
TIMEOUT = "timeout"
DEADLINE = "deadline"
TOO_LARGE = "too_large"
NOT_HTML = "not_html"
EMPTY = "empty"
TOO_MANY_REDIRECTS = "too_many_redirects"
BLOCKED_ADDRESS = "blocked_address"
BLOCKED_SCHEME = "blocked_scheme"
ROBOTS_DISALLOWED = "robots_disallowed"
DNS_ERROR = "dns_error"
CONNECTION_ERROR = "connection_error"
TLS_ERROR = "tls_error"
FEED_ERROR = "feed_error"
SITEMAP_ERROR = "sitemap_error"
OUTCOMES = frozenset(
    {
        OK,
        DUPLICATE_URL,
        NOT_MODIFIED,
        TIMEOUT,
        DEADLINE,
        TOO_LARGE,
        NOT_HTML,
        EMPTY,
        TOO_MANY_REDIRECTS,
        BLOCKED_ADDRESS,
        BLOCKED_SCHEME,
        ROBOTS_DISALLOWED,
        DNS_ERROR,
        CONNECTION_ERROR,
        TLS_ERROR,
        FEED_ERROR,
        SITEMAP_ERROR,
    }
)
# handled as asked, just nothing new to load: not failures in run summaries, `newsflow sources`
# and runs.fetch_failures (skipped_limit: over --max-articles, for local inputs too)
NOT_FAILED = frozenset({OK, NOT_MODIFIED, DUPLICATE_URL, "skipped_limit"})


def http_outcome(code: int) -> str:
    """The outcome for a final HTTP error status (``http_404``)."""
    return f"http_{code}"


def is_outcome(name: str) -> bool:
    """True for a member of the closed outcome set (http_<3 digits> included)."""
    return name in OUTCOMES or (name.startswith("http_") and name[5:].isdigit() and len(name) == 8)


@dataclass(frozen=True)
class FetchResult:
    """One request's record plus, when ``outcome == "ok"`` and the body is text, its capture."""

    record: FetchRecord
    capture: Capture | None = None
