"""Dedupe across articles: exact, near-duplicate (MinHash LSH), reused text and re-posted stories as clusters."""

from __future__ import annotations

import csv
import datetime as dt
import logging
import multiprocessing
import os
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import duckdb
import numpy as np

from pipeline.core.text import match_key, match_words, stable_id
from pipeline.store import reuse
from pipeline.store.minhash import (
    SHINGLE,
    WordHashes,
    band_buckets,
    band_params,
    body_hash,
    minhash_template,
    signature,
)

LOGGER = logging.getLogger(__name__)

MIN_TOKENS = 8  # shorter bodies are only matched exactly
TITLE_DAYS = 7  # re-posted stories: same title within one outlet over this many days
MIN_TITLE_TOKENS = 4  # "Weather", "أخبار اليوم" are not stories
_BATCH = 2000
_PAIR_CHUNK = 100_000  # candidate pairs verified per step
_SIM_CHUNK = 20_000  # reuse candidates whose signatures are compared per step
_HOT_BUCKET = 100  # a band bucket with more members is paired by signature order, not all pairs
_HOT_WINDOW = 16  # neighbours each member of a hot bucket is paired with
_PARALLEL_FROM = 6000  # articles to sign before worker processes pay for their start-up
_MAX_SIGNERS = 4
_RELEASE_TO = "64MB"  # DuckDB's memory limit for a moment before signing workers start
_METHOD_RANK = {"exact": 0, "near": 1, "reuse": 2, "title": 3}


def tokens(text: str) -> list[str]:
    """The words of ``pipeline.core.text.match_tokens`` (uncached: bodies are seen once)."""
    return match_words(text)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:
            nxt = parent.get(x, x)
            parent[x] = root
            x = nxt
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


# signature rows (CSV-written by the caller), and the band and key rows as CSV text: ids and integers
# need no quoting, and one string crosses from a worker process far faster than a million small lists
_Signed = tuple[list[list[object]], str, str]


def _sign_batch(
    batch: Sequence[tuple[object, ...]], bands: int, rows: int, oldest: str | None, now: str
) -> _Signed:
    """Signature rows and band-bucket rows of one batch of articles (runs in a worker process too)."""
    template = minhash_template()
    word_hashes = WordHashes()
    sig_rows: list[list[object]] = []
    band_rows: list[str] = []
    key_rows: list[str] = []
    for article_id, chash, source, published_at, day, title, body in batch:
        if oldest is not None and str(day) < oldest:
            continue  # older than the window: never matched, not indexed
        aid = str(article_id)
        words, lines, quoted = reuse.split_words(str(body))
        grams = reuse.gram_hashes(words, word_hashes) if len(words) >= SHINGLE else None
        sig = signature(words, template, word_hashes, grams)
        tkey = match_key(str(title)) if title else ""
        sig_rows.append(
            [
                aid,
                chash,
                source,
                published_at,
                day,
                body_hash(words) if words else None,
                tkey if len(tkey.split()) >= MIN_TITLE_TOKENS else None,
                len(words),
                sig.tobytes().hex(),
                now,
            ]
        )
        if len(words) >= MIN_TOKENS:
            field = aid if aid.isalnum() else '"' + aid.replace('"', '""') + '"'  # ids are hex: no quoting
            band_rows.extend(
                f"{field},{b},{bucket}\n" for b, bucket in enumerate(band_buckets(sig, bands, rows))
            )
            keys = reuse.keys_from_grams(grams, lines, quoted, word_hashes) if grams is not None else []
            key_rows.extend(f"{field},{line},{key}\n" for line, key in keys)
    return sig_rows, "".join(band_rows), "".join(key_rows)


def _signers(pending: int) -> int:
    """Worker processes for signing ``pending`` articles: one per core but this one, or none.

    This process signs its share of the batches too, so a large backlog keeps every core busy with
    one process fewer (each spawned signer holds about 100 MB of imported modules).
    """
    cores = os.cpu_count() or 1
    if pending < _PARALLEL_FROM or cores < 2:
        return 0
    return max(1, min(cores - 1, _MAX_SIGNERS))


