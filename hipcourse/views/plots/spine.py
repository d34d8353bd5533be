"""Spine figures: drawings of the pelvis and spine for given tilts and incidences."""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hipcourse.views.plots.base import PALETTE, new_figure, set_alt

# ---------------------------------------------------------------- spine figures
# (spine drawings for given tilts, the explorer's figure: see below)
# Drawings are in a frame fixed to the hip: x forward of the femoral-head axis, y up from
# it (mm), so the legs stay put while the pelvis and spine move above them.
_SPINE_COLOURS = (PALETTE["blue"], PALETTE["black"], PALETTE["vermillion"], PALETTE["green"])
#: Innominate bone outline (mm, hip-axis origin) drawn for a pelvis with PT = 13 deg; it is
#: rotated about the hip axis with the pelvis. A schematic shape, for orientation only.
_ILIUM_AT_PT13 = np.array([
    (-78, 100), (-70, 125), (-48, 145), (-20, 152), (10, 142), (34, 115), (46, 86), (44, 70),
    (38, 56), (40, 42), (30, 28), (36, 12), (48, -10), (54, -35), (46, -52), (28, -58),
    (6, -72), (-12, -88), (-28, -92), (-38, -74), (-34, -50), (-42, -32), (-38, -12),
    (-44, 12), (-58, 42), (-72, 70),
], dtype=float)
#: Sacrum outline in the S1-endplate frame (u forward along the endplate, v up along its
#: normal), schematic: about 110 mm long, curving forward towards the coccyx.
_SACRUM_UV = np.array([
    (17.6, 0), (15, -20), (14, -45), (17, -70), (24, -92), (34, -108), (38, -116),
    (26, -118), (14, -100), (2, -75), (-8, -50), (-18, -22), (-20, -6), (-17.6, 0),
], dtype=float)
#: Head drawing in a frame fixed to the head, origin at the centre of C2 (mm): skull
#: centre and size, face profile, eye. Schematic.
_SKULL = ((15.0, 100.0), 185.0, 150.0)
_FACE = np.array([(104, 95), (106, 78), (124, 55), (108, 45), (110, 30), (104, 5), (80, -2),
                  (40, 12), (30, 38)], dtype=float)
_EYE = (88.0, 80.0)
_SPINOUS = {"L": (32.0, 12.0), "T": (36.0, 48.0), "C": (24.0, 18.0)}  # length mm, droop deg


def _rot(points, deg, about=(0.0, 0.0)):
    """Rotate (N, 2) points by ``deg`` (+ = backward, anticlockwise with x forward)."""
    t = np.radians(deg)
    c, s = np.cos(t), np.sin(t)
    p = np.asarray(points, dtype=float) - about
    return np.column_stack([c * p[:, 0] - s * p[:, 1], s * p[:, 0] + c * p[:, 1]]) + about


