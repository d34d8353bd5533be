"""Which muscles does a pose lengthen? Muscle-tendon lengths in the MyoLeg model.

The model
---------
MyoLeg is the bilateral leg model of the ``myo-sim`` package, simulated with MuJoCo. It was
converted from the full-body OpenSim model of Rajagopal et al. (2016) and keeps its 80 leg
muscles; this module reports the 40 of the right leg. For a pose of the right leg it sets the
joint angles, solves the coupled knee joints, runs MuJoCo's position stage and reads each
muscle's musculotendon length (origin to insertion along its path, wrapping around bones).

Sign conventions (stated once for the whole course; degrees at every public boundary)
------------------------------------------------------------------------------------------
All angles are of the right thigh relative to the pelvis, and of the shank relative to the
thigh, zero in anatomical standing:

* ``hip_flexion_deg``: + flexion (thigh forward), - extension;
* ``hip_adduction_deg``: + adduction (towards the midline), - abduction;
* ``hip_rotation_deg``: + internal rotation, - external rotation;
* ``knee_flexion_deg``: + flexion, 0 = straight.

The allowed ranges are :data:`JOINT_RANGES_DEG` (the model's own joint limits); anything
outside, or anything that is not a number, raises :class:`~hipcourse.InputError` naming the
joint, the value and the range.

Two corrections of the knee
---------------------------
* **Coupling.** The knee is one degree of freedom: ``knee_angle_r`` drives two tibia
  translations, two small tibia rotations and three patella coordinates through MuJoCo
  joint equalities ``y - y0 = a0 + a1 (x - x0) + ... + a4 (x - x0)^4``. MuJoCo only enforces
  them during simulation, and even the standing pose ``qpos0`` violates them (the patella
  sits 1 cm off). We solve every dependent joint explicitly from the knee angle, so the
  equality residuals are zero; otherwise the vasti appear to shorten when the knee bends.
* **Pivot.** MyoLeg's three knee hinges turn about the tibia's body origin, whereas the
  walker knee of Rajagopal et al. (2016) turns about a frame offset by
  :data:`KNEE_CHILD_OFFSET_M` in the tibia. Left alone, the shin drifts by up to 15 mm at
  deep flexion and the muscles that cross the knee are off by up to a few percentage
  points. We move the hinges to that point before compiling, unless the installed
  ``myo-sim`` already puts them there (then nothing is changed); the cached model is then
  checked against the walker knee's kinematics (:func:`knee_pivot_drift_m`).

A correction of a wrapping surface
----------------------------------
In Rajagopal et al. (2016) iliacus wraps over the pelvic brim around a *cylinder*
(``IL_at_brim``, radius 0.0549 m); MyoLeg turned that surface into a *sphere* of the same
radius, which puts iliacus's % change up to 7 percentage points off (either way) when hip
extension is combined with adduction or abduction and rotation. We turn it back into a
cylinder (same place, same axis) and drop the "side site" MyoLeg attached to it: with that
site MuJoCo wraps iliacus the long way round the cylinder in deep abduction (up to 120 points
off), whereas without it MuJoCo follows OpenSim's path [4] to 0.02 points. Nothing is changed
if the installed ``myo-sim`` already has a plain cylinder there (:data:`ILIACUS_WRAP`).

Fidelity
--------
With these corrections the model's % changes agree with the Rajagopal et al. (2016) model run in
OpenSim 4.6 [4] to within 0.5 percentage points for every right-leg muscle whose path MyoLeg
kept, over the whole range of :data:`JOINT_RANGES_DEG` (``tests/test_opensim_fidelity.py``
checks it against lengths OpenSim computed for 66 poses, made by
``tests/data/make_opensim_reference.py``). The gastrocnemii lost their wrap around the femoral
condyles in MyoLeg and differ by up to about 1 point; gluteus maximus 1-2 and psoas lost their
wrapping surfaces and differ by far more (see below).

Two measures, and the rule that decides a stretch's targets
-----------------------------------------------------------
For every muscle we report, against anatomical standing (all angles zero):

* ``length_change_pct``: the % change of its musculotendon length;
* ``fibre_strain``: the change of length divided by the muscle's optimal fibre length
  ``L0`` (Rajagopal et al. 2016), i.e. how many fibre lengths the fibres are pulled out,
  assuming the tendon does not stretch and ignoring pennation.

The % change favours muscles with short tendons (gluteus maximus, adductor magnus): a long
tendon dilutes the percentage although the fibres are stretched just as much. Fibre strain
measures what a stretch acts on, the muscle fibres, and ranks the long-tendon hamstrings
and rectus femoris as physiotherapists expect. **Rule:** a stretch works most the muscle
whose fibres it lengthens most (largest ``fibre_strain``); a group's score is its
largest fibre strain, and a muscle that belongs to two groups (rectus femoris: quadriceps
and hip flexors; TFL: glutes and hip flexors) counts for both. A catalog stretch *agrees*
with the model when its declared group has the top score and each declared target muscle
that the model contains lengthens (a muscle in several parts: their mean). In plain words
for learners: "the model counts how far each muscle's fibres are pulled beyond their
standing length, in units of their own ideal length; the muscle pulled furthest is the one
the stretch works most."

Known blind spots of the rule: muscles that cross only the knee (the vasti) gain fibre
strain in any pose with a bent knee, whether or not the stretch is meant for them; and the
rule says nothing about tendons, nerves or how a stretch feels. Disagreements with the
catalog are recorded in ``stretches.toml`` as ``model_note`` and shown in the course.

Optimal fibre length
--------------------
MuJoCo's muscle model maps the actuator length onto a normalised fibre length with
``L0 = (lengthrange[1] - lengthrange[0]) / (range[1] - range[0])``, ``range`` being
``gainprm[0:2]`` (MuJoCo, ``mju_muscleGain`` in ``engine_util_misc.c``). For 29 of the 40
right-leg muscles this reproduces Rajagopal's optimal fibre length to 2.5 %; for the other 11
the conversion's fitted ``range`` sits on its optimiser's bounds (0.1 or 1.8) and the formula
gives 1.2 to 2.4 times the published value (rectus femoris 0.171 m instead of 0.0759 m).
We therefore use the MuJoCo-derived ``L0`` where it agrees with the published value within
5 % and the published value (:data:`OPTIMAL_FIBRE_LENGTH_M`) elsewhere; see
:func:`optimal_fibre_lengths_m`.

Known limits of the model (say so wherever the course discusses these muscles)
-------------------------------------------------------------------------------
* MyoLeg removed the wrapping surfaces of gluteus maximus parts 1-2 and of psoas, so their
  lengthening in deep hip flexion (gluteus maximus 1: up to 19 percentage points less than in
  OpenSim at about 100 degrees of flexion with adduction, 33 at 120 degrees of flexion with
  full adduction and internal rotation; gluteus maximus 2: up to 10 less) and in extension
  (psoas: 2 to 4 less) is under-estimated, and psoas is anchored on the pelvis (its lumbar
  part is not modelled). It also removed the gastrocnemii's wrap around the femoral condyles:
  with a straight knee they are up to 1 % longer than in OpenSim (the paths agree once the knee
  is bent 25 degrees or more), so their % changes differ by up to about 1 point.
* There is no gemellus, obturator, quadratus femoris or pectineus.
* The iliotibial band is part of the TFL path.
* Lengths only: no forces, no tendon stretch, no soft tissue, one average adult.

Speed
-----
The compiled model is cached as an MJB file in a user cache folder
(``platformdirs.user_cache_dir("hipcourse")``, or ``$HIPCOURSE_CACHE_DIR``), keyed by the
myo-sim and MuJoCo versions and written atomically; a corrupt file is rebuilt. The build
runs in a subprocess inside a temporary folder, because MuJoCo writes ``MUJOCO_LOG.TXT`` into
the current folder. MuJoCo and myo-sim are imported only when a length is first asked for.

References
----------
.. [1] Rajagopal A., Dembia C.L., DeMers M.S., Delp D.D., Hicks J.L., Delp S.L. (2016)
   Full-body musculoskeletal model for muscle-driven simulation of human gait.
   IEEE Trans Biomed Eng 63(10):2068-2079. doi:10.1109/TBME.2016.2586891
.. [2] Todorov E., Erez T., Tassa Y. (2012) MuJoCo: a physics engine for model-based
   control. IEEE/RSJ IROS, 5026-5033.
.. [3] Millard M., Uchida T., Seth A., Delp S.L. (2013) Flexing computational muscle:
   modeling and simulation of musculotendon dynamics. J Biomech Eng 135(2):021005.
.. [4] Delp S.L., Anderson F.C., Arnold A.S., Loan P., Habib A., John C.T., Guendelman E.,
   Thelen D.G. (2007) OpenSim: open-source software to create and analyze dynamic
   simulations of movement. IEEE Trans Biomed Eng 54(11):1940-1950.

Examples
--------
>>> from hipcourse import musculoskeletal as msk
>>> change = msk.length_change(knee_flexion_deg=120)
>>> round(change["vasint_r"].length_change_pct)      # the vasti lengthen with knee flexion
25
>>> msk.stretch_effect("hamstring-supine-strap").works_most
('hamstrings',)
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from hipcourse.kit.checks import InputError, number
from hipcourse.kit.resources import package_dir
from hipcourse.content.catalog import GROUP_IDS, POSE_RANGES_DEG, Stretch, load_catalog


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # pragma: no cover - both are dependencies
        return "unknown"


#: Versions of the packages that make up the model (read from package metadata, cheaply).
MYO_SIM_VERSION = _dist_version("myo-sim")
MUJOCO_VERSION = _dist_version("mujoco")
#: The model's name, to quote next to every number the course takes from it.
MODEL_NAME = (f"MyoLeg (myo-sim {MYO_SIM_VERSION}, MuJoCo {MUJOCO_VERSION}), "
              f"derived from Rajagopal et al. 2016")
#: Bump when the corrections applied to the model change (invalidates the cache).
CORRECTIONS_VERSION = 2

#: Joint ranges the model supports, degrees (min, max): the catalog's pose ranges.
JOINT_RANGES_DEG = POSE_RANGES_DEG
#: The four angles of a pose, in the order used by arrays: hip flexion, hip adduction,
#: hip rotation, knee flexion.
JOINTS = tuple(JOINT_RANGES_DEG)
_MODEL_JOINT = {"hip_flexion_deg": "hip_flexion_r", "hip_adduction_deg": "hip_adduction_r",
                "hip_rotation_deg": "hip_rotation_r", "knee_flexion_deg": "knee_angle_r"}

#: Origin of the walker knee's child frame in the tibia frame, metres (Rajagopal et al.
#: 2016, ``walker_knee_r``/``_l`` ``location``): the point the knee hinges turn about.
KNEE_CHILD_OFFSET_M = {"r": (-0.00808954, -0.0035348, -0.00148474),
                       "l": (-0.00808954, -0.0035348, 0.00148474)}
_KNEE_HINGES = ("knee_angle_{s}", "knee_angle_rotation2_{s}", "knee_angle_rotation3_{s}")
#: A model whose knee pivot point drifts less than this at 90 degrees is accepted.
KNEE_PIVOT_TOLERANCE_M = 5e-4
#: Iliacus's wrapping surface over the pelvic brim in Rajagopal et al. (2016): a cylinder
#: ``IL_at_brim_r``/``_l`` of radius 0.0549 m and length 0.1 m. MyoLeg's geom name for it
#: (``{s}`` = side), the radius and the half-length MuJoCo's cylinder takes.
ILIACUS_WRAP = {"geom": "IL_at_brim_wrap_{s}", "tendon": "iliacus_{s}_tendon",
                "radius_m": 0.0549, "half_length_m": 0.05}

#: Optimal fibre length of each MyoLeg muscle, metres, as published with the source model
#: (Rajagopal et al. 2016, ``optimal_fiber_length`` of ``Rajagopal2015.osim``).
OPTIMAL_FIBRE_LENGTH_M = {
    "addbrev": 0.1031, "addlong": 0.1082, "addmagDist": 0.1772, "addmagIsch": 0.1562,
    "addmagMid": 0.1377, "addmagProx": 0.1056, "bflh": 0.0976, "bfsh": 0.1103,
    "edl": 0.0693, "ehl": 0.0748, "fdl": 0.0446, "fhl": 0.0527, "gaslat": 0.0588,
    "gasmed": 0.051, "glmax1": 0.147, "glmax2": 0.157, "glmax3": 0.167, "glmed1": 0.073,
    "glmed2": 0.073, "glmed3": 0.073, "glmin1": 0.068, "glmin2": 0.056, "glmin3": 0.038,
    "grac": 0.2278, "iliacus": 0.1066, "perbrev": 0.0454, "perlong": 0.0508, "piri": 0.026,
    "psoas": 0.1169, "recfem": 0.0759, "sart": 0.403, "semimem": 0.069, "semiten": 0.193,
    "soleus": 0.044, "tfl": 0.095, "tibant": 0.0683, "tibpost": 0.0378, "vasint": 0.0993,
    "vaslat": 0.0994, "vasmed": 0.0968,
}
#: The MuJoCo-derived L0 is used when it is within this fraction of the published value.
L0_AGREEMENT = 0.05

METRICS = ("fibre_strain", "length_change_pct")
CACHE_ENV = "HIPCOURSE_CACHE_DIR"


# =========================================================================== public records
@dataclass(frozen=True)
class MuscleChange:
    """How one muscle's length changes from standing to a pose.

    Attributes
    ----------
    muscle : str
        MyoLeg actuator name, e.g. ``"recfem_r"``.
    catalog_id : str or None
        The catalog muscle it belongs to (``"rectus-femoris"``), None if the course does not
        teach it (foot and calf muscles).
    group : str or None
        The catalog muscle's primary group; ``groups`` lists all of them.
    length_m, reference_length_m : float
        Musculotendon length in the pose and in anatomical standing [m].
    length_change_pct : float
        ``100 (length - reference) / reference`` [%].
    fibre_strain : float
        ``(length - reference) / L0`` with ``L0`` the optimal fibre length [-].
    optimal_fibre_length_m : float
        The ``L0`` used [m].
    """

    muscle: str
    catalog_id: str | None
    group: str | None
    groups: tuple[str, ...]
    length_m: float
    reference_length_m: float
    length_change_pct: float
    fibre_strain: float
    optimal_fibre_length_m: float

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: exactly ``muscle``, ``group``, ``length_change_pct``, ``fibre_strain``."""
        return {"muscle": self.muscle, "group": self.group,
                "length_change_pct": round(self.length_change_pct, 3) + 0.0,
                "fibre_strain": round(self.fibre_strain, 4) + 0.0}


