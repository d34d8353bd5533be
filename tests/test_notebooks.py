"""Notebook hygiene and jupytext pairing.

nbval re-executes every notebook separately (``python -m pytest`` collects the .ipynb files
with ``--nbval``); these tests check what a learner sees before running anything.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _md(nb) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_there_are_lessons():
    assert len(NOTEBOOKS) >= 2, "the course needs its lesson notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_pair_in_sync(path):
    """The .ipynb and its MyST .md hold the same cells (jupytext's --test cannot tell)."""
    import jupytext
    from jupytext.compare import compare_notebooks

    md = path.parent / "md" / f"{path.stem}.md"  # a subfolder: JupyterLab lists each lesson once
    assert md.exists(), f"{path.name} has no paired md/{md.name}"
    # jupytext.toml pairs them the same way (so saving in JupyterLab updates md/)
    paired = subprocess.run(
        [sys.executable, "-m", "jupytext", "--paired-paths", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    paired_md = (ROOT / paired.stdout.split()[0]).resolve()
    assert paired_md == md.resolve(), paired.stdout + paired.stderr
    nb_md = jupytext.read(md)
    nb_ipynb = jupytext.read(path)
    compare_notebooks(nb_md, nb_ipynb, fmt="md:myst", compare_outputs=False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_saved_outputs_are_clean(path):
    nb = _load(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: execution counts {counts}"
    for i, c in enumerate(code):
        for o in c.get("outputs", []):
            assert o["output_type"] != "error", f"{path.name}: cell {i} has a saved error"
            assert not (
                o["output_type"] == "stream"
                and o.get("name") == "stderr"
                and "Traceback" in "".join(o.get("text", ""))
            ), f"{path.name}: cell {i}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_image_has_alt_text(path):
    nb = _load(path)
    n_images = 0
    for i, c in enumerate(nb["cells"]):
        for o in c.get("outputs", []):
            for mime in ("image/png", "image/svg+xml", "image/jpeg"):
                if mime in o.get("data", {}):
                    n_images += 1
                    alt = o.get("metadata", {}).get(mime, {}).get("alt", "")
                    assert len(alt.strip()) >= 20, f"{path.name}: image in cell {i} lacks alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_lesson_skeleton(path):
    nb = _load(path)
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3", "kernelspec missing"
    text = _md(nb)
    assert re.search(r"^# \S", text, re.M), "no title"
    assert "**Time:**" in text, "no time estimate"
    assert "**You will learn" in text, "no learning objectives"
    assert re.search(r"^## Recap", text, re.M), "no recap"
    assert re.search(r"^## References", text, re.M), "no references"
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert any("safety_note()" in src for src in code[:2]), (
        "the safety note is not shown at the top"
    )
    tags = [t for c in nb["cells"] for t in c.get("metadata", {}).get("tags", [])]
    assert "solution" in tags, "no exercise with a tagged solution"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_widgets_have_static_fallback(path):
    """A widget cell is followed by a static figure, so handouts never show a dead box."""
    nb = _load(path)
    cells = nb["cells"]
    for i, c in enumerate(cells):
        tags = c.get("metadata", {}).get("tags", [])
        if "widget" not in tags:
            continue
        assert "nbval-ignore-output" in tags, (
            f"{path.name}: widget cell {i} not nbval-ignore-output"
        )
        later = [o for d in cells[i + 1 : i + 4] for o in d.get("outputs", [])]
        assert any("image/png" in o.get("data", {}) for o in later), (
            f"{path.name}: widget cell {i} has no static figure after it"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_cells_are_short(path):
    """Logic lives in the package; a notebook cell is a call or two."""
    nb = _load(path)
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] == "code":
            n = len("".join(c["source"]).strip().splitlines())
            assert n <= 15, f"{path.name}: code cell {i} has {n} lines"


def test_readme_course_map_lists_every_lesson():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme, f"README's course map misses {path.name}"
