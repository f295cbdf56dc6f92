"""Report: one self-contained HTML page with inline SVG charts drawn from the analytics library.

Every outlet keeps one colour in every chart (bars, stacks, legends); charts that are not about
outlets use one neutral colour. Days are drawn on a real time axis (gaps are gaps, years are
labelled). URLs are shown decoded and always left-to-right, also beside Arabic text.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import urllib.parse
from collections.abc import Mapping, Sequence
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
    "#b5a81f",
    "#2aa8b8",
    "#4d4d99",
)
NEUTRAL = "#6f7c8c"  # bars that are not outlets (entities, outcomes)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _dir(value: Any) -> str:
    """` dir="rtl"` for text with Arabic letters (so cells and labels render right-to-left)."""
    return ' dir="rtl"' if value is not None and _ARABIC.search(str(value)) else ""


def outlet_colours(outlets: Sequence[str]) -> dict[str, str]:
    """One colour per outlet, the same in every chart of a report (sorted names; hues past the palette)."""
    colours: dict[str, str] = {}
    for i, name in enumerate(sorted(set(outlets))):
        if i < len(PALETTE):
            colours[name] = PALETTE[i]
        else:  # golden-angle hues: distinct from each other and from the palette's order
            colours[name] = f"hsl({(i * 137.508) % 360:.0f}, 55%, 45%)"
    return colours


def display_url(url: Any) -> str:
    """A URL as a reader wants it: percent-escapes decoded (Arabic slugs readable), nothing else changed."""
    text = "" if url is None else str(url)
    try:
        return urllib.parse.unquote(text, errors="strict")
    except UnicodeDecodeError:  # escapes of another charset: keep them as they are
        return text


def hbar_chart(
    title: str,
    items: Sequence[tuple[str, float]],
    *,
    percent: bool = False,
    width: int = 640,
    colours: Mapping[str, str] | None = None,
) -> str:
    """Horizontal bar chart as inline SVG; one `rect.bar` per item.

    With ``colours`` the items are outlets and each bar takes its outlet's colour (``data-outlet``);
    without, every bar is the neutral colour.
    """
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
        fill = colours.get(label, NEUTRAL) if colours is not None else NEUTRAL
        data = f' data-outlet="{_esc(label)}"' if colours is not None else ""
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12"{_dir(label)}>'
            f"{_esc(label[:40])}</text>"
            f'<rect class="bar" x="{label_w}" y="{y}" width="{bar_w:.1f}" height="{row_h - 6}" '
            f'fill="{fill}"{data}><title>{_esc(label)}: {shown}</title></rect>'
            f'<text x="{label_w + bar_w + 4:.1f}" y="{y + 14}" font-size="11">{shown}</text>'
        )
    parts.append("</svg>")
    return f'<figure class="chart"><figcaption>{_esc(title)}</figcaption>{"".join(parts)}</figure>'


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def time_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str, str]]:
    """Ticks of a time axis over [start, end]: (date, label, year label or '').

    Days for short spans, months up to three years, years beyond; the year is written under the
    first tick and under every tick where the year changes.
    """
    span = (end - start).days
    ticks: list[dt.date] = []
    if span <= 62:
        step = max(1, (span + 1) // 8 or 1)
        ticks = [start + dt.timedelta(days=d) for d in range(0, span + 1, step)]
        labels = [f"{d.day} {_MONTHS[d.month - 1]}" for d in ticks]
    elif span <= 3 * 366:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        step = max(1, -(-months // 12))
        first = dt.date(start.year, start.month, 1)
        ticks = [t for t in (_add_months(first, m) for m in range(0, months + 1, step)) if t <= end]
        ticks = [t for t in ticks if t >= start] or [start]
        labels = [_MONTHS[d.month - 1] for d in ticks]
    else:
        years = end.year - start.year + 1
        step = max(1, -(-years // 10))
        ticks = [dt.date(y, 1, 1) for y in range(start.year + 1, end.year + 1, step)] or [start]
        labels = [str(d.year) for d in ticks]
    out: list[tuple[dt.date, str, str]] = []
    last_year = None
    for day, label in zip(ticks, labels, strict=True):
        year = str(day.year) if day.year != last_year and not label.isdigit() else ""
        last_year = day.year
        out.append((day, label, year))
    return out


def time_chart(
    title: str, rows: Sequence[tuple[str, str, float]], colours: Mapping[str, str], *, width: int = 760
) -> str:
    """Stacked bars on a real time axis: x = day (gaps stay gaps), stacks = outlet; rows are
    (ISO day, outlet, value). Axis ticks carry month/day labels and the years."""
    dated: list[tuple[dt.date, str, float]] = []
    for raw_day, outlet, value in rows:
        try:
            dated.append((dt.date.fromisoformat(str(raw_day)[:10]), outlet, float(value)))
        except ValueError:
            continue
    if not dated:
        return f'<figure class="chart empty"><figcaption>{_esc(title)}</figcaption><p>no data</p></figure>'
    start = min(d for d, _, _ in dated)
    end = max(d for d, _, _ in dated)
    days = (end - start).days + 1
    totals: dict[dt.date, float] = {}
    for day, _, value in dated:
        totals[day] = totals.get(day, 0.0) + value
    top = max(totals.values()) or 1
    height, bottom, left, right = 280, 52, 44, 16
    plot_h = height - bottom - 10
    plot_w = width - left - right
    slot = plot_w / days
    bar_w = max(3.0, slot * 0.8)

    def x_of(day: dt.date) -> float:
        return left + (day - start).days * slot + slot / 2

    axis_y = 10 + plot_h
    parts = [
        f'<svg class="chart-svg time-axis" role="img" aria-label="{_esc(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        f'data-start="{start.isoformat()}" data-end="{end.isoformat()}">',
        f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="#999"/>',
        f'<text x="{left - 4}" y="16" text-anchor="end" font-size="11">{top:g}</text>',
    ]
    for day, label, year in time_ticks(start, end):
        x = x_of(day) - slot / 2 if slot > 6 else x_of(day)
        parts.append(
            f'<line class="tick" x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="#999"/>'
            f'<text class="tick-label" x="{x:.1f}" y="{axis_y + 17}" text-anchor="middle" font-size="10" '
            f'data-date="{day.isoformat()}">{_esc(label)}</text>'
        )
        if year:
            parts.append(
                f'<text class="tick-year" x="{x:.1f}" y="{axis_y + 31}" text-anchor="middle" font-size="10" '
                f'font-weight="600">{year}</text>'
            )
    for day in sorted(totals):
        y = float(axis_y)
        for outlet in sorted(colours):
            value = sum(v for d, o, v in dated if d == day and o == outlet)
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            parts.append(
                f'<rect class="bar" x="{x_of(day) - bar_w / 2:.2f}" y="{y:.1f}" width="{bar_w:.2f}" '
                f'height="{h:.1f}" fill="{colours[outlet]}" data-outlet="{_esc(outlet)}" '
                f'data-date="{day.isoformat()}"><title>{day.isoformat()} {_esc(outlet)}: {value:g}</title></rect>'
            )
    parts.append("</svg>")
    legend = "".join(
        f'<span class="key"><i style="background:{colours[o]}" data-outlet="{_esc(o)}"></i>'
        f"<span{_dir(o)}>{_esc(o)}</span></span>"
        for o in sorted({o for _, o, _ in dated})
    )
    return (
        f'<figure class="chart"><figcaption>{_esc(title)}</figcaption>{"".join(parts)}'
        f'<div class="legend">{legend}</div></figure>'
    )


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    css: str = "",
    url_columns: Sequence[str] = (),
) -> str:
    """An HTML table; Arabic cells are RTL, cells of ``url_columns`` are decoded links, always LTR."""
    urls = {i for i, c in enumerate(columns) if c in url_columns}
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)

    def cell(i: int, v: Any) -> str:
        if i in urls and v:
            return f'<td class="url" dir="ltr"><a href="{_esc(v)}" dir="ltr">{_esc(display_url(v))}</a></td>'
        return f"<td{_dir(v)}>{_esc(v)}</td>"

    body = "".join("<tr>" + "".join(cell(i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


_CSS = """
body{font-family:system-ui,'Noto Sans Arabic','Segoe UI',Tahoma,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
figure.chart{margin:8px 0 16px}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #ddd;padding:4px 6px;text-align:start}
td[dir=rtl]{text-align:right}th{background:#f3f3f3}.legend .key{margin-inline-end:12px;font-size:12px}
td.url{direction:ltr;text-align:left;unicode-bidi:isolate;word-break:break-all}
td.url a{color:#1f4f8a;text-decoration:none;unicode-bidi:isolate}
.legend i{display:inline-block;width:10px;height:10px;margin-inline-end:4px}.meta{color:#666;font-size:12px}
"""

_TOP_ENTITIES = """
SELECT e.name, e.type, count(DISTINCT a.article_id) AS articles, count(*) AS mentions,
       count(DISTINCT a.source) AS outlets
FROM articles_current a
JOIN mentions m USING (article_id, version)
JOIN paragraphs p USING (article_id, version, position)
JOIN entities e USING (entity_id)
WHERE p.role IN ('paragraph', 'heading') AND NOT p.is_duplicate  -- the running text, as the library counts
GROUP BY e.entity_id, e.name, e.type
ORDER BY articles DESC, mentions DESC, e.name
LIMIT ?
"""


def build_report(con: duckdb.DuckDBPyConnection, *, latest: int = 30) -> str:
    """The report page as a string (everything inline: CSS, SVG; no scripts)."""
    per_day = run_query(con, "articles_per_outlet_day")[1]
    dup_cols, dup = run_query(con, "duplicate_rates")
    top = con.execute(_TOP_ENTITIES, [15]).fetchall()
    window = con.execute(
        "SELECT min(published_local_date), max(published_local_date) FROM articles_current"
    ).fetchone() or (None, None)
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
    outlets = [r[0] for r in con.execute("SELECT DISTINCT source FROM articles_current").fetchall()]
    colours = outlet_colours([str(o) for o in outlets if o is not None])
    span = f"{window[0]} – {window[1]}" if window[0] else "no dated articles"

    sections = [
        "<h2>Articles per day and outlet</h2>",
        time_chart(
            f"Articles per day, stacked by outlet ({span})",
            [(str(r[1]), str(r[0]), float(r[2])) for r in per_day if r[1] is not None],
            colours,
        ),
        "<h2>Duplicates</h2>",
        hbar_chart(
            "Share of blocks flagged as repeats, per outlet",
            [(str(r[0]), float(r[3] or 0)) for r in dup],
            percent=True,
            colours=colours,
        ),
        table(dup_cols, dup),
        "<h2>Top entities</h2>",
        hbar_chart(
            f"Top entities over the whole report, {span} (articles mentioning them)",
            [(str(r[0]), float(r[2])) for r in top],
        ),
        table(["entity", "type", "articles", "mentions", "outlets"], top, css="entities"),
        "<h2>Fetch outcomes</h2>",
        hbar_chart("Requests and reads by outcome", [(str(r[0]), float(r[1])) for r in fetch_rows]),
        "<h2>Extraction coverage</h2>",
        hbar_chart(
            "Share of articles with a date, per outlet",
            [(str(r[0]), float(r[2] or 0)) for r in cov],
            percent=True,
            colours=colours,
        ),
        hbar_chart(
            "Share of articles with an author, per outlet",
            [(str(r[0]), float(r[3] or 0)) for r in cov],
            percent=True,
            colours=colours,
        ),
        table(cov_cols, cov),
        "<h2>Latest articles</h2>",
        table(["date", "outlet", "title", "url"], latest_rows, css="latest", url_columns=("url",)),
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
