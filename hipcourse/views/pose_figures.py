"""Pose figures of stretches for HTML views: PNG bytes with alt text, or a text card.

Pose figures are read from ``figures/stretches/<id>.png`` (written by ``hipcourse
figures``), with their alt text from ``<id>.alt.txt``. A stretch without a figure gets a
text card (its set-up steps) instead.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

from hipcourse.content.catalog import load_catalog
from hipcourse.kit import resources
from hipcourse.kit.resources import figure_path

_e = html.escape


@functools.lru_cache(maxsize=256)
def _read_figure(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def pose_png(stretch_id: str, figures_dir=None) -> tuple[bytes | None, str]:
    """The pose figure of a stretch as PNG bytes (or None if there is none) and its alt text."""
    cat = load_catalog()
    s = cat.stretch(stretch_id)
    folder = Path(figures_dir) if figures_dir else figure_path("stretches")
    png = folder / f"{stretch_id}.png"
    alt_file = folder / f"{stretch_id}.alt.txt"
    p = s.pose
    alt = (
        f"{s.name}: a {s.position} stretch for the {cat.group(s.group).name.lower()}, "
        f"hip flexion {p.hip_flexion_deg:.0f} degrees, knee flexion "
        f"{p.knee_flexion_deg:.0f} degrees."
    )
    try:
        text = alt_file.read_text(encoding="utf-8").strip()
        if len(text) >= 20:
            alt = text
    except OSError:
        pass
    try:
        data = _read_figure(str(png), png.stat().st_mtime)
    except OSError:
        data = None
    return data, alt


def data_uri(png: bytes) -> str:
    return resources.data_uri(png, "image/png")


def figure_html(stretch_id: str, figures_dir=None, width_px: int = 120, height_px: int = 90) -> str:
    """A pose figure (or its text card) as HTML with inline styles, for widgets."""
    png, alt = pose_png(stretch_id, figures_dir)
    box = f"width:{width_px}px;height:{height_px}px;display:block;"
    if png is not None:
        return f'<img src="{data_uri(png)}" alt="{_e(alt)}" style="{box}object-fit:contain">'
    s = load_catalog().stretch(stretch_id)
    steps = "".join(f"<li>{_e(x)}</li>" for x in s.setup)
    return (
        f'<div role="img" aria-label="{_e(alt)}" style="{box}overflow:hidden;'
        f"border:1px solid #999;font-size:{max(8, height_px // 10)}px;padding:2px;"
        f'box-sizing:border-box"><b>{_e(s.position.capitalize())}</b>'
        f'<ol style="margin:0;padding-left:1.2em">{steps}</ol></div>'
    )


def _figure_html(stretch_id: str, figures_dir=None, css_class: str = "pose") -> str:
    """An <img> with alt text, or a text card with the set-up steps if there is no figure."""
    png, alt = pose_png(stretch_id, figures_dir)
    if png is not None:
        return f'<img class="{css_class}" src="{data_uri(png)}" alt="{_e(alt)}">'
    s = load_catalog().stretch(stretch_id)
    steps = "".join(f"<li>{_e(x)}</li>" for x in s.setup)
    return (
        f'<div class="{css_class} nofig" role="img" aria-label="{_e(alt)}">'
        f"<b>{_e(s.position.capitalize())}</b><ol>{steps}</ol></div>"
    )
