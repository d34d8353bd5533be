"""Restrictions judged on the whole body: both legs, every contact, the operated side.

The clinical rules are stated a second time here, in plain Python over the raw TOML (not
through the loader or the engine), so that a wrong rule in the data, a fact the engine
never looks at, or a leg it forgets is caught: every step of many generated routines is
checked hold by hold, on both legs, against this independent statement.
"""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcourse.content.catalog import GROUP_IDS, STRETCHES_FILE, load_catalog
from hipcourse.models import restrictions as RS
from hipcourse.models import routine as R

CAT = load_catalog()
RAW = {s["id"]: s for s in tomllib.loads(STRETCHES_FILE.read_text())["stretch"]}
ANGLES = ("hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg", "knee_flexion_deg")


# --------------------------------------------------------------------------- the oracle
def holds(stretch_id: str, step_side: str) -> list[dict]:
    """Both legs in every hold of a step, straight from the TOML: {"left": leg, ...}."""
    raw = RAW[stretch_id]
    body, pose = raw["body"], raw["pose"]
    other = pose if body["other_leg"] == "same" else body["other_leg"]

    def leg(role, angles):
        return {
            **{k: angles[k] for k in ANGLES},
            "kneel": role in body["knee_on_floor"],
            "weight": role in body["weight_bearing"],
            "role": role,
        }

    if raw["sides"] == 1:
        return [{"left": leg("stretched", pose), "right": leg("stretched", pose), "body": body}]
    out = []
    for hold in {"both": ("right", "left"), "left": ("left",), "right": ("right",)}[step_side]:
        opp = "left" if hold == "right" else "right"
        out.append({hold: leg("stretched", pose), opp: leg("other", other), "body": body})
    return out


def _single_leg(h):
    return h["body"]["orientation"] == "standing" and h["left"]["weight"] != h["right"]["weight"]


def _split(h):
    if h["left"]["weight"] and h["right"]["weight"]:
        return abs(h["left"]["hip_flexion_deg"] - h["right"]["hip_flexion_deg"])
    return 0


def banned(rid: str, stretch_id: str, step_side: str, operated: str) -> bool:
    """The clinical rules, restated: is this step out for this restriction?"""
    if rid == "acute-pain" or rid in RAW[stretch_id]["restrictions"]:
        return True
    op_legs = ("left", "right") if operated == "both" else (operated,)
    for h in holds(stretch_id, step_side):
        b = h["body"]
        legs = [h["left"], h["right"]]
        ops = [h[side] for side in op_legs]
        supine, prone = b["orientation"] == "lying-supine", b["orientation"] == "lying-prone"
        unsupported = b["orientation"] == "standing" and not b["support"]
        if rid == "hip-replacement-posterior" and any(
            g["hip_flexion_deg"] > 90 or g["hip_adduction_deg"] > 0 or g["hip_rotation_deg"] > 0
            for g in ops
        ):
            return True
        if rid == "hip-replacement-anterior" and any(
            g["hip_flexion_deg"] <= -10 or (g["hip_flexion_deg"] < 0 and g["hip_rotation_deg"] < 0)
            for g in ops
        ):
            return True
        if rid == "knee-injury" and any(
            g["kneel"]
            or g["knee_flexion_deg"] >= 110
            or (g["knee_flexion_deg"] > 90 and g["weight"])
            for g in ops
        ):
            return True
        if rid == "pregnancy-second-trimester" and (supine or prone):
            return True
        if rid in ("pregnancy-third-trimester", "pregnancy") and (
            supine or prone or (_single_leg(h) and unsupported)
        ):
            return True
        if rid == "pelvic-girdle-pain" and (
            _single_leg(h) or _split(h) > 60 or any(g["hip_adduction_deg"] < -30 for g in legs)
        ):
            return True
        if rid == "hypermobility" and any(
            g["hip_flexion_deg"] > 110
            or g["hip_flexion_deg"] < -10
            or g["hip_adduction_deg"] < -30
            or g["hip_rotation_deg"] <= -40
            for g in legs
        ):
            return True
        if rid == "osteoporosis" and (b["spine_flexion"] == "deep" or b["spine_twist"]):
            return True
        if rid == "fall-risk" and unsupported:
            return True
    return False


STEP_SIDES = ("both", "left", "right")
CASES = [
    (r.id, s.id, side, op)
    for r in CAT.restrictions
    for s in CAT.stretches
    for side in STEP_SIDES
    for op in RS.OPERATED_SIDES
]


