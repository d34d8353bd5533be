"""Planning a routine for a request: :func:`build_routine` and its rules."""

from __future__ import annotations

from dataclasses import dataclass

from hipcourse.content.catalog import GROUP_IDS, POSITIONS, Catalog, Stretch, load_catalog
from hipcourse.kit.checks import InputError
from hipcourse.models.restrictions import flags, rules_out
from hipcourse.models.routine.dose import Guidance, format_duration, guidance, step_duration_s
from hipcourse.models.routine.request import (
    DESK_BREAK_MAX_MIN,
    DOSE_GUIDANCE_S,
    FILL_TARGET,
    HOLD_STEP_S,
    LIMITS,
    OLDER_HOLD_RANGE_S,
    POSITION_CHANGE_S,
    RoutineRequest,
)
from hipcourse.models.routine.steps import Excluded, Routine, Step


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

    def duration(self, hold_s: int | None = None, reps: int | None = None) -> int:
        """Seconds the step takes (with another hold or repetitions, if given)."""
        return step_duration_s(
            self.side,
            self.hold_s if hold_s is None else hold_s,
            self.reps if reps is None else reps,
            self.transition_s,
        )


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


_LIMIT_TEXT = {
    "no-floor": "you asked for no floor positions",
    "no-kneeling": "you asked for no kneeling positions",
    "chair-only": "you asked for chair positions only",
}


#: Marker: left out by the session type itself (a desk break), not by the learner's limits.
_SESSION_RULE = "a desk break uses standing or chair positions only"


def step_side(s: Stretch, request: RoutineRequest) -> str:
    """The side a step of ``s`` takes: the request's sides, or ``together`` for a stretch
    done with both legs at once."""
    return request.sides if s.sides == 2 else "together"


def _ruled_out(s: Stretch, request: RoutineRequest, restrictions) -> str | None:
    """Why ``s`` cannot be in this routine, or None. Restrictions are judged on the whole
    body in every hold the step makes (:mod:`hipcourse.models.restrictions`)."""
    why = rules_out(s, restrictions, step_side(s, request), request.operated_side)
    if why:
        return why
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
    return (
        sum(a != b for a, b in zip(idx, idx[1:], strict=False)),
        sum(abs(a - b) for a, b in zip(idx, idx[1:], strict=False)),
    )


def _with_transitions(steps: list[_Plan], get_ready_s: int) -> None:
    prev = None
    for p in steps:
        move = 0
        if prev is not None:
            move = POSITION_CHANGE_S * abs(
                POSITIONS.index(p.stretch.position) - POSITIONS.index(prev.stretch.position)
            )
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


def _set_floor(plans: list[_Plan], dose: Guidance, stage: int) -> None:
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


