"""The ``>>>`` examples in the docstrings run, and print what they say.

One test per module, imported only when its test runs, so a light module's examples do not
pay for MuJoCo or matplotlib, and a module that has examples but is missing from the list
fails ``test_every_module_with_examples_is_listed``.

Measured on this machine (2 shared cores, loaded): ``pytest --doctest-modules hipcourse/``
also works with the project's addopts (nbval, ``-n 2``): 29 items in 46 s, because every
xdist worker imports every module of the package (views, build and cli too) at collection;
with ``-n 0`` 14.5 s. This file runs the same examples, one test per module (17), in about 11 s with ``-n 0``
and needs no change to ``testpaths``.
"""  # noqa: E501

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
    "hipcourse.content.body",
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
    "hipcourse.models.restrictions",
    "hipcourse.models.poses",
    "hipcourse.models.routine",
    "hipcourse.models.routine.dose",
    "hipcourse.models.routine.timer",
    "hipcourse.models.journal",
    "hipcourse.models.invivo",
    "hipcourse.views.routine_html",
    "hipcourse.build.app",
]
#: Layers whose modules with examples must be listed above.
CHECKED_LAYERS = ("kit", "content", "models", "views", "build")
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
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} examples in {name} failed (see the output above)"
    )


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
