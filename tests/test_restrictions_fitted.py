"""The catalog's whole-body facts checked against the fitted whole-body poses (issue 15).

The fitted poses (``hipcourse/data/poses.toml`` recipes, ``poses_fitted.json`` results)
fill the same :class:`~hipcourse.models.restrictions.BodyFacts` as the catalog, so the
restriction rules can run on either. Read from the JSON and TOML only (no MuJoCo here).
"""

from __future__ import annotations

import json
import tomllib

import pytest

from hipcourse.content.catalog import load_catalog
from hipcourse.kit.resources import DATA_DIR
from hipcourse.models import restrictions as RS

CAT = load_catalog()
FITTED = json.loads((DATA_DIR / "poses_fitted.json").read_text())["poses"]
RECIPES = tomllib.loads((DATA_DIR / "poses.toml").read_text())
UPRIGHT_KNEELING = ("kneeling", "hands-and-knees")
FIT_JOINTS = {
    "hip_flexion_deg": "hip_flexion_l",
    "hip_adduction_deg": "hip_adduction_l",
    "hip_rotation_deg": "hip_rotation_l",
    "knee_flexion_deg": "knee_angle_l",
}


class FittedFacts(RS.CatalogFacts):
    """The catalog's facts with the other leg's angles taken from the fitted pose (the fit
    keeps the catalog's angles of the stretched right leg; its left leg is the other leg)."""

    def facts(self, stretch, hold):
        f = super().facts(stretch, hold)
        if stretch.sides == 1 or hold == "together":
            return f
        fit = FITTED[stretch.id]["angles_deg"]
        legs = {}
        for side in RS.LEGS:
            leg = vars(f.leg(side)).copy()
            if not leg["stretched"]:
                leg.update({k: fit[v] for k, v in FIT_JOINTS.items()})
            legs[side] = leg
        return RS.BodyFacts.from_legs(
            legs["left"],
            legs["right"],
            orientation=f.orientation,
            hands_bear_weight=f.hands_bear_weight,
            support=f.support,
            spine_flexion=f.spine_flexion,
            spine_twist=f.spine_twist,
        )


def test_every_stretch_has_a_fitted_pose():
    assert {s.id for s in CAT.stretches} <= set(FITTED) and set(FITTED) <= set(RECIPES)


def test_kneeling_in_the_catalog_is_a_shin_on_the_floor_in_the_fit():
    """A knee the catalog puts on the floor touches the floor (or a cushion) in the fitted
    pose, and in kneeling or hands-and-knees poses every shin the fit puts down is listed."""
    for s in CAT.stretches:
        contacts = RECIPES[s.id]["contacts"]
        shins = {g[-1] for g in contacts if g.startswith("tibia")}  # "r" or "l"
        listed = set()
        if "stretched" in s.body.knee_on_floor:
            listed |= {"r", "l"} if s.sides == 1 else {"r"}
        if "other" in s.body.knee_on_floor:
            listed.add("l")
        assert listed <= shins, (s.id, listed, shins)
        if s.body.orientation in UPRIGHT_KNEELING and s.id != "glute-pigeon":
            assert shins <= listed, (s.id, listed, shins)


def _disagreements():
    out = []
    for r in CAT.restrictions:
        for s in CAT.stretches:
            for side in ("right", "left"):
                for op in RS.OPERATED_SIDES:
                    step = side if s.sides == 2 else "together"
                    a = RS.rules_out(s, [r], step, op) is None
                    b = RS.rules_out(s, [r], step, op, source=FittedFacts()) is None
                    if a != b:
                        out.append((r.id, s.id, side, op))
    return out


def test_the_rules_run_on_fitted_facts():
    assert (
        RS.rules_out(
            CAT.stretch("glute-supine-figure-four"),
            [CAT.restriction("knee-injury")],
            "right",
            "left",
            source=FittedFacts(),
        )
        is None
    )


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Known disagreement: the fit's other leg differs from the catalog's other_leg in several "
        "poses (e.g. the seated forward bend's bent leg at 120 degrees of hip flexion in the fit, "
        "60 in the catalog; the side lunge's bent leg at 120 against 80), so some verdicts differ. "
        "The fit's free leg is weakly constrained; the catalog values stay the reference until the "
        "recipes pin the other leg."
    ),
)
def test_catalog_and_fitted_facts_give_the_same_verdicts():
    assert not _disagreements()
