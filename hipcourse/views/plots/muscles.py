"""Musculoskeletal figures: stick figures of poses, % lengthening bars, heat maps.

Lengths and paths come from :mod:`hipcourse.models.musculoskeletal` and
:mod:`hipcourse.models.sweeps`; this module only draws them.
"""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from hipcourse.content.catalog import GROUP_IDS, load_catalog
from hipcourse.views.plots.base import GROUP_COLOURS, alt_text, new_figure, set_alt

# ---------------------------------------------------------------- musculoskeletal figures
# (pose drawings, % lengthening bars, heat maps: see below)
#: Diverging, colour-blind-safe map for length change (ColorBrewer RdBu: red = longer).
LENGTH_CMAP = "RdBu_r"
#: Colour scale of every length-change figure: -LENGTH_SCALE_PCT .. +LENGTH_SCALE_PCT [%].
LENGTH_SCALE_PCT = 40.0
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
        "pelvis": ax.plot(*lines["pelvis"].T, color=grey, lw=7, solid_capstyle="round", zorder=1)[
            0
        ],
        "leg": ax.plot(
            *lines["leg"].T,
            color=dark,
            lw=4,
            solid_capstyle="round",
            solid_joinstyle="round",
            zorder=2,
        )[0],
        "joints": ax.plot(
            *lines["joints"].T, "o", color="white", mec=dark, mew=1.5, ms=7, zorder=4
        )[0],
    }
    arts["head"] = ax.add_patch(
        Circle(lines["head"], _HEAD_RADIUS_M, fc="white", ec=grey, lw=3, zorder=1)
    )
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
    hf, ha, hr, kf = (
        pose[k]
        for k in ("hip_flexion_deg", "hip_adduction_deg", "hip_rotation_deg", "knee_flexion_deg")
    )
    hip = (
        f"hip bent {hf:.0f}°"
        if hf > 0
        else f"hip extended {-hf:.0f}°"
        if hf < 0
        else "hip straight"
    )
    side = f", abducted {-ha:.0f}°" if ha < 0 else f", adducted {ha:.0f}°" if ha > 0 else ""
    rot = f", turned out {-hr:.0f}°" if hr < 0 else f", turned in {hr:.0f}°" if hr > 0 else ""
    knee = f"knee bent {kf:.0f}°" if kf > 0 else "knee straight"
    return f"{hip}{side}{rot}, {knee}"


def pose_figure(
    pose=None,
    muscles=(),
    *,
    title: str | None = None,
    trunk_lean_deg: float | None = None,
    ax=None,
    colorbar: bool = True,
    labels=(),
) -> Figure:
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
        ax.text(
            0.02,
            0.98,
            "\n".join(labels),
            transform=ax.transAxes,
            va="top",
            ha="left",
            fontsize=8,
            bbox={"fc": "white", "ec": "#cccccc", "alpha": 0.9},
        )
    if colorbar:
        fig.colorbar(
            ScalarMappable(norm, cmap),
            ax=ax,
            shrink=0.8,
            label="muscle length change from standing (%)",
        )
    ax.set_title(title or _pose_words(change.pose).capitalize(), fontsize=11)
    drawn.sort(key=lambda t: -t[1])
    listed = "; ".join(f"{msk.display_name(n)} {p:+.0f} %" for n, p in drawn) or "none"
    set_alt(
        fig,
        (
            f"Stick figure seen from the right side: {_pose_words(change.pose)}, trunk "
            f"{'upright' if abs(trunk_lean_deg) < 1 else f'tilted {trunk_lean_deg:+.0f}° from upright'}. "  # noqa: E501
            f"Muscle paths coloured by length change from standing (red longer, blue "
            f"shorter): {listed}. Computed with {msk.MODEL_NAME}."
        ),
    )
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
    labels = [
        f"{c.name}: {c.length_change_pct:+.0f} %" if c.modelled else f"{c.name}: not in the model"
        for c in effect.target_checks()
    ]
    fig = pose_figure(s.pose, muscles, title=s.name, ax=ax, labels=labels)
    top = ", ".join(
        f"{msk.display_name(r.muscle)} ({r.length_change_pct:+.0f} %, fibre "
        f"strain {r.fibre_strain:.2f})"
        for r in effect.top_muscles(3)
    )
    targets = "; ".join(
        f"{c.name} {c.length_change_pct:+.0f} %" if c.modelled else f"{c.name} (not in the model)"
        for c in effect.target_checks()
    )
    groups = " and ".join(load_catalog().group(g).name.lower() for g in effect.works_most)
    set_alt(
        fig,
        (
            f"{s.name}: stick figure of the stretched right leg seen from the side, "
            f"{_pose_words(effect.change.pose)}, trunk "
            f"{'upright' if abs(s.pose.trunk_lean_deg) < 1 else f'tilted {s.pose.trunk_lean_deg:+.0f}° from upright'}. "  # noqa: E501
            f"Target muscles drawn and coloured by length change from standing: "
            f"{targets}. The muscles whose fibres lengthen most: {top}; the model says "
            f"the stretch works the {groups} most. Computed with {msk.MODEL_NAME}."
        ),
    )
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
    from hipcourse.kit.checks import choice
    from hipcourse.models import musculoskeletal as msk

    metric = choice("metric", metric, msk.METRICS)
    rows, xs, spans = _bar_layout(change)
    fig, ax = new_figure((7.2, 3.6), ax)
    vals = [getattr(r, metric) for r in rows]
    bars = ax.bar(
        xs,
        vals,
        width=0.8,
        color=[GROUP_COLOURS[r.group] for r in rows],
        edgecolor="black",
        linewidth=0.4,
    )
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(xs)
    ax.set_xticklabels([r.muscle[:-2] for r in rows], rotation=90, fontsize=7)
    cat = load_catalog()
    handles = [
        matplotlib.patches.Patch(
            facecolor=GROUP_COLOURS[g],
            edgecolor="black",
            lw=0.4,
            label=cat.group(g).name.split(" (")[0],
        )
        for g, _, _ in spans
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        fontsize=7,
        ncol=len(handles),
        frameon=False,
        handlelength=1.0,
        columnspacing=0.8,
    )
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
    longest = ", ".join(
        f"{msk.display_name(r.muscle)} {fmt.format(getattr(r, metric))}{unit}" for r in srt[:3]
    )
    shortest = ", ".join(
        f"{msk.display_name(r.muscle)} {fmt.format(getattr(r, metric))}{unit}" for r in srt[-2:]
    )
    what = "length change from standing" if metric == "length_change_pct" else "fibre strain"
    return (
        f"Bar chart of the {what} of {len(rows)} hip and thigh muscles, grouped by muscle "
        f"group, for {_pose_words(change.pose)}. Largest: {longest}. Smallest: {shortest}."
    )


