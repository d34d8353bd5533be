"""The sagittal spine model (hipcourse.models.spine), its CLI, figures, explorer and exercises.

Published values the model is checked against are cited next to each test; see
``hipcourse/models/spine/__init__.py`` for the full references.
"""

from __future__ import annotations

import json
import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hipcourse.kit.checks import InputError
from hipcourse.models import spine

PI = st.floats(20.0, 100.0, allow_nan=False)
PT = st.floats(-30.0, 60.0, allow_nan=False)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NORM = spine.ADULT_NORMS

#: Cohorts the model was NOT fitted to (its anchors are the compiled means of BMC Surg 2019
#: Table 1 and the slopes of Le Huec et al. 2016). Each entry: the cohort's mean PI (the
#: model's input) and the cohort's measured means and SDs of what the model predicts, typed
#: here from the papers' pages (never read from ``hipcourse``).
INDEPENDENT_COHORTS = {
    # Mac-Thiong J.-M. et al. (2011) Eur Spine J 20 Suppl 5:572-577 (709 asymptomatic adults,
    # standing radiographs): mean +- 2 SD ranges PI 32-74, PT 0-27, SS 24-55 deg, i.e.
    # mean = (low + high) / 2 and SD = (high - low) / 4.
    "mac-thiong-2011": {
        "pelvic_incidence_deg": (53.0, 10.5),
        "pelvic_tilt_deg": (13.5, 6.75),
        "sacral_slope_deg": (39.5, 7.75),
    },
    # Hyun S.-J. et al. (2019) Eur Spine J 28:1906-1913 (150 asymptomatic men aged 64 +- 6):
    # PI 48.6 +- 8.6, LL 57.5 +- 9.0 deg.
    "hyun-2019": {"pelvic_incidence_deg": (48.6, 8.6), "lumbar_lordosis_deg": (57.5, 9.0)},
    # "How does the sagittal spinal balance of the scoliotic population deviate from the
    # asymptomatic population?" BMC Musculoskelet Disord (2018), doi:10.1186/s12891-018-1954-5,
    # Table 1, normal adults (n = 126, aged 26 +- 4): PI 41.2 +- 7.1, PT 4.5 +- 2.4,
    # SS 37.2 +- 6.7, LL 54.0 +- 10.0, TK 39.1 +- 11.0 deg.
    "bmc-msk-2018": {
        "pelvic_incidence_deg": (41.2, 7.1),
        "pelvic_tilt_deg": (4.5, 2.4),
        "sacral_slope_deg": (37.2, 6.7),
        "lumbar_lordosis_deg": (54.0, 10.0),
        "thoracic_kyphosis_deg": (39.1, 11.0),
    },
}
#: Known disagreements, kept visible: the young cohort's PT (4.5 +- 2.4) is far below the
#: model's 8.3 at PI 41.2 (1.6 SD). xfail(strict): the test says so when the model changes.
KNOWN_MISSES = {
    ("bmc-msk-2018", "pelvic_tilt_deg"): "young cohort's PT 4.5 +- 2.4 deg; model 8.3 deg (1.6 SD)"
}


def _cohort_checks():
    for name, values in INDEPENDENT_COHORTS.items():
        for key in values:
            if key != "pelvic_incidence_deg":
                miss = KNOWN_MISSES.get((name, key))
                marks = [pytest.mark.xfail(strict=True, reason=miss)] if miss else []
                yield pytest.param(name, key, id=f"{name}-{key}", marks=marks)


# ----------------------------------------------------------------------- published means
@pytest.mark.parametrize("cohort,key", list(_cohort_checks()))
def test_typical_spine_predicts_independent_cohorts_within_one_sd(cohort, key):
    """Given only a cohort's mean PI, the model's typical spine lands within one of that
    cohort's SDs of its measured mean (cohorts and sources in INDEPENDENT_COHORTS)."""
    values = INDEPENDENT_COHORTS[cohort]
    a = spine.spine_for_person(values["pelvic_incidence_deg"][0])
    mean, sd = values[key]
    assert abs(getattr(a, key) - mean) <= sd, (cohort, key, getattr(a, key), mean, sd)


