"""Lesson notebooks and the views the build makes of them: learner, instructor, slides,
and the student copy. Pure functions on notebook nodes (nbformat is imported lazily)."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable
from pathlib import Path

from hipcourse.build.common import PLACEHOLDER_ALT, cell_source, cell_tags
from hipcourse.kit.checks import InputError

#: Lesson notebooks the build picks up (``00_welcome.ipynb`` ... ``10_for_instructors.ipynb``).
NOTEBOOK_PATTERN = re.compile(r"^\d\d_[A-Za-z0-9_\-]+\.ipynb$")
TAG_SOLUTION = "solution"
TAG_INSTRUCTOR = "instructor"
TAG_WIDGET = "widget"
#: Tags (jupyter-book's names) that remove a cell, or its outputs, from every handout.
TAGS_REMOVE_CELL = frozenset({"remove-cell", "remove_cell"})
TAGS_REMOVE_OUTPUT = frozenset({"remove-output", "remove_output"})
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")

SOLUTION_PROMPT_CODE = (
    "# Exercise: write your answer here, then run the cell that checks it.\n"
    "# (The worked solution is in the instructor handout.)\n"
)
SOLUTION_PROMPT_MARKDOWN = "*Your answer here.* (The worked solution is in the instructor handout.)"


def lesson_notebooks(notebooks_dir: str | os.PathLike) -> list[Path]:
    """The lesson notebooks ``NN_topic.ipynb`` in ``notebooks_dir``, in course order."""
    nb_dir = Path(notebooks_dir)
    if not nb_dir.is_dir():
        raise InputError(
            "--notebooks",
            str(notebooks_dir),
            "an existing folder of lesson notebooks (run from the repository root)",
        )
    return sorted(p for p in nb_dir.iterdir() if NOTEBOOK_PATTERN.match(p.name) and p.is_file())


def _image_alt(output, mime: str, cell) -> str:
    """The image's alt text: output metadata per MIME type, then the output's, then the cell's."""
    md = output.get("metadata") or {}
    alt = ""
    if isinstance(md.get(mime), dict):
        alt = md[mime].get("alt") or ""
    alt = alt or md.get("alt") or cell.get("metadata", {}).get("alt") or ""
    return "" if alt.strip() in ("", PLACEHOLDER_ALT) else alt.strip()


def _clean_outputs(cell) -> None:
    """Drop widget views (they are blank without a live kernel), stderr and errors."""
    kept = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stderr":
            continue
        if kind == "error":
            continue
        if kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            if WIDGET_VIEW_MIME in data:
                continue  # a widget's text/plain fallback ("VBox(...)") says nothing either
            if "application/javascript" in data:
                data.pop("application/javascript")
                if not data:
                    continue
        kept.append(out)
    cell["outputs"] = kept


def carry_alt_text(nb) -> list[str]:
    """Copy each image's alt text into ``output.metadata[mime]['alt']``; list those without."""
    missing = []
    for number, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            for mime in IMAGE_MIMES:
                if mime not in out.get("data", {}):
                    continue
                alt = _image_alt(out, mime, cell)
                if alt:
                    md = out.setdefault("metadata", {})
                    if not isinstance(md.get(mime), dict):
                        md[mime] = {}
                    md[mime]["alt"] = alt
                else:
                    missing.append(
                        f"cell {number}: {mime} output without alt text "
                        f"(use plots.show(fig, alt=...))"
                    )
    for number, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") == "markdown":
            missing.extend(
                f"cell {number}: Markdown image without alt text"
                for _ in re.finditer(r"!\[\s*\]\(", cell_source(cell))
            )
    return missing


def _safety_sentence() -> str:
    from hipcourse.views.lesson import safety_text

    text = re.sub(r"\*\*[^*]+\*\*", "", safety_text())  # drop the bold "Safety note." lead
    return " ".join(text.split())[:60]


def _has_safety_note(nb) -> bool:
    key = _safety_sentence()
    for cell in nb.cells:
        texts = [cell_source(cell)] if cell.get("cell_type") == "markdown" else []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts += [data.get("text/markdown", ""), data.get("text/html", ""), out.get("text", "")]
        for t in texts:
            t = "".join(t) if isinstance(t, list) else t
            if key in " ".join(t.replace(">", " ").split()):
                return True
    return False


def _ensure_safety_note(nb) -> None:
    """Insert the course's safety note after the title when no cell shows it."""
    if _has_safety_note(nb):
        return
    import nbformat

    from hipcourse.views.lesson import safety_text

    note = nbformat.v4.new_markdown_cell("> " + safety_text().replace("\n", "\n> "))
    note.metadata["tags"] = ["hipcourse-safety-note"]
    nb.cells.insert(1 if nb.cells else 0, note)


def _drop_cells(nb, tags: Iterable[str]) -> None:
    tags = set(tags)
    nb.cells = [c for c in nb.cells if not (cell_tags(c) & tags)]


def _common_view(nb):
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    _drop_cells(nb, TAGS_REMOVE_CELL)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            if cell_tags(cell) & TAGS_REMOVE_OUTPUT:
                cell["outputs"] = []
            _clean_outputs(cell)
    return nb


def learner_view(nb):
    """The learner's lesson: no solution, instructor or widget cells; the safety note."""
    nb = _common_view(nb)
    _drop_cells(nb, {TAG_SOLUTION, TAG_INSTRUCTOR, TAG_WIDGET})
    _ensure_safety_note(nb)
    return nb


def instructor_view(nb):
    """The instructor's lesson: everything, widget outputs dropped (blank offline)."""
    nb = _common_view(nb)
    _ensure_safety_note(nb)
    return nb


def slides_view(nb):
    """The lesson as slides: the learner's cells; ``instructor`` cells become speaker notes."""
    nb = _common_view(nb)
    _drop_cells(nb, {TAG_SOLUTION, TAG_WIDGET})
    for cell in nb.cells:
        if TAG_INSTRUCTOR in cell_tags(cell):
            cell.metadata["slideshow"] = {"slide_type": "notes"}
    _ensure_safety_note(nb)
    from hipcourse.build.slide_layout import one_idea_per_slide

    return one_idea_per_slide(nb)


def student_copy(nb):
    """A notebook for students: solutions replaced by a prompt, instructor cells removed,
    every output and execution count cleared (they run it themselves)."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("jupytext", None)  # a student copy is not paired with the MyST text
    _drop_cells(nb, {TAG_INSTRUCTOR})
    for cell in nb.cells:
        tags = cell_tags(cell)
        if TAG_SOLUTION in tags:
            cell.source = (
                SOLUTION_PROMPT_CODE if cell.cell_type == "code" else SOLUTION_PROMPT_MARKDOWN
            )
            cell.metadata["tags"] = sorted((tags - {TAG_SOLUTION}) | {"exercise"})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    return nb
