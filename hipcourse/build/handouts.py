"""`hipcourse build`: execute every lesson and write handouts, slides and a course map.

A view module (no domain logic). For each ``notebooks/NN_topic.ipynb`` the build

1. executes an in-memory copy in a fresh kernel (nbclient, kernel named by the
   notebook's kernelspec, working directory = the notebooks folder), several notebooks
   at once (one worker per core by default), never writing into ``notebooks/``;
2. writes, under ``handouts/`` (or ``out_dir``):

   - ``learner/NN_topic.html``: self-contained (figures as data URIs, CSS inline, no
     script), code hidden, cells tagged ``solution``, ``instructor`` and ``widget``
     removed, widget views and stderr dropped, the safety note present, every image with
     the alt text carried in its output's metadata (``{"image/png": {"alt": ...}}``),
     print CSS for A4 and Letter;
   - ``instructor/NN_topic.html``: the same lesson with code, solutions and teaching
     notes (labelled);
   - ``slides/NN_topic.slides.html``: reveal.js slides from the cells whose metadata
     says ``slideshow: {slide_type: slide}``; reveal.js is vendored in
     ``hipcourse/templates`` and inlined, so the slides work offline; ``instructor``
     cells become speaker notes;
   - ``index.html``: the course map (title, time and "you will learn" of each lesson,
     taken from the notebooks) linking all of the above;

3. optionally prints each learner handout to PDF with Chromium (``pdf=True``) and writes
   a student copy of the notebooks (``student_dir``): solution cells replaced by a
   prompt, instructor cells removed, outputs cleared.

The build is incremental: a fingerprint of each notebook's cells plus the package's
code, data files and templates is stored in ``out_dir/.hipcourse-build.json``; a lesson
whose fingerprint has not changed (and whose files are still there) is not executed
again. ``force=True`` rebuilds everything.

Importing this module is cheap: nbformat, nbclient and nbconvert are imported by the
functions that need them (importing nbformat alone costs about 1.7 s on the course
machines, so the build pays it once per process, never once per notebook).
"""
from __future__ import annotations

import copy
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, TextIO

from hipcourse.kit.checks import InputError
from hipcourse.kit.files import atomic_write_bytes
from hipcourse.kit.resources import TEMPLATES_DIR, package_dir

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
#: nbconvert's placeholder for an image without alt text: not a description.
PLACEHOLDER_ALT = "No description has been provided for this image"
STATE_FILE = ".hipcourse-build.json"
#: Bump when the build's output format changes, so every lesson is rebuilt once.
BUILD_FORMAT = 1
COURSE_NAME = "Hip stretches: a Jupyter course"
EXECUTORS = ("processes", "threads")

PACKAGE_DIR = package_dir()
SOLUTION_PROMPT_CODE = ("# Exercise: write your answer here, then run the cell that checks it.\n"
                        "# (The worked solution is in the instructor handout.)\n")
SOLUTION_PROMPT_MARKDOWN = "*Your answer here.* (The worked solution is in the instructor handout.)"


# ============================================================================ results
@dataclass
class LessonResult:
    """What the build did with one notebook."""

    stem: str
    status: str  # "executed", "unchanged" or "failed"
    seconds: float = 0.0
    error: str = ""
    failed_cell: int | None = None  # 1-based position of the failing cell in the notebook
    warnings: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> path relative to out_dir
    fingerprint: str = ""


@dataclass
class BuildResult:
    """The outcome of :func:`build`; ``ok`` is False when any lesson failed."""

    lessons: list[LessonResult]
    out_dir: Path
    seconds: float
    jobs: int
    index: Path | None = None
    student_dir: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def _with(self, status: str) -> list[str]:
        return [r.stem for r in self.lessons if r.status == status]

    @property
    def executed(self) -> list[str]:
        return self._with("executed")

    @property
    def unchanged(self) -> list[str]:
        return self._with("unchanged")

    @property
    def failed(self) -> list[str]:
        return self._with("failed")

    def summary(self) -> str:
        """A few lines for the terminal: counts, where the files are, failures, warnings."""
        n = len(self.lessons)
        lines = [f"hipcourse build: {n} lesson{'s' if n != 1 else ''} in {self.seconds:.1f} s: "
                 f"{len(self.executed)} executed, {len(self.unchanged)} unchanged, "
                 f"{len(self.failed)} failed ({self.jobs} worker{'s' if self.jobs != 1 else ''})"]
        if self.index is not None:
            lines.append(f"  course map: {self.index}")
        for r in self.lessons:
            if r.status == "failed":
                lines.append(f"  FAILED {r.stem}.ipynb: {r.error}")
        for r in self.lessons:
            lines.extend(f"  warning: {r.stem}: {w}" for w in r.warnings)
        lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines)