@pytest.mark.parametrize("cohort", ["mac-thiong-2011", "bmc-msk-2018"])
def test_cohort_means_obey_the_pelvic_identity(cohort):
    """Means are linear, so mean PI = mean PT + mean SS in any cohort: a check that the
    numbers above were read correctly, independent of the model."""
    v = INDEPENDENT_COHORTS[cohort]
    pi, pt, ss = (v[k][0] for k in ("pelvic_incidence_deg", "pelvic_tilt_deg", "sacral_slope_deg"))
    assert pi == pytest.approx(pt + ss, abs=0.5)


def test_defaults_are_anchored_at_the_compiled_adult_means():
    """Calibration, not validation: the defaults are the anchors the docstrings state (BMC Surg
    2019;19:7 Table 1: PI 51.9 +- 10, PT 13 +- 6, LL 60.9 +- 12, TK 40.6 +- 10, SVA -0.5 +- 25
    mm), typed here from the paper. The validation is the independent-cohort test above."""
    a = spine.spine_for_posture()
    assert a.pelvic_incidence_deg == 52.0 and a.pelvic_tilt_deg == 13.0
    assert a.sacral_slope_deg == 52.0 - 13.0  # the identity, computed here
    assert a.lumbar_lordosis_deg == pytest.approx(60.9, abs=0.5)
    assert a.thoracic_kyphosis_deg == pytest.approx(40.6, abs=0.5)
    assert a.cervical_lordosis_deg == pytest.approx(15.0, abs=0.5)
    assert abs(a.sva_mm) < 10.0  # balanced: C7 over the back of S1
    published = {
        "pelvic_incidence_deg": (51.9, 10.0),
        "pelvic_tilt_deg": (13.0, 6.0),
        "lumbar_lordosis_deg": (60.9, 12.0),
        "thoracic_kyphosis_deg": (40.6, 10.0),
        "sva_mm": (-0.5, 25.0),
    }
    for key, (mean, sd) in published.items():  # the norm table says what the paper says
        assert (NORM[key].mean, NORM[key].sd) == (mean, sd), key


@pytest.mark.parametrize("pi,pt_th,ll_th", [(40, 8, 53), (52, 12, 61), (64, 16, 70)])
def test_typical_values_agree_with_pi_class_rule(pi, pt_th, ll_th):
    """Worked examples of the PI-class rule, PMC4303780 Table 3 (an independent source)."""
    assert spine.pi_class_theoretical(pi) == (pt_th, ll_th)
    assert spine.typical_pelvic_tilt_deg(pi) == pytest.approx(pt_th, abs=2.5)
    assert spine.typical_lumbar_lordosis_deg(pi) == pytest.approx(ll_th, abs=3.0)


def test_lordosis_slope_agrees_with_an_independent_regression():
    """Hyun et al. 2019 (Eur Spine J 28:1906) fitted ideal LL = 0.62 PI + 27.61 in their own
    cohort; the model's slope (0.54, Le Huec et al. 2016) is within 0.1 of it, and the two lines
    differ by less than 3 deg over that cohort's mean PI +- 1 SD (48.6 +- 8.6)."""
    slope = (spine.typical_lumbar_lordosis_deg(70) - spine.typical_lumbar_lordosis_deg(50)) / 20
    assert abs(slope - 0.62) < 0.1
    for pi in (40.0, 48.6, 57.2):
        assert abs(spine.typical_lumbar_lordosis_deg(pi) - (0.62 * pi + 27.61)) < 3.0


def test_regression_slopes_are_le_huec_2016():
    """Le Huec, Hasegawa et al. 2016: PT = 0.44 PI - 11.4, LL = 0.54 PI + 27.6 (slopes)."""
    assert spine.typical_pelvic_tilt_deg(70) - spine.typical_pelvic_tilt_deg(50) == pytest.approx(
        0.44 * 20
    )
    assert spine.typical_lumbar_lordosis_deg(70) - spine.typical_lumbar_lordosis_deg(
        50
    ) == pytest.approx(0.54 * 20)


