"""The build's lessons -> both editions of the course site (see :mod:`website`).

The build's workers stage each executed lesson (:func:`stage_lesson`); once every lesson
is done, :func:`build_course_site` builds the learner and instructor sites into the build's
output folder, and :func:`entry_page` is its ``index.html``.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path

from hipcourse.build.website import (
    _STEM,
    COURSE_NAME,
    EDITIONS,
    SiteLesson,
    SiteResult,
    _check_edition,
    _notebook_text,
    _write_if_changed,
    build_site,
    stage,
)
from hipcourse.kit.checks import InputError
from hipcourse.kit.files import atomic_write_bytes

# ============================================================================ the course's site
#: Where each edition goes inside the build's output folder.
EDITION_DIRS = {"learner": "learner", "instructor": "instructor"}
STAGE_DIR = ".site"


def edition_dir(out_dir: str | Path, edition: str) -> Path:
    """The folder of one edition's pages inside the build's output folder."""
    _check_edition(edition)
    return Path(out_dir) / EDITION_DIRS[edition]


def staged_dir(out_dir: str | Path, edition: str) -> Path:
    """The Sphinx source folder of one edition (kept between builds, hidden)."""
    _check_edition(edition)
    return Path(out_dir) / STAGE_DIR / "src" / edition


def lesson_info_or_name(path: Path) -> dict:
    """Title, minutes and "you will learn" of a lesson (``lesson.lesson_info``), or the
    file name alone when the notebook cannot be read."""
    from hipcourse.views.lesson import lesson_info

    try:
        return lesson_info(path)
    except (OSError, ValueError, KeyError, TypeError):
        return {"file": Path(path).name, "title": Path(path).stem, "minutes": None, "learn": []}


def site_lesson(path: Path) -> SiteLesson:
    info = lesson_info_or_name(path)
    return SiteLesson(Path(path).stem, info["title"], info["minutes"], info["learn"])


def _readable(value) -> str | None:
    """Markdown for a plain Python value a lesson cell returned (a dict, a list, True), so a
    page shows a table, a list or a word instead of the value's repr; None to keep it."""

    def cell(v):
        return str(v).replace("|", "\\|")

    if isinstance(value, bool):
        return "Yes." if value else "No."
    flat = isinstance(value, dict) and all(not isinstance(v, (dict, list)) for v in value.values())
    if flat and value:
        rows = [f"| {cell(k)} | {cell(v)} |" for k, v in value.items()]
        return "\n".join(["| | |", "|---|---|"] + rows)
    if isinstance(value, (list, tuple)) and value:
        if all(isinstance(v, str) for v in value):
            return "\n".join(f"- {cell(v)}" for v in value)
        if all(isinstance(v, tuple) and len(v) == len(value[0]) for v in value):
            head = "| " + " | ".join(" " for _ in value[0]) + " |"
            rule = "|" + "---|" * len(value[0])
            return "\n".join(
                [head, rule] + ["| " + " | ".join(cell(x) for x in v) + " |" for v in value]
            )
    return None


def _no_reprs(nb) -> None:
    """Turn the plain-value results of code cells into Markdown (see :func:`_readable`)."""
    import ast

    for c in nb.get("cells", []):
        for out in c.get("outputs", []):
            data = out.get("data", {})
            if out.get("output_type") != "execute_result" or set(data) != {"text/plain"}:
                continue
            text = (
                "".join(data["text/plain"])
                if isinstance(data["text/plain"], list)
                else data["text/plain"]
            )
            try:
                md = _readable(ast.literal_eval(text))
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if md:
                data["text/markdown"] = md


def lesson_views(nb) -> tuple[dict, list[str]]:
    """The learner and instructor views of an executed lesson, alt text carried into the
    outputs' metadata; and the images that have none (one line each)."""
    from hipcourse.build.notebook import carry_alt_text, instructor_view, learner_view

    views = {"learner": learner_view(nb), "instructor": instructor_view(nb)}
    missing = carry_alt_text(views["instructor"])
    carry_alt_text(views["learner"])
    _no_reprs(views["learner"])
    return views, missing


