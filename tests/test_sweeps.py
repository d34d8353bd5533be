"""Sweeps and grids over the models (hipcourse.models.sweeps): what the figures draw.

Each result is checked against the model it sweeps (a point of the sweep equals a direct
model call) and against the anatomy the course teaches (which movement lengthens what).
"""

from __future__ import annotations

import numpy as np
import pytest

from hipcourse.kit.checks import InputError
from hipcourse.models import sweeps

mujoco = pytest.importorskip("mujoco")
from hipcourse.models import musculoskeletal as msk  # noqa: E402
from hipcourse.models import spine  # noqa: E402


def test_angle_sweep_matches_the_model_at_the_stretchs_own_pose():
    sw = sweeps.angle_sweep(
        "quad-couch",
        "knee_flexion_deg",
        ["rectus-femoris", "vastus-lateralis"],
        angles_deg=[0, 30, 60, 90, 120],
    )
    assert sw.joint == "knee_flexion_deg" and sw.metric == "fibre_strain"
    own = sw.base_pose["knee_flexion_deg"]
    assert own in sw.angles_deg
    direct = msk.stretch_effect("quad-couch").change.by_catalog_muscle()
    i = list(sw.angles_deg).index(own)
    assert sw.values["rectus-femoris"][i] == pytest.approx(direct["rectus-femoris"][1])
    # bending the knee lengthens both (they cross the front of the knee)
    for m in ("rectus-femoris", "vastus-lateralis"):
        assert np.all(np.diff(sw.values[m]) > 0), m


def test_angle_sweep_defaults_to_the_groups_modelled_muscles_over_the_whole_range():
    sw = sweeps.angle_sweep("hamstring-supine-strap", metric="length_change_pct")
    lo, hi = msk.JOINT_RANGES_DEG["knee_flexion_deg"]
    assert sw.angles_deg[0] == lo and sw.angles_deg[-1] == hi
    assert list(sw.values) == [m.id for m, _ in sweeps.group_parts("hamstrings")]
    # a straight knee stretches the hamstrings more than a bent one
    assert sw.values["semimembranosus"][0] > sw.values["semimembranosus"][-1]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"stretch_id": "nope"}, "stretch_id"),
        ({"stretch_id": "quad-couch", "joint": "ankle"}, "joint"),
        ({"stretch_id": "quad-couch", "metric": "force"}, "metric"),
        ({"stretch_id": "quad-couch", "angles_deg": [10]}, "angles_deg"),
        ({"stretch_id": "quad-couch", "angles_deg": [0, 500]}, "knee_flexion_deg"),
        ({"stretch_id": "quad-couch", "muscles": ["nope"]}, "muscles"),
    ],
)
def test_angle_sweep_rejects_bad_input_naming_the_field(kwargs, field):
    with pytest.raises(InputError, match=field):
        sweeps.angle_sweep(**kwargs)


def test_group_parts_lists_model_parts_and_rejects_unmodelled_muscles():
    parts = dict((m.id, p) for m, p in sweeps.group_parts(None, ["gluteus-medius"]))
    assert parts["gluteus-medius"] == ["glmed1_r", "glmed2_r", "glmed3_r"]
    with pytest.raises(InputError, match="group"):
        sweeps.group_parts("arms")
    with pytest.raises(InputError, match="muscles"):
        sweeps.group_parts(None, [])


def test_movement_lengths_follow_the_muscles_actions():
    mv = sweeps.movement_lengths("hamstrings")
    assert mv.length_change_pct.shape == (len(mv.rows), len(sweeps.MOVEMENTS))
    labels = [lbl for lbl, _ in sweeps.MOVEMENTS]
    flex, ext = labels.index("hip flexion 90°"), labels.index("hip extension 20°")
    for (_m, part), row in zip(mv.rows, mv.length_change_pct, strict=False):
        if part == "bfsh_r":  # the short head crosses the knee only
            assert abs(row[flex]) < 1.0
        else:
            assert row[flex] > 5.0 > row[ext], part
    direct = msk.length_change(hip_flexion_deg=90.0)
    assert mv.length_change_pct[0, flex] == pytest.approx(direct[mv.rows[0][1]].length_change_pct)


