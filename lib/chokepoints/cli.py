"""Command line: parse arguments and call the library (one call per subcommand)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from chokepoints import __version__, config
from chokepoints.errors import ChokepointsError


def _date(text: str) -> date:
    from chokepoints.corpus import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="chokepoints", description="Evidence-backed briefings from a corpus of articles.")
    parser.add_argument("--version", action="version", version=f"chokepoints {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def corpus_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--corpus", type=Path, default=config.DEFAULT_CORPUS_DIR,
                             help="corpus folder with manifest.csv and raw/ (default: %(default)s)")

    check = commands.add_parser("check", help="validate a corpus folder")
    corpus_option(check)
    check.add_argument("--as-of", type=_date, help="report articles published after this date")

    add = commands.add_parser(
        "add", help="add plain-text files, saved web pages or folders of them to a corpus",
        description="Copy each file unchanged into raw/ and append a manifest row; a saved page's "
        "title, date, site name, address and author are extracted (the options override them). "
        "Unreadable files and duplicates are refused; nothing else in the corpus changes.")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help=".txt or .html file, or a folder of them")
    corpus_option(add)
    add.add_argument("--title", help="headline (one file only)")
    add.add_argument("--outlet", help="publisher")
    add.add_argument("--published", type=_date, help="publication date, YYYY-MM-DD")
    add.add_argument("--url", help="address of the article (one file only)")
    add.add_argument("--perspective", help="one of data/vocabularies/perspectives.csv "
                     "(default: other)")
    add.add_argument("--allow-syndicated", action="store_true",
                     help="add near-duplicates anyway, marked as syndicated copies")

    analyze = commands.add_parser("analyze", help="write the analysis tables as CSV")
    corpus_option(analyze)
    analyze.add_argument("--out", type=Path, required=True, help="folder for the CSV tables")
    analyze.add_argument("--as-of", type=_date, help="leave out articles published later")
    analyze.add_argument("--scorer", default="textblob", help="sentiment scorer name")
    analyze.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="where the per-article stages run: this process, or Dask "
                         "workers (needs the [dask] extra; default: %(default)s)")
    analyze.add_argument("--scheduler", metavar="ADDRESS",
                         help="with --engine dask: the scheduler, e.g. tcp://host:8786 "
                         "(default: a local cluster, one worker per core)")
    analyze.add_argument("--chunk-size", type=int, default=config.CHUNK_ARTICLES, metavar="N",
                         help="articles read, analysed and written at a time (one Dask task "
                         "each with --engine dask); memory holds one chunk (default: "
                         "%(default)s)")

    build = commands.add_parser("build", help="execute the notebooks and publish HTML briefings")
    corpus_option(build)
    build.add_argument("--out", type=Path, default=config.REPORTS_DIR,
                       help="publication folder (default: %(default)s)")
    build.add_argument("--as-of", type=_date, help="build date (default: today); articles "
                       "published later are left out")
    build.add_argument("-p", "--parameter", dest="parameters", action="append", default=[],
                       metavar="NAME=VALUE", help="extra notebook parameter (repeatable)")
    build.add_argument("--notebooks", type=Path, default=config.NOTEBOOKS_DIR,
                       help="folder of numbered notebooks (default: %(default)s)")
    build.add_argument("--jobs", type=int, default=None,
                       help="notebooks executed at once (default: one per CPU)")
    build.add_argument("--force", action="store_true",
                       help="rebuild even when nothing changed since the last build")

    refresh = commands.add_parser(
        "refresh", help="re-execute the stored notebooks in place (new nbval reference)")
    refresh.add_argument("--notebooks", type=Path, default=config.NOTEBOOKS_DIR)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = make_parser().parse_args(argv)
    try:
        if args.command == "check":
            from chokepoints.corpus import validate_corpus

            problems = validate_corpus(args.corpus, args.as_of)
            for problem in problems:
                print(problem)
            fatal = sum(p.fatal for p in problems)
            print(f"{args.corpus}: {fatal} error(s), {len(problems) - fatal} warning(s)")
            return 1 if fatal else 0
        if args.command == "add":
            from chokepoints.ingest import add_articles

            result = add_articles(args.paths, args.corpus, title=args.title, outlet=args.outlet,
                                  published=args.published, url=args.url,
                                  perspective=args.perspective,
                                  allow_syndicated=args.allow_syndicated)
            for path in result.recovered:
                print(f"removed {path}, left by an interrupted add")
            for added in result.added:
                row = added.row
                print(f"added {row.id} from {added.source}: {row.title or '(no title)'}; "
                      f"{row.outlet or '(no outlet)'}; {row.published or '(no date)'}")
            for path in result.skipped:
                print(f"skipped {path} (not .txt or .html)")
            for warning in result.warnings:
                print(f"warning: {warning}")
            for error in result.refused:
                print(f"refused: {error}", file=sys.stderr)
            print(f"{args.corpus}: {len(result.added)} added, {len(result.refused)} refused")
            return 1 if result.refused else 0
        if args.command == "analyze":
            from chokepoints.analyze import analyze_to

            for path in analyze_to(args.corpus, args.out, args.as_of, args.scorer,
                                   engine=args.engine, scheduler=args.scheduler,
                                   chunk_size=args.chunk_size):
                print(path)
            return 0
        if args.command == "build":
            from chokepoints.build import build_and_report

            print(build_and_report(args.corpus, args.out, args.as_of, args.parameters,
                                   args.notebooks, jobs=args.jobs, force=args.force))
            return 0
        if args.command == "refresh":
            from chokepoints.build import refresh_notebooks

            for path in refresh_notebooks(args.notebooks):
                print(f"refreshed {path}")
            return 0
    except ChokepointsError as error:
        print(f"chokepoints: error: {error}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
