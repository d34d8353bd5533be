"""Anatomy figures: which joints each hip muscle crosses."""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure

from hipcourse.content.catalog import GROUP_IDS, Catalog, load_catalog
from hipcourse.views.plots.base import GROUP_COLOURS, new_figure, set_alt


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
    for lbl, m in zip(ax.get_yticklabels(), muscles, strict=False):
        if m.two_joint:
            lbl.set_fontweight("bold")
    ax.set_xticks(range(len(joints)))
    ax.set_xticklabels(["lumbar spine", "hip", "knee"])
    ax.set_xlim(-0.5, len(joints) - 0.5)
    ax.set_ylim(len(muscles) - 0.5, -0.5)
    ax.grid(axis="x", color="#dddddd")
    ax.set_xlabel("joint crossed")
    ax.set_title("Which joints each hip muscle crosses")
    handles = [
        matplotlib.lines.Line2D(
            [],
            [],
            marker="o",
            ls="",
            color=GROUP_COLOURS[g],
            markeredgecolor="black",
            label=cat.group(g).name,
        )
        for g in GROUP_IDS
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        frameon=False,
        title="group (first listed)",
    )
    two = [m.name for m in muscles if m.two_joint]
    set_alt(
        fig,
        (
            f"Grid of {len(muscles)} hip muscles against the joints they cross (lumbar spine, "
            f"hip, knee), coloured by muscle group. Psoas major crosses the lumbar spine and "
            f"the hip. The muscles that cross both hip and knee are {'; '.join(two)}; the vasti "
            f"and the short head of biceps femoris cross the knee only; the rest cross the "
            f"hip only."
        ),
    )
    return fig
