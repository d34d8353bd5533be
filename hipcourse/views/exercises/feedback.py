"""What every answer check returns: :class:`Feedback`, and the set comparison."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hipcourse.content.catalog import load_catalog

#: What a check says before the learner has answered (the lessons' answers start as None).
YOUR_TURN = (
    "Write your answer in the cell above, in place of `None`, run that cell, then "
    "run this one to check it."
)


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str
    answered: bool = True

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        if not self.answered:
            return "Your turn: " + self.message
        return ("✓ " if self.correct else "✗ ") + self.message

    def _repr_markdown_(self) -> str:
        if not self.answered:
            return f"**Your turn.** {self.message}"
        head = "**✓ Correct.**" if self.correct else "**✗ Not quite.**"
        return f"{head} {self.message}"

    def __repr__(self) -> str:
        return str(self)


ANSWER_PARAMETERS = ("answer", "answers", "answer_s", "answer_deg", "answer_min")


def awaits_answer(check):
    """Wrap an answer check so that an answer of ``None`` (the lessons' starting value)
    gets :data:`YOUR_TURN` instead of a verdict on an answer nobody gave. A dict whose
    values are all ``None`` (a template to fill in) has not been answered either."""
    import functools
    import inspect

    signature = inspect.signature(check)
    names = [n for n in ANSWER_PARAMETERS if n in signature.parameters]
    if not names:
        raise TypeError(
            f"{check.__name__} has no answer parameter ({', '.join(ANSWER_PARAMETERS)})"
        )

    @functools.wraps(check)
    def wrapper(*args, **kwargs):
        bound = signature.bind_partial(*args, **kwargs)
        given = bound.arguments.get(names[0], ...)
        if given is None or (
            isinstance(given, dict) and given and all(v is None for v in given.values())
        ):
            return Feedback(False, YOUR_TURN, answered=False)
        return check(*args, **kwargs)

    return wrapper


def _names(ids: Iterable[str]) -> str:
    cat = load_catalog()
    return ", ".join(cat.muscle(i).name for i in sorted(ids))


def compare_sets(
    answer: Iterable[str],
    truth: Iterable[str],
    *,
    what: str,
    allowed: Iterable[str],
    explain: str,
    names=None,
) -> Feedback:
    """Feedback on a set answer: what is right, what is missing and what is extra.

    ``names`` turns a set of ids into readable text (default: catalog muscle names).
    """
    names = names or _names
    allowed = set(allowed)
    answer = list(answer) if not isinstance(answer, str) else [answer]
    unknown = [a for a in answer if a not in allowed]
    if unknown:
        return Feedback(
            False,
            f"{', '.join(map(repr, unknown))} is not a {what} id. "
            f"Use ids such as: {', '.join(sorted(allowed)[:6])}, ...",
        )
    got, want = set(answer), set(truth)
    if got == want:
        return Feedback(True, explain)
    parts = []
    if want - got:
        parts.append(f"missing: {names(want - got)}")
    if got - want:
        parts.append(f"not these: {names(got - want)}")
    return Feedback(False, "; ".join(parts) + ". " + explain)
