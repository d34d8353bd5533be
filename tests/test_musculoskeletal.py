"""The musculoskeletal model: knee kinematics, anatomy, the catalog's claims, and its views.

Anatomy tests compare directions of change with textbook anatomy (OpenStax A&P 2e, §11.6),
not with this model's own numbers. The knee is checked against the walker knee of
Rajagopal et al. (2016, IEEE Trans Biomed Eng 63:2068), whose data are copied below from
the published model file ``Rajagopal2015.osim`` (joint ``walker_knee_r``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import mujoco  # a dependency: missing, it must fail, never skip the file
import numpy as np
import pytest

from hipcourse import InputError
from hipcourse.content.catalog import POSE_RANGES_DEG, Pose, load_catalog
from hipcourse.models import musculoskeletal as msk


def pct(muscle: str, **angles) -> float:
    return msk.length_change(**angles)[muscle].length_change_pct


# --------------------------------------------------------------------------- cheap imports
def test_import_hipcourse_does_not_load_the_model():
    code = (
        "import sys, hipcourse, hipcourse.models.musculoskeletal; "
        "print('mujoco' in sys.modules, 'myo_sim' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]
    code = "import sys, hipcourse; print('hipcourse.models.musculoskeletal' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False"


def test_names_and_ranges():
    assert msk.JOINT_RANGES_DEG is POSE_RANGES_DEG
    assert msk.MYO_SIM_VERSION in msk.MODEL_NAME and msk.MUJOCO_VERSION in msk.MODEL_NAME
    assert "Rajagopal" in msk.MODEL_NAME
    assert msk.MYO_SIM_VERSION in msk.model_version()
    names = msk.muscle_names()
    assert len(names) == 40 and all(n.endswith("_r") for n in names)
    assert {"recfem_r", "semimem_r", "bflh_r", "glmin1_r", "vasint_r", "psoas_r"} <= set(names)


# --------------------------------------------------------------------------- knee coupling
def _equality_residual(model, qpos) -> float:
    data = mujoco.MjData(model)
    data.qpos[:] = qpos
    mujoco.mj_forward(model, data)
    rows = data.efc_type == mujoco.mjtConstraint.mjCNSTR_EQUALITY
    assert rows.sum() >= 14  # 7 coupled joints per knee
    return float(np.abs(data.efc_pos[rows]).max())


@pytest.mark.parametrize("knee_deg", [0, 45, 90, 120])
def test_knee_coupling_solved(knee_deg):
    e = msk._engine()
    e._place(np.array([30.0, -10.0, 5.0, knee_deg]))
    assert _equality_residual(e.m, e.d.qpos.copy()) < 1e-9


def test_knee_coupling_test_can_fail():
    """Setting only knee_angle_r (what the coupling solver prevents) violates the equalities."""
    e = msk._engine()
    q = e.m.qpos0.copy()
    q[e.qadr[3]] = np.radians(90)
    assert _equality_residual(e.m, q) > 1e-3


def test_vasti_lengthen_about_24_percent_at_120_deg():
    change = msk.length_change(knee_flexion_deg=120)
    for v in ("vaslat_r", "vasmed_r", "vasint_r"):
        assert 20.0 < change[v].length_change_pct < 28.0, v
    # setting the knee angle alone (patella and tibia left at qpos0) misses almost all of it
    e = msk._engine()
    data = mujoco.MjData(e.m)
    k = e.act[e.names.index("vasint_r")]
    lengths = []
    for knee in (0.0, 120.0):
        data.qpos[:] = e.m.qpos0
        data.qpos[e.qadr[3]] = np.radians(knee)
        mujoco.mj_fwdPosition(e.m, data)
        lengths.append(data.actuator_length[k])
    assert 100 * (lengths[1] - lengths[0]) / lengths[0] < 5.0


# --------------------------------------------------------------------------- knee pivot
def _natural_spline(x, y):
    """Natural cubic spline through (x, y); returns f(t) (enough for the test)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    h = np.diff(x)
    A = np.zeros((n, n))
    r = np.zeros(n)
    A[0, 0] = A[-1, -1] = 1.0
    for i in range(1, n - 1):
        A[i, i - 1], A[i, i], A[i, i + 1] = h[i - 1], 2 * (h[i - 1] + h[i]), h[i]
        r[i] = 6 * ((y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1])
    M = np.linalg.solve(A, r)

    def f(t):
        i = min(max(int(np.searchsorted(x, t) - 1), 0), n - 2)
        a, b = x[i + 1] - t, t - x[i]
        return (
            (M[i] * a**3 + M[i + 1] * b**3) / (6 * h[i])
            + (y[i] / h[i] - M[i] * h[i] / 6) * a
            + (y[i + 1] / h[i] - M[i + 1] * h[i] / 6) * b
        )

    return f


