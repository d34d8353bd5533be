"""The loaded model and the one engine that places poses and reads muscle lengths (thread-safe
through a lock; loaded on first use).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from hipcourse.content.catalog import load_catalog
from hipcourse.models.musculoskeletal.build import _load_compiled
from hipcourse.models.musculoskeletal.kinematics import _joint_equalities, _solve_coupling
from hipcourse.models.musculoskeletal.names import (
    _MODEL_JOINT,
    JOINTS,
    L0_AGREEMENT,
    OPTIMAL_FIBRE_LENGTH_M,
)
from hipcourse.models.musculoskeletal.records import PoseGeometry


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
        self.qadr = np.array(
            [
                m.jnt_qposadr[mujoco.mj_name2id(m, mujoco.mjtObj.mjOBJ_JOINT, j)]
                for j in _MODEL_JOINT.values()
            ],
            dtype=int,
        )
        self.dep, self.ind, self.coef = _joint_equalities(m)
        self.qpos0 = m.qpos0.copy()
        self.tendon = np.array([m.actuator_trnid[i, 0] for i in self.act], dtype=int)
        self.body = {
            n: mujoco.mj_name2id(m, mujoco.mjtObj.mjOBJ_BODY, n)
            for n in (
                "pelvis",
                "femur_r",
                "talus_r",
                "calcn_r",
                "toes_r",
                "lumbar1",
                "chest_r",
                "head",
            )
        }
        self.knee_joint = mujoco.mj_name2id(m, mujoco.mjtObj.mjOBJ_JOINT, "knee_angle_r")
        self.l0 = np.array(
            [_optimal_l0(m, i, n) for i, n in zip(self.act, self.names, strict=False)]
        )
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
            points = {
                "pelvis": np.zeros(3),
                "hip": local(d.xpos[b["femur_r"]]),
                "knee": local(d.xanchor[self.knee_joint]),
                "ankle": local(d.xpos[b["talus_r"]]),
                "heel": local(d.xpos[b["calcn_r"]]),
                "toe": local(d.xpos[b["toes_r"]]),
                "lumbar": local(d.xpos[b["lumbar1"]]),
                "shoulder": local(d.xpos[b["chest_r"]]),
                "head": local(d.xpos[b["head"]]),
            }
            xyz = d.wrap_xpos.reshape(-1, 3)
            paths = {}
            for name in muscles:
                k = self.names.index(name)
                t = self.tendon[k]
                a, n = d.ten_wrapadr[t], d.ten_wrapnum[t]
                paths[name] = np.array([local(p) for p in xyz[a : a + n]])
            lengths = d.actuator_length[self.act].copy()  # same pass: no second placement
        return PoseGeometry(points=points, paths=paths, lengths_m=lengths)


def _optimal_l0(model, act: int, name: str) -> float:
    """L0 of one actuator: MuJoCo's where it agrees with the published value, else published."""
    mj = mujoco_optimal_length_m(model, act)
    pub = OPTIMAL_FIBRE_LENGTH_M.get(name[:-2])
    if pub is None:
        return mj
    return mj if abs(mj / pub - 1.0) <= L0_AGREEMENT else pub


def mujoco_optimal_length_m(model, act: int) -> float:
    """MuJoCo's optimal length of muscle actuator ``act``: ``(lengthrange[1] - lengthrange[0])
    / (range[1] - range[0])`` with ``range = gainprm[0:2]`` (MuJoCo ``mju_muscleGain``).

    Parameters
    ----------
    model : mujoco.MjModel
        The compiled model.
    act : int
        Actuator index.

    Returns
    -------
    float
        Optimal fibre length [m] as MuJoCo's muscle model sees it.
    """
    import mujoco

    from hipcourse.kit.checks import instance, integer

    instance("model", model, mujoco.MjModel, "a compiled mujoco.MjModel")
    integer("act", act, 0, model.nu - 1)
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
    """The compiled, knee-corrected MuJoCo model (``mujoco.MjModel``), loading it if needed.

    Returns
    -------
    mujoco.MjModel
        The shared model (do not change it in place).
    """
    return _engine().m
