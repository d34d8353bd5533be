"""What every answer check returns: :class:`Feedback`, and the set comparison."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hipcourse.content.catalog import load_catalog


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
                 allowed: Iterable[str], explain: str, names=None) -> Feedback:
    """Feedback on a set answer: what is right, what is missing and what is extra.

    ``names`` turns a set of ids into readable text (default: catalog muscle names).
    """
    names = names or _names
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
        parts.append(f"missing: {names(want - got)}")
    if got - want:
        parts.append(f"not these: {names(got - want)}")
    return Feedback(False, "; ".join(parts) + ". " + explain)
