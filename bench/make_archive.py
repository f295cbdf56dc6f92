"""Synthetic WARC archives of N article pages in several outlet styles, with a known share of duplicates.

Run from the repository root::

    .venv/bin/python bench/make_archive.py --pages 10000 --out /tmp/nf-archive-10k [--seed 7]

Pages are generated one at a time and written straight to WARC files of at most
``--per-file`` records (default 500, never more than 2,000) so that ``newsflow ingest --workers N``
can split them; nothing corpus-sized is held in memory. The duplicate plan is deterministic:
page ``i`` is an exact copy of an earlier page (same body, another URL) with probability
``exact_share``, a near duplicate (one paragraph reworded, a sentence added) with probability
``near_share``, otherwise an original story. A ``manifest.json`` records the counts.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.acquire.warc import WarcWriter  # noqa: E402

LOGGER = logging.getLogger(__name__)
MAX_PER_FILE = 2000

_AR_SUBJ = (
    "وزير الخارجية",
    "المتحدث باسم الحكومة",
    "رئيس البلدية",
    "مصدر أمني",
    "المبعوث الأممي",
    "نقابة المعلمين",
)
_AR_VERB = ("أعلن", "قال", "أكد", "أوضح", "كشف", "نفى")
_AR_OBJ = (
    "خطة لإعادة تأهيل شبكة المياه في المدينة",
    "ارتفاع أسعار الوقود للمرة الثالثة هذا العام",
    "استئناف المفاوضات بين الطرفين الأسبوع المقبل",
    "افتتاح خط السكك الحديدية الجديد بين العاصمة والساحل",
    "تأجيل الانتخابات البلدية إلى موعد لاحق",
    "توقيع اتفاقية تعاون اقتصادي مع دول الجوار",
    "إغلاق المدارس بسبب موجة الحر الشديدة",
    "وصول قافلة مساعدات إنسانية إلى المناطق المتضررة",
)
_AR_TAIL = (
    "خلال مؤتمر صحفي عقده صباح اليوم",
    "في بيان نشرته وكالة الأنباء الرسمية",
    "بحسب ما نقلته وسائل إعلام محلية",
    "وسط ترقب واسع من المواطنين",
    "في ظل أزمة اقتصادية خانقة",
    "بعد اجتماع استمر أكثر من 5 ساعات",
)
_EN_SUBJ = (
    "The foreign minister",
    "A government spokesperson",
    "The city mayor",
    "A security source",
    "The UN envoy",
    "The teachers' union",
)
_EN_VERB = ("announced", "said", "confirmed", "explained", "revealed", "denied")
_EN_OBJ = (
    "a plan to rebuild the city's water network",
    "a third fuel price rise this year",
    "that talks between the two sides would resume next week",
    "the opening of a new rail line between the capital and the coast",
    "that municipal elections would be postponed",
    "an economic cooperation agreement with neighbouring states",
    "that schools would close because of the heatwave",
    "the arrival of an aid convoy in the affected areas",
)
_EN_TAIL = (
    "at a press conference on Tuesday morning",
    "in a statement carried by the state news agency",
    "according to local media reports",
    "as residents waited for details",
    "amid a deepening economic crisis",
    "after a meeting that lasted more than 5 hours",
)


@dataclass(frozen=True)
class Story:
    """The text of one synthetic article (before it is wrapped in an outlet template)."""

    story: int
    language: str
    title: str
    teaser: str
    paragraphs: tuple[str, ...]
    caption: str
    related: tuple[str, ...]
    day: int


def _sentence(rng: random.Random, language: str, serial: int) -> str:
    if language == "ar":
        return (
            f"{rng.choice(_AR_VERB)} {rng.choice(_AR_SUBJ)} {rng.choice(_AR_OBJ)} "
            f"{rng.choice(_AR_TAIL)}، مشيراً إلى أن الملف رقم {serial} ما زال قيد الدراسة."
        )
    return (
        f"{rng.choice(_EN_SUBJ)} {rng.choice(_EN_VERB)} {rng.choice(_EN_OBJ)} "
        f"{rng.choice(_EN_TAIL)}, adding that file number {serial} was still under review."
    )


def make_story(story: int, seed: int) -> Story:
    """The deterministic text of story number ``story``."""
    rng = random.Random(seed * 1_000_003 + story)
    language = "ar" if rng.random() < 0.6 else "en"
    paragraphs = tuple(
        " ".join(_sentence(rng, language, story * 100 + p * 10 + s) for s in range(rng.randint(2, 3)))
        for p in range(rng.randint(5, 9))
    )
    if language == "ar":
        title = f"{rng.choice(_AR_SUBJ)} {rng.choice(_AR_VERB)} {rng.choice(_AR_OBJ)} ({story})"
        caption = f"صورة من موقع الحدث رقم {story} (رويترز)"
        related = tuple(f"اقرأ أيضا: {rng.choice(_AR_OBJ)} {story + k}" for k in range(1, 4))
    else:
        title = f"{rng.choice(_EN_SUBJ)} {rng.choice(_EN_VERB)} {rng.choice(_EN_OBJ)} ({story})"
        caption = f"A view of the scene, picture number {story} (Reuters)"
        related = tuple(f"Read more: {rng.choice(_EN_OBJ)} {story + k}" for k in range(1, 4))
    teaser = paragraphs[0][: rng.randint(80, 160)]
    return Story(story, language, title, teaser, paragraphs, caption, related, rng.randint(1, 28))


def near_variant(story: Story, seed: int, serial: int) -> Story:
    """The same story with one paragraph reworded and one sentence added (a near duplicate)."""
    rng = random.Random(seed * 7_000_003 + serial)
    paragraphs = list(story.paragraphs)
    k = rng.randrange(len(paragraphs))
    paragraphs[k] = _sentence(rng, story.language, serial)
    paragraphs.append(_sentence(rng, story.language, serial + 1))
    return Story(
        story.story,
        story.language,
        story.title,
        story.teaser,
        tuple(paragraphs),
        story.caption,
        story.related,
        story.day,
    )


def _ar_news_site(s: Story, outlet: str, url: str) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in s.paragraphs)
    related = "".join(f'<li><a href="/news/{i}">{escape(r)}</a></li>' for i, r in enumerate(s.related))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(s.title)} | {outlet}</title><link rel="canonical" href="{url}">
<meta property="og:title" content="{escape(s.title)}">
<meta property="article:published_time" content="2024-05-{s.day:02d}T09:30:00+03:00">
</head><body><header><nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a> <a href="/economy">اقتصاد</a></nav></header>
<main><article><h1>{escape(s.title)}</h1>
<div class="teaser"><p>{escape(s.teaser)}...</p></div>
<time datetime="2024-05-{s.day:02d}T09:30:00+03:00">{s.day} مايو 2024</time>
<figure><img src="/img/{s.story}.jpg" alt=""><figcaption>{escape(s.caption)}</figcaption></figure>
<div class="article-body">{body}</div>
<aside class="related"><h3>اقرأ أيضا</h3><ul>{related}</ul></aside>
</article></main><footer><p>جميع الحقوق محفوظة {outlet} 2024</p></footer></body></html>"""


