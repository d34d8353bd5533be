"""The whole body in the model: myo-sim's ``myofullbody`` with the course's leg corrections.

``myo_sim.load_spec("myofullbody")`` composes the MyoTorso chain (sacrum, lumbar vertebrae
with coupled joints, thoracic spine, ribcage, head), both MyoArm arms (the left one mirrored)
and MyoLeg's pelvis and two legs under one free root joint: 104 bodies, 123 joints, 416
muscles. The leg corrections of :mod:`hipcourse.models.musculoskeletal` (knee pivot, iliacus
wrap as Rajagopal's cylinder, no side site) apply unchanged, so the right leg's muscles have
exactly the lengths the leg model gives (``tests/test_wholebody.py`` checks every catalog
pose). The 85 "skin" geoms of the model (capsules and ellipsoids in geom group 4, sized from
Yeadon's body segment measurements) envelope the body: the pose fitter uses them for floor
and prop contacts, the renderer for the silhouette.

World frame: z up; standing, the body faces -y and its right side is at -x. Pelvis frame
(MyoLeg/OpenSim): x forward, y up, z to the right.

The compiled model is cached as an MJB file next to the leg model's cache, keyed by the
myo-sim and MuJoCo versions and the corrections' version, built in a subprocess inside a
temporary folder (MuJoCo writes ``MUJOCO_LOG.TXT`` into the current folder).

References
----------
.. [1] Rajagopal A. et al. (2016) Full-body musculoskeletal model for muscle-driven
   simulation of human gait. IEEE Trans Biomed Eng 63(10):2068-2079.
.. [2] Yeadon M.R. (1990) The simulation of aerial movement - II. A mathematical inertia
   model of the human body. J Biomech 23(1):67-74.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from pathlib import Path

import numpy as np

from hipcourse.models import musculoskeletal as msk

#: Geom group of the skin envelope (capsules and ellipsoids) in myofullbody.
SKIN_GROUP = 4
#: Skin geoms smaller than this (fingertip pads) are left out of contact checks [m].
MIN_SKIN_SIZE_M = 0.012
#: Legs' joints the course names (per side, add ``_r`` / ``_l``).
LEG_JOINTS = (
    "hip_flexion",
    "hip_adduction",
    "hip_rotation",
    "knee_angle",
    "ankle_angle",
    "subtalar_angle",
    "mtp_angle",
)
#: The catalog's four pose angles -> the model joint (per side).
CATALOG_JOINT = {
    "hip_flexion_deg": "hip_flexion",
    "hip_adduction_deg": "hip_adduction",
    "hip_rotation_deg": "hip_rotation",
    "knee_flexion_deg": "knee_angle",
}


def cache_path() -> Path:
    """The MJB file of the corrected full-body model for the installed versions."""
    key = (
        f"myofullbody-myosim{msk.MYO_SIM_VERSION}-mujoco{msk.MUJOCO_VERSION}"
        f"-fix{msk.CORRECTIONS_VERSION}"
    )
    return msk.cache_dir() / f"{key}.mjb"


def corrected_spec():
    """``(spec, iliacus actions)``: myofullbody's MjSpec with the knee and iliacus corrections.

    Compile it and pass the model with the actions to
    :func:`hipcourse.models.musculoskeletal._drop_iliacus_sidesite` (as :func:`compile_spec`
    does). The renderer adds its lights and props to this spec before compiling.
    """
    import myo_sim

    with warnings.catch_warnings(), msk._QuietMujoco():  # no MUJOCO_LOG.TXT in the cwd
        warnings.simplefilter("ignore")
        spec = myo_sim.load_spec("myofullbody")
        msk._correct_knee_pivot(spec)
        wrap = msk._correct_iliacus_wrap(spec)
    return spec, wrap


def compile_spec(spec, wrap):
    """Compile a spec from :func:`corrected_spec` and finish the iliacus correction."""
    with warnings.catch_warnings(), msk._QuietMujoco():
        warnings.simplefilter("ignore")
        model = spec.compile()
    msk._drop_iliacus_sidesite(model, wrap)
    return model


def _build_model_file(path: Path) -> None:
    """Build, check and save the corrected full-body model atomically (run in a temp folder)."""
    import mujoco

    model = compile_spec(*corrected_spec())
    _check(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mujoco.mj_saveModel(model, str(tmp), None)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _check(model) -> None:
    for side in "rl":
        drift = msk.knee_pivot_drift_m(model, side=side)
        if drift > msk.KNEE_PIVOT_TOLERANCE_M:
            raise RuntimeError(
                f"the full-body model's {side} knee pivot drifts by "
                f"{1000 * drift:.1f} mm at 90 degrees"
            )
        if msk._iliacus_wrap_action(model, side) == "apply":
            raise RuntimeError("the full-body model's iliacus still wraps as MyoLeg converted it")


def _load_compiled():
    import mujoco

    path = cache_path()
    if path.exists():
        try:
            with msk._QuietMujoco():
                model = mujoco.MjModel.from_binary_path(str(path))
            _check(model)
            return model
        except Exception:  # corrupt or incompatible: rebuild
            path.unlink(missing_ok=True)
    msk._build_in_subprocess(path, "hipcourse.models.wholebody", "full-body model")
    with msk._QuietMujoco():
        model = mujoco.MjModel.from_binary_path(str(path))
    _check(model)
    return model


class Body:
    """The compiled full-body model with one MjData, names and the coupling solver.

    Not thread-safe on its own; :func:`body` returns one shared instance guarded by
    :attr:`lock`.
    """

    def __init__(self, model):
        import mujoco

        self.mj = mujoco
        self.m = m = model
        self.d = mujoco.MjData(model)
        self.lock = threading.RLock()
        self.dep, self.ind, self.coef = msk._joint_equalities(m)
        self.joint_id = {m.joint(i).name: i for i in range(m.njnt)}
        self.geom_id = {m.geom(i).name: i for i in range(m.ngeom) if m.geom(i).name}
        self.body_id = {m.body(i).name: i for i in range(m.nbody)}
        self._qadr = {n: int(m.jnt_qposadr[j]) for n, j in self.joint_id.items()}
        self.actuators = tuple(m.actuator(i).name for i in range(m.nu))
        self.skin = tuple(
            int(g)
            for g in np.flatnonzero(m.geom_group == SKIN_GROUP)
            if m.geom(int(g)).name and m.geom_size[g].max() > MIN_SKIN_SIZE_M
        )
        #: Names of the joints that carry a pose: every non-root joint that no equality drives.
        driven = set(int(a) for a in self.dep)
        self.pose_joints = tuple(
            m.joint(j).name
            for j in range(m.njnt)
            if m.jnt_type[j] != mujoco.mjtJoint.mjJNT_FREE and int(m.jnt_qposadr[j]) not in driven
        )
        self.standing = self.qpos({}, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0))
        self.reference_lengths_m = self.actuator_lengths(self.standing)

    def qadr(self, joint: str) -> int:
        return int(self.m.jnt_qposadr[self.joint_id[joint]])

    def range_deg(self, joint: str) -> tuple[float, float]:
        lo, hi = np.degrees(self.m.jnt_range[self.joint_id[joint]])
        return float(lo), float(hi)

    def qpos(self, angles_deg, root_pos_m, root_rotvec) -> np.ndarray:
        """Full qpos from joint angles [deg] by name, root position [m] and rotation vector."""
        m = self.m
        q = m.qpos0.copy()
        adr = self._qadr
        for name, deg in angles_deg.items():
            q[adr[name]] = deg * (np.pi / 180.0)
        msk._solve_coupling(q, m.qpos0, self.dep, self.ind, self.coef)
        q[0:3] = root_pos_m
        q[3:7] = quat_from_rotvec(root_rotvec)
        return q

    def place(self, q) -> None:
        """Position stage only: kinematics, tendons and actuator lengths (no dynamics)."""
        mj, m, d = self.mj, self.m, self.d
        d.qpos[:] = q
        mj.mj_kinematics(m, d)
        mj.mj_comPos(m, d)
        mj.mj_camlight(m, d)
        mj.mj_tendon(m, d)
        mj.mj_transmission(m, d)

    def place_kinematics(self, q) -> None:
        """Bodies, geoms and centres of mass only (what the pose fitter needs)."""
        self.d.qpos[:] = q
        self.mj.mj_kinematics(self.m, self.d)
        self.mj.mj_comPos(self.m, self.d)

    def actuator_lengths(self, q) -> np.ndarray:
        with self.lock:
            self.place(q)
            return self.d.actuator_length.copy()


_BODY: Body | None = None
_BODY_LOCK = threading.Lock()


def body() -> Body:
    """The shared :class:`Body` (the model is built and cached on first use)."""
    global _BODY
    if _BODY is None:
        with _BODY_LOCK:
            if _BODY is None:
                _BODY = Body(_load_compiled())
    return _BODY


def quat_from_rotvec(rotvec) -> np.ndarray:
    """Unit quaternion (w, x, y, z) of a rotation vector [rad]."""
    v = np.asarray(rotvec, float)
    angle = float(np.sqrt(v @ v))
    if angle < 1e-12:
        return np.array([1.0, 0.5 * v[0], 0.5 * v[1], 0.5 * v[2]]) / np.sqrt(1 + 0.25 * (v @ v))
    return np.r_[np.cos(angle / 2), np.sin(angle / 2) * v / angle]


def leg_angles_deg(pose, side: str) -> dict[str, float]:
    """The model joint angles of one leg for a catalog pose (``side`` "r" or "l").

    The catalog's angles are anatomical (flexion, adduction, internal rotation +), and
    MyoLeg's left-leg joints use the same anatomical signs, so the values copy across.
    """
    values = pose.joint_angles() if hasattr(pose, "joint_angles") else dict(pose)
    return {f"{CATALOG_JOINT[k]}_{side}": float(v) for k, v in values.items() if k in CATALOG_JOINT}


def _main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--build-cache":
        _build_model_file(Path(argv[1]))
        return 0
    print("usage: python -m hipcourse.models.wholebody --build-cache PATH.mjb", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover - exercised through _load_compiled
    sys.exit(_main(sys.argv[1:]))
