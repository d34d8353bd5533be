"""The drawing of a spine on its pelvis: vertebrae, discs, sacrum, skull (a view only)."""

from __future__ import annotations

import numpy as np

from hipcourse.views.plots.base import PALETTE

# ---------------------------------------------------------------- spine figures
# (spine drawings for given tilts, the explorer's figure: see below)
# Drawings are in a frame fixed to the hip: x forward of the femoral-head axis, y up from
# it (mm), so the legs stay put while the pelvis and spine move above them.
_SPINE_COLOURS = (PALETTE["blue"], PALETTE["black"], PALETTE["vermillion"], PALETTE["green"])
#: Innominate bone outline (mm, hip-axis origin) drawn for a pelvis with PT = 13 deg; it is
#: rotated about the hip axis with the pelvis. A schematic shape, for orientation only.
_ILIUM_AT_PT13 = np.array(
    [
        (-78, 100),
        (-70, 125),
        (-48, 145),
        (-20, 152),
        (10, 142),
        (34, 115),
        (46, 86),
        (44, 70),
        (38, 56),
        (40, 42),
        (30, 28),
        (36, 12),
        (48, -10),
        (54, -35),
        (46, -52),
        (28, -58),
        (6, -72),
        (-12, -88),
        (-28, -92),
        (-38, -74),
        (-34, -50),
        (-42, -32),
        (-38, -12),
        (-44, 12),
        (-58, 42),
        (-72, 70),
    ],
    dtype=float,
)
#: Sacrum outline in the S1-endplate frame (u forward along the endplate, v up along its
#: normal), schematic: about 110 mm long, curving forward towards the coccyx.
_SACRUM_UV = np.array(
    [
        (17.6, 0),
        (15, -20),
        (14, -45),
        (17, -70),
        (24, -92),
        (34, -108),
        (38, -116),
        (26, -118),
        (14, -100),
        (2, -75),
        (-8, -50),
        (-18, -22),
        (-20, -6),
        (-17.6, 0),
    ],
    dtype=float,
)
#: Head drawing in a frame fixed to the head, origin at the centre of C2 (mm): skull
#: centre and size, face profile, eye. Schematic.
_SKULL = ((15.0, 100.0), 185.0, 150.0)
_FACE = np.array(
    [(104, 95), (106, 78), (124, 55), (108, 45), (110, 30), (104, 5), (80, -2), (40, 12), (30, 38)],
    dtype=float,
)
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

    def __init__(self, ax, colour=PALETTE["blue"], *, fill=True, label=None, plumb=True, alpha=1.0):
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.patches import Circle, Ellipse, Polygon

        self.ax, self.plumb = ax, plumb
        bone = "#e8e1d4" if fill else "none"
        0.9 * alpha if fill else 0.0
        self.femur = ax.plot(
            [], [], color="#b0a890", lw=9, solid_capstyle="round", zorder=1, alpha=alpha
        )[0]
        self.ilium = Polygon(
            np.zeros((3, 2)),
            closed=True,
            facecolor="#f1ece3" if fill else "none",
            edgecolor="#8c8273" if fill else colour,
            lw=0.7,
            ls="-" if fill else ":",
            alpha=alpha,
            zorder=2,
        )
        ax.add_patch(self.ilium)
        self.hip = Circle(
            (0, 0), 24, facecolor=bone, edgecolor="#555555", lw=0.8, zorder=3, alpha=alpha
        )
        ax.add_patch(self.hip)
        self.sacrum = Polygon(
            np.zeros((3, 2)),
            closed=True,
            facecolor=bone if fill else "none",
            edgecolor=colour,
            lw=1.0,
            zorder=4,
            alpha=alpha,
        )
        ax.add_patch(self.sacrum)
        self.discs = PolyCollection(
            [],
            facecolors=PALETTE["sky"] if fill else "none",
            edgecolors="none",
            alpha=0.55 * alpha,
            zorder=4,
        )
        ax.add_collection(self.discs)
        self.bodies = PolyCollection(
            [],
            facecolors=colour,
            edgecolors="black" if fill else colour,
            linewidths=0.6,
            alpha=(0.75 if fill else 0.9) * alpha,
            zorder=5,
        )
        if not fill:
            self.bodies.set_facecolor("none")
        ax.add_collection(self.bodies)
        self.spinous = LineCollection(
            [],
            colors=colour,
            linewidths=2.2 if fill else 1.2,
            alpha=0.8 * alpha,
            zorder=5,
            capstyle="round",
        )
        ax.add_collection(self.spinous)
        self.curve = ax.plot([], [], color=colour, lw=1.4, zorder=6, alpha=alpha, label=label)[0]
        self.skull = Ellipse(
            (0, 0),
            175,
            200,
            facecolor=bone if fill else "none",
            edgecolor=colour,
            lw=1.2,
            zorder=3,
            alpha=alpha,
        )
        ax.add_patch(self.skull)
        self.face = ax.plot([], [], color=colour, lw=1.2, zorder=3, alpha=alpha)[0]
        self.eye = ax.plot([], [], marker="o", ms=4, color=colour, ls="", zorder=6, alpha=alpha)[0]
        self.gaze = ax.plot([], [], color=colour, lw=1, ls=(0, (4, 3)), zorder=6, alpha=alpha)[0]
        self.plumb_line = ax.plot(
            [], [], color=PALETTE["vermillion"], lw=1, ls="--", zorder=7, visible=plumb
        )[0]
        self.sva_bar = ax.plot(
            [], [], color=PALETTE["vermillion"], lw=1.2, marker="|", ms=8, zorder=7, visible=plumb
        )[0]
        self.sva_text = ax.text(
            0,
            0,
            "",
            color=PALETTE["vermillion"],
            fontsize=7,
            ha="left",
            va="top",
            zorder=8,
            visible=plumb,
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1),
        )

    def artists(self):
        return [
            self.femur,
            self.ilium,
            self.hip,
            self.sacrum,
            self.discs,
            self.bodies,
            self.spinous,
            self.curve,
            self.skull,
            self.face,
            self.eye,
            self.gaze,
            self.plumb_line,
            self.sva_bar,
            self.sva_text,
        ]

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
