"""Synthetic news corpora with ground truth for cross-article dedup (exact, near, re-posted, unique)."""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.text import content_hash, stable_id

# Letters used to make pseudo-words; real function words and templates make the text look like news.
_AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_EN_LETTERS = "abcdefghijklmnoprstuvwy"
_AR_TEMPLATES = (
    "وقال {a} {b} إن {c} {d} {e} في {f} {g} خلال {h} {i}.",
    "وأعلنت {a} {b} اليوم عن {c} {d} {e} تستهدف {f} {g} في {h}.",
    "وأضاف {a} أن {b} {c} {d} بعد {e} {f} {g} {h} الماضي.",
    "وبحسب {a} {b} فإن {c} {d} {e} {f} منذ {g} {h} {i}.",
    "وأشار {a} {b} إلى أن {c} {d} ستستمر حتى {e} {f} {g}.",
)
_EN_TEMPLATES = (
    "{a} {b} said on Monday that the {c} {d} would {e} the {f} {g} by {h}.",
    "According to {a} {b}, the {c} of {d} {e} rose after the {f} {g} in {h}.",
    "The {a} {b} announced a {c} {d} to {e} {f} across the {g} {h} region.",
    "Officials in {a} {b} told reporters that {c} {d} {e} remained {f} {g}.",
    "{a} {b} added that the {c} {d} was expected to {e} {f} before {g} {h}.",
)
SOURCES_AR = ("aljazeera", "alarabiya", "youm7", "alyaum", "annahar", "hespress")
SOURCES_EN = ("reuters", "apnews", "guardian", "bbc")


@dataclass(frozen=True)
class SynthArticle:
    """One synthetic article and the story it truly belongs to."""

    article_id: str
    source: str
    url: str
    title: str
    published: dt.datetime
    language: str
    body: tuple[str, ...]
    truth: str  # story id: articles with the same truth are duplicates of each other
    kind: str  # original | exact | near | title


def _lexicon(rng: random.Random, letters: str, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 7))))
    return sorted(words)


def _paragraph(rng: random.Random, templates: Sequence[str], lexicon: Sequence[str]) -> str:
    sentences = []
    for _ in range(rng.randint(2, 3)):
        template = rng.choice(templates)
        sentences.append(template.format(**{k: rng.choice(lexicon) for k in "abcdefghi"}))
    return " ".join(sentences)


def _edit(rng: random.Random, body: Sequence[str], lexicon: Sequence[str], share: float) -> tuple[str, ...]:
    """A light edit: a share of words substituted, plus a dateline on the first paragraph."""
    out = []
    for i, para in enumerate(body):
        words = para.split()
        for j in range(len(words)):
            if rng.random() < share:
                words[j] = rng.choice(lexicon)
        text = " ".join(words)
        out.append((f"{rng.choice(lexicon)} - {text}") if i == 0 else text)
    return tuple(out)


