"""URL canonical form, fetchable schemes and the SSRF address policy."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.acquire.urls import address_problem, canonicalize, host_key, is_fetchable_scheme

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM:80/a?b=2&a=1#frag", "http://example.com/a?a=1&b=2"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        (
            "https://example.com/n?utm_source=tw&utm_campaign=x&id=7&fbclid=abc&gclid=1&_ga=2&mc_cid=3",
            "https://example.com/n?id=7",
        ),
        (
            "https://example.com/n?igshid=1&yclid=2&msclkid=3&dclid=4&ref_src=5&mc_eid=6",
            "https://example.com/n",
        ),
        ("https://example.com/p?q=", "https://example.com/p?q="),
        ("https://EXAMPLE.com./p", "https://example.com/p"),
        ("https://مثال.إختبار/خبر", "https://xn--mgbh0fb.xn--kgbechtv/%D8%AE%D8%A8%D8%B1"),
        ("https://example.com/%d8%ae%d8%a8%d8%b1", "https://example.com/%D8%AE%D8%A8%D8%B1"),
        ("https://example.com/خبر", "https://example.com/%D8%AE%D8%A8%D8%B1"),
        ("http://[::1]:80/x", "http://[::1]/x"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonicalize(raw: str, expected: str) -> None:
    assert canonicalize(raw) == expected


def test_tracking_variants_collapse_to_one_url() -> None:
    variants = [
        "https://news.example/a/1",
        "https://news.example/a/1#top",
        "https://news.example/a/1?utm_source=facebook&utm_medium=social",
        "https://NEWS.example:443/a/1?fbclid=IwAR0",
        "https://news.example/a/1?gclid=xyz#x",
    ]
    assert len({canonicalize(v) for v in variants}) == 1


def test_non_http_urls_are_returned_stripped() -> None:
    assert canonicalize(" file:///etc/passwd ") == "file:///etc/passwd"
    assert canonicalize("data:text/html,<b>x</b>") == "data:text/html,<b>x</b>"


@given(
    st.builds(
        lambda host, path, q: f"https://{host}.example/{path}?{q}",
        st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True),
        st.text(alphabet="abcخبر/%-_.~ ", max_size=20),
        st.text(alphabet="ab=&utm_x1%+", max_size=20),
    )
)
def test_canonicalize_is_idempotent(url: str) -> None:
    once = canonicalize(url)
    assert canonicalize(once) == once


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://a.example/", True),
        ("HTTPS://a.example/", True),
        ("file:///etc/passwd", False),
        ("ftp://a.example/x", False),
        ("data:text/html,hi", False),
        ("javascript:alert(1)", False),
        ("gopher://a.example/", False),
        ("//a.example/x", False),
        ("", False),
    ],
)
def test_is_fetchable_scheme(url: str, ok: bool) -> None:
    assert is_fetchable_scheme(url) is ok


def test_host_key_uses_default_ports() -> None:
    assert host_key("https://A.example/x") == "https://a.example:443"
    assert host_key("http://a.example:8080/x") == "http://a.example:8080"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "100.100.100.200",
        "100.64.0.1",
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "ff02::1",
        "240.0.0.1",
        "255.255.255.255",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:8.8.8.8",
        "2002:7f00:1::1",
        "2002:0a00:0001::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "64:ff9b:1::1",
    ],
)
def test_blocked_addresses(address: str) -> None:
    assert address_problem(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


def test_allow_loopback_admits_only_loopback() -> None:
    assert address_problem("127.0.0.1", allow_loopback=True) is None
    assert address_problem("127.0.0.10", allow_loopback=True) is None
    assert address_problem("::1", allow_loopback=True) is None
    for other in (
        "10.0.0.1",
        "169.254.169.254",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "192.168.0.1",
        "fd00:ec2::254",
    ):
        assert address_problem(other, allow_loopback=True) is not None, other


def test_metadata_reason_is_named() -> None:
    assert "metadata" in (address_problem("169.254.169.254") or "")
    assert "IPv4-mapped" in (address_problem("::ffff:127.0.0.1") or "")
    assert "6to4" in (address_problem("2002:a00:1::1") or "")