def test_typical_spines_across_pelvic_incidence():
    low, mid, high = (spine.spine_for_person(pi) for pi in (40, 52, 64))
    assert low.lumbar_lordosis_deg < mid.lumbar_lordosis_deg < high.lumbar_lordosis_deg
    assert low.sacral_slope_deg < mid.sacral_slope_deg < high.sacral_slope_deg
    # across people TK and CL are not associated with PI (PubMed 40261392)
    assert low.thoracic_kyphosis_deg == high.thoracic_kyphosis_deg
    for a in (low, mid, high):
        assert abs(a.sva_mm) <= 25.0  # one SD of SVA, BMC Surg 2019;19:7 Table 1


# ----------------------------------------------------------------------- identity and tilts
@FAST
@given(pi=PI, pt=PT)
def test_pelvic_identity_holds_exactly(pi, pt):
    lo, hi = spine.SACRAL_SLOPE_RANGE_DEG
    if not lo <= pi - pt <= hi:  # no human pelvis: refused (issue 18)
        with pytest.raises(InputError, match="pelvic_tilt_deg.*sacral slope"):
            spine.sacral_slope_deg(pi, pt)
        with pytest.raises(InputError, match="pelvic_tilt_deg"):
            spine.spine_for_posture(pi, pt)
        return
    for a in (spine.spine_for_posture(pi, pt), spine.spine_for_person(pi, pt)):
        assert abs(a.pelvic_incidence_deg - (a.pelvic_tilt_deg + a.sacral_slope_deg)) < 1e-9
    assert abs(spine.sacral_slope_deg(pi, pt) - (pi - pt)) < 1e-9


@pytest.mark.parametrize("pi,pt", [(52.3, 13.1), (47.7, 21.9), (78.8, -7.7)])
def test_identity_survives_json_rounding(pi, pt):
    d = spine.spine_for_posture(pi, pt).to_dict()
    assert abs(d["pelvic_incidence_deg"] - d["pelvic_tilt_deg"] - d["sacral_slope_deg"]) < 1e-9


def test_more_anterior_tilt_gives_more_lordosis():
    tilts = np.arange(-30.0, 52.1, 5.0)  # up to PT = PI: SS < 0 is refused
    ll = [spine.spine_for_posture(52, t).lumbar_lordosis_deg for t in tilts]
    assert all(b < a for a, b in pairwise(ll))  # PT up (posterior) -> less lordosis


@pytest.mark.parametrize("tilt,measured", [(11.4, 10.8), (-8.7, -9.0)])
def test_voluntary_tilt_matches_levine_whittle_1996(tilt, measured):
    """Maximal anterior tilt +11.4 deg -> lordosis +10.8; posterior -8.7 -> -9.0."""
    n = spine.spine_for_person(52)
    a = spine.spine_for_posture(52, n.pelvic_tilt_deg - tilt)
    assert a.lumbar_lordosis_deg - n.lumbar_lordosis_deg == pytest.approx(measured, abs=1.0)


def test_sitting_matches_endo_2012():
    """Endo et al. 2012 (50 adults): standing -> sitting PT +18.3, LL -16.6 deg."""
    stand, sit = spine.sitting_spine(52)
    assert sit.pelvic_tilt_deg - stand.pelvic_tilt_deg == pytest.approx(18.3)
    assert sit.lumbar_lordosis_deg - stand.lumbar_lordosis_deg == pytest.approx(-16.6, abs=2.5)
    assert sit.thoracic_kyphosis_deg > stand.thoracic_kyphosis_deg  # the upper back rounds


