"""Outlet boilerplate learned from the loaded articles: flagged with a pointer, out of the body, reversible."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.settings import Settings, load_settings
from pipeline.core.sources import Source
from pipeline.run import driver as ingest
from pipeline.store.db import connect
from pipeline.store.search import search

pytestmark = pytest.mark.integration

PROMO = "تابعوا آخر الأخبار العاجلة عبر قناتنا على تطبيق التراسل الفوري"
# four unrelated stories of one outlet (each: date line, lead, two body paragraphs)
STORIES = [
    (
        "10-مايو-2024",
        "افتتحت البلدية حديقة عامة جديدة في الحي الشرقي تضم ملاعب للأطفال ومسارا للدراجات.",
        "وقال رئيس البلدية إن الحديقة أقيمت على أرض كانت مكبا للنفايات طوال عشرين عاما.",
        "وأضاف أن أعمال التشجير ستتواصل حتى نهاية الصيف بمشاركة متطوعين من سكان الحي.",
    ),
    (
        "11-مايو-2024",
        "بدأت وزارة التربية توزيع الكتب المدرسية على المدارس الحكومية قبل بدء العام الدراسي.",
        "وأوضح المتحدث باسم الوزارة أن المطابع أنجزت طباعة ثلاثة ملايين كتاب هذا العام.",
        "وأشار إلى أن المدارس النائية ستتسلم حصتها عبر قوافل تنطلق الأسبوع المقبل.",
    ),
    (
        "12-مايو-2024",
        "ارتفعت أسعار الخضار في الأسواق المركزية بنسبة كبيرة بسبب موجة الحر وتراجع المحاصيل.",
        "وقال تجار في سوق الجملة إن سعر الطماطم تضاعف خلال أسبوع واحد فقط.",
        "ودعت جمعية حماية المستهلك الحكومة إلى التدخل لضبط الأسعار ومراقبة المخازن.",
    ),
    (
        "13-مايو-2024",
        "أعلن الاتحاد المحلي لكرة السلة عن مواعيد البطولة الجديدة التي تنطلق مطلع الشهر المقبل.",
        "وتشارك في البطولة اثنا عشر فريقا من مختلف المحافظات للمرة الأولى منذ سنوات.",
        "وأكد رئيس الاتحاد أن المباريات ستنقل مباشرة على القناة الرياضية الرسمية.",
    ),
]


def record(i: int, *, promo: bool, outlet: str = "daily", url: str | None = None) -> dict[str, str]:
    date, lead, p1, p2 = STORIES[i]
    day = date.split("-")[0]
    return {
        "url": url or f"https://{outlet}.example/2024/05/{day}/story-{i}",
        "title": lead.split(" ", 4)[-1][:40],
        "published": f"2024-05-{day}T09:00:00+03:00",
        "text": "\n\n".join([lead, p1, p2, *([PROMO] if promo else [])]),
    }


def outlet(folder: Path, name: str, records: list[dict[str, str]]) -> Source:
    """An offline outlet reading one JSONL dump (rewritten on every call)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return Source(name=name, kind="offline", paths=(str(path),))


