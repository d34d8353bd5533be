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

from hipcourse.kit.checks import InputError
from hipcourse.content.catalog import GROUP_IDS, CatalogError, load_catalog

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
    from hipcourse.build import handouts

    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs", args.jobs, "a whole number of at least 1")
    result = handouts.build(notebooks_dir=args.notebooks, out_dir=args.out, jobs=args.jobs,
                            force=args.force, pdf=args.pdf, student_dir=args.student)
    print(result.summary())
    return 0 if result.ok else 1


def _add_app(sub):
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


# --------------------------------------------------------------------------- figures
def _add_figures(sub):
    p = sub.add_parser("figures", help="regenerate the course figures under figures/")
    p.add_argument("--out", default="figures", help="output folder (default: figures)")
    p.set_defaults(func=_cmd_figures)


def _cmd_figures(args) -> int:
    from hipcourse.views import plots

    for path in plots.generate_all(args.out):
        print(path)
    return 0


# --------------------------------------------------------------------------- progress / journal
def _add_db(p) -> None:
    p.add_argument("--db", metavar="PATH", default=None,
                   help="journal file (default: $HIPCOURSE_DATA_DIR/journal.sqlite3, else the "
                        "user data folder's)")


def _add_assessments(sub):
    p = sub.add_parser("assessments", help="list the self-tests, their units and normal ranges")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_assessments)


def _cmd_assessments(args) -> int:
    from hipcourse.models.assessment import load_tests

    tests = load_tests().tests
    if args.json:
        _print_json([t.to_dict() for t in tests])
        return 0
    for t in tests:
        unit = {"deg": "degrees", "cm": "cm", "choice": "picture number"}[t.unit]
        print(f"{t.id}: {t.name} [{', '.join(t.groups)}]")
        print(f"    record: {unit}, {t.min:g} to {t.max:g}; normal: {t.normal_text()}")
    return 0


def _add_log(sub):
    p = sub.add_parser("log", help="record a self-test result or a stretching session")
    what = p.add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser)
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
    s.add_argument("--routine", required=True, metavar="FILE",
                   help="a routine JSON file (saved by the routine builder or `hipcourse routine --json`)")
    s.add_argument("--done", required=True, help="completed step numbers, e.g. 1,2,3")
    s.add_argument("--felt", default=None, help="how it felt overall, 0-10")
    s.add_argument("--felt-step", action="append", default=[], metavar="STEP=N",
                   help="how one step felt, 0-10, e.g. 2=7 (repeat for more steps)")
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
    print(f"recorded {t.id} {r.side} {t.format_value(r.value)} on {r.date.isoformat()} "
          f"(journal: {j.path})")
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
        s = j.add_session(routine, args.done, felt=args.felt, felt_steps=felt_steps,
                          notes=args.notes, date=args.date)
    print(f"recorded a session on {s.date.isoformat()}: {len(s.done)} of "
          f"{len(routine['steps'])} steps done (journal: {j.path})")
    return 0


def _add_progress(sub):
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
        _print_json(dict(data, journal=str(path)))
        return 0
    print(f"journal: {path}" + ("" if path.exists() else " (none yet)"))
    for line in data["summary"].values():
        print(line)
    if data["levels"]:
        print("suggested starting rungs: "
              + ", ".join(f"{g} {lvl}" for g, lvl in data["levels"].items()))
    weeks = data["minutes_per_week"][-4:]
    dose = data["dose_guidance"]
    for w, k, d in zip(weeks, data["sessions_per_week"][-4:], data["weekly_dose"][-4:]):
        mins = ", ".join(f"{g} {m:g}" for g, m in w["minutes"].items())
        met = [g for g, ok in d["met"].items() if ok]
        print(f"week of {w['week']}: {k['sessions']} session(s) on {d['days']} day(s); minutes "
              f"per side: {mins}; guidance met: {', '.join(met) if met else 'none'}")
    if weeks:
        print(f"guidance: at least {dose['weekly_min_per_group']:g} min per group a week, over "
              f"at least {dose['days_per_week']} days ({dose['source']})")
    return 0