@dataclass(frozen=True)
class GroupChange:
    """Summary of one muscle group in a pose (a muscle in two groups counts for both)."""

    group: str
    muscles: tuple[str, ...]
    max_fibre_strain: float
    top_muscle: str
    mean_length_change_pct: float
    max_length_change_pct: float


@dataclass(frozen=True)
class LengthChange:
    """Every right-leg muscle's change of length from standing to ``pose``.

    ``rows`` holds one :class:`MuscleChange` per muscle, in the model's order. Index it by
    actuator name (``change["recfem_r"]``, the ``_r`` may be left out).
    """

    pose: dict
    rows: tuple[MuscleChange, ...]
    model: str = MODEL_NAME

    def __getitem__(self, name: str) -> MuscleChange:
        key = name if name.endswith(("_r", "_l")) else name + "_r"
        for row in self.rows:
            if row.muscle == key:
                return row
        raise KeyError(f"unknown muscle {name!r}; known: {', '.join(r.muscle for r in self.rows)}")

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def top(self, n: int = 5, metric: str = "fibre_strain",
            grouped_only: bool = True) -> tuple[MuscleChange, ...]:
        """The ``n`` muscles that lengthen most by ``metric`` ("fibre_strain" or
        "length_change_pct"); ``grouped_only`` keeps the muscles the course teaches."""
        from hipcourse.kit.checks import choice, integer

        metric = choice("metric", metric, METRICS)
        n = integer("n", n, 1)
        rows = [r for r in self.rows if r.group or not grouped_only]
        return tuple(sorted(rows, key=lambda r: -getattr(r, metric))[:n])

    def by_group(self) -> tuple[GroupChange, ...]:
        """One :class:`GroupChange` per catalog group, in teaching order."""
        out = []
        for g in GROUP_IDS:
            rows = [r for r in self.rows if g in r.groups]
            if not rows:
                continue
            top = max(rows, key=lambda r: r.fibre_strain)
            pct = [r.length_change_pct for r in rows]
            out.append(GroupChange(group=g, muscles=tuple(r.muscle for r in rows),
                                   max_fibre_strain=top.fibre_strain, top_muscle=top.muscle,
                                   mean_length_change_pct=float(np.mean(pct)),
                                   max_length_change_pct=float(max(pct))))
        return tuple(out)

    def by_catalog_muscle(self) -> dict[str, tuple[float, float]]:
        """``{catalog id: (mean length_change_pct, mean fibre_strain)}`` over its model parts."""
        parts: dict[str, list[MuscleChange]] = {}
        for r in self.rows:
            if r.catalog_id:
                parts.setdefault(r.catalog_id, []).append(r)
        return {k: (float(np.mean([r.length_change_pct for r in v])),
                    float(np.mean([r.fibre_strain for r in v]))) for k, v in parts.items()}

    def to_json(self) -> list[dict[str, Any]]:
        """A list of ``{"muscle", "group", "length_change_pct", "fibre_strain"}`` dicts."""
        return [r.to_dict() for r in self.rows]


