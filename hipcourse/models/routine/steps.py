"""What a routine is made of: :class:`Step`, :class:`Excluded` and :class:`Routine`."""

from __future__ import annotations

import json
from dataclasses import dataclass

from hipcourse.content.catalog import GROUP_IDS
from hipcourse.models.routine.dose import (
    DOSE,
    HOLDS_PER_REP,
    Dose,
    dose_of_steps,
    step_duration_s,
)
from hipcourse.models.routine.request import FILE_FORMAT, FILE_VERSION, RoutineRequest


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
        """Holds per repetition: 2 for each side in turn, else 1."""
        return HOLDS_PER_REP[self.side]

    @property
    def stretch_s(self) -> int:
        """Seconds under stretch per side (this step's :class:`Dose` for its group)."""
        return dose_of_steps([self]).per_group_s[self.group]

    @property
    def duration_s(self) -> int:
        """Seconds the step takes, transition included."""
        return step_duration_s(self.side, self.hold_s, self.reps, self.transition_s)

    def to_dict(self) -> dict:
        return {
            "group": self.group,
            "stretch_id": self.stretch_id,
            "side": self.side,
            "hold_s": self.hold_s,
            "reps": self.reps,
            "reason": self.reason,
            "level": self.level,
            "position": self.position,
            "role": self.role,
            "transition_s": self.transition_s,
        }


@dataclass(frozen=True)
class Excluded:
    """A stretch of a focus group that the request rules out, and why."""

    stretch_id: str
    group: str
    level: int
    reason: str

    def to_dict(self) -> dict:
        return {
            "stretch_id": self.stretch_id,
            "group": self.group,
            "level": self.level,
            "reason": self.reason,
        }


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

    def dose(self) -> Dose:
        """The routine's dose: seconds under stretch per group and per side, in all, and
        the session's length (see :mod:`hipcourse.models.routine.dose`).

        The one place that computes it; the journal records exactly this dose for a
        session in which every step was done.
        """
        return dose_of_steps(self.steps, session_s=self.total_s)

    def weekly_plan(self) -> dict[str, int | None]:
        """Days a week this routine must be done for each of its groups to reach the weekly
        guidance (:data:`~hipcourse.models.routine.dose.DOSE`: at least 5 min per group,
        over at least 5 days; Thomas et al. 2018); None where even daily sessions fall
        short (give that group more time per session)."""
        return {g: DOSE.days_needed(sec) for g, sec in self.dose().per_group_s.items()}

    def dose_by_group(self) -> dict[str, int]:
        """Seconds under stretch per side for each group: ``self.dose().per_group_s``."""
        return self.dose().per_group_s

    def summary(self) -> dict:
        """The `hipcourse routine --json` format."""
        return {
            "total_s": self.total_s,
            "steps": [
                {
                    k: s.to_dict()[k]
                    for k in ("stretch_id", "group", "side", "hold_s", "reps", "reason")
                }
                for s in self.steps
            ],
            "excluded": [{"stretch_id": e.stretch_id, "reason": e.reason} for e in self.excluded],
            "notes": list(self.notes),
        }

    def to_dict(self) -> dict:
        """Everything needed to reload the routine identically (the saved-file format)."""
        return {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "request": self.request.to_dict(),
            "total_s": self.total_s,
            "budget_s": self.budget_s,
            "steps": [s.to_dict() for s in self.steps],
            "excluded": [e.to_dict() for e in self.excluded],
            "notes": list(self.notes),
            "message": self.message,
        }

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, two-space indent, a final newline."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