# walker_knee_r of Rajagopal2015.osim (Rajagopal et al. 2016)
_KNOTS = [
    0,
    0.174533,
    0.349066,
    0.523599,
    0.698132,
    0.872665,
    1.0472,
    1.22173,
    1.39626,
    1.5708,
    1.74533,
    1.91986,
    2.0944,
]
_ROT2 = [
    0,
    0.0126809,
    0.0226969,
    0.0296054,
    0.0332049,
    0.0335354,
    0.0308779,
    0.0257548,
    0.0189295,
    0.011407,
    0.00443314,
    -0.00050475,
    -0.0016782,
]
_ROT3 = [
    0,
    0.059461,
    0.109399,
    0.150618,
    0.18392,
    0.210107,
    0.229983,
    0.24435,
    0.254012,
    0.25977,
    0.262428,
    0.262788,
    0.261654,
]
_TR1 = [
    0,
    0.000479,
    0.000835,
    0.001086,
    0.001251,
    0.001346,
    0.001391,
    0.001403,
    0.0014,
    0.0014,
    0.001421,
    0.001481,
    0.001599,
]
_TR2 = [
    0,
    0.000988,
    0.001899,
    0.002734,
    0.003492,
    0.004173,
    0.004777,
    0.005305,
    0.005756,
    0.00613,
    0.006427,
    0.006648,
    0.006792,
]
_LOC_PARENT = np.array([-0.00809, -0.40796, -0.00275])
_LOC_CHILD = np.array([-0.00808954, -0.0035348, -0.00148474])
_ORIENT = (-1.64156849, 1.4461808, 1.57079633)  # XYZ body-fixed, same in parent and child


def _rx(t):
    return np.array([[1, 0, 0], [0, np.cos(t), -np.sin(t)], [0, np.sin(t), np.cos(t)]])


def _ry(t):
    return np.array([[np.cos(t), 0, np.sin(t)], [0, 1, 0], [-np.sin(t), 0, np.cos(t)]])


def _rz(t):
    return np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])


def _walker_knee_tibia_in_femur(q):
    """Tibia origin and orientation in the femur frame by the OpenSim walker knee."""
    rj = _rx(_ORIENT[0]) @ _ry(_ORIENT[1]) @ _rz(_ORIENT[2])
    rot2, rot3, tr1, tr2 = (_natural_spline(_KNOTS, y) for y in (_ROT2, _ROT3, _TR1, _TR2))
    r = _rx(q) @ _rz(rot2(q)) @ _ry(rot3(q))
    rtib = rj @ r @ rj.T
    t = np.array([0.0, tr1(q), tr2(q)])
    return _LOC_PARENT + rj @ t - rtib @ _LOC_CHILD, rtib


def _model_tibia_in_femur(model, q):
    data = mujoco.MjData(model)
    msk._set_knee(model, data, q)
    f = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, "femur_r")
    t = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY, "tibia_r")
    rf = data.xmat[f].reshape(3, 3)
    return rf.T @ (data.xpos[t] - data.xpos[f]), rf.T @ data.xmat[t].reshape(3, 3)


@pytest.mark.parametrize("knee_deg", [15, 45, 90, 120])
def test_knee_matches_rajagopal_walker_knee(knee_deg):
    q = np.radians(knee_deg)
    p_ref, r_ref = _walker_knee_tibia_in_femur(q)
    p, r = _model_tibia_in_femur(msk.load_model(), q)
    assert np.linalg.norm(p - p_ref) < 5e-4  # m: the shin is where Rajagopal puts it
    angle = np.degrees(np.arccos(np.clip((np.trace(r.T @ r_ref) - 1) / 2, -1, 1)))
    assert angle < 0.2