def test_stretch_parts_holds_one_change_per_stretch():
    got = sweeps.stretch_parts(["glute-pigeon", "quad-couch"], ["gluteus-maximus"])
    assert got.stretch_ids == ["glute-pigeon", "quad-couch"]
    assert [p for _, p in got.rows] == list(msk.muscles_of(["gluteus-maximus"]))
    assert got.changes[1].pose == msk.stretch_effect("quad-couch").change.pose
    with pytest.raises(InputError, match="stretch_ids"):
        sweeps.stretch_parts(["quad-couch"] * 5, ["gluteus-maximus"])


def test_strain_difference_grid_equals_compare_in_stretch_at_the_stretchs_pose():
    sid = "glute-standing-side-bend"
    g = sweeps.strain_difference_grid(
        sid,
        "gluteus-minimus",
        "gluteus-medius",
        flexion_deg=(-20, 30),
        adduction_deg=(0, 30),
        step_deg=5,
    )
    assert g.difference.shape == (len(g.hip_flexion_deg), len(g.hip_adduction_deg))
    c = msk.compare_in_stretch(sid, "gluteus-minimus", "gluteus-medius")
    f0, a0 = g.base_pose["hip_flexion_deg"], g.base_pose["hip_adduction_deg"]
    at = sweeps.strain_difference_grid(
        sid,
        "gluteus-minimus",
        "gluteus-medius",
        flexion_deg=(f0, min(f0 + 5, 120)),
        adduction_deg=(a0, min(a0 + 5, 30)),
    )
    assert at.hip_flexion_deg[0] == f0 and at.hip_adduction_deg[0] == a0
    assert at.difference[0, 0] == pytest.approx(c.a_fibre_strain - c.b_fibre_strain)
    with pytest.raises(InputError, match="hip_flexion"):
        sweeps.strain_difference_grid(
            sid, "gluteus-minimus", "gluteus-medius", flexion_deg=(30, -20)
        )
    with pytest.raises(InputError, match="step_deg"):
        sweeps.strain_difference_grid(sid, "gluteus-minimus", "gluteus-medius", step_deg=0)


def test_length_grid_is_zero_at_standing_and_shows_two_joint_bands():
    g = sweeps.length_grid("recfem", step_deg=10)
    assert g.muscle == "recfem_r"
    assert g.length_change_pct.shape == (len(g.knee_flexion_deg), len(g.hip_flexion_deg))
    i0 = list(g.knee_flexion_deg).index(0.0)
    j0 = list(g.hip_flexion_deg).index(0.0)
    assert g.length_change_pct[i0, j0] == pytest.approx(0.0, abs=1e-9)
    # rectus femoris: longest with the hip extended and the knee bent
    i, j = np.unravel_index(np.argmax(g.length_change_pct), g.length_change_pct.shape)
    assert g.hip_flexion_deg[j] < 0 and g.knee_flexion_deg[i] > 60
    with pytest.raises(InputError, match="muscle"):
        sweeps.length_grid("nope")


def test_hip_flexor_tilt_sweep_takes_the_steeper_muscle():
    sw = sweeps.hip_flexor_tilt_sweep(3.0, n=7)
    assert sw.shortening_pct[0] == 0.0 and sw.shortening_pct[-1] == 3.0
    assert sw.both == [max(b.values()) for b in sw.by_muscle]
    assert sw.both[0] == pytest.approx(0.0, abs=1e-6)
    assert sw.both[-1] == pytest.approx(spine.standing_tilt_from_hip_flexor_shortening(3.0))
    assert all(np.diff(sw.both) > 0)


def test_forward_bend_sweep_splits_the_bend_between_pelvis_and_lumbar_spine():
    pcts, bends = sweeps.forward_bend_sweep(100.0, 12.0, 0.0, n=5)
    assert list(pcts) == [0.0, 3.0, 6.0, 9.0, 12.0]
    for b in bends:
        assert b.pelvic_rotation_deg + b.lumbar_flexion_deg == pytest.approx(100.0)
    rot = [b.pelvic_rotation_deg for b in bends]
    assert rot[0] > rot[-1]  # tight hamstrings: less hip hinge
