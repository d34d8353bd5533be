"""A routine's dose as a person reads it: the words for a step's dose, and the dose bars.

Views only: the dose itself comes from :meth:`hipcourse.models.routine.Routine.dose`.
"""

from __future__ import annotations

import html

from hipcourse.content.catalog import load_catalog
from hipcourse.models.routine import DOSE_GUIDANCE_S, Routine

_e = html.escape

from hipcourse.views.style import GROUP_COLOURS  # noqa: E402  (one dict, no matplotlib)

SIDE_TEXT = {
    "both": "each side",
    "left": "left side",
    "right": "right side",
    "together": "both legs together",
}


def dose_text(step) -> str:
    """A step's dose in words, e.g. ``"30 s × 2, each side"``: the one wording of a dose
    that the routine table, handouts, the routine builder, the CLI and the figures use.

    ``step`` is a :class:`~hipcourse.models.routine.Step` (or anything with ``hold_s``,
    ``reps`` and ``side``).
    """
    reps = f" × {step.reps}" if step.reps > 1 else ""
    return f"{step.hold_s} s{reps}, {SIDE_TEXT[step.side]}"


def dose_html(routine: Routine) -> str:
    """Seconds under stretch per side for each group (:meth:`Routine.dose`), as bars
    against the ~60-s guidance."""
    dose = routine.dose().per_group_s
    if not dose:
        return ""
    cat = load_catalog()
    top = max(max(dose.values()), DOSE_GUIDANCE_S) * 1.1
    rows = []
    for g, sec in dose.items():
        width = 100 * sec / top
        mark = 100 * DOSE_GUIDANCE_S / top
        rows.append(
            f'<div style="display:flex;align-items:center;gap:.5em;margin:2px 0">'
            f'<span style="width:11em">{_e(cat.group(g).name)}</span>'
            f'<span style="position:relative;flex:1;height:1em;background:#eee">'
            f'<span style="position:absolute;left:0;top:0;bottom:0;width:{width:.1f}%;'
            f'background:{GROUP_COLOURS[g]}"></span>'
            f'<span style="position:absolute;left:{mark:.1f}%;top:-2px;bottom:-2px;'
            f'border-left:2px dashed #000"></span></span>'
            f'<span style="width:4em;text-align:right">{sec} s</span></div>'
        )
    return (
        f'<div class="hipcourse-dose"><div><strong>Time under stretch per side</strong> '
        f"(dashed line: about {DOSE_GUIDANCE_S} s per stretch, ACSM guidance)</div>"
        + "".join(rows)
        + "</div>"
    )
