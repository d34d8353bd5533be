"""`hipcourse build`, `hipcourse app` and `hipcourse figures`: the course's own files."""

from __future__ import annotations

from hipcourse.kit.checks import InputError


def add_build(sub):
    p = sub.add_parser(
        "build",
        help="run the lessons; write the course website, slides and (--student) your own notebooks",
    )
    p.add_argument("--out", default="handouts", help="output folder (default: handouts)")
    p.add_argument("--notebooks", default="notebooks", help="notebook folder (default: notebooks)")
    p.add_argument(
        "--jobs", type=int, default=None, help="notebooks run in parallel (default: one per core)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="re-execute every notebook and replace output files hipcourse did not write",
    )
    p.add_argument(
        "--pdf", action="store_true", help="also print the learner pages to PDF (needs Chromium)"
    )
    p.add_argument(
        "--student",
        metavar="DIR",
        default=None,
        help="also write your own copy of the notebooks (no solutions) to DIR; "
        "copies already there are kept",
    )
    p.set_defaults(func=_cmd_build)


def _cmd_build(args) -> int:
    from hipcourse.build import handouts

    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs", args.jobs, "a whole number of at least 1")
    result = handouts.build(
        notebooks_dir=args.notebooks,
        out_dir=args.out,
        jobs=args.jobs,
        force=args.force,
        pdf=args.pdf,
        student_dir=args.student,
    )
    print(result.summary())
    return 0 if result.ok else 1


def add_app(sub):
    from hipcourse.build.app import IDLE_TIMEOUT_S, POOL_SIZE

    p = sub.add_parser(
        "app",
        help="serve the routine builder as a web app for you or a class (Voilà, no code shown)",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; "
        "0.0.0.0 for a class on the same network)",
    )
    p.add_argument("--port", default="8866", help="port (default: 8866)")
    p.add_argument(
        "--idle-timeout",
        default=str(IDLE_TIMEOUT_S),
        metavar="SECONDS",
        help="shut down a visitor's kernel this long after their tab went quiet "
        f"(default: {IDLE_TIMEOUT_S})",
    )
    p.add_argument(
        "--pool-size",
        default=str(POOL_SIZE),
        metavar="N",
        help="kernels started ahead of visitors, about the number who arrive "
        f"together (default: {POOL_SIZE})",
    )
    p.add_argument(
        "--notebook",
        default=None,
        metavar="FILE",
        help="serve this one-cell notebook instead of the routine app",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.set_defaults(func=_cmd_app)


def _whole_number(option: str, text: str) -> int:
    """Digits only (no sign, no underscores, no spaces inside), else InputError."""
    if not isinstance(text, str) or not text.strip().isdigit() or not text.strip().isascii():
        shown = text if len(str(text)) <= 40 else str(text)[:40] + "..."
        raise InputError(option, shown, "a whole number written with digits only")
    return int(text.strip())


def _cmd_app(args) -> int:
    from hipcourse.build.app import AppSettings, serve

    settings = AppSettings(
        host=args.host,
        port=_whole_number("--port", args.port),
        idle_timeout_s=_whole_number("--idle-timeout", args.idle_timeout),
        pool_size=_whole_number("--pool-size", args.pool_size),
    )
    return serve(settings, notebook=args.notebook, open_browser=not args.no_browser)


def add_figures(sub):
    p = sub.add_parser("figures", help="regenerate the course figures under figures/")
    p.add_argument("--out", default="figures", help="output folder (default: figures)")
    p.add_argument(
        "--force", action="store_true", help="replace figure files hipcourse did not write"
    )
    p.set_defaults(func=_cmd_figures)


def _cmd_figures(args) -> int:
    from hipcourse.views import plots

    for path in plots.generate_all(args.out, force=args.force):
        print(path)
    return 0
