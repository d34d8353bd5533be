"""Routine building: a request (time, session type, focus, limits) -> a routine.

Pure and deterministic: the same :class:`RoutineRequest` always gives the same
:class:`Routine`, byte for byte in :meth:`Routine.to_json`. Everything the builder knows
about muscles, ladders, places it aches and restrictions comes from the catalog
(``hipcourse/data/stretches.toml``); this module holds only the rules.

The rules
---------
Session types follow the course's source article: a **focused** session climbs each chosen
group's ladder from rung 1 up to the learner's level (the lower rungs prepare for the
harder positions); a **cool-down** and a **desk break** stay on the easy rungs, and a desk
break uses standing and chair positions only.

Dose follows the American College of Sports Medicine (ACSM): static holds of 10-30 s for
most adults and 30-60 s for older adults, repeated so that each stretch accumulates about
60 s, with 2-4 repetitions [1]_ [2]_. In adults aged about 85, 60-s holds gave the fastest
gains in range of motion [3]_, so older-adult mode uses 60-s holds where time allows.

Time is counted honestly: a "get ready" pause before every stretch (default 10 s), extra
time to move between positions (10 s per step along standing -> chair -> kneeling ->
floor), and a 5-s gap between holds to release or switch sides. These are the course's own
planning assumptions, not published values. The total never exceeds the budget.

Steps are ordered to keep position changes few (standing -> chair -> kneeling -> floor, the
reverse for a cool-down) while each focused climb keeps its rung order.

References
----------
.. [1] Garber CE et al. (2011) American College of Sports Medicine position stand:
   quantity and quality of exercise... Med Sci Sports Exerc 43:1334-1359. (The "about
   60 s per stretch" and "2-4 repetitions" figures are taken from secondary summaries.)
.. [2] ACSM's Guidelines for Exercise Testing and Prescription, 11th ed. (2021), Table 5.6.
.. [3] Feland JB et al. (2001) The effect of duration of stretching of the hamstring
   muscle group for increasing range of motion in people aged 65 years or older.
   Phys Ther 81:1110-1117.

Examples
--------
>>> from hipcourse.models.routine import RoutineRequest, build_routine
>>> r = build_routine(RoutineRequest(minutes=5, session="desk-break", focus=("hip-flexors",)))
>>> [(s.stretch_id, s.side, s.hold_s, s.reps) for s in r.steps]
[('hip-flexor-standing-lunge', 'both', 30, 2)]
>>> r.total_s <= 5 * 60
True
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from hipcourse.kit.checks import InputError, choice, integer
from hipcourse.kit.files import atomic_write_bytes, atomic_write_text, os_error_text
from hipcourse.content.catalog import GROUP_IDS, POSITIONS, Catalog, Stretch, load_catalog

# --------------------------------------------------------------------------- constants
SESSIONS = ("focused", "cool-down", "desk-break")
SIDES = ("both", "left", "right")
#: Position limits a learner can state, and the positions each one leaves out.
LIMITS = {
    "no-floor": ("floor",),
    "no-kneeling": ("kneeling",),
    "chair-only": ("standing", "kneeling", "floor"),
}
#: Equipment a stretch may need ("none" is always available).
EQUIPMENT = ("chair", "wall", "step", "strap", "cushion")
#: Positions a desk break may use.
DESK_POSITIONS = ("standing", "chair")
#: What a step's ``side`` can be: each side in turn, one side, or both legs at once.
STEP_SIDES = ("both", "left", "right", "together")
ROLES = ("preparation", "working", "easy")

MINUTES_RANGE = (1, 120)
GET_READY_RANGE_S = (0, 30)
GET_READY_S = 10
#: Extra seconds to move one place along standing -> chair -> kneeling -> floor.
POSITION_CHANGE_S = 10
#: Gap between two holds of one step (release, or switch sides).
GAP_S = 5
#: Static holds for most adults, s (ACSM Guidelines 11th ed.; Garber et al. 2011).
HOLD_RANGE_S = (10, 30)
#: Static holds for older adults, s (ACSM Guidelines 11th ed.; Feland et al. 2001).
OLDER_HOLD_RANGE_S = (30, 60)
#: Time under stretch to accumulate per stretch and side, s (Garber et al. 2011, secondary).
DOSE_GUIDANCE_S = 60
#: Most repetitions of one stretch (Garber et al. 2011: 2-4 repetitions, secondary).
MAX_REPS = 4
#: Hold lengths grow and shrink in steps of this many seconds.
HOLD_STEP_S = 5
#: A desk break longer than this gets a note (it is meant to be short).
DESK_BREAK_MAX_MIN = 10
FILL_TARGET = 0.9
FILE_FORMAT = "hipcourse-routine"
FILE_VERSION = 1


# --------------------------------------------------------------------------- request
def _as_tuple(field_name: str, value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        raise InputError(field_name, value, "a list of ids") from None


def _ids(field_name: str, value: Any, allowed: Iterable[str]) -> tuple[str, ...]:
    allowed = list(allowed)
    out: list[str] = []
    for v in _as_tuple(field_name, value):
        choice(field_name, v, allowed)
        if v not in out:
            out.append(v)
    return tuple(out)


@dataclass(frozen=True)
class RoutineRequest:
    """What the learner asks for. Validated on construction.

    Parameters
    ----------
    minutes : int
        Time available, 1-120 minutes. The routine never takes longer.
    session : str
        ``"focused"``, ``"cool-down"`` or ``"desk-break"`` (see the module docstring).
    focus : sequence of str
        Muscle-group ids (``hamstrings``, ``quadriceps``, ``glutes``, ``hip-flexors``,
        ``groin``) and/or ids of places it aches from the catalog (``low-back``,
        ``front-of-knee``, ...). Order sets priority when time is short. Empty: all groups.
    levels : mapping of str to int
        The learner's rung per group, 1 up to the ladder's length; default 1 (stored as
        ``(group, rung)`` pairs in teaching order, leaving out rungs of 1).
    positions : sequence of str
        Positions the learner can use (default all: standing, chair, kneeling, floor).
    limits : sequence of str
        ``no-floor``, ``no-kneeling``, ``chair-only``: positions to leave out.
    equipment : sequence of str
        Equipment at hand (default all of chair, wall, step, strap, cushion).
    restrictions : sequence of str
        Restriction ids from the catalog (e.g. ``hip-replacement-posterior``).
    sides : str
        ``both`` (default), ``left`` or ``right``.
    older_adult : bool
        Longer holds: 30-60 s (ACSM Guidelines 11th ed.; Feland et al. 2001).
    get_ready_s : int
        The "get ready" pause before each stretch, 0-30 s (default 10).

    Raises
    ------
    InputError
        A ``ValueError`` naming the field, the bad value and what is allowed.
    """

    minutes: int = 15
    session: str = "focused"
    focus: tuple[str, ...] = ()
    levels: tuple[tuple[str, int], ...] | Mapping[str, int] = ()
    positions: tuple[str, ...] = POSITIONS
    limits: tuple[str, ...] = ()
    equipment: tuple[str, ...] = EQUIPMENT
    restrictions: tuple[str, ...] = ()
    sides: str = "both"
    older_adult: bool = False
    get_ready_s: int = GET_READY_S

    def __post_init__(self):
        cat = load_catalog()
        put = lambda name, v: object.__setattr__(self, name, v)  # noqa: E731 (frozen)
        put("minutes", integer("minutes", self.minutes, *MINUTES_RANGE))
        put("session", choice("session", self.session, SESSIONS))
        ache_ids = [a.id for a in cat.aches]
        put("focus", _ids("focus", self.focus, list(GROUP_IDS) + ache_ids))
        levels = self.levels
        if isinstance(levels, Mapping):
            levels = tuple(levels.items())
        pairs = {}
        for item in _as_tuple("levels", levels):
            if not (isinstance(item, (tuple, list)) and len(item) == 2):
                raise InputError("levels", item, "group=rung pairs, e.g. {'hamstrings': 2}")
            g, lv = item
            choice("levels", g, GROUP_IDS)
            pairs[g] = integer(f"levels.{g}", lv, 1, len(cat.ladder(g)))
        # canonical: rung 1 is the default, so it is not stored
        put("levels", tuple((g, pairs[g]) for g in GROUP_IDS if pairs.get(g, 1) != 1))
        pos = _ids("positions", self.positions, POSITIONS)
        put("positions", tuple(p for p in POSITIONS if p in pos))
        put("limits", tuple(sorted(_ids("limits", self.limits, LIMITS))))
        eq = _ids("equipment", self.equipment, ("none",) + EQUIPMENT)
        put("equipment", tuple(e for e in EQUIPMENT if e in eq))
        put("restrictions", tuple(sorted(_ids("restrictions", self.restrictions,
                                              [r.id for r in cat.restrictions]))))
        put("sides", choice("sides", self.sides, SIDES))
        if not isinstance(self.older_adult, bool):
            raise InputError("older_adult", self.older_adult, "true or false")
        put("get_ready_s", integer("get_ready_s", self.get_ready_s, *GET_READY_RANGE_S))
        if not self.allowed_positions:
            raise InputError("positions", list(self.positions),
                             f"at least one position left after the limits {list(self.limits)}")

    # ------------------------------------------------------------------ derived
    def level(self, group: str) -> int:
        """The learner's rung for ``group`` (1 if not given)."""
        return dict(self.levels).get(group, 1)

    @property
    def allowed_positions(self) -> tuple[str, ...]:
        """Positions left after ``positions`` and ``limits`` (and the desk-break rule)."""
        out = set(self.positions)
        for lim in self.limits:
            out -= set(LIMITS[lim])
        if self.session == "desk-break":
            out &= set(DESK_POSITIONS)
        return tuple(p for p in POSITIONS if p in out)

    @property
    def budget_s(self) -> int:
        return self.minutes * 60

    def to_dict(self) -> dict:
        return {"minutes": self.minutes, "session": self.session, "focus": list(self.focus),
                "levels": dict(self.levels), "positions": list(self.positions),
                "limits": list(self.limits), "equipment": list(self.equipment),
                "restrictions": list(self.restrictions), "sides": self.sides,
                "older_adult": self.older_adult, "get_ready_s": self.get_ready_s}

    @classmethod
    def from_dict(cls, data: Mapping) -> "RoutineRequest":
        """The inverse of :meth:`to_dict`; unknown keys are an error."""
        if not isinstance(data, Mapping):
            raise InputError("request", data, "a table of request fields")
        known = set(cls.__dataclass_fields__)
        for k in data:
            if k not in known:
                raise InputError("request", k, "one of " + ", ".join(sorted(known)))
        return cls(**dict(data))


