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
