"""The `hipcourse` command line.

Each subcommand is one small function that parses its arguments, calls the models and
prints. Bad arguments or bad values give a one-line error on stderr and exit code 2.

    hipcourse stretches [--group G] [--json]
    hipcourse build [--out DIR] [--jobs N] [--force] [--pdf]
    hipcourse figures [--out DIR]
    ... (see `hipcourse --help`)
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from hipcourse._checks import InputError
from hipcourse.catalog import GROUP_IDS, CatalogError, load_catalog

EXIT_USAGE = 2


class UsageError(Exception):
    """Raised by the parser instead of printing the full usage text."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 (raised, handled in main)
        raise UsageError(f"{self.prog}: error: {message}")


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


# --------------------------------------------------------------------------- stretches
def _add_stretches(sub):
    p = sub.add_parser("stretches", help="list the stretch catalog")
    p.add_argument("--group", choices=GROUP_IDS, help="only this muscle group")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_stretches)


def _cmd_stretches(args) -> int:
    cat = load_catalog()
    groups = [args.group] if args.group else list(GROUP_IDS)
    stretches = [s for g in groups for s in cat.ladder(g)]
    if args.json:
        _print_json([s.to_dict() for s in stretches])
        return 0
    for g in groups:
        print(f"{cat.group(g).name} ({g})")
        for s in cat.ladder(g):
            p = s.pose
            print(f"  {s.level}. {s.name:<52} {s.position:<9} "
                  f"hip {p.hip_flexion_deg:+.0f}° add {p.hip_adduction_deg:+.0f}° "
                  f"rot {p.hip_rotation_deg:+.0f}° knee {p.knee_flexion_deg:.0f}°   [{s.id}]")
    return 0


# --------------------------------------------------------------------------- build
def _add_build(sub):
    p = sub.add_parser("build", help="execute every notebook and write the HTML handouts")
    p.add_argument("--out", default="handouts", help="output folder (default: handouts)")
    p.add_argument("--notebooks", default="notebooks", help="notebook folder (default: notebooks)")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: one per core)")
    p.add_argument("--force", action="store_true", help="re-execute every notebook")
    p.add_argument("--pdf", action="store_true", help="also print learner handouts to PDF (needs Chromium)")
    p.add_argument("--student", metavar="DIR", default=None,
                   help="also write a student copy of the notebooks (solutions removed) to DIR")
    p.set_defaults(func=_cmd_build)


def _cmd_build(args) -> int:
    from hipcourse import handouts

    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs", args.jobs, "a whole number of at least 1")
    result = handouts.build(notebooks_dir=args.notebooks, out_dir=args.out, jobs=args.jobs,
                            force=args.force, pdf=args.pdf, student_dir=args.student)
    return 0 if result.ok else 1


# --------------------------------------------------------------------------- figures
def _add_figures(sub):
    p = sub.add_parser("figures", help="regenerate the course figures under figures/")
    p.add_argument("--out", default="figures", help="output folder (default: figures)")
    p.set_defaults(func=_cmd_figures)


def _cmd_figures(args) -> int:
    from hipcourse import plots

    for path in plots.generate_all(args.out):
        print(path)
    return 0


# --------------------------------------------------------------------------- registry
#: Subcommands, in the order `--help` lists them. Later modules add theirs here.
COMMANDS: list[Callable] = [_add_stretches, _add_build, _add_figures]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hipcourse",
                     description="A Jupyter course on hip stretches: build it, explore its models, "
                                 "plan a routine.")
    from hipcourse import __version__
    parser.add_argument("--version", action="version", version=f"hipcourse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