@dataclass(frozen=True)
class TargetCheck:
    """Does a declared target muscle lengthen in the stretch?"""

    muscle_id: str
    name: str
    modelled: bool
    length_change_pct: float | None
    fibre_strain: float | None

    @property
    def lengthens(self) -> bool | None:
        """True/False for a modelled muscle, None for one the model does not contain."""
        return None if not self.modelled else self.length_change_pct > 0.0


@dataclass(frozen=True)
class StretchEffect:
    """What the model says a catalog stretch does, judged by the module's rule.

    Use :meth:`group_ranking`, :meth:`top_muscles`, :meth:`target_checks`, and the
    :attr:`works_most`, :attr:`group_agrees` and :attr:`agrees` verdicts.
    """

    stretch_id: str
    stretch_name: str
    group: str
    targets: tuple[str, ...]
    change: LengthChange
    model_note: str = ""

    def group_ranking(self) -> tuple[GroupChange, ...]:
        """Groups sorted by their largest fibre strain, most-worked first."""
        return tuple(sorted(self.change.by_group(), key=lambda g: -g.max_fibre_strain))

    def top_muscles(self, n: int = 5, metric: str = "fibre_strain") -> tuple[MuscleChange, ...]:
        """The ``n`` taught muscles that lengthen most by ``metric``."""
        return self.change.top(n, metric=metric, grouped_only=True)

    @property
    def works_most(self) -> tuple[str, ...]:
        """The group(s) with the top score (ties: a muscle shared by two groups)."""
        ranking = self.group_ranking()
        best = ranking[0].max_fibre_strain
        return tuple(g.group for g in ranking if g.max_fibre_strain >= best - 1e-12)

    @property
    def group_agrees(self) -> bool:
        return self.group in self.works_most

    def target_checks(self) -> tuple[TargetCheck, ...]:
        cat = load_catalog()
        parts = self.change.by_catalog_muscle()
        out = []
        for t in self.targets:
            name = cat.muscle(t).name
            if t in parts:
                pct, strain = parts[t]
                out.append(TargetCheck(t, name, True, pct, strain))
            else:
                out.append(TargetCheck(t, name, False, None, None))
        return tuple(out)

    @property
    def targets_lengthen(self) -> bool:
        return all(c.lengthens is not False for c in self.target_checks())

    @property
    def agrees(self) -> bool:
        """The catalog's claim holds by the rule: group on top, every target lengthens."""
        return self.group_agrees and self.targets_lengthen

    def summary(self) -> str:
        """The verdict in plain words (for notebooks and the command line)."""
        cat = load_catalog()
        top = self.top_muscles(3)
        names = ", ".join(f"{_display_name(r)} ({r.fibre_strain:.2f})" for r in top)
        most = " and ".join(cat.group(g).name.lower() for g in self.works_most)
        verdict = ("agrees with the catalog" if self.agrees else
                   "disagrees with the catalog")
        text = (f"{self.stretch_name}: the fibres pulled furthest are {names} optimal fibre "
                f"lengths; it works the {most} most, so the model {verdict} "
                f"(declared group: {cat.group(self.group).name.lower()}).")
        missing = [c.name for c in self.target_checks() if c.lengthens is False]
        if missing:
            text += " Declared targets that do not lengthen: " + ", ".join(missing) + "."
        if self.model_note:
            text += " Note: " + self.model_note
        return text

    def __str__(self) -> str:
        return self.summary()


