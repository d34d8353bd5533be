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
from hipcourse.cli.poses import add_pose
from hipcourse.cli.routine import add_routine
from hipcourse.content.catalog import CatalogError
from hipcourse.kit.checks import InputError

__all__ = ["COMMANDS", "EXIT_USAGE", "UsageError", "build_parser", "command_list", "main"]

#: Subcommands, in the order `--help` lists them.
COMMANDS: list[Callable] = [
    add_stretches,
    add_build,
    add_figures,
    add_app,
    add_assessments,
    add_log,
    add_progress,
    add_export_journal,
    add_import_journal,
    add_routine,
    add_muscles,
    add_pose,
    add_spine,
]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="hipcourse",
        description="A Jupyter course on hip stretches: build it, explore its models, "
        "plan a routine.",
    )
    from hipcourse import __version__

    parser.add_argument("--version", action="version", version=f"hipcourse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for add in COMMANDS:
        add(sub)
    return parser


def command_list(parser: argparse.ArgumentParser | None = None) -> str:
    """What a bare ``hipcourse`` prints: each command with its one-line help."""
    parser = parser or build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help or "" for c in sub._choices_actions}
    width = max(len(name) for name in helps)
    lines = ["hipcourse: a Jupyter course on hip stretches. Commands:", ""]
    lines += [f"  {name:<{width}}  {text}" for name, text in helps.items()]
    lines += ["", "`hipcourse COMMAND --help` shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    if argv is None:
        argv = sys.argv[1:]
    if not argv:
        print(command_list(parser))
        return 0
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
    except OSError as exc:  # a file or folder the command could not use
        from hipcourse.kit.checks import shown
        from hipcourse.kit.files import os_error_text

        where = f"{shown(exc.filename, 80)}: " if exc.filename else ""
        print(f"hipcourse: error: {where}{os_error_text(exc, exc.filename)}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:  # JSON nested deeper than Python can read
        print("hipcourse: error: an input file is nested too deeply to read", file=sys.stderr)
        return EXIT_USAGE
