"""The course website: lessons -> a Sphinx site (myst-nb + sphinx-book-theme), offline.

Two editions are built from the lessons' executed notebooks:

- the **learner** site: no code, no solutions, no instructor notes (the views of
  :mod:`hipcourse.build.handouts` decide what a learner sees), a landing page that says
  where to start and what each lesson gives;
- the **instructor** site: code, solutions and teaching notes.

Each has a contents sidebar, previous/next links, full-text search that works from
``file://`` (Sphinx's search is a static index read by JavaScript), dark and print styles
(the theme's, plus ``templates/site/static/hipcourse-site.css``), references and DOIs as
links (:mod:`hipcourse.build.website_ext`), and a phone layout without sideways scrolling.
Nothing is loaded from a network host: myst-nb's widget scripts are switched off because
the pages carry no live widgets (a widget needs a kernel; every widget cell is followed by
a static figure of its default state, and the views drop the widget itself).

The build is incremental on two levels: :func:`stage` rewrites a staged notebook only when
its content changed, and Sphinx, whose environment is kept in ``cache_dir``, then reads
only the changed lessons again.

Sphinx and myst-nb are imported by :func:`build_site` only (importing them costs about a
second); the rest of the module is cheap.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hipcourse.build.website_ext import ALT_MAP_FILE
from hipcourse.kit.checks import InputError
from hipcourse.kit.files import atomic_write_bytes
from hipcourse.kit.resources import TEMPLATES_DIR

COURSE_NAME = "Hip stretches: a Jupyter course"
EDITIONS = ("learner", "instructor")
STATIC_DIR = TEMPLATES_DIR / "site" / "static"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
_STEM = re.compile(r"^\d\d_[A-Za-z0-9_\-]+$")


@dataclass
class SiteLesson:
    """What the landing page says about one lesson (from ``lesson.lesson_info``)."""

    stem: str
    title: str
    minutes: int | None = None
    learn: list[str] = field(default_factory=list)


@dataclass
class SiteResult:
    """The outcome of :func:`build_site`."""

    edition: str
    out_dir: Path
    pages: list[str]
    seconds: float
    read: list[str] = field(default_factory=list)  # documents Sphinx read (changed ones)
    warnings: list[str] = field(default_factory=list)

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"


# ============================================================================ settings
def sphinx_settings(edition: str) -> dict:
    """The Sphinx configuration of one edition (given as overrides: there is no conf.py)."""
    _check_edition(edition)
    learner = edition == "learner"
    return {
        "project": COURSE_NAME,
        "author": "the hipcourse authors",
        "copyright": "the hipcourse authors",
        "language": "en",
        "root_doc": "index",
        "extensions": ["myst_nb", "hipcourse.build.website_ext"],
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "html_theme": "sphinx_book_theme",
        "html_title": COURSE_NAME + ("" if learner else " (instructor edition)"),
        "html_static_path": [str(STATIC_DIR)],
        "html_css_files": ["hipcourse-site.css"],
        "html_js_files": ["hipcourse-site.js"],
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_show_sphinx": False,
        "html_last_updated_fmt": None,
        "html_theme_options": {
            "home_page_in_toc": True,
            "show_toc_level": 2,
            "show_navbar_depth": 1,
            "use_download_button": False,
            "use_fullscreen_button": False,
            "use_repository_button": False,
            "use_source_button": False,
            "use_issues_button": False,
            "use_edit_page_button": False,
            "navigation_with_keys": False,
        },
        # the stored outputs are the lesson: nothing runs here
        "nb_execution_mode": "off",
        "nb_output_stderr": "remove",
        "nb_merge_streams": True,
        "nb_remove_code_source": learner,
        "nb_ipywidgets_js": {},  # no live widgets on the pages (see the module docstring)
        "myst_enable_extensions": ["colon_fence"],
        "myst_heading_anchors": 3,
        "suppress_warnings": ["myst.header", "mystnb.unknown_mime_type"],
    }


def _check_edition(edition: str) -> None:
    if edition not in EDITIONS:
        raise InputError("edition", edition, " or ".join(EDITIONS))


# ============================================================================ staging
def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds it (Sphinx then skips it)."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return True


def _image_bytes(mime: str, content) -> bytes:
    text = "".join(content) if isinstance(content, list) else content
    if mime == "image/svg+xml":
        import os

        return os.linesep.join(text.splitlines()).encode("utf-8")
    return base64.b64decode(text)


def _notebook_text(nb) -> str:
    nb = dict(nb)
    nb["metadata"] = {
        k: v
        for k, v in dict(nb.get("metadata", {})).items()
        if k in ("kernelspec", "language_info")
    }
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def alt_texts(nb) -> dict[str, str]:
    """``sha256 of the image bytes -> alt text`` for every output image that has one (the
    name myst-nb gives the image file, so :mod:`website_ext` can put the alt text back)."""
    alts = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            md = out.get("metadata") or {}
            for mime in IMAGE_MIMES:
                if mime in out.get("data", {}):
                    meta = md.get(mime) if isinstance(md.get(mime), dict) else {}
                    alt = meta.get("alt")
                    if alt:
                        digest = hashlib.sha256(_image_bytes(mime, out["data"][mime])).hexdigest()
                        alts[digest] = alt
    return alts


def stage(
    src_dir: str | Path,
    notebooks: Mapping[str, object],
    lessons: Iterable[SiteLesson],
    edition: str,
) -> list[str]:
    """Write the Sphinx source of one edition into ``src_dir``; return the stems changed.

    ``notebooks`` maps each lesson's stem to its view (a notebook node or dict: the learner
    or instructor view, alt text carried into the outputs' metadata). A staged lesson that
    is no longer in ``notebooks`` is removed, so the site never shows a stale page.
    """
    _check_edition(edition)
    src = Path(src_dir)
    src.mkdir(parents=True, exist_ok=True)
    changed = []
    alts: dict[str, str] = {}
    for stem, nb in notebooks.items():
        if not _STEM.match(stem):
            raise InputError("lesson", stem, "a lesson name like 03_hamstrings")
        alts.update(alt_texts(nb))
        if _write_if_changed(src / f"{stem}.ipynb", _notebook_text(nb)):
            changed.append(stem)
    for old in src.glob("*.ipynb"):
        if old.stem not in notebooks:
            old.unlink()
            changed.append(old.stem)
    lessons = [les for les in lessons if les.stem in notebooks]
    _write_if_changed(src / ALT_MAP_FILE, json.dumps(alts, indent=0, sort_keys=True) + "\n")
    if _write_if_changed(src / "index.md", landing_page(lessons, edition)):
        changed.append("index")
    return changed


# ============================================================================ landing page
def _md_escape(text: str) -> str:
    return re.sub(r"([\[\]<>])", r"\\\1", text)


def _total_time(lessons: list[SiteLesson]) -> str:
    minutes = sum(les.minutes or 0 for les in lessons)
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"about {hours} h {rest:02d} min" if hours else f"about {minutes} minutes"


def landing_page(lessons: list[SiteLesson], edition: str) -> str:
    """The site's first page (MyST): where to start, what each lesson gives, the safety
    note, the lessons' table of contents (hidden: the sidebar shows it)."""
    from hipcourse.views.lesson import safety_text

    _check_edition(edition)
    learner = edition == "learner"
    first = lessons[0] if lessons else None
    lines = [f"# {COURSE_NAME}" + ("" if learner else ": instructor edition"), ""]
    if learner:
        lines += [
            "A self-paced course on stretching the muscles around the hip, for people who sit "
            "a lot and feel it in the low back, the neck or the knees. Each lesson explains one "
            "part of the story, shows what a musculoskeletal model of the leg says about it, and "
            "ends with a ladder of stretches from easy to hard.",
            "",
        ]
        if first:
            lines += [
                "## Where to start",
                "",
                f"Start with **[{_md_escape(first.title)}]({first.stem}.ipynb)**: it "
                "explains how the course works and how to choose a stretch that suits you. "
                "Then go through the lessons in order with the *Next* link at the bottom of "
                "each page, "
                "or jump to the muscle group that bothers you from the contents on the left.",
                "",
            ]
        lines += [
            "Read the lessons here, and do the exercises in your own copy of the "
            "notebooks, where each one checks your answer: "
            "`hipcourse build --student my-notebooks` writes it (and never overwrites it "
            "later), then `jupyter lab my-notebooks/` opens it.",
            "",
        ]
    else:
        lines += [
            "The same lessons as the learner site, with the code of every cell, the worked "
            "solutions of the exercises and the teaching notes (marked *Instructor notes*). "
            "The last lesson is the instructor's guide: a six-week class plan, editing the "
            "catalog, class routines, handouts, slides and the student copy.",
            "",
            "Each lesson below links its slides.",
            "",
        ]
    lines += [
        ":::{admonition} Safety note",
        ":class: warning",
        "",
        re.sub(r"^\*\*Safety note\.\*\*\s*", "", safety_text().strip()),
        ":::",
        "",
    ]
    total = _total_time(lessons)
    lines += ["## The lessons", ""]
    if total:
        lines += [f"{len(lessons)} lessons, {total} in all.", ""]
    for les in lessons:
        when = f" ({les.minutes} min)" if les.minutes else ""
        lines += [f"### [{_md_escape(les.title)}]({les.stem}.ipynb){when}", ""]
        if not learner:
            lines += [
                f'<p><a href="../slides/{les.stem}.slides.html">Slides of this lesson</a> '
                "(reveal.js, offline; S for speaker notes, F for full screen)</p>",
                "",
            ]
        if les.learn:
            lines += ["You will learn:", ""] + [f"- {item}" for item in les.learn] + [""]
    lines += ["```{toctree}", ":hidden:", ":maxdepth: 1", ":caption: Lessons", ""]
    lines += [les.stem for les in lessons] + ["```", ""]
    return "\n".join(lines)


