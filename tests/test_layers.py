"""The package's layers only look down: kit <- content <- models <- views <- build <- cli.

Every ``import`` in the package, at module level or inside a function, is read from the
source with :mod:`ast`, so a lazy import that runs against the flow fails here too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hipcourse"
LAYERS = ("kit", "content", "models", "views", "build")
#: The command line (the package ``hipcourse.cli`` and its modules) and the package's front
#: door sit above every layer.
TOP = {"hipcourse", "hipcourse.cli"}
TOP_PACKAGES = ("hipcourse.cli",)
#: "Modules of about 450 lines at most" (issue 14), counted after ruff format.
MAX_LINES = 480


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_top(module: str) -> bool:
    return module in TOP or any(module.startswith(p + ".") for p in TOP_PACKAGES)


def _rank(module: str) -> int:
    """Layer rank of a ``hipcourse`` module: 0 for kit ... 4 for build, 5 for the top."""
    if _is_top(module):
        return len(LAYERS)
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    raise AssertionError(f"{module} belongs to no layer; put it under one of {LAYERS}")


def _imports(tree: ast.AST, module: str):
    """(line, imported module) for every import of a hipcourse module in ``tree``."""
    package = module if module in TOP else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "hipcourse":
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.split(".")[0] != "hipcourse":
                continue
            if name == "hipcourse":  # from hipcourse import x: x is a module or a name
                for alias in node.names:
                    yield node.lineno, f"hipcourse.{alias.name}"
            else:
                yield node.lineno, name


def _target_rank(name: str) -> int:
    import hipcourse

    parts = name.split(".")
    if len(parts) == 2 and parts[1] in hipcourse.MODULES:  # a short name of the front door
        return _rank(hipcourse.MODULES[parts[1]])
    if len(parts) == 2 and parts[1] not in LAYERS and not _is_top(name):
        return len(LAYERS)  # a name defined in hipcourse/__init__.py
    if name == "hipcourse":
        return len(LAYERS)
    return _rank(name)


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "templates" not in p.parts)


def test_every_module_is_in_a_layer():
    for path in SOURCES:
        _rank(_module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_look_down(path):
    module = _module_name(path)
    rank = _rank(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [
        f"line {line}: {module} ({LAYERS[rank] if rank < len(LAYERS) else 'top'}) imports {name}"
        for line, name in _imports(tree, module)
        if _target_rank(name) > rank
    ]
    assert not bad, (
        "imports against the flow kit <- content <- models <- views <- build:\n" + "\n".join(bad)
    )


def test_the_checker_catches_an_upward_import():
    """The check above is not vacuous: an upward import in a model is found."""
    tree = ast.parse("def f():\n    from hipcourse.views import plots\n")
    found = [(line, name) for line, name in _imports(tree, "hipcourse.models.spine")]
    assert found == [(2, "hipcourse.views")]
    assert _target_rank("hipcourse.views.plots") > _rank("hipcourse.models.spine")
    tree = ast.parse("from hipcourse import plots\n")
    assert [_target_rank(n) for _, n in _imports(tree, "hipcourse.content.catalog")] == [3]
    # the command line's modules are the top layer: the build may not import them
    tree = ast.parse("from hipcourse.cli.common import print_json\n")
    assert [_target_rank(n) for _, n in _imports(tree, "hipcourse.build.runner")] == [len(LAYERS)]
    assert _rank("hipcourse.build.runner") < len(LAYERS)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{path.relative_to(PACKAGE)} has {lines} lines; split it by "
        f"what it holds (at most {MAX_LINES})"
    )