# --------------------------------------------------------------------------- routine
@dataclass(frozen=True)
class Step:
    """One stretch of a routine.

    ``hold_s`` is one hold; ``reps`` holds are done on each side (``side == "both"``:
    alternating left and right). ``transition_s`` is the time before the step starts:
    the get-ready pause plus any change of position.
    """

    group: str
    stretch_id: str
    side: str
    hold_s: int
    reps: int
    reason: str
    level: int
    position: str
    role: str
    transition_s: int

    @property
    def n_sides(self) -> int:
        return 2 if self.side == "both" else 1

    @property
    def stretch_s(self) -> int:
        """Seconds under stretch on each side."""
        return self.hold_s * self.reps

    @property
    def duration_s(self) -> int:
        """Seconds the step takes, transition included."""
        holds = self.n_sides * self.reps
        return self.transition_s + holds * self.hold_s + (holds - 1) * GAP_S

    def to_dict(self) -> dict:
        return {"group": self.group, "stretch_id": self.stretch_id, "side": self.side,
                "hold_s": self.hold_s, "reps": self.reps, "reason": self.reason,
                "level": self.level, "position": self.position, "role": self.role,
                "transition_s": self.transition_s}


@dataclass(frozen=True)
class Excluded:
    """A stretch of a focus group that the request rules out, and why."""

    stretch_id: str
    group: str
    level: int
    reason: str

    def to_dict(self) -> dict:
        return {"stretch_id": self.stretch_id, "group": self.group, "level": self.level,
                "reason": self.reason}


