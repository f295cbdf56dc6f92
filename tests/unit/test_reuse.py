"""Text reuse across outlets: the labelled set, the alignment rules, and reuse clusters in the store."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.reuse import insert_articles
from pipeline.core.text import match_words
from pipeline.store import reuse, reusetext
from pipeline.store.clusters import update_clusters
from pipeline.store.db import migrate

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "tests" / "fixtures" / "reuse" / "pairs.jsonl"

WIRE = [
    "أعلنت وزارة الزراعة اليوم الأحد بدء موسم حصاد القمح في 14 محافظة، متوقعة إنتاج نحو 3.2 مليون طن هذا العام.",
    "وقال وزير الزراعة في مؤتمر صحفي إن المساحات المزروعة ارتفعت بنسبة 8 في المئة مقارنة بالموسم الماضي بفضل الأمطار الغزيرة.",
    "وأضاف: «سنشتري كل حبة قمح من المزارعين بالسعر المعلن، ولن نسمح للتجار باستغلالهم».",
    "وأوضح أن الوزارة جهزت 420 مركزا لاستلام المحصول، وأن المستحقات ستصرف خلال 48 ساعة من التسليم.",
    "ويعد القمح المحصول الاستراتيجي الأول في البلاد، وتستورد الحكومة سنويا ما يعادل نصف حاجتها منه.",
]
COPY = [
    "أعلنت وزارة الزراعة الأحد بدء موسم حصاد القمح في 14 محافظة، متوقعة إنتاج حوالي 3.2 مليون طن هذا العام.",
    "وقال وزير الزراعة في مؤتمر صحفي إن المساحات المزروعة ارتفعت بنسبة 8 في المئة مقارنة بالموسم الماضي بفضل الأمطار الغزيرة.",
    "وأوضح أن الوزارة جهزت 420 مركزا لاستلام المحصول، وأن المستحقات ستصرف خلال 48 ساعة من التسليم.",
    "يذكر أن أسعار الخبز في الأسواق المحلية شهدت ارتفاعا ملحوظا خلال الأشهر الأخيرة بسبب تكاليف النقل والطاقة.",
    "ويشكو مزارعون في المحافظات الجنوبية من نقص الآلات الزراعية وارتفاع أجور العمال خلال فترة الحصاد.",
]
OWN = [
    "انطلق حصاد القمح في أربع عشرة محافظة مع آمال حكومية ببلوغ 3.2 مليون طن، بعد شتاء ماطر رفع المساحات المزروعة 8 في المئة.",
    "وخصصت الوزارة 420 نقطة استلام، وتعهدت بدفع ثمن المحصول للمزارعين في غضون 48 ساعة.",
    "وأضاف: «سنشتري كل حبة قمح من المزارعين بالسعر المعلن، ولن نسمح للتجار باستغلالهم».",
    "ولا تزال البلاد تشتري من الخارج نصف ما تستهلكه من القمح كل عام.",
]
FOOTER = [
    "صوت المدينة موقع إخباري مستقل يغطي أخبار البلاد والعالم على مدار الساعة ويلتزم بالدقة والموضوعية في نقل الخبر ويرحب بملاحظات القراء.",
    "تابعوا آخر الأخبار العاجلة عبر قناتنا على تطبيق التراسل وحساباتنا على منصات التواصل الاجتماعي.",
]


def body(paras: list[str]) -> list[reuse.Paragraph]:
    return reuse.paragraphs("\n".join(paras))


def article(source: str, title: str, paras: list[str], hours: float) -> dict[str, Any]:
    when = dt.datetime(2026, 5, 3, 8, 0, tzinfo=dt.UTC) + dt.timedelta(hours=hours)
    return {"source": source, "title": title, "published": when.isoformat(), "paras": paras}


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    migrate(connection)
    yield connection
    connection.close()


def _decide(pair: dict[str, Any]) -> bool:
    """The store's decision for one pair, without the store: candidate key shared, outlet keys left
    out (repeated in 3+ articles of one outlet among the pair and its context), alignment."""
    arts = [pair["a"], pair["b"], *pair["context"]]
    holders: dict[tuple[str, int], set[int]] = defaultdict(set)
    for n, art in enumerate(arts):
        for _line, key in reuse.paragraph_keys("\n".join(art["paras"])):
            holders[(art["source"], key)].add(n)

    def side(n: int) -> list[reuse.Paragraph]:
        art = arts[n]
        keys = {
            k for (src, k), who in holders.items() if src == art["source"] and len(who) >= reuse.OUTLET_REPEAT
        }
        return reuse.paragraphs("\n".join(art["paras"]), ignore_keys=keys)

    a, b = side(0), side(1)
    if not {k for p in a for k in p.keys} & {k for q in b for k in q.keys}:
        return False
    if [p.shingles for p in a] == [q.shingles for q in b]:
        return True  # the same body: an exact copy
    return reuse.align(a, b).is_reuse


def test_labelled_set_meets_the_targets_on_both_folds() -> None:
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    assert sum(p["label"] for p in pairs) >= 60 and sum(1 - p["label"] for p in pairs) >= 60
    for fold in ("tune", "heldout"):
        chosen = [p for p in pairs if p["fold"] == fold]
        merged = {p["id"]: _decide(p) for p in chosen}
        tp = sum(1 for p in chosen if p["label"] and merged[p["id"]])
        fp = [p["id"] for p in chosen if not p["label"] and merged[p["id"]]]
        positives = sum(p["label"] for p in chosen)
        assert fp == [], fold
        assert tp / positives >= 0.95, fold
        assert tp / (tp + len(fp)) >= 0.97, fold


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet='وفالسلامعيكم«»"أإة 123ab.,', max_size=40), min_size=1, max_size=6))
def test_one_pass_over_the_body_gives_the_words_and_keys_of_each_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert reuse.split_words(text)[0] == match_words(text)
    paras = reuse.paragraphs(text)
    assert reuse.paragraph_keys(text) == [(p.line, p.keys[n]) for n in range(2) for p in paras]


def test_a_partial_copy_is_reuse_and_each_copied_paragraph_points_at_its_source() -> None:
    al = reuse.align(body(COPY), body(WIRE))
    assert al.is_reuse
    assert [(a, b) for a, b, _ in al.links] == [(0, 0), (1, 1), (2, 3)]
    assert 0.5 < al.share_a < 0.75  # two of the copy's five paragraphs are its own


def test_the_same_event_in_other_words_with_the_same_quote_is_not_reuse() -> None:
    al = reuse.align(body(OWN), body(WIRE))
    assert not al.is_reuse
    assert al.links == ()  # the quoted statement is left out; nothing else is shared


def test_a_template_with_other_numbers_is_not_reuse_and_with_the_same_numbers_is() -> None:
    bulletin = [
        "سجل سعر الدولار الأمريكي في البنوك اليوم الأحد 48.10 جنيه للشراء و48.20 جنيه للبيع مع بداية التعاملات.",
        "وبلغ سعر اليورو 52.88 جنيه للشراء، والجنيه الإسترليني 61.32 جنيه، فيما سجل الريال السعودي 12.83 جنيه.",
        "ويتابع المستوردون أسعار العملات الأجنبية يوميا لما لها من تأثير مباشر على أسعار السلع في الأسواق.",
    ]
    next_day = [
        p.replace("48.10", "48.64").replace("48.20", "48.74").replace("52.88", "53.40") for p in bulletin
    ]
    next_day = [
        p.replace("61.32", "62.18").replace("12.83", "12.97").replace("الأحد", "الإثنين") for p in next_day
    ]
    assert not reuse.align(body(next_day), body(bulletin)).is_reuse
    assert reuse.align(body(bulletin), body(bulletin)).is_reuse


def test_paragraphs_merged_or_split_by_the_copy_still_count_as_taken() -> None:
    merged = [
        "القاهرة (وكالات) - " + WIRE[0] + " " + WIRE[1],
        WIRE[2],
        WIRE[3] + " " + WIRE[4],
    ]
    for copy, wire in ((merged, WIRE), (WIRE, merged)):  # merged in the copy, or split in the copy
        al = reuse.align(body(copy), body(wire))
        assert al.is_reuse and min(al.share_a, al.share_b) > 0.8
    al = reuse.align(body(merged), body(WIRE))
    # each merged paragraph is linked to one of the wire paragraphs it was made of (the quotation alone
    # is too short to count)
    links = {a: b for a, b, _ in al.links}
    assert links.keys() == {0, 2} and links[0] in (0, 1) and links[2] in (3, 4)


def test_numbers_written_in_words_or_with_a_unit_glued_on_are_not_a_template() -> None:
    copy = [
        WIRE[0].replace("14 محافظة", "أربع عشرة محافظة"),
        WIRE[1].replace("8 في المئة", "8٪"),
        WIRE[3].replace("420 مركزا", "م420 مركزا").replace("48 ساعة", "يومين"),
        WIRE[4],
    ]
    al = reuse.align(body(copy), body(WIRE))
    assert al.is_reuse and al.share_a > 0.8
    # the same wording with other numbers in their place stays a template
    other = [
        p.replace("14", "9").replace("3.2", "2.7").replace("420", "310").replace("48", "72") for p in WIRE
    ]
    assert reuse.align(body(other), body(WIRE)).share_a < 0.3


def test_a_copy_with_half_its_sentences_reworded_is_reuse_and_shared_phrases_are_not() -> None:
    reworded = [
        WIRE[0],
        "وأوضح وزير الزراعة خلال لقاء بالصحفيين أن الأمطار الغزيرة رفعت المساحات المزروعة بنسبة 8 في المئة عن الموسم الماضي.",
        WIRE[3],
        "ويمثل القمح أهم المحاصيل الاستراتيجية للبلاد التي تشتري من الخارج نصف ما تحتاجه منه كل عام.",
    ]
    al = reuse.align(body(reworded), body(WIRE))
    assert al.is_reuse
    assert [(a, b) for a, b, _ in al.links] == [(0, 0), (2, 3)]  # only the paragraphs kept are linked
    assert not reuse.align(body(OWN), body(WIRE)).is_reuse  # the same facts in other words


def test_a_thousands_separator_is_part_of_the_number() -> None:
    (para,) = body(["About 3,500 engineers will inspect 454,000 barrels of storage and 12 units by 2026."])
    assert para.numbers == {"3500", "454000", "12", "2026"}


def test_two_bulletins_of_one_frame_with_other_times_are_not_reuse() -> None:
    def bulletin(city: str, times: tuple[str, ...]) -> list[str]:
        return [
            f"تنشر الصحيفة مواقيت الصلاة اليوم الأربعاء 14 أكتوبر في مدينة {city} وفق التقويم الرسمي المعتمد.",
            f"موعد صلاة الفجر: {times[0]} صباحا، والشروق: {times[1]} صباحا.",
            f"موعد صلاة الظهر: {times[2]} ظهرا، وصلاة العصر: {times[3]} عصرا.",
            f"موعد صلاة المغرب: {times[4]} مساء، وصلاة العشاء: {times[5]} مساء.",
            "وتختلف المواقيت بفارق دقائق بين المدن بحسب موقع كل مدينة، ويمكن للقراء متابعة مواقيت مدنهم في الموقع.",
        ]

    one = bulletin("الرياض", ("4:34", "5:51", "11:40", "3:03", "5:28", "6:58"))
    other = bulletin("جدة", ("5:05", "6:20", "12:11", "3:34", "6:01", "7:31"))
    assert not reuse.align(body(one), body(other)).is_reuse
    assert reuse.align(body(one), body(one)).is_reuse


def _cluster_rows(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[Any, ...]]:
    rows = con.execute(
        "SELECT a.source, c.method, c.is_representative, c.share_from_rep, c.share_of_rep, c.cluster_id "
        "FROM article_clusters c JOIN articles_current a USING (article_id)"
    ).fetchall()
    return {str(r[0]): tuple(r[1:]) for r in rows}


def test_a_reuse_cluster_has_shares_links_the_view_and_the_additions_query(
    con: duckdb.DuckDBPyConnection,
) -> None:
    ids = insert_articles(
        con,
        [
            article("copier", "موسم القمح ينطلق", COPY, hours=3),
            article("wire", "بدء حصاد القمح في 14 محافظة", WIRE, hours=0),
            article("own", "3.2 مليون طن من القمح", OWN, hours=1),
        ],
        run_id="r1",
    )
    result = update_clusters(con)
    assert result["reuse_links"] == 1
    rows = _cluster_rows(con)
    assert set(rows) == {"wire", "copier"}  # the report in its own words stays apart
    assert rows["wire"][:2] == ("reuse", True) and rows["wire"][2] is None
    method, is_rep, share_from, share_of, cluster = rows["copier"]
    assert (method, is_rep) == ("reuse", False)
    assert 0.5 < share_from < 0.75 and 0.5 < share_of < 0.85
    links = con.execute(
        "SELECT position, rep_article_id, rep_position FROM reuse_links WHERE article_id = ? ORDER BY position",
        [ids[0]],
    ).fetchall()
    assert links == [(0, ids[1], 0), (1, ids[1], 1), (2, ids[1], 3)]
    view = (ROOT / "sql" / "views" / "republished_stories.sql").read_text(encoding="utf-8")
    story = con.execute(
        f"SELECT cluster_id, methods, reused_copies, first_outlet FROM ({view.rstrip().rstrip(';')})"
    ).fetchall()
    assert story == [(cluster, ["reuse"], 1, "wire")]
    con.execute("SET VARIABLE source = 'copier'")
    added = con.execute(
        (ROOT / "sql" / "analytics" / "outlet_additions.sql").read_text(encoding="utf-8")
    ).fetchall()
    assert [r[-1] for r in added] == COPY[3:]


def test_the_daily_run_verifies_only_pairs_with_a_new_article(con: duckdb.DuckDBPyConnection) -> None:
    insert_articles(
        con, [article("wire", "حصاد القمح", WIRE, 0), article("copier", "القمح", COPY, 2)], run_id="d1"
    )
    first = update_clusters(con, "d1")
    assert first["reuse_verified"] == 1 and first["reuse_links"] == 1
    again = update_clusters(con)
    assert again["indexed"] == 0 and again["reuse_verified"] == 0 and again["reuse_links"] == 1
    later = [
        *COPY[:3],
        "وتراجعت أسعار الأعلاف في الأسواق بعد وصول شحنات جديدة من الذرة المستوردة عبر الموانئ.",
    ]
    insert_articles(con, [article("third", "قمح", later, 26)], run_id="d2")
    day2 = update_clusters(con, "d2")
    assert day2["indexed"] == 1 and day2["reuse_verified"] == 2  # the new article against each of the two
    assert {r[4] for r in _cluster_rows(con).values()} == {_cluster_rows(con)["wire"][4]}
    assert len(_cluster_rows(con)) == 3


def test_an_outlet_footer_shared_by_its_stories_is_not_reuse(con: duckdb.DuckDBPyConnection) -> None:
    briefs = [WIRE[:2], OWN[:2], COPY[3:], [WIRE[4], OWN[3]]]
    insert_articles(
        con, [article("city", f"خبر {i}", [*b, *FOOTER], i) for i, b in enumerate(briefs)], run_id="r"
    )
    update_clusters(con)
    assert con.execute("SELECT count(*) FROM article_clusters").fetchone() == (0,)


def test_a_story_many_outlets_ran_is_one_cluster_with_bounded_candidates(
    con: duckdb.DuckDBPyConnection,
) -> None:
    n = 140  # more than the hot-key limit: the copies are paired with their neighbours, not all pairs
    copies = [
        article(
            f"outlet{i:03d}",
            "حصاد",
            [
                *WIRE[:2],
                WIRE[3],
                f"وأفاد مراسلنا في المدينة رقم {i} بأن الحصاد يجري ببطء بسبب الحر الشديد في ساعات النهار.",
            ],
            1 + i,
        )
        for i in range(n)
    ]
    insert_articles(con, [article("wire", "حصاد القمح", WIRE, 0), *copies], run_id="r")
    result = update_clusters(con)
    assert result["clusters"] == 1 and result["clustered_articles"] == n + 1
    assert len(reuse.candidates(con, "1970-01-01T00:00:00+00:00")) <= (n + 1) * reuse.HOT_WINDOW * 4


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="«»“”„\"'ab و.\n", max_size=30))
def test_the_quote_test_finds_the_opening_quotation_marks(text: str) -> None:
    assert reuse.has_quote(text) == (not reusetext._QUOTE_CHARS.isdisjoint(text))


def _stories() -> list[dict[str, Any]]:
    """The articles of the labelled set (pairs and context), in file order."""
    arts: list[dict[str, Any]] = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        arts.extend(dict(x, lang=pair["lang"]) for x in [pair["a"], pair["b"], *pair.get("context", [])])
    return arts


def test_a_daily_run_reads_only_the_keys_of_its_pairs_and_finds_the_same_pairs(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """The candidates of a daily run (new articles and same-outlet links) are those of a join over
    every key of the window, restricted to those pairs."""
    arts = _stories()
    half = len(arts) // 2
    insert_articles(con, arts[:half], run_id="d1")
    update_clusters(con, "d1")
    insert_articles(con, arts[half:], run_id="d2")
    update_clusters(con, "d2")
    row = con.execute("SELECT CAST(max(updated_at) AS VARCHAR) FROM dedup_signatures").fetchone()
    assert row is not None
    now = str(row[0])
    fresh = {
        str(r[0])
        for r in con.execute(
            "SELECT article_id FROM dedup_signatures WHERE updated_at >= CAST(? AS TIMESTAMPTZ)", [now]
        ).fetchall()
    }
    again = {
        (str(a), str(b)) for a, b in con.execute("SELECT a, b FROM reuse_edges WHERE same_source").fetchall()
    }
    assert 0 < len(fresh) < len(arts) and again, "a daily run with new articles and same-outlet links"
    every = reuse.candidates(con, "1970-01-01T00:00:00+00:00")  # every article counts as new: all pairs
    expected = [
        (a, b, same, a in fresh or b in fresh)
        for a, b, same, _ in every
        if a in fresh or b in fresh or (a, b) in again
    ]
    daily = reuse.candidates(con, now)
    assert daily == expected
    assert len(every) > 1.5 * len(daily)  # the pairs of two old articles are not read again
    # a run without new articles: the same-outlet links only, verified again
    rerun = reuse.candidates(con, "2999-01-01T00:00:00+00:00")
    assert rerun == [(a, b, same, False) for a, b, same, _ in every if (a, b) in again]
    assert rerun and all(same for _, _, same, _ in rerun)


def test_a_run_reads_the_bodies_it_aligns_in_one_scan(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reuse candidates' bodies and those of every cluster with a reuse link are read together."""
    scans: list[int] = []

    class Counted(reuse.Bodies):
        def fetch(self, ids: Iterable[str]) -> None:
            missing = {i for i in ids if i not in self.paras}
            if missing:
                scans.append(len(missing))
            super().fetch(missing)

    monkeypatch.setattr(reuse, "Bodies", Counted)
    exact = article("mirror", "نسخة", WIRE, 1)
    insert_articles(
        con,
        [article("wire", "حصاد القمح", WIRE, 0), exact, article("copier", "القمح", COPY, 2)],
        run_id="r1",
    )
    result = update_clusters(con)
    assert result["reuse_links"] >= 1 and result["exact_links"] == 1
    assert result["clustered_articles"] == 3  # the exact copy is aligned with the others
    assert len(scans) == 1 and scans[0] == 3
    scans.clear()
    assert update_clusters(con)["clustered_articles"] == 3
    assert len(scans) == 1  # a run again: the clusters are aligned again, in one scan
