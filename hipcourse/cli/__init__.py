"""The `hipcourse` command line (the console script is ``hipcourse.cli:main``).

Each subcommand is one small function that parses its arguments, calls the models and
prints; each command family has a module here (``catalog``, ``course``, ``journal``,
``routine``, ``anatomy``). Bad arguments or bad values give a one-line error on stderr
and exit code 2.

    hipcourse stretches [--group G] [--json]
    hipcourse build [--out DIR] [--jobs N] [--force] [--pdf]
    hipcourse figures [--out DIR]
    ... (see `hipcourse --help`)
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from hipcourse.cli.anatomy import add_muscles, add_spine
from hipcourse.cli.catalog import add_stretches
from hipcourse.cli.common import EXIT_USAGE, Parser, UsageError
from hipcourse.cli.course import add_app, add_build, add_figures
from hipcourse.cli.journal import (
    add_assessments,
    add_export_journal,
    add_import_journal,
    add_log,
    add_progress,
)
from hipcourse.cli.routine import add_routine
from hipcourse.content.catalog import CatalogError
from hipcourse.kit.checks import InputError

__all__ = ["COMMANDS", "EXIT_USAGE", "UsageError", "build_parser", "main"]

#: Subcommands, in the order `--help` lists them.
COMMANDS: list[Callable] = [add_stretches, add_build, add_figures, add_app,
                            add_assessments, add_log, add_progress, add_export_journal,
                            add_import_journal, add_routine, add_muscles, add_spine]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="hipcourse",
                     description="A Jupyter course on hip stretches: build it, explore its models, "
                                 "plan a routine.")
    from hipcourse import __version__
    parser.add_argument("--version", action="version", version=f"hipcourse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return args.func(args) or 0
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except (InputError, CatalogError) as exc:
        print(f"hipcourse: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:  # every model raises ValueError for bad input
        print(f"hipcourse: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0