_MD_IMAGE = re.compile(r"(!\[[^\]]*\]\(\s*)<?([^)\s>]+)>?")


def _localise_images(nb, nb_dir: Path | None, src: Path) -> None:
    """Copy the local pictures a lesson's Markdown shows into ``src/_media`` and point
    the Markdown at the copies (the staged notebook does not sit next to the lesson)."""
    if nb_dir is None:
        return
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]

        def copy(m):
            ref = m.group(2)
            path = (Path(nb_dir) / ref.split("#")[0]).resolve()
            if re.match(r"^[a-z]+:", ref) or not path.is_file():
                return m.group(0)
            data = path.read_bytes()
            name = f"{hashlib.sha256(data).hexdigest()[:16]}{path.suffix.lower()}"
            target = src / "_media" / name
            if not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(target, data)
            return f"{m.group(1)}_media/{name}"

        cell["source"] = _MD_IMAGE.sub(copy, text)


def stage_lesson(out_dir: str | Path, stem: str, nb, nb_dir: str | Path | None = None) -> list[str]:
    """Stage both editions of one executed lesson for the next :func:`build_course_site`
    (run by the build's workers, one lesson each); return the images without alt text.
    ``nb_dir`` is where the lesson's Markdown finds its local pictures."""
    if not _STEM.match(stem):
        raise InputError("lesson", stem, "a lesson name like 03_hamstrings")
    views, missing = lesson_views(nb)
    for edition, view in views.items():
        src = staged_dir(out_dir, edition)
        _localise_images(view, Path(nb_dir) if nb_dir else None, src)
        _write_if_changed(src / f"{stem}.ipynb", _notebook_text(view))
    return missing


def build_course_site(
    out_dir: str | Path, lessons: Iterable[SiteLesson], *, fresh: bool = False
) -> dict[str, SiteResult]:
    """Build both editions into ``out_dir`` from the lessons staged by :func:`stage_lesson`.

    Only ``lessons`` appear, in that order: a staged lesson not among them (it failed, or
    left the course) loses its page.
    """
    lessons = list(lessons)
    results = {}
    for edition in EDITIONS:
        src = staged_dir(out_dir, edition)
        staged = {
            les.stem: json.loads((src / f"{les.stem}.ipynb").read_text(encoding="utf-8"))
            for les in lessons
            if (src / f"{les.stem}.ipynb").is_file()
        }
        stage(src, staged, lessons, edition)
        results[edition] = build_site(
            src,
            edition_dir(out_dir, edition),
            Path(out_dir) / STAGE_DIR / "cache" / edition,
            edition,
            fresh=fresh,
        )
    return results


def site_from_stored_outputs(
    notebooks: Iterable[str | Path], out_dir: str | Path, **kwargs
) -> dict[str, SiteResult]:
    """Both editions from the outputs stored in the notebooks (nothing is executed)."""
    import nbformat

    paths = [Path(p) for p in notebooks]
    for path in paths:
        stage_lesson(out_dir, path.stem, nbformat.read(path, as_version=4), path.parent)
    return build_course_site(out_dir, [site_lesson(p) for p in paths], **kwargs)


def entry_page() -> str:
    """``index.html`` of the build's output folder: it sends the reader to the learner
    site (a meta refresh works from ``file://`` too) and names the other editions."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        '<meta http-equiv="refresh" content="0; url=learner/index.html">\n'
        f"<title>{html.escape(COURSE_NAME)}</title>\n</head>\n<body>\n<main>\n"
        f"<h1>{html.escape(COURSE_NAME)}</h1>\n"
        '<p><a href="learner/index.html">Open the course</a>. Instructors: the '
        '<a href="instructor/index.html">instructor edition</a> (code, solutions, teaching '
        "notes, and each lesson's slides).</p>\n"
        "<p>This course teaches; it does not diagnose or treat.</p>\n"
        "</main>\n</body>\n</html>\n"
    )