@FAST
@given(pi=PI, pt=PT)
def test_posture_keeps_head_over_hips_and_gaze_level(pi, pt):
    assume(0 <= pi - pt <= 90)  # a human pelvis (other pairs are refused)
    neutral = spine.spine_for_person(pi)
    a = spine.spine_for_posture(pi, pt)
    assert a.geometry.head_over_hip_mm() == pytest.approx(
        neutral.geometry.head_over_hip_mm(), abs=0.01
    )
    assert a.geometry.head_pitch_deg == 0.0
    # eyes level: the top of the spine keeps its neutral direction
    assert a.geometry.top_tangent_deg == pytest.approx(neutral.geometry.top_tangent_deg, abs=1e-6)
    # lordosis follows the sacral slope one to one
    assert a.lumbar_lordosis_deg - neutral.lumbar_lordosis_deg == pytest.approx(
        a.sacral_slope_deg - neutral.sacral_slope_deg, abs=1e-9
    )


def test_compensation_direction():
    """Forward tilt: upper curves flatten a little; backward tilt (sitting): they deepen."""
    n = spine.spine_for_person(52)
    fwd = spine.spine_for_posture(52, n.pelvic_tilt_deg - 10)
    back = spine.spine_for_posture(52, n.pelvic_tilt_deg + 10)
    assert fwd.thoracic_kyphosis_deg < n.thoracic_kyphosis_deg < back.thoracic_kyphosis_deg
    assert fwd.cervical_lordosis_deg < n.cervical_lordosis_deg < back.cervical_lordosis_deg


def test_person_mode_tilt_does_not_change_curves():
    a, b = spine.spine_for_person(52), spine.spine_for_person(52, 25)
    assert a.lumbar_lordosis_deg == b.lumbar_lordosis_deg
    assert b.sacral_slope_deg == 27.0
    assert b.sva_mm < a.sva_mm - 50  # the unchanged spine leans back with the pelvis


def test_tilt_chain_stages():
    stages = spine.tilt_chain(52, 10)
    names = [n for n, _ in stages]
    assert len(stages) == 4 and names[0].startswith("1.")
    n, rigid, lumbar, full = (a for _, a in stages)
    assert rigid.geometry.head_pitch_deg == 10.0
    assert rigid.lumbar_lordosis_deg == n.lumbar_lordosis_deg
    assert rigid.geometry.head_over_hip_mm() > n.geometry.head_over_hip_mm() + 50
    assert lumbar.lumbar_lordosis_deg == pytest.approx(n.lumbar_lordosis_deg + 10)
    assert lumbar.thoracic_kyphosis_deg == n.thoracic_kyphosis_deg
    assert full.geometry.head_over_hip_mm() == pytest.approx(
        n.geometry.head_over_hip_mm(), abs=0.01
    )


# ----------------------------------------------------------------------- ASIS-PSIS
def test_asis_psis_conversion_within_a_person():
    assert spine.pelvic_tilt_change_from_asis_psis_deg(8) == -8.0
    assert spine.pelvic_tilt_change_from_asis_psis_deg(-5) == 5.0
    assert (
        spine.pelvic_tilt_from_asis_psis_deg(
            20, reference_asis_psis_deg=12, reference_pelvic_tilt_deg=13
        )
        == 5.0
    )
    with pytest.raises(InputError, match="reference_asis_psis_deg"):
        spine.pelvic_tilt_from_asis_psis_deg(10, reference_asis_psis_deg=float("nan"))
    with pytest.raises(ValueError, match="ASIS-PSIS"):
        spine.pelvic_tilt_from_asis_psis_deg(55, reference_asis_psis_deg=-50)


# ----------------------------------------------------------------------- validation
@pytest.mark.parametrize("pi", [19.9, 100.1, -5, 1e9, float("nan"), float("inf"), "abc", None])
def test_bad_pelvic_incidence_names_field_and_range(pi):
    for fn in (spine.spine_for_posture, spine.spine_for_person):
        with pytest.raises(ValueError) as e:
            fn(pi)
        assert "pelvic_incidence_deg" in str(e.value) and "20 to 100" in str(e.value)


