"""The follow-along timer: the :func:`timeline` of a routine and the :class:`Player`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hipcourse.content.catalog import Catalog, load_catalog
from hipcourse.kit.checks import InputError, integer
from hipcourse.models.routine.dose import format_duration
from hipcourse.models.routine.request import GAP_S, GET_READY_RANGE_S
from hipcourse.models.routine.steps import Routine


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

    kind: str  # "get-ready" | "hold" | "switch" | "release" | "done"
    step_index: int  # index into routine.steps (-1 for "done")
    side: str  # "left" | "right" | "together" | ""
    rep: int  # 1-based repetition (0 when not a hold)
    start_s: int
    duration_s: int
    text: str
    cues: tuple[Cue, ...] = field(default=())

    @property
    def end_s(self) -> int:
        return self.start_s + self.duration_s


def _countdown(end_s: int, duration_s: int) -> list[Cue]:
    return [Cue(end_s - k, "count", str(k)) for k in (3, 2, 1) if duration_s > k]


def timeline(
    routine: Routine, get_ready_s: int | None = None, catalog: Catalog | None = None
) -> tuple[Segment, ...]:
    """The follow-along timer's script: timed segments with their cues.

    For each step: a get-ready pause (the step's ``transition_s``: the get-ready time plus
    any change of position) with a 3-2-1 count into the first hold; then the holds, one
    side after the other (left, switch sides, right, ...), each with a start cue, 3-2-1
    before it ends and an end cue; holds are separated by ``GAP_S`` s to release or switch.
    The last segment is ``"done"`` (0 s) with a one-line summary.

    With the default ``get_ready_s`` (the routine's own), the durations add up exactly to
    ``routine.total_s``; another value changes each get-ready pause by the difference.
    """
    from hipcourse.kit.checks import instance

    instance("routine", routine, Routine, "a Routine (from build_routine)")
    if catalog is not None:
        instance("catalog", catalog, Catalog, "a Catalog (from load_catalog)")
    cat = catalog or load_catalog()
    extra = (
        0
        if get_ready_s is None
        else (integer("get_ready_s", get_ready_s, *GET_READY_RANGE_S) - routine.request.get_ready_s)
    )
    segs: list[Segment] = []
    t = 0
    for i, step in enumerate(routine.steps):
        s = cat.stretch(step.stretch_id)
        sides = ["left", "right"] if step.side == "both" else [step.side]
        ready = step.transition_s + extra
        if ready > 0:
            first = f" ({sides[0]} side)" if sides[0] in ("left", "right") else ""
            segs.append(
                Segment(
                    "get-ready",
                    i,
                    sides[0],
                    0,
                    t,
                    ready,
                    f"Get ready: {s.name}{first}",
                    tuple(_countdown(t + ready, ready)),
                )
            )
            t += ready
        holds = [(rep, side) for rep in range(1, step.reps + 1) for side in sides]
        for k, (rep, side) in enumerate(holds):
            end = t + step.hold_s
            label = f" ({side} side)" if side in ("left", "right") else ""
            cues = (
                [Cue(t, "start", f"Hold{label}")]
                + _countdown(end, step.hold_s)
                + [Cue(end, "end", "Release")]
            )
            segs.append(
                Segment(
                    "hold",
                    i,
                    side,
                    rep,
                    t,
                    step.hold_s,
                    f"{s.name}{label}: hold {rep} of {step.reps}",
                    tuple(cues),
                )
            )
            t = end
            if k + 1 < len(holds):
                nxt = holds[k + 1][1]
                if nxt != side:
                    segs.append(
                        Segment(
                            "switch",
                            i,
                            nxt,
                            0,
                            t,
                            GAP_S,
                            "Switch sides",
                            (Cue(t, "switch", "Switch sides"),),
                        )
                    )
                else:
                    segs.append(
                        Segment("release", i, side, 0, t, GAP_S, "Release, breathe, then again", ())
                    )
                t += GAP_S
    text = done_summary(routine)
    segs.append(Segment("done", -1, "", 0, t, 0, text, (Cue(t, "done", text),)))
    return tuple(segs)


def done_summary(routine: Routine, skipped_s: int = 0) -> str:
    """The one-line summary the timer shows at the end."""
    from hipcourse.kit.checks import instance

    instance("routine", routine, Routine, "a Routine (from build_routine)")
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
        from hipcourse.kit.checks import instance

        instance("segments", segments, (list, tuple), "the segments from timeline()")
        for seg in segments:
            instance("segments", seg, Segment, "the segments from timeline()")
        if routine is not None:
            instance("routine", routine, Routine, "a Routine (from build_routine)")
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
        return [
            c
            for seg in self.segments
            for c in seg.cues
            if (lo <= c.at_s if include_lo else lo < c.at_s) and c.at_s <= hi
        ]

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
        return [
            c
            for c in self._cues(end, end, include_lo=True)
            if c.kind != "end" and c.kind != "count"
        ]