def test_knee_pivot_check_detects_uncorrected_model():
    model = msk.load_model()
    assert msk.knee_pivot_drift_m(model) < 1e-6
    raw = model.__copy__()
    for name in ("knee_angle_r", "knee_angle_rotation2_r", "knee_angle_rotation3_r"):
        raw.jnt_pos[mujoco.mj_name2id(raw, mujoco.mjtObj.mjOBJ_JOINT, name)] = 0.0
    assert msk.knee_pivot_drift_m(raw) > 0.010  # ~13 mm at 90 degrees
    p_ref, _ = _walker_knee_tibia_in_femur(np.radians(120))
    p, _ = _model_tibia_in_femur(raw, np.radians(120))
    assert np.linalg.norm(p - p_ref) > 0.012  # the shin drifts ~15 mm uncorrected


class _FakeJoint:
    def __init__(self, pos):
        self.pos = list(pos)


class _FakeSpec:
    def __init__(self, pos_r, pos_l=None):
        self.joints = {}
        for side, pos in (("r", pos_r), ("l", pos_l if pos_l is not None else pos_r)):
            for h in msk._KNEE_HINGES:
                self.joints[h.format(s=side)] = _FakeJoint(pos)

    def joint(self, name):
        return self.joints.get(name)


def test_pivot_correction_is_guarded():
    spec = _FakeSpec((0, 0, 0))
    assert msk._correct_knee_pivot(spec) == {"r": "apply", "l": "apply"}
    # the walker knee's child frame, typed above from Rajagopal2015.osim (left: z mirrored)
    assert spec.joint("knee_angle_r").pos == pytest.approx(list(_LOC_CHILD), abs=1e-12)
    assert spec.joint("knee_angle_rotation3_l").pos == pytest.approx(
        list(_LOC_CHILD * [1, 1, -1]), abs=1e-12
    )
    # a second pass (or a myo-sim that already fixed it) changes nothing
    assert msk._correct_knee_pivot(spec) == {"r": "already-correct", "l": "already-correct"}
    assert spec.joint("knee_angle_r").pos == list(msk.KNEE_CHILD_OFFSET_M["r"])
    odd = _FakeSpec((0.01, 0, 0))
    with pytest.warns(RuntimeWarning):
        assert msk._correct_knee_pivot(odd)["r"] == "unknown"
    assert odd.joint("knee_angle_r").pos == [0.01, 0, 0]


# --------------------------------------------------------------------------- fibre length
def test_mujoco_optimal_length_matches_rajagopal_unless_the_fit_hit_its_bounds():
    model = msk.load_model()
    used = msk.optimal_fibre_lengths_m()
    replaced = []
    for name in msk.muscle_names():
        i = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_ACTUATOR, name)
        l0_mj = msk.mujoco_optimal_length_m(model, i)
        published = msk.OPTIMAL_FIBRE_LENGTH_M[name[:-2]]
        lo, hi = model.actuator_gainprm[i, :2]
        on_bounds = lo <= 0.1 + 1e-6 or hi >= 1.8 - 1e-6
        if not on_bounds:
            assert abs(l0_mj / published - 1) < 0.025, name
        if abs(l0_mj / published - 1) > msk.L0_AGREEMENT:
            assert on_bounds, name
            replaced.append(name)
            assert used[name] == published
        else:
            assert used[name] == pytest.approx(l0_mj)
    assert "recfem_r" in replaced and "semimem_r" in replaced
    assert len(replaced) < 20


def test_published_fibre_lengths_are_those_of_the_source_model_file():
    """The table the fallback uses, spot-checked against values typed from the published model
    file (opensim-org/opensim-models, Models/RajagopalModel/Rajagopal2015.osim at 11a6203,
    ``<optimal_fiber_length>`` of each Millard2012EquilibriumMuscle), not from hipcourse."""
    from_osim_file_m = {"glmin3": 0.038, "grac": 0.2278, "iliacus": 0.1066}
    for name, value in from_osim_file_m.items():
        assert msk.OPTIMAL_FIBRE_LENGTH_M[name] == value, name


# --------------------------------------------------------------------------- anatomy
def test_hamstrings_lengthen_with_hip_flexion_and_knee_extension():
    for m in ("semimem_r", "semiten_r", "bflh_r"):
        assert pct(m, hip_flexion_deg=90) > pct(m, hip_flexion_deg=45) > pct(m) + 5
        assert (
            pct(m, hip_flexion_deg=90, knee_flexion_deg=0)
            > pct(m, hip_flexion_deg=90, knee_flexion_deg=60) + 5
        )


