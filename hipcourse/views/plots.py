"""Figures for the course (matplotlib). Every function returns a Figure; no global state.

Conventions: a colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
labelled axes with units, an ``ax=None`` parameter where a figure is one panel, and alt
text for every figure through :func:`show` (notebooks) and :func:`alt_text` (handouts).
"""
from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from pathlib import Path  # noqa: E402

from hipcourse.content.catalog import GROUP_IDS, Catalog, load_catalog  # noqa: E402

#: Okabe-Ito colour-blind-safe palette.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7",
    "grey": "#999999",
}
#: One colour per muscle group, used in every figure.
GROUP_COLOURS = {
    "hamstrings": PALETTE["blue"],
    "quadriceps": PALETTE["orange"],
    "glutes": PALETTE["green"],
    "hip-flexors": PALETTE["vermillion"],
    "groin": PALETTE["purple"],
}

_ALT_ATTR = "_hipcourse_alt"


def new_figure(figsize=(6.4, 4.0), ax=None):
    """Return ``(fig, ax)``: ``ax``'s figure if given, else a new non-pyplot Figure."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def set_alt(fig: Figure, alt: str) -> Figure:
    """Attach alt text (a description for screen readers and handouts) to ``fig``."""
    setattr(fig, _ALT_ATTR, alt)
    return fig


def alt_text(fig: Figure) -> str:
    """The alt text attached to ``fig`` by the function that drew it."""
    return getattr(fig, _ALT_ATTR, "")


def show(fig: Figure, alt: str | None = None) -> None:
    """Display ``fig`` in a notebook as a PNG that carries its alt text.

    The alt text travels in the output's metadata
    (``{"image/png": {"alt": ...}}``), which the course's handouts turn into the
    ``alt`` attribute of the image.
    """
    import io

    from IPython.display import Image, display

    alt = alt or alt_text(fig)
    if not alt:
        raise ValueError("alt = '' is not allowed; every figure needs alt text describing it")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    display(Image(data=buf.getvalue(), format="png"), metadata={"image/png": {"alt": alt}})


def save(fig: Figure, path_stem, formats=("png", "svg")) -> list:
    """Save ``fig`` as ``path_stem.png`` / ``.svg`` plus ``path_stem.alt.txt``."""
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    # A fixed hash salt keeps SVG element ids, and so the committed files, reproducible.
    with matplotlib.rc_context({"svg.hashsalt": "hipcourse"}):
        for fmt in formats:
            p = stem.with_suffix("." + fmt)
            fig.savefig(p, format=fmt, dpi=110,
                        metadata={"Software": None} if fmt == "png" else {"Date": None})
            written.append(p)
    p = stem.with_suffix(".alt.txt")
    p.write_text(alt_text(fig) + "\n", encoding="utf-8")
    written.append(p)
    return written


# ---------------------------------------------------------------- anatomy figures
def muscle_joint_map(catalog: Catalog | None = None, ax=None) -> Figure:
    """Which joints each muscle crosses: a grid of muscles (rows) by joints (columns).

    Two-joint muscles (hip and knee) are labelled in bold: a stretch for them must place
    both joints.
    """
    cat = catalog or load_catalog()
    muscles = [m for g in GROUP_IDS for m in cat.muscles if m.group == g]
    joints = ["lumbar-spine", "hip", "knee"]
    fig, ax = new_figure((6.4, 0.26 * len(muscles) + 1.4), ax)
    for i, m in enumerate(muscles):
        colour = GROUP_COLOURS[m.group]
        for j, jt in enumerate(joints):
            if jt in m.joints:
                ax.scatter(j, i, s=110, color=colour, edgecolor="black", linewidth=0.6, zorder=3)
        crossed = [j for j, jt in enumerate(joints) if jt in m.joints]
        if len(crossed) > 1:
            ax.plot([min(crossed), max(crossed)], [i, i], color=colour, lw=3, zorder=2)
    ax.set_yticks(range(len(muscles)))
    ax.set_yticklabels([m.name for m in muscles], fontsize=8)
    for lbl, m in zip(ax.get_yticklabels(), muscles):
        if m.two_joint:
            lbl.set_fontweight("bold")
    ax.set_xticks(range(len(joints)))
    ax.set_xticklabels(["lumbar spine", "hip", "knee"])
    ax.set_xlim(-0.5, len(joints) - 0.5)
    ax.set_ylim(len(muscles) - 0.5, -0.5)
    ax.grid(axis="x", color="#dddddd")
    ax.set_xlabel("joint crossed")
    ax.set_title("Which joints each hip muscle crosses")
    handles = [matplotlib.lines.Line2D([], [], marker="o", ls="", color=GROUP_COLOURS[g],
                                       markeredgecolor="black", label=cat.group(g).name)
               for g in GROUP_IDS]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
              frameon=False, title="group (first listed)")
    two = [m.name for m in muscles if m.two_joint]
    set_alt(fig, (
        f"Grid of {len(muscles)} hip muscles against the joints they cross (lumbar spine, "
        f"hip, knee), coloured by muscle group. Psoas major crosses the lumbar spine and "
        f"the hip. The muscles that cross both hip and knee are {'; '.join(two)}; the vasti "
        f"and the short head of biceps femoris cross the knee only; the rest cross the "
        f"hip only."))
    return fig


# ---------------------------------------------------------------- musculoskeletal figures
# (pose drawings, % lengthening bars, heat maps: see below)
#: Diverging, colour-blind-safe map for length change (ColorBrewer RdBu: red = longer).
LENGTH_CMAP = "RdBu_r"
#: Colour scale of every length-change figure: -LENGTH_SCALE_PCT .. +LENGTH_SCALE_PCT [%].
LENGTH_SCALE_PCT = 40.0
#: Muscles the explorer draws on its stick figure (one or two per group).
EXPLORER_MUSCLES = ("semimem_r", "bflh_r", "recfem_r", "vasint_r", "glmax2_r", "glmed2_r",
                    "iliacus_r", "psoas_r", "addlong_r", "grac_r")
_HEAD_RADIUS_M = 0.1


def _length_norm():
    from matplotlib.colors import Normalize

    return Normalize(-LENGTH_SCALE_PCT, LENGTH_SCALE_PCT)


def _to_room(xyz, trunk_lean_deg: float) -> np.ndarray:
    """Sagittal (x forward, y up) pelvis-frame points turned so the trunk leans as given."""
    p = np.atleast_2d(np.asarray(xyz, dtype=float))[:, :2]
    t = np.radians(trunk_lean_deg)
    rot = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])
    return p @ rot.T


def _stick_lines(points: dict, trunk_lean_deg: float) -> dict:
    """2-D polylines of the stick figure: trunk, pelvis, leg, joints, head centre."""
    P = {k: _to_room(v, trunk_lean_deg)[0] for k, v in points.items()}
    foot_dir = P["toe"] - P["heel"]
    toe_tip = P["toe"] + 0.35 * foot_dir
    neck_dir = P["head"] - P["shoulder"]
    neck_dir = neck_dir / (np.linalg.norm(neck_dir) or 1.0)
    head = P["head"] + neck_dir * _HEAD_RADIUS_M * 0.6
    return {
        "trunk": np.array([P["pelvis"], P["lumbar"], P["shoulder"], P["head"]]),
        "pelvis": np.array([P["pelvis"], P["hip"]]),
        "leg": np.array([P["hip"], P["knee"], P["ankle"], P["heel"], toe_tip, P["ankle"]]),
        "joints": np.array([P["hip"], P["knee"], P["ankle"]]),
        "head": head,
    }


def _draw_stick(ax, lines: dict) -> dict:
    from matplotlib.patches import Circle

    grey, dark = "#bbbbbb", "#555555"
    arts = {
        "trunk": ax.plot(*lines["trunk"].T, color=grey, lw=7, solid_capstyle="round", zorder=1)[0],
        "pelvis": ax.plot(*lines["pelvis"].T, color=grey, lw=7, solid_capstyle="round", zorder=1)[0],
        "leg": ax.plot(*lines["leg"].T, color=dark, lw=4, solid_capstyle="round",
                       solid_joinstyle="round", zorder=2)[0],
        "joints": ax.plot(*lines["joints"].T, "o", color="white", mec=dark, mew=1.5, ms=7,
                          zorder=4)[0],
    }
    arts["head"] = ax.add_patch(Circle(lines["head"], _HEAD_RADIUS_M, fc="white", ec=grey,
                                       lw=3, zorder=1))
    return arts


#: Half-width of the square frame of every stick figure [m] (same scale for every pose).
STICK_FRAME_M = 1.15


def _frame_stick_axes(ax) -> None:
    ax.set_xlim(-STICK_FRAME_M, STICK_FRAME_M)
    ax.set_ylim(-STICK_FRAME_M, STICK_FRAME_M)
    ax.set_aspect("equal")
    ax.set_xlabel("forward (m)")
    ax.set_ylabel("up (m)")
    ax.grid(color="#eeeeee", lw=0.6)


def _pose_words(pose: dict) -> str:
    hf, ha, hr, kf = (pose[k] for k in ("hip_flexion_deg", "hip_adduction_deg",
                                       "hip_rotation_deg", "knee_flexion_deg"))
    hip = (f"hip bent {hf:.0f}°" if hf > 0 else f"hip extended {-hf:.0f}°" if hf < 0
           else "hip straight")
    side = (f", abducted {-ha:.0f}°" if ha < 0 else f", adducted {ha:.0f}°" if ha > 0 else "")
    rot = (f", turned out {-hr:.0f}°" if hr < 0 else f", turned in {hr:.0f}°" if hr > 0 else "")
    knee = f"knee bent {kf:.0f}°" if kf > 0 else "knee straight"
    return f"{hip}{side}{rot}, {knee}"


def pose_figure(pose=None, muscles=(), *, title: str | None = None,
                trunk_lean_deg: float | None = None, ax=None, colorbar: bool = True,
                labels=()) -> Figure:
    """A sagittal stick figure of the right leg in ``pose`` with muscle paths drawn on it.

    The points and the muscle paths come from the musculoskeletal model
    (:func:`hipcourse.models.musculoskeletal.pose_geometry`; MyoLeg, derived from Rajagopal et al.
    2016, IEEE Trans Biomed Eng 63:2068), seen from the right side, pelvis and trunk turned
    by ``trunk_lean_deg`` (0 upright, + leaning forward). Each path is coloured by the
    muscle's % change of length from standing (red longer, blue shorter). The other leg is
    not drawn.

    Parameters
    ----------
    pose : catalog Pose, mapping or 4 numbers
        Joint angles [deg]; a catalog Pose also gives the trunk lean.
    muscles : sequence of str
        Model muscle names (``"recfem_r"``) to draw.
    labels : sequence of str
        Lines of text to list in the top-left corner (e.g. the muscles and their change).
    """
    from matplotlib.cm import ScalarMappable
    from hipcourse.models import musculoskeletal as msk

    if trunk_lean_deg is None:
        trunk_lean_deg = float(getattr(pose, "trunk_lean_deg", 0.0))
    geo = msk.pose_geometry(pose, muscles)
    change = msk.length_change(pose)
    fig, ax = new_figure((5.6, 5.0), ax)
    lines = _stick_lines(geo.points, trunk_lean_deg)
    _draw_stick(ax, lines)
    cmap = matplotlib.colormaps[LENGTH_CMAP]
    norm = _length_norm()
    drawn = []
    for name, path in geo.paths.items():
        xy = _to_room(path, trunk_lean_deg)
        pct = change[name].length_change_pct
        ax.plot(*xy.T, color=cmap(norm(pct)), lw=3, solid_capstyle="round", zorder=3)
        drawn.append((name, pct))
    _frame_stick_axes(ax)
    if labels:
        ax.text(0.02, 0.98, "\n".join(labels), transform=ax.transAxes, va="top", ha="left",
                fontsize=8, bbox={"fc": "white", "ec": "#cccccc", "alpha": 0.9})
    if colorbar:
        fig.colorbar(ScalarMappable(norm, cmap), ax=ax, shrink=0.8,
                     label="muscle length change from standing (%)")
    ax.set_title(title or _pose_words(change.pose).capitalize(), fontsize=11)
    drawn.sort(key=lambda t: -t[1])
    listed = "; ".join(f"{msk.display_name(n)} {p:+.0f} %" for n, p in drawn) or "none"
    set_alt(fig, (f"Stick figure seen from the right side: {_pose_words(change.pose)}, trunk "
                  f"{'upright' if abs(trunk_lean_deg) < 1 else f'tilted {trunk_lean_deg:+.0f}° from upright'}. "
                  f"Muscle paths coloured by length change from standing (red longer, blue "
                  f"shorter): {listed}. Computed with {msk.MODEL_NAME}."))
    return fig


def stretch_figure(stretch_or_id, ax=None) -> Figure:
    """The pose of a catalog stretch with its target muscles' paths coloured by % lengthening.

    Title: the stretch's name. Alt text: the pose, the targets' % change and the muscles the
    model says the stretch works most (by fibre strain, see
    :func:`hipcourse.models.musculoskeletal.stretch_effect`).
    """
    from hipcourse.models import musculoskeletal as msk

    effect = msk.stretch_effect(stretch_or_id)
    s = load_catalog().stretch(effect.stretch_id)
    muscles = msk.muscles_of(s.targets)
    labels = [f"{c.name}: {c.length_change_pct:+.0f} %" if c.modelled else
              f"{c.name}: not in the model" for c in effect.target_checks()]
    fig = pose_figure(s.pose, muscles, title=s.name, ax=ax, labels=labels)
    top = ", ".join(f"{msk.display_name(r.muscle)} ({r.length_change_pct:+.0f} %, fibre "
                    f"strain {r.fibre_strain:.2f})" for r in effect.top_muscles(3))
    targets = "; ".join(
        f"{c.name} {c.length_change_pct:+.0f} %" if c.modelled else f"{c.name} (not in the model)"
        for c in effect.target_checks())
    groups = " and ".join(load_catalog().group(g).name.lower() for g in effect.works_most)
    set_alt(fig, (f"{s.name}: stick figure of the stretched right leg seen from the side, "
                  f"{_pose_words(effect.change.pose)}, trunk "
                  f"{'upright' if abs(s.pose.trunk_lean_deg) < 1 else f'tilted {s.pose.trunk_lean_deg:+.0f}° from upright'}. "
                  f"Target muscles drawn and coloured by length change from standing: "
                  f"{targets}. The muscles whose fibres lengthen most: {top}; the model says "
                  f"the stretch works the {groups} most. Computed with {msk.MODEL_NAME}."))
    return fig


def _bar_layout(change):
    """Bars of the taught muscles, grouped by primary group: (rows, x, group spans)."""
    rows, xs, spans, x = [], [], [], 0.0
    for g in GROUP_IDS:
        grp = [r for r in change.rows if r.group == g]
        if not grp:
            continue
        start = x
        for r in grp:
            rows.append(r)
            xs.append(x)
            x += 1.0
        spans.append((g, start, x - 1.0))
        x += 0.8
    return rows, np.array(xs), spans


def length_bars(change, ax=None, metric: str = "length_change_pct") -> Figure:
    """Bar chart of every taught muscle's length change, grouped and coloured by group.

    ``change`` is a :class:`hipcourse.models.musculoskeletal.LengthChange`; ``metric`` is
    "length_change_pct" (%, default) or "fibre_strain" (optimal fibre lengths).
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import choice

    metric = choice("metric", metric, msk.METRICS)
    rows, xs, spans = _bar_layout(change)
    fig, ax = new_figure((7.2, 3.6), ax)
    vals = [getattr(r, metric) for r in rows]
    bars = ax.bar(xs, vals, width=0.8, color=[GROUP_COLOURS[r.group] for r in rows],
                  edgecolor="black", linewidth=0.4)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(xs)
    ax.set_xticklabels([r.muscle[:-2] for r in rows], rotation=90, fontsize=7)
    cat = load_catalog()
    handles = [matplotlib.patches.Patch(facecolor=GROUP_COLOURS[g], edgecolor="black", lw=0.4,
                                        label=cat.group(g).name.split(" (")[0])
               for g, _, _ in spans]
    ax.legend(handles=handles, loc="upper left", fontsize=7, ncol=len(handles), frameon=False,
              handlelength=1.0, columnspacing=0.8)
    if metric == "length_change_pct":
        ax.set_ylim(-50, 60)
        ax.set_ylabel("length change from standing (%)")
    else:
        ax.set_ylim(-1.0, 1.6)
        ax.set_ylabel("fibre strain (optimal fibre lengths)")
    ax.set_xlabel("muscle (model name)")
    ax.set_xlim(xs[0] - 0.8, xs[-1] + 0.8)
    ax.grid(axis="y", color="#eeeeee")
    ax.set_axisbelow(True)
    fig._hipcourse_bars = (bars, rows, metric)
    set_alt(fig, _bars_alt(change, rows, metric))
    return fig


