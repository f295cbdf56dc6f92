"""The `newsflow` command line: ingest, extract, sql, search, report, export, sources, summary."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.core.settings import Settings, load_settings

LOGGER = logging.getLogger("newsflow")


def _date(value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date: {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "db", None):
        overrides["db"] = Path(args.db)
        if "NEWSFLOW_DATA_DIR" not in os.environ:
            overrides["data_dir"] = Path(args.db).parent  # staging and WARC files beside the database
    if getattr(args, "sources", None):
        overrides["sources_file"] = Path(args.sources)
    return load_settings(**overrides)


def _print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: Any = None) -> None:
    out = out or sys.stdout
    cells = [[("NULL" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = min(max(widths[i], len(v)), 80)
    line = " | ".join(c.ljust(widths[i]) for i, c in enumerate(columns))
    out.write(line + "\n" + "-+-".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(" | ".join(v[:80].ljust(widths[i]) for i, v in enumerate(row)) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _read_only(settings: Settings, command: str) -> Any:
    """A read-only connection, or None after telling the user why (no database yet, a load holds it)."""
    from pipeline.store.db import DatabaseLockedError, connect

    try:
        return connect(settings.db, read_only=True)
    except (FileNotFoundError, DatabaseLockedError) as exc:
        print(f"newsflow {command}: {exc}", file=sys.stderr)
        return None


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.core.sources import load_sources
    from pipeline.run import driver as ingest

    settings = _settings(args)
    sources = load_sources(settings.sources_file) if (not args.inputs or args.source) else []
    if settings.max_articles_per_source == 0 and args.max_articles:
        settings = settings.replace(max_articles_per_source=args.max_articles)
    if args.workers:
        settings = settings.replace(processes=args.workers)

    def progress(msg: str) -> None:
        if not args.quiet:
            sys.stderr.write(f"  + {msg}\n")

    summary = ingest.run(
        settings,
        sources=sources,
        inputs=args.inputs,
        source_names=args.source or (),
        since=args.since,
        until=args.until,
        run_id=args.run_id,
        dry_run=args.dry_run,
        progress=progress,
    )
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        print(f"run {summary['run_id']}: {summary['staged_articles']} articles extracted")
        for name, n in sorted(summary["outcomes"].items()):
            print(f"  {name:>20}: {n}")
        for part in summary["parts"]:
            for failure in part["failures"]:
                print(f"  failed: {failure}")
        if "load" in summary:
            load = summary["load"]
            print(
                f"loaded into {settings.db}: {load['articles_new']} new, {load['articles_new_version']} new "
                f"versions, {load['articles_unchanged']} unchanged; {load['paragraphs_loaded']} paragraphs"
            )
            for step, outcome in (load.get("post_load") or {}).items():
                if outcome != "ok":
                    print(
                        f"warning: post-load step {step} {outcome} (recorded in runs; run again after the next load)"
                    )
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.acquire.discover import expand_inputs
    from pipeline.core.sources import find_source, load_sources
    from pipeline.run.driver import process_candidate

    settings = _settings(args)
    source = None
    if args.source:
        source = find_source(load_sources(settings.sources_file), args.source)
    items: list[tuple[str, str | None]] = [(p, args.url) for p in args.inputs]
    if args.manifest:
        for line in Path(args.manifest).read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                items.append((entry["path"], entry.get("url")))
    if not items:
        print("newsflow extract: give at least one INPUT or --manifest", file=sys.stderr)
        return 2
    status = 0
    fmt = args.format
    if fmt == "json" and len(items) > 1:
        fmt = "jsonl"
    for path, url in items:
        if not Path(path).exists() and "://" not in path:
            print(f"newsflow extract: {path}: no such file", file=sys.stderr)
            status = 1
            continue
        candidates = expand_inputs([path], source.name if source else "cli")
        for cand in candidates:
            if url:
                cand = type(cand)(**{**cand.__dict__, "url": url})
            for record, article in process_candidate(cand, source, settings, "extract"):
                if article is None:
                    print(
                        f"newsflow extract: {record.url}: {record.outcome}: {record.error or ''}",
                        file=sys.stderr,
                    )
                    status = 1
                    continue
                data = article.to_json()
                if fmt == "jsonl":
                    data["input"] = article.input
                    print(json.dumps(data, ensure_ascii=False))
                elif fmt == "json":
                    print(json.dumps(data, ensure_ascii=False, indent=2))
                else:
                    print(f"# {article.title or '(no title)'}\n")
                    if article.published:
                        print(f"published: {article.published}\n")
                    if article.lead:
                        print(article.lead + "\n")
                    print("\n\n".join(article.body))
    return status


def cmd_sql(args: argparse.Namespace) -> int:
    from pipeline.store import analytics

    if args.list:
        listing = [[q.name, ", ".join(q.params), q.description] for q in analytics.list_queries()]
        _print_table(["name", "parameters", "description"], listing)
        return 0
    if not args.query:
        print("newsflow sql: give a query (SQL text or a library name; `--list` shows them)", file=sys.stderr)
        return 2
    try:
        params = analytics.parse_params(args.param or [])
    except ValueError as exc:
        print(f"newsflow sql: {exc}", file=sys.stderr)
        return 2
    names = {q.name for q in analytics.list_queries()}
    settings = _settings(args)
    con = _read_only(settings, "sql")
    if con is None:
        return 1
    rows: list[tuple[Any, ...]]
    try:
        if args.query in names:
            columns, rows = analytics.run_query(con, args.query, params)
        else:
            analytics.set_params(con, params)
            cur = con.execute(args.query)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchall()
    except Exception as exc:  # the user's SQL: report, do not trace back
        print(f"newsflow sql: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False, default=str))
    else:
        _print_table(columns, rows)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from pipeline.store.search import search

    settings = _settings(args)
    con = _read_only(settings, "search")
    if con is None:
        return 1
    try:
        hits = search(
            con, args.query, limit=args.limit, source=args.source, since=args.since, until=args.until
        )
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, default=str))
    else:
        _print_table(
            ["score", "date", "outlet", "title", "url"],
            [[f"{h.score:.3f}", h.published_local_date, h.source, h.title or h.snippet, h.url] for h in hits],
        )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.store.db import DatabaseLockedError
    from pipeline.store.report import write_report

    settings = _settings(args)
    try:
        out = write_report(settings.db, Path(args.out))
    except (FileNotFoundError, DatabaseLockedError) as exc:
        print(f"newsflow report: {exc}", file=sys.stderr)
        return 1
    print(f"report written to {out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.store.db import DatabaseLockedError
    from pipeline.store.export import export_parquet

    settings = _settings(args)
    try:
        result = export_parquet(settings, Path(args.to))
    except (FileNotFoundError, DatabaseLockedError) as exc:
        print(f"newsflow export: {exc}", file=sys.stderr)
        return 1
    _print_table(
        ["table", "rows", "files"], [[t, v["rows"], v["files"]] for t, v in result["tables"].items()]
    )
    print(f"exported to {result['out_dir']}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    settings = _settings(args)
    con = _read_only(settings, "summary")
    if con is None:
        return 1
    try:
        rows = con.execute(
            """
            SELECT a.source, count(DISTINCT a.article_id) AS articles,
                   sum(a.n_paragraphs) AS body_paragraphs,
                   (SELECT count(*) FROM paragraphs p WHERE p.article_id IN
                       (SELECT article_id FROM articles_current c WHERE c.source = a.source)) AS blocks,
                   (SELECT count(*) FROM paragraphs p WHERE p.is_duplicate AND p.article_id IN
                       (SELECT article_id FROM articles_current c WHERE c.source = a.source)) AS duplicates_flagged
            FROM articles_current a GROUP BY a.source ORDER BY a.source
            """
        ).fetchall()
        totals = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM paragraphs), "
            "(SELECT count(*) FROM paragraphs WHERE is_duplicate), (SELECT count(*) FROM runs), "
            "(SELECT count(*) FROM fetches)"
        ).fetchone()
    finally:
        con.close()
    print(f"database {settings.db}")
    _print_table(["source", "articles", "body paragraphs", "blocks", "duplicates flagged"], rows)
    if totals:
        print(
            f"totals: {totals[0]} article rows, {totals[1]} paragraph rows, {totals[2]} duplicates flagged, "
            f"{totals[3]} runs, {totals[4]} fetch rows"
        )
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from pipeline.core.sources import load_sources
    from pipeline.store.db import connect

    settings = _settings(args)
    sources = load_sources(settings.sources_file)
    last: dict[str, tuple[Any, ...]] = {}
    if settings.db.exists():
        try:
            con = connect(settings.db, read_only=True)
            try:
                for row in con.execute(
                    """
                    SELECT source, arg_max(run_id, fetched_at), count(*) FILTER (outcome = 'ok'),
                           count(*) FILTER (outcome <> 'ok')
                    FROM fetches GROUP BY source
                    """
                ).fetchall():
                    last[row[0]] = row[1:]
            finally:
                con.close()
        except Exception as exc:  # a locked or old database must not hide the registry
            LOGGER.warning("last-run outcomes unavailable: %s", exc)
    rows = []
    for s in sources:
        lr = last.get(s.name)
        rows.append(
            [
                s.name,
                s.language,
                s.country,
                s.timezone,
                "yes" if s.enabled else "no",
                "yes" if s.verified else "no",
                len(s.feeds),
                len(s.sitemaps),
                f"{lr[0]}: {lr[1]} ok, {lr[2]} failed" if lr else "never run",
            ]
        )
    _print_table(
        ["name", "lang", "country", "timezone", "enabled", "verified", "feeds", "sitemaps", "last run"], rows
    )
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from pipeline.core.sources import find_source, load_sources
    from pipeline.run.rebuild import rebuild

    settings = _settings(args)
    warcs = [Path(p) for p in args.warcs] or sorted(settings.warc_dir.glob("*.warc*"))
    if not warcs:
        print(f"newsflow rebuild: no WARC files given and none in {settings.warc_dir}", file=sys.stderr)
        return 2
    source = find_source(load_sources(settings.sources_file), args.source) if args.source else None
    try:
        summary = rebuild(settings, warcs, Path(args.out), source=source)
    except (FileExistsError, FileNotFoundError) as exc:
        print(f"newsflow rebuild: {exc}", file=sys.stderr)
        return 2
    print(
        f"rebuilt {args.out} from {len(warcs)} WARC file(s): {summary['articles']} articles, "
        f"{summary['paragraphs']} paragraphs, {summary['captures']} captures, {summary['failed']} failed"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsflow", description="Scheduled news ingestion into DuckDB.")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="run the whole pipeline in-process and load DuckDB")
    p.add_argument("inputs", nargs="*", help="URLs, HTML files, text/JSONL dumps, WARC files or folders")
    p.add_argument("--sources", help="sources file (default: sources.toml)")
    p.add_argument("--source", action="append", help="source name (repeatable)")
    p.add_argument("--since", type=_date, help="window start (ISO date)")
    p.add_argument("--until", type=_date, help="window end (ISO date, exclusive)")
    p.add_argument("--db", help="DuckDB file (default: data/news.duckdb)")
    p.add_argument("--run-id", help="run id (default: cli-<timestamp>)")
    p.add_argument("--max-articles", type=int, default=0, help="articles per source at most")
    p.add_argument("--dry-run", action="store_true", help="fetch and extract, do not load")
    p.add_argument("--workers", type=int, default=0, help="extraction processes for local inputs")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print articles as JSON without touching the database")
    p.add_argument("inputs", nargs="*", help="HTML files, text dumps, JSONL dumps, WARC files")
    p.add_argument("--url", help="the page URL (for one input)")
    p.add_argument("--source", help="source name (profile and time zone)")
    p.add_argument("--sources", help="sources file")
    p.add_argument("--manifest", help='JSONL file of {"path": ..., "url": ...} lines')
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("sql", help="run SQL or a library query on the database (read-only) and print a table")
    p.add_argument("query", nargs="?", help="SQL text, or the name of a library query (see --list)")
    p.add_argument("--list", action="store_true", help="list the library queries with their description")
    p.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="set a query variable (SET VARIABLE NAME = VALUE, bound; repeatable)",
    )
    p.add_argument("--db")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("search", help="Arabic-aware full-text search (BM25), read-only")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--source", help="only this outlet")
    p.add_argument("--since", help="published on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="published before this date (YYYY-MM-DD)")
    p.add_argument("--db")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("report", help="write a self-contained HTML report with charts")
    p.add_argument("--out", default="report.html", help="HTML file to write (default: report.html)")
    p.add_argument("--db")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("export", help="export current articles and child tables to partitioned Parquet")
    p.add_argument("--to", required=True, help="output folder")
    p.add_argument("--db")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("summary", help="articles, paragraphs and duplicates per source")
    p.add_argument("--db")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("sources", help="list the sources registry with the last run's outcome")
    p.add_argument("--sources")
    p.add_argument("--db")
    p.set_defaults(func=cmd_sources)
    p = sub.add_parser("rebuild", help="recreate a database from WARC archives alone (no network)")
    p.add_argument("warcs", nargs="*", help="WARC files (default: every file in data/warc)")
    p.add_argument("--out", required=True, help="the new DuckDB file (must not exist)")
    p.add_argument("--source", help="source name for the captures (profile and time zone)")
    p.add_argument("--sources", help="sources file")
    p.set_defaults(func=cmd_rebuild)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    from pipeline.core.models import InputError
    from pipeline.core.sources import SourceConfigError
    from pipeline.store.db import DatabaseLockedError, SchemaTooNewError
    from pipeline.store.stage import StagingError

    try:
        return int(args.func(args))
    except (SourceConfigError, InputError) as exc:
        print(f"newsflow {args.command}: {exc}", file=sys.stderr)
        return 2
    except (StagingError, DatabaseLockedError, SchemaTooNewError) as exc:
        print(f"newsflow {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, unwritable data directory: say where, fail loudly
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"newsflow {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
