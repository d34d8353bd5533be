"""Fidelity of the course's model: its % length changes against the Rajagopal model in OpenSim.

Issue 3 asks that, with the knee coupling solved and the knee pivot corrected, the % changes of
musculotendon length match the Rajagopal et al. (2016, IEEE Trans Biomed Eng 63:2068) model in
OpenSim to within about 1.5 percentage points for every muscle whose path MyoLeg kept. The
reference lengths were computed by OpenSim 4.6 itself (``tests/data/make_opensim_reference.py``,
which needs ``opensim`` and the model file; neither is needed here) and stored in
``tests/data/opensim_rajagopal2016_lengths.json`` with their provenance. This file only needs
that JSON and the course's own model, so it runs in CI without OpenSim.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import mujoco  # a dependency: missing, it must fail, never skip the file
import numpy as np
import pytest

from hipcourse.models import musculoskeletal as msk

REFERENCE = Path(__file__).parent / "data" / "opensim_rajagopal2016_lengths.json"
#: Largest allowed difference of % change from standing, percentage points (issue 3).
TOLERANCE_PP = 1.5

#: Muscles whose path MyoLeg changed so much that they cannot meet the tolerance, and why.
#: Measured against the reference below: glmax1 up to 19 points, glmax2 up to 10, psoas 2.3.
EXCLUDED = {
    "glmax1_r": "MyoLeg removed its wrapping cylinder over the ischium (Gmax1_at_pelvis), so the "
    "path cuts straight across the bone in deep hip flexion and lengthens too little",
    "glmax2_r": "MyoLeg removed its wrapping cylinder over the ischium (Gmax2_at_pelvis), so the "
    "path cuts straight across the bone in deep hip flexion and lengthens too little",
    "psoas_r": "MyoLeg removed its wrapping surface over the pelvic brim (PS_at_brim), so the "
    "path does not bend over the brim in hip extension and lengthens too little",
}
#: Changed by MyoLeg too, but still within the tolerance, so they are checked like the rest:
#: the gastrocnemii lost their wrap around the femoral condyles (about 1 point near a straight
#: knee); iliacus's brim wrap was made a sphere, which hipcourse turns back into Rajagopal's
#: cylinder (see hipcourse.models.musculoskeletal).
CHANGED_BUT_CHECKED = ("gasmed_r", "gaslat_r", "iliacus_r")


@pytest.fixture(scope="module")
def ref() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def angles(ref) -> np.ndarray:
    return np.array([p["angles_deg"] for p in ref["poses"]], dtype=float)


def pct_change(lengths: np.ndarray) -> np.ndarray:
    """% change of each column from the first row (standing)."""
    return 100.0 * (lengths / lengths[0] - 1.0)


def model_lengths(ref, angles, engine=None) -> np.ndarray:
    """The course model's lengths for the reference poses, columns in the reference's order."""
    e = engine or msk._engine()
    cols = [e.names.index(n) for n in ref["muscles"]]
    return e.lengths(angles)[:, cols]


def worst(ref, angles, lengths, muscles) -> tuple[float, str]:
    """Largest |model - OpenSim| of % change over ``muscles`` and where it happens."""
    diff = np.abs(pct_change(lengths) - pct_change(np.array(ref["lengths_m"])))
    cols = [ref["muscles"].index(m) for m in muscles]
    sub = diff[:, cols]
    i, j = np.unravel_index(int(np.argmax(sub)), sub.shape)
    where = f"{muscles[j]} at {ref['poses'][i]['label']} {angles[i].tolist()}"
    return float(sub[i, j]), where


def kept(ref) -> list[str]:
    return [m for m in ref["muscles"] if m not in EXCLUDED]


# --------------------------------------------------------------------------- the reference
def test_reference_is_what_it_claims(ref, angles):
    assert ref["opensim_version"].startswith("4.")
    source = ref["model_file"]["source"]
    assert "opensim-org/opensim-models" in source and "Rajagopal2015.osim" in source
    assert re.search(r"\b[0-9a-f]{40}\b", source), "the model file's commit is recorded"
    assert re.fullmatch(r"[0-9a-f]{64}", ref["model_file"]["sha256_of_file_loaded"])
    assert ref["coordinates"] == [
        "hip_flexion_r",
        "hip_adduction_r",
        "hip_rotation_r",
        "knee_angle_r",
    ]
    assert ref["joints"] == list(msk.JOINTS) and ref["units"]["lengths"] == "metres"
    # standing first; at least 40 other poses spread over the whole range, combined ones too
    assert ref["poses"][0]["label"] == "standing" and not angles[0].any()
    assert len(angles) >= 41
    lo = np.array([msk.JOINT_RANGES_DEG[j][0] for j in msk.JOINTS])
    hi = np.array([msk.JOINT_RANGES_DEG[j][1] for j in msk.JOINTS])
    assert (angles >= lo).all() and (angles <= hi).all()
    assert np.allclose(angles.min(0), lo) and np.allclose(angles.max(0), hi)
    assert ((angles != 0).sum(1) >= 3).sum() >= 15
    assert sum(p["label"].startswith("stretch:") for p in ref["poses"]) >= 20
    # OpenSim kept the pose while assembling (patella coupled to the knee)
    assert ref["max_pose_error_deg"] < 1e-3
    lengths = np.array(ref["lengths_m"])
    assert lengths.shape == (len(angles), len(ref["muscles"]))
    assert ((lengths > 0.02) & (lengths < 0.8)).all()


def test_every_right_leg_muscle_is_either_checked_or_excused(ref):
    assert sorted(ref["muscles"]) == sorted(msk.muscle_names())
    assert set(EXCLUDED) <= set(ref["muscles"]) and set(CHANGED_BUT_CHECKED) <= set(kept(ref))
    assert len(EXCLUDED) <= 3, "the exclusions must stay few"
    for muscle, reason in EXCLUDED.items():
        assert "MyoLeg" in reason and "wrap" in reason and len(reason) > 60, muscle
    assert len(kept(ref)) == len(ref["muscles"]) - len(EXCLUDED)


# --------------------------------------------------------------------------- the requirement
def test_percent_changes_match_opensim(ref, angles):
    """Every pose, every muscle MyoLeg kept: within 1.5 points of OpenSim."""
    err, where = worst(ref, angles, model_lengths(ref, angles), kept(ref))
    assert err <= TOLERANCE_PP, f"{err:.2f} percentage points off OpenSim: {where}"


@pytest.mark.parametrize("muscle", sorted(EXCLUDED))
def test_exclusions_are_needed(ref, angles, muscle):
    """An excluded muscle really misses the tolerance (else it belongs in the check)."""
    err, _ = worst(ref, angles, model_lengths(ref, angles), [muscle])
    assert err > TOLERANCE_PP


def test_standing_lengths_agree(ref):
    """Not only the changes: the lengths themselves agree (within 1.5 %) in standing."""
    e = msk._engine()
    ratio = {
        m: e.reference[e.names.index(m)] / ref["lengths_m"][0][i]
        for i, m in enumerate(ref["muscles"])
    }
    off = {m: r for m, r in ratio.items() if m not in EXCLUDED and abs(r - 1) > 0.015}
    assert not off


# --------------------------------------------------------------------------- the test can fail
def _engine_for(model):
    return msk._Engine(model)


def test_fails_without_the_knee_coupling(ref, angles):
    """Leaving the coupled knee joints at qpos0 (the bug the coupling solver fixes) is caught."""
    e = _engine_for(msk.load_model().__copy__())
    e.coef = np.zeros_like(e.coef)  # y - y0 = 0: patella and tibia no longer follow the knee
    err, where = worst(ref, angles, model_lengths(ref, angles, e), kept(ref))
    assert err > 5 * TOLERANCE_PP, where


def test_fails_with_a_perturbed_knee_coupling(ref, angles):
    """A 10 % error in the knee-coupling polynomials is caught."""
    e = _engine_for(msk.load_model().__copy__())
    e.coef = e.coef * 1.10
    err, where = worst(ref, angles, model_lengths(ref, angles, e), kept(ref))
    assert err > TOLERANCE_PP, where


def test_fails_without_the_knee_pivot_correction(ref, angles):
    """Hinges back at the tibia origin (MyoLeg as converted): knee-crossing muscles drift off."""
    raw = msk.load_model().__copy__()
    for name in msk._KNEE_HINGES:
        raw.jnt_pos[mujoco.mj_name2id(raw, mujoco.mjtObj.mjOBJ_JOINT, name.format(s="r"))] = 0.0
    err, where = worst(ref, angles, model_lengths(ref, angles, _engine_for(raw)), kept(ref))
    assert err > TOLERANCE_PP, where


def test_fails_with_myolegs_iliacus_wrap(ref, angles):
    """Iliacus's brim wrap as MyoLeg converted it (a sphere) misses the tolerance."""
    raw = msk.load_model().__copy__()
    (k,) = msk._iliacus_wraps(raw, "r")
    raw.wrap_type[k] = int(mujoco.mjtWrap.mjWRAP_SPHERE)
    raw.geom_type[raw.wrap_objid[k]] = int(mujoco.mjtGeom.mjGEOM_SPHERE)
    assert msk._iliacus_wrap_action(raw) == "apply"
    err, where = worst(ref, angles, model_lengths(ref, angles, _engine_for(raw)), ["iliacus_r"])
    assert err > TOLERANCE_PP, where


