"""What every figure module shares: colours, a new figure, alt text, show and save.

Conventions: a colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
labelled axes with units, an ``ax=None`` parameter where a figure is one panel, and alt
text for every figure through :func:`show` (notebooks) and :func:`alt_text` (handouts).
"""

from __future__ import annotations

import contextlib
import contextvars
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


_FORCE = contextvars.ContextVar("hipcourse_figures_force", default=False)


@contextlib.contextmanager
def writing(*, force: bool = False):
    """Within this block :func:`save` may replace files hipcourse did not write."""
    token = _FORCE.set(force)
    try:
        yield
    finally:
        _FORCE.reset(token)


def save(fig: Figure, path_stem, formats=("png", "svg")) -> list:
    """Save ``fig`` as ``path_stem.png`` / ``.svg`` plus ``path_stem.alt.txt``, atomically
    and never over a file hipcourse did not write (see :func:`writing` and
    ``hipcourse.kit.files.safe_write_bytes``)."""
    import io

    from hipcourse.kit.files import check_target, safe_write_bytes

    stem = Path(path_stem)
    force = _FORCE.get()
    targets = [stem.with_suffix("." + fmt) for fmt in formats] + [stem.with_suffix(".alt.txt")]
    for p in targets:  # all or nothing for one figure
        check_target(p, force=force)
    stem.parent.mkdir(parents=True, exist_ok=True)
    # A fixed hash salt keeps SVG element ids, and so the committed files, reproducible.
    with matplotlib.rc_context({"svg.hashsalt": "hipcourse"}):
        for fmt, p in zip(formats, targets, strict=False):
            buf = io.BytesIO()
            fig.savefig(
                buf,
                format=fmt,
                dpi=110,
                metadata={"Software": None} if fmt == "png" else {"Date": None},
            )
            safe_write_bytes(p, buf.getvalue(), force=force)
    safe_write_bytes(targets[-1], (alt_text(fig) + "\n").encode("utf-8"), force=force)
    return targets
