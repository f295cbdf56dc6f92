"""The `newsflow` command line: ingest, extract, sql, search, report, export, sources, summary."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pipeline.acquire.outcomes import NOT_FAILED
from pipeline.core.settings import Settings, load_settings
from pipeline.run.console import Progress, UsageError, print_run_summary, print_table, read_manifest
from pipeline.run.console import count as _count
from pipeline.run.console import first_line as _first_line
from pipeline.run.console import iso_datetime as _date
from pipeline.run.console import iso_day as _day
from pipeline.run.console import open_read_only as _read_only
from pipeline.run.console import positive as _positive
from pipeline.run.console import progress_wanted as _progress_wanted
from pipeline.run.console import read_sources as _load_sources

LOGGER = logging.getLogger("newsflow")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line (`newsflow sql: … (see --help)`), no usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsflow")
    except PackageNotFoundError:  # a checkout that was never installed
        return "unknown"


class _VersionAction(argparse.Action):
    """--version, looked up when asked: importlib.metadata scans every installed package (~30 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        kwargs.setdefault("help", "print the version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        sys.stdout.write(f"newsflow {_version()}\n")
        parser.exit()


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "db", None):
        overrides["db"] = Path(args.db)
        if "NEWSFLOW_DATA_DIR" not in os.environ:
            overrides["data_dir"] = Path(args.db).parent  # staging and WARC files beside the database
    if getattr(args, "sources", None):
        overrides["sources_file"] = Path(args.sources)
    settings = load_settings(**overrides)
    if settings.db.is_dir():
        raise UsageError(
            f"{settings.db} is a directory; --db takes a DuckDB file (e.g. {settings.db / 'news.duckdb'})"
        )
    return settings


def _check_writable(db: Path) -> None:
    """Refuse, before any work, a database file (or folder for a new one) this process cannot write."""
    if db.exists():
        try:
            with db.open("r+b"):
                pass
        except OSError as exc:
            raise UsageError(f"cannot write the database {db}: {exc.strerror or exc}") from exc
        return
    parent = db.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot create the database {db}: {parent} is not a writable folder")


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.run import driver as ingest

    settings = _settings(args)
    if not args.dry_run:
        _check_writable(settings.db)
    sources = _load_sources(settings.sources_file) if (not args.inputs or args.source) else []
    if args.max_articles is not None:  # the command line wins over NEWSFLOW_MAX_ARTICLES_PER_SOURCE
        settings = settings.replace(max_articles_per_source=args.max_articles)
    if args.workers:
        settings = settings.replace(processes=args.workers)
    as_json = args.json or args.format == "json"
    bar = Progress(_progress_wanted(args), unit="inputs", desc="ingest")

    def progress(msg: str) -> None:
        # one line per article: without a bar (a log, a pipe) unless -q; beside a bar only with -v
        if not args.quiet and (not bar.enabled or bool(getattr(args, "verbose", 0))):
            bar.write(f"  + {msg}")

    try:
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
            tick=bar.tick,
        )
    finally:
        bar.close()
    if as_json:
        if "load" in summary:  # extracted = distinct + identical to another input of the run
            staged = int(summary["load"].get("articles_staged", 0))
            summary["identical_to_another_input"] = int(summary["staged_articles"]) - staged
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        print_run_summary(summary, settings.db)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.acquire.discover import expand_inputs
    from pipeline.core.sources import find_source
    from pipeline.run.driver import process_candidate

    settings = _settings(args)
    source = None
    if args.source:
        source = find_source(_load_sources(settings.sources_file), args.source)
    items: list[tuple[str, str | None]] = [(p, args.url) for p in args.inputs]
    status = 0
    if args.manifest:
        listed, bad = read_manifest(Path(args.manifest))
        items.extend(listed)
        status = 1 if bad else 0
    if not items:
        if not status:
            print("newsflow extract: give at least one INPUT or --manifest", file=sys.stderr)
        return status or 2
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


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from pipeline.store import analytics

    if args.list:
        listing = [[q.name, ", ".join(q.params), q.description] for q in analytics.list_queries()]
        print_table(["name", "parameters", "description"], listing)
        return 0
    query = (args.query or "").strip()
    if not query:
        raise UsageError("give a query (SQL text or a library name; `newsflow sql --list` shows them)")
    try:
        params = analytics.parse_params(args.param or [])
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    names = {q.name for q in analytics.list_queries()}
    settings = _settings(args)
    con = _read_only(settings, "sql")
    if con is None:
        return 1
    rows: list[tuple[Any, ...]]
    try:
        analytics.lock_down(con)  # no files, network, extensions or settings for anything below
        if query in names:
            columns, rows = analytics.run_query(con, query, params)
        else:
            if _WORD.fullmatch(query):
                try:
                    con.extract_statements(query)
                except duckdb.ParserException:
                    raise UsageError(f"unknown query {query!r}; see `newsflow sql --list`") from None
            analytics.check_read_only(con, query)
            analytics.set_params(con, params)
            cur = con.execute(query)
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchall() if cur.description else []
    except analytics.ReadOnlyError as exc:
        print(f"newsflow sql: {exc}", file=sys.stderr)
        return 2
    except duckdb.PermissionException as exc:  # a file, URL or extension: lock_down refused it
        print(
            f"newsflow sql: {_first_line(exc)} (read-only: no files, network or extensions)", file=sys.stderr
        )
        return 2
    except duckdb.Error as exc:  # the user's SQL: report in one line, do not trace back
        print(f"newsflow sql: {_first_line(exc)}", file=sys.stderr)
        return 1
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False, default=str))
    else:
        print_table(columns, rows)
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
        print_table(
            ["score", "date", "outlet", "title", "url"],
            [[f"{h.score:.3f}", h.published_local_date, h.source, h.title or h.snippet, h.url] for h in hits],
        )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.store.db import DatabaseLockedError
    from pipeline.store.report import write_report

    settings = _settings(args)
    if Path(args.out).is_dir() or not Path(args.out).name:
        raise UsageError(f"--out {args.out} is a directory; give the HTML file to write")
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
    print_table(["table", "rows", "files"], [[t, v["rows"], v["files"]] for t, v in result["tables"].items()])
    print(f"exported to {result['out_dir']}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from pipeline.store import analytics

    settings = _settings(args)
    con = _read_only(settings, "summary")
    if con is None:
        return 1
    try:
        rows, totals = analytics.outlet_summary(con)
    finally:
        con.close()
    print(f"database {settings.db}")
    print_table(["source", "articles", "body paragraphs", "blocks", "duplicates flagged"], rows)
    if totals:
        print(
            f"totals: {totals[0]} article rows, {totals[1]} paragraph rows, {totals[2]} duplicates flagged, "
            f"{totals[3]} runs, {totals[4]} fetch rows"
        )
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from pipeline.store import analytics
    from pipeline.store.db import connect

    settings = _settings(args)
    sources = _load_sources(settings.sources_file)
    last: dict[str, tuple[Any, ...]] = {}
    if settings.db.exists():
        try:
            con = connect(settings.db, read_only=True)
            try:
                last = analytics.last_run_counts(con, NOT_FAILED)
            finally:
                con.close()
        except Exception as exc:  # a locked or old database must not hide the registry
            LOGGER.warning("last-run outcomes unavailable: %s", exc)
    rows = []
    for s in sources:
        lr = last.get(s.name)
        shown = "never run"
        if lr:
            shown = (
                f"{lr[0]}: {lr[1]} ok, "
                + (f"{lr[2]} not loaded (by design), " if lr[2] else "")
                + f"{lr[3]} failed"
            )
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
                shown,
            ]
        )
    print_table(
        ["name", "lang", "country", "timezone", "enabled", "verified", "feeds", "sitemaps", "last run"], rows
    )
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from pipeline.core.sources import find_source
    from pipeline.run.rebuild import rebuild

    settings = _settings(args)
    warcs = [Path(p) for p in args.warcs] or sorted(settings.warc_dir.glob("*.warc*"))
    if not warcs:
        print(f"newsflow rebuild: no WARC files given and none in {settings.warc_dir}", file=sys.stderr)
        return 2
    source = find_source(_load_sources(settings.sources_file), args.source) if args.source else None
    bar = Progress(_progress_wanted(args), unit="WARC files", desc="rebuild", total=len(warcs))
    try:
        summary = rebuild(settings, warcs, Path(args.out), source=source, tick=bar.tick)
    except (FileExistsError, FileNotFoundError) as exc:
        print(f"newsflow rebuild: {exc}", file=sys.stderr)
        return 2
    finally:
        bar.close()
    print(
        f"rebuilt {args.out} from {len(warcs)} WARC file(s): {summary['articles']} articles, "
        f"{summary['paragraphs']} paragraphs, {summary['captures']} captures, {summary['failed']} failed"
    )
    return 0