class SpineDrawing:
    """The artists of one drawn spine, updated in place by :meth:`update`.

    Parameters
    ----------
    ax : matplotlib Axes
    colour : str
        Colour of the vertebrae (Okabe-Ito).
    fill : bool
        Fill the bones (False: outlines only, for overlays).
    label : str
        Legend label.
    plumb : bool
        Draw the C7 plumb line and the SVA.
    """

    def __init__(self, ax, colour=PALETTE["blue"], *, fill=True, label=None, plumb=True,
                 alpha=1.0):
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.patches import Circle, Ellipse, Polygon

        self.ax, self.plumb = ax, plumb
        bone = "#e8e1d4" if fill else "none"
        a_fill = 0.9 * alpha if fill else 0.0
        self.femur = ax.plot([], [], color="#b0a890", lw=9, solid_capstyle="round", zorder=1,
                             alpha=alpha)[0]
        self.ilium = Polygon(np.zeros((3, 2)), closed=True, facecolor="#f1ece3" if fill else
                             "none", edgecolor="#8c8273" if fill else colour, lw=0.7,
                             ls="-" if fill else ":", alpha=alpha, zorder=2)
        ax.add_patch(self.ilium)
        self.hip = Circle((0, 0), 24, facecolor=bone, edgecolor="#555555", lw=0.8, zorder=3,
                          alpha=alpha)
        ax.add_patch(self.hip)
        self.sacrum = Polygon(np.zeros((3, 2)), closed=True, facecolor=bone if fill else "none",
                              edgecolor=colour, lw=1.0, zorder=4, alpha=alpha)
        ax.add_patch(self.sacrum)
        self.discs = PolyCollection([], facecolors=PALETTE["sky"] if fill else "none",
                                    edgecolors="none", alpha=0.55 * alpha, zorder=4)
        ax.add_collection(self.discs)
        self.bodies = PolyCollection([], facecolors=colour, edgecolors="black" if fill else colour,
                                     linewidths=0.6, alpha=(0.75 if fill else 0.9) * alpha,
                                     zorder=5)
        if not fill:
            self.bodies.set_facecolor("none")
        ax.add_collection(self.bodies)
        self.spinous = LineCollection([], colors=colour, linewidths=2.2 if fill else 1.2,
                                      alpha=0.8 * alpha, zorder=5, capstyle="round")
        ax.add_collection(self.spinous)
        self.curve = ax.plot([], [], color=colour, lw=1.4, zorder=6, alpha=alpha,
                             label=label)[0]
        self.skull = Ellipse((0, 0), 175, 200, facecolor=bone if fill else "none",
                             edgecolor=colour, lw=1.2, zorder=3, alpha=alpha)
        ax.add_patch(self.skull)
        self.face = ax.plot([], [], color=colour, lw=1.2, zorder=3, alpha=alpha)[0]
        self.eye = ax.plot([], [], marker="o", ms=4, color=colour, ls="", zorder=6,
                           alpha=alpha)[0]
        self.gaze = ax.plot([], [], color=colour, lw=1, ls=(0, (4, 3)), zorder=6,
                            alpha=alpha)[0]
        self.plumb_line = ax.plot([], [], color=PALETTE["vermillion"], lw=1, ls="--", zorder=7,
                                  visible=plumb)[0]
        self.sva_bar = ax.plot([], [], color=PALETTE["vermillion"], lw=1.2, marker="|", ms=8,
                               zorder=7, visible=plumb)[0]
        self.sva_text = ax.text(0, 0, "", color=PALETTE["vermillion"], fontsize=7, ha="left",
                                va="top", zorder=8, visible=plumb,
                                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8,
                                          pad=1))

    def artists(self):
        return [self.femur, self.ilium, self.hip, self.sacrum, self.discs, self.bodies,
                self.spinous, self.curve, self.skull, self.face, self.eye, self.gaze,
                self.plumb_line, self.sva_bar, self.sva_text]

    def update(self, a, thigh_flexion_deg: float = 0.0) -> None:
        """Move every artist to the spine of alignment ``a`` (no new artists).

        ``thigh_flexion_deg`` only turns the drawn thigh (0 standing, about 90 sitting).
        """
        g = a.geometry
        hip = np.array(g.centres["hip_axis"])
        sh = lambda p: np.asarray(p, dtype=float) - hip  # noqa: E731  (to the hip frame)
        t_th = np.radians(thigh_flexion_deg)
        self.femur.set_data([0, 330 * np.sin(t_th)], [0, -330 * np.cos(t_th)])
        self.ilium.set_xy(_rot(_ILIUM_AT_PT13, a.pelvic_tilt_deg - 13.0))
        t = np.radians(a.sacral_slope_deg)
        u, v = np.array([np.cos(t), -np.sin(t)]), np.array([np.sin(t), np.cos(t)])
        self.sacrum.set_xy(sh(_SACRUM_UV[:, :1] * u + _SACRUM_UV[:, 1:] * v))
        levels = list(g.bodies)
        bodies = [sh(g.bodies[lv]) for lv in levels]
        self.bodies.set_verts(bodies)
        discs, below = [], sh(g.s1_endplate)[[0, 1]]
        for b in bodies:
            discs.append(np.array([below[0], below[1], b[1], b[0]]))
            below = b[[3, 2]]
        self.discs.set_verts(discs)
        segs = []
        for lv, b in zip(levels, bodies, strict=False):
            length, droop = _SPINOUS[lv[0]]
            mid = (b[0] + b[3]) / 2
            up = b[3] - b[0]
            up = up / (np.hypot(*up) or 1.0)
            back = np.array([-up[1], up[0]])  # posterior, perpendicular to the axis
            d = np.radians(droop)
            direction = back * np.cos(d) - up * np.sin(d)
            start = mid + back * 9.0
            segs.append([start, start + direction * length])
        self.spinous.set_segments(segs)
        self.curve.set_data(*sh(g.curve).T)
        c2 = sh(g.centres["C2"])
        pitch = g.head_pitch_deg
        to_world = lambda p: c2 + _rot(np.atleast_2d(p), -pitch)  # noqa: E731
        (cx, cy), w, h = _SKULL
        self.skull.set_center(to_world((cx, cy))[0])
        self.skull.set_width(w)
        self.skull.set_height(h)
        self.skull.set_angle(-pitch)
        self.face.set_data(*to_world(_FACE).T)
        eye = to_world(_EYE)[0]
        self.eye.set_data([eye[0]], [eye[1]])
        far = to_world((_EYE[0] + 150.0, _EYE[1]))[0]
        self.gaze.set_data([eye[0], far[0]], [eye[1], far[1]])
        if self.plumb:
            c7 = sh(g.centres["C7"])
            corner = sh(g.s1_posterior_corner)
            self.plumb_line.set_data([c7[0], c7[0]], [c7[1], corner[1] - 25])
            yb = corner[1] - 25
            self.sva_bar.set_data([corner[0], c7[0]], [yb, yb])
            self.sva_text.set_position((min(corner[0], c7[0]) - 70, yb - 10))
            self.sva_text.set_text(f"SVA {a.sva_mm:+.0f} mm")


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
    return (f"PI {a.pelvic_incidence_deg:.0f}°  PT {a.pelvic_tilt_deg:.0f}°  "
            f"SS {a.sacral_slope_deg:.0f}°\nLL {a.lumbar_lordosis_deg:.0f}°  "
            f"TK {a.thoracic_kyphosis_deg:.0f}°  CL {a.cervical_lordosis_deg:.0f}°\n"
            f"SVA {a.sva_mm:+.0f} mm  Roussouly {a.roussouly_type}")