def test_every_restriction_has_an_oracle():
    """A new restriction in the data must be restated here (or it is checked by nothing)."""
    known = {
        "hip-replacement-posterior",
        "hip-replacement-anterior",
        "knee-injury",
        "pregnancy-first-trimester",
        "pregnancy-second-trimester",
        "pregnancy-third-trimester",
        "pregnancy",
        "pelvic-girdle-pain",
        "hypermobility",
        "acute-pain",
        "osteoporosis",
        "fall-risk",
    }
    assert {r.id for r in CAT.restrictions} == known


def test_engine_agrees_with_the_oracle_on_every_stretch_side_and_operated_side():
    disagree = []
    for rid, sid, side, op in CASES:
        step_side = side if CAT.stretch(sid).sides == 2 else "together"
        engine = RS.rules_out(CAT.stretch(sid), [CAT.restriction(rid)], step_side, op)
        if (engine is not None) != banned(rid, sid, side, op):
            disagree.append((rid, sid, side, op, engine))
    assert not disagree, disagree[:5]


# --------------------------------------------------------------------------- the cases
def test_kneeling_is_seen_as_kneeling():
    """Every kneeling stretch puts a knee (or both) on the floor, and a knee injury on that
    side rules it out; the same stretch on the healthy side is judged on the front knee."""
    knee = [CAT.restriction("knee-injury")]
    kneeling = [s for s in CAT.stretches if s.position == "kneeling"]
    assert kneeling and all(s.body.knee_on_floor for s in kneeling)
    s = CAT.stretch("hip-flexor-half-kneeling")
    assert "kneeling" in RS.rules_out(s, knee, "left", operated_side="left")
    assert RS.rules_out(s, knee, "right", operated_side="left") is None  # left foot in front, 90°


def test_the_other_leg_is_checked():
    post = [CAT.restriction("hip-replacement-posterior")]
    # lying figure-four on the right: the left leg is drawn up to 100 degrees
    why = RS.rules_out(CAT.stretch("glute-supine-figure-four"), post, "right", "left")
    assert "beyond 90 degrees" in why and "left leg" in why and "right side" in why
    # seated forward bend on the right: the left knee is folded to 120 degrees
    knee = [CAT.restriction("knee-injury")]
    assert "110 degrees" in RS.rules_out(
        CAT.stretch("hamstring-seated-single-leg"), knee, "right", "left"
    )
    # the bent (squatting) leg of the side lunge is spread wide: pelvic girdle pain
    pgp = [CAT.restriction("pelvic-girdle-pain")]
    assert RS.rules_out(CAT.stretch("groin-side-lunge"), pgp, "right")


def test_anterior_approach_rules_out_the_operated_side_of_lunges_and_hip_flexor_stretches():
    ant = [CAT.restriction("hip-replacement-anterior")]
    for s in CAT.ladder("hip-flexors"):
        assert RS.rules_out(s, ant, "left", operated_side="left"), s.id  # stretched leg behind
    ruled = [s.id for s in CAT.stretches if RS.rules_out(s, ant, "both", "both")]
    assert len(ruled) >= 8  # it used to let 24 of 25 through


def test_the_operated_side_is_honoured():
    post = [CAT.restriction("hip-replacement-posterior")]
    side_bend = CAT.stretch("glute-standing-side-bend")  # the crossed-behind leg is adducted
    assert RS.rules_out(side_bend, post, "left", operated_side="left")
    assert RS.rules_out(side_bend, post, "right", operated_side="left") is None
    assert RS.rules_out(side_bend, post, "right", operated_side="both")
    r = R.build_routine(
        R.RoutineRequest(
            minutes=20,
            focus=("glutes",),
            sides="right",
            restrictions=("hip-replacement-posterior",),
            operated_side="left",
            levels={"glutes": 3},
        )
    )
    assert "glute-standing-side-bend" in [s.stretch_id for s in r.steps]


def test_pregnancy_by_trimester():
    supine = CAT.stretch("hamstring-supine-strap")
    first, second = (CAT.restriction(f"pregnancy-{t}-trimester") for t in ("first", "second"))
    assert RS.rules_out(supine, [first]) is None
    assert "on your back" in RS.rules_out(supine, [second])
    assert "front" in RS.rules_out(CAT.stretch("quad-prone-strap"), [second])