def _bars_alt(change, rows, metric) -> str:
    from hipcourse.models import musculoskeletal as msk

    unit = " %" if metric == "length_change_pct" else ""
    fmt = "{:+.0f}" if metric == "length_change_pct" else "{:+.2f}"
    srt = sorted(rows, key=lambda r: -getattr(r, metric))
    longest = ", ".join(f"{msk.display_name(r.muscle)} {fmt.format(getattr(r, metric))}{unit}"
                        for r in srt[:3])
    shortest = ", ".join(f"{msk.display_name(r.muscle)} {fmt.format(getattr(r, metric))}{unit}"
                         for r in srt[-2:])
    what = "length change from standing" if metric == "length_change_pct" else "fibre strain"
    return (f"Bar chart of the {what} of {len(rows)} hip and thigh muscles, grouped by muscle "
            f"group, for {_pose_words(change.pose)}. Largest: {longest}. Smallest: {shortest}.")


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
    geo = msk.pose_geometry(pose, EXPLORER_MUSCLES, **angles)
    change = msk.length_change(pose, **angles)
    lines = _stick_lines(geo.points, 0.0)
    arts = _draw_stick(ax_fig, lines)
    cmap, norm = matplotlib.colormaps[LENGTH_CMAP], _length_norm()
    arts["paths"] = {}
    for name, path in geo.paths.items():
        xy = _to_room(path, 0.0)
        arts["paths"][name] = ax_fig.plot(*xy.T, color=cmap(norm(change[name].length_change_pct)),
                                          lw=2.5, zorder=3)[0]
    ax_fig.set_xlim(-0.75, 1.05)
    ax_fig.set_ylim(-1.05, 0.85)
    ax_fig.set_aspect("equal")
    ax_fig.set_xlabel("forward (m)")
    ax_fig.set_ylabel("up (m)")
    ax_fig.grid(color="#eeeeee", lw=0.6)
    from matplotlib.cm import ScalarMappable

    fig.colorbar(ScalarMappable(norm, cmap), ax=ax_fig, shrink=0.75, location="left",
                 label="length change (%)")
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
    set_alt(fig, (f"Muscle explorer. Left: stick figure of the right leg seen from the side, "
                  f"{_pose_words(change.pose)}, with the paths of {drawn} coloured by length "
                  f"change. Right: " + _bars_alt(change, rows, "length_change_pct")
                  + f" Computed with {msk.MODEL_NAME}."))