@dataclass(frozen=True)
class MuscleComparison:
    """Two catalog muscles compared in one stretch (e.g. gluteus minimus vs medius)."""

    stretch_id: str
    muscle_a: str
    muscle_b: str
    a_length_change_pct: float
    b_length_change_pct: float
    a_fibre_strain: float
    b_fibre_strain: float

    @property
    def longer(self) -> str:
        """The muscle the stretch works more by the rule (larger mean fibre strain)."""
        return self.muscle_a if self.a_fibre_strain >= self.b_fibre_strain else self.muscle_b

    @property
    def both_measures_agree(self) -> bool:
        """True when the % change ranks the two muscles the same way as fibre strain."""
        by_pct = self.muscle_a if self.a_length_change_pct >= self.b_length_change_pct else self.muscle_b
        return by_pct == self.longer

    def __str__(self) -> str:
        cat = load_catalog()
        a, b = cat.muscle(self.muscle_a).name, cat.muscle(self.muscle_b).name
        return (f"{a}: {self.a_length_change_pct:+.0f} % length, fibre strain "
                f"{self.a_fibre_strain:.2f}; {b}: {self.b_length_change_pct:+.0f} % length, "
                f"fibre strain {self.b_fibre_strain:.2f}. The model says this stretch works "
                f"{cat.muscle(self.longer).name} more"
                + (" by both measures." if self.both_measures_agree else
                   " by fibre strain (the % change disagrees)."))


@dataclass(frozen=True)
class PoseGeometry:
    """Points and muscle paths of a pose, in the pelvis frame (metres).

    Axes: x forward (anterior), y up (superior), z to the right. ``points`` holds
    ``pelvis`` (origin), ``hip``, ``knee``, ``ankle``, ``heel``, ``toe`` (the big-toe joint),
    ``lumbar``, ``shoulder`` and ``head``; ``paths`` maps muscle names to (k, 3) arrays.
    """

    points: dict
    paths: dict


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
        raise InputError("pose", pose, "a catalog Pose, a mapping of joint angles or 4 numbers "
                         "(" + ", ".join(JOINTS) + ")", where=where)
    else:
        seq = list(np.asarray(pose, dtype=object).ravel()) if isinstance(pose, np.ndarray) else list(pose)
        if len(seq) != len(JOINTS):
            raise InputError("pose", pose, f"{len(JOINTS)} numbers: " + ", ".join(JOINTS), where=where)
        values = dict(zip(JOINTS, seq))
    for k in values:
        if k not in JOINT_RANGES_DEG:
            raise InputError(str(k), values[k], "one of the joint angles " + ", ".join(JOINTS),
                             where=where)
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
    elif isinstance(poses, (list, tuple)) and poses and all(
            isinstance(x, (int, float)) and not isinstance(x, bool) for x in poses):
        arr = np.asarray(poses, dtype=float)
    if arr is not None:
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != len(JOINTS):
            raise InputError("poses", f"array of shape {arr.shape}",
                             f"an (N, {len(JOINTS)}) array of " + ", ".join(JOINTS))
        lo = np.array([JOINT_RANGES_DEG[k][0] for k in JOINTS])
        hi = np.array([JOINT_RANGES_DEG[k][1] for k in JOINTS])
        bad = ~np.isfinite(arr) | (arr < lo) | (arr > hi)
        if bad.any():
            i, j = map(int, np.argwhere(bad)[0])
            number(JOINTS[j], float(arr[i, j]), lo[j], hi[j], unit="degrees",
                   where=f"poses[{i}]" if len(arr) > 1 else "")
        return arr
    if isinstance(poses, (str, bytes)) or not isinstance(poses, Iterable):
        raise InputError("poses", poses, "a list of poses or an (N, 4) array of joint angles")
    rows = list(poses)
    if not rows:
        return np.zeros((0, len(JOINTS)))
    return np.array([_angles(p, where=f"poses[{i}]" if len(rows) > 1 else "")
                     for i, p in enumerate(rows)])


# =========================================================================== cache and build
def cache_dir() -> Path:
    """Where the compiled model is cached: ``$HIPCOURSE_CACHE_DIR`` or the user cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("hipcourse"))


def cache_path() -> Path:
    """The MJB file for the installed myo-sim and MuJoCo versions."""
    key = f"myoleg-myosim{MYO_SIM_VERSION}-mujoco{MUJOCO_VERSION}-fix{CORRECTIONS_VERSION}"
    return cache_dir() / f"{key}.mjb"


def model_version() -> str:
    """The versions behind the numbers: myo-sim, MuJoCo and this module's corrections."""
    return (f"myo-sim {MYO_SIM_VERSION}, MuJoCo {MUJOCO_VERSION}, hipcourse model corrections "
            f"v{CORRECTIONS_VERSION}")