def test_flags_reach_the_routine_notes_without_excluding():
    r = R.build_routine(
        R.RoutineRequest(minutes=15, focus=("hamstrings",), restrictions=("fall-risk",))
    )
    floor = [s for s in r.steps if s.position == "floor"]
    assert floor, r.steps
    assert any("getting down to the floor" in n for n in r.notes)
    assert all(s.position != "standing" or CAT.stretch(s.stretch_id).body.support for s in r.steps)


def test_a_fitted_pose_can_supply_the_facts():
    """Any FactsSource works: a source that says the other leg is drawn up to 100 degrees
    makes a posterior-approach restriction rule out a stretch the catalog allows."""

    class DrawnUp(RS.CatalogFacts):
        def facts(self, stretch, hold):
            f = super().facts(stretch, hold)
            legs = {}
            for side in RS.LEGS:
                leg = vars(f.leg(side)).copy()
                if not leg["stretched"]:
                    leg["hip_flexion_deg"] = 100.0
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

    post = [CAT.restriction("hip-replacement-posterior")]
    strap = CAT.stretch("hamstring-supine-strap")
    assert RS.rules_out(strap, post, "right", "left") is None
    assert "beyond 90" in RS.rules_out(strap, post, "right", "left", source=DrawnUp())


def test_bad_sides_are_refused():
    with pytest.raises(ValueError, match="operated_side"):
        RS.judge(CAT.stretch("groin-frog"), [], "both", operated_side="middle")
    with pytest.raises(ValueError, match="operated_side"):
        R.RoutineRequest(operated_side="up")


# --------------------------------------------------------------------------- many routines
@st.composite
def restricted_requests(draw):
    rid = draw(st.sampled_from([r.id for r in CAT.restrictions]))
    extra = draw(st.lists(st.sampled_from([r.id for r in CAT.restrictions]), max_size=1))
    return R.RoutineRequest(
        minutes=draw(st.integers(5, 90)),
        session=draw(st.sampled_from(R.SESSIONS)),
        focus=tuple(draw(st.lists(st.sampled_from(GROUP_IDS), unique=True, max_size=5))),
        levels={
            g: draw(st.integers(1, len(CAT.ladder(g))))
            for g in draw(st.lists(st.sampled_from(GROUP_IDS), unique=True))
        },
        restrictions=tuple({rid, *extra}),
        sides=draw(st.sampled_from(R.SIDES)),
        operated_side=draw(st.sampled_from(RS.OPERATED_SIDES)),
        older_adult=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(restricted_requests())
def test_every_step_of_every_routine_keeps_every_rule(req):
    r = R.build_routine(req)
    for step in r.steps:
        side = "both" if step.side == "together" else step.side
        for rid in req.restrictions:
            assert not banned(rid, step.stretch_id, side, req.operated_side), (rid, step)
    # and nothing was left out for a restriction that does not rule it out
    for e in r.excluded:
        names = [CAT.restriction(rid).name for rid in req.restrictions]
        if any(e.reason.startswith(n + ":") for n in names):
            assert any(
                banned(rid, e.stretch_id, req.sides, req.operated_side) for rid in req.restrictions
            ), e
    # a saved routine loads back under the same rules
    assert R.routine_from_json(r.to_json()) == r


# --------------------------------------------------------------------------- widget and CLI
def test_cli_takes_the_operated_side(capsys):
    import json

    from hipcourse.cli import main

    args = [
        "routine",
        "--minutes",
        "20",
        "--focus",
        "glutes",
        "--level",
        "glutes=3",
        "--restriction",
        "hip-replacement-posterior",
        "--sides",
        "right",
        "--json",
    ]
    assert main(args + ["--operated-side", "left"]) == 0
    left = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    both = json.loads(capsys.readouterr().out)
    ids = lambda d: [s["stretch_id"] for s in d["steps"]]  # noqa: E731
    assert "glute-standing-side-bend" in ids(left) and "glute-standing-side-bend" not in ids(both)
    assert main(args + ["--operated-side", "middle"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "operated-side" in err


def test_widget_takes_the_operated_side(tmp_path):
    from hipcourse.views import widgets

    b = widgets.routine_builder(out_dir=tmp_path)
    assert "hipcourse-operated-side" in b.operated_side._dom_classes
    b.restrictions.value = ("knee-injury",)
    b.operated_side.value = "left"
    assert b.routine.request.operated_side == "left"
    assert any("your affected left leg" in e.reason for e in b.routine.excluded)
