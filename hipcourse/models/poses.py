"""Whole-body poses of the catalog stretches, and what they do to both legs' muscles.

Every catalog stretch has a recipe (:mod:`hipcourse.content.poses`); the fitter
(:mod:`hipcourse.models.posefit`) turns it into joint angles of the full-body model
(:mod:`hipcourse.models.wholebody`) with the target leg held at the catalog's angles. The
fitted poses are stored in ``hipcourse/data/poses_fitted.json`` with a digest of the recipe,
the catalog pose and the model version, so a stale entry is noticed and refitted (with a
warning that says how to update the file: ``hipcourse pose --refit``).

The same :class:`WholeBodyPose` drives every number and every picture of a stretch:
:func:`leg_changes` reports the % length change of each leg's muscles (the right leg's are
exactly :func:`hipcourse.models.musculoskeletal.length_change` of the catalog pose), and
:mod:`hipcourse.views.renders` draws it.

Examples
--------
>>> pose = whole_body_pose("hip-flexor-half-kneeling")
>>> pose.target_side, pose.feasibility.ok
('right', True)
>>> round(leg_changes("hip-flexor-half-kneeling").legs["right"]["recfem_r"].length_change_pct)
14
"""

from __future__ import annotations

import json
import threading
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from hipcourse.content.catalog import load_catalog
from hipcourse.content.poses import load_recipes
from hipcourse.content.poses import recipe as _recipe
from hipcourse.kit.checks import InputError
from hipcourse.kit.files import atomic_write_text
from hipcourse.kit.resources import DATA_DIR
from hipcourse.models import musculoskeletal as msk
from hipcourse.models import posefit, wholebody

FITTED_FILE = DATA_DIR / "poses_fitted.json"
#: Bump when the fitter's residuals change (invalidates every stored pose).
FITTER_VERSION = 2
_LOCK = threading.RLock()


def _version() -> str:
    return f"{msk.model_version()}; fitter v{FITTER_VERSION}"


@dataclass(frozen=True)
class WholeBodyPose:
    """One stretch's whole-body pose.

    Attributes
    ----------
    stretch_id : str
    qpos : dict
        ``{joint name: [MuJoCo qpos values]}`` for every joint of the myofullbody model (the
        free ``root`` has 7: position [m] and quaternion w, x, y, z; hinges 1 [rad]; slides
        1 [m]).
    floor_z_m : float
        Height of the floor [m] (0).
    props : list of dict
        ``{"kind", "pos_m", "size_m"}``: centre and half sizes of axis-aligned boxes [m]; a
        strap's box runs from the hands to the foot it loops around (``size_m[2]`` is half
        its length; its direction follows from the pose).
    target_side : str
        ``"right"`` or ``"both"``.
    angles_deg : dict
        The pose joints' angles [deg] by name (what the fit found, plus the fixed ones).
    feasibility : posefit.Feasibility
    """

    stretch_id: str
    qpos: dict
    floor_z_m: float
    props: list
    target_side: str
    angles_deg: dict
    feasibility: Any
    vector: Any = None

    def to_json(self) -> dict:
        """The issue-15 format: ``{"qpos", "floor_z_m", "props", "target_side"}``."""
        return {
            "qpos": self.qpos,
            "floor_z_m": self.floor_z_m,
            "props": self.props,
            "target_side": self.target_side,
        }


def check_id(stretch_id) -> str:
    """``stretch_id`` if the catalog has it, else :class:`InputError` listing the valid ids."""
    ids = [s.id for s in load_catalog().stretches]
    if stretch_id not in ids:
        raise InputError("stretch", stretch_id, "a catalog stretch id: " + ", ".join(ids))
    return stretch_id


def fixed_angles_deg(stretch_id: str) -> dict[str, float]:
    """The target leg's catalog angles as model joints (both legs for ``target_side`` both)."""
    pose = load_catalog().stretch(stretch_id).pose
    out = wholebody.leg_angles_deg(pose, "r")
    if _recipe(stretch_id).target_side == "both":
        out.update(wholebody.leg_angles_deg(pose, "l"))
    return out