def _pivot_action(positions: Iterable[Sequence[float]], offset: Sequence[float]) -> str:
    """What to do with the knee hinges' anchors: "apply", "already-correct" or "unknown".

    "apply" when every hinge still turns about the tibia origin (MyoLeg as converted);
    "already-correct" when every hinge already turns about the walker-knee child frame
    (a future myo-sim that fixed it); "unknown" for anything else (left alone, with a
    warning).
    """
    pos = [np.asarray(p, dtype=float) for p in positions]
    if not pos:
        return "unknown"
    if all(np.allclose(p, 0.0, atol=1e-9) for p in pos):
        return "apply"
    if all(np.allclose(p, offset, atol=1e-6) for p in pos):
        return "already-correct"
    return "unknown"


def _correct_knee_pivot(spec) -> dict[str, str]:
    """Move both knees' hinges to the walker-knee child frame in ``spec`` (if needed)."""
    actions = {}
    for side, offset in KNEE_CHILD_OFFSET_M.items():
        joints = [spec.joint(h.format(s=side)) for h in _KNEE_HINGES]
        if any(j is None for j in joints):
            actions[side] = "unknown"
            continue
        action = _pivot_action([j.pos for j in joints], offset)
        if action == "apply":
            for j in joints:
                j.pos = list(offset)
        actions[side] = action
    if "unknown" in actions.values():
        warnings.warn("hipcourse: the knee hinges of this myo-sim release are not where "
                      "MyoLeg 0.2 put them; the knee pivot was left as it is and only "
                      "checked", RuntimeWarning, stacklevel=2)
    return actions


def _wrap_action(geom_type: str, radius_m: float, has_sidesite: bool) -> str:
    """What to do with iliacus's brim wrap: "apply", "already-correct" or "unknown".

    "apply" for MyoLeg's sphere (or a cylinder that still has a side site) of Rajagopal's
    radius; "already-correct" for a cylinder of that radius without a side site (a future
    myo-sim that fixed it); "unknown" for anything else (left alone, with a warning).
    """
    if not math.isclose(radius_m, ILIACUS_WRAP["radius_m"], rel_tol=1e-3):
        return "unknown"
    if geom_type == "sphere" or (geom_type == "cylinder" and has_sidesite):
        return "apply"
    return "already-correct" if geom_type == "cylinder" else "unknown"


def _geom_kind(geom_type) -> str:
    import mujoco

    return {int(mujoco.mjtGeom.mjGEOM_SPHERE): "sphere",
            int(mujoco.mjtGeom.mjGEOM_CYLINDER): "cylinder"}.get(int(geom_type), str(geom_type))


def _correct_iliacus_wrap(spec) -> dict[str, str]:
    """Turn MyoLeg's spherical iliacus brim wrap back into Rajagopal's cylinder (if needed).

    Only the geom can be changed in the spec; the side site is dropped from the compiled model
    by :func:`_drop_iliacus_sidesite` for every side this returns "apply" for.
    """
    import mujoco

    actions = {}
    for side in KNEE_CHILD_OFFSET_M:
        geom = spec.geom(ILIACUS_WRAP["geom"].format(s=side))
        tendon = spec.tendon(ILIACUS_WRAP["tendon"].format(s=side))
        wraps = [] if geom is None or tendon is None else [
            w for w in tendon.path if w.target is not None and w.target.name == geom.name]
        if len(wraps) != 1:
            actions[side] = "unknown"
            continue
        action = _wrap_action(_geom_kind(geom.type), float(geom.size[0]),
                              wraps[0].sidesite is not None)
        if action == "apply":
            geom.type = mujoco.mjtGeom.mjGEOM_CYLINDER
            geom.size = [ILIACUS_WRAP["radius_m"], ILIACUS_WRAP["half_length_m"], 0.0]
        actions[side] = action
    if "unknown" in actions.values():
        warnings.warn("hipcourse: iliacus's wrapping surface in this myo-sim release is not the "
                      "sphere MyoLeg 0.2 had; it was left as it is", RuntimeWarning, stacklevel=2)
    return actions


def _iliacus_wraps(model, side: str) -> list[int]:
    """Indices into ``model.wrap_*`` of iliacus's brim wrap on ``side`` (empty if absent)."""
    import mujoco

    geom = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_GEOM, ILIACUS_WRAP["geom"].format(s=side))
    tendon = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_TENDON,
                               ILIACUS_WRAP["tendon"].format(s=side))
    if geom < 0 or tendon < 0:
        return []
    adr = model.tendon_adr[tendon]
    return [k for k in range(adr, adr + model.tendon_num[tendon])
            if model.wrap_objid[k] == geom and int(model.wrap_type[k]) in (
                int(mujoco.mjtWrap.mjWRAP_SPHERE), int(mujoco.mjtWrap.mjWRAP_CYLINDER))]


def _drop_iliacus_sidesite(model, actions: Mapping[str, str]) -> None:
    """Remove the side site of iliacus's brim wrap in the compiled ``model`` (in place)."""
    for side, action in actions.items():
        if action == "apply":
            for k in _iliacus_wraps(model, side):
                model.wrap_prm[k] = -1.0


def _iliacus_wrap_action(model, side: str = "r") -> str:
    """How iliacus wraps in a compiled model: "apply" means MyoLeg's uncorrected wrap."""
    import mujoco

    wraps = _iliacus_wraps(model, side)
    if len(wraps) != 1:
        return "unknown"
    k = wraps[0]
    geom = model.wrap_objid[k]
    cylinder = int(model.wrap_type[k]) == int(mujoco.mjtWrap.mjWRAP_CYLINDER)
    kind = "cylinder" if cylinder else "sphere"
    return _wrap_action(kind, float(model.geom_size[geom, 0]), bool(model.wrap_prm[k] >= 0))


def _build_model_file(path: Path) -> dict:
    """Build MyoLeg, correct the knee and iliacus's wrap, check it, save it atomically (MJB).

    Run this in a throw-away working folder: building writes ``MUJOCO_LOG.TXT`` there.
    """
    import mujoco
    from myo_sim.build.compose import build_spec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = build_spec("myolegs")
        actions = _correct_knee_pivot(spec)
        wrap_actions = _correct_iliacus_wrap(spec)
        model = spec.compile()
        _drop_iliacus_sidesite(model, wrap_actions)
    drift = {s: knee_pivot_drift_m(model, side=s) for s in KNEE_CHILD_OFFSET_M}
    if max(drift.values()) > KNEE_PIVOT_TOLERANCE_M:
        raise RuntimeError(f"the knee pivot of the built model drifts by "
                           f"{1000 * max(drift.values()):.1f} mm at 90 degrees (limit "
                           f"{1000 * KNEE_PIVOT_TOLERANCE_M:.1f} mm); refusing to cache it")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mujoco.mj_saveModel(model, str(tmp), None)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    meta = {"knee_pivot": actions, "knee_pivot_drift_m": drift, "iliacus_wrap": wrap_actions,
            "model": MODEL_NAME,
            "version": model_version()}
    _write_json_atomic(path.with_suffix(".json"), meta)
    return meta


