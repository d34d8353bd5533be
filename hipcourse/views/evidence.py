"""The model against in-vivo studies, as a table for a lesson (views: formatting only).

The numbers come from :func:`hipcourse.models.invivo.compare`; this module only lays them
out, one row per published finding.
"""

from __future__ import annotations

import html

from hipcourse.views.lesson import HTMLBlock, _table

_VERDICT = {"agrees": "agrees", "disagrees": "DISAGREES", "caveat": "caveat"}


def _pose(p: dict) -> str:
    """A pose in words: 'hip bent 90°, out to the side 40°, turned out 40°, knee straight'."""
    flex, add, rot, knee = (
        p[k]
        for k in ("hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg", "knee_flexion_deg")
    )
    words = [
        f"hip bent {flex:g}°"
        if flex > 0
        else f"hip extended {-flex:g}°"
        if flex < 0
        else "hip straight"
    ]
    if add:
        words.append(f"across the midline {add:g}°" if add > 0 else f"out to the side {-add:g}°")
    if rot:
        words.append(f"turned in {rot:g}°" if rot > 0 else f"turned out {-rot:g}°")
    words.append(f"knee bent {knee:g}°" if knee else "knee straight")
    return ", ".join(words)


def invivo_table() -> HTMLBlock:
    """Each in-vivo finding, the model's % lengthening in its two poses, and the verdict.

    Plain text (what nbval compares): one line per finding with the two model values and
    the verdict, then the totals.
    """
    from hipcourse.models import invivo

    checks = invivo.compare()
    e = html.escape
    rows, text = [], []
    for c in checks:
        f = c.finding
        if f.kind == "caveat":
            model = f"{c.model_a_pct:+.1f} % at {e(_pose(f.pose_a))}"
        else:
            model = (
                f"A: {c.model_a_pct:+.1f} %<br>B: {c.model_b_pct:+.1f} %<br>"
                f"<small>A = {e(_pose(f.pose_a))}; B = {e(_pose(f.pose_b))}</small>"
            )
        rows.append(
            [
                e(f.muscle),
                e(f.found) + f"<br><small>{e(f.study)}; {e(f.source)}</small>",
                model,
                f"<strong>{_VERDICT[c.verdict]}</strong>",
            ]
        )
        text.append(
            f"{f.id}: model {c.model_a_pct:+.1f} % vs {c.model_b_pct:+.1f} % -> {c.verdict}"
        )
    totals = invivo.summary(checks)
    text.append(", ".join(f"{k} {v}" for k, v in totals.items()))
    table = _table(
        ("Muscle", "What the study found", "Model: lengthening from standing", "Verdict"), rows
    )
    return HTMLBlock(table, "\n".join(text))