def length_heatmap(
    muscle: str = "recfem_r", ax=None, step_deg: float = 5.0, colorbar: bool = True
) -> Figure:
    """% length change of one muscle over hip flexion x knee flexion (adduction, rotation 0).

    Two-joint muscles show diagonal bands: their length depends on both angles. Computed
    with :mod:`hipcourse.models.musculoskeletal` (MyoLeg, from Rajagopal et al. 2016).
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.models.sweeps import length_grid

    grid = length_grid(muscle, step_deg)
    key, hips, knees, Z = (
        grid.muscle,
        grid.hip_flexion_deg,
        grid.knee_flexion_deg,
        grid.length_change_pct,
    )
    hip_lo, hip_hi = msk.JOINT_RANGES_DEG["hip_flexion_deg"]
    kn_lo, kn_hi = msk.JOINT_RANGES_DEG["knee_flexion_deg"]
    H, K = np.meshgrid(hips, knees)
    fig, ax = new_figure((5.0, 4.2), ax)
    cmap, norm = matplotlib.colormaps[LENGTH_CMAP], _length_norm()
    im = ax.pcolormesh(hips, knees, Z, cmap=cmap, norm=norm, shading="nearest")
    cs = ax.contour(hips, knees, Z, levels=np.arange(-40, 41, 10), colors="black", linewidths=0.6)
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
    set_alt(
        fig,
        (
            f"Heat map of {name}'s length change from standing over hip flexion "
            f"{hip_lo:.0f}° to {hip_hi:.0f}° (horizontal) and knee flexion {kn_lo:.0f}° to "
            f"{kn_hi:.0f}° (vertical). Longest, {Z[i_max]:+.0f} %, at hip "
            f"{H[i_max]:.0f}° and knee {K[i_max]:.0f}°; shortest, {Z[i_min]:+.0f} %, at hip "
            f"{H[i_min]:.0f}° and knee {K[i_min]:.0f}°. Computed with {msk.MODEL_NAME}."
        ),
    )
    return fig


def two_joint_heatmaps(muscles=("recfem_r", "semimem_r")) -> Figure:
    """:func:`length_heatmap` for rectus femoris and a hamstring side by side.

    Rectus femoris is longest with the hip extended and the knee bent; the hamstrings with
    the hip flexed and the knee straight: why the knee angle changes a hip stretch.
    """
    fig = Figure(figsize=(10.0, 4.2), layout="constrained")
    axes = fig.subplots(1, len(muscles), sharey=True)
    alts = []
    for i, (m, ax) in enumerate(zip(muscles, np.atleast_1d(axes), strict=False)):
        length_heatmap(m, ax=ax, colorbar=(i == len(muscles) - 1))
        alts.append(alt_text(fig))
        if i:
            ax.set_ylabel("")
    set_alt(fig, "Two heat maps side by side. " + " ".join(alts))
    return fig