def _write_json_atomic(path: Path, obj) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _build_in_subprocess(path: Path) -> None:
    """Build the model file in a fresh Python process inside a temporary working folder."""
    env = dict(os.environ)
    env["PYTHONWARNINGS"] = "ignore"
    src = str(package_dir().parent)
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    with tempfile.TemporaryDirectory(prefix="hipcourse-build-") as tmp:
        proc = subprocess.run([sys.executable, "-m", "hipcourse.models.musculoskeletal",
                               "--build-cache", str(path)], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not path.exists():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"building the MyoLeg model failed: {tail[0]}")


class _QuietMujoco:
    """Route MuJoCo's warnings to a list while loading (its default handler would write
    ``MUJOCO_LOG.TXT`` into the learner's current folder, e.g. for a corrupt cache file)."""

    def __enter__(self):
        import mujoco

        self.messages: list[str] = []
        self._previous = mujoco.get_mju_user_warning()
        mujoco.set_mju_user_warning(self.messages.append)
        return self

    def __exit__(self, *exc):
        import mujoco

        mujoco.set_mju_user_warning(self._previous)
        return False


def _load_compiled(path: Path | None = None):
    """The compiled, corrected model from the cache, rebuilding a missing or corrupt file."""
    import mujoco

    path = (Path(path) if path is not None else cache_path()).expanduser().resolve()
    if path.exists():
        try:
            with _QuietMujoco():
                model = mujoco.MjModel.from_binary_path(str(path))
            _check_model(model)
            return model
        except Exception:  # corrupt, truncated or from an incompatible build: rebuild
            path.unlink(missing_ok=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(path.parent, os.W_OK)
    except OSError:
        writable = False
    if not writable:  # e.g. a read-only home folder: build for this session only
        user = getattr(os, "getuid", lambda: 0)()
        path = Path(tempfile.gettempdir()) / f"hipcourse-cache-{user}" / path.name
        warnings.warn(f"hipcourse: cannot write the model cache; using {path.parent} "
                      f"(set {CACHE_ENV} to a writable folder)", RuntimeWarning, stacklevel=2)
        if path.exists():
            return _load_compiled(path)
    _build_in_subprocess(path)
    with _QuietMujoco() as quiet:
        model = mujoco.MjModel.from_binary_path(str(path))
    if quiet.messages:
        warnings.warn("MuJoCo: " + "; ".join(quiet.messages), RuntimeWarning, stacklevel=2)
    _check_model(model)
    return model


def _check_model(model) -> None:
    import mujoco

    for name in ("recfem_r", "semimem_r", "vasint_r", "glmin1_r"):
        if mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_ACTUATOR, name) < 0:
            raise RuntimeError(f"the cached model has no actuator {name!r}")
    for joint in _MODEL_JOINT.values():
        if mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT, joint) < 0:
            raise RuntimeError(f"the cached model has no joint {joint!r}")
    drift = knee_pivot_drift_m(model, side="r")
    if drift > KNEE_PIVOT_TOLERANCE_M:
        raise RuntimeError(f"the cached model's knee pivot drifts by {1000 * drift:.1f} mm")
    if _iliacus_wrap_action(model, "r") == "apply":
        raise RuntimeError("the cached model's iliacus still wraps the way MyoLeg converted it")


# =========================================================================== kinematics
def _joint_equalities(model):
    """Active joint-coupling equalities as arrays ``(dependent qpos adr, independent adr or -1,
    coefficients (n, 5))``."""
    import mujoco

    dep, ind, coef = [], [], []
    for e in range(model.neq):
        if model.eq_type[e] != mujoco.mjtEq.mjEQ_JOINT or not model.eq_active0[e]:
            continue
        dep.append(model.jnt_qposadr[model.eq_obj1id[e]])
        j2 = model.eq_obj2id[e]
        ind.append(model.jnt_qposadr[j2] if j2 >= 0 else -1)
        coef.append(model.eq_data[e, :5].copy())
    return np.array(dep, dtype=int), np.array(ind, dtype=int), np.array(coef).reshape(-1, 5)


def _solve_coupling(q: np.ndarray, qpos0: np.ndarray, dep, ind, coef) -> None:
    """Set every dependent joint in ``q`` from its independent one, in place.

    MuJoCo's joint equality (``mjEQ_JOINT``) reads ``y - y0 = a0 + a1 (x - x0) + a2 (x - x0)^2
    + a3 (x - x0)^3 + a4 (x - x0)^4`` with ``y0, x0`` taken from ``qpos0`` (no independent
    joint: ``y - y0 = a0``). A dependent joint that drives another (not the case in MyoLeg)
    is handled by repeating the pass once per such link.
    """
    has = ind >= 0
    src = np.where(has, ind, 0)
    passes = 1 + len(np.intersect1d(dep, ind[has]))
    for _ in range(passes):
        x = np.where(has, q[src] - qpos0[src], 0.0)
        q[dep] = qpos0[dep] + coef[:, 0] + x * (coef[:, 1] + x * (coef[:, 2] + x * (
            coef[:, 3] + x * coef[:, 4])))


def _set_knee(model, data, knee_rad: float, side: str = "r") -> None:
    import mujoco

    dep, ind, coef = _joint_equalities(model)
    q = model.qpos0.copy()
    jid = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_JOINT, f"knee_angle_{side}")
    q[model.jnt_qposadr[jid]] = knee_rad
    _solve_coupling(q, model.qpos0, dep, ind, coef)
    data.qpos[:] = q
    mujoco.mj_kinematics(model, data)


def knee_pivot_drift_m(model, side: str = "r", knee_deg: float = 90.0) -> float:
    """How far the walker-knee centre moves off its path at ``knee_deg`` of flexion [m].

    In Rajagopal et al.'s walker knee the tibia turns about the child-frame origin
    :data:`KNEE_CHILD_OFFSET_M`; that point may only move with the knee's two small
    translations. The function places the knee (coupling solved) and returns the distance
    between where that tibia point is and where the walker knee puts it. About 0 for a
    correct model; about 13 mm at 90 degrees for MyoLeg with its hinges at the tibia origin.
    """
    import mujoco

    data = mujoco.MjData(model)
    _set_knee(model, data, math.radians(knee_deg), side)
    femur = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, f"femur_{side}")
    tibia = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, f"tibia_{side}")
    c = np.asarray(KNEE_CHILD_OFFSET_M[side])
    rf = data.xmat[femur].reshape(3, 3)
    actual = rf.T @ (data.xpos[tibia] + data.xmat[tibia].reshape(3, 3) @ c - data.xpos[femur])
    shift = np.zeros(3)
    for j in range(model.njnt):
        if model.jnt_bodyid[j] == tibia and model.jnt_type[j] == mujoco.mjtJoint.mjJNT_SLIDE:
            shift += data.qpos[model.jnt_qposadr[j]] * model.jnt_axis[j]
    expected = model.body_pos[tibia] + shift + c
    return float(np.linalg.norm(actual - expected))