def rows(settings: Settings, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = connect(settings.db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def promo_rows(settings: Settings, source: str) -> list[tuple[Any, ...]]:
    return rows(
        settings,
        "SELECT a.published_local_date::VARCHAR, p.is_duplicate, p.dup_reason, p.boilerplate_key IS NOT NULL, "
        "p.body_index, position(? IN a.body_text) > 0, a.n_paragraphs "
        "FROM articles_current a JOIN paragraphs p USING (article_id, version) "
        "WHERE a.source = ? AND p.text = ? ORDER BY 1",
        [PROMO, source, PROMO],
    )


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "paragraphs": rows(
            settings,
            "SELECT article_id, version, position, role, text, body_index, is_duplicate, dup_reason, "
            "boilerplate_key FROM paragraphs ORDER BY ALL",
        ),
        "articles": rows(
            settings,
            "SELECT article_id, version, body_text, n_paragraphs, n_duplicates FROM articles ORDER BY ALL",
        ),
        "lines": rows(settings, "SELECT * FROM boilerplate_lines ORDER BY ALL"),
    }


def test_promo_line_of_one_outlet_is_flagged_with_a_pointer_and_left_out_of_the_body(
    settings: Settings, tmp_path: Path
) -> None:
    daily = outlet(tmp_path / "daily", "daily", [record(i, promo=True) for i in range(4)])
    weekly = outlet(tmp_path / "weekly", "weekly", [record(0, promo=True, outlet="weekly")])  # once there
    ingest.run(settings, sources=[daily, weekly], run_id="run-1")

    lines = rows(
        settings, "SELECT source, text, stories, articles, first_seen::VARCHAR FROM boilerplate_lines"
    )
    assert lines == [("daily", PROMO, 4, 4, "2024-05-10")]
    first = rows(
        settings,
        "SELECT a.published_local_date::VARCHAR FROM boilerplate_lines l JOIN articles_current a "
        "ON a.article_id = l.first_article_id",
    )
    assert first == [("2024-05-10",)]
    # kept (text and role), flagged, pointing at the learned line, out of body_text and the body count
    assert promo_rows(settings, "daily") == [
        (f"2024-05-1{i}", True, "outlet_boilerplate", True, None, False, 3) for i in range(4)
    ]
    assert promo_rows(settings, "weekly") == [("2024-05-10", False, None, False, 3, True, 4)]
    keys = rows(
        settings,
        "SELECT count(*) FROM paragraphs p JOIN boilerplate_lines l ON p.boilerplate_key = l.line_key",
    )
    assert keys == [(4,)]
    view = Path(__file__).resolve().parents[2] / "sql" / "views" / "repeated_boilerplate.sql"
    top = rows(settings, view.read_text(encoding="utf-8"))
    assert [(r[0], r[1], r[2]) for r in top] == [("daily", PROMO, 4)]
    # the other body paragraphs keep their index
    assert (
        rows(
            settings,
            "SELECT list(body_index ORDER BY position) FROM paragraphs p JOIN articles_current a "
            "USING (article_id, version) WHERE a.source = 'daily' AND p.role = 'paragraph' GROUP BY a.article_id",
        )
        == [([0, 1, 2, None],)] * 4
    )


def test_below_the_threshold_or_within_one_story_nothing_is_flagged(
    settings: Settings, tmp_path: Path
) -> None:
    records = [record(i, promo=i < 2) for i in range(4)]
    # a republished copy of story 0 at another URL: the same story, counts once
    records.append(record(0, promo=True, url="https://daily.example/2024/05/10/story-0-again"))
    daily = outlet(tmp_path, "daily", records)
    ingest.run(settings, sources=[daily], run_id="run-1")
    assert rows(settings, "SELECT count(DISTINCT article_id) FROM article_clusters") == [(2,)]
    assert rows(settings, "SELECT count(*) FROM boilerplate_lines") == [(0,)]
    assert [r[1] for r in promo_rows(settings, "daily")] == [False, False, False]


def test_same_flags_whatever_the_load_order_and_on_reload(tmp_path: Path) -> None:
    results = []
    parts = {"a": [record(i, promo=True) for i in (0, 1)], "b": [record(i, promo=True) for i in (2, 3)]}
    for order in (["a", "b"], ["b", "a"]):
        data = tmp_path / "".join(order)
        settings = load_settings({}, db=data / "news.duckdb", data_dir=data)
        for name in order:
            ingest.run(
                settings, sources=[outlet(tmp_path / name, "daily", parts[name])], run_id=f"run-{name}"
            )
        before = snapshot(settings)
        ingest.run(settings, sources=[outlet(tmp_path / order[0], "daily", parts[order[0]])], run_id="again")
        assert snapshot(settings) == before  # a reload changes nothing
        results.append(before)
    assert results[0] == results[1]
    assert len(results[0]["lines"]) == 1
    assert sum(1 for p in results[0]["paragraphs"] if p[7] == "outlet_boilerplate") == 4


def test_a_line_that_stops_qualifying_returns_to_the_body_and_search_follows(
    settings: Settings, tmp_path: Path
) -> None:
    def found(query: str) -> int:
        con = connect(settings.db, read_only=True)
        try:
            return len(search(con, query))
        finally:
            con.close()

    ingest.run(settings, sources=[outlet(tmp_path, "daily", [record(i, promo=i < 2) for i in range(4)])],
               run_id="run-1")  # fmt: skip
    assert found("التراسل الفوري") == 2  # two stories: body text, found by search
    unflagged = snapshot(settings)

    # the outlet edits story 2 to carry it (a new version): three stories, now boilerplate, and the
    # earlier stories are re-indexed without it
    ingest.run(settings, sources=[outlet(tmp_path, "daily", [record(i, promo=i < 3) for i in range(4)])],
               run_id="run-2")  # fmt: skip
    assert [r[1] for r in promo_rows(settings, "daily")] == [True, True, True]
    assert found("التراسل الفوري") == 0
    assert found("الحديقة") == 1

    # the outlet drops the line from story 2 again (a third version): back under the threshold, the
    # rows of stories 0 and 1 return to the body exactly as first loaded
    ingest.run(settings, sources=[outlet(tmp_path, "daily", [record(i, promo=i < 2) for i in range(4)])],
               run_id="run-3")  # fmt: skip
    assert rows(settings, "SELECT count(*) FROM boilerplate_lines") == [(0,)]
    assert found("التراسل الفوري") == 2
    now = snapshot(settings)
    assert sorted(r[1] for r in now["articles"]) == [1, 1, 1, 1, 2, 3]  # story 2: three versions
    old = {(r[0], r[1]) for r in unflagged["articles"]}
    # every article version loaded by run-1 is back to its first state
    assert [p for p in now["paragraphs"] if (p[0], p[1]) in old] == unflagged["paragraphs"]
    assert [a for a in now["articles"] if (a[0], a[1]) in old] == unflagged["articles"]