def _release_buffers(con: duckdb.DuckDBPyConnection) -> None:
    """Give back the pages DuckDB keeps cached (after a large load, most of its memory_limit).

    Lowering the limit evicts the unpinned pages and returns their memory; the limit is then put back.
    Best effort: if DuckDB cannot free enough, nothing changes.
    """
    row = con.execute("SELECT current_setting('memory_limit')").fetchone()
    if not row:
        return
    try:
        con.execute(f"SET memory_limit = '{_RELEASE_TO}'")
    except duckdb.Error as exc:
        LOGGER.info("DuckDB kept its cached pages (%s)", exc)
    finally:
        con.execute("SET memory_limit = ?", [str(row[0])])


def _index_new(
    con: duckdb.DuckDBPyConnection, run_id: str | None, bands: int, rows: int, window_days: int, now: str
) -> int:
    """Compute and store signatures and band buckets of current articles not yet indexed (or changed).

    Streams the articles in batches (never the whole backlog in memory); a large backlog (a first
    build, a rebuild) is signed by worker processes, a daily run in-process.
    """
    where = "AND a.run_id = ?" if run_id else ""
    params: list[object] = [run_id] if run_id else []
    todo = f"""
        FROM articles_current a
        LEFT JOIN dedup_signatures s USING (article_id)
        WHERE (s.article_id IS NULL OR s.content_hash IS DISTINCT FROM a.content_hash) {where}
    """
    day_sql = (
        "CAST(coalesce(CAST(a.published_at AS DATE), a.published_local_date, CAST(a.loaded_at AS DATE), "
        "current_date) AS VARCHAR)"
    )
    head = con.execute(f"SELECT count(*), max({day_sql}) {todo}", params).fetchone()
    pending = int(head[0]) if head else 0
    if not pending:
        return 0
    ref = con.execute("SELECT CAST(max(day) AS VARCHAR) FROM dedup_signatures").fetchone()
    days = [str(d) for d in (head[1] if head else None, ref[0] if ref else None) if d is not None]
    oldest = (dt.date.fromisoformat(max(days)) - dt.timedelta(days=window_days)).isoformat() if days else None
    workers = _signers(pending)
    if workers:
        _release_buffers(con)  # before worker processes start beside this one
    cur = con.execute(
        f"""
        SELECT a.article_id, a.content_hash, a.source, CAST(a.published_at AS VARCHAR), {day_sql} AS day,
               a.title, coalesce(nullif(a.body_text, ''), a.lead, '') AS body
        {todo}
        ORDER BY a.article_id
        """,
        params,
    )
    batches = iter(lambda: cur.fetchmany(_BATCH), [])
    n = 0
    with tempfile.TemporaryDirectory(prefix="newsflow-dedup-") as tmp:
        sig_path, band_path, key_path = (
            Path(tmp) / "sigs.csv",
            Path(tmp) / "bands.csv",
            Path(tmp) / "keys.csv",
        )
        with (
            sig_path.open("w", encoding="utf-8", newline="") as sig_fh,
            band_path.open("w", encoding="utf-8", newline="") as band_fh,
            key_path.open("w", encoding="utf-8", newline="") as key_fh,
        ):
            sig_out = csv.writer(sig_fh)
            for sig_rows, band_text, key_text in _signed(batches, workers, bands, rows, oldest, now):
                sig_out.writerows(sig_rows)
                band_fh.write(band_text)
                key_fh.write(key_text)
                n += len(sig_rows)
        if n:
            _load_csv(con, sig_path, band_path, key_path)
    LOGGER.info(
        "dedup index: %d of %d articles signed (%d worker processes besides this one)", n, pending, workers
    )
    return n


def _signed(
    batches: Iterator[list[tuple[object, ...]]],
    workers: int,
    bands: int,
    rows: int,
    oldest: str | None,
    now: str,
) -> Iterator[_Signed]:
    """Signed batches in input order; with ``workers``, a bounded number of batches in flight."""
    if not workers:
        for batch in batches:
            yield _sign_batch(batch, bands, rows, oldest, now)
        return
    # spawn, never fork: the parent holds DuckDB's threads and buffers
    ctx = multiprocessing.get_context("spawn")
    in_flight: deque[tuple[list[tuple[object, ...]], Future[_Signed]]] = deque()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for i, batch in enumerate(batches):
                if i % (workers + 1) == workers:  # this process's share, signed while the workers sign theirs
                    done: Future[_Signed] = Future()
                    done.set_result(_sign_batch(batch, bands, rows, oldest, now))
                    in_flight.append((batch, done))
                else:
                    in_flight.append((batch, pool.submit(_sign_batch, batch, bands, rows, oldest, now)))
                if len(in_flight) >= 2 * (workers + 1):
                    yield in_flight[0][1].result()
                    in_flight.popleft()
            while in_flight:
                yield in_flight[0][1].result()
                in_flight.popleft()
    except BrokenProcessPool as exc:  # e.g. a main module without a __main__ guard cannot spawn
        LOGGER.warning("signing worker processes failed (%s); signing in this process", exc)
        for batch, _future in in_flight:
            yield _sign_batch(batch, bands, rows, oldest, now)
        for batch in batches:
            yield _sign_batch(batch, bands, rows, oldest, now)


