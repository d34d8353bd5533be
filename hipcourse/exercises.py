"""Self-check helpers for the lessons' exercises: predict, then check, get feedback.

Each ``check_*`` function compares a learner's answer with what the package computes and
returns a :class:`Feedback` that explains, rather than a bare True/False. Feedback renders
as Markdown in a notebook and as plain text elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from hipcourse.catalog import load_catalog


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return ("✓ " if self.correct else "✗ ") + self.message

    def _repr_markdown_(self) -> str:
        head = "**✓ Correct.**" if self.correct else "**✗ Not quite.**"
        return f"{head} {self.message}"

    def __repr__(self) -> str:
        return str(self)


def _names(ids: Iterable[str]) -> str:
    cat = load_catalog()
    return ", ".join(cat.muscle(i).name for i in sorted(ids))


def compare_sets(answer: Iterable[str], truth: Iterable[str], *, what: str,
                 allowed: Iterable[str], explain: str) -> Feedback:
    """Feedback on a set answer: what is right, what is missing and what is extra."""
    allowed = set(allowed)
    answer = list(answer) if not isinstance(answer, str) else [answer]
    unknown = [a for a in answer if a not in allowed]
    if unknown:
        return Feedback(False, f"{', '.join(map(repr, unknown))} is not a {what} id. "
                               f"Use ids such as: {', '.join(sorted(allowed)[:6])}, ...")
    got, want = set(answer), set(truth)
    if got == want:
        return Feedback(True, explain)
    parts = []
    if want - got:
        parts.append(f"missing: {_names(want - got)}")
    if got - want:
        parts.append(f"not these: {_names(got - want)}")
    return Feedback(False, "; ".join(parts) + ". " + explain)


# ---------------------------------------------------------------- lesson 00: welcome
def check_rung_choice(feel_by_rung: dict, answer: int) -> Feedback:
    """Which rung should you work at, given how strongly you felt each one (0-10)?

    The course's rule (from its source article): work at the rung where you feel the
    stretch best, even if you can get into a harder one; on a tie, the easier rung.
    """
    if not feel_by_rung:
        raise ValueError("feel_by_rung = {} is not allowed; expected a rung -> feeling (0-10) mapping")
    best = max(feel_by_rung.values())
    truth = min(r for r, f in feel_by_rung.items() if f == best)
    if answer not in feel_by_rung:
        return Feedback(False, f"rung {answer!r} is not one you tried; choose from {sorted(feel_by_rung)}.")
    if answer == truth:
        return Feedback(True, f"Rung {truth} is where you felt the stretch most ({best}/10). "
                              "Harder rungs you can get into are not better if you feel them less.")
    if answer > truth:
        return Feedback(False, f"You can get into rung {answer}, but you felt rung {truth} more "
                               f"({feel_by_rung[truth]}/10 against {feel_by_rung[answer]}/10). "
                               "Work where you feel it best; use harder rungs only as you progress.")
    return Feedback(False, f"Rung {truth} gave a stronger stretch ({feel_by_rung[truth]}/10 against "
                           f"{feel_by_rung[answer]}/10) and you could do it, so work there.")


def check_desk_friendly(answer: Iterable[str]) -> Feedback:
    """Which groups have at least one rung you can do standing or on a chair?"""
    cat = load_catalog()
    truth = {g.id for g in cat.groups
             if any(s.position in ("standing", "chair") for s in cat.ladder(g.id))}
    answer = [answer] if isinstance(answer, str) else list(answer)
    allowed = {g.id for g in cat.groups}
    bad = [a for a in answer if a not in allowed]
    if bad:
        return Feedback(False, f"{bad[0]!r} is not a group id; use: {', '.join(sorted(allowed))}.")
    if set(answer) == truth:
        return Feedback(True, "Every one of these ladders has a standing or chair rung, so a "
                              "desk break can cover " + ", ".join(sorted(truth)) + ".")
    missing, extra = truth - set(answer), set(answer) - truth
    parts = []
    if missing:
        parts.append("these also have a standing or chair rung: " + ", ".join(sorted(missing)))
    if extra:
        parts.append("these have none: " + ", ".join(sorted(extra)))
    return Feedback(False, "; ".join(parts) + ". Look at the position under each rung in the table.")


# ---------------------------------------------------------------- lesson 01: anatomy
def check_two_joint_muscles(answer: Iterable[str]) -> Feedback:
    """Which muscles of the catalog cross both the hip and the knee?"""
    cat = load_catalog()
    truth = {m.id for m in cat.muscles if m.two_joint}
    return compare_sets(answer, truth, what="muscle", allowed=[m.id for m in cat.muscles],
                        explain="A muscle that crosses two joints is stretched fully only "
                                "when both joints are placed: the hip and the knee.")


def check_groups_of(muscle_id: str, answer: Iterable[str]) -> Feedback:
    """Which groups does a muscle belong to (some belong to two)?"""
    cat = load_catalog()
    m = cat.muscle(muscle_id)
    answer = [answer] if isinstance(answer, str) else list(answer)
    unknown = [a for a in answer if a not in {g.id for g in cat.groups}]
    if unknown:
        return Feedback(False, f"{unknown[0]!r} is not a group id; use one of "
                               + ", ".join(g.id for g in cat.groups))
    if set(answer) == set(m.groups):
        return Feedback(True, f"{m.name} belongs to: {', '.join(m.groups)} "
                              f"({'; '.join(m.actions)}).")
    return Feedback(False, f"{m.name} belongs to {len(m.groups)} group(s). Look at its "
                           f"actions: {'; '.join(m.actions)}.")


# ---------------------------------------------------------------- musculoskeletal lessons


# ---------------------------------------------------------------- spine lesson


# ---------------------------------------------------------------- muscle-group lessons


# ---------------------------------------------------------------- routine / progress