def _add_csv_command(sub, name: str, help_text: str, func) -> None:
    p = sub.add_parser(name, help=help_text)
    p.add_argument("file", metavar="FILE.csv")
    _add_db(p)
    p.set_defaults(func=func)


def _add_export_journal(sub):
    _add_csv_command(sub, "export-journal", "write every journal record to a CSV file",
                     _cmd_export_journal)


def _cmd_export_journal(args) -> int:
    from hipcourse.models.journal import Journal

    with Journal(args.db, create=False) as j:
        n = j.export_csv(args.file)
    print(f"wrote {n} record(s) to {args.file}")
    return 0


def _add_import_journal(sub):
    _add_csv_command(sub, "import-journal", "add the records of a CSV export to the journal",
                     _cmd_import_journal)


def _cmd_import_journal(args) -> int:
    from hipcourse.models.journal import Journal

    with Journal(args.db) as j:
        result = j.import_csv(args.file)
    print(result)
    return 0


# --------------------------------------------------------------------------- routine
def _add_routine(sub):
    from hipcourse.models.restrictions import OPERATED_SIDES
    from hipcourse.models.routine import EQUIPMENT, LIMITS, SESSIONS, SIDES

    p = sub.add_parser("routine", help="plan a stretching routine for the time you have")
    p.add_argument("--minutes", default="15", help="time available, 1-120 (default: 15)")
    p.add_argument("--session", default="focused", choices=SESSIONS,
                   help="focused (climb the ladder), cool-down or desk-break (default: focused)")
    p.add_argument("--focus", action="append", default=[], metavar="ID",
                   help="a muscle group or a place it aches (repeatable; default: all groups)")
    p.add_argument("--level", action="append", default=[], metavar="GROUP=RUNG",
                   help="your rung for a group, e.g. hamstrings=2 (repeatable; default 1)")
    p.add_argument("--restriction", action="append", default=[], metavar="ID",
                   help="a restriction from the catalog, e.g. hip-replacement-posterior")
    p.add_argument("--limit", action="append", default=[], choices=sorted(LIMITS),
                   help="positions to leave out (repeatable)")
    p.add_argument("--equipment", action="append", default=None, choices=EQUIPMENT,
                   help="equipment you have (repeatable; default: all)")
    p.add_argument("--sides", default="both", choices=SIDES, help="default: both")
    p.add_argument("--operated-side", default="both", choices=OPERATED_SIDES,
                   help="the operated or injured leg, for a hip replacement or knee injury "
                        "(default: both, also when not known)")
    p.add_argument("--older-adult", action="store_true", help="longer holds (30-60 s)")
    p.add_argument("--get-ready", default="10", metavar="S",
                   help="get-ready pause before each stretch, 0-30 s (default: 10)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--html", metavar="FILE", help="also write a printable HTML handout")
    p.add_argument("--class-handout", action="store_true",
                   help="with --html: a one-page class handout with a box for a name")
    p.add_argument("--name", default="", metavar="TEXT",
                   help="name on the handout (the title of a class handout)")
    p.add_argument("--date", default=None, metavar="TEXT", help="date on the handout (default: today)")
    p.add_argument("--save", metavar="FILE", help="also save the routine as JSON (reload it "
                                                  "in the routine builder)")
    p.set_defaults(func=_cmd_routine)