def test_short_head_of_biceps_ignores_the_hip():
    for knee in (0, 60):
        lengths = [
            pct("bfsh_r", hip_flexion_deg=h, knee_flexion_deg=knee) for h in (-30, 0, 60, 120)
        ]
        assert max(lengths) - min(lengths) < 0.5
    assert pct("bfsh_r", knee_flexion_deg=90) < -10


def test_rectus_femoris_lengthens_with_hip_extension_and_knee_flexion():
    assert (
        pct("recfem_r", hip_flexion_deg=-20) > pct("recfem_r") > pct("recfem_r", hip_flexion_deg=60)
    )
    assert pct("recfem_r", knee_flexion_deg=90) > pct("recfem_r", knee_flexion_deg=30) > 0
    assert pct("recfem_r", hip_flexion_deg=-20, knee_flexion_deg=110) > pct(
        "recfem_r", knee_flexion_deg=110
    )


def test_psoas_and_iliacus_lengthen_with_hip_extension():
    for m in ("psoas_r", "iliacus_r"):
        assert pct(m, hip_flexion_deg=-20) > pct(m) > pct(m, hip_flexion_deg=60)


def test_gluteus_maximus_lengthens_with_hip_flexion():
    for m in ("glmax1_r", "glmax2_r", "glmax3_r"):
        assert pct(m, hip_flexion_deg=90) > pct(m, hip_flexion_deg=45) > 5


def test_adductors_lengthen_with_abduction():
    for m in ("addlong_r", "addbrev_r", "addmagProx_r", "addmagMid_r", "addmagDist_r", "grac_r"):
        assert pct(m, hip_adduction_deg=-40) > pct(m, hip_adduction_deg=-20) > pct(m), m


def test_gracilis_lengthens_with_abduction_plus_knee_extension():
    straight = pct("grac_r", hip_adduction_deg=-40, knee_flexion_deg=0)
    assert straight > pct("grac_r", hip_adduction_deg=-40, knee_flexion_deg=90) + 10
    assert straight > pct("grac_r", knee_flexion_deg=0) + 5


# --------------------------------------------------------------------------- claims
@pytest.mark.parametrize("stretch", [s.id for s in load_catalog().stretches])
def test_catalog_claims(stretch):
    """Declared targets lengthen; the declared group works most, or the catalog says why not."""
    s = load_catalog().stretch(stretch)
    effect = msk.stretch_effect(s)
    for check in effect.target_checks():
        assert check.lengthens is not False, f"{stretch}: {check.name} does not lengthen"
    if not effect.group_agrees:
        assert s.model_note, (
            f"{stretch}: the model says it works {effect.works_most} most; "
            f"fix the pose/targets or record a model_note"
        )


def test_claims_rule_can_disagree():
    """The rule is not a rubber stamp: a hamstring pose is not a quadriceps stretch."""
    change = msk.length_change(hip_flexion_deg=90)
    effect = msk.StretchEffect("x", "x", "quadriceps", ("rectus-femoris",), change)
    assert effect.works_most == ("hamstrings",)
    assert not effect.group_agrees and not effect.agrees


def test_side_bend_works_gluteus_minimus_more_than_medius():
    cmp = msk.compare_in_stretch("glute-standing-side-bend", "gluteus-minimus", "gluteus-medius")
    assert cmp.longer == "gluteus-minimus" and cmp.both_measures_agree
    assert cmp.a_length_change_pct > cmp.b_length_change_pct > 0
    assert "Gluteus minimus" in str(cmp)
    assert msk.stretch_effect("glute-standing-side-bend").agrees


def test_stretch_effect_api():
    e = msk.stretch_effect("quad-couch")
    assert e.top_muscles(1)[0].muscle == "recfem_r"
    assert set(e.works_most) == {"quadriceps", "hip-flexors"}  # rectus femoris is in both
    ranking = e.group_ranking()
    assert [g.max_fibre_strain for g in ranking] == sorted(
        (g.max_fibre_strain for g in ranking), reverse=True
    )
    assert "Couch stretch" in e.summary()
    with pytest.raises(InputError, match="no-such"):
        msk.stretch_effect("no-such")


