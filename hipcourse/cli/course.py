"""`hipcourse build`, `hipcourse app` and `hipcourse figures`: the course's own files."""
from __future__ import annotations

import sys

from hipcourse.cli.common import EXIT_USAGE
from hipcourse.kit.checks import InputError


def add_build(sub):
    p = sub.add_parser("build", help="run the lessons; write the course website, slides and "
                                     "(--student) your own notebooks")
    p.add_argument("--out", default="handouts", help="output folder (default: handouts)")
    p.add_argument("--notebooks", default="notebooks", help="notebook folder (default: notebooks)")
    p.add_argument("--jobs", type=int, default=None,
                   help="notebooks run in parallel (default: one per core)")
    p.add_argument("--force", action="store_true", help="re-execute every notebook")
    p.add_argument("--pdf", action="store_true",
                   help="also print the learner pages to PDF (needs Chromium)")
    p.add_argument("--student", metavar="DIR", default=None,
                   help="also write your own copy of the notebooks (no solutions) to DIR; "
                        "copies already there are kept")
    p.set_defaults(func=_cmd_build)


def _cmd_build(args) -> int:
    from hipcourse.build import handouts

    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs", args.jobs, "a whole number of at least 1")
    result = handouts.build(notebooks_dir=args.notebooks, out_dir=args.out, jobs=args.jobs,
                            force=args.force, pdf=args.pdf, student_dir=args.student)
    print(result.summary())
    return 0 if result.ok else 1


def add_app(sub):
    p = sub.add_parser("app", help="serve the routine builder as a web app (Voilà, no code shown)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8866, help="port (default: 8866)")
    p.add_argument("--notebooks", default="notebooks", help="notebook folder (default: notebooks)")
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.set_defaults(func=_cmd_app)


def _cmd_app(args) -> int:
    import subprocess
    from pathlib import Path

    from hipcourse.build import handouts

    if not 1 <= args.port <= 65535:
        raise InputError("--port", args.port, "a whole number from 1 to 65535")
    notebook = Path(args.notebooks) / handouts.APP_NOTEBOOK
    if not notebook.is_file():
        print(f"hipcourse: error: the routine-builder notebook {notebook} does not exist yet "
              f"(run from the repository root, or pass --notebooks DIR)", file=sys.stderr)
        return EXIT_USAGE
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"hipcourse app: serving {notebook} at http://{host}:{args.port}/ (Ctrl-C to stop)",
          flush=True)
    cmd = handouts.voila_command(notebook, args.host, args.port, open_browser=not args.no_browser)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0


def add_figures(sub):
    p = sub.add_parser("figures", help="regenerate the course figures under figures/")
    p.add_argument("--out", default="figures", help="output folder (default: figures)")
    p.set_defaults(func=_cmd_figures)


def _cmd_figures(args) -> int:
    from hipcourse.views import plots

    for path in plots.generate_all(args.out):
        print(path)
    return 0
