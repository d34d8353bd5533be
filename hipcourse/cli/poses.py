"""`hipcourse pose`: a stretch's whole-body pose, fitted in the full-body model."""

from __future__ import annotations

from hipcourse.cli.common import print_json
from hipcourse.kit.checks import InputError


def add_pose(sub):
    p = sub.add_parser("pose", help="a stretch's whole-body pose (joint values, floor, props)")
    p.add_argument("stretch", nargs="?", metavar="ID", help="catalog stretch id")
    p.add_argument(
        "--json", action="store_true", help='print {"qpos", "floor_z_m", "props", "target_side"}'
    )
    p.add_argument(
        "--refit",
        action="store_true",
        help="fit the pose again (every pose without ID) and update "
        "hipcourse/data/poses_fitted.json",
    )
    p.set_defaults(func=_cmd_pose)


def _cmd_pose(args) -> int:
    from hipcourse.models import poses
    from hipcourse.views import pose_report

    if args.stretch is None and not args.refit:
        raise InputError("ID", None, "a catalog stretch id (see `hipcourse stretches`) or --refit")
    if args.stretch is not None:
        poses.check_id(args.stretch)
    if args.refit:
        for sid, pose in poses.refit_all([args.stretch] if args.stretch else None).items():
            f = pose.feasibility
            print(f"{sid}: " + ("feasible" if f.ok else "NOT feasible: " + "; ".join(f.problems)))
        return 0
    if args.json:
        print_json(poses.whole_body_pose(args.stretch).to_json())
    else:
        print(pose_report.pose_summary(args.stretch))
    return 0
