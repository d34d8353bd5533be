"""`hipcourse stretches`: the stretch catalog, ladder by ladder."""

from __future__ import annotations

from hipcourse.cli.common import print_json
from hipcourse.content.catalog import GROUP_IDS, load_catalog


def add_stretches(sub):
    p = sub.add_parser("stretches", help="list the stretch catalog")
    p.add_argument("--group", choices=GROUP_IDS, help="only this muscle group")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_stretches)


def _cmd_stretches(args) -> int:
    cat = load_catalog()
    groups = [args.group] if args.group else list(GROUP_IDS)
    stretches = [s for g in groups for s in cat.ladder(g)]
    if args.json:
        print_json([s.to_dict() for s in stretches])
        return 0
    for g in groups:
        print(f"{cat.group(g).name} ({g})")
        for s in cat.ladder(g):
            p = s.pose
            print(
                f"  {s.level}. {s.name:<52} {s.position:<9} "
                f"hip {p.hip_flexion_deg:+.0f}° add {p.hip_adduction_deg:+.0f}° "
                f"rot {p.hip_rotation_deg:+.0f}° knee {p.knee_flexion_deg:.0f}°   [{s.id}]"
            )
    return 0
