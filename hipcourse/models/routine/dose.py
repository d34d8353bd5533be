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
LEGS_OF_SIDE = {
    "both": ("left", "right"),
    "left": ("left",),
    "right": ("right",),
    "together": ("left", "right"),
}
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
    from hipcourse.kit.checks import InputError, choice, instance, integer, number

    if isinstance(steps, (str, bytes, dict)) or not hasattr(steps, "__iter__"):
        raise TypeError(f"steps = {steps!r:.40} is not allowed; expected a list of routine steps")
    steps = list(steps)
    number("session_s", session_s, 0, unit="s")
    legs: dict[str, dict[str, float]] = {}
    total: float = 0
    for i, step in enumerate(steps):
        where = f"steps[{i}]"
        if not isinstance(step, dict) and not hasattr(step, "hold_s"):
            raise TypeError(
                f"{where} = {step!r:.40} is not allowed; expected a Step or a step dict"
            )
        try:
            side, group = _field(step, "side"), _field(step, "group")
            hold, reps = _field(step, "hold_s"), _field(step, "reps")
        except (KeyError, AttributeError) as exc:
            raise InputError(where, step, f"a step with {exc}") from None
        side = choice("side", side, tuple(LEGS_OF_SIDE), where=where)
        instance("group", group, str, "a muscle group id", where=where)
        each = integer("hold_s", hold, 0, where=where) * integer("reps", reps, 0, where=where)
        per_leg = legs.setdefault(group, {"left": 0, "right": 0})
        for leg in LEGS_OF_SIDE[side]:
            per_leg[leg] += each
        total += each * HOLDS_PER_REP[side]
    order = [g for g in GROUP_IDS if g in legs] + sorted(g for g in legs if g not in GROUP_IDS)
    return Dose(
        per_group_s={g: max(legs[g].values()) for g in order},
        per_side_s={g: dict(legs[g]) for g in order},
        total_stretch_s=total,
        session_s=session_s,
    )


@dataclass(frozen=True)
class Guidance:
    """Hold and repetition rules for one request (from the ACSM guidance)."""

    lo: int  # shortest hold
    std: int  # hold the guidance asks for
    std_reps: int  # repetitions to reach DOSE_GUIDANCE_S
    max_reps: int


def guidance(request: RoutineRequest) -> Guidance:
    """Hold and repetitions for one request, from the course's :data:`DOSE` guidance (ACSM
    holds; see :class:`DoseGuidance`)."""
    lo, hi = DOSE.older_hold_range_s if request.older_adult else DOSE.hold_range_s
    std_reps = math.ceil(DOSE.per_stretch_s / hi)
    max_reps = std_reps if request.session == "desk-break" else DOSE.max_reps
    return Guidance(lo=lo, std=hi, std_reps=std_reps, max_reps=max_reps)


def format_duration(seconds: float) -> str:
    """``75`` -> ``"1 min 15 s"``; ``60`` -> ``"1 min"``; ``45`` -> ``"45 s"``."""
    from hipcourse.kit.checks import number

    seconds = number("seconds", seconds, 0, unit="s")
    m, s = divmod(int(seconds), 60)
    if m and s:
        return f"{m} min {s} s"
    return f"{m} min" if m else f"{s} s"


@dataclass(frozen=True)
class DoseGuidance:
    """The course's dose guidance, from the current evidence: one object for the routine
    builder and the progress report alike.

    Attributes
    ----------
    hold_range_s, older_hold_range_s : tuple of int
        Static holds [s]: 10-30 s for most adults, 30-60 s for older adults (ACSM [1]_ [2]_;
        Feland et al. 2001 [3]_).
    per_stretch_s : int
        Time under stretch per stretch and side in one session [s]: about 60 s, in 2-4
        repetitions (ACSM [1]_).
    max_reps : int
        Most repetitions of one stretch in a session (ACSM: 2-4 [1]_).
    weekly_min_per_group : float
        Minutes under stretch per muscle group a week: at least 5 min (Thomas et al. 2018
        [4]_, a review of 23 studies: gains in range of motion with 5 min a week or more;
        the time within one session mattered little).
    days_per_week : int
        Days a week to spread it over: at least 5 (Thomas et al. 2018 [4]_: weekly
        frequency was positively associated with gains).
    acsm_min_days_per_week, acsm_best_days_per_week : int
        ACSM: at least 2-3 days a week, daily being most effective [1]_ [2]_.

    References
    ----------
    .. [1] Garber CE et al. (2011) American College of Sports Medicine position stand:
       quantity and quality of exercise ... Med Sci Sports Exerc 43:1334-1359.
    .. [2] ACSM's Guidelines for Exercise Testing and Prescription, 11th ed. (2021).
    .. [3] Feland JB et al. (2001) Phys Ther 81:1110-1117 (60-s holds in adults aged 65+).
    .. [4] Thomas E, Bianco A, Paoli A, Palma A (2018) The relation between stretching
       typology and stretching duration: the effects on range of motion. Int J Sports Med
       39:243-254.
    """

    hold_range_s: tuple[int, int] = HOLD_RANGE_S
    older_hold_range_s: tuple[int, int] = OLDER_HOLD_RANGE_S
    per_stretch_s: int = DOSE_GUIDANCE_S
    max_reps: int = MAX_REPS
    weekly_min_per_group: float = 5.0
    days_per_week: int = 5
    acsm_min_days_per_week: int = 2
    acsm_best_days_per_week: int = 7
    source: str = (
        "Thomas et al. 2018, Int J Sports Med 39:243: at least 5 min a week per "
        "muscle group, over at least 5 days a week; ACSM (Garber et al. 2011, Med "
        "Sci Sports Exerc 43:1334): holds of 10-30 s, about 60 s per stretch, at "
        "least 2-3 days a week, daily is most effective"
    )

    @property
    def acsm_minimum_min(self) -> float:
        """ACSM's weekly minimum per group [min]: 2 days x about 60 s."""
        return self.acsm_min_days_per_week * self.per_stretch_s / 60

    @property
    def weekly_band_min(self) -> tuple[float, float]:
        """The weekly target band per group [min]: from the review's 5 min up to ACSM's
        daily 60 s (7 min)."""
        return (self.weekly_min_per_group, self.acsm_best_days_per_week * self.per_stretch_s / 60)

    def days_needed(self, per_group_s: float) -> int | None:
        """Days a week a session giving ``per_group_s`` [s] per side must be done to reach
        :attr:`weekly_min_per_group`, never fewer than :attr:`days_per_week`; None when
        even daily sessions fall short."""
        if per_group_s <= 0:
            return None
        days = max(self.days_per_week, math.ceil(self.weekly_min_per_group * 60 / per_group_s))
        return days if days <= 7 else None

    def week_met(self, minutes_by_group: Mapping[str, float], days: int) -> dict[str, bool]:
        """For each group: did a week with these minutes [min] on ``days`` days meet the
        guidance (at least 5 min, over at least 5 days)?"""
        return {
            g: m >= self.weekly_min_per_group and days >= self.days_per_week
            for g, m in minutes_by_group.items()
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``hipcourse progress --json``)."""
        return {
            "hold_range_s": list(self.hold_range_s),
            "older_hold_range_s": list(self.older_hold_range_s),
            "per_stretch_s": self.per_stretch_s,
            "weekly_min_per_group": self.weekly_min_per_group,
            "days_per_week": self.days_per_week,
            "acsm_minimum_min": self.acsm_minimum_min,
            "weekly_band_min": list(self.weekly_band_min),
            "source": self.source,
        }


#: The one dose guidance of the course.
DOSE = DoseGuidance()