# --------------------------------------------------------------------------- the iliacus wrap
def test_iliacus_wrap_is_rajagopals_cylinder():
    model = msk.load_model()
    for side in ("r", "l"):
        (k,) = msk._iliacus_wraps(model, side)
        assert int(model.wrap_type[k]) == int(mujoco.mjtWrap.mjWRAP_CYLINDER)
        assert model.wrap_prm[k] < 0  # no side site
        assert model.geom_size[model.wrap_objid[k], 0] == pytest.approx(0.0549)
        assert msk._iliacus_wrap_action(model, side) == "already-correct"


class _Geom:
    def __init__(self, name, kind, radius):
        self.name = name
        self.type = {
            "sphere": mujoco.mjtGeom.mjGEOM_SPHERE,
            "cylinder": mujoco.mjtGeom.mjGEOM_CYLINDER,
            "box": mujoco.mjtGeom.mjGEOM_BOX,
        }[kind]
        self.size = [radius, 0.0, 0.0]


class _Wrap:
    def __init__(self, target, sidesite):
        self.target, self.sidesite = target, sidesite


class _Tendon:
    def __init__(self, geom, sidesite):
        self.path = [_Wrap(None, None), _Wrap(geom, sidesite), _Wrap(None, None)]


_SIDESITE = object()  # a side site the fake spec's wraps point at