def _load_csv(con: duckdb.DuckDBPyConnection, sig_path: Path, band_path: Path, key_path: Path) -> None:
    """Replace the rows of the indexed articles (CSV is far faster to hand over than Python lists)."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _nf_sigs AS SELECT * FROM read_csv('{sig_path}', header = false, auto_detect = false,
            columns = {{article_id: 'VARCHAR', content_hash: 'VARCHAR', source: 'VARCHAR',
                       published_at: 'VARCHAR', day: 'VARCHAR', body_hash: 'VARCHAR', title_key: 'VARCHAR',
                       n_tokens: 'INTEGER', minhash: 'VARCHAR', updated_at: 'VARCHAR'}})
        """  # noqa: S608 - a path we created
    )
    con.execute("DELETE FROM dedup_signatures WHERE article_id IN (SELECT article_id FROM _nf_sigs)")
    con.execute("DELETE FROM dedup_bands WHERE article_id IN (SELECT article_id FROM _nf_sigs)")
    con.execute("DELETE FROM reuse_postings WHERE article_id IN (SELECT article_id FROM _nf_sigs)")
    con.execute(
        "DELETE FROM reuse_edges WHERE a IN (SELECT article_id FROM _nf_sigs) OR b IN (SELECT article_id FROM _nf_sigs)"
    )
    con.execute(
        "INSERT INTO dedup_signatures SELECT article_id, content_hash, source, CAST(published_at AS TIMESTAMPTZ), "
        "CAST(day AS DATE), body_hash, title_key, n_tokens, unhex(minhash), CAST(updated_at AS TIMESTAMPTZ) "
        "FROM _nf_sigs"
    )
    con.execute(
        f"""
        INSERT INTO dedup_bands SELECT * FROM read_csv('{band_path}', header = false, auto_detect = false,
            columns = {{article_id: 'VARCHAR', band: 'SMALLINT', bucket: 'BIGINT'}})
        """  # noqa: S608 - a path we created
    )
    con.execute(
        f"""
        INSERT INTO reuse_postings SELECT * FROM read_csv('{key_path}', header = false, auto_detect = false,
            columns = {{article_id: 'VARCHAR', line: 'INTEGER', key: 'BIGINT'}})
        """  # noqa: S608 - a path we created
    )
    con.execute("DROP TABLE _nf_sigs")


def _prune(con: duckdb.DuckDBPyConnection, window_days: int) -> None:
    row = con.execute("SELECT max(day) FROM dedup_signatures").fetchone()
    if not row or row[0] is None:
        return
    oldest = row[0] - dt.timedelta(days=window_days)
    con.execute(
        "DELETE FROM dedup_bands WHERE article_id IN (SELECT article_id FROM dedup_signatures WHERE day < ?)",
        [oldest],
    )
    con.execute("DELETE FROM dedup_signatures WHERE day < ?", [oldest])
    # articles deleted or superseded since they were indexed
    con.execute("DELETE FROM dedup_bands WHERE article_id NOT IN (SELECT article_id FROM dedup_signatures)")
    con.execute(
        "DELETE FROM reuse_postings WHERE article_id NOT IN (SELECT article_id FROM dedup_signatures)"
    )
    con.execute(
        "DELETE FROM reuse_edges WHERE a NOT IN (SELECT article_id FROM dedup_signatures) "
        "OR b NOT IN (SELECT article_id FROM dedup_signatures)"
    )


