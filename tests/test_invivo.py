"""The model checked against in-vivo findings: the data loads strictly, verdicts are right."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcourse.content.catalog import CatalogError
from hipcourse.models import invivo

GOOD = """
[[finding]]
id = "x"
muscle = "piriformis"
model = ["piri"]
found = "more with adduction"
kind = "more"
margin_pct_points = 0.5
study = "elastography, 21 men"
source = "A paper 2024"
[finding.pose_a]
hip_flexion_deg = 90
hip_adduction_deg = 20
hip_rotation_deg = -40
knee_flexion_deg = 90
[finding.pose_b]
hip_flexion_deg = 90
hip_adduction_deg = 0
hip_rotation_deg = -40
knee_flexion_deg = 90
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "invivo.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_findings_load_and_cite_a_source():
    findings = invivo.load_findings()
    assert len(findings) >= 8
    ids = {f.id for f in findings}
    assert {
        "piriformis-adduction",
        "adductor-magnus-flexion",
        "adductor-longus-extension",
        "tfl-knee-flexion",
        "hamstrings-model-overstates",
    } <= ids
    assert all(f.source and f.study for f in findings)


@pytest.mark.parametrize(
    "kind,a,b,margin,expected",
    [
        ("more", 10.0, 8.0, 0.5, "agrees"),
        ("more", 10.0, 9.8, 0.5, "disagrees"),
        ("more", 8.0, 10.0, 0.5, "disagrees"),
        ("same", 10.0, 10.8, 1.0, "agrees"),
        ("same", 10.0, 12.0, 1.0, "disagrees"),
        ("caveat", 10.0, 0.0, 0.0, "caveat"),
    ],
)
def test_verdict_rules(kind, a, b, margin, expected):
    f = invivo.load_findings()[0]
    f = invivo.Finding(**{**f.__dict__, "kind": kind, "margin_pct_points": margin})
    assert invivo.verdict(f, a, b) == expected


def test_compare_uses_the_model_for_both_poses(tmp_path):
    findings = invivo.load_findings(_write(tmp_path, GOOD))
    (check,) = invivo.compare(findings)
    from hipcourse.models import musculoskeletal as msk

    a = msk.length_change(**findings[0].pose_a)["piri"].length_change_pct
    b = msk.length_change(**findings[0].pose_b)["piri"].length_change_pct
    assert check.model_a_pct == pytest.approx(a) and check.model_b_pct == pytest.approx(b)
    assert check.verdict == invivo.verdict(findings[0], a, b)


def test_shipped_disagreement_is_reported_not_hidden():
    counts = invivo.summary()
    assert sum(counts.values()) == len(invivo.load_findings())
    assert counts["caveat"] >= 1


@pytest.mark.parametrize(
    "old,new,field",
    [
        ('kind = "more"', 'kind = "bigger"', "kind"),
        ('model = ["piri"]', 'model = ["piriformis"]', "model"),
        ("margin_pct_points = 0.5", 'margin_pct_points = "half"', "margin_pct_points"),
        (
            "hip_adduction_deg = 0\nhip_rotation_deg = -40\nknee_flexion_deg = 90",
            'hip_adduction_deg = 0\nhip_rotation_deg = -40\nknee_flexion_deg = "bent"',
            "pose_b.knee_flexion_deg",
        ),
        ('source = "A paper 2024"', 'source = ""', "source"),
    ],
)
def test_broken_file_names_file_entry_and_field(tmp_path, old, new, field):
    assert old in GOOD
    with pytest.raises(CatalogError) as err:
        invivo.load_findings(_write(tmp_path, GOOD.replace(old, new, 1)))
    msg = str(err.value)
    assert "invivo.toml" in msg and "'x'" in msg and repr(field) in msg


def test_lesson_table_shows_every_finding_and_verdict():
    import html

    from hipcourse.views.evidence import invivo_table

    block = invivo_table()
    page, text = block._repr_html_(), repr(block)
    checks = invivo.compare()
    for c in checks:
        assert html.escape(c.finding.source) in page and html.escape(c.finding.found) in page
        assert f"{c.finding.id}: model {c.model_a_pct:+.1f} %" in text and c.verdict in text
    assert text.splitlines()[-1] == ", ".join(f"{k} {v}" for k, v in invivo.summary(checks).items())