class _Spec:
    def __init__(self, kind, radius=0.0549, sidesite=_SIDESITE):
        self.geoms, self.tendons = {}, {}
        for side in ("r", "l"):
            g = _Geom(f"IL_at_brim_wrap_{side}", kind, radius)
            self.geoms[g.name] = g
            self.tendons[f"iliacus_{side}_tendon"] = _Tendon(g, sidesite)

    def geom(self, name):
        return self.geoms.get(name)

    def tendon(self, name):
        return self.tendons.get(name)


def test_iliacus_correction_is_guarded():
    spec = _Spec("sphere")
    assert msk._correct_iliacus_wrap(spec) == {"r": "apply", "l": "apply"}
    assert spec.geom("IL_at_brim_wrap_r").type == mujoco.mjtGeom.mjGEOM_CYLINDER
    assert list(spec.geom("IL_at_brim_wrap_l").size[:2]) == [0.0549, 0.05]
    # a myo-sim that already has Rajagopal's plain cylinder is left alone
    done = _Spec("cylinder", sidesite=None)
    assert msk._correct_iliacus_wrap(done) == {"r": "already-correct", "l": "already-correct"}
    # a cylinder that still carries a side site gets the side site dropped
    assert msk._correct_iliacus_wrap(_Spec("cylinder")) == {"r": "apply", "l": "apply"}
    for odd in (_Spec("box"), _Spec("sphere", radius=0.03)):
        with pytest.warns(RuntimeWarning):
            assert set(msk._correct_iliacus_wrap(odd).values()) == {"unknown"}
        assert odd.geom("IL_at_brim_wrap_r").type != mujoco.mjtGeom.mjGEOM_CYLINDER
