"""Text for the command line: a stretch's whole-body pose, and both legs' muscles in it.

``hipcourse pose ID --json`` prints :func:`pose_json`; ``hipcourse muscles --stretch ID``
prints :func:`both_legs_table` after the verdict on the target leg.
"""

from __future__ import annotations

import json

from hipcourse.content.catalog import GROUP_IDS, load_catalog
from hipcourse.models import musculoskeletal as msk
from hipcourse.models import poses


def pose_json(stretch_id: str) -> str:
    """The whole-body pose of a stretch as JSON text (the issue-15 format)."""
    return json.dumps(poses.whole_body_pose(stretch_id).to_json(), indent=1)


def pose_summary(stretch_id: str) -> str:
    """A few readable lines: side, props, the feasibility margins."""
    p = poses.whole_body_pose(stretch_id)
    s = load_catalog().stretch(stretch_id)
    f = p.feasibility
    props = ", ".join(x["kind"] for x in p.props) or "none"
    lines = [
        f"{s.name} [{stretch_id}]: target leg {p.target_side}; props: {props}",
        f"feasible: {'yes' if f.ok else 'no: ' + '; '.join(f.problems)}",
        "margins [m]: " + ", ".join(f"{k} {v:+.3f}" for k, v in f.to_dict().items()),
    ]
    return "\n".join(lines)


def both_legs_table(stretch_id: str) -> str:
    """Both legs' % length change and fibre strain in the stretch's whole-body pose."""
    legs = poses.leg_changes(stretch_id)
    right, left = legs.legs["right"], legs.legs["left"]
    target = " and ".join(legs.target_legs)
    head = (
        f"Both legs in the whole-body pose (target: {target} leg"
        f"{'s' if len(legs.target_legs) > 1 else ''}; the other leg as the pose puts it)"
    )
    lines = [
        head,
        f"{'muscle':<11} {'group':<12} {'right %':>9} {'strain':>7}   {'left %':>9} {'strain':>7}",
    ]
    rows = sorted(
        right.rows, key=lambda r: (GROUP_IDS.index(r.group) if r.group else 99, -r.fibre_strain)
    )
    for r in rows:
        base = r.muscle[:-2]
        lr = left[base + "_l"]
        lines.append(
            f"{base:<11} {r.group or '-':<12} {r.length_change_pct:>+8.1f}% "
            f"{r.fibre_strain:>+7.2f}   {lr.length_change_pct:>+8.1f}% "
            f"{lr.fibre_strain:>+7.2f}"
        )
    lines.append(f"(model: {msk.MODEL_NAME}; right leg = the catalog's angles)")
    return "\n".join(lines)


def both_legs_json(stretch_id: str) -> str:
    return json.dumps(poses.leg_changes(stretch_id).to_json(), indent=1)
