"""Spine figures: drawings of the pelvis and spine for given tilts and incidences."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hipcourse.views.plots.base import PALETTE, new_figure, set_alt
from hipcourse.views.plots.spine_drawing import (  # noqa: F401
    _SPINE_COLOURS,
    SpineDrawing,
    _rot,
)


def _spine_axes(ax, title=None, ylabel=True):
    ax.set_aspect("equal")
    ax.set_xlim(-230, 240)
    ax.set_ylim(-300, 960)
    ax.axvline(0, color="#cccccc", lw=0.8, ls=":", zorder=0)
    ax.set_xlabel("forward of the hip axis (mm)")
    ax.set_ylabel("height above the hip axis (mm)" if ylabel else "")
    if title:
        ax.set_title(title, fontsize=9.5)


def _angles_text(a) -> str:
    return (
        f"PI {a.pelvic_incidence_deg:.0f}°  PT {a.pelvic_tilt_deg:.0f}°  "
        f"SS {a.sacral_slope_deg:.0f}°\nLL {a.lumbar_lordosis_deg:.0f}°  "
        f"TK {a.thoracic_kyphosis_deg:.0f}°  CL {a.cervical_lordosis_deg:.0f}°\n"
        f"SVA {a.sva_mm:+.0f} mm  Roussouly {a.roussouly_type}"
    )


def _angles_box(ax, a, extra=""):
    ax.text(
        -222,
        950,
        _angles_text(a) + extra,
        fontsize=7,
        va="top",
        family="monospace",
        zorder=9,
        bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1),
    )


def _describe(a) -> str:
    return (
        f"pelvic incidence {a.pelvic_incidence_deg:.0f} degrees, pelvic tilt "
        f"{a.pelvic_tilt_deg:.0f}, sacral slope {a.sacral_slope_deg:.0f}, lumbar lordosis "
        f"{a.lumbar_lordosis_deg:.0f}, thoracic kyphosis {a.thoracic_kyphosis_deg:.0f}, "
        f"cervical lordosis {a.cervical_lordosis_deg:.0f} degrees, SVA "
        f"{a.sva_mm:+.0f} mm"
    )


def _panels(n, axes, width=2.9):
    if axes is None:
        fig = Figure(figsize=(width * n + 0.6, 5.9), layout="constrained")
        axes = fig.subplots(1, n, sharey=True, squeeze=False)[0]
    return axes[0].figure, list(axes)


def _ghost(ax, a, thigh=0.0):
    d = SpineDrawing(ax, "#9a9a9a", fill=False, plumb=False, alpha=0.7)
    d.femur.set_visible(False)
    d.update(a, thigh)
    return d


def spine_drawing(alignment=None, ax=None, title=None) -> Figure:
    """One spine drawn from the model: pelvis, vertebrae, head, C7 plumb line and SVA.

    ``alignment`` defaults to :func:`hipcourse.models.spine.spine_for_posture` with the adult
    means (PI 52, PT 13).
    """
    from hipcourse.models import spine

    a = alignment or spine.spine_for_posture()
    fig, ax = new_figure((3.6, 6.6), ax)
    SpineDrawing(ax).update(a)
    _spine_axes(ax, title or "Model spine")
    _angles_box(ax, a)
    set_alt(
        fig,
        "Side view of a model spine, facing right, on a pelvis and thigh: "
        + _describe(a)
        + ". The low back curves inwards (lordosis), the upper back "
        "outwards (kyphosis) and the neck inwards again; a dashed red plumb line drops "
        "from C7 to the level of the top of the sacrum.",
    )
    return fig


def pelvic_angles(alignment=None, ax=None) -> Figure:
    """The three pelvic angles drawn on the model pelvis: PT, SS and PI = PT + SS.

    PT: from the vertical through the hip axis to the line from the hip axis to the centre
    of the S1 endplate; SS: from the horizontal to the endplate; PI: from the perpendicular
    to the endplate (at its centre) to the same line to the hip axis (Legaye et al. 1998).
    """
    from matplotlib.patches import Arc

    from hipcourse.models import spine

    a = alignment or spine.spine_for_posture()
    fig, ax = new_figure((5.6, 5.4), ax)
    SpineDrawing(ax, PALETTE["sky"], plumb=False).update(a)
    pt, ss, pi = a.pelvic_tilt_deg, a.sacral_slope_deg, a.pelvic_incidence_deg
    hip = np.array(a.geometry.centres["hip_axis"])
    c = -hip  # the S1 endplate centre in the hip frame
    t = np.radians(ss)
    u, v = np.array([np.cos(t), -np.sin(t)]), np.array([np.sin(t), np.cos(t)])
    k = dict(color="black", lw=1.3, zorder=10)
    ax.plot([0, c[0]], [0, c[1]], **k)
    ax.plot([0, 0], [-10, 150], color="black", lw=1, ls=":", zorder=10)
    ax.plot(*np.array([c - 45 * u, c + 70 * u]).T, **k)
    ax.plot([c[0], c[0] + 95], [c[1], c[1]], color="black", lw=1, ls=":", zorder=10)
    ax.plot(*np.array([c, c - 75 * v]).T, color="black", lw=1, ls="--", zorder=10)
    ax.plot([0], [0], marker="+", ms=12, color="black", zorder=11)
    ax.plot([c[0]], [c[1]], marker="o", ms=4, color="black", zorder=11)
    arcs = (
        (hip * 0, 120, 90, 90 + pt, PALETTE["vermillion"], f"PT {pt:.0f}°", 90 + pt / 2, 70),
        (c, 110, -ss, 0, PALETTE["blue"], f"SS {ss:.0f}°", -ss / 2, 66),
        (c, 64, -90 - ss, -90 + pt, PALETTE["green"], f"PI {pi:.0f}°", -90 + (pt - ss) / 2, 46),
    )
    for centre, diam, th1, th2, colour, label, mid, r in arcs:
        lo, hi = min(th1, th2), max(th1, th2)
        ax.add_patch(
            Arc(tuple(centre), diam, diam, theta1=lo, theta2=hi, color=colour, lw=2.2, zorder=12)
        )
        m = np.radians(mid)
        ax.text(
            centre[0] + r * np.cos(m),
            centre[1] + r * np.sin(m),
            label,
            color=colour,
            fontsize=9,
            fontweight="bold",
            ha="center",
            va="center",
            zorder=13,
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=0.5),
        )
    ax.set_aspect("equal")
    ax.set_xlim(-175, 150)
    ax.set_ylim(-90, 250)
    ax.set_xlabel("forward of the hip axis (mm)")
    ax.set_ylabel("height above the hip axis (mm)")
    ax.set_title(f"Pelvic angles: PI {pi:.0f}° = PT {pt:.0f}° + SS {ss:.0f}°", fontsize=10)
    set_alt(
        fig,
        (
            f"Close-up of the model pelvis from the side, facing right, with the top of the "
            f"sacrum (the S1 endplate) above and behind the hip joint (a cross). Pelvic tilt, "
            f"{pt:.0f} degrees, is the angle at the hip between the vertical and the line to the "
            f"centre of the endplate. Sacral slope, {ss:.0f} degrees, is the angle between the "
            f"endplate and the horizontal. Pelvic incidence, {pi:.0f} degrees, is the angle at the "
            f"endplate centre between the perpendicular to the endplate and the line to the hip: "
            f"it equals the sum of the other two."
        ),
    )
    return fig


def _tilt_word(a) -> str:
    d = a.anterior_tilt_deg
    if abs(d) < 1.0:
        return "neutral"
    return f"tipped {'forward' if d > 0 else 'back'} {abs(d):.0f}°"


def spine_for_tilts(
    pelvic_tilts_deg=(5.0, 13.0, 25.0), pelvic_incidence_deg=52.0, axes=None
) -> Figure:
    """One person's spine (same PI) at several pelvic tilts, side by side (within a person).

    Each panel shows the spine at one PT, with the person's neutral spine in grey behind
    it. Lower PT = the pelvis tipped forward (anterior tilt). The model's lordosis follows
    the sacral slope one to one (Levine & Whittle 1996) and the upper curves adjust to keep
    the head over the hips and the eyes level (see
    :func:`hipcourse.models.spine.spine_for_posture`).
    """
    from hipcourse.models import spine

    tilts = [spine.check_pelvic_tilt(t) for t in pelvic_tilts_deg]
    aligns = [spine.spine_for_posture(pelvic_incidence_deg, t) for t in tilts]
    neutral = spine.spine_for_person(pelvic_incidence_deg)
    fig, axes = _panels(len(aligns), axes)
    for i, (ax, a) in enumerate(zip(axes, aligns, strict=False)):
        _ghost(ax, neutral)
        SpineDrawing(ax, _SPINE_COLOURS[i % len(_SPINE_COLOURS)]).update(a)
        _spine_axes(ax, f"PT {a.pelvic_tilt_deg:.0f}°: pelvis {_tilt_word(a)}", i == 0)
        _angles_box(ax, a)
    set_alt(
        fig,
        "Side views of the same model spine (pelvic incidence "
        f"{neutral.pelvic_incidence_deg:.0f}) at pelvic tilts of "
        + ", ".join(f"{a.pelvic_tilt_deg:.0f}" for a in aligns)
        + " degrees, each over "
        "the neutral spine in grey: "
        + "; ".join(
            f"at PT {a.pelvic_tilt_deg:.0f} the lumbar lordosis is "
            f"{a.lumbar_lordosis_deg:.0f}, thoracic kyphosis "
            f"{a.thoracic_kyphosis_deg:.0f} and cervical lordosis "
            f"{a.cervical_lordosis_deg:.0f} degrees"
            for a in aligns
        )
        + ". The lower the tilt (pelvis tipped forward), the deeper the low-back curve "
        "and the flatter the upper back; the head stays over the hips in all of them.",
    )
    return fig


def spines_for_incidences(pelvic_incidences_deg=(40.0, 52.0, 64.0), axes=None) -> Figure:
    """Typical spines of people with different PI, side by side (across people)."""
    from hipcourse.models import spine

    aligns = [spine.spine_for_person(pi) for pi in pelvic_incidences_deg]
    fig, axes = _panels(len(aligns), axes)
    for i, (ax, a) in enumerate(zip(axes, aligns, strict=False)):
        SpineDrawing(ax, _SPINE_COLOURS[i % len(_SPINE_COLOURS)]).update(a)
        _spine_axes(ax, f"PI {a.pelvic_incidence_deg:.0f}°: a typical spine", i == 0)
        _angles_box(ax, a)
    set_alt(
        fig,
        "Side views of the typical spines of people with pelvic incidences "
        + ", ".join(f"{a.pelvic_incidence_deg:.0f}" for a in aligns)
        + " degrees: "
        + "; ".join(
            f"PI {a.pelvic_incidence_deg:.0f} has pelvic tilt {a.pelvic_tilt_deg:.0f}, "
            f"sacral slope {a.sacral_slope_deg:.0f}, lumbar lordosis "
            f"{a.lumbar_lordosis_deg:.0f} degrees, Roussouly type {a.roussouly_type}"
            for a in aligns
        )
        + ". The larger the incidence, the steeper the top of the sacrum and the deeper "
        "the lumbar curve.",
    )
    return fig


def tilt_chain(pelvic_incidence_deg=52.0, anterior_tilt_deg=10.0, axes=None) -> Figure:
    """Four panels: neutral; pelvis tips with a rigid spine; low back curves; upper adjusts.

    ``axes``: four Axes to draw into (default: a new 1 x 4 figure).
    """
    from hipcourse.models import spine

    stages = spine.tilt_chain(pelvic_incidence_deg, anterior_tilt_deg)
    fig, axes = _panels(4, axes)
    neutral = stages[0][1]
    x_head0 = neutral.geometry.head_over_hip_mm()
    for i, (ax, (name, a)) in enumerate(zip(axes, stages, strict=False)):
        if i:
            _ghost(ax, neutral)
        SpineDrawing(ax, _SPINE_COLOURS[0] if i == 0 else PALETTE["vermillion"]).update(a)
        _spine_axes(ax, name, i == 0)
        dx = a.geometry.head_over_hip_mm() - x_head0
        ax.text(
            -222,
            950,
            f"LL {a.lumbar_lordosis_deg:.0f}°  TK {a.thoracic_kyphosis_deg:.0f}°"
            f"  CL {a.cervical_lordosis_deg:.0f}°\nhead {dx:+.0f} mm, eyes "
            f"{'level' if abs(a.geometry.head_pitch_deg) < 0.5 else 'down {:.0f}°'.format(a.geometry.head_pitch_deg)}",  # noqa: E501, UP032
            fontsize=7,
            va="top",
            family="monospace",
            zorder=9,
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1),
        )
    s = [a for _, a in stages]
    set_alt(
        fig,
        (
            f"Four side views of one spine (pelvic incidence {neutral.pelvic_incidence_deg:.0f}) "
            f"showing what follows a {anterior_tilt_deg:.0f} degree forward tilt of the pelvis. "
            f"1: neutral, lumbar lordosis {s[0].lumbar_lordosis_deg:.0f}, thoracic kyphosis "
            f"{s[0].thoracic_kyphosis_deg:.0f}, cervical lordosis {s[0].cervical_lordosis_deg:.0f}. "  # noqa: E501
            f"2: the pelvis tips and the spine rides along unchanged, so the head moves "
            f"{s[1].geometry.head_over_hip_mm() - x_head0:.0f} mm forward and the eyes look down "
            f"{s[1].geometry.head_pitch_deg:.0f} degrees. 3: the low back curves more, lordosis "
            f"{s[2].lumbar_lordosis_deg:.0f}; eyes level again but the head is still "
            f"{s[2].geometry.head_over_hip_mm() - x_head0:.0f} mm forward. 4: the upper back and "
            f"neck change to kyphosis {s[3].thoracic_kyphosis_deg:.0f} and cervical lordosis "
            f"{s[3].cervical_lordosis_deg:.0f}, bringing the head back over the hips. The "
            f"neutral spine is shown in grey behind stages 2 to 4."
        ),
    )
    return fig


def sitting_vs_standing(pelvic_incidence_deg=52.0, study="Endo 2012", axes=None) -> Figure:
    """Standing and sitting spines of one person side by side, with the measured changes."""
    from hipcourse.models import spine

    stand, sit = spine.sitting_spine(pelvic_incidence_deg, study)
    m = spine.SITTING_CHANGES[study]
    fig, axes = _panels(2, axes, width=3.1)
    SpineDrawing(axes[0]).update(stand)
    _spine_axes(axes[0], "standing")
    _angles_box(axes[0], stand)
    _ghost(axes[1], stand)
    SpineDrawing(axes[1], PALETTE["vermillion"]).update(sit, thigh_flexion_deg=90.0)
    _spine_axes(axes[1], "sitting (pelvis rolled back)", False)
    _angles_box(axes[1], sit)
    dll = sit.lumbar_lordosis_deg - stand.lumbar_lordosis_deg
    axes[1].text(
        -222,
        -150,
        f"{study}, measured:\n PT {m['pelvic_tilt_deg']:+.1f}°  "
        f"LL {m['lumbar_lordosis_deg']:+.1f}°\nmodel:\n LL {dll:+.1f}°  TK "
        f"{sit.thoracic_kyphosis_deg - stand.thoracic_kyphosis_deg:+.0f}°  CL "
        f"{sit.cervical_lordosis_deg - stand.cervical_lordosis_deg:+.0f}°",
        fontsize=7,
        va="top",
        family="monospace",
        zorder=9,
        bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1),
    )
    set_alt(
        fig,
        (
            f"Two side views of one model spine: standing (left) and sitting (right, over the "
            f"standing spine in grey, thigh horizontal). Sitting rolls the pelvis back by "
            f"{m['pelvic_tilt_deg']:.1f} degrees ({study}); the model's lumbar lordosis falls from "
            f"{stand.lumbar_lordosis_deg:.0f} to {sit.lumbar_lordosis_deg:.0f} degrees (measured "
            f"change {m['lumbar_lordosis_deg']:.1f}) and the upper back rounds from "
            f"{stand.thoracic_kyphosis_deg:.0f} to {sit.thoracic_kyphosis_deg:.0f} degrees of "
            f"kyphosis to keep the head over the pelvis."
        ),
    )
    return fig