class NotebookFailure(Exception):
    """A notebook could not be read or executed; the message names the cell."""

    def __init__(self, message: str, cell: int | None = None):
        super().__init__(message)
        self.cell = cell


# ============================================================================ small helpers
def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` atomically (``routine.atomic_write_bytes``), readable by all (0644),
    so a web server can serve the handouts folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data)
    os.chmod(path, 0o644)


def lesson_notebooks(notebooks_dir: str | os.PathLike) -> list[Path]:
    """The lesson notebooks ``NN_topic.ipynb`` in ``notebooks_dir``, in course order."""
    nb_dir = Path(notebooks_dir)
    if not nb_dir.is_dir():
        raise InputError("--notebooks", str(notebooks_dir),
                         "an existing folder of lesson notebooks (run from the repository root)")
    return sorted(p for p in nb_dir.iterdir() if NOTEBOOK_PATTERN.match(p.name) and p.is_file())


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def _first_line(text: str, width: int = 70) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# ============================================================================ fingerprints
_VOLATILE_CELL_METADATA = {"execution", "collapsed", "scrolled", "ExecuteTime"}


def package_fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the package's ``.py`` files, data files and templates."""
    h = hashlib.sha256()
    files = sorted(p for p in package_dir.rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    for p in files:
        h.update(p.relative_to(package_dir).as_posix().encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?|<img[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']",
                       re.IGNORECASE)


def notebook_fingerprint(nb, nb_dir: Path, package_fp: str) -> str:
    """SHA-256 over what decides a lesson's handouts: its cells (not their outputs), its
    kernelspec, local images its Markdown refers to, the package and the build format."""
    cells = []
    for cell in nb.get("cells", []):
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in _VOLATILE_CELL_METADATA}
        cells.append([cell.get("cell_type"), _source(cell), meta])
    h = hashlib.sha256()
    h.update(json.dumps({"format": BUILD_FORMAT, "package": package_fp, "cells": cells,
                         "kernelspec": nb.get("metadata", {}).get("kernelspec", {})},
                        sort_keys=True, ensure_ascii=True).encode())
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for m in _MD_IMAGE.finditer(_source(cell)):
            ref = m.group(1) or m.group(2)
            if re.match(r"^[a-z]+:", ref):
                continue
            p = (nb_dir / ref.split("#")[0]).resolve()
            if p.is_file():
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()


# ============================================================================ notebook views
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


def _carry_alt_text(nb) -> list[str]:
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
                    missing.append(f"cell {number}: {mime} output without alt text "
                                   f"(use plots.show(fig, alt=...))")
    for number, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") == "markdown":
            for m in re.finditer(r"!\[\s*\]\(", _source(cell)):
                missing.append(f"cell {number}: Markdown image without alt text")
    return missing


def _safety_sentence() -> str:
    from hipcourse.views.lesson import safety_text

    text = re.sub(r"\*\*[^*]+\*\*", "", safety_text())  # drop the bold "Safety note." lead
    return " ".join(text.split())[:60]


def _has_safety_note(nb) -> bool:
    key = _safety_sentence()
    for cell in nb.cells:
        texts = [_source(cell)] if cell.get("cell_type") == "markdown" else []
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
    nb.cells = [c for c in nb.cells if not (_tags(c) & tags)]


def _common_view(nb):
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    _drop_cells(nb, TAGS_REMOVE_CELL)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            if _tags(cell) & TAGS_REMOVE_OUTPUT:
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
        if TAG_INSTRUCTOR in _tags(cell):
            cell.metadata["slideshow"] = {"slide_type": "notes"}
    _ensure_safety_note(nb)
    return nb


def student_copy(nb):
    """A notebook for students: solutions replaced by a prompt, instructor cells removed,
    every output and execution count cleared (they run it themselves)."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("jupytext", None)  # a student copy is not paired with the MyST text
    _drop_cells(nb, {TAG_INSTRUCTOR})
    for cell in nb.cells:
        tags = _tags(cell)
        if TAG_SOLUTION in tags:
            cell.source = SOLUTION_PROMPT_CODE if cell.cell_type == "code" else SOLUTION_PROMPT_MARKDOWN
            cell.metadata["tags"] = sorted((tags - {TAG_SOLUTION}) | {"exercise"})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    return nb


# ============================================================================ lesson info
def _inline_md(text: str) -> str:
    """Escape ``text`` and keep its ``code`` spans, **bold** and *italics* (course map)."""
    out = html.escape(text.strip())
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![\w*])\*([^*]+)\*(?![\w*])", r"<em>\1</em>", out)
    out = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", out)
    return out


def _lesson_info(path: Path) -> dict:
    """Title, minutes and "you will learn" of a lesson (``lesson.lesson_info``), or the
    file name alone when the notebook cannot be read."""
    from hipcourse.views.lesson import lesson_info

    try:
        return lesson_info(path)
    except (OSError, ValueError, KeyError, TypeError):
        return {"file": path.name, "title": path.stem, "minutes": None, "learn": []}


# ============================================================================ rendering
_EXPORTER_SETS: list[dict] = []  # idle sets; a worker takes one and gives it back
_EXPORTER_LOCK = threading.Lock()


def _new_exporters() -> dict:
    """A learner, an instructor and a slides exporter (compiling their templates costs
    about half a second, so sets are reused; nbconvert exporters register filters on
    every call, so one set serves one thread at a time)."""
    from nbconvert import HTMLExporter, SlidesExporter

    common = dict(extra_template_basedirs=[str(TEMPLATES_DIR)],
                  extra_template_paths=[str(TEMPLATES_DIR / "shared")],
                  exclude_input_prompt=True, exclude_output_prompt=True,
                  exclude_anchor_links=True, embed_images=True)
    ex = {
        "learner": HTMLExporter(template_name="hipcourse_handout", exclude_input=True, **common),
        "instructor": HTMLExporter(template_name="hipcourse_handout", **common),
        "slides": SlidesExporter(template_name="hipcourse_slides", exclude_input=True,
                                 reveal_url_prefix="reveal.js", **common),
    }
    import logging

    quiet = logging.getLogger("hipcourse.build.nbconvert")  # not nbconvert's shared logger:
    quiet.setLevel(logging.ERROR)  # the build reports missing alt text itself, per cell
    for e in ex.values():
        e.log = quiet
        e.environment.get_template(e.template_file or "index.html.j2")  # compile now
    return ex


def warm_exporters(count: int = 1) -> None:
    """Make sure ``count`` idle exporter sets exist (done while the first kernels start)."""
    while True:
        with _EXPORTER_LOCK:
            if len(_EXPORTER_SETS) >= count:
                return
        ex = _new_exporters()
        with _EXPORTER_LOCK:
            _EXPORTER_SETS.append(ex)


class _Exporters:
    def __enter__(self) -> dict:
        with _EXPORTER_LOCK:
            self.ex = _EXPORTER_SETS.pop() if _EXPORTER_SETS else None
        if self.ex is None:
            self.ex = _new_exporters()
        return self.ex

    def __exit__(self, *exc) -> None:
        with _EXPORTER_LOCK:
            _EXPORTER_SETS.append(self.ex)


_REMOTE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data)\s*=\s*"
    r"[\"']?\s*(?:https?:)?//"
    r"|url\(\s*[\"']?\s*(?:https?:)?//"
    r"|@import\s+[\"'](?:https?:)?//",
    re.IGNORECASE)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_NOTEBOOK_LINK = re.compile(r"""href=(["'])((?:\./)?\d\d_[A-Za-z0-9_\-]+)\.ipynb(#[^"']*)?\1""")


def audit_html(text: str, *, self_contained: bool = True) -> list[str]:
    """Problems in an exported page: network requests, images without alt text and (for
    a self-contained page) images that are not embedded."""
    problems = []
    remote = _REMOTE.findall(text)
    if remote:
        problems.append(f"{len(remote)} reference(s) to a network host (script, stylesheet, "
                        f"font or image)")
    no_alt = not_embedded = 0
    for tag in _IMG.findall(text):
        alt = re.search(r"\balt\s*=\s*([\"'])(.*?)\1", tag, re.DOTALL)
        if not alt or alt.group(2).strip() in ("", PLACEHOLDER_ALT):
            no_alt += 1
        if self_contained and not re.search(r"\bsrc\s*=\s*[\"']data:", tag):
            not_embedded += 1
    if no_alt:
        problems.append(f"{no_alt} image(s) without alt text in the page")
    if not_embedded:
        problems.append(f"{not_embedded} image(s) not embedded (file not found?)")
    return problems


def render_lesson(nb, stem: str, nb_dir: Path, out_dir: Path, title: str) -> tuple[dict, list]:
    """Write the learner and instructor handouts and the slides of an executed lesson.

    Returns ``(outputs, warnings)``: paths relative to ``out_dir`` and problems found.
    """
    warnings: list[str] = []
    views = {"learner": learner_view(nb), "instructor": instructor_view(nb), "slides": slides_view(nb)}
    for number_msg in _carry_alt_text(views["instructor"]):
        warnings.append(number_msg)
    for v in ("learner", "slides"):
        _carry_alt_text(views[v])
    targets = {"learner": Path("learner") / f"{stem}.html",
               "instructor": Path("instructor") / f"{stem}.html",
               "slides": Path("slides") / f"{stem}.slides.html"}
    editions = {"learner": "Learner handout", "instructor": "Instructor edition",
                "slides": "Slides"}
    outputs = {}
    for kind, view in views.items():
        resources = {
            "metadata": {"name": stem, "path": str(nb_dir)},
            "hipcourse": {
                "view": kind, "title": title, "edition": editions[kind],
                "course": COURSE_NAME,
                "footer": (f"{COURSE_NAME}: {stem}. Built by hipcourse build from "
                           f"notebooks/{stem}.ipynb. This course teaches; it does not "
                           f"diagnose or treat."),
            },
        }
        with _Exporters() as ex:
            body, _ = ex[kind].from_notebook_node(view, resources=resources)
        if kind != "slides":
            body = _NOTEBOOK_LINK.sub(lambda m: f"href={m.group(1)}{m.group(2)}.html"
                                                f"{m.group(3) or ''}{m.group(1)}", body)
        problems = audit_html(body, self_contained=True)
        warnings.extend(f"{kind}: {p}" for p in problems
                        if kind == "learner" or "network" in p)
        write_atomic(out_dir / targets[kind], body)
        outputs[kind] = targets[kind].as_posix()
    return outputs, warnings


# ============================================================================ execution
def execute_notebook(nb, nb_dir: Path, *, timeout_s: int = 600, name: str = "notebook"):
    """Execute ``nb`` in place (in memory) in a fresh kernel; raise :class:`NotebookFailure`
    naming the cell on any error."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    kernel_name = (nb.metadata.get("kernelspec") or {}).get("name") or "python3"
    current = {"index": None}

    def on_cell_start(cell, cell_index, **_):
        current["index"] = cell_index

    # "immediate" shutdown: a graceful one waits ~3.5 s for ipykernel to exit in about
    # one run in four here; the build has nothing to save in the kernel.
    client = NotebookClient(nb, timeout=timeout_s, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(nb_dir)}},
                            record_timing=False, allow_errors=False,
                            shutdown_kernel="immediate",
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            on_cell_start=on_cell_start)
    try:
        client.execute()
    except CellExecutionError as exc:
        raise NotebookFailure(_describe_failure(nb, current["index"], name,
                                                f"{exc.ename}: {exc.evalue}",
                                                _failing_line(exc.traceback)),
                              _cell_number(current["index"])) from None
    except CellTimeoutError:
        raise NotebookFailure(_describe_failure(nb, current["index"], name,
                                                f"timed out after {timeout_s} s"),
                              _cell_number(current["index"])) from None
    except DeadKernelError as exc:
        raise NotebookFailure(_describe_failure(nb, current["index"], name,
                                                f"the kernel died ({exc})"),
                              _cell_number(current["index"])) from None
    except Exception as exc:  # kernel not found, kernel start failure, ...
        raise NotebookFailure(f"could not run the notebook: {type(exc).__name__}: {exc}") from None
    return nb


def _cell_number(index: int | None) -> int | None:
    return None if index is None else index + 1


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _failing_line(traceback: str) -> str:
    """The line IPython marks with an arrow in the failing cell ("----> 2 f(x)"), or ""."""
    lines = _ANSI.sub("", traceback or "").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Cell In["):
            for nxt in lines[i + 1:]:
                m = re.match(r"^-+> ?(\d+)\s(.*)$", nxt)
                if m:
                    return f"line {m.group(1)}: {m.group(2).strip()}"
            break
    return ""


def _describe_failure(nb, index: int | None, name: str, what: str, line: str = "") -> str:
    if index is None:
        return f"{name}: {what}"
    cell = nb.cells[index]
    count = cell.get("execution_count")
    run = f", execution [{count}]" if count else ""
    where = line or _first_line(_source(cell))
    return f"cell {index + 1} of {len(nb.cells)}{run}: {what}\n      in: {_first_line(where, 100)}"


# ============================================================================ PDF
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The Chromium executable (``/usr/bin/chromium`` or ``chromium`` on PATH), or None."""
    for name in CHROMIUM_CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def print_pdf(chromium: str, html_path: Path, pdf_path: Path, *, timeout_s: int = 120) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium (no network, temp profile)."""
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hipcourse-chromium-") as profile:
        tmp_pdf = pdf_path.with_name(f".{pdf_path.name}.tmp")
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={tmp_pdf}", html_path.resolve().as_uri()]
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              timeout=timeout_s, text=True)
        if proc.returncode != 0 or not tmp_pdf.is_file() or tmp_pdf.stat().st_size == 0:
            tmp_pdf.unlink(missing_ok=True)
            raise RuntimeError(f"Chromium could not print {html_path.name} "
                               f"(exit {proc.returncode}): {_first_line(proc.stderr, 200)}")
        os.replace(tmp_pdf, pdf_path)


# ============================================================================ one lesson
@dataclass
class _Job:
    path: Path
    stem: str
    nb_dir: Path
    out_dir: Path
    fingerprint: str
    execute: bool  # False: outputs are current, only the PDF is missing
    chromium: str | None
    timeout_s: int
    title: str


def _build_one(job: _Job) -> LessonResult:
    """Execute and render one lesson (runs in a worker thread or process)."""
    import nbformat

    t0 = time.perf_counter()
    result = LessonResult(stem=job.stem, status="executed" if job.execute else "unchanged",
                          fingerprint=job.fingerprint)
    try:
        if job.execute:
            try:
                nb = nbformat.read(job.path, as_version=4)
            except Exception as exc:
                raise NotebookFailure(f"cannot read the notebook: {type(exc).__name__}: {exc}")
            execute_notebook(nb, job.nb_dir, timeout_s=job.timeout_s, name=job.path.name)
            outputs, warnings = render_lesson(nb, job.stem, job.nb_dir, job.out_dir, job.title)
            result.outputs.update(outputs)
            result.warnings.extend(warnings)
        else:
            result.outputs.update({"learner": f"learner/{job.stem}.html",
                                   "instructor": f"instructor/{job.stem}.html",
                                   "slides": f"slides/{job.stem}.slides.html"})
        if job.chromium:
            pdf = Path("learner") / f"{job.stem}.pdf"
            try:
                print_pdf(job.chromium, job.out_dir / result.outputs["learner"], job.out_dir / pdf)
                result.outputs["pdf"] = pdf.as_posix()
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                result.warnings.append(f"PDF: {exc}")
    except NotebookFailure as exc:
        result.status, result.error, result.failed_cell = "failed", str(exc), exc.cell
    except Exception as exc:  # a bug in rendering must not stop the other lessons
        result.status = "failed"
        result.error = f"export failed: {type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - t0
    return result


# ============================================================================ progress
class _Progress:
    """A one-line progress bar on a terminal; one plain line per lesson otherwise."""

    def __init__(self, total: int, stream: TextIO, tty: bool | None = None):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty() if tty is None else tty
        self.t0 = time.perf_counter()
        self.running: list[str] = []
        self._lock = threading.Lock()

    def _line(self) -> str:
        width = max(40, shutil.get_terminal_size((100, 20)).columns - 1)
        n = 24
        fill = int(n * self.done / self.total) if self.total else n
        text = (f"[{'#' * fill}{'.' * (n - fill)}] {self.done}/{self.total} "
                f"{time.perf_counter() - self.t0:5.1f} s")
        if self.running:
            text += "  running: " + ", ".join(self.running)
        return text[:width]

    def draw(self) -> None:
        if self.tty and self.total:
            with self._lock:
                self.stream.write("\r\033[K" + self._line())
                self.stream.flush()

    def start(self, stem: str) -> None:
        with self._lock:
            self.running.append(stem)
        self.draw()

    def finish(self, r: LessonResult) -> None:
        with self._lock:
            self.done += 1
            if r.stem in self.running:
                self.running.remove(r.stem)
            what = {"executed": f"executed in {r.seconds:.1f} s",
                    "unchanged": "unchanged" + (" (PDF printed)" if "pdf" in r.outputs else ""),
                    "failed": f"FAILED ({_first_line(r.error, 120)})"}[r.status]
            line = f"[{self.done}/{self.total}] {r.stem}: {what}"
            if self.tty:
                self.stream.write("\r\033[K" + line + "\n")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()
        self.draw()

    def close(self) -> None:
        if self.tty and self.total:
            self.stream.write("\r\033[K")
            self.stream.flush()


# ============================================================================ index
def _index_html(infos: list[dict], results: dict[str, LessonResult], out_dir: Path,
                notes: list[str]) -> str:
    css = (TEMPLATES_DIR / "hipcourse_handout" / "static" / "handout.css").read_text(encoding="utf-8")
    from hipcourse.views.lesson import safety_text

    safety = _inline_md(safety_text()).replace("\n", " ")
    rows = []
    for info in infos:
        stem = info["file"].removesuffix(".ipynb")
        r = results.get(stem)
        links = []
        if r is not None and r.status != "failed":
            for kind, label in (("learner", "Learner handout"), ("instructor", "Instructor edition"),
                                ("slides", "Slides"), ("pdf", "PDF")):
                rel = r.outputs.get(kind)
                if rel and (out_dir / rel).is_file():
                    links.append(f'<a href="{html.escape(rel)}">{label}</a>')
        elif r is not None:
            links.append(f'<span class="hc-failed">Build failed: '
                         f'{html.escape(_first_line(r.error, 160))}</span>')
        learn = "".join(f"<li>{_inline_md(o)}</li>" for o in info["learn"])
        minutes = f"about {info['minutes']} minutes" if info["minutes"] else ""
        rows.append(
            f'<tr><td class="hc-num">{html.escape(stem[:2])}</td>'
            f'<td><strong>{_inline_md(info["title"])}</strong>'
            f'{"<br><span class=hc-time>" + minutes + "</span>" if minutes else ""}'
            f'</td><td>{"<ul>" + learn + "</ul>" if learn else ""}</td>'
            f'<td class="hc-links">{"<br>".join(links)}</td></tr>')
    note_items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    body = (f'<h1>{html.escape(COURSE_NAME)}</h1><p class="hc-edition">Course map</p>'
            f'<p>Every lesson as a <strong>learner handout</strong> (code hidden, no solutions, '
            f'ready to print on A4 or Letter), an <strong>instructor edition</strong> (code, '
            f'solutions and teaching notes) and <strong>slides</strong> (reveal.js, included in '
            f'each file: they work offline; press S for speaker notes, F for full screen).</p>'
            f'<aside class="hc-safety" aria-label="Safety note"><p>{safety}</p></aside>'
            f'<table class="hc-map"><thead><tr><th>#</th><th>Lesson</th><th>You will learn</th>'
            f'<th>Files</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
            + (f'<h2>Notes on this build</h2><ul>{note_items}</ul>' if note_items else "")
            + '<p class="hc-footer">Rebuild with <code>hipcourse build</code> from the repository '
              'root; <code>hipcourse build --student DIR</code> also writes the student copy of '
              'the notebooks.</p>')
    extra = (".hc-map td.hc-num{width:2.2rem;font-weight:700}.hc-map ul{margin:0;padding-left:1.1rem}"
             ".hc-links{white-space:nowrap}.hc-failed{color:#D55E00;white-space:normal}"
             ".hc-time{color:#4d4d4d;font-size:.9em}")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f'<title>{html.escape(COURSE_NAME)}: course map</title>\n'
            f'<style>\n{css}\n{extra}\n</style>\n</head>\n<body class="hc-page hc-index">\n'
            f'<main>{body}</main>\n</body>\n</html>\n')


# ============================================================================ state
def _load_state(out_dir: Path) -> dict:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
        return state if state.get("format") == BUILD_FORMAT else {}
    except (OSError, ValueError):
        return {}


def _save_state(out_dir: Path, lessons: dict) -> None:
    write_atomic(out_dir / STATE_FILE,
                 json.dumps({"format": BUILD_FORMAT, "lessons": lessons}, indent=1, sort_keys=True))


def _outputs_exist(out_dir: Path, entry: dict) -> bool:
    outs = entry.get("outputs", {})
    return all(k in outs and (out_dir / outs[k]).is_file() for k in ("learner", "instructor", "slides"))


# ============================================================================ student copy
def write_student_copy(notebooks: list[Path], student_dir: Path, nb_dir: Path) -> int:
    """Write the student copy of ``notebooks`` into ``student_dir``; return how many."""
    import nbformat

    if student_dir.resolve() == nb_dir.resolve():
        raise InputError("--student", str(student_dir),
                         "a folder other than the notebooks folder (the lessons are never overwritten)")
    count = 0
    for path in notebooks:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue  # reported by the build as a failed lesson
        write_atomic(student_dir / path.name, nbformat.writes(student_copy(nb)) + "\n")
        count += 1
    return count


# ============================================================================ build
def _import_nbformat_quickly() -> None:
    """Import nbformat without the 1.3 s jsonschema spends compiling the grammars of
    ``rfc3987_syntax`` (its optional "iri" format checker).

    nbformat validates notebooks without a format checker, so it never uses that one.
    The trick applies only when neither nbformat nor jsonschema is imported yet (a fresh
    ``hipcourse build`` process); the module stays importable for anyone else.
    """
    if any(m in sys.modules for m in ("nbformat", "jsonschema._format", "rfc3987_syntax")):
        return
    sys.modules["rfc3987_syntax"] = None  # makes `import rfc3987_syntax` raise ImportError
    try:
        import jsonschema._format  # noqa: F401  (skips the optional checker)
    except ImportError:  # pragma: no cover - jsonschema missing: nbformat will say so
        pass
    finally:
        del sys.modules["rfc3987_syntax"]


def build(notebooks_dir: str | os.PathLike = "notebooks", out_dir: str | os.PathLike = "handouts",
          jobs: int | None = None, force: bool = False, pdf: bool = False,
          student_dir: str | os.PathLike | None = None, *, timeout_s: int = 600,
          executor: str = "processes", stream: TextIO | None = None,
          progress: bool | None = None) -> BuildResult:
    """Execute every lesson notebook and write handouts, slides and the course map.

    Parameters
    ----------
    notebooks_dir : path
        Folder with ``NN_topic.ipynb`` lessons (never written to).
    out_dir : path
        Output folder (``learner/``, ``instructor/``, ``slides/``, ``index.html``).
    jobs : int, optional
        Lessons executed at once; default one per core.
    force : bool
        Re-execute every lesson, even unchanged ones.
    pdf : bool
        Also print each learner handout to ``learner/NN_topic.pdf`` with Chromium; without
        Chromium a one-line note, not a failure.
    student_dir : path, optional
        Also write the student copy of the notebooks here.
    timeout_s : int
        Seconds one cell may run.
    executor : {"processes", "threads"}
        Run lessons in forked worker processes (default) or in threads of this process.
        The kernels are separate processes either way, but turning outputs into pages is
        Python work that threads share one core for: on 2 cores forked workers were about
        6 % faster over four runs of ``benchmarks/bench_build.py`` (noisy, shared machine).
        Either way nbformat and nbconvert are imported once, in this process.
    stream : file, optional
        Where progress goes (default ``sys.stderr``).
    progress : bool, optional
        Force the terminal progress bar on or off (default: on when ``stream`` is a TTY).
    """
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise InputError("jobs", jobs, "a whole number of at least 1")
    if executor not in EXECUTORS:
        raise InputError("executor", executor, " or ".join(EXECUTORS))
    t0 = time.perf_counter()
    stream = stream or sys.stderr
    nb_dir = Path(notebooks_dir)
    notebooks = lesson_notebooks(nb_dir)
    out = Path(out_dir)
    if out.resolve() == nb_dir.resolve():
        raise InputError("--out", str(out_dir), "a folder other than the notebooks folder")
    out.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in nb_dir.iterdir()}

    _import_nbformat_quickly()
    import nbformat  # once, in this process; forked workers inherit it

    notes: list[str] = []
    chromium = find_chromium() if pdf else None
    if pdf and chromium is None:
        notes.append("PDF: skipped, Chromium not found (/usr/bin/chromium or chromium on PATH); "
                     "the HTML handouts print from any browser.")
    previous = _load_state(out).get("lessons", {})
    state = {} if force else previous
    pkg_fp = package_fingerprint()
    infos: list[dict] = []
    results: dict[str, LessonResult] = {}
    todo: list[_Job] = []
    for path in notebooks:
        stem = path.stem
        infos.append(_lesson_info(path))
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:
            results[stem] = LessonResult(stem, "failed",
                                         error=f"cannot read the notebook: {type(exc).__name__}: {exc}")
            continue
        fp = notebook_fingerprint(nb, nb_dir, pkg_fp)
        entry = state.get(stem, {})
        current = entry.get("fingerprint") == fp and _outputs_exist(out, entry)
        need_pdf = bool(chromium) and not (out / "learner" / f"{stem}.pdf").is_file()
        if current and not need_pdf:
            results[stem] = LessonResult(stem, "unchanged", outputs=dict(entry.get("outputs", {})),
                                         warnings=list(entry.get("warnings", [])), fingerprint=fp)
            continue
        todo.append(_Job(path=path, stem=stem, nb_dir=nb_dir.resolve(), out_dir=out.resolve(),
                         fingerprint=fp, execute=not current,
                         chromium=chromium if (need_pdf or not current) else None,
                         timeout_s=timeout_s, title=infos[-1]["title"]))

    # longest first (last build's time, else file size), so no worker idles at the end
    todo.sort(key=lambda j: (-previous.get(j.stem, {}).get("seconds", 0), -j.path.stat().st_size))
    n_jobs = min(jobs or _default_jobs(), max(1, len(todo)))
    bar = _Progress(len(todo), stream, progress)
    if results or todo:
        unchanged = sum(r.status == "unchanged" for r in results.values())
        stream.write(f"hipcourse build: {len(notebooks)} lessons, {len(todo)} to build, "
                     f"{unchanged} unchanged ({n_jobs} worker{'s' if n_jobs != 1 else ''})\n")
    new_state = {k: v for k, v in state.items() if k in {p.stem for p in notebooks}}

    def record(r: LessonResult) -> None:
        results[r.stem] = r
        if r.status == "failed":
            new_state.pop(r.stem, None)
            for rel in (f"learner/{r.stem}.html", f"instructor/{r.stem}.html",
                        f"slides/{r.stem}.slides.html", f"learner/{r.stem}.pdf"):
                (out / rel).unlink(missing_ok=True)  # no stale handout for a broken lesson
        else:
            if r.status == "executed" and "pdf" not in r.outputs:
                (out / "learner" / f"{r.stem}.pdf").unlink(missing_ok=True)  # would be stale
            new_state[r.stem] = {"fingerprint": r.fingerprint, "outputs": r.outputs,
                                 "warnings": r.warnings,
                                 "seconds": round(r.seconds, 1) if r.status == "executed"
                                 else state.get(r.stem, {}).get("seconds", 0)}
        bar.finish(r)

    try:
        if todo:
            import multiprocessing

            if executor == "processes" and "fork" not in multiprocessing.get_all_start_methods():
                executor = "threads"  # Windows: no fork, and spawn would re-import everything
            if executor == "processes":
                warm_exporters(1)  # before the fork: every worker process inherits the set
                pool = futures.ProcessPoolExecutor(n_jobs, mp_context=multiprocessing.get_context("fork"))
            else:
                pool = futures.ThreadPoolExecutor(n_jobs, thread_name_prefix="hipcourse-build")
            with pool:
                pending: dict = {}
                queue = list(todo)

                def submit_next():
                    job = queue.pop(0)
                    bar.start(job.stem)
                    pending[pool.submit(_build_one, job)] = job

                for _ in range(min(n_jobs, len(queue))):
                    submit_next()
                if executor == "threads" and any(j.execute for j in todo):
                    warm_exporters(n_jobs)  # while the first kernels start
                while pending:
                    done, _ = futures.wait(pending, timeout=0.5, return_when=futures.FIRST_COMPLETED)
                    for fut in done:
                        job = pending.pop(fut)
                        try:
                            r = fut.result()
                        except Exception as exc:  # a worker process died
                            r = LessonResult(job.stem, "failed", fingerprint=job.fingerprint,
                                             error=f"the build worker failed: {type(exc).__name__}: {exc}")
                        record(r)
                        if queue:
                            submit_next()
                    bar.draw()
    finally:
        bar.close()
        _save_state(out, new_state)

    # pre-existing PDFs of unchanged lessons still count for the index
    for r in results.values():
        if r.status == "unchanged" and "pdf" not in r.outputs and (out / "learner" / f"{r.stem}.pdf").is_file():
            r.outputs["pdf"] = f"learner/{r.stem}.pdf"
    if pdf and chromium:
        printed = sum("pdf" in r.outputs for r in results.values())
        notes.append(f"PDF: {printed} learner handout(s) as learner/NN_topic.pdf (printed with "
                     f"{chromium}).")

    student = None
    if student_dir is not None:
        student = Path(student_dir)
        count = write_student_copy(notebooks, student, nb_dir)
        notes.append(f"student copy: {count} notebook(s) in {student} "
                     f"(solutions replaced by a prompt, instructor cells removed, outputs cleared)")

    created = sorted(n for n in {p.name for p in nb_dir.iterdir()} - before
                     if not (n.startswith(".") or re.match(r"^\d\d_.*\.(ipynb|md)$", n)))
    if created:
        notes.append(f"the lessons' code created files in {nb_dir}: {', '.join(created)}")
    if not notebooks:
        notes.append(f"no lesson notebooks (NN_topic.ipynb) in {nb_dir}")
    index = out / "index.html"
    write_atomic(index, _index_html(infos, results, out, notes))
    return BuildResult(lessons=[results[p.stem] for p in notebooks], out_dir=out,
                       seconds=time.perf_counter() - t0, jobs=n_jobs, index=index,
                       student_dir=student, notes=notes)


# ============================================================================ the app
APP_NOTEBOOK = "08_build_your_routine.ipynb"


def voila_command(notebook: Path, host: str = "127.0.0.1", port: int = 8866,
                  open_browser: bool = False) -> list[str]:
    """The ``voila`` command serving only ``notebook`` as an app, with no code shown.

    Voilà in single-notebook mode registers no file tree and no contents API (any other
    path is redirected to ``/voila/files/``, which serves only images from the notebooks
    folder, never ``.ipynb`` or ``.py``); its kernels accept only widget (comm) and
    kernel-info messages, never ``execute_request``, so the page cannot run arbitrary
    code. Sources are stripped, tracebacks hidden, and the template and theme cannot be
    overridden from the URL.
    """
    voila = shutil.which("voila")
    base = [voila] if voila else [sys.executable, "-m", "voila"]
    return base + [
        str(notebook),
        f"--Voila.ip={host}", f"--Voila.port={port}", "--Voila.port_retries=0",
        f"--Voila.open_browser={open_browser}",
        "--strip_sources=True", "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        f"--Voila.root_dir={notebook.parent}",
    ]
