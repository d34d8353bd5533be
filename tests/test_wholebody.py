"""The full-body model keeps the course's leg numbers; whole-body poses are possible bodies."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from hipcourse import load_catalog
from hipcourse.content import poses as recipes
from hipcourse.kit.checks import InputError
from hipcourse.models import musculoskeletal as msk
from hipcourse.models import posefit, poses, wholebody

IDS = [s.id for s in load_catalog().stretches]


@pytest.fixture(scope="module")
def body():
    return wholebody.body()


def test_right_leg_reproduces_the_leg_model_in_every_catalog_pose(body):
    """Root, spine, arms and the other leg moved on purpose: the right leg's % are unchanged."""
    names = msk.muscle_names()
    cols = [body.actuators.index(n) for n in names]
    worst = 0.0
    for s in load_catalog().stretches:
        angles = {
            **wholebody.leg_angles_deg(s.pose, "r"),
            "hip_flexion_l": 40,
            "knee_angle_l": 70,
            "flex_extension": 20,
            "elv_angle_r": 40,
        }
        q = body.qpos(angles, (0.3, -0.2, 0.5), (0.3, 0.2, -0.4))
        pct = 100 * (body.actuator_lengths(q)[cols] / body.reference_lengths_m[cols] - 1)
        ref = np.array([r.length_change_pct for r in msk.length_change(s.pose).rows])
        worst = max(worst, float(np.abs(pct - ref).max()))
    assert worst < 1e-9, f"{worst} percentage points"


def test_left_leg_mirrors_the_right(body):
    names = msk.muscle_names()
    right = [body.actuators.index(n) for n in names]
    left = [body.actuators.index(n[:-2] + "_l") for n in names]
    pose = load_catalog().stretch("groin-frog").pose
    q = body.qpos(
        {**wholebody.leg_angles_deg(pose, "r"), **wholebody.leg_angles_deg(pose, "l")},
        (0, 0, 1),
        (0, 0, 0),
    )
    L = body.actuator_lengths(q) / body.reference_lengths_m
    assert np.allclose(L[right], L[left], atol=1e-9)


def test_one_recipe_per_catalog_stretch():
    assert set(recipes.load_recipes()) == set(IDS)


def test_a_typo_in_a_recipe_names_file_entry_and_key(tmp_path):
    text = recipes.POSES_FILE.read_text("utf-8").replace(
        'target_side = "right"\nprops = [{ kind = "mat" }, { kind = "cushion", under',
        'target_side = "right"\nprop = 1\nprops = [{ kind = "mat" }, { kind = "cushion", under',
        1,
    )
    bad = tmp_path / "poses.toml"
    bad.write_text(text, "utf-8")
    with pytest.raises(
        recipes.PoseRecipeError, match=r"entry 'hip-flexor-half-kneeling': field 'prop'.*unknown"
    ):
        recipes.load_recipes(bad)
    bad.write_text('[groin-frog]\ntarget_side = "right"\n', "utf-8")
    with pytest.raises(recipes.PoseRecipeError, match="target_side.*sides = 1"):
        recipes.load_recipes(bad)
    bad.write_text('[groin-frogg]\ntarget_side = "both"\n', "utf-8")
    with pytest.raises(recipes.PoseRecipeError, match="groin-frogg.*no catalog stretch"):
        recipes.load_recipes(bad)


def test_stored_poses_are_fresh():
    """The committed fits match today's recipes, catalog poses and model (else: refit them)."""
    stored = json.loads(poses.FITTED_FILE.read_text("utf-8"))["poses"]
    stale = [
        sid
        for sid in IDS
        if stored.get(sid, {}).get("digest") != recipes.recipe(sid).digest(poses._version())
    ]
    assert not stale, "run `hipcourse pose --refit` for: " + ", ".join(stale)


#: Poses the fitter does not yet get within every tolerance (strict: fixing one fails here).
KNOWN_INFEASIBLE = {
    "hamstring-seated-single-leg": "the left buttock stays 2.5 cm above the mat",
}


@pytest.mark.parametrize(
    "sid",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN_INFEASIBLE[s], strict=True))
        if s in KNOWN_INFEASIBLE
        else s
        for s in IDS
    ],
)
def test_every_stored_pose_is_possible_and_keeps_the_catalog_leg(sid):
    pose = poses.whole_body_pose(sid)
    f = pose.feasibility
    assert f.ok, f"{sid}: {f.problems} (margins {f.to_dict()})"
    cat = load_catalog().stretch(sid).pose
    sides = "rl" if pose.target_side == "both" else "r"
    for s in sides:
        for k, joint in wholebody.CATALOG_JOINT.items():
            assert math.degrees(pose.qpos[f"{joint}_{s}"][0]) == pytest.approx(
                getattr(cat, k), abs=1e-6
            )


def test_pose_json_format(body):
    out = poses.whole_body_pose("hip-flexor-half-kneeling").to_json()
    assert set(out) == {"qpos", "floor_z_m", "props", "target_side"}
    m = body.m
    assert set(out["qpos"]) == {m.joint(j).name for j in range(m.njnt)}
    assert len(out["qpos"]["root"]) == 7 and len(out["qpos"]["knee_angle_r"]) == 1
    assert out["floor_z_m"] == 0.0 and out["target_side"] == "right"
    kinds = [p["kind"] for p in out["props"]]
    assert kinds == ["mat", "cushion"]
    for p in out["props"]:
        assert set(p) == {"kind", "pos_m", "size_m"} and len(p["pos_m"]) == len(p["size_m"]) == 3
    json.dumps(out)  # plain JSON