# ============================================================================ build
def build_site(
    src_dir: str | Path,
    out_dir: str | Path,
    cache_dir: str | Path,
    edition: str,
    *,
    fresh: bool = False,
) -> SiteResult:
    """Run Sphinx on a staged edition (see :func:`stage`); write the site to ``out_dir``.

    ``cache_dir`` keeps Sphinx's environment between builds, so only changed lessons are
    read again; ``fresh=True`` reads everything. Sphinx's warnings are returned, one line
    each, with the build's own paths shortened to the lesson's name.
    """
    _check_edition(edition)
    t0 = time.perf_counter()
    src, out, cache = Path(src_dir), Path(out_dir), Path(cache_dir)
    if not (src / "index.md").is_file():
        raise InputError("src_dir", str(src), "a folder staged by hipcourse.build.website.stage")
    import myst_nb.sphinx_ext
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    # myst-nb writes each notebook's images to <out_dir>/../jupyter_execute, a name it does
    # not let a configuration change; point it into the hidden cache, one per output folder
    myst_nb.sphinx_ext.OUTPUT_FOLDER = os.path.relpath(
        cache.resolve() / "outputs", out.resolve().parent
    )

    warnings = io.StringIO()
    read: list[str] = []
    with patch_docutils(None), docutils_namespace():
        app = Sphinx(
            str(src),
            None,
            str(out),
            str(cache / "doctrees"),
            "html",
            confoverrides=sphinx_settings(edition),
            status=None,
            warning=warnings,
            freshenv=fresh,
            warningiserror=False,
            parallel=0,
        )
        app.connect("source-read", lambda _app, docname, _source: read.append(docname))
        app.build()
    sources = out / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()  # html_copy_source is off; Sphinx still makes the folder
    staged = {p.stem for p in src.glob("*.ipynb")}
    from hipcourse.kit.files import MANIFEST, record_written, written_by_hipcourse

    for page in out.glob("[0-9][0-9]_*.html"):
        if page.stem not in staged and written_by_hipcourse(page):
            page.unlink()  # a lesson that left the course leaves no stale page (ours only)
    for f in sorted(out.rglob("*")):
        if f.is_file() and f.name != MANIFEST:
            record_written(f)  # so the next build may replace (or remove) what it wrote
    lines = [
        ln.replace(str(src) + "/", "").strip()
        for ln in warnings.getvalue().splitlines()
        if ln.strip()
    ]
    pages = sorted(p.name for p in out.glob("*.html"))
    return SiteResult(
        edition=edition,
        out_dir=out,
        pages=pages,
        read=sorted(read),
        seconds=time.perf_counter() - t0,
        warnings=lines,
    )


def page_title(path: Path) -> str:
    """The ``<title>`` of a written page (for tests and the build's summary)."""
    m = re.search(r"<title>(.*?)</title>", Path(path).read_text(encoding="utf-8"), re.S)
    return html.unescape(m.group(1).strip()) if m else ""
