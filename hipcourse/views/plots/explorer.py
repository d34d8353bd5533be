"""The muscle explorer's figure: a stick figure and bars, moved in place per pose."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from hipcourse.views.plots.base import set_alt
from hipcourse.views.plots.muscles import (
    LENGTH_CMAP,
    _bars_alt,
    _draw_stick,
    _length_norm,
    _pose_words,
    _stick_lines,
    _to_room,
    length_bars,
)

#: Muscles the explorer draws on its stick figure (one or two per group).
EXPLORER_MUSCLES = (
    "semimem_r",
    "bflh_r",
    "recfem_r",
    "vasint_r",
    "glmax2_r",
    "glmed2_r",
    "iliacus_r",
    "psoas_r",
    "addlong_r",
    "grac_r",
)


def explorer_figure(pose=None, *, dpi: float = 100.0, **angles) -> Figure:
    """The muscle explorer's figure: stick figure (left) and % length change bars (right).

    :func:`update_explorer` moves it to another pose by updating its artists in place; the
    widget :func:`hipcourse.views.widgets.muscle_explorer` does that on every slider change, and
    this function with the default pose gives the notebook's static picture of it.
    """
    from hipcourse.models import musculoskeletal as msk

    if pose is None and not angles:
        angles = {"hip_flexion_deg": 90.0}
    fig = Figure(figsize=(10.0, 4.2), dpi=dpi, layout="constrained")
    fig.get_layout_engine().set(h_pad=0.1)
    ax_fig, ax_bar = fig.subplots(1, 2, width_ratios=[1.0, 1.6])
    geo, change = msk.pose_state(pose, EXPLORER_MUSCLES, **angles)
    lines = _stick_lines(geo.points, 0.0)
    arts = _draw_stick(ax_fig, lines)
    cmap, norm = matplotlib.colormaps[LENGTH_CMAP], _length_norm()
    arts["paths"] = {}
    for name, path in geo.paths.items():
        xy = _to_room(path, 0.0)
        arts["paths"][name] = ax_fig.plot(
            *xy.T, color=cmap(norm(change[name].length_change_pct)), lw=2.5, zorder=3
        )[0]
    ax_fig.set_xlim(-0.75, 1.05)
    ax_fig.set_ylim(-1.05, 0.85)
    ax_fig.set_aspect("equal")
    ax_fig.set_xlabel("forward (m)")
    ax_fig.set_ylabel("up (m)")
    ax_fig.grid(color="#eeeeee", lw=0.6)
    from matplotlib.cm import ScalarMappable

    fig.colorbar(
        ScalarMappable(norm, cmap),
        ax=ax_fig,
        shrink=0.75,
        location="left",
        label="length change (%)",
    )
    arts["title"] = ax_fig.set_title(_pose_words(change.pose), fontsize=9)
    length_bars(change, ax=ax_bar)
    arts["bars"], arts["rows"], _ = fig._hipcourse_bars
    fig._hipcourse_explorer = arts
    _explorer_alt(fig, change)
    return fig


def _explorer_alt(fig, change) -> None:
    from hipcourse.models import musculoskeletal as msk

    rows = fig._hipcourse_explorer["rows"]
    drawn = ", ".join(msk.display_name(n) for n in EXPLORER_MUSCLES)
    set_alt(
        fig,
        (
            f"Muscle explorer. Left: stick figure of the right leg seen from the side, "
            f"{_pose_words(change.pose)}, with the paths of {drawn} coloured by length "
            f"change. Right: "
            + _bars_alt(change, rows, "length_change_pct")
            + f" Computed with {msk.MODEL_NAME}."
        ),
    )


def update_explorer(fig, pose=None, **angles) -> None:
    """Move an :func:`explorer_figure` to a new pose, updating its artists in place."""
    from hipcourse.models import musculoskeletal as msk

    arts = fig._hipcourse_explorer
    geo, change = msk.pose_state(pose, EXPLORER_MUSCLES, **angles)
    lines = _stick_lines(geo.points, 0.0)
    for key in ("trunk", "pelvis", "leg", "joints"):
        arts[key].set_data(*lines[key].T)
    arts["head"].center = tuple(lines["head"])
    cmap, norm = matplotlib.colormaps[LENGTH_CMAP], _length_norm()
    for name, line in arts["paths"].items():
        line.set_data(*_to_room(geo.paths[name], 0.0).T)
        line.set_color(cmap(norm(change[name].length_change_pct)))
    for bar, row in zip(arts["bars"], arts["rows"], strict=False):
        bar.set_height(change[row.muscle].length_change_pct)
    arts["rows"] = [change[r.muscle] for r in arts["rows"]]
    arts["title"].set_text(_pose_words(change.pose))
    _explorer_alt(fig, change)


def _explorer_moving(arts) -> list:
    return (
        [arts[k] for k in ("trunk", "pelvis", "leg", "head", "joints")]
        + list(arts["paths"].values())
        + list(arts["bars"])
        + [arts["title"]]
    )


def explorer_frame_png(fig) -> bytes:
    """PNG of an :func:`explorer_figure` in its current state, redrawing only what moves.

    The first call draws the whole figure once and keeps the static part (axes, ticks,
    labels, colour bar) as a background; later calls restore it and draw only the artists
    :func:`update_explorer` changed (blitting), which is what keeps a slider update fast.
    After the first call the figure's moving artists are marked ``animated``: use a fresh
    :func:`explorer_figure` for a static picture.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    arts = fig._hipcourse_explorer
    canvas = arts.get("canvas")
    if canvas is None:
        canvas = FigureCanvasAgg(fig)
        fig.canvas.draw()  # settle the constrained layout once ...
        fig.set_layout_engine("none")  # ... then freeze it: the axes never move
        for a in _explorer_moving(arts):
            a.set_animated(True)
        canvas.draw()
        arts["background"] = canvas.copy_from_bbox(fig.bbox)
        arts["canvas"] = canvas
    canvas.restore_region(arts["background"])
    for a in _explorer_moving(arts):
        a.axes.draw_artist(a)
    rgba = np.asarray(canvas.buffer_rgba())
    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=1)
    return buf.getvalue()
