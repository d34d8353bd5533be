"""Write every course figure (``hipcourse figures``): the registry of figure writers."""

from __future__ import annotations

from pathlib import Path

from matplotlib import rc_context

from hipcourse.content.catalog import load_catalog
from hipcourse.views.plots.anatomy import muscle_joint_map
from hipcourse.views.plots.base import save
from hipcourse.views.plots.explorer import explorer_figure
from hipcourse.views.plots.muscles import stretch_figure, two_joint_heatmaps
from hipcourse.views.plots.spine import (
    sitting_vs_standing,
    spine_for_tilts,
    spines_for_incidences,
    tilt_chain,
)
from hipcourse.views.plots.spine_explorer import (
    forward_bend,
    hip_flexor_tilt,
    pelvic_tilt_explorer_figure,
)


def _write_anatomy(out) -> list:
    return save(muscle_joint_map(), Path(out) / "anatomy" / "muscle_joint_map")


def _write_muscle_figures(out) -> list:
    """Every catalog stretch (``stretches/<id>``), the heat maps and the explorer's default."""
    out = Path(out)
    paths = []
    with rc_context({"svg.hashsalt": "hipcourse"}):
        for s in load_catalog().stretches:
            paths.extend(save(stretch_figure(s), out / "stretches" / s.id))
        paths.extend(save(two_joint_heatmaps(), out / "muscles" / "two_joint_heatmaps"))
        paths.extend(save(explorer_figure(), out / "muscles" / "explorer_default"))
    return paths


def _write_spine(out) -> list:
    """Spine figures reused by lesson 02 and the handouts, under ``out/spine/``."""
    d = Path(out) / "spine"
    paths = []
    for stem, fig in (
        ("spine_for_tilts", spine_for_tilts()),
        ("spines_for_incidences", spines_for_incidences()),
        ("tilt_chain", tilt_chain()),
        ("sitting_vs_standing", sitting_vs_standing()),
        ("pelvic_tilt_explorer", pelvic_tilt_explorer_figure()),
        ("hip_flexor_tilt", hip_flexor_tilt()),
        ("forward_bend", forward_bend()),
    ):
        paths.extend(save(fig, d / stem))
    return paths


#: Functions that write figure files: each takes the output folder and returns the paths
#: it wrote, in this order.
def _write_body_renders(out) -> list:
    """Whole-body renders of every stretch (MuJoCo offscreen; loaded only when asked for)."""
    from hipcourse.views.body_figures import write_body_figures

    return write_body_figures(out)


FIGURE_WRITERS: list = [_write_anatomy, _write_muscle_figures, _write_spine, _write_body_renders]


def generate_all(out="figures", *, force: bool = False) -> list:
    """Write every course figure under ``out`` (``hipcourse figures``).

    A figure file is replaced only if hipcourse wrote it and nobody changed it since, or
    with ``force`` (``hipcourse.kit.files.safe_write_bytes``: a refusal raises
    ``OverwriteError`` naming the file).
    """
    from hipcourse.views.plots import base

    paths = []
    with base.writing(force=force):
        for writer in FIGURE_WRITERS:
            paths.extend(writer(out))
    return paths