def _stored() -> dict:
    try:
        return json.loads(FITTED_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _make(stretch_id: str, q: np.ndarray, angles: dict) -> WholeBodyPose:
    b = wholebody.body()
    rec = _recipe(stretch_id)
    with b.lock:
        b.place(q)
        geo = posefit.Geometry(b)
        props = posefit.place_props(geo, rec, posefit.mat_top_m(rec))
        feas = posefit.feasibility(geo, rec, props)
    m = b.m
    qpos = {}
    for j in range(m.njnt):
        a = int(m.jnt_qposadr[j])
        n = 7 if m.jnt_type[j] == 0 else 1
        qpos[m.joint(j).name] = [round(float(v), 9) + 0.0 for v in q[a : a + n]]
    return WholeBodyPose(
        stretch_id=stretch_id,
        qpos=qpos,
        floor_z_m=0.0,
        props=props,
        target_side=rec.target_side,
        angles_deg=angles,
        feasibility=feas,
        vector=q.copy(),
    )


def fit_pose(stretch_id: str) -> WholeBodyPose:
    """Fit a stretch's whole-body pose from its recipe now (seconds; no stored file used)."""
    check_id(stretch_id)
    b = wholebody.body()
    with b.lock:
        q, ang, _ = posefit.fit(b, _recipe(stretch_id), fixed_angles_deg(stretch_id))
    return _make(stretch_id, q, ang)


def _entry(pose: WholeBodyPose) -> dict:
    from scipy.spatial.transform import Rotation

    root = pose.qpos["root"]
    quat = root[3:]
    rot = Rotation.from_quat(quat, scalar_first=True).as_rotvec()
    return {
        "digest": _recipe(pose.stretch_id).digest(_version()),
        "root_pos_m": [round(v, 9) for v in root[:3]],
        "root_rotvec": [round(float(v), 9) for v in rot],
        "angles_deg": {k: round(float(v), 6) for k, v in sorted(pose.angles_deg.items())},
    }


_CACHE: dict[str, WholeBodyPose] = {}


def whole_body_pose(stretch_id: str) -> WholeBodyPose:
    """A stretch's whole-body pose, from the stored fit (refitted if the recipe changed)."""
    check_id(stretch_id)
    with _LOCK:
        if stretch_id in _CACHE:
            return _CACHE[stretch_id]
        stored = _stored().get("poses", {}).get(stretch_id)
        digest = _recipe(stretch_id).digest(_version())
        if stored and stored.get("digest") == digest:
            b = wholebody.body()
            q = b.qpos(stored["angles_deg"], stored["root_pos_m"], stored["root_rotvec"])
            pose = _make(stretch_id, q, dict(stored["angles_deg"]))
        else:
            warnings.warn(
                f"hipcourse: the stored whole-body pose of {stretch_id!r} is "
                f"{'stale' if stored else 'missing'} (its recipe, the catalog pose or "
                "the model changed); fitting it now. Run `hipcourse pose --refit` to "
                "update hipcourse/data/poses_fitted.json.",
                RuntimeWarning,
                stacklevel=2,
            )
            pose = fit_pose(stretch_id)
        _CACHE[stretch_id] = pose
        return pose


def refit_all(ids=None, path=None) -> dict[str, WholeBodyPose]:
    """Refit every recipe (or ``ids``) and write the stored file atomically."""
    path = path or FITTED_FILE
    ids = list(ids or load_recipes())
    data = _stored() if path == FITTED_FILE else {}
    poses = data.setdefault("poses", {})
    out = {}
    for sid in ids:
        out[sid] = fit_pose(sid)
        poses[sid] = _entry(out[sid])
        _CACHE[sid] = out[sid]
    data["model"] = _version()
    data["poses"] = dict(sorted(poses.items()))
    atomic_write_text(path, json.dumps(data, indent=1) + "\n")
    return out


# --------------------------------------------------------------------------- both legs
@dataclass(frozen=True)
class BothLegs:
    """Both legs' muscles in a stretch's whole-body pose.

    ``legs`` maps ``"right"`` and ``"left"`` to a
    :class:`~hipcourse.models.musculoskeletal.LengthChange` (rows named ``..._r`` / ``..._l``;
    the same measures and the same standing reference as the leg model). ``target_legs``
    names the leg(s) the catalog's angles belong to.
    """

    stretch_id: str
    target_side: str
    legs: dict

    @property
    def target_legs(self) -> tuple[str, ...]:
        return ("right", "left") if self.target_side == "both" else ("right",)

    def to_json(self) -> dict:
        return {
            "stretch": self.stretch_id,
            "target_side": self.target_side,
            "target_legs": list(self.target_legs),
            "legs": {k: v.to_json() for k, v in self.legs.items()},
        }


def _leg_change(b, q, side: str) -> msk.LengthChange:
    import mujoco

    cat = load_catalog()
    L = b.actuator_lengths(q)
    ref = b.reference_lengths_m
    rows = []
    for i, name in enumerate(b.actuators):
        if not name.endswith("_" + side) or b.m.actuator_trntype[i] != mujoco.mjtTrn.mjTRN_TENDON:
            continue
        if name[:-2] not in msk.OPTIMAL_FIBRE_LENGTH_M:
            continue
        mus = cat.muscle_by_model_name(name)
        l0 = msk._optimal_l0(b.m, i, name)
        rows.append(
            msk.MuscleChange(
                muscle=name,
                catalog_id=mus.id if mus else None,
                group=mus.group if mus else None,
                groups=mus.groups if mus else (),
                length_m=float(L[i]),
                reference_length_m=float(ref[i]),
                length_change_pct=float(100.0 * (L[i] - ref[i]) / ref[i]),
                fibre_strain=float((L[i] - ref[i]) / l0),
                optimal_fibre_length_m=float(l0),
            )
        )
    s = side
    angles = {
        k: float(np.degrees(q[b.qadr(f"{j}_{s}")])) for k, j in wholebody.CATALOG_JOINT.items()
    }
    return msk.LengthChange(
        pose=angles, rows=tuple(rows), model=msk.MODEL_NAME.replace("MyoLeg", "myofullbody")
    )


def leg_changes(stretch_id: str) -> BothLegs:
    """% length change of each leg's muscles in a stretch's whole-body pose.

    The right leg holds the catalog's angles, so its numbers are those of
    :func:`hipcourse.models.musculoskeletal.length_change` for every muscle that does not cross
    the ankle (the whole-body pose also sets the feet, which the leg model leaves at 0: the
    calf and shin muscles differ; no catalog stretch targets them); the left leg's come from the
    fitted pose (the front leg of a lunge, the standing leg, ...), measured against the same
    anatomical standing.
    """
    pose = whole_body_pose(stretch_id)
    b = wholebody.body()
    legs = {"right": _leg_change(b, pose.vector, "r"), "left": _leg_change(b, pose.vector, "l")}
    return BothLegs(stretch_id=stretch_id, target_side=pose.target_side, legs=legs)
