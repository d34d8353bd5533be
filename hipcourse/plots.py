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

from hipcourse.catalog import GROUP_IDS, Catalog, load_catalog  # noqa: E402

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
    for fmt in formats:
        p = stem.with_suffix("." + fmt)
        fig.savefig(p, format=fmt, dpi=110, metadata={"Software": None} if fmt == "png" else {"Date": None})
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


# ---------------------------------------------------------------- spine figures
# (spine drawings for given tilts, the explorer's figure: see below)


# ---------------------------------------------------------------- routine figures


# ---------------------------------------------------------------- progress figures


# ---------------------------------------------------------------- all course figures
#: Functions that write figure files: each takes the output folder and returns the paths
#: it wrote. Sections above register theirs.
FIGURE_WRITERS: list = []


def _write_anatomy(out):
    return save(muscle_joint_map(), Path(out) / "anatomy" / "muscle_joint_map")


FIGURE_WRITERS.append(_write_anatomy)


def generate_all(out="figures") -> list:
    """Write every course figure under ``out`` (``hipcourse figures``)."""
    paths = []
    for writer in FIGURE_WRITERS:
        paths.extend(writer(out))
    return paths
