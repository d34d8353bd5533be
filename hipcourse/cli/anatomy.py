"""`hipcourse muscles` and `hipcourse spine`: what the two models say about a pose."""

from __future__ import annotations

from hipcourse.cli.common import print_json
from hipcourse.content.catalog import GROUP_IDS
from hipcourse.kit.checks import InputError

_ANGLE_OPTIONS = (
    ("--hip-flexion", "hip_flexion_deg", "hip flexion, + forward"),
    ("--hip-adduction", "hip_adduction_deg", "hip adduction, - abduction"),
    ("--hip-rotation", "hip_rotation_deg", "hip internal rotation, - external"),
    ("--knee-flexion", "knee_flexion_deg", "knee flexion, 0 = straight"),
)


def add_muscles(sub):
    from hipcourse.content.catalog import POSE_RANGES_DEG

    p = sub.add_parser(
        "muscles", help="how much a pose or a catalog stretch lengthens each muscle (MyoLeg model)"
    )
    for opt, dest, text in _ANGLE_OPTIONS:
        lo, hi = POSE_RANGES_DEG[dest]
        p.add_argument(
            opt,
            dest=dest,
            default=None,
            metavar="DEG",
            help=f"{text} ({lo:g} to {hi:g}); default 0",
        )
    p.add_argument("--stretch", metavar="ID", help="a catalog stretch instead of angles")
    p.add_argument(
        "--ids", action="store_true", help="also show the model's muscle ids (semimem_r, ...)"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {muscle, group, length_change_pct, fibre_strain}",
    )
    p.add_argument(
        "--both-legs",
        action="store_true",
        help="with --stretch --json: both legs in the stretch's whole-body pose",
    )
    p.set_defaults(func=_cmd_muscles)


def _cmd_muscles(args) -> int:
    from hipcourse.models import musculoskeletal as msk

    angles = {
        dest: getattr(args, dest)
        for _, dest, _ in _ANGLE_OPTIONS
        if getattr(args, dest) is not None
    }
    effect = None
    if args.stretch is not None:
        if angles:
            raise InputError(
                "--stretch", args.stretch, "either --stretch or joint angles, not both"
            )
        effect = msk.stretch_effect(args.stretch)
        change = effect.change
    else:
        change = msk.length_change(**angles)
    if args.both_legs and effect is None:
        raise InputError("--both-legs", True, "--both-legs together with --stretch ID")
    if args.json:
        if args.both_legs:
            from hipcourse.models import poses

            print_json(poses.leg_changes(args.stretch).to_json())
            return 0
        print_json(change.to_json())
        return 0
    if effect is not None:
        print(effect.summary())
    pose = ", ".join(
        f"{k.replace('_deg', '').replace('_', ' ')} {v:+.0f}°" for k, v in change.pose.items()
    )
    print(f"Pose: {pose}   (model: {msk.MODEL_NAME})")
    rows = sorted(
        change.rows, key=lambda r: (GROUP_IDS.index(r.group) if r.group else 99, -r.fibre_strain)
    )
    names = {r.muscle: msk.display_name(r.muscle) for r in rows}
    width = max([len("muscle")] + [len(n) for n in names.values()])
    ids = f"{'model id':<10} " if args.ids else ""
    print(f"{'muscle':<{width}} {ids}{'group':<12} {'length change':>13} {'fibre strain':>13}")
    for r in rows:
        pct, strain = round(r.length_change_pct, 1) + 0.0, round(r.fibre_strain, 2) + 0.0
        ids = f"{r.muscle:<10} " if args.ids else ""
        print(
            f"{names[r.muscle]:<{width}} {ids}{(r.group or '-').replace('-', ' '):<12} "
            f"{pct:>+12.1f}% {strain:>+13.2f}"
        )
    if effect is not None:
        from hipcourse.views import pose_report

        print()
        print(pose_report.both_legs_table(args.stretch))
    return 0