@dataclass(frozen=True)
class Routine:
    """The result of :func:`build_routine`: ordered steps, what was left out and notes."""

    request: RoutineRequest
    steps: tuple[Step, ...]
    excluded: tuple[Excluded, ...]
    notes: tuple[str, ...]
    message: str = ""

    @property
    def total_s(self) -> int:
        """Seconds the routine takes, transitions included (never above the budget)."""
        return sum(s.duration_s for s in self.steps)

    @property
    def budget_s(self) -> int:
        return self.request.budget_s

    @property
    def groups(self) -> tuple[str, ...]:
        """Groups the routine stretches, in teaching order."""
        present = {s.group for s in self.steps}
        return tuple(g for g in GROUP_IDS if g in present)

    def dose_by_group(self) -> dict[str, int]:
        """Seconds under stretch per side for each group (compare :data:`DOSE_GUIDANCE_S`)."""
        out = {g: 0 for g in self.groups}
        for s in self.steps:
            out[s.group] += s.stretch_s
        return out

    def summary(self) -> dict:
        """The `hipcourse routine --json` format."""
        return {"total_s": self.total_s,
                "steps": [{k: s.to_dict()[k] for k in ("stretch_id", "group", "side", "hold_s",
                                                       "reps", "reason")} for s in self.steps],
                "excluded": [{"stretch_id": e.stretch_id, "reason": e.reason}
                             for e in self.excluded],
                "notes": list(self.notes)}

    def to_dict(self) -> dict:
        """Everything needed to reload the routine identically (the saved-file format)."""
        return {"format": FILE_FORMAT, "version": FILE_VERSION,
                "request": self.request.to_dict(), "total_s": self.total_s,
                "budget_s": self.budget_s, "steps": [s.to_dict() for s in self.steps],
                "excluded": [e.to_dict() for e in self.excluded], "notes": list(self.notes),
                "message": self.message}

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, two-space indent, a final newline."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def format_duration(seconds: int) -> str:
    """``75`` -> ``"1 min 15 s"``; ``60`` -> ``"1 min"``; ``45`` -> ``"45 s"``."""
    m, s = divmod(int(seconds), 60)
    if m and s:
        return f"{m} min {s} s"
    return f"{m} min" if m else f"{s} s"


# --------------------------------------------------------------------------- building
@dataclass
class _Plan:
    """A step being planned (mutable while the dose is fitted)."""

    stretch: Stretch
    role: str
    prio: int
    reason: str
    side: str
    hold_s: int = 0
    reps: int = 1
    transition_s: int = 0

    @property
    def n_sides(self) -> int:
        return 2 if self.side == "both" else 1

    def duration(self) -> int:
        holds = self.n_sides * self.reps
        return self.transition_s + holds * self.hold_s + (holds - 1) * GAP_S


@dataclass(frozen=True)
class _Dose:
    lo: int          # shortest hold
    std: int         # hold the guidance asks for
    std_reps: int    # repetitions to reach DOSE_GUIDANCE_S
    max_reps: int


def _dose(request: RoutineRequest) -> _Dose:
    """Hold and repetitions from ACSM guidance (see the module references)."""
    lo, hi = OLDER_HOLD_RANGE_S if request.older_adult else HOLD_RANGE_S
    std_reps = math.ceil(DOSE_GUIDANCE_S / hi)
    max_reps = std_reps if request.session == "desk-break" else MAX_REPS
    return _Dose(lo=lo, std=hi, std_reps=std_reps, max_reps=max_reps)


def _focus_groups(request: RoutineRequest, cat: Catalog) -> dict[str, list[str]]:
    """Group -> reasons it is in the routine, in priority order (first mention first)."""
    reasons: dict[str, list[str]] = {}
    if not request.focus:
        return {g: ["A whole-hip routine covers all five groups."] for g in GROUP_IDS}
    for f in request.focus:
        if f in GROUP_IDS:
            reasons.setdefault(f, []).append(f"You chose the {cat.group(f).name.lower()}.")
        else:
            ache = cat.ache(f)
            for g in ache.groups:
                reasons.setdefault(g, []).append(f"{ache.name}: {ache.reason}")
    return reasons


_LIMIT_TEXT = {"no-floor": "you asked for no floor positions",
               "no-kneeling": "you asked for no kneeling positions",
               "chair-only": "you asked for chair positions only"}


#: Marker: left out by the session type itself (a desk break), not by the learner's limits.
_SESSION_RULE = "a desk break uses standing or chair positions only"


def _ruled_out(s: Stretch, request: RoutineRequest, restrictions) -> str | None:
    """Why ``s`` cannot be in this routine, or None."""
    found = [why for r in restrictions if (why := r.rules_out(s))]
    if found:
        return "; ".join(found)
    if s.position not in request.allowed_positions:
        if s.position not in request.positions:
            return f"{s.position} positions are not in your list of positions"
        for lim in request.limits:
            if s.position in LIMITS[lim]:
                return f"{_LIMIT_TEXT[lim]} (this one is {s.position})"
        return _SESSION_RULE
    missing = [e for e in s.equipment if e != "none" and e not in request.equipment]
    if missing:
        return "needs equipment you do not have: " + ", ".join(missing)
    return None


def _order(chains: list[list[_Plan]], forward: bool) -> list[_Plan]:
    """Merge per-group chains, keeping each chain's order, with few position changes.

    Sweeps through the positions (standing -> floor, or the reverse for a cool-down),
    taking every step whose turn has come in the current position. Variants: the sweep may
    start at any position and, at the end, either restart or turn back (zigzag). The
    variant with the fewest position changes wins, then the least moving time; ties keep
    the plain sweep from the first position, so sessions with one rung per group follow
    the position order exactly.
    """
    base = POSITIONS if forward else tuple(reversed(POSITIONS))
    total = sum(len(c) for c in chains)
    best, best_key = [], None
    for start in range(len(base)):
        for zigzag in (False, True):
            idx = [0] * len(chains)
            out: list[_Plan] = []
            sweep = list(base[start:] + base[:start])
            while len(out) < total:
                for pos in sweep:
                    taken = True
                    while taken:
                        taken = False
                        for i, chain in enumerate(chains):
                            if idx[i] < len(chain) and chain[idx[i]].stretch.position == pos:
                                out.append(chain[idx[i]])
                                idx[i] += 1
                                taken = True
                if zigzag:
                    sweep.reverse()
            key = _moves(out)
            if best_key is None or key < best_key:
                best, best_key = out, key
            if key[0] == 0:
                return best
    return best