@pytest.mark.parametrize("pt", [-30.1, 60.1, float("nan"), float("-inf"), "x"])
def test_bad_pelvic_tilt_names_field_and_range(pt):
    with pytest.raises(ValueError) as e:
        spine.spine_for_posture(52, pt)
    assert "pelvic_tilt_deg" in str(e.value) and "-30 to 60" in str(e.value)
    with pytest.raises(ValueError, match="pelvic_tilt_deg"):
        spine.spine_for_person(52, pt)


@FAST
@given(
    pi=st.one_of(st.floats(allow_nan=True), st.text(max_size=3)),
    pt=st.one_of(st.floats(allow_nan=True), st.none()),
)
def test_random_inputs_either_work_or_name_the_field(pi, pt):
    try:
        a = spine.spine_for_posture(pi, 13.0 if pt is None else pt)
    except ValueError as exc:
        assert "pelvic_incidence_deg" in str(exc) or "pelvic_tilt_deg" in str(exc)
        return
    assert 20 <= a.pelvic_incidence_deg <= 100 and -30 <= a.pelvic_tilt_deg <= 60


def test_mode_choice():
    with pytest.raises(InputError, match="mode"):
        spine.spine_alignment(52, 13, "sideways")
    assert spine.spine_alignment(52, None, "person").pelvic_tilt_deg == pytest.approx(
        spine.typical_pelvic_tilt_deg(52)
    )
    assert spine.spine_alignment(52, None, "posture").pelvic_tilt_deg == 13.0


# ----------------------------------------------------------------------- geometry
def test_points_are_ordered_and_anchored():
    a = spine.spine_for_posture()
    pts = a.points_mm
    expected = (
        ["S1"]
        + [f"L{k}" for k in range(5, 0, -1)]
        + [f"T{k}" for k in range(12, 0, -1)]
        + [f"C{k}" for k in range(7, 1, -1)]
        + ["head", "hip_axis"]
    )
    assert list(pts) == expected
    assert pts["S1"] == [0.0, 0.0]
    ys = [pts[k][1] for k in expected[:-2]]
    assert all(b > a_ for a_, b in pairwise(ys))  # every vertebra above the one below
    hx, hy = pts["hip_axis"]
    assert math.hypot(hx, hy) == pytest.approx(spine.HIP_TO_S1_MM)
    assert math.degrees(math.atan2(hx, -hy)) == pytest.approx(a.pelvic_tilt_deg)  # PT


def _bulge(pts, lower, apex, upper):
    """Signed forward distance of ``apex`` from the chord lower->upper (+ = in front)."""
    (x0, y0), (x1, y1), (xa, ya) = pts[lower], pts[upper], pts[apex]
    xc = x0 + (x1 - x0) * (ya - y0) / (y1 - y0)
    return xa - xc


@FAST
@given(pi=st.floats(30.0, 85.0), tilt=st.floats(-15.0, 8.0))
def test_it_looks_like_a_spine(pi, tilt):
    """Lumbar lordosis and cervical lordosis bulge forward, the thoracic kyphosis back
    (for tilts within a normal range of a person's neutral; a large forward tilt
    straightens the model's neck)."""
    pts = spine.spine_for_posture(pi, spine.typical_pelvic_tilt_deg(pi) - tilt).points_mm
    assert _bulge(pts, "S1", "L3", "L1") > 5
    assert _bulge(pts, "T12", "T7", "T1") < -5
    assert _bulge(pts, "C7", "C4", "C2") > 0


def test_sva_is_c7_over_the_back_of_s1():
    a = spine.spine_for_posture()
    g = a.geometry
    assert a.sva_mm == pytest.approx(g.centres["C7"][0] - g.s1_posterior_corner[0])
    assert g.s1_posterior_corner[0] < 0 < g.s1_endplate[1][0]  # posterior corner behind


def test_geometry_segment_lengths_are_the_stated_heights():
    g = spine.spine_for_posture().geometry
    s = np.cumsum(np.hypot(*np.diff(g.curve, axis=0).T))
    total = sum(spine.BODY_HEIGHT_MM.values()) + sum(spine.DISC_HEIGHT_MM.values())
    assert s[-1] == pytest.approx(total, rel=0.01)


