"""Make ``opensim_rajagopal2016_lengths.json``: musculotendon lengths from OpenSim itself.

This script documents how the fidelity reference used by ``tests/test_opensim_fidelity.py``
was made. It is not a test (pytest does not collect it) and CI never runs it: it needs the
``opensim`` Python package (``pip install opensim``; 4.6 was used) and a copy of the
Rajagopal et al. (2016) model file, which this project does not ship::

    python tests/data/make_opensim_reference.py PATH/TO/Rajagopal2015.osim \
        [--source "opensim-org/opensim-models Models/RajagopalModel/Rajagopal2015.osim @ COMMIT"] \
        [--note "how the file was obtained"]

For every pose it fixes the pelvis, sets ``hip_flexion_r``, ``hip_adduction_r``,
``hip_rotation_r`` and ``knee_angle_r`` (radians; all four use the course's signs: hip flexion,
adduction and internal rotation positive, knee flexion positive, range 0 to 2.0944 rad in the
model), leaves ankle, subtalar and toe joints at zero, and lets OpenSim assemble the model so
that its coordinate coupler constraint drives the patella (``knee_angle_r_beta``). It checks
that the set angles were kept and that the patella coordinate follows the knee, then records
``Muscle.getLength`` (origin to insertion along the wrapped path) of every right-leg muscle.

Reference
---------
Rajagopal A., Dembia C.L., DeMers M.S., Delp D.D., Hicks J.L., Delp S.L. (2016) Full-body
musculoskeletal model for muscle-driven simulation of human gait. IEEE Trans Biomed Eng
63(10):2068-2079. doi:10.1109/TBME.2016.2586891
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "opensim_rajagopal2016_lengths.json"
JOINTS = ("hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg", "knee_flexion_deg")
COORDS = ("hip_flexion_r", "hip_adduction_r", "hip_rotation_r", "knee_angle_r")
#: Model coordinates held at zero (pelvis fixed; foot joints neutral, as in the course's model).
HELD_AT_ZERO = (
    "pelvis_tilt",
    "pelvis_list",
    "pelvis_rotation",
    "pelvis_tx",
    "pelvis_ty",
    "pelvis_tz",
    "ankle_angle_r",
    "subtalar_angle_r",
    "mtp_angle_r",
)


def poses() -> list[tuple[str, list[float]]]:
    """Standing, single-joint sweeps, seeded combinations and every catalog stretch pose [deg]."""
    out = [("standing", [0.0, 0.0, 0.0, 0.0])]
    for h in (-30, -15, 30, 60, 90, 120):
        out.append((f"hip-flexion-{h}", [h, 0, 0, 0]))
    for a in (-50, -25, 15, 30):
        out.append((f"hip-adduction-{a}", [0, a, 0, 0]))
    for r in (-40, -20, 20, 40):
        out.append((f"hip-rotation-{r}", [0, 0, r, 0]))
    for k in (30, 60, 90, 120):
        out.append((f"knee-flexion-{k}", [0, 0, 0, k]))
    # combined poses, spread over the whole range (a fixed generator, so the set never changes)
    import random

    rng = random.Random(2016)
    for i in range(22):
        pose = [
            rng.randint(-30, 120),
            rng.randint(-50, 30),
            rng.randint(-40, 40),
            rng.randint(0, 120),
        ]
        out.append((f"combined-{i:02d}", [float(x) for x in pose]))
    sys.path.insert(0, str(HERE.parent.parent))
    from hipcourse.content.catalog import load_catalog

    for s in load_catalog().stretches:
        a = s.pose.joint_angles()
        out.append((f"stretch:{s.id}", [float(a[j]) for j in JOINTS]))
    return [(n, [float(x) for x in p]) for n, p in out]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "osim", type=Path, help="path to Rajagopal2015.osim (or a file derived from it)"
    )
    ap.add_argument(
        "--source",
        default="opensim-org/opensim-models Models/RajagopalModel/Rajagopal2015.osim",
        help="where the file came from",
    )
    ap.add_argument("--note", default="", help="anything else a reader should know about the file")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    import opensim as osim

    osim.Logger.setLevelString("error")
    # Meshes are not needed for muscle paths: look for them in an empty folder.
    osim.ModelVisualizer.addDirToGeometrySearchPaths(tempfile.mkdtemp())
    model = osim.Model(str(args.osim))
    model.set_assembly_accuracy(1e-12)  # the default (1e-9) leaves the knee ~1e-3 deg off
    state = model.initSystem()
    cs = model.getCoordinateSet()
    muscles = model.getMuscles()
    names = [
        muscles.get(i).getName()
        for i in range(muscles.getSize())
        if muscles.get(i).getName().endswith("_r")
    ]

    rows, checks = [], []
    pose_list = poses()
    for label, angles in pose_list:
        for c in HELD_AT_ZERO:
            if cs.contains(c):
                cs.get(c).setValue(state, 0.0, False)
        for c, deg in zip(COORDS, angles, strict=True):
            cs.get(c).setValue(state, math.radians(deg), False)
        # assemble: the coupler constraint moves the patella coordinate with the knee
        cs.get("knee_angle_r").setValue(state, math.radians(angles[3]), True)
        model.realizePosition(state)
        got = [math.degrees(cs.get(c).getValue(state)) for c in COORDS]
        beta = math.degrees(cs.get("knee_angle_r_beta").getValue(state))
        kept = max(abs(g - a) for g, a in zip(got, angles, strict=True))
        if kept > 1e-4 or abs(beta - angles[3]) > 1e-4:
            raise SystemExit(
                f"{label}: OpenSim did not keep the pose (error {kept:.2e} deg) or "
                f"the patella did not follow (beta {beta:.4f} vs knee {angles[3]})"
            )
        checks.append(max(kept, abs(beta - angles[3])))
        rows.append([round(muscles.get(n).getLength(state), 9) for n in names])

    digest = hashlib.sha256(args.osim.read_bytes()).hexdigest()
    doc = {
        "description": (
            "Musculotendon lengths [m] of the right-leg muscles of the Rajagopal "
            "et al. (2016) model computed by OpenSim, pelvis fixed, ankle, subtalar "
            "and toes at 0, patella driven by the model's coordinate coupler "
            "constraint. Made by tests/data/make_opensim_reference.py."
        ),
        "reference": (
            "Rajagopal A. et al. (2016) Full-body musculoskeletal model for "
            "muscle-driven simulation of human gait. IEEE Trans Biomed Eng "
            "63(10):2068-2079. doi:10.1109/TBME.2016.2586891"
        ),
        "opensim_version": osim.GetVersion(),
        "model_file": {"source": args.source, "sha256_of_file_loaded": digest, "note": args.note},
        "joints": list(JOINTS),
        "coordinates": list(COORDS),
        "units": {"angles": "degrees", "lengths": "metres"},
        "max_pose_error_deg": max(checks),
        "muscles": names,
        "poses": [{"label": n, "angles_deg": a} for n, a in pose_list],
        "lengths_m": rows,
    }
    tmp = args.out.with_name(f".{args.out.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, args.out)
    print(
        f"wrote {args.out}: {len(pose_list)} poses x {len(names)} muscles, "
        f"OpenSim {doc['opensim_version']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