def _cmd_routine(args) -> int:
    from hipcourse.models import routine as R
    from hipcourse.content.catalog import load_catalog

    levels = {}
    for item in args.level:
        group, sep, rung = item.partition("=")
        if not sep:
            raise InputError("--level", item, "GROUP=RUNG, e.g. hamstrings=2")
        levels[group.strip()] = rung.strip()
    req = R.RoutineRequest(
        minutes=args.minutes, session=args.session, focus=tuple(args.focus), levels=levels,
        restrictions=tuple(args.restriction), limits=tuple(args.limit),
        equipment=R.EQUIPMENT if args.equipment is None else tuple(args.equipment),
        sides=args.sides, operated_side=args.operated_side, older_adult=args.older_adult,
        get_ready_s=args.get_ready)
    if args.class_handout and not args.html:
        raise InputError("--class-handout", "without --html", "--class-handout with --html FILE")
    routine = R.build_routine(req)
    if args.html:
        from hipcourse.views.routine_html import write_handout

        write_handout(routine, args.html, name=args.name, date=args.date,
                      class_handout=args.class_handout)
    if args.save:
        R.save_routine(routine, args.save)
    if args.json:
        _print_json(routine.summary())
        return 0
    cat = load_catalog()
    from hipcourse.views.routine_html import dose_text

    if routine.message:
        print(routine.message)
    for i, st in enumerate(routine.steps, 1):
        s = cat.stretch(st.stretch_id)
        print(f"{i:>2}. {s.name:<52} {st.position:<9} {dose_text(st):<28} [{st.stretch_id}]")
    print(f"Total: {R.format_duration(routine.total_s)} of {req.minutes} min")
    for e in routine.excluded:
        print(f"Left out {e.stretch_id}: {e.reason}")
    for n in routine.notes:
        print(f"Note: {n}")
    for label, path in (("Handout", args.html), ("Saved", args.save)):
        if path:
            print(f"{label}: {path}")
    return 0


# --------------------------------------------------------------------------- muscles
_ANGLE_OPTIONS = (("--hip-flexion", "hip_flexion_deg", "hip flexion, + forward"),
                  ("--hip-adduction", "hip_adduction_deg", "hip adduction, - abduction"),
                  ("--hip-rotation", "hip_rotation_deg", "hip internal rotation, - external"),
                  ("--knee-flexion", "knee_flexion_deg", "knee flexion, 0 = straight"))


def _add_muscles(sub):
    from hipcourse.content.catalog import POSE_RANGES_DEG

    p = sub.add_parser("muscles", help="how much a pose or a catalog stretch lengthens each muscle "
                                       "(MyoLeg model)")
    for opt, dest, text in _ANGLE_OPTIONS:
        lo, hi = POSE_RANGES_DEG[dest]
        p.add_argument(opt, dest=dest, default=None, metavar="DEG",
                       help=f"{text} ({lo:g} to {hi:g}); default 0")
    p.add_argument("--stretch", metavar="ID", help="a catalog stretch instead of angles")
    p.add_argument("--json", action="store_true",
                   help="print a JSON list of {muscle, group, length_change_pct, fibre_strain}")
    p.set_defaults(func=_cmd_muscles)


def _cmd_muscles(args) -> int:
    from hipcourse.models import musculoskeletal as msk

    angles = {dest: getattr(args, dest) for _, dest, _ in _ANGLE_OPTIONS
              if getattr(args, dest) is not None}
    effect = None
    if args.stretch is not None:
        if angles:
            raise InputError("--stretch", args.stretch, "either --stretch or joint angles, not both")
        effect = msk.stretch_effect(args.stretch)
        change = effect.change
    else:
        change = msk.length_change(**angles)
    if args.json:
        _print_json(change.to_json())
        return 0
    if effect is not None:
        print(effect.summary())
    pose = ", ".join(f"{k.replace('_deg', '').replace('_', ' ')} {v:+.0f}°"
                     for k, v in change.pose.items())
    print(f"Pose: {pose}   (model: {msk.MODEL_NAME})")
    print(f"{'muscle':<13} {'group':<12} {'length change':>13} {'fibre strain':>13}")
    rows = sorted(change.rows, key=lambda r: (GROUP_IDS.index(r.group) if r.group else 99,
                                              -r.fibre_strain))
    for r in rows:
        pct, strain = round(r.length_change_pct, 1) + 0.0, round(r.fibre_strain, 2) + 0.0
        print(f"{r.muscle:<13} {r.group or '-':<12} {pct:>+12.1f}% {strain:>+13.2f}")
    return 0


