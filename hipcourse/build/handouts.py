"""`hipcourse build`: execute every lesson and write handouts, slides and a course map.

A view module (no domain logic). For each ``notebooks/NN_topic.ipynb`` the build

1. executes an in-memory copy in a fresh kernel (nbclient, kernel named by the
   notebook's kernelspec, working directory = the notebooks folder), several notebooks
   at once (one worker per core by default), never writing into ``notebooks/``;
2. writes, under ``handouts/`` (or ``out_dir``):

   - ``learner/``: the learner edition of the course website (Sphinx + myst-nb +
     sphinx-book-theme, :mod:`hipcourse.build.website`): contents sidebar, previous/next,
     a landing page, offline search, references linked, dark and print styles; no code,
     no cells tagged ``solution``, ``instructor`` or ``widget``, the safety note on every
     lesson, every image with the alt text carried in its output's metadata;
   - ``instructor/``: the same site with code, solutions and teaching notes, and a link
     to each lesson's slides;
   - ``slides/NN_topic.slides.html``: reveal.js slides, one idea per slide at 1280 x 720
     (:mod:`hipcourse.build.slide_layout`); reveal.js is vendored in
     ``hipcourse/templates`` and inlined, so the slides work offline; ``instructor``
     cells become speaker notes;
   - ``index.html``: a one-line entry page that forwards to ``learner/index.html``;

3. optionally prints each learner page to PDF with Chromium (``pdf=True``) and writes
   a student copy of the notebooks (``student_dir``): solution cells replaced by a
   prompt, instructor cells removed, outputs cleared; a copy already there is the
   learner's and is never overwritten.

The build is incremental: a fingerprint of each notebook's cells plus the package's
code, data files and templates is stored in ``out_dir/.hipcourse-build.json``; a lesson
whose fingerprint has not changed (and whose files are still there) is not executed
again. ``force=True`` rebuilds everything.

The code lives in the modules of :mod:`hipcourse.build` (``notebook`` for the views,
``execute``, ``export`` for staging pages, slides and PDF, ``website`` and
``website_lessons`` for the course site, ``slide_layout`` for the slides, ``state`` and
``runner`` for the incremental build, ``app`` for Voilà); this module is their front door,
the one lessons and the CLI use (``from hipcourse import handouts``).

Importing this module is cheap: nbformat, nbclient and nbconvert are imported by the
functions that need them (importing nbformat alone costs about 1.7 s on the course
machines, so the build pays it once per process, never once per notebook).
"""

from __future__ import annotations

from hipcourse.build.app import APP_NOTEBOOK, voila_command
from hipcourse.build.common import COURSE_NAME, PLACEHOLDER_ALT, write_atomic
from hipcourse.build.execute import NotebookFailure, execute_notebook
from hipcourse.build.export import (
    audit_html,
    find_chromium,
    print_pdf,
    render_lesson,
    warm_exporters,
)
from hipcourse.build.notebook import (
    IMAGE_MIMES,
    NOTEBOOK_PATTERN,
    SOLUTION_PROMPT_CODE,
    SOLUTION_PROMPT_MARKDOWN,
    TAG_INSTRUCTOR,
    TAG_SOLUTION,
    TAG_WIDGET,
    TAGS_REMOVE_CELL,
    TAGS_REMOVE_OUTPUT,
    instructor_view,
    learner_view,
    lesson_notebooks,
    slides_view,
    student_copy,
)
from hipcourse.build.results import BuildResult, LessonResult
from hipcourse.build.runner import EXECUTORS, build, write_student_copy
from hipcourse.build.state import (
    BUILD_FORMAT,
    STATE_FILE,
    notebook_fingerprint,
    package_fingerprint,
)

__all__ = [
    "APP_NOTEBOOK",
    "BUILD_FORMAT",
    "COURSE_NAME",
    "EXECUTORS",
    "IMAGE_MIMES",
    "NOTEBOOK_PATTERN",
    "PLACEHOLDER_ALT",
    "SOLUTION_PROMPT_CODE",
    "SOLUTION_PROMPT_MARKDOWN",
    "STATE_FILE",
    "TAG_INSTRUCTOR",
    "TAG_SOLUTION",
    "TAG_WIDGET",
    "TAGS_REMOVE_CELL",
    "TAGS_REMOVE_OUTPUT",
    "BuildResult",
    "LessonResult",
    "NotebookFailure",
    "audit_html",
    "build",
    "execute_notebook",
    "find_chromium",
    "instructor_view",
    "learner_view",
    "lesson_notebooks",
    "notebook_fingerprint",
    "package_fingerprint",
    "print_pdf",
    "render_lesson",
    "slides_view",
    "student_copy",
    "voila_command",
    "warm_exporters",
    "write_atomic",
    "write_student_copy",
]