class _Engine:
    """The loaded model, one MjData and the index arrays; not thread-safe on its own."""

    def __init__(self, model):
        import mujoco

        self.mj = mujoco
        self.m = model
        self.d = mujoco.MjData(model)
        m = model
        names = [m.actuator(i).name for i in range(m.nu)]
        self.act = np.array([i for i, n in enumerate(names) if n.endswith("_r")], dtype=int)
        self.names = tuple(names[i] for i in self.act)
        self.qadr = np.array([m.jnt_qposadr[mujoco.mj_name2id(m, mujoco.mjtObj.mjOBJ_JOINT, j)]
                              for j in _MODEL_JOINT.values()], dtype=int)
        self.dep, self.ind, self.coef = _joint_equalities(m)
        self.qpos0 = m.qpos0.copy()
        self.tendon = np.array([m.actuator_trnid[i, 0] for i in self.act], dtype=int)
        self.body = {n: mujoco.mj_name2id(m, mujoco.mjtObj.mjOBJ_BODY, n) for n in (
            "pelvis", "femur_r", "talus_r", "calcn_r", "toes_r", "lumbar1", "chest_r", "head")}
        self.knee_joint = mujoco.mj_name2id(m, mujoco.mjtObj.mjOBJ_JOINT, "knee_angle_r")
        self.l0 = np.array([_optimal_l0(m, i, n) for i, n in zip(self.act, self.names)])
        cat = load_catalog()
        self.catalog = []  # (catalog id, primary group, groups) per muscle, or Nones
        for n in self.names:
            mus = cat.muscle_by_model_name(n)
            self.catalog.append((mus.id, mus.group, mus.groups) if mus else (None, None, ()))
        self.lock = threading.RLock()
        self.reference = self.lengths(np.zeros((1, len(JOINTS))))[0]

    def _place(self, angles_deg: np.ndarray) -> None:
        q = self.qpos0.copy()
        q[self.qadr] = np.radians(angles_deg)
        _solve_coupling(q, self.qpos0, self.dep, self.ind, self.coef)
        self.d.qpos[:] = q
        # the part of mj_fwdPosition that lengths need (no collision or constraint stages)
        mj, m, d = self.mj, self.m, self.d
        mj.mj_kinematics(m, d)
        mj.mj_comPos(m, d)
        mj.mj_tendon(m, d)
        mj.mj_transmission(m, d)

    def lengths(self, poses_deg: np.ndarray) -> np.ndarray:
        out = np.empty((len(poses_deg), len(self.act)))
        with self.lock:
            for k, p in enumerate(poses_deg):
                self._place(p)
                out[k] = self.d.actuator_length[self.act]
        return out

    def geometry(self, angles_deg: np.ndarray, muscles: Sequence[str]) -> PoseGeometry:
        with self.lock:
            self._place(angles_deg)
            d = self.d
            pel = self.body["pelvis"]
            rp, pp = d.xmat[pel].reshape(3, 3), d.xpos[pel].copy()

            def local(x):
                return rp.T @ (np.asarray(x) - pp)

            b = self.body
            points = {"pelvis": np.zeros(3), "hip": local(d.xpos[b["femur_r"]]),
                      "knee": local(d.xanchor[self.knee_joint]),
                      "ankle": local(d.xpos[b["talus_r"]]), "heel": local(d.xpos[b["calcn_r"]]),
                      "toe": local(d.xpos[b["toes_r"]]), "lumbar": local(d.xpos[b["lumbar1"]]),
                      "shoulder": local(d.xpos[b["chest_r"]]), "head": local(d.xpos[b["head"]])}
            xyz = d.wrap_xpos.reshape(-1, 3)
            paths = {}
            for name in muscles:
                k = self.names.index(name)
                t = self.tendon[k]
                a, n = d.ten_wrapadr[t], d.ten_wrapnum[t]
                paths[name] = np.array([local(p) for p in xyz[a:a + n]])
        return PoseGeometry(points=points, paths=paths)


def _optimal_l0(model, act: int, name: str) -> float:
    """L0 of one actuator: MuJoCo's where it agrees with the published value, else published."""
    mj = mujoco_optimal_length_m(model, act)
    pub = OPTIMAL_FIBRE_LENGTH_M.get(name[:-2])
    if pub is None:
        return mj
    return mj if abs(mj / pub - 1.0) <= L0_AGREEMENT else pub


def mujoco_optimal_length_m(model, act: int) -> float:
    """MuJoCo's optimal length of muscle actuator ``act``: ``(lengthrange[1] - lengthrange[0])
    / (range[1] - range[0])`` with ``range = gainprm[0:2]`` (MuJoCo ``mju_muscleGain``)."""
    lr = model.actuator_lengthrange[act]
    rng = model.actuator_gainprm[act, :2]
    return float((lr[1] - lr[0]) / max(1e-12, rng[1] - rng[0]))


_ENGINE: _Engine | None = None
_ENGINE_LOCK = threading.Lock()


def _engine() -> _Engine:
    global _ENGINE
    if _ENGINE is None:
        with _ENGINE_LOCK:
            if _ENGINE is None:
                _ENGINE = _Engine(_load_compiled())
    return _ENGINE


def load_model():
    """The compiled, knee-corrected MuJoCo model (``mujoco.MjModel``), loading it if needed."""
    return _engine().m


# =========================================================================== public API
def muscle_names() -> tuple[str, ...]:
    """The right-leg muscle (actuator) names, in model order, e.g. ``"recfem_r"``."""
    return _engine().names


def optimal_fibre_lengths_m() -> dict[str, float]:
    """``{muscle: L0}`` used for fibre strain [m] (see the module docstring)."""
    e = _engine()
    return dict(zip(e.names, map(float, e.l0)))


def reference_lengths_m() -> dict[str, float]:
    """Musculotendon lengths in anatomical standing (all angles zero) [m]."""
    e = _engine()
    return dict(zip(e.names, map(float, e.reference)))