def _grow(plans: list[_Plan], budget: int, total: int, dose: Guidance) -> int:
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
    hold_delta = lambda p: p.duration(hold_s=p.hold_s + HOLD_STEP_S) - p.duration()  # noqa: E731
    rep_delta = lambda p: p.duration(reps=p.reps + 1) - p.duration()  # noqa: E731

    def add_hold(p):
        p.hold_s = min(dose.std, p.hold_s + HOLD_STEP_S)

    def add_rep(p):
        p.reps += 1

    passes(lambda p: work(p) and p.hold_s < dose.std, hold_delta, add_hold)
    passes(lambda p: work(p) and p.reps < dose.std_reps, rep_delta, add_rep)
    passes(lambda p: not work(p) and p.hold_s < dose.std, hold_delta, add_hold)
    # Extra repetitions beyond the guidance dose: only once every stretch has that dose,
    # unless the routine would otherwise stay under FILL_TARGET of the budget.
    if all(p.reps >= dose.std_reps for p in plans if work(p)) or total < FILL_TARGET * budget:
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
        msg = f"{stop[0].name}: {stop[0].advice} This routine has no stretches until then."
        return Routine(request, (), tuple(excluded), tuple(notes), message=msg)

    side_of = lambda s: step_side(s, request)  # noqa: E731
    plans: list[_Plan] = []
    for prio, (g, why_group) in enumerate(focus.items()):
        rungs = allowed[g]
        name = cat.group(g).name.lower()
        why = " ".join(why_group)
        lv = request.level(g)
        if not rungs:
            notes.append(
                f"No {name} stretch in the catalog fits your restrictions, positions "
                f"and equipment, so the {name} are left out (see the excluded list)."
            )
            continue
        if request.session == "focused":
            climb = [s for s in rungs if s.level <= lv]
            if not climb:
                climb = [rungs[0]]
                notes.append(
                    f"Rungs 1 to {lv} of the {name} ladder are ruled out for you; the "
                    f"nearest you can do is rung {rungs[0].level} ({rungs[0].name}). "
                    "Ease into it gently."
                )
            elif climb[-1].level != lv:
                notes.append(
                    f"Your {name} rung {lv} is ruled out today; rung "
                    f"{climb[-1].level} ({climb[-1].name}) is your working rung."
                )
            for s in climb[:-1]:
                plans.append(
                    _Plan(
                        s,
                        "preparation",
                        prio,
                        f"Rung {s.level}, preparation for rung {climb[-1].level}. {why}",
                        side_of(s),
                    )
                )
            s = climb[-1]
            plans.append(
                _Plan(s, "working", prio, f"Rung {s.level}, your working rung. {why}", side_of(s))
            )
        else:
            s = rungs[0]
            what = "a cool-down" if request.session == "cool-down" else "a desk break"
            plans.append(
                _Plan(
                    s,
                    "easy",
                    prio,
                    f"Rung {s.level}, an easy {s.position} stretch for {what}. {why}",
                    side_of(s),
                )
            )
            if s.level > max(lv, 1) and s.level > 2:
                notes.append(
                    f"The easy {name} rungs are ruled out for you; rung {s.level} "
                    f"({s.name}) is the easiest left. Ease into it gently."
                )

    dose = guidance(request)
    budget = request.budget_s
    plans = _arrange(plans, request)
    _set_floor(plans, dose, 0)

    dropped_prep: list[_Plan] = []
    while _total(plans) > budget and any(p.role == "preparation" for p in plans):
        worst = max(p.prio for p in plans if p.role == "preparation")
        drop = min(
            (p for p in plans if p.role == "preparation" and p.prio == worst),
            key=lambda p: p.stretch.level,
        )
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
        notes.append(
            f"{request.minutes} min is not enough for everything you asked for: "
            f"left out the {names(g for _, g in sorted(dropped_groups))}. "
            + (f"The routine covers the {names(kept)}. " if kept else "")
            + "Give it more time or choose fewer groups."
        )
    kept_groups = {p.stretch.group for p in plans}
    dropped_prep = [p for p in dropped_prep if p.stretch.group in kept_groups]
    if dropped_prep:
        rungs = "; ".join(
            f"{cat.group(g).name.lower()} rung{'s' if len(lv) > 1 else ''} "
            + ", ".join(str(x) for x in sorted(lv))
            for g, lv in _by_group(dropped_prep).items()
        )
        notes.append(
            f"To fit {request.minutes} min, the climb skips these preparation rungs: {rungs}."
        )
    steps = tuple(
        Step(
            group=p.stretch.group,
            stretch_id=p.stretch.id,
            side=p.side,
            hold_s=p.hold_s,
            reps=p.reps,
            reason=p.reason,
            level=p.stretch.level,
            position=p.stretch.position,
            role=p.role,
            transition_s=p.transition_s,
        )
        for p in plans
    )
    for note in dict.fromkeys(
        f"{text} ({cat.stretch(st.stretch_id).name})"
        for st in steps
        for text in flags(cat.stretch(st.stretch_id), restrictions, st.side, request.operated_side)
    ):
        notes.append(note)
    short = [st for st in steps if st.role != "preparation" and st.stretch_s < DOSE_GUIDANCE_S]
    if short:
        notes.append(
            f"Some stretches get less than the guidance of about {DOSE_GUIDANCE_S} s "
            "on each side (ACSM; Garber et al. 2011): "
            + ", ".join(st.stretch_id for st in short)
            + ". Give it more time when you can."
        )
    if request.older_adult:
        notes.append(
            f"Older-adult mode: holds of {OLDER_HOLD_RANGE_S[0]}-{OLDER_HOLD_RANGE_S[1]} s "
            "(ACSM Guidelines; Feland et al. 2001)."
        )
    if plans and total < FILL_TARGET * budget:
        capped = all(
            p.hold_s >= dose.std and (p.role == "preparation" or p.reps >= dose.max_reps)
            for p in plans
        )
        if not capped or dropped_groups or dropped_prep:
            why = "the next hold or stretch would not fit in the time that is left."
        else:
            why = (
                "a desk break keeps to the guidance dose, with no extra repetitions"
                if request.session == "desk-break"
                else f"the guidance allows at most {dose.max_reps} holds per stretch"
            )
            why += (
                ". Add focus groups"
                + (" or raise your levels" if request.session == "focused" else "")
                + " to use more of the time."
            )
        notes.append(
            f"This routine takes {format_duration(total)} of your {format_duration(budget)}: {why}"
        )
    if request.session == "desk-break" and request.minutes > DESK_BREAK_MAX_MIN:
        notes.append(
            f"A desk break is meant to be short (a few minutes, up to about "
            f"{DESK_BREAK_MAX_MIN}); choose a focused session for longer."
        )
    if not plans:
        notes.append("No stretch fits this request.")

    return Routine(request, steps, tuple(excluded), tuple(notes))