def _angles_box(ax, a, extra=""):
    ax.text(-222, 950, _angles_text(a) + extra, fontsize=7, va="top", family="monospace",
            zorder=9, bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))


def _describe(a) -> str:
    return (f"pelvic incidence {a.pelvic_incidence_deg:.0f} degrees, pelvic tilt "
            f"{a.pelvic_tilt_deg:.0f}, sacral slope {a.sacral_slope_deg:.0f}, lumbar lordosis "
            f"{a.lumbar_lordosis_deg:.0f}, thoracic kyphosis {a.thoracic_kyphosis_deg:.0f}, "
            f"cervical lordosis {a.cervical_lordosis_deg:.0f} degrees, SVA "
            f"{a.sva_mm:+.0f} mm")


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
    set_alt(fig, "Side view of a model spine, facing right, on a pelvis and thigh: "
            + _describe(a) + ". The low back curves inwards (lordosis), the upper back "
            "outwards (kyphosis) and the neck inwards again; a dashed red plumb line drops "
            "from C7 to the level of the top of the sacrum.")
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
    arcs = ((hip * 0, 120, 90, 90 + pt, PALETTE["vermillion"], f"PT {pt:.0f}°", 90 + pt / 2, 70),
            (c, 110, -ss, 0, PALETTE["blue"], f"SS {ss:.0f}°", -ss / 2, 66),
            (c, 64, -90 - ss, -90 + pt, PALETTE["green"], f"PI {pi:.0f}°", -90 + (pt - ss) / 2, 46))
    for centre, diam, th1, th2, colour, label, mid, r in arcs:
        lo, hi = min(th1, th2), max(th1, th2)
        ax.add_patch(Arc(tuple(centre), diam, diam, theta1=lo, theta2=hi, color=colour, lw=2.2,
                         zorder=12))
        m = np.radians(mid)
        ax.text(centre[0] + r * np.cos(m), centre[1] + r * np.sin(m), label, color=colour,
                fontsize=9, fontweight="bold", ha="center", va="center", zorder=13,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.85, pad=0.5))
    ax.set_aspect("equal")
    ax.set_xlim(-175, 150)
    ax.set_ylim(-90, 250)
    ax.set_xlabel("forward of the hip axis (mm)")
    ax.set_ylabel("height above the hip axis (mm)")
    ax.set_title(f"Pelvic angles: PI {pi:.0f}° = PT {pt:.0f}° + SS {ss:.0f}°", fontsize=10)
    set_alt(fig, (
        f"Close-up of the model pelvis from the side, facing right, with the top of the "
        f"sacrum (the S1 endplate) above and behind the hip joint (a cross). Pelvic tilt, "
        f"{pt:.0f} degrees, is the angle at the hip between the vertical and the line to the "
        f"centre of the endplate. Sacral slope, {ss:.0f} degrees, is the angle between the "
        f"endplate and the horizontal. Pelvic incidence, {pi:.0f} degrees, is the angle at the "
        f"endplate centre between the perpendicular to the endplate and the line to the hip: "
        f"it equals the sum of the other two."))
    return fig


def _tilt_word(a) -> str:
    d = a.anterior_tilt_deg
    if abs(d) < 1.0:
        return "neutral"
    return f"tipped {'forward' if d > 0 else 'back'} {abs(d):.0f}°"