def musculotendon_lengths_m(poses) -> np.ndarray:
    """Musculotendon lengths [m] of every right-leg muscle for each pose.

    Parameters
    ----------
    poses : array-like of shape (N, 4), one row of 4 numbers, a catalog Pose, or a list of them
        ``[hip_flexion_deg, hip_adduction_deg, hip_rotation_deg, knee_flexion_deg]``.

    Returns
    -------
    numpy.ndarray of shape (N, n_muscles), columns in :func:`muscle_names` order.
    """
    arr = _angles_array(poses)
    return _engine().lengths(arr)


def _change_from_lengths(angles: np.ndarray, lengths: np.ndarray) -> LengthChange:
    e = _engine()
    ref, l0 = e.reference, e.l0
    pct = (100.0 * (lengths - ref) / ref).tolist()
    strain = ((lengths - ref) / l0).tolist()
    rows = []
    for k, name in enumerate(e.names):
        cid, group, groups = e.catalog[k]
        rows.append(MuscleChange(
            muscle=name, catalog_id=cid, group=group, groups=groups,
            length_m=float(lengths[k]), reference_length_m=float(ref[k]),
            length_change_pct=pct[k], fibre_strain=strain[k],
            optimal_fibre_length_m=float(l0[k])))
    pose = {k: float(v) for k, v in zip(JOINTS, angles)}
    return LengthChange(pose=pose, rows=tuple(rows))


def length_change(pose=None, **angles) -> LengthChange:
    """Change of every right-leg muscle's length from anatomical standing to ``pose``.

    Parameters
    ----------
    pose : catalog Pose, mapping, or 4 numbers, optional
        The pose; or give the angles as keywords (missing ones are 0):
        ``length_change(hip_flexion_deg=90, knee_flexion_deg=0)``.

    Returns
    -------
    LengthChange
        ``.rows`` (one :class:`MuscleChange` per muscle), ``.by_group()``, ``.top(n)``,
        ``.to_json()``.

    Raises
    ------
    InputError
        An angle outside :data:`JOINT_RANGES_DEG` or not a number; the message names the
        joint, the value and the range.
    """
    a = _angles(pose, **angles)
    return _change_from_lengths(a, _engine().lengths(a[None, :])[0])


def length_change_batch(poses) -> list[LengthChange]:
    """:func:`length_change` for many poses at once (one model pass per pose)."""
    arr = _angles_array(poses)
    lengths = _engine().lengths(arr)
    return [_change_from_lengths(a, L) for a, L in zip(arr, lengths)]


def _stretch(stretch_or_id) -> Stretch:
    if isinstance(stretch_or_id, Stretch):
        return stretch_or_id
    cat = load_catalog()
    try:
        return cat.stretch(stretch_or_id)
    except KeyError:
        raise InputError("stretch", stretch_or_id,
                         "a catalog stretch id such as " + ", ".join(s.id for s in cat.stretches[:3])
                         + " (see `hipcourse stretches`)") from None


def stretch_effect(stretch_or_id) -> StretchEffect:
    """What the model says a catalog stretch works most, by the module's rule.

    Examples
    --------
    >>> effect = stretch_effect("quad-couch")
    >>> effect.top_muscles(1)[0].muscle
    'recfem_r'
    >>> effect.agrees
    True
    """
    s = _stretch(stretch_or_id)
    return StretchEffect(stretch_id=s.id, stretch_name=s.name, group=s.group,
                         targets=s.targets, change=length_change(s.pose),
                         model_note=getattr(s, "model_note", ""))


def compare_in_stretch(stretch_or_id, muscle_a: str, muscle_b: str) -> MuscleComparison:
    """Compare two catalog muscles in one stretch (mean over each muscle's model parts).

    The course uses it for the source article's claim that its side bend
    (``glute-standing-side-bend``) works gluteus minimus rather than gluteus medius.
    """
    s = _stretch(stretch_or_id)
    parts = length_change(s.pose).by_catalog_muscle()
    cat = load_catalog()
    for m in (muscle_a, muscle_b):
        try:
            cat.muscle(m)
        except KeyError:
            raise InputError("muscle", m, "a catalog muscle id such as gluteus-minimus") from None
        if m not in parts:
            raise InputError("muscle", m, "a muscle the model contains (not "
                             + ", ".join(x.id for x in cat.muscles if not x.model) + ")")
    (pa, sa), (pb, sb) = parts[muscle_a], parts[muscle_b]
    return MuscleComparison(s.id, muscle_a, muscle_b, pa, pb, sa, sb)


def pose_geometry(pose=None, muscles: Sequence[str] = (), **angles) -> PoseGeometry:
    """Body points and the paths of ``muscles`` for drawing a pose (pelvis frame, metres)."""
    a = _angles(pose, **angles)
    e = _engine()
    names = []
    for m in muscles:
        key = m if m.endswith("_r") else m + "_r"
        if key not in e.names:
            raise InputError("muscle", m, "a right-leg muscle name such as recfem_r")
        names.append(key)
    return e.geometry(a, names)


def body_positions(pose=None, **angles) -> dict[str, np.ndarray]:
    """Points of the trunk and the right leg in a pose, pelvis frame [m] (see PoseGeometry)."""
    return pose_geometry(pose, (), **angles).points


def muscles_of(catalog_ids: Iterable[str]) -> tuple[str, ...]:
    """The right-leg model muscles of some catalog muscles (``gluteus-medius`` -> glmed1-3)."""
    cat = load_catalog()
    out = []
    for cid in catalog_ids:
        out.extend(f"{n}_r" for n in cat.muscle(cid).model)
    return tuple(out)


def _display_name(row: MuscleChange) -> str:
    if row.catalog_id is None:
        return row.muscle
    name = load_catalog().muscle(row.catalog_id).name
    base = row.muscle[:-2]
    return f"{name} ({base})" if base[-1:].isdigit() or base.startswith("addmag") else name


def display_name(muscle: str) -> str:
    """A readable name for a model muscle: ``"glmin1_r"`` -> ``"Gluteus minimus (glmin1)"``."""
    e = _engine()
    key = muscle if muscle.endswith("_r") else muscle + "_r"
    if key not in e.names:
        raise InputError("muscle", muscle, "a right-leg muscle name such as recfem_r")
    mus = load_catalog().muscle_by_model_name(key)
    row = MuscleChange(key, mus.id if mus else None, None, (), 0, 0, 0, 0, 0)
    return _display_name(row)


# =========================================================================== build entry point
def _main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--build-cache":
        _build_model_file(Path(argv[1]))
        return 0
    print("usage: python -m hipcourse.models.musculoskeletal --build-cache PATH.mjb", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover - exercised through _build_in_subprocess
    sys.exit(_main(sys.argv[1:]))
