"""The explorers compute the model once per slider move (issue 14): no second call for the
alt text, the read-outs or the forced-tilt sentence.

Each model function the explorers use is wrapped in a counter (monkeypatch), a slider is
moved once, and the calls are counted.
"""

from __future__ import annotations

import collections
import sys

import pytest

from hipcourse.models import musculoskeletal as msk
from hipcourse.models import spine
from hipcourse.views import widgets


def _count(monkeypatch, package, names) -> collections.Counter:
    """Wrap ``names`` in a counter wherever the package's modules hold them (a model is a
    package whose submodules call each other, so the package namespace alone is not enough)."""
    calls = collections.Counter()
    modules = [package] + [
        m
        for key, m in sorted(sys.modules.items())
        if key.startswith(package.__name__ + ".") and m is not None
    ]
    for name in names:
        original = getattr(package, name)

        def wrapper(*args, _original=original, _name=name, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        for module in modules:
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, wrapper)
    return calls


MUSCLE_MODEL = (
    "pose_state",
    "length_change",
    "length_change_batch",
    "musculotendon_lengths_m",
    "stretch_effect",
)
SPINE_MODEL = (
    "spine_for_posture",
    "spine_for_person",
    "spine_for_hip_flexor_shortening",
    "standing_tilt_from_hip_flexor_shortening",
    "hip_flexor_tilt_by_muscle",
)


def test_muscle_explorer_one_model_pass_per_slider_move(monkeypatch):
    explorer = widgets.muscle_explorer()
    calls = _count(monkeypatch, msk, MUSCLE_MODEL)
    engine = type(msk._engine())  # every placement of the model in MuJoCo, counted
    place = engine._place

    def counted(self, angles_deg, _place=place):
        calls["placements"] += 1
        return _place(self, angles_deg)

    monkeypatch.setattr(engine, "_place", counted)
    explorer.sliders["knee_flexion_deg"].value = 45.0
    assert explorer.message.value == ""
    assert calls == {"pose_state": 1, "placements": 1}
    calls.clear()
    explorer.set_pose(hip_flexion_deg=30.0)
    assert calls == {"pose_state": 1, "placements": 1}
    # the alt text and the bars come from that one pass: they describe the new pose
    from hipcourse import plots

    assert "hip bent 30°" in plots.alt_text(explorer.fig)
    assert "knee bent 45°" in plots.alt_text(explorer.fig)


def test_pelvic_tilt_explorer_one_model_pass_per_tilt_move(monkeypatch):
    explorer = widgets.pelvic_tilt_explorer()
    calls = _count(monkeypatch, spine, SPINE_MODEL)
    explorer.tilt.value = 20.0
    assert explorer.message.value == ""
    one_posture = collections.Counter(calls)
    calls.clear()
    spine.spine_for_posture(52.0, 20.0)  # what one call costs on its own (its neutral spine)
    assert one_posture == calls and calls["spine_for_posture"] == 1
    assert 'data-value="20.0"' in explorer.readouts["pelvic_tilt_deg"].value


@pytest.mark.parametrize("how", ["slider", "set_state"])
def test_pelvic_tilt_explorer_one_model_pass_per_shortening_move(monkeypatch, how):
    explorer = widgets.pelvic_tilt_explorer()
    explorer.control.value = "muscles"
    calls = _count(monkeypatch, spine, SPINE_MODEL)
    if how == "slider":
        explorer.shortening.value = 2.0
    else:
        explorer.set_state(hip_flexor_shortening_pct=2.0)
    assert explorer.message.value == ""
    # spine_for_hip_flexor_shortening computes the forced tilt once and calls
    # spine_for_posture with it (which builds the person's neutral spine for reference)
    assert calls["standing_tilt_from_hip_flexor_shortening"] == 1
    assert calls["spine_for_hip_flexor_shortening"] == 1
    assert calls["spine_for_posture"] == 1
    assert calls["hip_flexor_tilt_by_muscle"] <= 1
    # the forced-tilt sentence agrees with the tilt the model computes
    tilt = spine.standing_tilt_from_hip_flexor_shortening(2.0)
    assert f"anterior tilt of {tilt:.0f}°" in explorer.forced.value
    assert explorer.shortening.value == 2.0


def test_pelvic_tilt_explorer_bad_shortening_shows_a_message_and_keeps_the_state():
    explorer = widgets.pelvic_tilt_explorer()
    before = explorer.alignment
    explorer.set_state(hip_flexor_shortening_pct=-3)
    assert "hip_flexor_shortening_pct" in explorer.message.value
    assert explorer.control.value == "tilt"
    assert explorer.alignment is before


def test_pelvic_tilt_explorer_new_incidence_redraws_the_neutral_spine_once(monkeypatch):
    explorer = widgets.pelvic_tilt_explorer()
    calls = _count(monkeypatch, spine, SPINE_MODEL)
    explorer.incidence.value = 60.0
    moved = collections.Counter(calls)
    calls.clear()
    spine.spine_for_posture(60.0, 13.0)
    assert moved["spine_for_posture"] == 1
    # one more person's spine than the posture itself needs: the grey neutral spine
    assert moved["spine_for_person"] == calls["spine_for_person"] + 1
    assert explorer.alignment.pelvic_incidence_deg == 60.0


def test_pose_state_gives_what_the_two_calls_give():
    """The one-pass API is the two separate calls, number for number."""
    pose = {
        "hip_flexion_deg": 70.0,
        "hip_adduction_deg": -10.0,
        "hip_rotation_deg": 15.0,
        "knee_flexion_deg": 40.0,
    }
    geo, change = msk.pose_state(pose, ["recfem_r", "bflh_r"])
    alone = msk.length_change(pose)
    assert [r.length_change_pct for r in change.rows] == [r.length_change_pct for r in alone.rows]
    g2 = msk.pose_geometry(pose, ["recfem_r", "bflh_r"])
    for name in ("recfem_r", "bflh_r"):
        assert (geo.paths[name] == g2.paths[name]).all()