def spine_for_tilts(pelvic_tilts_deg=(5.0, 13.0, 25.0), pelvic_incidence_deg=52.0,
                    axes=None) -> Figure:
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
    set_alt(fig, "Side views of the same model spine (pelvic incidence "
            f"{neutral.pelvic_incidence_deg:.0f}) at pelvic tilts of "
            + ", ".join(f"{a.pelvic_tilt_deg:.0f}" for a in aligns) + " degrees, each over "
            "the neutral spine in grey: "
            + "; ".join(f"at PT {a.pelvic_tilt_deg:.0f} the lumbar lordosis is "
                        f"{a.lumbar_lordosis_deg:.0f}, thoracic kyphosis "
                        f"{a.thoracic_kyphosis_deg:.0f} and cervical lordosis "
                        f"{a.cervical_lordosis_deg:.0f} degrees" for a in aligns)
            + ". The lower the tilt (pelvis tipped forward), the deeper the low-back curve "
              "and the flatter the upper back; the head stays over the hips in all of them.")
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
    set_alt(fig, "Side views of the typical spines of people with pelvic incidences "
            + ", ".join(f"{a.pelvic_incidence_deg:.0f}" for a in aligns)
            + " degrees: " + "; ".join(
                f"PI {a.pelvic_incidence_deg:.0f} has pelvic tilt {a.pelvic_tilt_deg:.0f}, "
                f"sacral slope {a.sacral_slope_deg:.0f}, lumbar lordosis "
                f"{a.lumbar_lordosis_deg:.0f} degrees, Roussouly type {a.roussouly_type}"
                for a in aligns)
            + ". The larger the incidence, the steeper the top of the sacrum and the deeper "
              "the lumbar curve.")
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
        ax.text(-222, 950, f"LL {a.lumbar_lordosis_deg:.0f}°  TK {a.thoracic_kyphosis_deg:.0f}°"
                f"  CL {a.cervical_lordosis_deg:.0f}°\nhead {dx:+.0f} mm, eyes "
                f"{'level' if abs(a.geometry.head_pitch_deg) < 0.5 else 'down %.0f°' % a.geometry.head_pitch_deg}",
                fontsize=7, va="top", family="monospace", zorder=9,
                bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))
    s = [a for _, a in stages]
    set_alt(fig, (
        f"Four side views of one spine (pelvic incidence {neutral.pelvic_incidence_deg:.0f}) "
        f"showing what follows a {anterior_tilt_deg:.0f} degree forward tilt of the pelvis. "
        f"1: neutral, lumbar lordosis {s[0].lumbar_lordosis_deg:.0f}, thoracic kyphosis "
        f"{s[0].thoracic_kyphosis_deg:.0f}, cervical lordosis {s[0].cervical_lordosis_deg:.0f}. "
        f"2: the pelvis tips and the spine rides along unchanged, so the head moves "
        f"{s[1].geometry.head_over_hip_mm() - x_head0:.0f} mm forward and the eyes look down "
        f"{s[1].geometry.head_pitch_deg:.0f} degrees. 3: the low back curves more, lordosis "
        f"{s[2].lumbar_lordosis_deg:.0f}; eyes level again but the head is still "
        f"{s[2].geometry.head_over_hip_mm() - x_head0:.0f} mm forward. 4: the upper back and "
        f"neck change to kyphosis {s[3].thoracic_kyphosis_deg:.0f} and cervical lordosis "
        f"{s[3].cervical_lordosis_deg:.0f}, bringing the head back over the hips. The "
        f"neutral spine is shown in grey behind stages 2 to 4."))
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
    axes[1].text(-222, -150, f"{study}, measured:\n PT {m['pelvic_tilt_deg']:+.1f}°  "
                 f"LL {m['lumbar_lordosis_deg']:+.1f}°\nmodel:\n LL {dll:+.1f}°  TK "
                 f"{sit.thoracic_kyphosis_deg - stand.thoracic_kyphosis_deg:+.0f}°  CL "
                 f"{sit.cervical_lordosis_deg - stand.cervical_lordosis_deg:+.0f}°",
                 fontsize=7, va="top", family="monospace", zorder=9,
                 bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1))
    set_alt(fig, (
        f"Two side views of one model spine: standing (left) and sitting (right, over the "
        f"standing spine in grey, thigh horizontal). Sitting rolls the pelvis back by "
        f"{m['pelvic_tilt_deg']:.1f} degrees ({study}); the model's lumbar lordosis falls from "
        f"{stand.lumbar_lordosis_deg:.0f} to {sit.lumbar_lordosis_deg:.0f} degrees (measured "
        f"change {m['lumbar_lordosis_deg']:.1f}) and the upper back rounds from "
        f"{stand.thoracic_kyphosis_deg:.0f} to {sit.thoracic_kyphosis_deg:.0f} degrees of "
        f"kyphosis to keep the head over the pelvis."))
    return fig