def update_explorer(fig, pose=None, **angles) -> None:
    """Move an :func:`explorer_figure` to a new pose, updating its artists in place."""
    from hipcourse.models import musculoskeletal as msk

    arts = fig._hipcourse_explorer
    geo = msk.pose_geometry(pose, EXPLORER_MUSCLES, **angles)
    change = msk.length_change(pose, **angles)
    lines = _stick_lines(geo.points, 0.0)
    for key in ("trunk", "pelvis", "leg", "joints"):
        arts[key].set_data(*lines[key].T)
    arts["head"].center = tuple(lines["head"])
    cmap, norm = matplotlib.colormaps[LENGTH_CMAP], _length_norm()
    for name, line in arts["paths"].items():
        line.set_data(*_to_room(geo.paths[name], 0.0).T)
        line.set_color(cmap(norm(change[name].length_change_pct)))
    for bar, row in zip(arts["bars"], arts["rows"]):
        bar.set_height(change[row.muscle].length_change_pct)
    arts["rows"] = [change[r.muscle] for r in arts["rows"]]
    arts["title"].set_text(_pose_words(change.pose))
    _explorer_alt(fig, change)


def _explorer_moving(arts) -> list:
    return ([arts[k] for k in ("trunk", "pelvis", "leg", "head", "joints")]
            + list(arts["paths"].values()) + list(arts["bars"]) + [arts["title"]])


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
        fig.canvas.draw()            # settle the constrained layout once ...
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


def length_heatmap(muscle: str = "recfem_r", ax=None, step_deg: float = 5.0,
                   colorbar: bool = True) -> Figure:
    """% length change of one muscle over hip flexion x knee flexion (adduction, rotation 0).

    Two-joint muscles show diagonal bands: their length depends on both angles. Computed
    with :mod:`hipcourse.models.musculoskeletal` (MyoLeg, from Rajagopal et al. 2016).
    """
    from hipcourse.models import musculoskeletal as msk

    hip_lo, hip_hi = msk.JOINT_RANGES_DEG["hip_flexion_deg"]
    kn_lo, kn_hi = msk.JOINT_RANGES_DEG["knee_flexion_deg"]
    hips = np.arange(hip_lo, hip_hi + 1e-9, step_deg)
    knees = np.arange(kn_lo, kn_hi + 1e-9, step_deg)
    H, K = np.meshgrid(hips, knees)
    poses = np.column_stack([H.ravel(), np.zeros(H.size), np.zeros(H.size), K.ravel()])
    key = muscle if muscle.endswith("_r") else muscle + "_r"
    names = msk.muscle_names()
    if key not in names:
        from hipcourse.kit.checks import InputError

        raise InputError("muscle", muscle, "a right-leg muscle name such as recfem_r")
    col = names.index(key)
    ref = msk.reference_lengths_m()[key]
    pct = 100.0 * (msk.musculotendon_lengths_m(poses)[:, col] - ref) / ref
    Z = pct.reshape(H.shape)
    fig, ax = new_figure((5.0, 4.2), ax)
    cmap, norm = matplotlib.colormaps[LENGTH_CMAP], _length_norm()
    im = ax.pcolormesh(hips, knees, Z, cmap=cmap, norm=norm, shading="nearest")
    cs = ax.contour(hips, knees, Z, levels=np.arange(-40, 41, 10), colors="black",
                    linewidths=0.6)
    ax.clabel(cs, fmt="%+d %%", fontsize=7)
    ax.plot([0], [0], marker="*", color="black", ms=9, ls="")
    ax.annotate("standing", (0, 0), (6, 6), textcoords="offset points", fontsize=8)
    ax.set_xlabel("hip flexion (°)  (negative: extension)")
    ax.set_ylabel("knee flexion (°)")
    name = msk.display_name(key)
    ax.set_title(name, fontsize=11)
    if colorbar:
        fig.colorbar(im, ax=ax, label="length change from standing (%)")
    i_max, i_min = np.unravel_index(np.argmax(Z), Z.shape), np.unravel_index(np.argmin(Z), Z.shape)
    set_alt(fig, (f"Heat map of {name}'s length change from standing over hip flexion "
                  f"{hip_lo:.0f}° to {hip_hi:.0f}° (horizontal) and knee flexion {kn_lo:.0f}° to "
                  f"{kn_hi:.0f}° (vertical). Longest, {Z[i_max]:+.0f} %, at hip "
                  f"{H[i_max]:.0f}° and knee {K[i_max]:.0f}°; shortest, {Z[i_min]:+.0f} %, at hip "
                  f"{H[i_min]:.0f}° and knee {K[i_min]:.0f}°. Computed with {msk.MODEL_NAME}."))
    return fig


def two_joint_heatmaps(muscles=("recfem_r", "semimem_r")) -> Figure:
    """:func:`length_heatmap` for rectus femoris and a hamstring side by side.

    Rectus femoris is longest with the hip extended and the knee bent; the hamstrings with
    the hip flexed and the knee straight: why the knee angle changes a hip stretch.
    """
    fig = Figure(figsize=(10.0, 4.2), layout="constrained")
    axes = fig.subplots(1, len(muscles), sharey=True)
    alts = []
    for i, (m, ax) in enumerate(zip(muscles, np.atleast_1d(axes))):
        length_heatmap(m, ax=ax, colorbar=(i == len(muscles) - 1))
        alts.append(alt_text(fig))
        if i:
            ax.set_ylabel("")
    set_alt(fig, "Two heat maps side by side. " + " ".join(alts))
    return fig


def _write_muscle_figures(out) -> list:
    """Every catalog stretch (``stretches/<id>``), the heat maps and the explorer's default."""
    from matplotlib import rc_context

    out = Path(out)
    paths = []
    with rc_context({"svg.hashsalt": "hipcourse"}):
        for s in load_catalog().stretches:
            paths.extend(save(stretch_figure(s), out / "stretches" / s.id))
        paths.extend(save(two_joint_heatmaps(), out / "muscles" / "two_joint_heatmaps"))
        paths.extend(save(explorer_figure(), out / "muscles" / "explorer_default"))
    return paths


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
        for lv, b in zip(levels, bodies):
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
    for i, (ax, a) in enumerate(zip(axes, aligns)):
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
    for i, (ax, a) in enumerate(zip(axes, aligns)):
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
    for i, (ax, (name, a)) in enumerate(zip(axes, stages)):
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


#: The quantities the explorer shows against their normal ranges: (attribute, label, unit).
EXPLORER_QUANTITIES = (
    ("lumbar_lordosis_deg", "lumbar lordosis L1–S1", "°"),
    ("thoracic_kyphosis_deg", "thoracic kyphosis T2–T12", "°"),
    ("cervical_lordosis_deg", "cervical lordosis C2–C7", "°"),
    ("sva_mm", "SVA (C7 to S1)", "mm"),
)
_GAUGE_LIMITS = {"lumbar_lordosis_deg": (0, 110), "thoracic_kyphosis_deg": (0, 90),
                 "cervical_lordosis_deg": (-20, 50), "sva_mm": (-120, 120)}


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
        gs = self.fig.add_gridspec(len(EXPLORER_QUANTITIES), 2, width_ratios=(1.15, 1.0),
                                   left=0.09, right=0.97, bottom=0.08, top=0.95,
                                   wspace=0.32, hspace=1.25)
        self.ax = self.fig.add_subplot(gs[:, 0])
        _spine_axes(self.ax, "Pelvic tilt explorer")
        self.ghost = _ghost(self.ax, spine.spine_for_person(a.pelvic_incidence_deg))
        self.drawing = SpineDrawing(self.ax, PALETTE["blue"])
        # The angle summary box is for static copies; the live widget shows read-outs
        # beside the picture instead (text is the costliest thing to redraw).
        self.summary = self.ax.text(-222, 950, "", fontsize=7, va="top", family="monospace",
                                    zorder=9, visible=not blit,
                                    bbox=dict(facecolor="white", edgecolor="none",
                                              alpha=0.8, pad=1))
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
                g.axvspan(norm.low, norm.high, ymin=0.3, ymax=0.7, color=PALETTE["green"],
                          alpha=0.12, lw=0)
            if norm.band:
                g.axvspan(*norm.band, ymin=0.3, ymax=0.7, color=PALETTE["green"], alpha=0.35,
                          lw=0)
            g.axvline(norm.mean, ymin=0.25, ymax=0.75, color=PALETTE["green"], lw=1.2)
            g.set_xlabel(f"{label} ({unit})", fontsize=8, labelpad=1)
            g.tick_params(labelsize=7, length=2)
            self.markers[key] = g.plot([0], [0], marker="v", ms=9, color=PALETTE["vermillion"],
                                       markeredgecolor="black", ls="", zorder=5)[0]
            self.values[key] = g.text(0, 0.75, "", ha="center", va="bottom", fontsize=8,
                                      color="black", zorder=6)
        self.fig.text(0.5, 0.012, "green band: adult mean ± 1 SD; pale: observed range; "
                      "cervical: typical value (no SD)", fontsize=6, color="#444444")
        #: Artists that change on update; with ``blit`` they are drawn over a cached
        #: background of everything else (axes, ticks, bands), so an update redraws only them.
        self.dynamic = (self.ghost.artists() + self.drawing.artists() + [self.summary]
                        + list(self.markers.values()) + list(self.values.values()))
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
        set_alt(self.fig, "Pelvic tilt explorer: side view of the model spine with "
                + _describe(a) + ", Roussouly type " + a.roussouly_type + ". Four gauges "
                "to the right mark lumbar lordosis, thoracic kyphosis, cervical lordosis and "
                "SVA against green bands for the published adult mean plus or minus one "
                "standard deviation.")

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
    from hipcourse.models import spine

    top = max_pct if max_pct is not None else spine.max_hip_flexor_shortening_pct()
    pcts = np.linspace(0.0, top, 31)
    by = [spine.hip_flexor_tilt_by_muscle(p) for p in pcts]
    both = [max(b.values()) for b in by]
    fig, ax = new_figure((5.6, 3.8), ax)
    ax.plot(pcts, both, color=GROUP_COLOURS["hip-flexors"], lw=6, alpha=0.35,
            label="both shortened (the steeper one wins)")
    ax.plot(pcts, [b["iliacus"] for b in by], color=PALETTE["orange"], lw=1.6, ls="--",
            label="iliacus alone")
    ax.plot(pcts, [b["psoas"] for b in by], color=PALETTE["blue"], lw=1.6, ls=":",
            label="psoas alone (no wrapping in MyoLeg)")
    ax.set_xlabel("hip-flexor shortening (% of standing length)")
    ax.set_ylabel("forced anterior tilt (°)")
    ax.set_xlim(0, top)
    ax.set_ylim(0, None)
    ax.grid(color="#e5e5e5")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title("Standing tilt forced by short hip flexors (model)", fontsize=10)
    i1 = int(np.argmin(np.abs(pcts - 1.0)))
    set_alt(fig, (
        f"Line chart: the anterior pelvic tilt that shortened hip flexors force in standing, "
        f"against their shortening from 0 to {top:.1f} percent. The tilt rises almost in a "
        f"straight line: about {by[i1]['iliacus']:.0f} degrees per percent for iliacus alone, "
        f"{by[i1]['psoas']:.0f} for psoas alone, and the pelvis follows the steeper of the "
        f"two when both are shortened, reaching {both[-1]:.0f} degrees."))
    return fig


