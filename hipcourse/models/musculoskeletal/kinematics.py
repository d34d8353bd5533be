"""Knee coupling and kinematics: MuJoCo's joint equalities solved explicitly, and the check of
the walker knee's pivot.
"""

from __future__ import annotations

import math

import numpy as np

from hipcourse.models.musculoskeletal.names import KNEE_CHILD_OFFSET_M


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
        q[dep] = (
            qpos0[dep]
            + coef[:, 0]
            + x * (coef[:, 1] + x * (coef[:, 2] + x * (coef[:, 3] + x * coef[:, 4])))
        )


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

    Parameters
    ----------
    model : mujoco.MjModel
        A compiled MyoLeg model.
    side : {"r", "l"}
        Which knee.
    knee_deg : float
        Knee flexion [deg].

    Returns
    -------
    float
        Distance [m] between where the walker-knee point is and where it should be.
    """
    import mujoco

    from hipcourse.kit.checks import choice, instance, number

    instance("model", model, mujoco.MjModel, "a compiled MuJoCo model (from load_model())")
    side = choice("side", side, ("r", "l"))
    knee_deg = number("knee_deg", knee_deg, 0.0, 120.0, unit="deg")
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
