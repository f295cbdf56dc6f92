"""Report: one self-contained HTML page with inline SVG charts drawn from the analytics library."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from pipeline.store.analytics import run_query

LOGGER = logging.getLogger(__name__)

PALETTE = (
    "#2f6db3",
    "#e07b39",
    "#3a9d5d",
    "#b8443f",
    "#7d5ba6",
    "#8c6d46",
    "#d16fa5",
    "#6f6f6f",
    "#b5a81f",
    "#2aa8b8",
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _dir(value: Any) -> str:
    """` dir="rtl"` for text with Arabic letters (so cells and labels render right-to-left)."""
    return ' dir="rtl"' if value is not None and _ARABIC.search(str(value)) else ""


def hbar_chart(
    title: str, items: Sequence[tuple[str, float]], *, percent: bool = False, width: int = 640
) -> str:
    """Horizontal bar chart as inline SVG; one `rect.bar` per item."""
    if not items:
        return f'<figure class="chart empty"><figcaption>{_esc(title)}</figcaption><p>no data</p></figure>'
    row_h, label_w = 22, 220
    top = max((v for _, v in items), default=0) or 1
    scale = 1.0 if percent else top
    height = row_h * len(items) + 10
    parts = [
        f'<svg class="chart-svg" role="img" aria-label="{_esc(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(items):
        y = i * row_h + 5
        bar_w = max(0.0, (width - label_w - 70) * (value / scale)) if scale else 0.0
        shown = f"{value * 100:.1f}%" if percent else f"{value:g}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12"{_dir(label)}>'
            f"{_esc(label[:40])}</text>"
            f'<rect class="bar" x="{label_w}" y="{y}" width="{bar_w:.1f}" height="{row_h - 6}" '
            f'fill="{PALETTE[i % len(PALETTE)]}"><title>{_esc(label)}: {shown}</title></rect>'
            f'<text x="{label_w + bar_w + 4:.1f}" y="{y + 14}" font-size="11">{shown}</text>'
        )
    parts.append("</svg>")
    return f'<figure class="chart"><figcaption>{_esc(title)}</figcaption>{"".join(parts)}</figure>'


def stacked_chart(title: str, rows: Sequence[tuple[str, str, float]], *, width: int = 720) -> str:
    """Vertical stacked bars: x = day, stacks = outlet; rows are (day, outlet, value)."""
    if not rows:
        return f'<figure class="chart empty"><figcaption>{_esc(title)}</figcaption><p>no data</p></figure>'
    days = sorted({r[0] for r in rows})
    outlets = sorted({r[1] for r in rows})
    colour = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(outlets)}
    totals = {d: sum(r[2] for r in rows if r[0] == d) for d in days}
    top = max(totals.values()) or 1
    height, bottom, left = 260, 40, 40
    plot_h = height - bottom - 10
    slot = (width - left - 10) / len(days)
    bar_w = max(2.0, slot * 0.7)
    parts = [
        f'<svg class="chart-svg" role="img" aria-label="{_esc(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 10}" y2="{10 + plot_h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="16" text-anchor="end" font-size="11">{top:g}</text>',
    ]
    label_every = max(1, len(days) // 12)
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(10 + plot_h)
        for outlet in outlets:
            value = sum(r[2] for r in rows if r[0] == day and r[1] == outlet)
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colour[outlet]}"><title>{_esc(day)} {_esc(outlet)}: {value:g}</title></rect>'
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 22}" text-anchor="middle" '
                f'font-size="10">{_esc(day[5:] if len(day) == 10 else day)}</text>'
            )
    parts.append("</svg>")
    legend = "".join(
        f'<span class="key"><i style="background:{colour[o]}"></i><span{_dir(o)}>{_esc(o)}</span></span>'
        for o in outlets
    )
    return (
        f'<figure class="chart"><figcaption>{_esc(title)}</figcaption>{"".join(parts)}'
        f'<div class="legend">{legend}</div></figure>'
    )


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, css: str = "") -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td{_dir(v)}>{_esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


_CSS = """
body{font-family:system-ui,'Noto Sans Arabic','Segoe UI',Tahoma,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
figure.chart{margin:8px 0 16px}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #ddd;padding:4px 6px;text-align:start}
td[dir=rtl]{text-align:right}th{background:#f3f3f3}.legend .key{margin-inline-end:12px;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-inline-end:4px}.meta{color:#666;font-size:12px}
"""


def build_report(con: duckdb.DuckDBPyConnection, *, latest: int = 30) -> str:
    """The report page as a string (everything inline: CSS, SVG; no scripts)."""
    per_day = run_query(con, "articles_per_outlet_day")[1]
    dup_cols, dup = run_query(con, "duplicate_rates")
    _top_cols, top = run_query(con, "top_entities_day")
    fetch_rows = con.execute("SELECT outcome, count(*) FROM fetches GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    cov_cols, cov = run_query(con, "extraction_coverage")
    latest_rows = con.execute(
        "SELECT published_local_date, source, coalesce(title, left(coalesce(lead, body_text), 90)), "
        "coalesce(canonical_url, url) FROM articles_current "
        "ORDER BY published_local_date DESC NULLS LAST, published DESC NULLS LAST, article_id LIMIT ?",
        [latest],
    ).fetchall()
    totals = con.execute(
        "SELECT (SELECT count(*) FROM articles_current), (SELECT count(DISTINCT source) FROM articles_current), "
        "(SELECT count(*) FROM runs), (SELECT max(finished_at) FROM runs)"
    ).fetchone() or (0, 0, 0, None)

    sections = [
        "<h2>Articles per day and outlet</h2>",
        stacked_chart(
            "Articles per day (stacked by outlet)",
            [(str(r[1]), str(r[0]), float(r[2])) for r in per_day if r[1] is not None],
        ),
        "<h2>Duplicates</h2>",
        hbar_chart(
            "Share of blocks flagged as repeats, per outlet",
            [(str(r[0]), float(r[3] or 0)) for r in dup],
            percent=True,
        ),
        table(dup_cols, dup),
        "<h2>Top entities</h2>",
        hbar_chart(
            f"Top entities on {top[0][0] if top else '—'} (articles)",
            [(str(r[1]), float(r[5])) for r in top[:15]],
        ),
        "<h2>Fetch outcomes</h2>",
        hbar_chart("Requests and reads by outcome", [(str(r[0]), float(r[1])) for r in fetch_rows]),
        "<h2>Extraction coverage</h2>",
        hbar_chart(
            "Share of articles with a date, per outlet",
            [(str(r[0]), float(r[2] or 0)) for r in cov],
            percent=True,
        ),
        hbar_chart(
            "Share of articles with an author, per outlet",
            [(str(r[0]), float(r[3] or 0)) for r in cov],
            percent=True,
        ),
        table(cov_cols, cov),
        "<h2>Latest articles</h2>",
        table(["date", "outlet", "title", "url"], latest_rows, css="latest"),
    ]
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>newsflow report</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>newsflow report</h1>"
        f'<p class="meta">{totals[0]} current articles from {totals[1]} outlets; {totals[2]} runs, last finished '
        f"{_esc(totals[3])}; generated {now}</p>" + "".join(sections) + "</body></html>\n"
    )


def write_report(db: Path, out: Path) -> Path:
    """Open ``db`` read-only and write the report to ``out`` (atomically)."""
    from pipeline.store.db import connect

    con = connect(db, read_only=True)
    try:
        page = build_report(con)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    LOGGER.info("report written to %s (%d bytes)", out, len(page))
    return out