def forward_bend(trunk_flexion_deg=110.0, max_pct=15.0, ax=None) -> Figure:
    """Share of a forward bend taken by the pelvis (hips) and by the lumbar spine, against
    hamstring shortening, with straight and with slightly bent knees (model)."""
    from hipcourse.models import spine

    pcts = np.linspace(0.0, max_pct, 31)
    straight = [spine.forward_bend(trunk_flexion_deg, p, 0.0) for p in pcts]
    bent = [spine.forward_bend(trunk_flexion_deg, p, 20.0) for p in pcts]
    fig, ax = new_figure((5.8, 3.9), ax)
    pel = np.array([b.pelvic_rotation_deg for b in straight])
    ax.fill_between(pcts, 0, pel, color=GROUP_COLOURS["hamstrings"], alpha=0.35, lw=0,
                    label="pelvis rotates on the thighs (hip hinge)")
    ax.fill_between(pcts, pel, trunk_flexion_deg, color=PALETTE["vermillion"], alpha=0.3, lw=0,
                    label="lumbar spine flexes")
    ax.plot(pcts, pel, color=GROUP_COLOURS["hamstrings"], lw=2, label="pelvis, knees straight")
    ax.plot(pcts, [b.pelvic_rotation_deg for b in bent], color="black", lw=1.4, ls="--",
            label="pelvis, knees bent 20°")
    ax.set_xlabel("hamstring shortening (% of normal greatest length)")
    ax.set_ylabel(f"degrees of a {trunk_flexion_deg:.0f}° forward bend")
    ax.set_xlim(0, max_pct)
    ax.set_ylim(0, trunk_flexion_deg)
    ax.legend(fontsize=7.5, frameon=False, loc="upper right")
    ax.set_title("Tight hamstrings move the bend from the hips to the low back", fontsize=10)
    set_alt(fig, (
        f"Area chart of a {trunk_flexion_deg:.0f} degree forward bend against hamstring "
        f"shortening from 0 to {max_pct:.0f} percent. With normal hamstrings the pelvis "
        f"rotates {straight[0].pelvic_rotation_deg:.0f} degrees and the lumbar spine flexes "
        f"{straight[0].lumbar_flexion_deg:.0f}; at {pcts[len(pcts) // 3 * 2]:.0f} percent the "
        f"pelvis rotates {straight[len(pcts) // 3 * 2].pelvic_rotation_deg:.0f} and the lumbar "
        f"spine takes the rest. A dashed line shows that bending the knees 20 degrees lets the "
        f"pelvis rotate further at every shortening."))
    return fig


def _write_spine(out) -> list:
    """Spine figures reused by lesson 02 and the handouts, under ``out/spine/``."""
    d = Path(out) / "spine"
    paths = []
    for stem, fig in (("spine_for_tilts", spine_for_tilts()),
                      ("spines_for_incidences", spines_for_incidences()),
                      ("tilt_chain", tilt_chain()),
                      ("sitting_vs_standing", sitting_vs_standing()),
                      ("pelvic_tilt_explorer", pelvic_tilt_explorer_figure()),
                      ("hip_flexor_tilt", hip_flexor_tilt()),
                      ("forward_bend", forward_bend())):
        paths.extend(save(fig, d / stem))
    return paths



# ---------------------------------------------------------------- routine figures
def routine_dose(routine, ax=None) -> Figure:
    """Seconds under stretch per side for each group of a routine, against the guidance.

    The dashed line is the ACSM guidance of about 60 s per stretch (Garber et al. 2011,
    Med Sci Sports Exerc 43:1334; :data:`hipcourse.models.routine.DOSE_GUIDANCE_S`).
    """
    from hipcourse.models.routine import DOSE_GUIDANCE_S

    cat = load_catalog()
    dose = routine.dose_by_group()
    fig, ax = new_figure((6.4, 0.45 * max(len(dose), 1) + 1.3), ax)
    groups = list(dose)
    ax.barh(range(len(groups)), [dose[g] for g in groups],
            color=[GROUP_COLOURS[g] for g in groups], edgecolor="black", linewidth=0.5)
    ax.axvline(DOSE_GUIDANCE_S, color="black", ls="--", lw=1.2)
    ax.text(DOSE_GUIDANCE_S, -0.6, f" guidance: about {DOSE_GUIDANCE_S} s per stretch",
            fontsize=8, va="bottom")
    ax.set_yticks(range(len(groups)))
    ax.set_yticklabels([cat.group(g).name for g in groups])
    ax.set_ylim(len(groups) - 0.5, -1.1)
    ax.set_xlabel("time under stretch per side [s]")
    ax.set_xlim(0, max([DOSE_GUIDANCE_S * 2.2, *dose.values()]) * 1.1)
    ax.set_title("Dose per muscle group this session")
    words = "; ".join(f"{cat.group(g).name} {dose[g]} s" for g in groups) or "no stretches"
    under = [cat.group(g).name for g in groups if dose[g] < DOSE_GUIDANCE_S]
    set_alt(fig, (f"Horizontal bar chart of seconds under stretch per side for each muscle "
                  f"group in the routine: {words}. A dashed line marks the guidance of about "
                  f"{DOSE_GUIDANCE_S} s per stretch; "
                  + (f"below it: {', '.join(under)}." if under else "every group reaches it.")))
    return fig


def routine_timeline(routine, ax=None) -> Figure:
    """The routine over time, as the follow-along timer plays it.

    One row; holds coloured by muscle group, get-ready pauses and gaps in light grey,
    minutes on the x axis, step numbers above.
    """
    from hipcourse.models.routine import format_duration, timeline

    fig, ax = new_figure((7.5, 1.9), ax)
    segs = [s for s in timeline(routine) if s.duration_s > 0]
    for seg in segs:
        if seg.kind == "hold":
            colour = GROUP_COLOURS[routine.steps[seg.step_index].group]
        else:
            colour = "#dddddd"
        ax.barh(0, seg.duration_s / 60, left=seg.start_s / 60, height=0.6, color=colour,
                edgecolor="white", linewidth=0.3)
    for i, step in enumerate(routine.steps):
        first = next(s for s in segs if s.step_index == i)
        ax.text(first.start_s / 60, 0.45, str(i + 1), fontsize=8, va="bottom")
    ax.axvline(routine.budget_s / 60, color="black", ls=":", lw=1.2)
    ax.text(routine.budget_s / 60, -0.5, "time available ", fontsize=8, va="top", ha="right")
    ax.set_xlim(0, routine.budget_s / 60 * 1.02)
    ax.set_ylim(-0.8, 0.9)
    ax.set_yticks([])
    ax.set_xlabel("time from the start [min]")
    ax.set_title(f"Routine timeline: {format_duration(routine.total_s)} of "
                 f"{format_duration(routine.budget_s)}")
    handles = [matplotlib.patches.Patch(color=GROUP_COLOURS[g], label=load_catalog().group(g).name)
               for g in routine.groups] + [matplotlib.patches.Patch(
                   color="#dddddd", label="get ready / switch")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.1), fontsize=7,
              frameon=False)
    holds = sum(s.duration_s for s in segs if s.kind == "hold")
    set_alt(fig, (f"Timeline of a {format_duration(routine.total_s)} routine against "
                  f"{format_duration(routine.budget_s)} available: {len(routine.steps)} "
                  f"stretches, {format_duration(holds)} of holds coloured by muscle group, "
                  f"the rest get-ready pauses and side switches shown in grey."))
    return fig