def _moves(steps: list[_Plan]) -> tuple[int, int]:
    """(number of position changes, places moved along POSITIONS)."""
    idx = [POSITIONS.index(p.stretch.position) for p in steps]
    return (sum(a != b for a, b in zip(idx, idx[1:])),
            sum(abs(a - b) for a, b in zip(idx, idx[1:])))


def _with_transitions(steps: list[_Plan], get_ready_s: int) -> None:
    prev = None
    for p in steps:
        move = 0
        if prev is not None:
            move = POSITION_CHANGE_S * abs(POSITIONS.index(p.stretch.position)
                                           - POSITIONS.index(prev.stretch.position))
        p.transition_s = get_ready_s + move
        prev = p


def _arrange(plans: list[_Plan], request: RoutineRequest) -> list[_Plan]:
    chains: dict[int, list[_Plan]] = {}
    for p in plans:
        chains.setdefault(p.prio, []).append(p)
    ordered = _order([chains[k] for k in sorted(chains)], request.session != "cool-down")
    _with_transitions(ordered, request.get_ready_s)
    return ordered


def _by_group(plans: list[_Plan]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for p in sorted(plans, key=lambda p: p.prio):
        out.setdefault(p.stretch.group, []).append(p.stretch.level)
    return out


def _total(plans: list[_Plan]) -> int:
    return sum(p.duration() for p in plans)


def _set_floor(plans: list[_Plan], dose: _Dose, stage: int) -> None:
    """Smallest dose per step at a fitting stage (0: guidance dose on working rungs)."""
    for p in plans:
        if p.role == "preparation":
            p.hold_s, p.reps = dose.lo, 1
        elif stage == 0:
            p.hold_s, p.reps = dose.std, dose.std_reps
        elif stage == 1:
            p.hold_s, p.reps = dose.std, 1
        else:
            p.hold_s, p.reps = dose.lo, 1


def _grow(plans: list[_Plan], budget: int, total: int, dose: _Dose) -> int:
    """Raise holds, then repetitions, round-robin in priority order, while they fit."""
    def passes(eligible, delta, apply):
        nonlocal total
        changed = True
        while changed:
            changed = False
            for p in plans:
                if eligible(p) and total + delta(p) <= budget:
                    total += delta(p)
                    apply(p)
                    changed = True

    work = lambda p: p.role != "preparation"  # noqa: E731
    hold_delta = lambda p: p.n_sides * p.reps * HOLD_STEP_S  # noqa: E731
    rep_delta = lambda p: p.n_sides * (p.hold_s + GAP_S)  # noqa: E731

    def add_hold(p):
        p.hold_s = min(dose.std, p.hold_s + HOLD_STEP_S)

    def add_rep(p):
        p.reps += 1

    passes(lambda p: work(p) and p.hold_s < dose.std, hold_delta, add_hold)
    passes(lambda p: work(p) and p.reps < dose.std_reps, rep_delta, add_rep)
    passes(lambda p: not work(p) and p.hold_s < dose.std, hold_delta, add_hold)
    # Extra repetitions beyond the guidance dose: only once every stretch has that dose,
    # unless the routine would otherwise stay under FILL_TARGET of the budget.
    if (all(p.reps >= dose.std_reps for p in plans if work(p))
            or total < FILL_TARGET * budget):
        passes(lambda p: work(p) and p.reps < dose.max_reps, rep_delta, add_rep)
    return total


def build_routine(request: RoutineRequest, catalog: Catalog | None = None) -> Routine:
    """Plan a routine for ``request``.

    Never raises for a valid request: when the time cannot cover everything, the routine
    drops (in this order) preparation rungs, then repetitions and hold length on the
    working rungs, then whole groups (last-named first), and says so in ``notes``.

    Parameters
    ----------
    request : RoutineRequest
        What the learner asked for (already validated).
    catalog : Catalog, optional
        Default: the shipped catalog.

    Returns
    -------
    Routine
        ``steps`` ordered for few position changes; ``excluded`` lists every stretch of the
        focus groups that the request rules out, with the reason; ``notes`` explain
        anything the learner should know (restrictions' advice, what had to give).

    Notes
    -----
    Dose: holds of 10-30 s (30-60 s in older-adult mode) and about 60 s under stretch per
    stretch and side, with at most 4 repetitions (Garber et al. 2011, Med Sci Sports Exerc
    43:1334; ACSM Guidelines 11th ed.; Feland et al. 2001, Phys Ther 81:1110).
    """
    if not isinstance(request, RoutineRequest):
        raise InputError("request", type(request).__name__, "a RoutineRequest")
    cat = catalog or load_catalog()
    restrictions = [cat.restriction(r) for r in request.restrictions]
    focus = _focus_groups(request, cat)
    notes: list[str] = []
    if not request.focus:
        notes.append("No focus chosen: the routine covers all five groups.")
    for r in restrictions:
        notes.append(f"{r.name}: {r.advice}")

    excluded: list[Excluded] = []
    allowed: dict[str, list[Stretch]] = {}
    for g in focus:
        allowed[g] = []
        for s in cat.ladder(g):
            why = _ruled_out(s, request, restrictions)
            if why == _SESSION_RULE:
                continue  # not the learner's limit: the session type never uses it
            if why:
                excluded.append(Excluded(s.id, g, s.level, why))
            else:
                allowed[g].append(s)

    stop = [r for r in restrictions if r.excludes_all]
    if stop:
        msg = (f"{stop[0].name}: {stop[0].advice} This routine has no stretches until "
               "then.")
        return Routine(request, (), tuple(excluded), tuple(notes), message=msg)

    side_of = lambda s: request.sides if s.sides == 2 else "together"  # noqa: E731
    plans: list[_Plan] = []
    for prio, (g, why_group) in enumerate(focus.items()):
        rungs = allowed[g]
        name = cat.group(g).name.lower()
        why = " ".join(why_group)
        lv = request.level(g)
        if not rungs:
            notes.append(f"No {name} stretch in the catalog fits your restrictions, positions "
                         f"and equipment, so the {name} are left out (see the excluded list).")
            continue
        if request.session == "focused":
            climb = [s for s in rungs if s.level <= lv]
            if not climb:
                climb = [rungs[0]]
                notes.append(f"Rungs 1 to {lv} of the {name} ladder are ruled out for you; the "
                             f"nearest you can do is rung {rungs[0].level} ({rungs[0].name}). "
                             "Ease into it gently.")
            elif climb[-1].level != lv:
                notes.append(f"Your {name} rung {lv} is ruled out today; rung "
                             f"{climb[-1].level} ({climb[-1].name}) is your working rung.")
            for s in climb[:-1]:
                plans.append(_Plan(s, "preparation", prio, f"Rung {s.level}, preparation for "
                                   f"rung {climb[-1].level}. {why}", side_of(s)))
            s = climb[-1]
            plans.append(_Plan(s, "working", prio, f"Rung {s.level}, your working rung. {why}",
                               side_of(s)))
        else:
            s = rungs[0]
            what = "a cool-down" if request.session == "cool-down" else "a desk break"
            plans.append(_Plan(s, "easy", prio, f"Rung {s.level}, an easy {s.position} stretch "
                               f"for {what}. {why}", side_of(s)))
            if s.level > max(lv, 1) and s.level > 2:
                notes.append(f"The easy {name} rungs are ruled out for you; rung {s.level} "
                             f"({s.name}) is the easiest left. Ease into it gently.")

    dose = _dose(request)
    budget = request.budget_s
    plans = _arrange(plans, request)
    _set_floor(plans, dose, 0)

    dropped_prep: list[_Plan] = []
    while _total(plans) > budget and any(p.role == "preparation" for p in plans):
        worst = max(p.prio for p in plans if p.role == "preparation")
        drop = min((p for p in plans if p.role == "preparation" and p.prio == worst),
                   key=lambda p: p.stretch.level)
        dropped_prep.append(drop)
        plans = _arrange([p for p in plans if p is not drop], request)
    stage = 0
    while _total(plans) > budget and stage < 2:
        stage += 1
        _set_floor(plans, dose, stage)
    dropped_groups: list[tuple[int, str]] = []
    while _total(plans) > budget and plans:
        worst = max(p.prio for p in plans)
        dropped_groups.append((worst, next(p.stretch.group for p in plans if p.prio == worst)))
        plans = _arrange([p for p in plans if p.prio != worst], request)
    total = _grow(plans, budget, _total(plans), dose)

    names = lambda gs: ", ".join(cat.group(g).name.lower() for g in gs)  # noqa: E731
    if dropped_groups:
        kept = [g for g in focus if any(p.stretch.group == g for p in plans)]
        notes.append(f"{request.minutes} min is not enough for everything you asked for: "
                     f"left out the {names(g for _, g in sorted(dropped_groups))}. "
                     + (f"The routine covers the {names(kept)}. " if kept else "")
                     + "Give it more time or choose fewer groups.")
    kept_groups = {p.stretch.group for p in plans}
    dropped_prep = [p for p in dropped_prep if p.stretch.group in kept_groups]
    if dropped_prep:
        rungs = "; ".join(
            f"{cat.group(g).name.lower()} rung{'s' if len(lv) > 1 else ''} "
            + ", ".join(str(x) for x in sorted(lv))
            for g, lv in _by_group(dropped_prep).items())
        notes.append(f"To fit {request.minutes} min, the climb skips these preparation "
                     f"rungs: {rungs}.")
    short = [p for p in plans if p.role != "preparation"
             and p.hold_s * p.reps < DOSE_GUIDANCE_S]
    if short:
        notes.append(f"Some stretches get less than the guidance of about {DOSE_GUIDANCE_S} s "
                     "on each side (ACSM; Garber et al. 2011): "
                     + ", ".join(p.stretch.id for p in short) + ". Give it more time when you can.")
    if request.older_adult:
        notes.append(f"Older-adult mode: holds of {OLDER_HOLD_RANGE_S[0]}-{OLDER_HOLD_RANGE_S[1]} s "
                     "(ACSM Guidelines; Feland et al. 2001).")
    if plans and total < FILL_TARGET * budget:
        capped = all(p.hold_s >= dose.std and (p.role == "preparation" or p.reps >= dose.max_reps)
                     for p in plans)
        if not capped or dropped_groups or dropped_prep:
            why = "the next hold or stretch would not fit in the time that is left."
        else:
            why = ("a desk break keeps to the guidance dose, with no extra repetitions"
                   if request.session == "desk-break" else
                   f"the guidance allows at most {dose.max_reps} holds per stretch")
            why += (". Add focus groups" + (" or raise your levels" if request.session
                                            == "focused" else "") + " to use more of the time.")
        notes.append(f"This routine takes {format_duration(total)} of your "
                     f"{format_duration(budget)}: {why}")
    if request.session == "desk-break" and request.minutes > DESK_BREAK_MAX_MIN:
        notes.append(f"A desk break is meant to be short (a few minutes, up to about "
                     f"{DESK_BREAK_MAX_MIN}); choose a focused session for longer.")
    if not plans:
        notes.append("No stretch fits this request.")

    steps = tuple(Step(group=p.stretch.group, stretch_id=p.stretch.id, side=p.side,
                       hold_s=p.hold_s, reps=p.reps, reason=p.reason, level=p.stretch.level,
                       position=p.stretch.position, role=p.role, transition_s=p.transition_s)
                  for p in plans)
    return Routine(request, steps, tuple(excluded), tuple(notes))


# --------------------------------------------------------------------------- timeline
@dataclass(frozen=True)
class Cue:
    """Something the timer says or plays at ``at_s`` seconds from the start.

    ``kind``: ``"start"`` (a hold begins), ``"count"`` (3-2-1 before a hold or a get-ready
    ends), ``"end"`` (a hold ends: the end sound), ``"switch"`` (switch sides),
    ``"done"`` (the routine is over).
    """

    at_s: int
    kind: str
    text: str


@dataclass(frozen=True)
class Segment:
    """A stretch of time the timer shows: a get-ready pause, a hold, a gap, or done."""

    kind: str            # "get-ready" | "hold" | "switch" | "release" | "done"
    step_index: int      # index into routine.steps (-1 for "done")
    side: str            # "left" | "right" | "together" | ""
    rep: int             # 1-based repetition (0 when not a hold)
    start_s: int
    duration_s: int
    text: str
    cues: tuple[Cue, ...] = field(default=())

    @property
    def end_s(self) -> int:
        return self.start_s + self.duration_s


def _countdown(end_s: int, duration_s: int) -> list[Cue]:
    return [Cue(end_s - k, "count", str(k)) for k in (3, 2, 1) if duration_s > k]


def timeline(routine: Routine, get_ready_s: int | None = None,
             catalog: Catalog | None = None) -> tuple[Segment, ...]:
    """The follow-along timer's script: timed segments with their cues.

    For each step: a get-ready pause (the step's ``transition_s``: the get-ready time plus
    any change of position) with a 3-2-1 count into the first hold; then the holds, one
    side after the other (left, switch sides, right, ...), each with a start cue, 3-2-1
    before it ends and an end cue; holds are separated by ``GAP_S`` s to release or switch.
    The last segment is ``"done"`` (0 s) with a one-line summary.

    With the default ``get_ready_s`` (the routine's own), the durations add up exactly to
    ``routine.total_s``; another value changes each get-ready pause by the difference.
    """
    cat = catalog or load_catalog()
    extra = 0 if get_ready_s is None else (
        integer("get_ready_s", get_ready_s, *GET_READY_RANGE_S) - routine.request.get_ready_s)
    segs: list[Segment] = []
    t = 0
    for i, step in enumerate(routine.steps):
        s = cat.stretch(step.stretch_id)
        sides = ["left", "right"] if step.side == "both" else [step.side]
        ready = step.transition_s + extra
        if ready > 0:
            first = f" ({sides[0]} side)" if sides[0] in ("left", "right") else ""
            segs.append(Segment("get-ready", i, sides[0], 0, t, ready,
                                f"Get ready: {s.name}{first}", tuple(_countdown(t + ready, ready))))
            t += ready
        holds = [(rep, side) for rep in range(1, step.reps + 1) for side in sides]
        for k, (rep, side) in enumerate(holds):
            end = t + step.hold_s
            label = f" ({side} side)" if side in ("left", "right") else ""
            cues = [Cue(t, "start", f"Hold{label}")] + _countdown(end, step.hold_s) \
                + [Cue(end, "end", "Release")]
            segs.append(Segment("hold", i, side, rep, t, step.hold_s,
                                f"{s.name}{label}: hold {rep} of {step.reps}", tuple(cues)))
            t = end
            if k + 1 < len(holds):
                nxt = holds[k + 1][1]
                if nxt != side:
                    segs.append(Segment("switch", i, nxt, 0, t, GAP_S, "Switch sides",
                                        (Cue(t, "switch", "Switch sides"),)))
                else:
                    segs.append(Segment("release", i, side, 0, t, GAP_S,
                                        "Release, breathe, then again", ()))
                t += GAP_S
    text = done_summary(routine)
    segs.append(Segment("done", -1, "", 0, t, 0, text, (Cue(t, "done", text),)))
    return tuple(segs)


def done_summary(routine: Routine, skipped_s: int = 0) -> str:
    """The one-line summary the timer shows at the end."""
    if not routine.steps:
        return "Nothing to do: this routine has no stretches."
    n = len(routine.steps)
    done = format_duration(max(0, routine.total_s - skipped_s))
    names = [g.replace("-", " ") for g in routine.groups]
    groups = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    skipped = f" ({format_duration(skipped_s)} skipped)" if skipped_s else ""
    return f"Done: {n} stretch{'es' if n != 1 else ''} in {done}{skipped}, for the {groups}."


class Player:
    """The timer's state machine: plays a timeline, with pause, resume and skip.

    Pure: it keeps no clock. A front end calls :meth:`tick` with the seconds that passed
    (e.g. once a second from a background task) and plays the cues it returns.

    Examples
    --------
    >>> from hipcourse.models.routine import RoutineRequest, build_routine, timeline, Player
    >>> r = build_routine(RoutineRequest(minutes=2, session="desk-break", focus=("groin",)))
    >>> p = Player(timeline(r))
    >>> [c.text for c in p.start()]
    []
    >>> [c.text for c in p.tick(10)]
    ['3', '2', '1', 'Hold']
    """

    def __init__(self, segments: tuple[Segment, ...], routine: Routine | None = None):
        if not segments or segments[-1].kind != "done":
            raise InputError("segments", len(segments or ()), "a timeline ending in 'done'")
        self.segments = tuple(segments)
        self.routine = routine
        self.total_s = segments[-1].end_s
        self.elapsed_s = 0.0
        self.skipped_s = 0.0
        self.started = False
        self.paused = False

    # -- state
    @property
    def done(self) -> bool:
        return self.started and self.elapsed_s >= self.total_s

    @property
    def index(self) -> int:
        """Index of the current segment."""
        for i, seg in enumerate(self.segments):
            if self.elapsed_s < seg.end_s:
                return i
        return len(self.segments) - 1

    @property
    def current(self) -> Segment:
        return self.segments[self.index]

    @property
    def remaining_s(self) -> int:
        """Whole seconds left in the current segment (what the display counts down)."""
        return max(0, math.ceil(self.current.end_s - self.elapsed_s))

    @property
    def progress(self) -> float:
        """Fraction of the whole routine done, 0-1."""
        return 1.0 if self.total_s == 0 else min(1.0, self.elapsed_s / self.total_s)

    def summary(self) -> str:
        if self.routine is not None:
            return done_summary(self.routine, round(self.skipped_s))
        return self.segments[-1].text

    # -- control
    def _cues(self, lo: float, hi: float, *, include_lo: bool = False) -> list[Cue]:
        return [c for seg in self.segments for c in seg.cues
                if (lo <= c.at_s if include_lo else lo < c.at_s) and c.at_s <= hi]

    def start(self) -> list[Cue]:
        """Start (or restart from the beginning); returns the cues due at time 0."""
        self.elapsed_s, self.skipped_s = 0.0, 0.0
        self.started, self.paused = True, False
        return self._cues(0, 0, include_lo=True)

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False

    def tick(self, dt_s: float = 1.0) -> list[Cue]:
        """Advance by ``dt_s`` seconds unless paused or done; returns the cues passed."""
        if not self.started or self.paused or self.done or dt_s <= 0:
            return []
        before = self.elapsed_s
        self.elapsed_s = min(float(self.total_s), before + dt_s)
        return self._cues(before, self.elapsed_s)

    def skip(self) -> list[Cue]:
        """Jump to the start of the next segment; returns the cues due there."""
        if not self.started or self.done:
            return []
        end = self.current.end_s
        self.skipped_s += end - self.elapsed_s
        self.elapsed_s = float(end)
        return [c for c in self._cues(end, end, include_lo=True) if c.kind != "end"
                and c.kind != "count"]


# --------------------------------------------------------------------------- files
class RoutineFileError(ValueError):
    """A routine file cannot be read or written; the message names the file."""

    def __init__(self, path, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


def _check(where: str, cond: bool, problem: str):
    if not cond:
        raise ValueError(f"{where} {problem}")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_EDITED = "the file was changed by hand or damaged; build the routine again instead"


def _verify_steps(request: RoutineRequest, steps: tuple[Step, ...], cat: Catalog) -> None:
    """Check loaded steps against the rules :func:`build_routine` follows for ``request``.

    Every rule a saved routine must keep is checked step by step: what the restrictions
    rule out (``Restriction.rules_out``; a restriction such as acute pain allows no step
    at all), the positions, position limits and the session type's positions, equipment,
    the side, the role, a rung no higher than the learner's (or the easiest one left),
    hold and repetitions within the dose rules, and the transition time. Raises
    ``ValueError`` naming the step (1-based, as the routine table numbers it) and the rule.
    """
    restrictions = [cat.restriction(r) for r in request.restrictions]
    stop = [r for r in restrictions if r.excludes_all]
    if stop and steps:
        raise ValueError(f"steps: the request lists {stop[0].name!r}, which allows no "
                         f"stretches at all, but the file has {len(steps)}; {_EDITED}")
    dose = _dose(request)
    roles = ("preparation", "working") if request.session == "focused" else ("easy",)
    prev = None
    for n, step in enumerate(steps, 1):
        s = cat.stretch(step.stretch_id)
        w = f"step {n} ({s.id})"
        why = _ruled_out(s, request, restrictions)
        if why:
            raise ValueError(f"{w} is ruled out by the routine's own request: {why}; {_EDITED}")
        side = request.sides if s.sides == 2 else "together"
        _check(f"{w}: side", step.side == side,
               f"= {step.side!r} does not match the request (sides = {request.sides!r}; this "
               f"stretch is done {'one side at a time' if s.sides == 2 else 'with both legs'},"
               f" so {side!r}); {_EDITED}")
        _check(f"{w}: role", step.role in roles,
               f"= {step.role!r} is not allowed in a {request.session} session; expected "
               f"{' or '.join(repr(r) for r in roles)}; {_EDITED}")
        rungs = [x for x in cat.ladder(s.group) if not _ruled_out(x, request, restrictions)]
        cap = max(request.level(s.group), rungs[0].level)
        _check(f"{w}: level", s.level <= cap,
               f"= {s.level} is above the learner's rung on the {s.group} ladder "
               f"({request.level(s.group)}) in the request; {_EDITED}")
        _check(f"{w}: hold_s", dose.lo <= step.hold_s <= dose.std,
               f"= {step.hold_s} is not allowed; expected a whole number from {dose.lo} to "
               f"{dose.std} s (ACSM guidance{' for older adults' if request.older_adult else ''})")
        most = 1 if step.role == "preparation" else dose.max_reps
        _check(f"{w}: reps", 1 <= step.reps <= most,
               f"= {step.reps} is not allowed; expected a whole number from 1 to {most} "
               f"for a {step.role} step in a {request.session} session")
        move = 0 if prev is None else POSITION_CHANGE_S * abs(
            POSITIONS.index(s.position) - POSITIONS.index(prev.position))
        _check(f"{w}: transition_s", step.transition_s == request.get_ready_s + move,
               f"= {step.transition_s} does not match the request: expected "
               f"{request.get_ready_s + move} (get ready {request.get_ready_s} s + {move} s "
               f"to change position); {_EDITED}")
        prev = s


def routine_from_dict(data: Any, catalog: Catalog | None = None) -> Routine:
    """Rebuild a :class:`Routine` from :meth:`Routine.to_dict` output, checking everything.

    Raises ``ValueError`` naming the first field (and step) that is wrong.

    Notes
    -----
    A saved file holds both the request and the steps, and either can be edited by hand.
    The steps are therefore verified against the stored request, rule by rule (see
    :func:`_verify_steps`): a file whose request gained a restriction (e.g. a posterior hip
    replacement, pregnancy, acute pain) or a position limit that rules out one of its
    steps is refused, naming the step and the reason.

    Why verify rather than rebuild with :func:`build_routine` and compare: a saved routine
    must stay loadable when the catalog grows or its wording changes (an instructor adds a
    stretch or rewrites a reason in ``stretches.toml``), and the journal keeps the
    routines of past sessions and checks them with this function on every read. Comparing
    with a fresh build would turn every such edit into "your saved routines are invalid";
    checking the rules refuses only what is actually unsafe or inconsistent, with a
    precise message. A routine saved by the builder itself always passes (tested by the
    round-trip tests).
    """
    cat = catalog or load_catalog()
    _check("the file", isinstance(data, dict), "must hold a JSON object")
    _check("format", data.get("format") == FILE_FORMAT, f"= {data.get('format')!r}: "
           f"expected {FILE_FORMAT!r} (this is not a saved routine)")
    _check("version", data.get("version") == FILE_VERSION,
           f"= {data.get('version')!r}: this version of hipcourse reads version {FILE_VERSION}")
    request = RoutineRequest.from_dict(data.get("request"))
    keys = {"group", "stretch_id", "side", "hold_s", "reps", "reason", "level", "position",
            "role", "transition_s"}
    steps = []
    raw_steps = data.get("steps")
    _check("steps", isinstance(raw_steps, list), "must be a list")
    for i, st in enumerate(raw_steps):
        w = f"step {i + 1}"
        _check(w, isinstance(st, dict) and set(st) == keys,
               f"must have exactly the fields {', '.join(sorted(keys))}")
        try:
            s = cat.stretch(st["stretch_id"])
        except KeyError:
            raise ValueError(f"{w}: stretch_id = {st['stretch_id']!r} is not in the "
                             "catalog") from None
        w = f"step {i + 1} ({s.id})"
        for k, truth in (("group", s.group), ("level", s.level), ("position", s.position)):
            _check(f"{w}: {k}", type(st[k]) is type(truth) and st[k] == truth,
                   f"= {st[k]!r} does not match the catalog ({truth!r})")
        choice(f"{w}: side", st["side"], STEP_SIDES)
        choice(f"{w}: role", st["role"], ROLES)
        for k in ("hold_s", "reps", "transition_s"):
            _check(f"{w}: {k}", _whole(st[k]), f"= {st[k]!r}: expected a whole number")
        _check(f"{w}: reason", isinstance(st["reason"], str), "must be text")
        steps.append(Step(**st))
    excluded = []
    raw_ex = data.get("excluded")
    _check("excluded", isinstance(raw_ex, list), "must be a list")
    for i, e in enumerate(raw_ex):
        w = f"excluded[{i}]"
        _check(w, isinstance(e, dict) and set(e) == {"stretch_id", "group", "level", "reason"},
               "must have the fields group, level, reason, stretch_id")
        try:
            s = cat.stretch(e["stretch_id"])
        except KeyError:
            raise ValueError(f"{w}.stretch_id = {e['stretch_id']!r} is not in the "
                             "catalog") from None
        for k, truth in (("group", s.group), ("level", s.level)):
            _check(f"{w}.{k}", type(e[k]) is type(truth) and e[k] == truth,
                   f"= {e[k]!r} does not match the catalog ({truth!r})")
        _check(f"{w}.reason", isinstance(e["reason"], str), "must be text")
        excluded.append(Excluded(**e))
    notes = data.get("notes")
    _check("notes", isinstance(notes, list) and all(isinstance(n, str) for n in notes),
           "must be a list of text")
    message = data.get("message", "")
    _check("message", isinstance(message, str), "must be text")
    _verify_steps(request, tuple(steps), cat)
    routine = Routine(request, tuple(steps), tuple(excluded), tuple(notes), message)
    _check("total_s", data.get("total_s") == routine.total_s,
           f"= {data.get('total_s')!r} does not match its steps ({routine.total_s}): "
           "the file was changed by hand or damaged")
    _check("total_s", routine.total_s <= routine.budget_s,
           f"= {routine.total_s} is over the budget of {routine.budget_s} s")
    return routine


def routine_from_json(text: str, source: str = "<text>") -> Routine:
    """Parse a saved routine; errors name ``source`` and the problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RoutineFileError(source, f"not a valid routine file: broken JSON at line "
                                       f"{exc.lineno}, column {exc.colno} (damaged, truncated "
                                       "or edited by hand?)") from None
    except RecursionError:
        raise RoutineFileError(source, "not a valid routine file: nested too deeply") from None
    try:
        return routine_from_dict(data)
    except ValueError as exc:
        raise RoutineFileError(source, f"not a valid routine file: {exc}") from None


def load_routine(path) -> Routine:
    """Load a routine saved by :func:`save_routine`.

    Raises
    ------
    RoutineFileError
        The file is missing, unreadable, truncated, damaged or edited into something that
        is not a valid routine -- including steps that its own request rules out (see
        :func:`routine_from_dict`). The message names the file. The file is never changed.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RoutineFileError(path, f"cannot be read ({os_error_text(exc, path)})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RoutineFileError(path, "not a valid routine file: it is not UTF-8 text "
                                     "(damaged?)") from None
    return routine_from_json(text, source=str(path))


def _backup_path(path: Path) -> Path:
    """``<name>.bak``, or ``<name>.bak2``, ``<name>.bak3``...: a backup never replaces
    an earlier one."""
    candidate, k = path.with_name(path.name + ".bak"), 2
    while os.path.lexists(candidate):
        candidate, k = path.with_name(f"{path.name}.bak{k}"), k + 1
    return candidate


def save_routine(routine: Routine, path, *, overwrite: bool = False) -> Path:
    """Save ``routine`` as JSON, atomically.

    Policy for an existing file at ``path``: if it is a valid routine file it is replaced
    (that is what saving again means). If it is anything else (damaged, truncated, edited
    by hand, or not a routine at all), saving refuses with :class:`RoutineFileError`, so a
    file is never overwritten silently; pass ``overwrite=True`` to replace it anyway, in
    which case the old file is first copied to ``<name>.bak`` (``<name>.bak2``, ... if
    that exists: an earlier backup is never replaced).

    Raises
    ------
    RoutineFileError
        For every failure, including operating-system errors (read-only or full disk, a
        file where a folder should be); the message names the file and the reason. On any
        failure the file at ``path`` is as it was, and no temporary or backup file is left.
    """
    if not isinstance(routine, Routine):
        raise InputError("routine", type(routine).__name__, "a Routine")
    path = Path(path)
    backup = None
    try:
        if path.is_dir():
            raise RoutineFileError(path, "is a folder; give a file name such as routine.json")
        if path.exists():
            try:
                load_routine(path)
            except RoutineFileError as exc:
                if not overwrite:
                    problem = exc.problem if exc.problem.startswith("cannot") \
                        else "is " + exc.problem
                    raise RoutineFileError(
                        path, f"already exists and {problem}; it was left untouched. Choose "
                              "another name, or pass overwrite=True to replace it (a copy is "
                              f"kept as {_backup_path(path).name}).") from None
                old = path.read_bytes()
                backup = _backup_path(path)
                try:
                    atomic_write_bytes(backup, old)
                except OSError as err:
                    name, backup = backup.name, None
                    raise RoutineFileError(
                        path, f"was not replaced: its backup copy {name} cannot be written "
                              f"({os_error_text(err, path)}); nothing was changed") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        return atomic_write_text(path, routine.to_json())
    except OSError as exc:
        if backup is not None:  # the old file is intact: the backup is not needed
            try:
                backup.unlink()
            except OSError:
                pass
        raise RoutineFileError(path, f"cannot be written ({os_error_text(exc, path)}); "
                                     "nothing was changed") from None


__all__ = ["RoutineRequest", "Routine", "Step", "Excluded", "build_routine", "timeline",
           "Segment", "Cue", "Player", "save_routine", "load_routine", "routine_from_json",
           "RoutineFileError", "format_duration", "done_summary", "SESSIONS", "SIDES",
           "LIMITS", "EQUIPMENT", "DOSE_GUIDANCE_S", "HOLD_RANGE_S", "OLDER_HOLD_RANGE_S"]