# ----------------------------------------------------------------------- Roussouly
@pytest.mark.parametrize(
    "ss,pi,pt,ll,expected",
    [
        (30, 52, 22, 50, "2"),
        (25, 52, 27, 60, "1"),
        (39, 52, 13, 61, "3"),
        (50, 64, 14, 70, "4"),
        (42, 45, 3, 60, "3AP"),
        (48, 46, -2, 64, "3AP"),
    ],
)
def test_roussouly_types(ss, pi, pt, ll, expected):
    assert spine.roussouly_type(ss, pi, pt, ll) == expected


def test_roussouly_in_outputs():
    assert spine.spine_for_posture().roussouly_type == "3"
    assert spine.spine_for_posture(64, 10).roussouly_type == "4"
    assert spine.spine_for_posture(45, 3).roussouly_type == "3AP"
    assert spine.spine_for_posture(40, 20).roussouly_type in ("1", "2")


def test_norm_table():
    rows = spine.compare_with_norms()
    assert {r["key"] for r in rows} == set(NORM)
    assert all(r["within_one_sd"] in (True, None) for r in rows)
    text = spine.norms_text()
    assert "lumbar lordosis (L1-S1)" in text and "NO" not in text


# ----------------------------------------------------------------------- muscles -> pelvis
def test_hip_flexor_shortening_forces_anterior_tilt():
    assert spine.standing_tilt_from_hip_flexor_shortening(0) == 0.0
    tilts = [spine.standing_tilt_from_hip_flexor_shortening(p) for p in (1, 2, 4, 6)]
    assert all(b > a for a, b in pairwise(tilts))
    by = spine.hip_flexor_tilt_by_muscle(2)
    assert set(by) == {"iliacus", "psoas"}
    assert spine.standing_tilt_from_hip_flexor_shortening(2) == max(by.values())
    assert spine.standing_tilt_from_hip_flexor_shortening(2, ["iliacus"]) == by["iliacus"]
    a = spine.spine_for_hip_flexor_shortening(2)
    assert a.anterior_tilt_deg == pytest.approx(max(by.values()))
    assert a.lumbar_lordosis_deg > spine.spine_for_person(52).lumbar_lordosis_deg


def test_hip_flexor_tilt_matches_muscle_lengths():
    """The forced tilt is where the shortened muscle's model length fits (thigh vertical)."""
    from hipcourse.models import musculoskeletal as msk

    tilt = spine.hip_flexor_tilt_by_muscle(3, ["iliacus"])["iliacus"]
    names = msk.muscle_names()
    lengths = msk.musculotendon_lengths_m(np.array([[0, 0, 0, 0], [tilt, 0, 0, 0]], float))
    i = names.index("iliacus_r")
    assert lengths[1, i] / lengths[0, i] == pytest.approx(0.97, abs=0.001)


@pytest.mark.parametrize("bad", [-1, 50, float("nan"), "lots"])
def test_bad_hip_flexor_shortening(bad):
    with pytest.raises(ValueError, match="hip_flexor_shortening_pct"):
        spine.standing_tilt_from_hip_flexor_shortening(bad)
    with pytest.raises(InputError, match="muscles"):
        spine.standing_tilt_from_hip_flexor_shortening(1, ["rectus-femoris"])


def test_too_much_shortening_names_the_range():
    top = spine.max_hip_flexor_shortening_pct()
    with pytest.raises(InputError) as e:
        spine.standing_tilt_from_hip_flexor_shortening(top + 0.5)
    assert "hip_flexor_shortening_pct" in str(e.value) and "from 0 to" in str(e.value)
    assert spine.standing_tilt_from_hip_flexor_shortening(top - 0.01) <= spine.MAX_FORCED_TILT_DEG