# --------------------------------------------------------------------------- spine
def _add_spine(sub):
    p = sub.add_parser("spine", help="sagittal alignment of pelvis and spine for a pelvic "
                                     "incidence and tilt (PI, PT, SS, LL, TK, CL, SVA)")
    p.add_argument("--pelvic-incidence", metavar="DEG", default=None,
                   help="pelvic incidence, 20..100 (default 52, the adult mean)")
    tilt = p.add_mutually_exclusive_group()
    tilt.add_argument("--pelvic-tilt", metavar="DEG", default=None,
                      help="radiographic pelvic tilt, + = pelvis rolled back, -30..60 (default "
                           "13, the adult mean; with --person: the typical PT for the PI)")
    tilt.add_argument("--hip-flexor-shortening-pct", metavar="PCT", default=None,
                      help="instead of --pelvic-tilt: the standing tilt that iliacus and psoas "
                           "shortened by PCT %% force (MyoLeg model), from the typical PT")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--posture", dest="mode", action="store_const", const="posture",
                      help="one person's pelvis tilted from their neutral (default)")
    mode.add_argument("--person", dest="mode", action="store_const", const="person",
                      help="the typical spine of adults with this PI (across people)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_spine, mode="posture")


def _cmd_spine(args) -> int:
    import math

    from hipcourse.models import spine
    from hipcourse.kit.checks import number

    (pi_lo, pi_hi), (pt_lo, pt_hi) = spine.PELVIC_INCIDENCE_RANGE_DEG, spine.PELVIC_TILT_RANGE_DEG
    pi = (spine.DEFAULT_PELVIC_INCIDENCE_DEG if args.pelvic_incidence is None else
          number("--pelvic-incidence", args.pelvic_incidence, pi_lo, pi_hi, unit="deg"))
    pt = (None if args.pelvic_tilt is None else
          number("--pelvic-tilt", args.pelvic_tilt, pt_lo, pt_hi, unit="deg"))
    if args.hip_flexor_shortening_pct is not None:
        if args.mode == "person":
            raise InputError("--person", "with --hip-flexor-shortening-pct",
                             "--posture: a tilt forced by short muscles is a change within "
                             "one person")
        top = math.floor(spine.max_hip_flexor_shortening_pct() * 10) / 10
        pct = number("--hip-flexor-shortening-pct", args.hip_flexor_shortening_pct, 0, top,
                     unit="%")
        a = spine.spine_for_hip_flexor_shortening(pct, pi)
    else:
        a = spine.spine_alignment(pi, pt, args.mode)
    if args.json:
        _print_json(a.to_dict())
        return 0
    if a.mode == "person":
        print(f"Typical spine of adults with PI {a.pelvic_incidence_deg:g}° (across people)")
    else:
        print(f"One person's spine, pelvis tilted {a.anterior_tilt_deg:+.1f}° forward of their "
              f"neutral PT {a.neutral_pelvic_tilt_deg:.1f}° (within a person)")
    rows = (("pelvic incidence", "PI", a.pelvic_incidence_deg, ""),
            ("pelvic tilt", "PT", a.pelvic_tilt_deg, "+ = pelvis rolled back"),
            ("sacral slope", "SS", a.sacral_slope_deg, "PI = PT + SS"),
            ("lumbar lordosis", "LL", a.lumbar_lordosis_deg, "L1-S1"),
            ("thoracic kyphosis", "TK", a.thoracic_kyphosis_deg, "T2-T12"),
            ("cervical lordosis", "CL", a.cervical_lordosis_deg, "C2-C7"))
    for name, abbr, value, note in rows:
        print(f"  {name:<18} {abbr:<3} {value:6.1f}°  {note}")
    print(f"  {'sagittal axis':<18} SVA {a.sva_mm:+6.1f} mm C7 plumb line to the back of S1")
    print(f"  {'Roussouly type':<18}     {a.roussouly_type}")
    return 0


# --------------------------------------------------------------------------- registry
#: Subcommands, in the order `--help` lists them. Later modules add theirs here.
COMMANDS: list[Callable] = [_add_stretches, _add_build, _add_figures, _add_app,
                            _add_assessments, _add_log, _add_progress, _add_export_journal,
                            _add_import_journal]
COMMANDS.append(_add_routine)
COMMANDS.append(_add_muscles)
COMMANDS.append(_add_spine)


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