_DB_HELP = "DuckDB file (default: data/news.duckdb, or NEWSFLOW_DB)"
_SOURCES_HELP = "sources file (default: sources.toml, or NEWSFLOW_SOURCES_FILE)"


def cmd_extract_fields(args: argparse.Namespace) -> int:
    """`newsflow extract`, with the structured fields switched off by --no-fields."""
    from pipeline.run.document import structured_fields

    with structured_fields(not args.no_fields):
        return cmd_extract(args)


def build_parser() -> argparse.ArgumentParser:
    # -v works before or after the subcommand; the subcommand's copy must not reset the count
    common = _Parser(add_help=False)
    common.add_argument(
        "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more log output (-vv: debug)"
    )
    parser = _Parser(prog="newsflow", description="Scheduled news ingestion into DuckDB.", parents=[common])
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    p = add("ingest", "run the whole pipeline in-process and load DuckDB")
    p.add_argument("inputs", nargs="*", help="URLs, HTML files, text/JSONL dumps, WARC files or folders")
    p.add_argument("--sources", help=_SOURCES_HELP)
    p.add_argument("--source", action="append", help="source name (repeatable)")
    p.add_argument("--since", type=_date, help="window start (ISO date)")
    p.add_argument("--until", type=_date, help="window end (ISO date, exclusive)")
    p.add_argument("--db", help=_DB_HELP)
    p.add_argument("--run-id", help="run id (default: cli-<timestamp>)")
    p.add_argument(
        "--max-articles",
        type=_count,
        default=None,
        help="articles per source at most (explicit inputs count as one source; 0: no limit)",
    )
    p.add_argument("--dry-run", action="store_true", help="fetch and extract, do not load")
    p.add_argument("--workers", type=_count, default=0, help="extraction processes for local inputs")
    p.add_argument("--format", choices=["text", "json"], default="text", help="summary as text or JSON")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: on when stdout and stderr are terminals)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or progress lines")
    p.set_defaults(func=cmd_ingest)

    p = add("extract", "print articles as JSON without touching the database")
    p.add_argument("inputs", nargs="*", help="HTML files, text dumps, JSONL dumps, WARC files")
    p.add_argument("--url", help="the page URL (for one input)")
    p.add_argument("--source", help="source name (profile and time zone)")
    p.add_argument("--sources", help=_SOURCES_HELP)
    p.add_argument("--manifest", help='JSONL file of {"path": ..., "url": ...} lines')
    p.add_argument(
        "--format", choices=["json", "jsonl", "text"], default="json", help="output format (default: json)"
    )
    p.add_argument(
        "--no-fields",
        action="store_true",
        help="skip entities, dates mentioned, quantities and quotes (their keys stay, empty): text, "
        "metadata, roles and duplicates only, faster",
    )
    p.set_defaults(func=cmd_extract_fields)

    p = add("sql", "run SQL or a library query on the database (read-only) and print a table")
    p.add_argument("query", nargs="?", help="SQL text, or the name of a library query (see --list)")
    p.add_argument("--list", action="store_true", help="list the library queries with their description")
    p.add_argument(
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="set a query variable (SET VARIABLE NAME = VALUE, bound; repeatable)",
    )
    p.add_argument("--db", help=_DB_HELP)
    p.add_argument(
        "--format", choices=["table", "json"], default="table", help="output format (default: table)"
    )
    p.set_defaults(func=cmd_sql)

    p = add("search", "Arabic-aware full-text search (BM25), read-only")
    p.add_argument("query", help="words to search for (clitics and spelling variants match)")
    p.add_argument("--limit", type=_positive, default=20, help="hits at most (default: 20)")
    p.add_argument("--source", help="only this outlet")
    p.add_argument("--since", type=_day, help="published on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", type=_day, help="published before this date (YYYY-MM-DD)")
    p.add_argument("--db", help=_DB_HELP)
    p.add_argument(
        "--format", choices=["table", "json"], default="table", help="output format (default: table)"
    )
    p.set_defaults(func=cmd_search)

    p = add("report", "write a self-contained HTML report with charts")
    p.add_argument("--out", default="report.html", help="HTML file to write (default: report.html)")
    p.add_argument("--db", help=_DB_HELP)
    p.set_defaults(func=cmd_report)

    p = add("export", "export current articles, child tables, entities and clusters to Parquet")
    p.add_argument("--to", required=True, help="output folder")
    p.add_argument("--db", help=_DB_HELP)
    p.set_defaults(func=cmd_export)

    p = add("summary", "articles, paragraphs and duplicates per source")
    p.add_argument("--db", help=_DB_HELP)
    p.set_defaults(func=cmd_summary)

    p = add("sources", "list the sources registry with the last run's counts")
    p.add_argument("--sources", help=_SOURCES_HELP)
    p.add_argument("--db", help=_DB_HELP)
    p.set_defaults(func=cmd_sources)

    p = add("rebuild", "recreate a database from WARC archives alone (no network)")
    p.add_argument("warcs", nargs="*", help="WARC files (default: every file in data/warc)")
    p.add_argument("--out", required=True, help="the new DuckDB file (must not exist)")
    p.add_argument("--source", help="source name for the captures (profile and time zone)")
    p.add_argument("--sources", help=_SOURCES_HELP)
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: on when stdout and stderr are terminals)",
    )
    p.set_defaults(func=cmd_rebuild)
    return parser


