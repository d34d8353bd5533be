"""Dose: how long a routine keeps each muscle group under stretch. Computed here only.

Every other part of the course (the journal, the handouts, the routine builder, the CLI,
the figures) reads the dose from :meth:`Routine.dose` or :func:`dose_of_steps`; none of
them multiplies holds by repetitions itself.

How a step counts
-----------------
A step holds a stretch for ``hold_s`` seconds, ``reps`` times, on the side(s) it names:

- ``both``: each side in turn, so ``hold_s * reps`` on the left and the same on the right;
- ``left`` or ``right``: that side only, ``hold_s * reps`` on it;
- ``together``: both legs at once (a butterfly), ``hold_s * reps`` on each side at once.

The dose per group is stated **per side**, as the ACSM guidance is (about 60 s per stretch
and side; Garber et al. 2011): it is the time on the side that got more, so a left-only
routine of 4 x 30 s gives 120 s (2 min) for its group, the same as 4 x 30 s on each side,
and a left step plus a right step of 60 s each give 60 s, not 120 s.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hipcourse.content.catalog import GROUP_IDS
from hipcourse.models.routine.request import (
    DOSE_GUIDANCE_S,
    GAP_S,
    HOLD_RANGE_S,
    MAX_REPS,
    OLDER_HOLD_RANGE_S,
    RoutineRequest,
)

#: The legs each step side puts under stretch.
LEGS_OF_SIDE = {"both": ("left", "right"), "left": ("left",), "right": ("right",),
                "together": ("left", "right")}
#: How many holds one repetition of a step takes (each side in turn counts twice).
HOLDS_PER_REP = {"both": 2, "left": 1, "right": 1, "together": 1}


def step_duration_s(side: str, hold_s: float, reps: int, transition_s: float = 0) -> float:
    """Seconds one step takes: its transition (get ready, change position), then
    ``reps`` holds on each side it names (:data:`HOLDS_PER_REP`), with a gap of
    :data:`GAP_S` between consecutive holds to release or switch sides."""
    holds = HOLDS_PER_REP[side] * reps
    return transition_s + holds * hold_s + (holds - 1) * GAP_S


@dataclass(frozen=True)
class Dose:
    """The dose of a routine (or of the steps of one session that were done).

    Attributes
    ----------
    per_group_s : dict of str to float
        Seconds under stretch per side for each group, in teaching order (the side that
        got more; see the module docstring). Compare with :data:`DOSE_GUIDANCE_S`.
    per_side_s : dict of str to dict
        ``{group: {"left": s, "right": s}}``: seconds under stretch on each leg.
    total_stretch_s : float
        Seconds spent holding stretches in all: every hold counted once (a step on each
        side in turn counts both sides' holds; both legs together count once).
    session_s : float
        Seconds the whole routine takes, get-ready pauses, position changes and gaps
        between holds included (:attr:`Routine.total_s`).
    """

    per_group_s: dict
    per_side_s: dict
    total_stretch_s: float
    session_s: float

    def per_group_min(self) -> dict[str, float]:
        """:attr:`per_group_s` in minutes."""
        return {g: s / 60.0 for g, s in self.per_group_s.items()}


def _field(step: Any, name: str) -> Any:
    return step[name] if isinstance(step, Mapping) else getattr(step, name)


def dose_of_steps(steps: Iterable[Any], session_s: float = 0) -> Dose:
    """The :class:`Dose` of ``steps``: :class:`Step` objects or saved step dicts (``group``,
    ``side``, ``hold_s``, ``reps``), such as a journal session's completed steps.

    Examples
    --------
    >>> step = {"group": "hamstrings", "side": "left", "hold_s": 30, "reps": 4}
    >>> d = dose_of_steps([step], session_s=145)
    >>> d.per_group_s, d.per_side_s, d.total_stretch_s
    ({'hamstrings': 120}, {'hamstrings': {'left': 120, 'right': 0}}, 120)
    """
    legs: dict[str, dict[str, float]] = {}
    total: float = 0
    for step in steps:
        side, group = _field(step, "side"), _field(step, "group")
        each = _field(step, "hold_s") * _field(step, "reps")
        per_leg = legs.setdefault(group, {"left": 0, "right": 0})
        for leg in LEGS_OF_SIDE[side]:
            per_leg[leg] += each
        total += each * HOLDS_PER_REP[side]
    order = [g for g in GROUP_IDS if g in legs] + sorted(g for g in legs if g not in GROUP_IDS)
    return Dose(per_group_s={g: max(legs[g].values()) for g in order},
                per_side_s={g: dict(legs[g]) for g in order},
                total_stretch_s=total, session_s=session_s)


@dataclass(frozen=True)
class Guidance:
    """Hold and repetition rules for one request (from the ACSM guidance)."""

    lo: int          # shortest hold
    std: int         # hold the guidance asks for
    std_reps: int    # repetitions to reach DOSE_GUIDANCE_S
    max_reps: int


def guidance(request: RoutineRequest) -> Guidance:
    """Hold and repetitions from ACSM guidance (see :mod:`hipcourse.models.routine`)."""
    lo, hi = OLDER_HOLD_RANGE_S if request.older_adult else HOLD_RANGE_S
    std_reps = math.ceil(DOSE_GUIDANCE_S / hi)
    max_reps = std_reps if request.session == "desk-break" else MAX_REPS
    return Guidance(lo=lo, std=hi, std_reps=std_reps, max_reps=max_reps)


def format_duration(seconds: float) -> str:
    """``75`` -> ``"1 min 15 s"``; ``60`` -> ``"1 min"``; ``45`` -> ``"45 s"``."""
    m, s = divmod(int(seconds), 60)
    if m and s:
        return f"{m} min {s} s"
    return f"{m} min" if m else f"{s} s"