# --------------------------------------------------------------------------- API and inputs
def test_length_change_records():
    change = msk.length_change(Pose(hip_flexion_deg=90, knee_flexion_deg=10, trunk_lean_deg=30))
    assert change.pose["hip_flexion_deg"] == 90 and len(change.rows) == 40
    rows = change.to_json()
    assert all(set(r) == {"muscle", "group", "length_change_pct", "fibre_strain"} for r in rows)
    json.dumps(rows)
    rf = change["recfem"]
    assert rf.catalog_id == "rectus-femoris" and rf.group == "quadriceps"
    assert rf.fibre_strain == pytest.approx(
        (rf.length_m - rf.reference_length_m) / rf.optimal_fibre_length_m
    )
    assert change["soleus_r"].group is None
    groups = {g.group: g for g in change.by_group()}
    assert "recfem_r" in groups["hip-flexors"].muscles
    assert "recfem_r" in groups["quadriceps"].muscles
    assert groups["hamstrings"].top_muscle == "semimem_r"
    top = change.top(3, metric="length_change_pct")
    assert top[0].length_change_pct >= top[1].length_change_pct >= top[2].length_change_pct
    assert msk.length_change()["recfem_r"].length_change_pct == pytest.approx(0, abs=1e-9)


def test_batch_matches_single_and_accepts_forms():
    poses = [[90, 0, 0, 0], (0, -30, 10, 45), {"knee_flexion_deg": 120}, Pose(hip_flexion_deg=-20)]
    batch = msk.length_change_batch(poses)
    for p, c in zip(poses, batch, strict=True):
        single = msk.length_change(p)
        assert c.to_json() == single.to_json()
    arr = msk.musculotendon_lengths_m(np.array([[90, 0, 0, 0], [0, 0, 0, 0]]))
    assert arr.shape == (2, 40)
    assert msk.musculotendon_lengths_m([0, 0, 0, 0]).shape == (1, 40)
    assert np.allclose(arr[1], list(msk.reference_lengths_m().values()))


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"hip_flexion_deg": 130}, ["hip_flexion_deg", "130", "-30", "120"]),
        ({"knee_flexion_deg": -5}, ["knee_flexion_deg", "-5", "0", "120"]),
        ({"hip_adduction_deg": "lots"}, ["hip_adduction_deg", "lots"]),
        ({"hip_rotation_deg": float("nan")}, ["hip_rotation_deg", "nan"]),
        ({"ankle_deg": 3}, ["ankle_deg", "hip_flexion_deg"]),
    ],
)
def test_bad_angles_name_joint_value_and_range(kwargs, words):
    with pytest.raises(InputError) as err:
        msk.length_change(**kwargs)
    for w in words:
        assert w in str(err.value)


def test_bad_batch_names_the_row():
    with pytest.raises(InputError, match=r"poses\[1\].*knee_flexion_deg.*150"):
        msk.musculotendon_lengths_m(np.array([[0, 0, 0, 0], [0, 0, 0, 150]]))
    with pytest.raises(InputError, match="4 numbers"):
        msk.length_change([1, 2, 3])
    with pytest.raises(InputError):
        msk.length_change(Pose(), knee_flexion_deg=3)


def test_geometry_for_drawing():
    pts = msk.body_positions(hip_flexion_deg=90)
    assert pts["knee"][0] > 0.3 and abs(pts["knee"][1] - pts["hip"][1]) < 0.05  # thigh forward
    stand = msk.body_positions()
    assert stand["ankle"][1] < stand["knee"][1] < stand["hip"][1] < stand["head"][1]
    geo = msk.pose_geometry(knee_flexion_deg=90, muscles=["recfem_r"])
    assert geo.paths["recfem_r"].shape[1] == 3 and len(geo.paths["recfem_r"]) >= 2


# --------------------------------------------------------------------------- cache
def test_corrupt_cache_is_rebuilt_outside_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "cache" / "model.mjb"
    path.parent.mkdir()
    path.write_bytes(b"not a model")
    model = msk._load_compiled(path)
    assert model.nu == msk.load_model().nu
    assert path.stat().st_size > 1_000_000
    meta = json.loads(path.with_suffix(".json").read_text())
    assert meta["knee_pivot"]["r"] in ("apply", "already-correct")
    assert not (tmp_path / "MUJOCO_LOG.TXT").exists()
    assert not list(path.parent.glob(".*tmp"))  # atomic: no leftovers


def test_cache_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv(msk.CACHE_ENV, str(tmp_path))
    assert msk.cache_path().parent == tmp_path
    assert msk.MYO_SIM_VERSION in msk.cache_path().name