def generate(
    n: int,
    *,
    exact: float = 0.1,
    near: float = 0.15,
    title: float = 0.02,
    arabic: float = 0.7,
    seed: int = 7,
    start: dt.date = dt.date(2024, 3, 1),
    days: int = 25,
) -> list[SynthArticle]:
    """``n`` articles: shares ``exact``/``near``/``title`` are copies of an earlier original."""
    rng = random.Random(seed)
    size = min(20000, 2000 + 10 * n)
    lex = {"ar": _lexicon(rng, _AR_LETTERS, size), "en": _lexicon(rng, _EN_LETTERS, size)}
    templates = {"ar": _AR_TEMPLATES, "en": _EN_TEMPLATES}
    sources = {"ar": SOURCES_AR, "en": SOURCES_EN}
    originals: list[SynthArticle] = []
    out: list[SynthArticle] = []
    base = dt.datetime.combine(start, dt.time(6), tzinfo=dt.UTC)
    for i in range(n):
        roll = rng.random()
        when = base + dt.timedelta(minutes=rng.randint(0, days * 24 * 60))
        kind = "original"
        if originals and roll < exact + near + title:
            kind = "exact" if roll < exact else "near" if roll < exact + near else "title"
        if kind == "original":
            lang = "ar" if rng.random() < arabic else "en"
            body = tuple(_paragraph(rng, templates[lang], lex[lang]) for _ in range(rng.randint(5, 9)))
            headline = " ".join(rng.choice(lex[lang]) for _ in range(rng.randint(6, 10)))
            src = rng.choice(sources[lang])
            art = SynthArticle(
                stable_id("synth", str(seed), str(i)),
                src,
                f"https://{src}.example/{seed}/{i}",
                headline,
                when,
                lang,
                body,
                f"story-{i}",
                kind,
            )
            originals.append(art)
            out.append(art)
            continue
        orig = rng.choice(originals)
        lang = orig.language
        later = orig.published + dt.timedelta(hours=rng.randint(1, 72))
        if kind == "exact":
            src, headline, body = rng.choice(sources[lang]), orig.title, orig.body
        elif kind == "near":
            src = rng.choice(sources[lang])
            headline = " ".join(rng.choice(lex[lang]) for _ in range(7)) if rng.random() < 0.5 else orig.title
            body = _edit(rng, orig.body, lex[lang], 0.008)
        else:  # the same outlet re-posts the story under the same headline with a rewritten body
            src, headline = orig.source, orig.title
            body = tuple(_paragraph(rng, templates[lang], lex[lang]) for _ in range(rng.randint(3, 6)))
            later = orig.published + dt.timedelta(hours=rng.randint(1, 5 * 24))
        out.append(
            SynthArticle(
                stable_id("synth", str(seed), str(i)),
                src,
                f"https://{src}.example/{seed}/{i}",
                headline,
                later,
                lang,
                body,
                orig.truth,
                kind,
            )
        )
    return out


def load(con: duckdb.DuckDBPyConnection, articles: Sequence[SynthArticle], run_id: str = "synth") -> None:
    """Insert the articles as version 1 rows of ``articles`` (the schema must be migrated)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in articles:
                row = {
                    "article_id": a.article_id,
                    "content_hash": content_hash([a.title, *a.body]),
                    "source": a.source,
                    "url": a.url,
                    "title": a.title,
                    "published_at": a.published.isoformat(),
                    "published_local_date": a.published.date().isoformat(),
                    "language": a.language,
                    "body_text": "\n".join(a.body),
                    "n_paragraphs": len(a.body),
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        con.execute(
            f"""
            INSERT INTO articles (article_id, version, content_hash, source, url, canonical_url, language,
                                  title, published, published_at, published_local_date, body_text,
                                  n_paragraphs, n_duplicates, run_id, loaded_at)
            SELECT article_id, 1, content_hash, source, url, url, language, title, published_at,
                   CAST(published_at AS TIMESTAMPTZ), CAST(published_local_date AS DATE), body_text,
                   n_paragraphs, 0, ?, current_timestamp
            FROM read_json('{path}', format = 'newline_delimited', columns = {{
                article_id: 'VARCHAR', content_hash: 'VARCHAR', source: 'VARCHAR', url: 'VARCHAR',
                title: 'VARCHAR', published_at: 'VARCHAR', published_local_date: 'VARCHAR',
                language: 'VARCHAR', body_text: 'VARCHAR', n_paragraphs: 'INTEGER'}})
            """,
            [run_id],
        )


def _pairs(groups: Mapping[str, str]) -> Counter[str]:
    return Counter(groups.values())


def pair_scores(predicted: Mapping[str, str], truth: Mapping[str, str]) -> tuple[float, float]:
    """Pairwise (precision, recall) of a clustering: ids map to a cluster (singletons may be absent)."""
    ids = list(truth)
    pred = {i: predicted.get(i, f"single:{i}") for i in ids}

    def n_pairs(counter: Counter[str] | Counter[tuple[str, str]]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = n_pairs(Counter((pred[i], truth[i]) for i in ids))
    p_pairs = n_pairs(_pairs(pred))
    t_pairs = n_pairs(_pairs(truth))
    precision = both / p_pairs if p_pairs else 1.0
    recall = both / t_pairs if t_pairs else 1.0
    return precision, recall


def predicted_clusters(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """article_id -> cluster_id from ``article_clusters``."""
    return {
        str(a): str(c)
        for c, a in con.execute("SELECT cluster_id, article_id FROM article_clusters").fetchall()
    }
