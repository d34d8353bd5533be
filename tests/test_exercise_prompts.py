"""An exercise that has not been answered yet gets "your turn", never a verdict.

Every lesson's answer starts as ``None`` (or a dict of ``None`` to fill in), so the stored
output of a check cell, and the course site built from it, never says "✗ Not quite" about
an answer nobody gave.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from hipcourse import exercises
from hipcourse.views.exercises.feedback import ANSWER_PARAMETERS

ROOT = Path(__file__).resolve().parent.parent
CHECKS = sorted(n for n in dir(exercises) if n.startswith("check_"))


@pytest.mark.parametrize("name", CHECKS)
def test_a_check_given_none_says_your_turn(name):
    check = getattr(exercises, name)
    params = inspect.signature(check).parameters
    answer = next(n for n in ANSWER_PARAMETERS if n in params)
    # the other arguments are never looked at before the answer is
    args = {
        n: object()
        for n, p in params.items()
        if p.default is inspect.Parameter.empty
        and p.kind is p.POSITIONAL_OR_KEYWORD
        and n != answer
    }
    feedback = check(**args, **{answer: None})
    assert not feedback.correct and not feedback.answered
    assert "Not quite" not in feedback._repr_markdown_()
    assert feedback._repr_markdown_().startswith("**Your turn.**")


def test_a_template_of_nones_is_not_an_answer_and_a_real_answer_gets_a_verdict():
    blank = exercises.check_pose_change(
        "hamstring-supine-strap", {"semimembranosus": None}, knee_flexion_deg=45
    )
    assert not blank.answered
    real = exercises.check_self_test("straight-leg-raise", 72, "normal")
    assert real.answered and not real.correct and "Not quite" in real._repr_markdown_()


@pytest.mark.parametrize(
    "path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem
)
def test_no_stored_output_grades_an_answer_nobody_gave(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for number, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] != "code" or "solution" in cell["metadata"].get("tags", []):
            continue
        for out in cell.get("outputs", []):
            text = json.dumps(out.get("data", {})) + "".join(out.get("text", ""))
            assert "Not quite" not in text, f"{path.name} cell {number}"