def test_tight_hamstrings_move_the_bend_to_the_lumbar_spine():
    normal = spine.forward_bend(110, 0)
    assert normal.hip_limit_deg == pytest.approx(spine.NORMAL_SLR_DEG, abs=0.5)
    assert normal.pelvic_rotation_deg + normal.lumbar_flexion_deg == 110
    tight = spine.forward_bend(110, 8)
    assert tight.lumbar_flexion_deg > normal.lumbar_flexion_deg + 20
    bent = spine.forward_bend(110, 8, knee_flexion_deg=20)
    assert bent.lumbar_flexion_deg < tight.lumbar_flexion_deg  # bend the knees, hinge more
    assert tight.limiting_muscle in spine.HAMSTRINGS
    assert spine.forward_bend(40, 0).lumbar_flexion_deg == 0.0


@pytest.mark.parametrize(
    "kw,field",
    [
        ({"hamstring_shortening_pct": 16}, "hamstring_shortening_pct"),
        ({"knee_flexion_deg": -1}, "knee_flexion_deg"),
        ({"trunk_flexion_deg": float("nan")}, "trunk_flexion_deg"),
    ],
)
def test_bad_forward_bend(kw, field):
    with pytest.raises(ValueError, match=field):
        spine.forward_bend(**kw)


# ----------------------------------------------------------------------- CLI
def _run(capsys, *argv):
    from hipcourse.cli import main

    code = main(["spine", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json_keys_and_defaults(capsys):
    code, out, err = _run(capsys, "--json")
    assert code == 0 and not err
    d = json.loads(out)
    assert list(d) == [
        "pelvic_incidence_deg",
        "pelvic_tilt_deg",
        "sacral_slope_deg",
        "lumbar_lordosis_deg",
        "thoracic_kyphosis_deg",
        "cervical_lordosis_deg",
        "sva_mm",
        "roussouly_type",
        "points_mm",
    ]
    assert (d["pelvic_incidence_deg"], d["pelvic_tilt_deg"], d["sacral_slope_deg"]) == (52, 13, 39)
    assert d["roussouly_type"] in ("1", "2", "3", "3AP", "4")
    assert d["points_mm"]["S1"] == [0.0, 0.0] and "hip_axis" in d["points_mm"]
    assert all(len(v) == 2 for v in d["points_mm"].values())


def test_cli_person_and_posture(capsys):
    _, out, _ = _run(capsys, "--person", "--pelvic-incidence", "40", "--json")
    person = json.loads(out)
    assert person["pelvic_tilt_deg"] == pytest.approx(spine.typical_pelvic_tilt_deg(40), abs=1e-6)
    _, out, _ = _run(
        capsys, "--posture", "--pelvic-incidence", "40", "--pelvic-tilt", "5", "--json"
    )
    assert json.loads(out)["pelvic_tilt_deg"] == 5
    code, out, _ = _run(capsys)
    assert code == 0 and "lumbar lordosis" in out and "L1-S1" in out and "T2-T12" in out


def test_cli_hip_flexor_shortening(capsys):
    code, out, _ = _run(capsys, "--hip-flexor-shortening-pct", "2", "--json")
    assert code == 0
    d = json.loads(out)
    expected = spine.typical_pelvic_tilt_deg(52) - spine.standing_tilt_from_hip_flexor_shortening(2)
    assert d["pelvic_tilt_deg"] == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--pelvic-incidence", "120"], "--pelvic-incidence"),
        (["--pelvic-incidence", "nan"], "--pelvic-incidence"),
        (["--pelvic-tilt", "-31"], "--pelvic-tilt"),
        (["--pelvic-tilt", "abc"], "--pelvic-tilt"),
        (["--hip-flexor-shortening-pct", "30"], "--hip-flexor-shortening-pct"),
        (["--person", "--hip-flexor-shortening-pct", "2"], "--person"),
        (["--pelvic-tilt", "3", "--hip-flexor-shortening-pct", "2"], "not allowed"),
        (["--person", "--posture"], "not allowed"),
    ],
)
def test_cli_bad_values_one_line_exit_2(capsys, argv, needle):
    code, out, err = _run(capsys, *argv)
    assert code == 2 and not out
    assert needle in err and len(err.strip().splitlines()) == 1


