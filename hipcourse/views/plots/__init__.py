"""Figures for the course (matplotlib), one module per subject. Every function returns a
Figure; no global state.

Conventions: a colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
labelled axes with units, an ``ax=None`` parameter where a figure is one panel, and alt
text for every figure through :func:`show` (notebooks) and :func:`alt_text` (handouts).
The numbers a figure shows come from the models (:mod:`hipcourse.models`); the modules
here only draw them. ``from hipcourse import plots`` gives every public name below.
"""

from __future__ import annotations

from hipcourse.views.plots.anatomy import muscle_joint_map
from hipcourse.views.plots.base import (
    GROUP_COLOURS,
    PALETTE,
    alt_text,
    new_figure,
    save,
    set_alt,
    show,
)
from hipcourse.views.plots.explorer import (
    EXPLORER_MUSCLES,
    explorer_figure,
    explorer_frame_png,
    update_explorer,
)
from hipcourse.views.plots.generate import FIGURE_WRITERS, generate_all
from hipcourse.views.plots.muscles import (
    LENGTH_CMAP,
    LENGTH_SCALE_PCT,
    STICK_FRAME_M,
    length_bars,
    length_heatmap,
    pose_figure,
    stretch_figure,
    two_joint_heatmaps,
)
from hipcourse.views.plots.progress import (
    progress_test,
    progress_tests,
    sessions_calendar,
    thomas_choices,
    weekly_minutes,
)
from hipcourse.views.plots.routine import (
    pose_strip,
    routine_dose,
    routine_overview,
    routine_timeline,
)
from hipcourse.views.plots.spine import (
    SpineDrawing,
    pelvic_angles,
    sitting_vs_standing,
    spine_drawing,
    spine_for_tilts,
    spines_for_incidences,
    tilt_chain,
)
from hipcourse.views.plots.spine_explorer import (
    EXPLORER_QUANTITIES,
    SpineExplorerView,
    forward_bend,
    hip_flexor_tilt,
    pelvic_tilt_explorer_figure,
)
from hipcourse.views.plots.sweeps import (
    MOVEMENTS,
    angle_sweep,
    comparison_map,
    movement_map,
    muscle_paths,
    stretch_parts,
)

__all__ = [
    "EXPLORER_MUSCLES",
    "EXPLORER_QUANTITIES",
    "FIGURE_WRITERS",
    "GROUP_COLOURS",
    "LENGTH_CMAP",
    "LENGTH_SCALE_PCT",
    "MOVEMENTS",
    "PALETTE",
    "STICK_FRAME_M",
    "SpineDrawing",
    "SpineExplorerView",
    "alt_text",
    "angle_sweep",
    "comparison_map",
    "explorer_figure",
    "explorer_frame_png",
    "forward_bend",
    "generate_all",
    "hip_flexor_tilt",
    "length_bars",
    "length_heatmap",
    "movement_map",
    "muscle_joint_map",
    "muscle_paths",
    "new_figure",
    "pelvic_angles",
    "pelvic_tilt_explorer_figure",
    "pose_figure",
    "pose_strip",
    "progress_test",
    "progress_tests",
    "routine_dose",
    "routine_overview",
    "routine_timeline",
    "save",
    "sessions_calendar",
    "set_alt",
    "show",
    "sitting_vs_standing",
    "spine_drawing",
    "spine_for_tilts",
    "spines_for_incidences",
    "stretch_figure",
    "stretch_parts",
    "thomas_choices",
    "tilt_chain",
    "two_joint_heatmaps",
    "update_explorer",
    "weekly_minutes",
]
