"""The course's colours, in one place and importable without matplotlib.

Used by the figures (:mod:`hipcourse.views.plots`) and by the HTML pages
(:mod:`hipcourse.views.routine_html`), so a muscle group has the same colour everywhere.
"""

from __future__ import annotations

#: Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design").
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
#: One colour per muscle group, used in every figure and page.
GROUP_COLOURS = {
    "hamstrings": PALETTE["blue"],
    "quadriceps": PALETTE["orange"],
    "glutes": PALETTE["green"],
    "hip-flexors": PALETTE["vermillion"],
    "groin": PALETTE["purple"],
}