def test_both_legs(body):
    legs = poses.leg_changes("hip-flexor-half-kneeling")
    assert legs.target_legs == ("right",)
    ref = msk.length_change(load_catalog().stretch("hip-flexor-half-kneeling").pose)
    # the whole-body pose also sets the foot (the back foot's toes are tucked): the muscles
    # that cross the ankle differ from the leg model (ankle at 0), the others are equal
    q = body.qpos({"ankle_angle_r": -30, "subtalar_angle_r": 10}, (0, 0, 1), (0, 0, 0))
    moved = body.actuator_lengths(q) - body.reference_lengths_m
    ankle = {body.actuators[i] for i in range(len(moved)) if abs(moved[i]) > 1e-9}
    assert {"soleus_r", "gasmed_r", "tibant_r"} <= ankle and "recfem_r" not in ankle
    for r in ref.rows:
        if r.muscle in ankle:
            continue
        assert legs.legs["right"][r.muscle].length_change_pct == pytest.approx(
            r.length_change_pct, abs=1e-9
        )
    left = legs.legs["left"]
    # the front leg of the lunge: hip and knee bent, so its hamstrings and glutes lengthen
    assert left["glmax1_l"].length_change_pct > 5 and left["recfem_l"].length_change_pct < 5
    assert poses.leg_changes("groin-butterfly").target_legs == ("right", "left")


def test_bad_ids_name_the_id_and_the_valid_ones():
    with pytest.raises(InputError, match=r"stretch = 'no-such'.*hip-flexor-half-kneeling"):
        poses.whole_body_pose("no-such")
    with pytest.raises(InputError, match="no-such"):
        poses.leg_changes("no-such")


def test_a_stale_pose_is_refitted_with_a_clear_message(monkeypatch):
    sid = "quad-couch"
    monkeypatch.setattr(poses, "_CACHE", {})
    monkeypatch.setattr(poses, "_stored", lambda: {"poses": {sid: {"digest": "old"}}})
    monkeypatch.setattr(poses, "fit_pose", lambda s: ("refitted", s))
    with pytest.warns(RuntimeWarning, match=r"'quad-couch' is stale.*hipcourse pose --refit"):
        assert poses.whole_body_pose(sid) == ("refitted", sid)


def test_feasibility_catches_bodies_through_each_other(body):
    """The check is not a formality: the catalog's old butterfly fails it."""
    geo = posefit.Geometry(body)
    old = {
        f"{j}_{s}": v
        for s in "rl"
        for j, v in (
            ("hip_flexion", 80),
            ("hip_adduction", -40),
            ("hip_rotation", -40),
            ("knee_angle", 120),
        )
    }
    body.place_kinematics(body.qpos(old, (0, 0, 1), (0, 0, 0)))
    overlap = geo.legs_overlap_m()
    assert 0.045 < overlap < 0.055  # lesson 07 and the catalog note: "about 5 cm"
    new = load_catalog().stretch("groin-butterfly").pose
    body.place_kinematics(
        body.qpos(
            {**wholebody.leg_angles_deg(new, "r"), **wholebody.leg_angles_deg(new, "l")},
            (0, 0, 1),
            (0, 0, 0),
        )
    )
    assert geo.legs_overlap_m() < posefit.LEGS_TOLERANCE_M


def test_cli_pose_json_and_bad_ids(capsys):
    from hipcourse.cli import main

    assert main(["pose", "groin-butterfly", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["target_side"] == "both" and set(out) == {
        "qpos",
        "floor_z_m",
        "props",
        "target_side",
    }
    assert main(["pose", "groin-butterfly"]) == 0
    assert "feasible: yes" in capsys.readouterr().out
    for argv in (
        ["pose", "no-such", "--json"],
        ["pose"],
        ["muscles", "--stretch", "no-such"],
        ["muscles", "--both-legs", "--json"],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "error" in err
    assert main(["pose", "no-such"]) == 2
    assert "groin-butterfly" in capsys.readouterr().err  # the valid ids are listed


def test_cli_muscles_shows_both_legs(capsys):
    from hipcourse.cli import main

    assert main(["muscles", "--stretch", "hip-flexor-half-kneeling"]) == 0
    out = capsys.readouterr().out
    assert "Both legs in the whole-body pose (target: right leg" in out and "left %" in out
    assert main(["muscles", "--stretch", "groin-frog", "--both-legs", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["target_legs"] == ["right", "left"] and len(data["legs"]["left"]) == 40


def test_stretch_card_shows_the_whole_body_render(tmp_path):
    import re
    import shutil

    from hipcourse.kit.resources import figures_dir
    from hipcourse.views import lesson

    html = lesson.stretch_card("groin-butterfly")._repr_html_()
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html)
    howto = (figures_dir() / "poses" / "groin-butterfly-howto.alt.txt").read_text("utf-8")
    assert len(alts) == 2 and alts[1] == howto.strip().replace("'", "&#x27;")
    # without the render (a figures folder that only has the stick figures) the card still works
    (tmp_path / "stretches").mkdir()
    for f in ("groin-butterfly.png", "groin-butterfly.alt.txt"):
        shutil.copy(figures_dir() / "stretches" / f, tmp_path / "stretches" / f)
    html = lesson.stretch_card("groin-butterfly", figures_dir=tmp_path)._repr_html_()
    assert html.count("<img ") == 1