# --------------------------------------------------------------------------- views
def test_cli_muscles_json_for_every_stretch(capsys):
    from hipcourse.cli import main

    for s in load_catalog().stretches:
        assert main(["muscles", "--stretch", s.id, "--json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert len(rows) == 40 and set(rows[0]) == {
            "muscle",
            "group",
            "length_change_pct",
            "fibre_strain",
        }


def test_cli_muscles_angles(capsys):
    from hipcourse.cli import main

    assert (
        main(
            [
                "muscles",
                "--hip-flexion",
                "90",
                "--hip-adduction",
                "0",
                "--hip-rotation",
                "0",
                "--knee-flexion",
                "0",
                "--json",
            ]
        )
        == 0
    )
    rows = {r["muscle"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["semimem_r"]["length_change_pct"] > 10
    assert main(["muscles", "--stretch", "glute-standing-side-bend"]) == 0
    out = capsys.readouterr().out
    assert "Gluteus minimus" in out and "fibre strain" in out and msk.MODEL_NAME in out
    assert "glmin1_r" not in out  # plain names; the model's ids only with --ids
    assert main(["muscles", "--stretch", "glute-standing-side-bend", "--ids"]) == 0
    assert "glmin1_r" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["muscles", "--hip-flexion", "200"],
        ["muscles", "--knee-flexion", "abc"],
        ["muscles", "--stretch", "no-such-stretch"],
        ["muscles", "--stretch", "quad-couch", "--knee-flexion", "10"],
    ],
)
def test_cli_muscles_errors(argv, capsys):
    from hipcourse.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "error" in err


def test_figures():
    from hipcourse.views import plots

    fig = plots.stretch_figure("hamstring-supine-strap")
    alt = plots.alt_text(fig)
    assert "Lying hamstring stretch with a strap" in alt and "Semimembranosus" in alt
    assert fig.axes[0].get_title() == "Lying hamstring stretch with a strap"
    heat = plots.two_joint_heatmaps()
    assert "Rectus femoris" in plots.alt_text(heat) and "Semimembranosus" in plots.alt_text(heat)
    assert plots.alt_text(plots.length_bars(msk.length_change(knee_flexion_deg=90)))


def test_explorer_updates_artists_in_place():
    from hipcourse.views import plots

    fig = plots.explorer_figure(dpi=60)
    arts = fig._hipcourse_explorer
    leg, bars = arts["leg"], list(arts["bars"])
    before = leg.get_xydata().copy()
    first = plots.explorer_frame_png(fig)
    plots.update_explorer(fig, {"hip_flexion_deg": -20, "knee_flexion_deg": 110})
    assert fig._hipcourse_explorer["leg"] is leg and list(fig._hipcourse_explorer["bars"]) == bars
    assert not np.allclose(leg.get_xydata(), before)
    k = [r.muscle for r in arts["rows"]].index("vasint_r")
    assert bars[k].get_height() == pytest.approx(
        msk.length_change(hip_flexion_deg=-20, knee_flexion_deg=110)["vasint_r"].length_change_pct
    )
    second = plots.explorer_frame_png(fig)
    assert second[:8] == b"\x89PNG\r\n\x1a\n" and second != first
    assert "knee bent 110" in plots.alt_text(fig)


def test_widget_explorer_and_errors():
    from hipcourse.views import widgets

    ui = widgets.muscle_explorer()
    img = ui.image.value
    ui.sliders["knee_flexion_deg"].value = 90
    assert ui.image.value != img and ui.message.value == ""
    ui.set_pose(hip_flexion_deg=500)
    assert "hip_flexion_deg" in ui.message.value and "500" in ui.message.value
    ui.set_pose(hip_flexion_deg=10)
    assert ui.message.value == ""
    assert plots_alt(widgets.muscle_explorer_static())


def plots_alt(fig):
    from hipcourse.views import plots

    return plots.alt_text(fig)


def test_exercises():
    from hipcourse.views import exercises

    assert exercises.check_knee_bend_lengthens(["rectus-femoris", "vastus-lateralis"])
    fb = exercises.check_knee_bend_lengthens(["semimembranosus"])
    assert not fb and "Semimembranosus" in fb.message
    assert exercises.check_stretch_works_most("hamstring-chair-hinge", "hamstrings")
    assert not exercises.check_stretch_works_most("groin-butterfly", "groin")
    assert not exercises.check_stretch_works_most("groin-butterfly", "calves")


def test_docstring_examples():
    import doctest

    result = doctest.testmod(msk)
    assert result.attempted >= 4 and result.failed == 0
