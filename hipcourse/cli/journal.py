"""`hipcourse assessments`, `log`, `progress`, `export-journal`, `import-journal`:
the self-tests and the journal of results and sessions."""

from __future__ import annotations

from hipcourse.cli.common import Parser, print_json
from hipcourse.kit.checks import InputError


def _add_db(p) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="journal file (default: $HIPCOURSE_DATA_DIR/journal.sqlite3, else the "
        "user data folder's)",
    )


def add_assessments(sub):
    p = sub.add_parser("assessments", help="list the self-tests, their units and normal ranges")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_assessments)


def _cmd_assessments(args) -> int:
    from hipcourse.models.assessment import load_tests

    tests = load_tests().tests
    if args.json:
        print_json([t.to_dict() for t in tests])
        return 0
    for t in tests:
        unit = {"deg": "degrees", "cm": "cm", "choice": "picture number"}[t.unit]
        print(f"{t.id}: {t.name} [{', '.join(t.groups)}]")
        print(f"    record: {unit}, {t.min:g} to {t.max:g}; normal: {t.normal_text()}")
    return 0


def add_log(sub):
    p = sub.add_parser("log", help="record a self-test result or a stretching session")
    what = p.add_subparsers(dest="what", metavar="WHAT", parser_class=Parser)
    what.required = True
    a = what.add_parser("assessment", help="record a self-test result")
    a.add_argument("--test", required=True, help="self-test id (see `hipcourse assessments`)")
    a.add_argument("--side", required=True, help="left, right or both")
    a.add_argument("--value", required=True, help="the result in the test's unit")
    a.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    a.add_argument("--note", default="", help="a short note")
    _add_db(a)
    a.set_defaults(func=_cmd_log_assessment)
    s = what.add_parser("session", help="record a stretching session")
    s.add_argument(
        "--routine",
        required=True,
        metavar="FILE",
        help="a routine JSON file (saved by the routine builder or `hipcourse routine --json`)",
    )
    s.add_argument("--done", required=True, help="completed step numbers, e.g. 1,2,3")
    s.add_argument("--felt", default=None, help="how it felt overall, 0-10")
    s.add_argument(
        "--felt-step",
        action="append",
        default=[],
        metavar="STEP=N",
        help="how one step felt, 0-10, e.g. 2=7 (repeat for more steps)",
    )
    s.add_argument("--notes", default="", help="notes")
    s.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
    _add_db(s)
    s.set_defaults(func=_cmd_log_session)


def _cmd_log_assessment(args) -> int:
    from hipcourse.models.assessment import load_tests
    from hipcourse.models.journal import Journal

    with Journal(args.db) as j:
        r = j.add_assessment(args.test, args.side, args.value, date=args.date, note=args.note)
    t = load_tests().test(r.test)
    print(
        f"recorded {t.id} {r.side} {t.format_value(r.value)} on {r.date.isoformat()} "
        f"(journal: {j.path})"
    )
    return 0


def _cmd_log_session(args) -> int:
    from hipcourse.models.journal import Journal, load_routine_file

    routine = load_routine_file(args.routine)
    felt_steps = {}
    for item in args.felt_step:
        step, sep, value = item.partition("=")
        if not sep or not step.strip() or not value.strip():
            raise InputError("--felt-step", item, "STEP=N, such as 2=7")
        felt_steps[step.strip()] = value.strip()
    with Journal(args.db) as j:
        s = j.add_session(
            routine,
            args.done,
            felt=args.felt,
            felt_steps=felt_steps,
            notes=args.notes,
            date=args.date,
        )
    print(
        f"recorded a session on {s.date.isoformat()}: {len(s.done)} of "
        f"{len(routine['steps'])} steps done (journal: {j.path})"
    )
    return 0


def add_progress(sub):
    p = sub.add_parser("progress", help="one line per muscle group, suggested rungs, weekly dose")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_db(p)
    p.set_defaults(func=_cmd_progress)


def _cmd_progress(args) -> int:
    from hipcourse.models import journal

    path = journal.resolve_path(args.db)
    if path.exists():
        with journal.Journal(path, create=False) as j:
            data = journal.progress(j.assessments(), j.sessions())
    else:
        data = journal.progress([], [])
    if args.json:
        print_json(dict(data, journal=str(path)))
        return 0
    print(f"journal: {path}" + ("" if path.exists() else " (none yet)"))
    for line in data["summary"].values():
        print(line)
    if data["levels"]:
        print(
            "suggested starting rungs: "
            + ", ".join(f"{g} {lvl}" for g, lvl in data["levels"].items())
        )
    weeks = data["minutes_per_week"][-4:]
    dose = data["dose_guidance"]
    for w, k, d in zip(
        weeks, data["sessions_per_week"][-4:], data["weekly_dose"][-4:], strict=True
    ):
        mins = ", ".join(f"{g} {m:g}" for g, m in w["minutes"].items())
        met = [g for g, ok in d["met"].items() if ok]
        print(
            f"week of {w['week']}: {k['sessions']} session(s) on {d['days']} day(s); minutes "
            f"per side: {mins}; guidance met: {', '.join(met) if met else 'none'}"
        )
    if weeks:
        print(
            f"guidance: at least {dose['weekly_min_per_group']:g} min per group a week, over "
            f"at least {dose['days_per_week']} days ({dose['source']})"
        )
    return 0


def _add_csv_command(sub, name: str, help_text: str, func):
    p = sub.add_parser(name, help=help_text)
    p.add_argument("file", metavar="FILE.csv")
    _add_db(p)
    p.set_defaults(func=func)
    return p


def add_export_journal(sub):
    p = _add_csv_command(
        sub,
        "export-journal",
        "write every journal record to a CSV file (a damaged journal: every readable record)",
        _cmd_export_journal,
    )
    p.add_argument(
        "--force", action="store_true", help="replace an existing FILE.csv hipcourse did not write"
    )


def _cmd_export_journal(args) -> int:
    import sys

    from hipcourse.models.journal import Journal

    with Journal(args.db, create=False, salvage=True) as j:
        n = j.export_csv(args.file, force=args.force)
    print(f"wrote {n} record(s) to {args.file}")
    if j.damage:
        print(
            f"hipcourse: warning: {j.damage.strip()} {j.skipped_rows} row(s) could not be "
            f"read and are not in the file.",
            file=sys.stderr,
        )
    return 0


def add_import_journal(sub):
    _add_csv_command(
        sub, "import-journal", "add the records of a CSV export to the journal", _cmd_import_journal
    )


def _cmd_import_journal(args) -> int:
    from hipcourse.models.journal import Journal

    with Journal(args.db) as j:
        result = j.import_csv(args.file)
    print(result)
    return 0