# ----------------------------------------------------------------------- exercises
def test_exercise_feedback():
    from hipcourse.views import exercises as E

    assert E.check_sacral_slope(52, 13, 39)
    fb = E.check_sacral_slope(52, 13, 65)
    assert not fb and "adding" not in fb.message and "added" in fb.message
    assert not E.check_sacral_slope(52, 13, "many")
    assert E.check_lordosis_change(10, 10) and not E.check_lordosis_change(10, -10)
    assert "Wrong direction" in E.check_lordosis_change(10, -10).message
    assert E.check_sitting_lordosis(-17) and not E.check_sitting_lordosis(5)
    assert E.check_tilt_direction("hip-flexors", "anterior")
    assert E.check_tilt_direction("hamstrings", "posterior")
    assert not E.check_tilt_direction("hip-flexors", "posterior")
    assert E.check_upper_back(10, "less") and not E.check_upper_back(10, "more")
    assert "Day" in E.check_upper_back(10, "more").message
    tilt = spine.standing_tilt_from_hip_flexor_shortening(2)
    assert E.check_hip_flexor_tilt(2, tilt) and not E.check_hip_flexor_tilt(2, tilt + 10)
    bend = spine.forward_bend(110, 10)
    assert E.check_forward_bend(10, bend.lumbar_flexion_deg)
    assert not E.check_forward_bend(10, bend.lumbar_flexion_deg - 30)
    assert E.check_roussouly_type(52, 13, "3") and E.check_roussouly_type(45, 2, "3ap")
    assert not E.check_roussouly_type(52, 13, "7")


# ----------------------------------------------------------------------- figures and widget
def test_figures_have_alt_text_and_labels():
    from hipcourse.views import plots

    for fig in (
        plots.spine_drawing(),
        plots.spine_for_tilts(),
        plots.spines_for_incidences(),
        plots.tilt_chain(),
        plots.sitting_vs_standing(),
        plots.pelvic_tilt_explorer_figure(),
        plots.hip_flexor_tilt(),
        plots.forward_bend(),
    ):
        assert len(plots.alt_text(fig)) > 80
        for ax in fig.axes:
            assert ax.get_xlabel()


def test_explorer_view_updates_in_place():
    from hipcourse.views import plots

    view = plots.SpineExplorerView()
    first = view.png()
    n_artists = [len(ax.get_children()) for ax in view.fig.axes]
    view.update(spine.spine_for_posture(52, 30), spine.spine_for_person(52))
    second = view.png()
    assert [len(ax.get_children()) for ax in view.fig.axes] == n_artists
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first != second
    assert "thoracic kyphosis" in plots.alt_text(view.fig)


def test_pelvic_tilt_explorer_widget():
    from hipcourse.views import widgets

    e = widgets.pelvic_tilt_explorer()
    ll = e.readouts["lumbar_lordosis_deg"]
    assert "hipcourse-lordosis" in ll._dom_classes
    before, fig = ll.value, e.view.fig
    e.set_state(pelvic_tilt_deg=5)
    assert ll.value != before and 'data-value="69.0"' in ll.value
    assert e.view.fig is fig and e.message.value == ""
    e.tilt.value = 25  # moving the slider redraws too
    assert e.alignment.pelvic_tilt_deg == 25
    e.set_state(pelvic_incidence_deg=float("nan"))
    assert "pelvic_incidence_deg" in e.message.value and "20 to 100" in e.message.value
    e.set_state(hip_flexor_shortening_pct=2)
    assert e.control.value == "muscles" and e.message.value == ""
    assert e.alignment.anterior_tilt_deg == pytest.approx(
        spine.standing_tilt_from_hip_flexor_shortening(2)
    )
    e.set_state(hip_flexor_shortening_pct=50)
    assert "hip_flexor_shortening_pct" in e.message.value
