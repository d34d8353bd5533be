"""The model's names and constants: versions, joints and their ranges, the published values the
corrections and fibre strain rest on; and the validation of a pose's angles [deg].

See :mod:`hipcourse.models.musculoskeletal` for the sign conventions and references.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from typing import Any

import numpy as np

from hipcourse.content.catalog import POSE_RANGES_DEG
from hipcourse.kit.checks import InputError, number


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # pragma: no cover - both are dependencies
        return "unknown"


#: Versions of the packages that make up the model (read from package metadata, cheaply).
MYO_SIM_VERSION = _dist_version("myo-sim")
MUJOCO_VERSION = _dist_version("mujoco")
#: The model's name, to quote next to every number the course takes from it.
MODEL_NAME = (
    f"MyoLeg (myo-sim {MYO_SIM_VERSION}, MuJoCo {MUJOCO_VERSION}), "
    f"derived from Rajagopal et al. 2016"
)
#: Bump when the corrections applied to the model change (invalidates the cache).
CORRECTIONS_VERSION = 2

#: Joint ranges the model supports, degrees (min, max): the catalog's pose ranges.
JOINT_RANGES_DEG = POSE_RANGES_DEG
#: The four angles of a pose, in the order used by arrays: hip flexion, hip adduction,
#: hip rotation, knee flexion.
JOINTS = tuple(JOINT_RANGES_DEG)
_MODEL_JOINT = {
    "hip_flexion_deg": "hip_flexion_r",
    "hip_adduction_deg": "hip_adduction_r",
    "hip_rotation_deg": "hip_rotation_r",
    "knee_flexion_deg": "knee_angle_r",
}

#: Origin of the walker knee's child frame in the tibia frame, metres (Rajagopal et al.
#: 2016, ``walker_knee_r``/``_l`` ``location``): the point the knee hinges turn about.
KNEE_CHILD_OFFSET_M = {
    "r": (-0.00808954, -0.0035348, -0.00148474),
    "l": (-0.00808954, -0.0035348, 0.00148474),
}
_KNEE_HINGES = ("knee_angle_{s}", "knee_angle_rotation2_{s}", "knee_angle_rotation3_{s}")
#: A model whose knee pivot point drifts less than this at 90 degrees is accepted.
KNEE_PIVOT_TOLERANCE_M = 5e-4
#: Iliacus's wrapping surface over the pelvic brim in Rajagopal et al. (2016): a cylinder
#: ``IL_at_brim_r``/``_l`` of radius 0.0549 m and length 0.1 m. MyoLeg's geom name for it
#: (``{s}`` = side), the radius and the half-length MuJoCo's cylinder takes.
ILIACUS_WRAP = {
    "geom": "IL_at_brim_wrap_{s}",
    "tendon": "iliacus_{s}_tendon",
    "radius_m": 0.0549,
    "half_length_m": 0.05,
}

#: Optimal fibre length of each MyoLeg muscle, metres, as published with the source model
#: (Rajagopal et al. 2016, ``optimal_fiber_length`` of ``Rajagopal2015.osim``).
OPTIMAL_FIBRE_LENGTH_M = {
    "addbrev": 0.1031,
    "addlong": 0.1082,
    "addmagDist": 0.1772,
    "addmagIsch": 0.1562,
    "addmagMid": 0.1377,
    "addmagProx": 0.1056,
    "bflh": 0.0976,
    "bfsh": 0.1103,
    "edl": 0.0693,
    "ehl": 0.0748,
    "fdl": 0.0446,
    "fhl": 0.0527,
    "gaslat": 0.0588,
    "gasmed": 0.051,
    "glmax1": 0.147,
    "glmax2": 0.157,
    "glmax3": 0.167,
    "glmed1": 0.073,
    "glmed2": 0.073,
    "glmed3": 0.073,
    "glmin1": 0.068,
    "glmin2": 0.056,
    "glmin3": 0.038,
    "grac": 0.2278,
    "iliacus": 0.1066,
    "perbrev": 0.0454,
    "perlong": 0.0508,
    "piri": 0.026,
    "psoas": 0.1169,
    "recfem": 0.0759,
    "sart": 0.403,
    "semimem": 0.069,
    "semiten": 0.193,
    "soleus": 0.044,
    "tfl": 0.095,
    "tibant": 0.0683,
    "tibpost": 0.0378,
    "vasint": 0.0993,
    "vaslat": 0.0994,
    "vasmed": 0.0968,
}
#: The MuJoCo-derived L0 is used when it is within this fraction of the published value.
L0_AGREEMENT = 0.05

METRICS = ("fibre_strain", "length_change_pct")
CACHE_ENV = "HIPCOURSE_CACHE_DIR"


# =========================================================================== angles
def _angles(pose: Any = None, where: str = "", **angles) -> np.ndarray:
    """Validate one pose and return the four angles [deg] as an array."""
    if pose is not None and angles:
        raise InputError("pose", pose, "either a pose or keyword angles, not both", where=where)
    if pose is None:
        values = angles
    elif hasattr(pose, "joint_angles"):  # catalog.Pose
        values = pose.joint_angles()
    elif isinstance(pose, Mapping):
        values = {k: v for k, v in pose.items() if k != "trunk_lean_deg"}
    elif isinstance(pose, (str, bytes)) or not isinstance(pose, (Sequence, np.ndarray)):
        raise InputError(
            "pose",
            pose,
            "a catalog Pose, a mapping of joint angles or 4 numbers (" + ", ".join(JOINTS) + ")",
            where=where,
        )
    else:
        seq = (
            list(np.asarray(pose, dtype=object).ravel())
            if isinstance(pose, np.ndarray)
            else list(pose)
        )
        if len(seq) != len(JOINTS):
            raise InputError(
                "pose", pose, f"{len(JOINTS)} numbers: " + ", ".join(JOINTS), where=where
            )
        values = dict(zip(JOINTS, seq, strict=False))
    for k in values:
        if k not in JOINT_RANGES_DEG:
            raise InputError(
                str(k), values[k], "one of the joint angles " + ", ".join(JOINTS), where=where
            )
    out = np.zeros(len(JOINTS))
    for i, k in enumerate(JOINTS):
        lo, hi = JOINT_RANGES_DEG[k]
        out[i] = number(k, values.get(k, 0.0), lo, hi, unit="degrees", where=where)
    return out


def _angles_array(poses: Any) -> np.ndarray:
    """Validate many poses; return an (N, 4) float array [deg]."""
    if hasattr(poses, "joint_angles") or isinstance(poses, Mapping):
        return _angles(poses)[None, :]
    arr = None
    if isinstance(poses, np.ndarray) and poses.dtype.kind in "fiu":
        arr = np.asarray(poses, dtype=float)
    elif (
        isinstance(poses, (list, tuple))
        and poses
        and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in poses)
    ):
        arr = np.asarray(poses, dtype=float)
    if arr is not None:
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != len(JOINTS):
            raise InputError(
                "poses",
                f"array of shape {arr.shape}",
                f"an (N, {len(JOINTS)}) array of " + ", ".join(JOINTS),
            )
        lo = np.array([JOINT_RANGES_DEG[k][0] for k in JOINTS])
        hi = np.array([JOINT_RANGES_DEG[k][1] for k in JOINTS])
        bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
        if bad.any():
            i, j = map(int, np.argwhere(bad)[0])
            number(
                JOINTS[j],
                float(arr[i, j]),
                lo[j],
                hi[j],
                unit="degrees",
                where=f"poses[{i}]" if len(arr) > 1 else "",
            )
        return arr
    if isinstance(poses, (str, bytes)) or not isinstance(poses, Iterable):
        raise InputError("poses", poses, "a list of poses or an (N, 4) array of joint angles")
    rows = list(poses)
    if not rows:
        return np.zeros((0, len(JOINTS)))
    return np.array(
        [_angles(p, where=f"poses[{i}]" if len(rows) > 1 else "") for i, p in enumerate(rows)]
    )
