"""What every figure module shares: colours, a new figure, alt text, show and save.

Conventions: a colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
labelled axes with units, an ``ax=None`` parameter where a figure is one panel, and alt
text for every figure through :func:`show` (notebooks) and :func:`alt_text` (handouts).
"""
from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt  # noqa: F401  (loads matplotlib.lines, .patches for the figures)
from matplotlib.figure import Figure

from hipcourse.views.style import GROUP_COLOURS, PALETTE  # noqa: F401  (re-exported)

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

