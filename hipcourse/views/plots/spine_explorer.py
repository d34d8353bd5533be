"""The pelvic tilt explorer's figure, hip-flexor tilt and forward-bend figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hipcourse.views.plots.base import GROUP_COLOURS, PALETTE, new_figure, set_alt
from hipcourse.views.plots.spine import SpineDrawing, _angles_text, _describe, _ghost, _spine_axes

#: The quantities the explorer shows against their normal ranges: (attribute, label, unit).
EXPLORER_QUANTITIES = (
    ("lumbar_lordosis_deg", "lumbar lordosis L1–S1", "°"),
    ("thoracic_kyphosis_deg", "thoracic kyphosis T2–T12", "°"),
    ("cervical_lordosis_deg", "cervical lordosis C2–C7", "°"),
    ("sva_mm", "SVA (C7 to S1)", "mm"),
)
_GAUGE_LIMITS = {
    "lumbar_lordosis_deg": (0, 110),
    "thoracic_kyphosis_deg": (0, 90),
    "cervical_lordosis_deg": (-20, 50),
    "sva_mm": (-120, 120),
}


class SpineExplorerView:
    """The pelvic tilt explorer's figure: a spine plus four gauges with normal ranges.

    Built once; :meth:`update` moves the existing artists (nothing is created or cleared)
    and :meth:`png` renders the figure with the Agg canvas. The layout is fixed (no
    constrained layout) so that an update costs only the drawing.

    The shaded bands are the published adult mean +- one SD (BMC Surg 2019, Table 1,
    PMC6334400); the cervical lordosis has no published SD in the course's sources, so its
    gauge shows only the typical 15 deg (AO Surgery Reference, secondary).
    """

    def __init__(self, alignment=None, figsize=(7.6, 6.4), dpi=80, blit=True, fig=None):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from hipcourse.models import spine

        a = alignment or spine.spine_for_posture()
        if fig is None:  # ``fig``: rebuild inside an existing figure (benchmarks)
            fig = Figure(figsize=figsize, dpi=dpi)
            FigureCanvasAgg(fig)
        else:
            fig.clear()
        self.fig = fig
        self.dpi = dpi
        gs = self.fig.add_gridspec(
            len(EXPLORER_QUANTITIES),
            2,
            width_ratios=(1.15, 1.0),
            left=0.09,
            right=0.97,
            bottom=0.08,
            top=0.95,
            wspace=0.32,
            hspace=1.25,
        )
        self.ax = self.fig.add_subplot(gs[:, 0])
        _spine_axes(self.ax, "Pelvic tilt explorer")
        self.ghost = _ghost(self.ax, spine.spine_for_person(a.pelvic_incidence_deg))
        self.drawing = SpineDrawing(self.ax, PALETTE["blue"])
        # The angle summary box is for static copies; the live widget shows read-outs
        # beside the picture instead (text is the costliest thing to redraw).
        self.summary = self.ax.text(
            -222,
            950,
            "",
            fontsize=7,
            va="top",
            family="monospace",
            zorder=9,
            visible=not blit,
            bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=1),
        )
        self.markers, self.values = {}, {}
        for i, (key, label, unit) in enumerate(EXPLORER_QUANTITIES):
            g = self.fig.add_subplot(gs[i, 1])
            norm = spine.ADULT_NORMS[key]
            lo, hi = _GAUGE_LIMITS[key]
            g.set_xlim(lo, hi)
            g.set_ylim(-1, 1)
            g.set_yticks([])
            for side in ("left", "right", "top"):
                g.spines[side].set_visible(False)
            if norm.low is not None:
                g.axvspan(
                    norm.low,
                    norm.high,
                    ymin=0.3,
                    ymax=0.7,
                    color=PALETTE["green"],
                    alpha=0.12,
                    lw=0,
                )
            if norm.band:
                g.axvspan(*norm.band, ymin=0.3, ymax=0.7, color=PALETTE["green"], alpha=0.35, lw=0)
            g.axvline(norm.mean, ymin=0.25, ymax=0.75, color=PALETTE["green"], lw=1.2)
            g.set_xlabel(f"{label} ({unit})", fontsize=8, labelpad=1)
            g.tick_params(labelsize=7, length=2)
            self.markers[key] = g.plot(
                [0],
                [0],
                marker="v",
                ms=9,
                color=PALETTE["vermillion"],
                markeredgecolor="black",
                ls="",
                zorder=5,
            )[0]
            self.values[key] = g.text(
                0, 0.75, "", ha="center", va="bottom", fontsize=8, color="black", zorder=6
            )
        self.fig.text(
            0.5,
            0.012,
            "green band: adult mean ± 1 SD; pale: observed range; cervical: typical value (no SD)",
            fontsize=6,
            color="#444444",
        )
        #: Artists that change on update; with ``blit`` they are drawn over a cached
        #: background of everything else (axes, ticks, bands), so an update redraws only them.
        self.dynamic = (
            self.ghost.artists()
            + self.drawing.artists()
            + [self.summary]
            + list(self.markers.values())
            + list(self.values.values())
        )
        self.blit = blit
        self._background = None
        if blit:
            for art in self.dynamic:
                art.set_animated(True)
        self.update(a)

    def update(self, a, neutral=None) -> None:
        """Show alignment ``a`` (and, if given, the grey ``neutral`` spine behind it)."""
        self.drawing.update(a)
        if neutral is not None:
            self.ghost.update(neutral)
        self.summary.set_text(_angles_text(a))
        for key, _, unit in EXPLORER_QUANTITIES:
            v = float(getattr(a, key))
            lo, hi = _GAUGE_LIMITS[key]
            x = min(max(v, lo), hi)
            self.markers[key].set_data([x], [0])
            self.values[key].set_position((x, 0.55))
            self.values[key].set_text(f"{v:.0f}{'°' if unit == '°' else ' mm'}")
        self.alignment = a
        set_alt(
            self.fig,
            "Pelvic tilt explorer: side view of the model spine with "
            + _describe(a)
            + ", Roussouly type "
            + a.roussouly_type
            + ". Four gauges "
            "to the right mark lumbar lordosis, thoracic kyphosis, cervical lordosis and "
            "SVA against green bands for the published adult mean plus or minus one "
            "standard deviation.",
        )

    def render(self) -> None:
        """Draw the figure on its Agg canvas: with ``blit``, only the changing artists
        over the cached background."""
        canvas = self.fig.canvas
        if not self.blit:
            canvas.draw()
            return
        if self._background is None:
            canvas.draw()  # everything that is not animated
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        for art in self.dynamic:
            if art.get_visible():
                self.fig.draw_artist(art)

    def png(self) -> bytes:
        """The figure as PNG bytes (rendered with :meth:`render`)."""
        import io

        from PIL import Image

        self.render()
        w, h = self.fig.canvas.get_width_height()
        img = Image.frombuffer("RGBA", (w, h), self.fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        img.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()


def pelvic_tilt_explorer_figure(pelvic_incidence_deg=52.0, pelvic_tilt_deg=13.0) -> Figure:
    """The explorer's figure in a given state (default: its opening state), for static
    pages and handouts where the live widget cannot run."""
    from hipcourse.models import spine

    a = spine.spine_for_posture(pelvic_incidence_deg, pelvic_tilt_deg)
    return SpineExplorerView(a, dpi=110, blit=False).fig


def hip_flexor_tilt(max_pct=None, ax=None) -> Figure:
    """Standing anterior tilt forced by shortened iliacus and psoas (MyoLeg model)."""
    from hipcourse.models.sweeps import hip_flexor_tilt_sweep

    sweep = hip_flexor_tilt_sweep(max_pct)
    pcts, by, both = sweep.shortening_pct, sweep.by_muscle, sweep.both
    top = float(pcts[-1])
    fig, ax = new_figure((5.6, 3.8), ax)
    ax.plot(
        pcts,
        both,
        color=GROUP_COLOURS["hip-flexors"],
        lw=6,
        alpha=0.35,
        label="both shortened (the steeper one wins)",
    )
    ax.plot(
        pcts,
        [b["iliacus"] for b in by],
        color=PALETTE["orange"],
        lw=1.6,
        ls="--",
        label="iliacus alone",
    )
    ax.plot(
        pcts,
        [b["psoas"] for b in by],
        color=PALETTE["blue"],
        lw=1.6,
        ls=":",
        label="psoas alone (no wrapping in MyoLeg)",
    )
    ax.set_xlabel("hip-flexor shortening (% of standing length)")
    ax.set_ylabel("forced anterior tilt (°)")
    ax.set_xlim(0, top)
    ax.set_ylim(0, None)
    ax.grid(color="#e5e5e5")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title("Standing tilt forced by short hip flexors (model)", fontsize=10)
    i1 = int(np.argmin(np.abs(pcts - 1.0)))
    set_alt(
        fig,
        (
            f"Line chart: the anterior pelvic tilt that shortened hip flexors force in standing, "
            f"against their shortening from 0 to {top:.1f} percent. The tilt rises almost in a "
            f"straight line: about {by[i1]['iliacus']:.0f} degrees per percent for iliacus alone, "
            f"{by[i1]['psoas']:.0f} for psoas alone, and the pelvis follows the steeper of the "
            f"two when both are shortened, reaching {both[-1]:.0f} degrees."
        ),
    )
    return fig


def forward_bend(trunk_flexion_deg=110.0, max_pct=15.0, ax=None) -> Figure:
    """Share of a forward bend taken by the pelvis (hips) and by the lumbar spine, against
    hamstring shortening, with straight and with slightly bent knees (model)."""
    from hipcourse.models.sweeps import forward_bend_sweep

    pcts, straight = forward_bend_sweep(trunk_flexion_deg, max_pct, 0.0)
    _, bent = forward_bend_sweep(trunk_flexion_deg, max_pct, 20.0)
    fig, ax = new_figure((5.8, 3.9), ax)
    pel = np.array([b.pelvic_rotation_deg for b in straight])
    ax.fill_between(
        pcts,
        0,
        pel,
        color=GROUP_COLOURS["hamstrings"],
        alpha=0.35,
        lw=0,
        label="pelvis rotates on the thighs (hip hinge)",
    )
    ax.fill_between(
        pcts,
        pel,
        trunk_flexion_deg,
        color=PALETTE["vermillion"],
        alpha=0.3,
        lw=0,
        label="lumbar spine flexes",
    )
    ax.plot(pcts, pel, color=GROUP_COLOURS["hamstrings"], lw=2, label="pelvis, knees straight")
    ax.plot(
        pcts,
        [b.pelvic_rotation_deg for b in bent],
        color="black",
        lw=1.4,
        ls="--",
        label="pelvis, knees bent 20°",
    )
    ax.set_xlabel("hamstring shortening (% of normal greatest length)")
    ax.set_ylabel(f"degrees of a {trunk_flexion_deg:.0f}° forward bend")
    ax.set_xlim(0, max_pct)
    ax.set_ylim(0, trunk_flexion_deg)
    ax.legend(fontsize=7.5, frameon=False, loc="upper right")
    ax.set_title("Tight hamstrings move the bend from the hips to the low back", fontsize=10)
    set_alt(
        fig,
        (
            f"Area chart of a {trunk_flexion_deg:.0f} degree forward bend against hamstring "
            f"shortening from 0 to {max_pct:.0f} percent. With normal hamstrings the pelvis "
            f"rotates {straight[0].pelvic_rotation_deg:.0f} degrees and the lumbar spine flexes "
            f"{straight[0].lumbar_flexion_deg:.0f}; at {pcts[len(pcts) // 3 * 2]:.0f} percent the "
            f"pelvis rotates {straight[len(pcts) // 3 * 2].pelvic_rotation_deg:.0f} and the lumbar "
            f"spine takes the rest. A dashed line shows that bending the knees 20 degrees lets the "
            f"pelvis rotate further at every shortening."
        ),
    )
    return fig