def _ar_portal(s: Story, outlet: str, url: str) -> str:
    half = len(s.paragraphs) // 2
    first = "".join(f"<p>{escape(p)}</p>" for p in s.paragraphs[:half])
    rest = "".join(f"<p>{escape(p)}</p>" for p in s.paragraphs[half:])
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(s.title)}</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": {json.dumps(s.title)},
"datePublished": "2024-05-{s.day:02d}T12:00:00+02:00", "url": "{url}"}}</script></head>
<body><div id="top-bar">{outlet} | أخبار عاجلة</div><div class="container"><div class="col-main">
<h1 class="headline">{escape(s.title)}</h1><p class="summary">{escape(s.teaser)}</p>
<div class="story">{first}<blockquote class="pull">{escape(s.paragraphs[0][:90])}</blockquote>
<div class="ad">إعلان</div>
<div class="inline-related">اقرأ/ي: <a href="/n/{s.story + 9}">{escape(s.related[0])}</a></div>{rest}
<div class="img"><img src="/i/{s.story}.jpg"><span class="caption">{escape(s.caption)}</span></div></div>
</div><div class="col-side"><h4>الأكثر قراءة</h4><ul><li>{escape(s.related[1])}</li><li>{escape(s.related[2])}</li></ul></div>
</div><div class="footer">© {outlet}</div></body></html>"""


def _en_wire(s: Story, outlet: str, url: str) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in s.paragraphs)
    related = "".join(f"<li><a href='/story/{i}'>{escape(r)}</a></li>" for i, r in enumerate(s.related))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(s.title)} - {outlet}</title>
<link rel="canonical" href="{url}"><meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="2024-05-{s.day:02d}T14:05:00Z"></head>
<body><div class="masthead">{outlet}</div><div class="share">Share on social media</div>
<article><header><h1>{escape(s.title)}</h1><p class="standfirst">{escape(s.teaser)}</p>
<p class="byline">By Staff Reporter</p></header>
<figure><img src="/p/{s.story}.jpg"><figcaption>{escape(s.caption)}</figcaption></figure>
<section class="body">{body}</section></article>
<section class="more"><h2>Related stories</h2><ul>{related}</ul></section>
<footer>Copyright {outlet}. All rights reserved. Cookie settings.</footer></body></html>"""


