"""Muscle-group lesson figures: angle sweeps, muscle paths, movement maps, stretch parts.

The numbers come from :mod:`hipcourse.models.sweeps`; this module only draws them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from hipcourse.content.catalog import load_catalog
from hipcourse.models.sweeps import MOVEMENTS  # noqa: F401  (re-exported by plots)
from hipcourse.views.plots.base import PALETTE, new_figure, set_alt
from hipcourse.views.plots.muscles import LENGTH_CMAP, LENGTH_SCALE_PCT, _length_norm

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


def angle_sweep(
    stretch_id: str,
    joint: str = "knee_flexion_deg",
    muscles=None,
    angles_deg=None,
    metric: str = "fibre_strain",
    ax=None,
) -> Figure:
    """How muscles lengthen as one joint of a stretch's pose moves, the others held still.

    Starts from the catalog pose of ``stretch_id`` and moves ``joint`` through
    ``angles_deg``; each line is one catalog muscle (the mean of its parts in the model),
    computed live by :mod:`hipcourse.models.musculoskeletal` (MyoLeg, from Rajagopal et al. 2016,
    IEEE Trans Biomed Eng 63:2068). A dashed line marks the stretch's own angle.

    Parameters
    ----------
    stretch_id, joint, muscles, angles_deg, metric
        As in :func:`hipcourse.models.sweeps.angle_sweep`, which computes the lines.
    ax : matplotlib Axes, optional
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.models import sweeps

    sweep = sweeps.angle_sweep(stretch_id, joint, muscles, angles_deg, metric)
    cat = load_catalog()
    s = cat.stretch(sweep.stretch_id)
    joint, metric, angles, base = sweep.joint, sweep.metric, sweep.angles_deg, sweep.base_pose
    k = 1 if metric == "fibre_strain" else 0
    fig, ax = new_figure((6.4, 4.0), ax)
    ends = []
    for i, (m, y) in enumerate(sweep.values.items()):
        name = cat.muscle(m).name
        ax.plot(
            angles,
            y,
            color=PALETTE[_SWEEP_COLOURS[i % len(_SWEEP_COLOURS)]],
            ls=_SWEEP_STYLES[i % len(_SWEEP_STYLES)],
            lw=2,
            label=name,
        )
        y0, y1 = (round(float(v), 2) + 0.0 for v in (y[0], y[-1]))
        ends.append(
            f"{name} {y0:.2f} to {y1:.2f}" if k else f"{name} {round(y0):+d} % to {round(y1):+d} %"
        )
    ax.axhline(0, color=PALETTE["grey"], lw=0.8)
    own = base[joint]
    ax.axvline(own, color=PALETTE["black"], ls=(0, (4, 3)), lw=1)
    ax.annotate(
        "this stretch",
        (own, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -12),
        textcoords="offset points",
        fontsize=8,
    )
    ax.set_xlabel(_SWEEP_JOINT_LABELS[joint])
    ax.set_ylabel(_SWEEP_METRIC_LABELS[metric])
    ax.set_title(
        f"{s.name}: changing only the {joint.removesuffix('_deg').replace('_', ' ')} angle",
        fontsize=10,
    )
    ax.legend(fontsize=8, frameon=False, loc="best")
    ax.grid(color="#eeeeee")
    fixed = ", ".join(
        f"{j.removesuffix('_deg').replace('_', ' ')} {v:g}°" for j, v in base.items() if j != joint
    )
    set_alt(
        fig,
        (
            f"Line chart of {_SWEEP_METRIC_LABELS[metric]} against "
            f"{joint.removesuffix('_deg').replace('_', ' ')} from {angles[0]:g} to {angles[-1]:g} "
            f"degrees, starting from the pose of the {s.name} ({fixed} held still), computed with "
            f"the {msk.MODEL_NAME} model. From the first to the last angle: "
            + "; ".join(ends)
            + f". A dashed line marks the stretch's own angle, {own:g} degrees."
        ),
    )
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
    from hipcourse.models.sweeps import group_parts

    cat = load_catalog()
    chosen = group_parts(group)
    muscles = [m for m, _ in chosen]
    missing = [m.name for m in cat.muscles_of(group) if not m.model]
    parts = {m.id: ps for m, ps in chosen}
    geo = msk.pose_geometry(None, [p for ps in parts.values() for p in ps])
    fig = Figure(figsize=(7.6, 5.2), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    # (horizontal, vertical) of a pelvis-frame point (x forward, y up, z right) per view;
    # from the front, the body's right side is on the viewer's left.
    views = (
        ("seen from the right side", "forward [m]", lambda q: q[..., [0, 1]]),
        (
            "seen from the front",
            "to the body's left [m]",
            lambda q: np.stack([-q[..., 2], q[..., 1]], -1),
        ),
    )
    pts = {k: np.asarray(v, dtype=float) for k, v in geo.points.items()}
    for ax, (title, xlabel, proj) in zip(axes, views, strict=False):
        for seq in (
            ("head", "shoulder", "lumbar", "pelvis", "hip"),
            ("hip", "knee", "ankle", "heel", "toe"),
        ):
            ax.plot(
                *proj(np.array([pts[k] for k in seq])).T,
                color="#bbbbbb",
                lw=6,
                solid_capstyle="round",
                zorder=1,
            )
        ax.plot(
            *proj(np.array([pts[k] for k in ("hip", "knee", "ankle")])).T,
            "o",
            color="white",
            mec="#555555",
            mew=1.5,
            ms=7,
            zorder=4,
        )
        for i, m in enumerate(muscles):
            colour = PALETTE[_SWEEP_COLOURS[i % len(_SWEEP_COLOURS)]]
            for k, part in enumerate(parts[m.id]):
                ax.plot(
                    *proj(np.asarray(geo.paths[part], dtype=float)).T,
                    color=colour,
                    ls=_SWEEP_STYLES[i % len(_SWEEP_STYLES)],
                    lw=2.5,
                    zorder=3,
                    solid_capstyle="round",
                    label=m.name if k == 0 else None,
                )
        for joint in ("hip", "knee"):
            ax.annotate(
                joint,
                proj(pts[joint]),
                xytext=(-30, 4),
                textcoords="offset points",
                fontsize=8,
                color="#555555",
            )
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
    alt = (
        f"Two views of the hip and right thigh, {words}, one seen from the right "
        f"side and one from the front, with the paths of the {cat.group(group).name.lower()} "
        f"drawn in different colours and line styles, each labelled in the legend. Joints "
        f"each one crosses: {crossing}. Paths from the {msk.MODEL_NAME} model."
    )
    if missing:
        alt += " Not in the model, so not drawn: " + ", ".join(missing) + "."
    set_alt(fig, alt)
    return fig


# ---- muscle-group lesson figures (part 2)
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
    from hipcourse.models.sweeps import movement_lengths

    cat = load_catalog()
    moved = movement_lengths(group)
    rows, Z = moved.rows, moved.length_change_pct
    labels = [_part_label(m, p) for m, p in rows]
    fig, ax = new_figure((7.4, 0.36 * len(rows) + 2.4), ax)
    im = ax.imshow(Z, cmap=LENGTH_CMAP, norm=_length_norm(), aspect="auto")
    for i in range(Z.shape[0]):
        for j in range(Z.shape[1]):
            v = Z[i, j]
            ax.text(
                j,
                i,
                f"{round(v) + 0:+d}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if abs(v) > 0.6 * LENGTH_SCALE_PCT else "black",
            )
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
    for (m, p), z in zip(rows, Z, strict=False):
        j = int(np.argmax(z))
        parts.append(f"{_part_label(m, p)} longest in {MOVEMENTS[j][0]} ({z[j]:+.0f} %)")
    knee = [_part_label(m, p) for (m, p), z in zip(rows, Z, strict=False) if abs(z[-1]) >= 1.0]
    alt = (
        f"Heat map, {title.lower()}: rows are {len(rows)} muscles or muscle parts, columns "
        f"are {len(MOVEMENTS)} single movements from standing ("
        + ", ".join(lbl for lbl, _ in MOVEMENTS)
        + "); red means longer, blue shorter, "
        "each cell labelled with its % change. " + "; ".join(parts) + ". Changing only "
        "the knee alters "
        + (", ".join(knee) if knee else "none of them")
        + ". "
        + (f"Not in the model: {', '.join(missing)}. " if missing else "")
        + f"Computed with {msk.MODEL_NAME}."
    )
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
    from hipcourse.models import sweeps

    cat = load_catalog()
    got = sweeps.stretch_parts(stretch_ids, muscles)
    ids, rows, changes = got.stretch_ids, got.rows, got.changes
    colours = [PALETTE[c] for c in ("blue", "orange", "green", "purple")]
    hatches = ("", "//", "..", "xx")
    fig = Figure(figsize=(7.6, 0.32 * len(rows) * len(ids) + 2.2), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    y = np.arange(len(rows))
    h = 0.8 / len(ids)
    metrics = (
        ("length_change_pct", "change of muscle-tendon\nlength from standing (%)"),
        ("fibre_strain", "fibre strain\n(optimal fibre lengths)"),
    )
    for ax, (metric, xlabel) in zip(axes, metrics, strict=False):
        for k, (sid, ch) in enumerate(zip(ids, changes, strict=False)):
            vals = [getattr(ch[p], metric) for _, p in rows]
            ax.barh(
                y - 0.4 + h * (k + 0.5),
                vals,
                height=h,
                color=colours[k],
                hatch=hatches[k],
                edgecolor="black",
                linewidth=0.4,
                label=cat.stretch(sid).name,
            )
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel(xlabel)
        ax.set_axisbelow(True)
        ax.grid(axis="x", color="#eeeeee")
    axes[0].set_yticks(y)
    axes[0].set_yticklabels([_part_label(m, p) for m, p in rows], fontsize=8)
    axes[0].invert_yaxis()
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(
        handles, labels, fontsize=8, frameon=False, loc="outside lower center", ncol=len(ids)
    )
    fig.suptitle("Which muscle parts each stretch lengthens (right leg)", fontsize=11)
    descr = []
    for sid, ch in zip(ids, changes, strict=False):
        means = ch.by_catalog_muscle()
        ms = sorted({m.id: m for m, _ in rows}.values(), key=lambda m: -means[m.id][1])
        descr.append(
            f"{cat.stretch(sid).name}: "
            + "; ".join(
                f"{m.name} {means[m.id][0]:+.0f} % length, fibre strain {means[m.id][1]:.2f}"
                for m in ms
            )
        )
    set_alt(
        fig,
        (
            "Two panels of horizontal bars, one bar per muscle part and stretch: left the % "
            "change of muscle-tendon length from standing, right the fibre strain. Averaged over "
            "each muscle's parts, from most to least fibre strain: "
            + ". ".join(descr)
            + f". Computed with {msk.MODEL_NAME}."
        ),
    )
    return fig


def comparison_map(
    stretch_id: str,
    muscle_a: str,
    muscle_b: str,
    flexion_deg=(-20.0, 30.0),
    adduction_deg=(0.0, 30.0),
    step_deg: float = 5.0,
    ax=None,
) -> Figure:
    """Does a verdict "this stretch works A more than B" survive small changes of the pose?

    Starting from the catalog pose of ``stretch_id`` (rotation and knee held still), hip
    flexion and adduction move over a grid; colour is the fibre strain of ``muscle_a``
    minus that of ``muscle_b`` (each the mean over its model parts, as in
    :func:`hipcourse.models.musculoskeletal.compare_in_stretch`). A black line marks where the two
    are equal; a star marks the stretch's own pose. Computed live with MyoLeg (from
    Rajagopal et al. 2016, IEEE Trans Biomed Eng 63:2068).
    """
    from hipcourse.models import musculoskeletal as msk
    from hipcourse.models.sweeps import strain_difference_grid

    grid = strain_difference_grid(
        stretch_id, muscle_a, muscle_b, flexion_deg, adduction_deg, step_deg
    )
    s = load_catalog().stretch(grid.stretch_id)
    a, b, base = grid.muscle_a, grid.muscle_b, grid.base_pose
    flex, add, Z = grid.hip_flexion_deg, grid.hip_adduction_deg, grid.difference
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
    set_alt(
        fig,
        (
            f"Map over hip adduction {add[0]:g} to {add[-1]:g} degrees (horizontal) and hip "
            f"flexion {flex[0]:g} to {flex[-1]:g} degrees (vertical), starting from the pose of "
            f"the {s.name} (hip rotation {base['hip_rotation_deg']:g}°, knee "
            f"{base['knee_flexion_deg']:g}° held still). Colour: fibre strain of {a.name} minus "
            f"{b.name}. {a.name} is pulled further in {n_a} of {Z.size} poses; at the stretch's "
            f"own pose (star) the difference is {at:+.2f}, in favour of {lead}. Differences run "
            f"from {Z.min():+.2f} to {Z.max():+.2f}. Computed with {msk.MODEL_NAME}."
        ),
    )
    return fig