def routine_overview(routine) -> Figure:
    """Timeline above, dose per group below: the routine builder's view as a still figure."""
    fig = Figure(figsize=(8.0, 2.0 + 0.45 * max(len(routine.groups), 1) + 1.3),
                 layout="constrained")
    top, bottom = fig.subplots(2, 1, height_ratios=[1.9, 0.45 * max(len(routine.groups), 1) + 1.3])
    t_alt = alt_text(routine_timeline(routine, ax=top))   # each sets the shared figure's alt
    d_alt = alt_text(routine_dose(routine, ax=bottom))
    set_alt(fig, f"Two panels. Top: {t_alt} Bottom: {d_alt}")
    return fig


def pose_strip(routine, figures_dir=None) -> Figure:
    """A strip of the routine's pose figures (from ``figures/stretches``), numbered.

    A stretch whose figure has not been generated yet shows its name and position instead.
    """
    from matplotlib.image import imread

    from hipcourse.kit.resources import figures_dir as _figures_dir
    from hipcourse.views.routine_html import dose_text

    cat = load_catalog()
    folder = Path(figures_dir) if figures_dir else _figures_dir() / "stretches"
    n = max(len(routine.steps), 1)
    cols = min(n, 5)
    rows = -(-n // cols)
    fig = Figure(figsize=(2.0 * cols, 2.0 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    missing = []
    for ax in axes:
        ax.set_axis_off()
    for i, (ax, step) in enumerate(zip(axes, routine.steps), 1):
        s = cat.stretch(step.stretch_id)
        png = folder / f"{s.id}.png"
        if png.exists():
            ax.imshow(imread(png))
        else:
            missing.append(s.id)
            ax.text(0.5, 0.5, f"{s.name}\n({s.position})", ha="center", va="center",
                    fontsize=8, wrap=True, transform=ax.transAxes)
        ax.set_title(f"{i}. {dose_text(step)}", fontsize=8, color=GROUP_COLOURS[step.group])
    names = "; ".join(f"{i}. {cat.stretch(st.stretch_id).name} ({st.position}, "
                      f"{dose_text(st)})" for i, st in enumerate(routine.steps, 1))
    set_alt(fig, (f"Strip of {len(routine.steps)} pose drawings, one per stretch in routine "
                  f"order: {names or 'no stretches'}."
                  + (f" Drawings not generated yet, shown as text: {len(missing)}." if missing else "")))
    return fig


# ---------------------------------------------------------------- progress figures
# Pure views over journal records (lists of AssessmentRecord / SessionRecord, or dicts
# with test, side, value, date): no database access here.
_SIDE_STYLE = {"left": (PALETTE["blue"], "o", "left"), "right": (PALETTE["orange"], "s", "right"),
               "both": (PALETTE["black"], "D", "both")}
_UNIT_LABEL = {"deg": "angle [deg]", "cm": "distance [cm]", "choice": "picture number"}


def _date_axis(ax, dates) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    years = sorted({d.year for d in dates})
    ax.set_xlabel(f"date ({years[0]}–{years[-1]})" if len(years) > 1 else f"date ({years[0]})")
    if len(set(dates)) == 1:
        import datetime as _dt

        d = dates[0]
        ax.set_xlim(d - _dt.timedelta(days=7), d + _dt.timedelta(days=7))


def progress_test(records, test: str, ax=None) -> Figure:
    """One self-test over time, per side, against its normal range (shaded).

    A range that is not from a primary source (secondary, unverified or one small study)
    is hatched and says so in the legend.
    """
    from hipcourse.models import assessment

    t = assessment.load_tests().test(test)
    fig, ax = new_figure((6.4, 3.4), ax)
    rows = [r for r in assessment._as_results(records) if r.test == test and r.date is not None]
    sides = [s for s in assessment.SIDES if any(r.side == s for r in rows)]
    values = [r.value for r in rows]
    lo_v = min(values + [v for v in (t.normal.low, t.normal.high) if v is not None])
    hi_v = max(values + [v for v in (t.normal.low, t.normal.high) if v is not None])
    pad = max(1.0, 0.15 * (hi_v - lo_v))
    ymin, ymax = max(t.min, lo_v - pad), min(t.max, hi_v + pad)
    if t.unit == "choice":
        ymin, ymax = t.min - 0.5, t.max + 0.5
    low = t.normal.low if t.normal.low is not None else ymin
    high = t.normal.high if t.normal.high is not None else ymax
    ax.axhspan(low, high if high > low else low + 0.2, color=PALETTE["green"], alpha=0.18,
               hatch=None if t.normal.verified else "//", lw=0, label=t.normal.short)
    for side in sides:
        pts = sorted((r.date, r.value) for r in rows if r.side == side)
        colour, marker, name = _SIDE_STYLE[side]
        ax.plot([d for d, _ in pts], [v for _, v in pts], marker=marker, color=colour,
                lw=1.6, ms=6, label=name)
    ax.set_ylim(ymin, ymax)
    if t.unit == "choice":
        ax.set_yticks(range(int(t.min), int(t.max) + 1))
    ax.set_ylabel(_UNIT_LABEL[t.unit])
    ax.set_xlabel("date")
    ax.set_title(t.name, fontsize=10)
    if rows:
        _date_axis(ax, [r.date for r in rows])
    else:
        ax.text(0.5, 0.5, "no results yet", transform=ax.transAxes, ha="center",
                color=PALETTE["grey"])
    ax.legend(fontsize=7, loc="best", frameon=False)
    better = "higher is more flexible" if t.better == "higher" else "lower is more flexible"
    parts = []
    for side in sides:
        pts = sorted((r.date, r.value) for r in rows if r.side == side)
        (d0, v0), (d1, v1) = pts[0], pts[-1]
        parts.append(f"{side} side from {t.format_value(v0)} on {assessment.format_date(d0)} "
                     f"to {t.format_value(v1)} on {assessment.format_date(d1)}")
    data = "; ".join(parts) if parts else "no results recorded yet"
    caveat = f", {t.normal.caveat}" if t.normal.caveat else ""
    set_alt(fig, f"Line chart of the {t.name} over time ({better}): {data}. A shaded band "
                 f"marks the normal range: {t.normal.text}{caveat}.")
    return fig


def progress_tests(records, tests=None) -> Figure:
    """Small multiples: every self-test that has results (or ``tests``), one panel each."""
    from hipcourse.models import assessment

    rows = assessment._as_results(records)
    ids = list(tests) if tests is not None else [
        t.id for t in assessment.load_tests().tests if any(r.test == t.id and r.date for r in rows)]
    if not ids:
        fig, ax = new_figure((6.4, 2.0))
        ax.axis("off")
        ax.text(0.5, 0.5, "No self-test results yet", ha="center", va="center")
        return set_alt(fig, "An empty chart: no self-test results have been recorded yet.")
    ncols = 2
    nrows = (len(ids) + 1) // ncols
    fig = Figure(figsize=(9.6, 2.9 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    alts = []
    for ax, tid in zip(axes, ids):
        alts.append(alt_text(progress_test(records, tid, ax=ax)))
    for ax in axes[len(ids):]:
        ax.axis("off")
    return set_alt(fig, f"{len(ids)} small charts, one per self-test. " + " ".join(alts))


def sessions_calendar(sessions, ax=None) -> Figure:
    """A calendar of stretching sessions: one column per week, one row per weekday.

    Darker cells mean more sessions that day; the number above each column is the
    week's total.
    """
    import datetime as _dt

    from hipcourse.models import assessment
    from hipcourse.models import journal

    days = journal.sessions_per_day(sessions)
    weeks = journal.sessions_per_week(sessions)
    fig, ax = new_figure((max(4.0, 0.55 * len(weeks) + 2.2), 3.2), ax)
    if not weeks:
        ax.axis("off")
        ax.text(0.5, 0.5, "No sessions yet", ha="center", va="center")
        return set_alt(fig, "An empty calendar: no stretching sessions have been recorded yet.")
    shades = [PALETTE["sky"], PALETTE["blue"]]
    for col, (monday, total) in enumerate(weeks):
        for row in range(7):
            k = days.get(monday + _dt.timedelta(days=row), 0)
            face = "#eeeeee" if k == 0 else shades[min(k, 2) - 1]
            ax.add_patch(matplotlib.patches.Rectangle((col - 0.45, row - 0.45), 0.9, 0.9,
                                                      facecolor=face, edgecolor="white"))
        ax.text(col, -0.9, str(total), ha="center", va="center", fontsize=8)
    ax.set_xlim(-0.6, len(weeks) - 0.4)
    ax.set_ylim(6.6, -1.4)
    ax.set_yticks(range(7))
    ax.set_yticklabels(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], fontsize=8)
    ax.set_xticks(range(len(weeks)))
    ax.set_xticklabels([m.strftime("%d %b") for m, _ in weeks], rotation=45, ha="right",
                       fontsize=8)
    ax.set_xlabel("week starting (Monday)")
    ax.set_title("Stretching sessions per day (number above a column: sessions that week)",
                 fontsize=9)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    handles = [matplotlib.patches.Patch(facecolor=c, label=lbl) for c, lbl in
               (("#eeeeee", "none"), (shades[0], "1 session"), (shades[1], "2 or more"))]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7,
              frameon=False)
    empty = [assessment.format_date(m) for m, k in weeks if k == 0]
    set_alt(fig, (
        f"Calendar of {sum(k for _, k in weeks)} stretching sessions over {len(weeks)} weeks, "
        f"from the week of {assessment.format_date(weeks[0][0])} to the week of "
        f"{assessment.format_date(weeks[-1][0])}. Sessions per week: "
        f"{', '.join(str(k) for _, k in weeks)}."
        + (f" No sessions in the week of {', '.join(empty)}." if empty else "")))
    return fig


def weekly_minutes(sessions, ax=None) -> Figure:
    """Minutes under stretch per muscle group per week (per side), against the guidance.

    The shaded band is the weekly dose guidance from ``assessments.toml`` ([dose]):
    2-3 days a week with about 60 s per group each day (ACSM Guidelines, 11th ed.;
    Garber et al. 2011, Med Sci Sports Exerc 43:1334, via secondary pages).
    """
    from hipcourse.models import assessment
    from hipcourse.models import journal

    dose = assessment.load_tests().dose
    weeks = journal.minutes_per_week(sessions)
    fig, ax = new_figure((max(6.4, 0.9 * len(weeks) + 2.5), 3.6), ax)
    cat = load_catalog()
    width = 0.8 / len(GROUP_IDS)
    x = np.arange(len(weeks))
    for i, g in enumerate(GROUP_IDS):
        ax.bar(x - 0.4 + width * (i + 0.5), [m[g] for _, m in weeks], width,
               color=GROUP_COLOURS[g], label=cat.group(g).name, edgecolor="white", lw=0.4)
    ax.axhspan(dose.weekly_minutes_low, dose.weekly_minutes_high, color=PALETTE["grey"],
               alpha=0.25, lw=0, hatch=None if dose.status == "published" else "..",
               label=f"guidance {dose.weekly_minutes_low:g}–{dose.weekly_minutes_high:g} min "
                     f"(ACSM; {dose.status})")
    for line in dose.lines:
        ax.axhline(line.weekly_minutes, color=PALETTE["black"], ls="--", lw=1, label=line.label)
    ax.set_xticks(x)
    ax.set_xticklabels([w.strftime("%d %b") for w, _ in weeks], rotation=45, ha="right",
                       fontsize=8)
    ax.set_xlabel("week starting (Monday)")
    ax.set_ylabel("minutes under stretch per side [min]")
    ax.set_title("Weekly stretching dose per muscle group", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    if not weeks:
        set_alt(fig, "An empty bar chart: no stretching sessions have been recorded yet.")
        return fig
    met = {g: sum(1 for _, m in weeks if m[g] >= dose.weekly_minutes_low) for g in GROUP_IDS}
    set_alt(fig, (
        f"Grouped bar chart of minutes under stretch per side for each muscle group in each "
        f"of {len(weeks)} weeks, with a shaded band at the guidance of "
        f"{dose.weekly_minutes_low:g} to {dose.weekly_minutes_high:g} minutes a week. Weeks "
        f"reaching at least {dose.weekly_minutes_low:g} minutes: "
        + ", ".join(f"{g} {met[g]} of {len(weeks)}" for g in GROUP_IDS) + "."))
    return fig


def thomas_choices() -> Figure:
    """The three pictures of the modified Thomas test picture choice (side view)."""
    from hipcourse.models import assessment

    t = assessment.load_tests().test("thomas-picture")
    fig = Figure(figsize=(9.6, 2.8), layout="constrained")
    axes = fig.subplots(1, 3)
    thigh = 0.45
    for k, (ax, angle) in enumerate(zip(axes, (15.0, 0.0, -12.0)), start=1):
        hip = np.array([-0.06, 0.03])
        ax.add_patch(matplotlib.patches.Rectangle((-1.4, -0.08), 1.4, 0.08,
                                                  color=PALETTE["grey"]))
        ax.plot([0, 0.75], [0, 0], ls=":", color=PALETTE["black"], lw=1)
        ax.plot([-1.05, hip[0]], [0.05, hip[1]], color=PALETTE["black"], lw=4)  # trunk
        ax.add_patch(matplotlib.patches.Circle((-1.17, 0.09), 0.09, color=PALETTE["black"]))
        held = hip + 0.4 * np.array([np.cos(np.radians(125)), np.sin(np.radians(125))])
        ax.plot([hip[0], held[0], held[0] - 0.12], [hip[1], held[1], held[1] - 0.3],
                color=PALETTE["blue"], lw=3)  # hugged leg
        ax.plot([-0.8, held[0]], [0.07, held[1] - 0.02], color=PALETTE["black"], lw=2)  # arm
        knee = hip + thigh * np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
        shin_dir = np.radians(angle - 80)
        foot = knee + 0.42 * np.array([np.cos(shin_dir), np.sin(shin_dir)])
        ax.plot([hip[0], knee[0], foot[0]], [hip[1], knee[1], foot[1]],
                color=PALETTE["vermillion"], lw=3)
        ax.set_xlim(-1.35, 0.8)
        ax.set_ylim(-0.55, 0.55)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"{k}: " + t.choices[k - 1].split("(")[0].replace("The hanging thigh ", "thigh ")
                     .strip().rstrip("."), fontsize=8, wrap=True)
    set_alt(fig, ("Three stick figures lying on their back at the end of a table, one knee "
                  "hugged to the chest and the other leg hanging over the edge. Picture 1: the "
                  "hanging thigh points above the dotted table line. Picture 2: the thigh is "
                  "level with it. Picture 3: the thigh drops below it."))
    return fig


# ---------------------------------------------------------------- all course figures
#: Functions that write figure files: each takes the output folder and returns the paths
#: it wrote. Sections above register theirs.
FIGURE_WRITERS: list = []


def _write_anatomy(out):
    return save(muscle_joint_map(), Path(out) / "anatomy" / "muscle_joint_map")


FIGURE_WRITERS.append(_write_anatomy)
FIGURE_WRITERS.append(_write_muscle_figures)
FIGURE_WRITERS.append(_write_spine)


def generate_all(out="figures") -> list:
    """Write every course figure under ``out`` (``hipcourse figures``)."""
    paths = []
    for writer in FIGURE_WRITERS:
        paths.extend(writer(out))
    return paths


# ---- muscle-group lesson figures (part 1)
_SWEEP_JOINT_LABELS = {
    "hip_flexion_deg": "hip flexion [deg] (negative: extension, thigh behind you)",
    "hip_adduction_deg": "hip adduction [deg] (negative: abduction, thigh out to the side)",
    "hip_rotation_deg": "hip rotation [deg] (negative: external, knee turned out)",
    "knee_flexion_deg": "knee flexion [deg] (0: straight)",
}
_SWEEP_METRIC_LABELS = {
    "fibre_strain": "fibre strain [optimal fibre lengths]",
    "length_change_pct": "change of muscle-tendon length [%]",
}
_SWEEP_COLOURS = ("blue", "vermillion", "green", "orange", "purple", "sky", "black", "grey")
_SWEEP_STYLES = ("-", "--", "-.", ":")


def angle_sweep(stretch_id: str, joint: str = "knee_flexion_deg", muscles=None,
                angles_deg=None, metric: str = "fibre_strain", ax=None) -> Figure:
    """How muscles lengthen as one joint of a stretch's pose moves, the others held still.

    Starts from the catalog pose of ``stretch_id`` and moves ``joint`` through
    ``angles_deg``; each line is one catalog muscle (the mean of its parts in the model),
    computed live by :mod:`hipcourse.models.musculoskeletal` (MyoLeg, from Rajagopal et al. 2016,
    IEEE Trans Biomed Eng 63:2068). A dashed line marks the stretch's own angle.

    Parameters
    ----------
    stretch_id : str
        A catalog stretch id.
    joint : str
        One of ``hip_flexion_deg``, ``hip_adduction_deg``, ``hip_rotation_deg``,
        ``knee_flexion_deg``.
    muscles : list of str, optional
        Catalog muscle ids; default the modelled muscles of the stretch's group.
    angles_deg : sequence of float, optional
        Angles to visit [deg]; default the model's whole range for ``joint`` in 5° steps.
    metric : {"fibre_strain", "length_change_pct"}
        Fibre strain (change of length / optimal fibre length) or % change of length.
    ax : matplotlib Axes, optional
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import InputError, choice, number

    cat = load_catalog()
    try:
        s = cat.stretch(stretch_id)
    except KeyError:
        raise InputError("stretch_id", stretch_id, "a catalog stretch id such as "
                         "hamstring-supine-strap") from None
    joint = choice("joint", joint, list(_SWEEP_JOINT_LABELS))
    metric = choice("metric", metric, list(_SWEEP_METRIC_LABELS))
    lo, hi = msk.JOINT_RANGES_DEG[joint]
    if angles_deg is None:
        angles = np.arange(lo, hi + 1e-9, 5.0)
    else:
        angles = np.array([number(joint, a, lo, hi, unit="degrees") for a in angles_deg])
        if len(angles) < 2:
            raise InputError("angles_deg", list(angles_deg), "at least two angles")
    if muscles is None:
        muscles = [m.id for m in cat.muscles_of(s.group) if m.model]
    muscles = list(muscles)
    for m in muscles:
        try:
            if not cat.muscle(m).model:
                raise InputError("muscles", m, "a muscle the model contains")
        except KeyError:
            raise InputError("muscles", m, "catalog muscle ids such as rectus-femoris") from None
    base = s.pose.joint_angles()
    poses = [dict(base, **{joint: float(a)}) for a in angles]
    changes = [c.by_catalog_muscle() for c in msk.length_change_batch(poses)]
    k = 1 if metric == "fibre_strain" else 0
    fig, ax = new_figure((6.4, 4.0), ax)
    ends = []
    for i, m in enumerate(muscles):
        y = np.array([c[m][k] for c in changes])
        name = cat.muscle(m).name
        ax.plot(angles, y, color=PALETTE[_SWEEP_COLOURS[i % len(_SWEEP_COLOURS)]],
                ls=_SWEEP_STYLES[i % len(_SWEEP_STYLES)], lw=2, label=name)
        y0, y1 = (round(float(v), 2) + 0.0 for v in (y[0], y[-1]))
        ends.append(f"{name} {y0:.2f} to {y1:.2f}" if k else
                    f"{name} {round(y0):+d} % to {round(y1):+d} %")
    ax.axhline(0, color=PALETTE["grey"], lw=0.8)
    own = base[joint]
    ax.axvline(own, color=PALETTE["black"], ls=(0, (4, 3)), lw=1)
    ax.annotate("this stretch", (own, 1.0), xycoords=("data", "axes fraction"),
                xytext=(3, -12), textcoords="offset points", fontsize=8)
    ax.set_xlabel(_SWEEP_JOINT_LABELS[joint])
    ax.set_ylabel(_SWEEP_METRIC_LABELS[metric])
    ax.set_title(f"{s.name}: changing only the {joint.removesuffix('_deg').replace('_', ' ')} "
                 "angle", fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="best")
    ax.grid(color="#eeeeee")
    fixed = ", ".join(f"{j.removesuffix('_deg').replace('_', ' ')} {v:g}°"
                      for j, v in base.items() if j != joint)
    set_alt(fig, (
        f"Line chart of {_SWEEP_METRIC_LABELS[metric]} against "
        f"{joint.removesuffix('_deg').replace('_', ' ')} from {angles[0]:g} to {angles[-1]:g} "
        f"degrees, starting from the pose of the {s.name} ({fixed} held still), computed with "
        f"the {msk.MODEL_NAME} model. From the first to the last angle: " + "; ".join(ends)
        + f". A dashed line marks the stretch's own angle, {own:g} degrees."))
    return fig


def muscle_paths(group: str) -> Figure:
    """Where a group's muscles run: their model paths on a stick figure, side and front.

    Each catalog muscle of ``group`` that the model contains gets its own colour and line
    style (a muscle in several parts draws every part alike). The paths come from the
    musculoskeletal model (MyoLeg, from Rajagopal et al. 2016, IEEE Trans Biomed Eng
    63:2068), in anatomical standing. Left panel: seen from the right side (front of the
    body to the right); right panel: seen from the front. The view is cropped to the hip
    and the thigh, where these muscles run.
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import choice

    cat = load_catalog()
    group = choice("group", group, GROUP_IDS)
    muscles = [m for m in cat.muscles_of(group) if m.model]
    missing = [m.name for m in cat.muscles_of(group) if not m.model]
    parts = {m.id: msk.muscles_of([m.id]) for m in muscles}
    geo = msk.pose_geometry(None, [p for ps in parts.values() for p in ps])
    fig = Figure(figsize=(7.6, 5.2), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    # (horizontal, vertical) of a pelvis-frame point (x forward, y up, z right) per view;
    # from the front, the body's right side is on the viewer's left.
    views = (("seen from the right side", "forward [m]", lambda q: q[..., [0, 1]]),
             ("seen from the front", "to the body's left [m]",
              lambda q: np.stack([-q[..., 2], q[..., 1]], -1)))
    pts = {k: np.asarray(v, dtype=float) for k, v in geo.points.items()}
    for ax, (title, xlabel, proj) in zip(axes, views):
        for seq in (("head", "shoulder", "lumbar", "pelvis", "hip"),
                    ("hip", "knee", "ankle", "heel", "toe")):
            ax.plot(*proj(np.array([pts[k] for k in seq])).T, color="#bbbbbb", lw=6,
                    solid_capstyle="round", zorder=1)
        ax.plot(*proj(np.array([pts[k] for k in ("hip", "knee", "ankle")])).T, "o",
                color="white", mec="#555555", mew=1.5, ms=7, zorder=4)
        for i, m in enumerate(muscles):
            colour = PALETTE[_SWEEP_COLOURS[i % len(_SWEEP_COLOURS)]]
            for k, part in enumerate(parts[m.id]):
                ax.plot(*proj(np.asarray(geo.paths[part], dtype=float)).T, color=colour,
                        ls=_SWEEP_STYLES[i % len(_SWEEP_STYLES)], lw=2.5, zorder=3,
                        solid_capstyle="round", label=m.name if k == 0 else None)
        for joint in ("hip", "knee"):
            ax.annotate(joint, proj(pts[joint]), xytext=(-30, 4), textcoords="offset points",
                        fontsize=8, color="#555555")
        mid = proj(pts["hip"])[0]
        ax.set_xlim(mid - 0.22, mid + 0.22)
        ax.set_ylim(pts["knee"][1] - 0.15, pts["pelvis"][1] + 0.15)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.grid(color="#eeeeee", lw=0.6)
    axes[0].set_ylabel("up [m]")
    axes[1].legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.suptitle(f"{cat.group(group).name}: where they run (right leg)", fontsize=11)
    words = "standing upright"
    crossing = "; ".join(f"{m.name} ({' and '.join(m.joints)})" for m in muscles)
    alt = (f"Two views of the hip and right thigh, {words}, one seen from the right "
           f"side and one from the front, with the paths of the {cat.group(group).name.lower()} "
           f"drawn in different colours and line styles, each labelled in the legend. Joints "
           f"each one crosses: {crossing}. Paths from the {msk.MODEL_NAME} model.")
    if missing:
        alt += " Not in the model, so not drawn: " + ", ".join(missing) + "."
    set_alt(fig, alt)
    return fig


# ---- muscle-group lesson figures (part 2)
#: Single-plane movements from standing that :func:`movement_map` shows, as
#: ``(label, {angle: value})`` with angles in degrees and the course's signs (flexion,
#: adduction, internal rotation and knee flexion positive). Sizes stay inside everyday
#: range (hip abduction 30-50 deg, rotation 30-60 deg: Wilson 2014, Am Fam Physician 89:27,
#: via fpnotebook.com, secondary).
MOVEMENTS = (
    ("hip flexion 90°", {"hip_flexion_deg": 90.0}),
    ("hip extension 20°", {"hip_flexion_deg": -20.0}),
    ("abduction 40°", {"hip_adduction_deg": -40.0}),
    ("adduction 20°", {"hip_adduction_deg": 20.0}),
    ("internal rotation 35°", {"hip_rotation_deg": 35.0}),
    ("external rotation 35°", {"hip_rotation_deg": -35.0}),
    ("knee flexion 90°", {"knee_flexion_deg": 90.0}),
)


def _group_parts(group: str, muscles=None):
    """``[(catalog muscle, [model parts])]`` of ``group`` (or of ``muscles``) in the model."""
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import InputError, choice

    cat = load_catalog()
    if muscles is None:
        group = choice("group", group, GROUP_IDS)
        chosen = [m for m in cat.muscles_of(group) if m.model]
    else:
        chosen = []
        for mid in ([muscles] if isinstance(muscles, str) else list(muscles)):
            try:
                m = cat.muscle(mid)
            except KeyError:
                raise InputError("muscles", mid, "catalog muscle ids such as "
                                 "gluteus-minimus") from None
            if not m.model:
                raise InputError("muscles", mid, "a muscle the model contains")
            chosen.append(m)
        if not chosen:
            raise InputError("muscles", muscles, "at least one catalog muscle id")
    return [(m, list(msk.muscles_of([m.id]))) for m in chosen]


def _part_label(m, part: str) -> str:
    base = part[:-2]
    return f"{m.name} ({base})" if len(m.model) > 1 else m.name


def movement_map(group: str, ax=None) -> Figure:
    """What each muscle of a group does, read from what lengthens it: a heat map.

    Rows: every model part of the group's muscles; columns: single movements from
    anatomical standing (:data:`MOVEMENTS`); colour and number: the % change of
    musculotendon length, computed live with :mod:`hipcourse.models.musculoskeletal` (MyoLeg,
    from Rajagopal et al. 2016, IEEE Trans Biomed Eng 63:2068). A muscle lengthens when
    the joint moves opposite to its action. Muscles of the group that the model lacks are
    named in the caption and the alt text.
    """
    from hipcourse.models import musculoskeletal as msk

    cat = load_catalog()
    rows = [(m, p) for m, parts in _group_parts(group) for p in parts]
    changes = msk.length_change_batch([dict(a) for _, a in MOVEMENTS])
    Z = np.array([[c[p].length_change_pct for c in changes] for _, p in rows])
    labels = [_part_label(m, p) for m, p in rows]
    fig, ax = new_figure((7.4, 0.36 * len(rows) + 2.4), ax)
    im = ax.imshow(Z, cmap=LENGTH_CMAP, norm=_length_norm(), aspect="auto")
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            v = Z[i, j]
            ax.text(j, i, f"{round(v) + 0:+d}", ha="center", va="center", fontsize=7,
                    color="white" if abs(v) > 0.6 * LENGTH_SCALE_PCT else "black")
    ax.set_xticks(range(len(MOVEMENTS)))
    ax.set_xticklabels([lbl for lbl, _ in MOVEMENTS], rotation=35, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontsize=8)
    missing = [m.name for m in cat.muscles_of(group) if not m.model]
    xlabel = "movement from standing (one joint at a time)"
    if missing:
        import textwrap

        xlabel += "\n" + textwrap.fill("not in the model: " + ", ".join(missing), 80)
    ax.set_xlabel(xlabel)
    title = f"{cat.group(group).name}: which movements lengthen them"
    ax.set_title(title, fontsize=10)
    fig.colorbar(im, ax=ax, label="change of muscle-tendon length (%)", shrink=0.8)
    parts = []
    for (m, p), z in zip(rows, Z):
        j = int(np.argmax(z))
        parts.append(f"{_part_label(m, p)} longest in {MOVEMENTS[j][0]} ({z[j]:+.0f} %)")
    knee = [_part_label(m, p) for (m, p), z in zip(rows, Z) if abs(z[-1]) >= 1.0]
    alt = (f"Heat map, {title.lower()}: rows are {len(rows)} muscles or muscle parts, columns "
           f"are {len(MOVEMENTS)} single movements from standing ("
           + ", ".join(lbl for lbl, _ in MOVEMENTS) + "); red means longer, blue shorter, "
           "each cell labelled with its % change. " + "; ".join(parts) + ". Changing only "
           "the knee alters " + (", ".join(knee) if knee else "none of them") + ". "
           + (f"Not in the model: {', '.join(missing)}. " if missing else "")
           + f"Computed with {msk.MODEL_NAME}.")
    set_alt(fig, alt)
    return fig


def stretch_parts(stretch_ids, muscles) -> Figure:
    """Chosen muscles, part by part, in one or more stretches: % length and fibre strain.

    Two panels of grouped bars: left the % change of musculotendon length, right the fibre
    strain (change of length / optimal fibre length, the measure the course's rule uses to
    say which muscle a stretch works most; see :mod:`hipcourse.models.musculoskeletal`). One bar
    colour per stretch. Computed live with MyoLeg (from Rajagopal et al. 2016, IEEE Trans
    Biomed Eng 63:2068).

    Parameters
    ----------
    stretch_ids : str or list of str
        Catalog stretch ids (at most four).
    muscles : list of str
        Catalog muscle ids the model contains, e.g. ``["gluteus-medius", "gluteus-minimus"]``.
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import InputError, choice

    cat = load_catalog()
    ids = [stretch_ids] if isinstance(stretch_ids, str) else list(stretch_ids)
    if not 1 <= len(ids) <= 4:
        raise InputError("stretch_ids", stretch_ids, "one to four catalog stretch ids")
    ids = [choice("stretch_ids", s, [x.id for x in cat.stretches]) for s in ids]
    rows = [(m, p) for m, parts in _group_parts(None, muscles) for p in parts]
    changes = [msk.stretch_effect(s).change for s in ids]
    colours = [PALETTE[c] for c in ("blue", "orange", "green", "purple")]
    hatches = ("", "//", "..", "xx")
    fig = Figure(figsize=(7.6, 0.32 * len(rows) * len(ids) + 2.2), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    y = np.arange(len(rows))
    h = 0.8 / len(ids)
    metrics = (("length_change_pct", "change of muscle-tendon\nlength from standing (%)"),
               ("fibre_strain", "fibre strain\n(optimal fibre lengths)"))
    for ax, (metric, xlabel) in zip(axes, metrics):
        for k, (sid, ch) in enumerate(zip(ids, changes)):
            vals = [getattr(ch[p], metric) for _, p in rows]
            ax.barh(y - 0.4 + h * (k + 0.5), vals, height=h, color=colours[k],
                    hatch=hatches[k], edgecolor="black", linewidth=0.4,
                    label=cat.stretch(sid).name)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel(xlabel)
        ax.set_axisbelow(True)
        ax.grid(axis="x", color="#eeeeee")
    axes[0].set_yticks(y)
    axes[0].set_yticklabels([_part_label(m, p) for m, p in rows], fontsize=8)
    axes[0].invert_yaxis()
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, frameon=False, loc="outside lower center",
               ncol=len(ids))
    fig.suptitle("Which muscle parts each stretch lengthens (right leg)", fontsize=11)
    descr = []
    for sid, ch in zip(ids, changes):
        means = ch.by_catalog_muscle()
        ms = sorted({m.id: m for m, _ in rows}.values(), key=lambda m: -means[m.id][1])
        descr.append(f"{cat.stretch(sid).name}: " + "; ".join(
            f"{m.name} {means[m.id][0]:+.0f} % length, fibre strain {means[m.id][1]:.2f}"
            for m in ms))
    set_alt(fig, (
        "Two panels of horizontal bars, one bar per muscle part and stretch: left the % "
        "change of muscle-tendon length from standing, right the fibre strain. Averaged over "
        "each muscle's parts, from most to least fibre strain: " + ". ".join(descr)
        + f". Computed with {msk.MODEL_NAME}."))
    return fig


def comparison_map(stretch_id: str, muscle_a: str, muscle_b: str,
                   flexion_deg=(-20.0, 30.0), adduction_deg=(0.0, 30.0), step_deg: float = 5.0,
                   ax=None) -> Figure:
    """Does a verdict "this stretch works A more than B" survive small changes of the pose?

    Starting from the catalog pose of ``stretch_id`` (rotation and knee held still), hip
    flexion and adduction move over a grid; colour is the fibre strain of ``muscle_a``
    minus that of ``muscle_b`` (each the mean over its model parts, as in
    :func:`hipcourse.models.musculoskeletal.compare_in_stretch`). A black line marks where the two
    are equal; a star marks the stretch's own pose. Computed live with MyoLeg (from
    Rajagopal et al. 2016, IEEE Trans Biomed Eng 63:2068).
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.kit.checks import InputError, choice, number

    cat = load_catalog()
    s = cat.stretch(choice("stretch_id", stretch_id, [x.id for x in cat.stretches]))
    (a, _), (b, _) = _group_parts(None, [muscle_a, muscle_b])
    step = number("step_deg", step_deg, 1, 30, unit="degrees")
    spans = []
    for field_name, span in (("hip_flexion_deg", flexion_deg), ("hip_adduction_deg", adduction_deg)):
        lo_ok, hi_ok = msk.JOINT_RANGES_DEG[field_name]
        if not (isinstance(span, (tuple, list)) and len(span) == 2):
            raise InputError(field_name.replace("_deg", "") + " span", span, "(low, high) in degrees")
        lo = number(field_name, span[0], lo_ok, hi_ok, unit="degrees")
        hi = number(field_name, span[1], lo, hi_ok, unit="degrees")
        spans.append(np.arange(lo, hi + 1e-9, step))
    flex, add = spans
    base = s.pose.joint_angles()
    poses = [dict(base, hip_flexion_deg=float(f), hip_adduction_deg=float(d))
             for f in flex for d in add]
    diffs = []
    for ch in msk.length_change_batch(poses):
        means = ch.by_catalog_muscle()
        diffs.append(means[a.id][1] - means[b.id][1])
    Z = np.array(diffs).reshape(len(flex), len(add))
    fig, ax = new_figure((5.6, 4.2), ax)
    lim = max(0.05, float(np.abs(Z).max()))
    from matplotlib.colors import Normalize

    im = ax.pcolormesh(add, flex, Z, cmap="PuOr_r", norm=Normalize(-lim, lim), shading="nearest")
    if Z.min() < 0 < Z.max():
        ax.contour(add, flex, Z, levels=[0.0], colors="black", linewidths=1.2)
    own = (base["hip_adduction_deg"], base["hip_flexion_deg"])
    ax.plot(*own, marker="*", ms=14, color="white", mec="black", ls="")
    ax.annotate("the stretch", own, (6, 6), textcoords="offset points", fontsize=8)
    ax.set_xlabel("hip adduction [deg] (thigh across the midline)")
    ax.set_ylabel("hip flexion [deg] (negative: thigh behind you)")
    ax.set_title(f"{s.name}:\n{a.name} minus {b.name}", fontsize=10)
    fig.colorbar(im, ax=ax, label=f"fibre strain difference\n(> 0: {a.name} pulled further)")
    n_a = int((Z > 0).sum())
    at = Z[int(np.argmin(np.abs(flex - own[1]))), int(np.argmin(np.abs(add - own[0])))]
    lead = a.name if at > 0 else b.name
    set_alt(fig, (
        f"Map over hip adduction {add[0]:g} to {add[-1]:g} degrees (horizontal) and hip "
        f"flexion {flex[0]:g} to {flex[-1]:g} degrees (vertical), starting from the pose of "
        f"the {s.name} (hip rotation {base['hip_rotation_deg']:g}°, knee "
        f"{base['knee_flexion_deg']:g}° held still). Colour: fibre strain of {a.name} minus "
        f"{b.name}. {a.name} is pulled further in {n_a} of {Z.size} poses; at the stretch's "
        f"own pose (star) the difference is {at:+.2f}, in favour of {lead}. Differences run "
        f"from {Z.min():+.2f} to {Z.max():+.2f}. Computed with {msk.MODEL_NAME}."))
    return fig
