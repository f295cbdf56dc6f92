"""Development and validation folds of every extraction corpus, split by site (one rule for all benches).

The rule: a page's *site key* is its outlet — the host of the page's site without a leading
``www.``/``m.``/``amp.`` (English set: the ``site`` field, else the page URL), the outlet folder name
for the Arabic set, ``seed`` for the seed article. A site is in the **validation** fold when the
first 8 hex digits of ``sha1("newsflow-fold-v4:" + key)`` read as an integer are divisible by
``VALIDATION_EVERY`` (3: about one site in three); otherwise it is in the **development** fold.
The salt's version (v4) was fixed once, on fold sizes only, before any score was compared: it is the
first of v1, v2, ... putting 2 or 3 of the 7 Arabic outlets in validation (v1-v3 put only one there).
It gives: Arabic validation = bbc_arabic, cnn_arabic, lbci_lb (dev: akhbarelyom_eg, almadenahnews_jo,
assabah_tn, youm7); english-naeb 70 of 210 sites (142 of 424 records) in validation; the seed in dev.
Changing the salt or the rule re-opens every tuned number: don't.

So the same outlet is never on both sides, the split does not depend on the order or number of pages,
and a new page of a known outlet lands in that outlet's fold. Tune and train only on ``dev``; the
project's numbers are the ``validation`` ones (docs/extraction.md).

``python bench/folds.py`` prints the folds of the corpora beside the checkout.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from urllib.parse import urlsplit

# Time zones of the Arabic corpus outlets (as in sources.toml; the profile name is the folder name).
ARABIC_TZ = {
    "youm7": "Africa/Cairo",
    "akhbarelyom_eg": "Africa/Cairo",
    "bbc_arabic": "Europe/London",
    "cnn_arabic": "Asia/Dubai",
    "almadenahnews_jo": "Asia/Amman",
    "assabah_tn": "Africa/Tunis",
    "lbci_lb": "Asia/Beirut",
}

DEV = "dev"
VALIDATION = "validation"
FOLDS = (DEV, VALIDATION)
VALIDATION_EVERY = 3
SALT = "newsflow-fold-v4:"
_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def site_key(site: str) -> str:
    """The outlet key of a site name, host or URL: lower-case host without www./m./amp. and port."""
    site = site.strip().lower()
    if "://" in site or site.startswith("//"):
        host = urlsplit(site if "://" in site else "http:" + site).hostname or ""
    else:
        host = site.split("/", 1)[0].split(":", 1)[0]
    for prefix in _PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return host or site


def fold_of(site: str) -> str:
    """``dev`` or ``validation`` for a site (outlet folder name, host or URL)."""
    key = site_key(site)
    digest = hashlib.sha1((SALT + key).encode("utf-8")).hexdigest()
    return VALIDATION if int(digest[:8], 16) % VALIDATION_EVERY == 0 else DEV


def main() -> int:
    import json

    corpus = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    )
    arabic = (
        sorted(p.name for p in (corpus / "arabic").iterdir() if p.is_dir())
        if (corpus / "arabic").is_dir()
        else []
    )
    for fold in FOLDS:
        print(f"arabic {fold}: {[o for o in arabic if fold_of(o) == fold]}")
    naeb = corpus / "english-naeb" / "news_articles.json"
    if naeb.exists():
        records = json.loads(naeb.read_text(encoding="utf-8"))
        for fold in FOLDS:
            sites = {site_key(r.get("site") or r.get("link") or "") for r in records}
            mine = [s for s in sites if fold_of(s) == fold]
            pages = sum(1 for r in records if fold_of(r.get("site") or r.get("link") or "") == fold)
            print(f"english-naeb {fold}: {len(mine)} sites, {pages} pages")
    print(f"seed: {fold_of('seed')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
