"""`hipcourse routine`: plan a stretching routine for the time you have."""

from __future__ import annotations

from hipcourse.cli.common import print_json
from hipcourse.content.catalog import load_catalog
from hipcourse.kit.checks import InputError


def add_routine(sub):
    from hipcourse.models.restrictions import OPERATED_SIDES
    from hipcourse.models.routine import EQUIPMENT, LIMITS, SESSIONS, SIDES

    p = sub.add_parser("routine", help="plan a stretching routine for the time you have")
    p.add_argument("--minutes", default="15", help="time available, 1-120 (default: 15)")
    p.add_argument(
        "--session",
        default="focused",
        choices=SESSIONS,
        help="focused (climb the ladder), cool-down or desk-break (default: focused)",
    )
    p.add_argument(
        "--focus",
        action="append",
        default=[],
        metavar="ID",
        help="a muscle group or a place it aches (repeatable; default: all groups)",
    )
    p.add_argument(
        "--level",
        action="append",
        default=[],
        metavar="GROUP=RUNG",
        help="your rung for a group, e.g. hamstrings=2 (repeatable; default 1)",
    )
    p.add_argument(
        "--restriction",
        action="append",
        default=[],
        metavar="ID",
        help="a restriction from the catalog, e.g. hip-replacement-posterior",
    )
    p.add_argument(
        "--limit",
        action="append",
        default=[],
        choices=sorted(LIMITS),
        help="positions to leave out (repeatable)",
    )
    p.add_argument(
        "--equipment",
        action="append",
        default=None,
        choices=EQUIPMENT,
        help="equipment you have (repeatable; default: all)",
    )
    p.add_argument("--sides", default="both", choices=SIDES, help="default: both")
    p.add_argument(
        "--operated-side",
        default="both",
        choices=OPERATED_SIDES,
        help="the operated or injured leg, for a hip replacement or knee injury "
        "(default: both, also when not known)",
    )
    p.add_argument("--older-adult", action="store_true", help="longer holds (30-60 s)")
    p.add_argument(
        "--get-ready",
        default="10",
        metavar="S",
        help="get-ready pause before each stretch, 0-30 s (default: 10)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--html", metavar="FILE", help="also write a printable HTML handout")
    p.add_argument(
        "--class-handout",
        action="store_true",
        help="with --html: a one-page class handout with a box for a name",
    )
    p.add_argument(
        "--name",
        default="",
        metavar="TEXT",
        help="name on the handout (the title of a class handout)",
    )
    p.add_argument(
        "--date", default=None, metavar="TEXT", help="date on the handout (default: today)"
    )
    p.add_argument(
        "--save",
        metavar="FILE",
        help="also save the routine as JSON (reload it in the routine builder)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace an existing --html/--save file hipcourse did not write "
        "(never a journal or a saved routine)",
    )
    p.add_argument(
        "--player",
        metavar="FILE",
        help="also write a follow-along player: one HTML file with the timer, "
        "pictures and beeps that runs offline on a phone (--name: its title)",
    )
    p.set_defaults(func=_cmd_routine)


def _cmd_routine(args) -> int:
    from hipcourse.models import routine as R

    levels = {}
    for item in args.level:
        group, sep, rung = item.partition("=")
        if not sep:
            raise InputError("--level", item, "GROUP=RUNG, e.g. hamstrings=2")
        levels[group.strip()] = rung.strip()
    req = R.RoutineRequest(
        minutes=args.minutes,
        session=args.session,
        focus=tuple(args.focus),
        levels=levels,
        restrictions=tuple(args.restriction),
        limits=tuple(args.limit),
        equipment=R.EQUIPMENT if args.equipment is None else tuple(args.equipment),
        sides=args.sides,
        operated_side=args.operated_side,
        older_adult=args.older_adult,
        get_ready_s=args.get_ready,
    )
    if args.class_handout and not args.html:
        raise InputError("--class-handout", "without --html", "--class-handout with --html FILE")
    from hipcourse.kit.files import check_target

    for target in (args.html, args.save, args.player):  # refuse before writing any file
        if target:
            check_target(target, force=args.force)
    routine = R.build_routine(req)
    if args.html:
        from hipcourse.views.routine_html import write_handout

        write_handout(
            routine,
            args.html,
            name=args.name,
            date=args.date,
            class_handout=args.class_handout,
            force=args.force,
        )
    if args.save:
        R.save_routine(routine, args.save, overwrite=args.force)
    if args.player:
        from hipcourse.views.player import write_player

        write_player(routine, args.player, title=args.name, force=args.force)
    if args.json:
        print_json(routine.summary())
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
    for label, path in (("Handout", args.html), ("Saved", args.save), ("Player", args.player)):
        if path:
            print(f"{label}: {path}")
    return 0