_STORE_ERRORS = (
    "pipeline.store.stage:StagingError",
    "pipeline.store.db:DatabaseLockedError",
    "pipeline.store.db:SchemaTooNewError",
)


def _loaded_errors(names: Sequence[str]) -> tuple[type[BaseException], ...]:
    """The exception classes ("module:Class") of the modules this process imported: a module never
    imported raised nothing, and `newsflow extract` need not import DuckDB (~0.1 s) to know that."""
    found = []
    for name in names:
        module, _, attr = name.partition(":")
        loaded = sys.modules.get(module)
        if loaded is not None:
            found.append(getattr(loaded, attr))
    return tuple(found)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    verbose = int(getattr(args, "verbose", 0) or 0)
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    from pipeline.core.models import InputError
    from pipeline.core.sources import SourceConfigError

    def fail(message: str, code: int) -> int:
        print(f"newsflow {args.command}: {message}", file=sys.stderr)
        return code

    try:
        return int(args.func(args))
    except (UsageError, SourceConfigError, InputError) as exc:
        return fail(str(exc), 2)
    except OSError as exc:  # disk full, unwritable data directory: say where, fail loudly
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return fail(f"{exc.strerror or exc}{where}", 1)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if isinstance(exc, _loaded_errors(_STORE_ERRORS)):
            return fail(str(exc), 1)
        if isinstance(exc, _loaded_errors(("duckdb:Error",))):  # not a DuckDB file, a write refused
            return fail(f"database {getattr(args, 'db', None) or 'data/news.duckdb'}: {_first_line(exc)}", 1)
        # a bug: one line, the traceback with -v
        if verbose:
            LOGGER.exception("unexpected error")
        return fail(f"unexpected error: {type(exc).__name__}: {_first_line(exc)} (-v shows the traceback)", 1)


if __name__ == "__main__":
    sys.exit(main())