def add_spine(sub):
    p = sub.add_parser(
        "spine",
        help="sagittal alignment of pelvis and spine for a pelvic "
        "incidence and tilt (PI, PT, SS, LL, TK, CL, SVA)",
    )
    p.add_argument(
        "--pelvic-incidence",
        metavar="DEG",
        default=None,
        help="pelvic incidence, 20..100 (default 52, the adult mean)",
    )
    tilt = p.add_mutually_exclusive_group()
    tilt.add_argument(
        "--pelvic-tilt",
        metavar="DEG",
        default=None,
        help="radiographic pelvic tilt, + = pelvis rolled back, -30..60 (default "
        "13, the adult mean; with --person: the typical PT for the PI)",
    )
    tilt.add_argument(
        "--hip-flexor-shortening-pct",
        metavar="PCT",
        default=None,
        help="instead of --pelvic-tilt: the standing tilt that iliacus and psoas "
        "shortened by PCT %% force (MyoLeg model), from the typical PT",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--posture",
        dest="mode",
        action="store_const",
        const="posture",
        help="one person's pelvis tilted from their neutral (default)",
    )
    mode.add_argument(
        "--person",
        dest="mode",
        action="store_const",
        const="person",
        help="the typical spine of adults with this PI (across people)",
    )
    p.add_argument(
        "--ids", action="store_true", help="also show the model's muscle ids (semimem_r, ...)"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_spine, mode="posture")


def _cmd_spine(args) -> int:
    import math

    from hipcourse.kit.checks import number
    from hipcourse.models import spine

    (pi_lo, pi_hi), (pt_lo, pt_hi) = spine.PELVIC_INCIDENCE_RANGE_DEG, spine.PELVIC_TILT_RANGE_DEG
    pi = (
        spine.DEFAULT_PELVIC_INCIDENCE_DEG
        if args.pelvic_incidence is None
        else number("--pelvic-incidence", args.pelvic_incidence, pi_lo, pi_hi, unit="deg")
    )
    pt = (
        None
        if args.pelvic_tilt is None
        else number("--pelvic-tilt", args.pelvic_tilt, pt_lo, pt_hi, unit="deg")
    )
    if args.hip_flexor_shortening_pct is not None:
        if args.mode == "person":
            raise InputError(
                "--person",
                "with --hip-flexor-shortening-pct",
                "--posture: a tilt forced by short muscles is a change within one person",
            )
        top = math.floor(spine.max_hip_flexor_shortening_pct() * 10) / 10
        pct = number(
            "--hip-flexor-shortening-pct", args.hip_flexor_shortening_pct, 0, top, unit="%"
        )
        a = spine.spine_for_hip_flexor_shortening(pct, pi)
    else:
        a = spine.spine_alignment(pi, pt, args.mode)
    if args.json:
        print_json(a.to_dict())
        return 0
    if a.mode == "person":
        print(f"Typical spine of adults with PI {a.pelvic_incidence_deg:g}° (across people)")
    else:
        print(
            f"One person's spine, pelvis tilted {a.anterior_tilt_deg:+.1f}° forward of their "
            f"neutral PT {a.neutral_pelvic_tilt_deg:.1f}° (within a person)"
        )
    rows = (
        ("pelvic incidence", "PI", a.pelvic_incidence_deg, ""),
        ("pelvic tilt", "PT", a.pelvic_tilt_deg, "+ = pelvis rolled back"),
        ("sacral slope", "SS", a.sacral_slope_deg, "PI = PT + SS"),
        ("lumbar lordosis", "LL", a.lumbar_lordosis_deg, "L1-S1"),
        ("thoracic kyphosis", "TK", a.thoracic_kyphosis_deg, "T2-T12"),
        ("cervical lordosis", "CL", a.cervical_lordosis_deg, "C2-C7"),
    )
    for name, abbr, value, note in rows:
        print(f"  {name:<18} {abbr:<3} {value:6.1f}°  {note}")
    print(f"  {'sagittal axis':<18} SVA {a.sva_mm:+6.1f} mm C7 plumb line to the back of S1")
    print(f"  {'Roussouly type':<18}     {a.roussouly_type}")
    return 0
