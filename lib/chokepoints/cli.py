"""Command line: parse arguments and call the library (one call per subcommand)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from chokepoints import __version__, config
from chokepoints.errors import ChokepointsError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
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

    analyze = commands.add_parser("analyze", help="write the analysis tables as CSV")
    corpus_option(analyze)
    analyze.add_argument("--out", type=Path, required=True, help="folder for the CSV tables")
    analyze.add_argument("--as-of", type=_date, help="leave out articles published later")
    analyze.add_argument("--scorer", default="textblob", help="sentiment scorer name")

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
        if args.command == "analyze":
            from chokepoints.analyze import analyze_to

            for path in analyze_to(args.corpus, args.out, args.as_of, args.scorer):
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