def _candidate_pairs(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor over LSH candidate pairs (a < b) of different bodies, ordered."""
    # Candidate pairs: every pair of a bucket, except in hot buckets. Templated text (one outlet's
    # phrasing, a wire story's stock sentences) can put thousands of unrelated articles into one
    # bucket, and their pairs grow with the square of the bucket. A hot bucket's members are sorted
    # by signature and each is paired with its next _HOT_WINDOW neighbours; a true near duplicate
    # shares several bands (about 5 of 20 at Jaccard 0.8), so it is nearly always found in an
    # ordinary bucket too. Pairs are verified in chunks, never all held at once.
    return con.execute(
        f"""
        WITH sized AS (
            SELECT b.article_id, b.band, b.bucket, s.body_hash,
                   count(*) OVER (PARTITION BY b.band, b.bucket) AS n
            FROM dedup_bands b JOIN dedup_signatures s USING (article_id)
        ),
        hot AS (
            SELECT h.article_id, h.band, h.bucket, h.body_hash,
                   row_number() OVER (PARTITION BY h.band, h.bucket ORDER BY s.minhash, h.article_id) AS rn
            FROM sized h JOIN dedup_signatures s USING (article_id) WHERE h.n > {_HOT_BUCKET:d}
        ),
        pairs AS (
            SELECT x.article_id AS a, y.article_id AS b
            FROM sized x JOIN sized y
              ON x.band = y.band AND x.bucket = y.bucket AND x.article_id < y.article_id
            WHERE x.n BETWEEN 2 AND {_HOT_BUCKET:d} AND x.body_hash IS DISTINCT FROM y.body_hash
            UNION ALL
            SELECT least(x.article_id, y.article_id), greatest(x.article_id, y.article_id)
            FROM hot x JOIN hot y
              ON x.band = y.band AND x.bucket = y.bucket AND y.rn > x.rn AND y.rn <= x.rn + {_HOT_WINDOW:d}
            WHERE x.body_hash IS DISTINCT FROM y.body_hash
        )
        SELECT DISTINCT a, b FROM pairs ORDER BY 1, 2
        """  # noqa: S608 - integer constants
    )


def _edges(
    con: duckdb.DuckDBPyConnection, threshold: float, sigs: dict[str, np.ndarray]
) -> Iterable[tuple[str, str, str, float]]:
    """(a, b, method, similarity) for every linked pair of the window."""
    for a, b in con.execute(
        """
        SELECT article_id, lead(article_id) OVER (PARTITION BY body_hash ORDER BY article_id)
        FROM dedup_signatures WHERE body_hash IS NOT NULL
        QUALIFY lead(article_id) OVER (PARTITION BY body_hash ORDER BY article_id) IS NOT NULL
        """
    ).fetchall():
        yield str(a), str(b), "exact", 1.0
    cur = _candidate_pairs(con)
    near: list[tuple[str, str, str, float]] = []
    while pairs := cur.fetchmany(_PAIR_CHUNK):
        left = np.stack([sigs[str(a)] for a, _ in pairs])
        right = np.stack([sigs[str(b)] for _, b in pairs])
        sims = (left == right).mean(axis=1)
        near.extend(
            (str(a), str(b), "near", float(sim))
            for (a, b), sim in zip(pairs, sims, strict=True)
            if sim >= threshold
        )
    yield from near
    for a, b in con.execute(
        f"""
        SELECT article_id, nxt FROM (
            SELECT article_id, day, source, title_key,
                   lead(article_id) OVER w AS nxt, lead(day) OVER w AS nxt_day
            FROM dedup_signatures WHERE title_key IS NOT NULL
            WINDOW w AS (PARTITION BY source, title_key ORDER BY day, article_id)
        ) WHERE nxt IS NOT NULL AND nxt_day - day <= {TITLE_DAYS:d}
        """  # noqa: S608 - an integer constant
    ).fetchall():
        yield str(a), str(b), "title", float((sigs[str(a)] == sigs[str(b)]).mean())


def _far_apart(
    sigs: dict[str, np.ndarray], pairs: Sequence[tuple[str, str]], done: list[bool], floor: float
) -> list[bool]:
    """``done``, with each pair not done whose estimated Jaccard similarity is below ``floor`` set."""
    rest = [i for i, flag in enumerate(done) if not flag]
    for start in range(0, len(rest), _SIM_CHUNK):
        chunk = rest[start : start + _SIM_CHUNK]
        left = np.stack([sigs[pairs[i][0]] for i in chunk])
        right = np.stack([sigs[pairs[i][1]] for i in chunk])
        for i, sim in zip(chunk, (left == right).mean(axis=1).tolist(), strict=True):
            done[i] = sim < floor
    return done


def _reach(uf: _UnionFind, linked: Iterable[str], pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The articles of ``pairs`` and the ``linked`` articles that would be in a cluster with one of
    them were the pairs links (``uf`` is left as it is): a superset of the members of the clusters
    a reuse link will be in."""
    if not pairs:
        return []
    probe = _UnionFind()
    probe.parent = dict(uf.parent)
    for a, b in pairs:
        probe.union(a, b)
    roots = {probe.find(a) for a, _ in pairs}
    return [x for pair in pairs for x in pair] + [aid for aid in linked if probe.find(aid) in roots]


def _aligned(members: Sequence[str], best: dict[str, str]) -> bool:
    """A cluster of two or more with a reuse link: its members are aligned with the representative."""
    return len(members) >= 2 and any(best[aid] == "reuse" for aid in members)


def _write_clusters(con: duckdb.DuckDBPyConnection, out_rows: Sequence[tuple[object, ...]]) -> int:
    """Make the rows of the clusters that touch the window ``out_rows``, writing only what changed.

    The same result as deleting every row of those clusters and inserting ``out_rows``, but a day's
    run (and a re-run, which changes nothing) rewrites a few rows instead of the whole window's.
    """
    current = con.execute(
        """
        SELECT cluster_id, article_id, similarity, is_representative, method, share_from_rep, share_of_rep
        FROM article_clusters
        WHERE cluster_id IN (SELECT c.cluster_id FROM article_clusters c JOIN dedup_signatures s USING (article_id))
        """
    ).fetchall()
    keep = set(current)
    stale = [row[:2] for row in keep.difference(out_rows)]  # gone, or changed (inserted again below)
    fresh = [row for row in out_rows if row not in keep]
    with tempfile.TemporaryDirectory(prefix="newsflow-dedup-") as tmp:
        if stale:
            path = Path(tmp) / "stale.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(stale)
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE _nf_stale AS SELECT * FROM read_csv('{path}', header = false,
                    auto_detect = false, columns = {{cluster_id: 'VARCHAR', article_id: 'VARCHAR'}})
                """  # noqa: S608 - a path we created
            )
            con.execute(
                """
                DELETE FROM article_clusters WHERE EXISTS (
                    SELECT 1 FROM _nf_stale s
                    WHERE s.cluster_id = article_clusters.cluster_id AND s.article_id = article_clusters.article_id)
                """
            )
            con.execute("DROP TABLE _nf_stale")
        if fresh:
            _insert_clusters(con, fresh, Path(tmp) / "clusters.csv")
    return len(stale) + len(fresh)


def _insert_clusters(
    con: duckdb.DuckDBPyConnection, out_rows: Sequence[tuple[object, ...]], path: Path
) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(out_rows)
    con.execute(
        f"""
        INSERT INTO article_clusters (cluster_id, article_id, similarity, is_representative, method,
                                      share_from_rep, share_of_rep)
        SELECT * FROM read_csv('{path}', header = false, auto_detect = false,
            columns = {{cluster_id: 'VARCHAR', article_id: 'VARCHAR', similarity: 'DOUBLE',
                       is_representative: 'BOOLEAN', method: 'VARCHAR', share_from_rep: 'DOUBLE',
                       share_of_rep: 'DOUBLE'}})
        """  # noqa: S608 - a path we created
    )


def update_clusters(
    con: duckdb.DuckDBPyConnection,
    run_id: str | None = None,
    *,
    window_days: int = 30,
    threshold: float = 0.8,
) -> dict[str, int]:
    """Index new articles and recompute the clusters of the last ``window_days`` days.

    Articles of ``run_id`` (all current articles not yet indexed when None) get a MinHash
    signature, LSH band buckets and one key per body paragraph stored in DuckDB; the window's
    articles are then linked by the same body hash ('exact'), by an estimated Jaccard similarity >=
    ``threshold`` ('near'), by text reuse (``pipeline.store.reuse``: a substantial share of the
    shorter body's paragraphs taken from the other, 'reuse') and by the same title within one outlet
    over 7 days ('title'). Connected groups of two or more become ``article_clusters`` rows: the
    representative is the earliest published article and the cluster id is a hash of its article_id,
    so re-running gives the same rows. In clusters with a reuse link, each member is aligned with the
    representative: the shares of text taken in each direction go to ``article_clusters`` and the
    paragraph pairs to ``reuse_links``. Rows of clusters wholly outside the window are left as they
    were.
    """
    bands, rows = band_params(threshold)
    now = dt.datetime.now(dt.UTC).isoformat()
    con.execute("BEGIN TRANSACTION")
    try:
        indexed = _index_new(con, run_id, bands, rows, window_days, now)
        _prune(con, window_days)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    # a second transaction: joins over rows written in the same transaction are much slower
    con.execute("BEGIN TRANSACTION")
    try:
        meta = {
            str(aid): (float("inf") if published_at is None else float(published_at), str(day))
            for aid, published_at, day in con.execute(
                "SELECT article_id, epoch(published_at), CAST(day AS VARCHAR) FROM dedup_signatures"
            ).fetchall()
        }
        sigs = {
            str(aid): np.frombuffer(blob, dtype=np.uint32)
            for aid, blob in con.execute("SELECT article_id, minhash FROM dedup_signatures").fetchall()
        }
        uf = _UnionFind()
        best: dict[str, str] = {}
        counts = {"exact": 0, "near": 0, "reuse": 0, "title": 0}
        bodies = reuse.Bodies(con)

        def add(a: str, b: str, method: str) -> None:
            counts[method] += 1
            uf.union(a, b)
            for x in (a, b):
                if x not in best or _METHOD_RANK[method] < _METHOD_RANK[best[x]]:
                    best[x] = method

        for a, b, method, _sim in _edges(con, threshold, sigs):
            add(a, b, method)

        def settled(pairs: Sequence[tuple[str, str]]) -> list[bool]:
            """One cluster already, or too little in common to read the texts."""
            done = [uf.find(a) == uf.find(b) for a, b in pairs]
            return _far_apart(sigs, pairs, done, reuse.MIN_SIMILARITY)

        def reach(pairs: Sequence[tuple[str, str]]) -> list[str]:
            return _reach(uf, best, pairs)

        reuse_links, verified = reuse.edges(con, now, settled, bodies, reach)
        for a, b, method, _sim in reuse_links:
            add(a, b, method)
        groups: dict[str, list[str]] = defaultdict(list)
        for aid in best:
            groups[uf.find(aid)].append(aid)
        out_rows: list[tuple[object, ...]] = []
        links: list[tuple[object, ...]] = []
        # the bodies of every cluster with a reuse link (read with the reuse candidates' unless missed)
        bodies.fetch(aid for members in groups.values() if _aligned(members, best) for aid in members)
        for members in groups.values():
            if len(members) < 2:
                continue

            def order(aid: str) -> tuple[float, str, str]:
                published_at, day = meta[aid]
                return (published_at, day, aid)

            rep = min(members, key=order)
            cluster_id = stable_id("cluster", rep)
            rep_sig = sigs[rep]
            aligned = _aligned(members, best)
            for aid in sorted(members):
                sim = 1.0 if aid == rep else float((sigs[aid] == rep_sig).mean())
                share_from = share_of = None
                if aligned and aid != rep:
                    al = reuse.align(bodies[aid], bodies[rep])
                    share_from, share_of = round(al.share_a, 4), round(al.share_b, 4)
                    links.extend((cluster_id, aid, line, rep, rep_line, c) for line, rep_line, c in al.links)
                out_rows.append((cluster_id, aid, round(sim, 4), aid == rep, best[aid], share_from, share_of))
        rows_written = _write_clusters(con, out_rows)
        n_links = reuse.replace_links(con, links)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    n_clusters = sum(1 for r in out_rows if r[3])
    result = {
        "indexed": indexed,
        "window_articles": len(meta),
        "clusters": n_clusters,
        "clustered_articles": len(out_rows),
        "exact_links": counts["exact"],
        "near_links": counts["near"],
        "reuse_links": counts["reuse"],
        "title_links": counts["title"],
        "reuse_verified": verified,
        "paragraph_links": n_links,
        "cluster_rows_written": rows_written,
    }
    LOGGER.info("clusters updated: %s", result)
    return result
