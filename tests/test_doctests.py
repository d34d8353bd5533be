"""The ``>>>`` examples in the docstrings run, and print what they say.

One test per module, imported only when its test runs, so the light modules' examples do
not pay for MuJoCo or matplotlib. Measured here: ``--doctest-modules`` over ``hipcourse/``
would import every module (views and build included) during collection, in every xdist
worker, and clash with the ``tests``/``notebooks`` testpaths; a list is cheaper and explicit.
A module with examples that is missing from the list fails
``test_every_module_with_examples_is_listed``.
"""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hipcourse"
#: Modules whose examples are run (the light ones first).
MODULES = [
    "hipcourse.kit.checks",
    "hipcourse.kit.resources",
    "hipcourse.content.tables",
    "hipcourse.content.catalog",
    "hipcourse.models.spine",
    "hipcourse.models.spine.pelvis",
    "hipcourse.models.spine.geometry",
    "hipcourse.models.spine.posture",
    "hipcourse.models.spine.muscles",
    "hipcourse.models.assessment",
    "hipcourse.models.assessment.selftests",
    "hipcourse.models.assessment.results",
    "hipcourse.models.musculoskeletal",
    "hipcourse.models.musculoskeletal.lengths",
    "hipcourse.models.routine",
    "hipcourse.models.journal",
]
#: Layers whose modules with examples must be listed above (views and build: their own issue).
CHECKED_LAYERS = ("kit", "content", "models")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples(module) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(module, module.__name__) if t.examples]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    tests = _examples(module)
    assert tests, f"{name} is listed but has no >>> examples"
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for t in tests:
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see the output above)"


def test_every_module_with_examples_is_listed():
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if len(parts) < 2 or parts[1] not in CHECKED_LAYERS:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        if ">>> " in path.read_text(encoding="utf-8") and ".".join(parts) not in MODULES:
            missing.append(".".join(parts))
    assert not missing, "add these to MODULES in tests/test_doctests.py: " + ", ".join(missing)


def test_a_wrong_example_fails():
    """The runner above is not vacuous: an example with the wrong output is counted as failed."""
    t = doctest.DocTestParser().get_doctest(">>> 1 + 1\n3\n", {}, "wrong", "wrong.py", 0)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(t, out=lambda s: None)
    assert runner.summarize(verbose=False).failed == 1