def _en_magazine(s: Story, outlet: str, url: str) -> str:
    parts = []
    for i, p in enumerate(s.paragraphs):
        if i == 3:
            parts.append(f"<h2>{escape(s.paragraphs[2][:40])}</h2>")
        parts.append(f"<p>{escape(p)}</p>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(s.title)}</title>
<meta property="og:title" content="{escape(s.title)}"><meta property="og:url" content="{url}">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":{json.dumps(s.title)},
"datePublished":"2024-05-{s.day:02d}T08:00:00+01:00"}}</script></head>
<body><nav>Home | World | Business | Sport</nav><div class="post"><h1>{escape(s.title)}</h1>
<div class="dek">{escape(s.teaser)}</div><div class="entry-content">{"".join(parts)}
<div class="wp-caption"><img src="/w/{s.story}.jpg"><p class="wp-caption-text">{escape(s.caption)}</p></div>
<p class="newsletter">Sign up for our newsletter</p></div>
<div class="related-posts"><h3>You may also like</h3>{"".join(f"<a href='/x/{i}'>{escape(r)}</a>" for i, r in enumerate(s.related))}</div>
</div><footer>© {outlet}</footer></body></html>"""


_STYLES = {
    "ar": ((_ar_news_site, "alkhabar.example"), (_ar_portal, "albawaba-news.example")),
    "en": ((_en_wire, "wire-daily.example"), (_en_magazine, "the-weekly.example")),
}


@dataclass(frozen=True)
class Page:
    """One generated page: its URL, HTML and what it duplicates."""

    url: str
    html: str
    kind: str  # original | exact | near
    story: int


def iter_pages(pages: int, seed: int, exact_share: float, near_share: float) -> Iterator[Page]:
    """Pages one at a time; duplicates point back to an earlier story (regenerated, not stored)."""
    rng = random.Random(seed)
    originals = 0
    for i in range(pages):
        roll = rng.random()
        if originals and roll < exact_share + near_share:
            story = make_story(rng.randrange(originals), seed)
            kind = "exact" if roll < exact_share else "near"
            if kind == "near":
                story = near_variant(story, seed, i)
        else:
            story = make_story(originals, seed)
            originals += 1
            kind = "original"
        # exact duplicates are republished by another outlet style of the same language (other URL)
        styles = _STYLES[story.language]
        render, host = styles[(story.story + (0 if kind == "original" else i)) % len(styles)]
        url = f"https://{host}/{story.language}/2024/05/{story.day:02d}/story-{story.story}-{i}"
        yield Page(url, render(story, host, url), kind, story.story)


def write_archive(
    out: Path,
    pages: int,
    *,
    seed: int = 7,
    per_file: int = 500,
    exact_share: float = 0.10,
    near_share: float = 0.10,
) -> dict[str, Any]:
    """Write ``pages`` pages into ``out/part-NNNNN.warc.gz`` files; returns (and saves) the manifest."""
    if not 1 <= per_file <= MAX_PER_FILE:
        raise ValueError(f"per_file must be within 1..{MAX_PER_FILE}")
    out.mkdir(parents=True, exist_ok=True)
    counts = {"original": 0, "exact": 0, "near": 0, "ar": 0, "en": 0}
    files: list[str] = []
    writer: WarcWriter | None = None
    try:
        for i, page in enumerate(iter_pages(pages, seed, exact_share, near_share)):
            if i % per_file == 0:
                if writer is not None:
                    writer.close()
                path = out / f"part-{i // per_file:05d}.warc.gz"
                path.unlink(missing_ok=True)
                writer = WarcWriter(path)
                files.append(path.name)
            assert writer is not None
            body = page.html.encode("utf-8")
            writer.write(
                page.url,
                [("User-Agent", "newsflow-bench"), ("Accept", "text/html")],
                "HTTP/1.1 200 OK",
                [("Content-Type", "text/html; charset=utf-8")],
                body,
            )
            counts[page.kind] += 1
            counts["ar" if "/ar/" in page.url else "en"] += 1
    finally:
        if writer is not None:
            writer.close()
    manifest: dict[str, Any] = {
        "pages": pages,
        "seed": seed,
        "per_file": per_file,
        "exact_share": exact_share,
        "near_share": near_share,
        "counts": counts,
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="output folder (WARC files + manifest.json)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--per-file", type=int, default=500, help=f"records per WARC file (<= {MAX_PER_FILE})"
    )
    parser.add_argument("--exact-share", type=float, default=0.10)
    parser.add_argument("--near-share", type=float, default=0.10)
    args = parser.parse_args(argv)
    manifest = write_archive(
        args.out,
        args.pages,
        seed=args.seed,
        per_file=args.per_file,
        exact_share=args.exact_share,
        near_share=args.near_share,
    )
    sys.stdout.write(
        json.dumps(manifest["counts"]) + f" in {len(manifest['files'])} files under {args.out}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
