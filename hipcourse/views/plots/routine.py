"""Routine figures: dose per group, timeline, overview and the pose strip."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from hipcourse.content.catalog import load_catalog
from hipcourse.views.plots.base import GROUP_COLOURS, alt_text, new_figure, set_alt


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
    ax.barh(
        range(len(groups)),
        [dose[g] for g in groups],
        color=[GROUP_COLOURS[g] for g in groups],
        edgecolor="black",
        linewidth=0.5,
    )
    ax.axvline(DOSE_GUIDANCE_S, color="black", ls="--", lw=1.2)
    ax.text(
        DOSE_GUIDANCE_S,
        -0.6,
        f" guidance: about {DOSE_GUIDANCE_S} s per stretch",
        fontsize=8,
        va="bottom",
    )
    ax.set_yticks(range(len(groups)))
    ax.set_yticklabels([cat.group(g).name for g in groups])
    ax.set_ylim(len(groups) - 0.5, -1.1)
    ax.set_xlabel("time under stretch per side [s]")
    ax.set_xlim(0, max([DOSE_GUIDANCE_S * 2.2, *dose.values()]) * 1.1)
    ax.set_title("Dose per muscle group this session")
    words = "; ".join(f"{cat.group(g).name} {dose[g]} s" for g in groups) or "no stretches"
    under = [cat.group(g).name for g in groups if dose[g] < DOSE_GUIDANCE_S]
    set_alt(
        fig,
        (
            f"Horizontal bar chart of seconds under stretch per side for each muscle "
            f"group in the routine: {words}. A dashed line marks the guidance of about "
            f"{DOSE_GUIDANCE_S} s per stretch; "
            + (f"below it: {', '.join(under)}." if under else "every group reaches it.")
        ),
    )
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
        ax.barh(
            0,
            seg.duration_s / 60,
            left=seg.start_s / 60,
            height=0.6,
            color=colour,
            edgecolor="white",
            linewidth=0.3,
        )
    for i, _step in enumerate(routine.steps):
        first = next(s for s in segs if s.step_index == i)
        ax.text(first.start_s / 60, 0.45, str(i + 1), fontsize=8, va="bottom")
    ax.axvline(routine.budget_s / 60, color="black", ls=":", lw=1.2)
    ax.text(routine.budget_s / 60, -0.5, "time available ", fontsize=8, va="top", ha="right")
    ax.set_xlim(0, routine.budget_s / 60 * 1.02)
    ax.set_ylim(-0.8, 0.9)
    ax.set_yticks([])
    ax.set_xlabel("time from the start [min]")
    ax.set_title(
        f"Routine timeline: {format_duration(routine.total_s)} of "
        f"{format_duration(routine.budget_s)}"
    )
    handles = [
        matplotlib.patches.Patch(color=GROUP_COLOURS[g], label=load_catalog().group(g).name)
        for g in routine.groups
    ] + [matplotlib.patches.Patch(color="#dddddd", label="get ready / switch")]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.1), fontsize=7, frameon=False
    )
    holds = sum(s.duration_s for s in segs if s.kind == "hold")
    set_alt(
        fig,
        (
            f"Timeline of a {format_duration(routine.total_s)} routine against "
            f"{format_duration(routine.budget_s)} available: {len(routine.steps)} "
            f"stretches, {format_duration(holds)} of holds coloured by muscle group, "
            f"the rest get-ready pauses and side switches shown in grey."
        ),
    )
    return fig


def routine_overview(routine) -> Figure:
    """Timeline above, dose per group below: the routine builder's view as a still figure."""
    fig = Figure(
        figsize=(8.0, 2.0 + 0.45 * max(len(routine.groups), 1) + 1.3), layout="constrained"
    )
    top, bottom = fig.subplots(2, 1, height_ratios=[1.9, 0.45 * max(len(routine.groups), 1) + 1.3])
    t_alt = alt_text(routine_timeline(routine, ax=top))  # each sets the shared figure's alt
    d_alt = alt_text(routine_dose(routine, ax=bottom))
    set_alt(fig, f"Two panels. Top: {t_alt} Bottom: {d_alt}")
    return fig


def pose_strip(routine, figures_dir=None) -> Figure:
    """A strip of the routine's pose figures (from ``figures/stretches``), numbered.

    A stretch whose figure has not been generated yet shows its name and position instead.
    """
    from matplotlib.image import imread

    from hipcourse.kit.resources import figure_path
    from hipcourse.views.routine_html import dose_text

    cat = load_catalog()
    folder = Path(figures_dir) if figures_dir else figure_path("stretches")
    n = max(len(routine.steps), 1)
    cols = min(n, 5)
    rows = -(-n // cols)
    fig = Figure(figsize=(2.0 * cols, 2.0 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    missing = []
    for ax in axes:
        ax.set_axis_off()
    for i, (ax, step) in enumerate(zip(axes, routine.steps, strict=False), 1):
        s = cat.stretch(step.stretch_id)
        png = folder / f"{s.id}.png"
        if png.exists():
            ax.imshow(imread(png))
        else:
            missing.append(s.id)
            ax.text(
                0.5,
                0.5,
                f"{s.name}\n({s.position})",
                ha="center",
                va="center",
                fontsize=8,
                wrap=True,
                transform=ax.transAxes,
            )
        ax.set_title(f"{i}. {dose_text(step)}", fontsize=8, color=GROUP_COLOURS[step.group])
    names = "; ".join(
        f"{i}. {cat.stretch(st.stretch_id).name} ({st.position}, {dose_text(st)})"
        for i, st in enumerate(routine.steps, 1)
    )
    set_alt(
        fig,
        (
            f"Strip of {len(routine.steps)} pose drawings, one per stretch in routine "
            f"order: {names or 'no stretches'}."
            + (f" Drawings not generated yet, shown as text: {len(missing)}." if missing else "")
        ),
    )
    return fig
