"""`hipcourse build`: handouts, slides, course map, student copy, incremental rebuilds.

One small course is built once per module (a real lesson when it exists, a synthetic
lesson with a solution, an instructor note, a widget and figures with alt text, and a
lesson that fails) and every test reads the files it wrote.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from hipcourse import cli
from hipcourse.build import handouts, runner

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
SOLUTION_TEXT = "SOLUTION_MARKER_42"
INSTRUCTOR_TEXT = "INSTRUCTOR_MARKER_17"
FIGURE_ALT = "A grid of the hip muscles against the joints each one crosses."
SQUARE_ALT = "A small orange square used as a test picture."
# a 1 x 1 orange PNG
SQUARE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4v4IBAATnAfJpW66+AAAAAElFTkSuQmCC"
)


def _synthetic_lesson() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# Build test lesson\n\n**Time:** about 5 minutes\n\n"
            "**You will learn:**\n- that handouts hide code\n"
            "- that `solution` cells stay out of learner handouts"
        ),
        new_code_cell("from hipcourse import lesson, plots\nlesson.safety_note()"),
        new_markdown_cell("## A figure", metadata={"slideshow": {"slide_type": "slide"}}),
        new_code_cell(f"fig = plots.muscle_joint_map()\nplots.show(fig, alt={FIGURE_ALT!r})"),
        new_markdown_cell(f"![{SQUARE_ALT}](square.png)"),
        new_code_cell(f"print({SOLUTION_TEXT!r})", metadata={"tags": ["solution"]}),
        new_markdown_cell(
            f"{INSTRUCTOR_TEXT}: ask the class first.", metadata={"tags": ["instructor"]}
        ),
        new_code_cell(
            "import ipywidgets as W\nW.IntSlider(value=3, description='SLIDER_MARKER')",
            metadata={"tags": ["widget", "nbval-ignore-output"]},
        ),
        new_markdown_cell(
            "## Recap\n\nBack to [the welcome](00_welcome.ipynb).",
            metadata={"slideshow": {"slide_type": "slide"}},
        ),
    ]
    return new_notebook(cells=cells, metadata=KERNELSPEC)


def _broken_lesson() -> nbformat.NotebookNode:
    return new_notebook(
        cells=[
            new_markdown_cell("# Broken lesson"),
            new_code_cell("x = 1"),
            new_code_cell("1 / 0"),
            new_code_cell("y = 2"),
        ],
        metadata=KERNELSPEC,
    )


def _snapshot(folder: Path) -> dict:
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Build a four-lesson course through the CLI; yield its folders and the output."""
    tmp = tmp_path_factory.mktemp("course")
    nb_dir, out, student = tmp / "notebooks", tmp / "handouts", tmp / "student"
    nb_dir.mkdir()
    welcome = ROOT / "notebooks" / "00_welcome.ipynb"
    if welcome.exists():
        shutil.copy(welcome, nb_dir / welcome.name)
    nbformat.write(_synthetic_lesson(), nb_dir / "02_synthetic.ipynb")
    nbformat.write(_broken_lesson(), nb_dir / "03_broken.ipynb")
    (nb_dir / "square.png").write_bytes(SQUARE_PNG)
    before = _snapshot(nb_dir)
    with pytest.MonkeyPatch.context() as mp:
        # other work on the package must not make the incremental tests rebuild
        mp.setattr(runner, "package_fingerprint", lambda *a, **k: "fixed-for-tests")
        code, stdout, stderr = _run_cli(
            [
                "build",
                "--notebooks",
                str(nb_dir),
                "--out",
                str(out),
                "--jobs",
                "2",
                "--student",
                str(student),
            ]
        )
        yield {
            "nb_dir": nb_dir,
            "out": out,
            "student": student,
            "code": code,
            "stdout": stdout,
            "stderr": stderr,
            "before": before,
            "has_welcome": welcome.exists(),
            "mp": mp,
        }


def _read(course, rel: str) -> str:
    return (course["out"] / rel).read_text(encoding="utf-8")


class _Tags(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict]]:
    p = _Tags()
    p.feed(text)
    return p.tags


def _all_pages(course) -> list[Path]:
    """Every lesson page of both editions, their first pages, the slides, the entry page
    (not Sphinx's search and index pages, which hold no lesson)."""
    return sorted(
        p
        for p in course["out"].rglob("*.html")
        if not {".site", "_static"} & set(p.parts)
        and p.name not in ("search.html", "genindex.html")
    )


# ------------------------------------------------------------------------ failure and exit
def test_failing_lesson_is_named_with_its_cell_and_exit_code_is_nonzero(course):
    assert course["code"] == 1
    line = next(ln for ln in course["stdout"].splitlines() if "FAILED" in ln)
    assert "03_broken.ipynb" in line and "cell 3 of 4" in line and "ZeroDivisionError" in line
    assert "1 / 0" in course["stdout"]  # the failing cell's source is quoted
    assert "1 failed" in course["stdout"]


def test_the_other_lessons_are_written_and_the_broken_one_is_not(course):
    stems = ["02_synthetic"] + (["00_welcome"] if course["has_welcome"] else [])
    for stem in stems:
        for rel in (
            f"learner/{stem}.html",
            f"instructor/{stem}.html",
            f"slides/{stem}.slides.html",
        ):
            assert (course["out"] / rel).is_file(), rel
    assert not list(course["out"].rglob("03_broken*"))


def test_build_writes_nothing_into_the_notebooks_folder(course):
    assert _snapshot(course["nb_dir"]) == course["before"]


# ------------------------------------------------------------------------ learner handouts
def test_learner_handout_has_no_code_input(course):
    text = _read(course, "learner/02_synthetic.html")

    def code_inputs(page: str) -> int:
        return sum("cell_input" in (a.get("class") or "").split() for _, a in _tags(page))

    assert code_inputs(text) == 0
    assert "plots.muscle_joint_map()" not in text and "import ipywidgets" not in text
    # the same lesson's instructor edition does show its code (the check can fail)
    assert code_inputs(_read(course, "instructor/02_synthetic.html")) >= 3


def test_learner_handout_has_no_solution_instructor_or_widget(course):
    text = _read(course, "learner/02_synthetic.html")
    assert SOLUTION_TEXT not in text
    assert INSTRUCTOR_TEXT not in text
    assert "SLIDER_MARKER" not in text and "widget-view" not in text


def test_every_image_has_meaningful_alt_text_and_is_embedded(course):
    for page in sorted((course["out"] / "learner").glob("*.html")):
        imgs = [a for t, a in _tags(page.read_text(encoding="utf-8")) if t == "img"]
        for attrs in imgs:
            alt = (attrs.get("alt") or "").strip()
            assert alt and alt != handouts.PLACEHOLDER_ALT, (page.name, attrs.get("src", "")[:40])
            src = attrs["src"]
            assert src.startswith("data:image/") or (page.parent / src).is_file(), (page.name, src)
    page = _read(course, "learner/02_synthetic.html")
    alts = [a.get("alt") for t, a in _tags(page) if t == "img"]
    assert FIGURE_ALT in alts and SQUARE_ALT in alts


def test_no_page_loads_anything_from_a_network_host(course):
    remote = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
    for page in _all_pages(course):
        text = page.read_text(encoding="utf-8")
        for tag, attrs in _tags(text):
            for key in ("src", "href"):
                if tag in ("script", "link", "img", "iframe", "source") and attrs.get(key):
                    assert not remote.match(attrs[key]), (page.name, tag, attrs[key])
        remote_css = r"url\(\s*['\"]?(https?:)?//|@import\s+['\"]?(https?:)?//"
        assert not re.search(remote_css, text), page.name


def test_safety_note_in_every_handout_and_slides(course):
    key = "This course teaches; it does not diagnose or treat."
    for page in _all_pages(course):
        assert key in re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")), page.name


def test_learner_page_has_print_css_and_links_to_pages_not_notebooks(course):
    text = _read(course, "learner/02_synthetic.html")
    css = [
        a["href"]
        for t, a in _tags(text)
        if t == "link" and "hipcourse-site.css" in a.get("href", "")
    ]
    assert css, "the course's stylesheet is linked"
    style = (course["out"] / "learner" / css[0].split("?")[0]).read_text(encoding="utf-8")
    assert "@media print" in style and "@page" in style and "break-inside: avoid" in style
    assert 'href="00_welcome.html"' in text and "00_welcome.ipynb" not in text


# ------------------------------------------------------------------------ instructor, slides
def test_instructor_handout_has_code_solution_and_notes(course):
    text = _read(course, "instructor/02_synthetic.html")
    assert SOLUTION_TEXT in text and INSTRUCTOR_TEXT in text
    assert "muscle_joint_map" in text and "tag_solution" in text
    assert "widget-view" not in text  # a widget is blank offline: its view is dropped


def test_slides_are_reveal_offline_with_notes_and_no_solution(course):
    text = _read(course, "slides/02_synthetic.slides.html")
    assert "Reveal.initialize" in text and text.count("<section") >= 2
    assert '<aside class="notes">' in text and INSTRUCTOR_TEXT in text
    assert SOLUTION_TEXT not in text


# ------------------------------------------------------------------------ index
def test_entry_page_and_landing_pages_link_what_was_built(course):
    text = _read(course, "index.html")
    hrefs = [a["href"] for t, a in _tags(text) if t == "a" and a.get("href")]
    assert "learner/index.html" in hrefs and "instructor/index.html" in hrefs
    for href in hrefs:
        assert (course["out"] / href).is_file(), href
    landing = _read(course, "learner/index.html")
    plain = " ".join(re.sub(r"<[^>]+>", " ", landing).split())
    assert "Build test lesson" in plain and "that handouts hide code" in plain
    assert "(5 min)" in plain and "Where to start" in plain
    assert "Broken lesson" not in plain  # a failed lesson has no page to send anyone to
    links = [
        a["href"] for t, a in _tags(landing) if t == "a" and a.get("href", "").endswith(".html")
    ]
    assert "02_synthetic.html" in links
    teacher = _read(course, "instructor/index.html")
    slides = [a["href"] for t, a in _tags(teacher) if t == "a" and "slides" in a.get("href", "")]
    assert "../slides/02_synthetic.slides.html" in slides
    for href in slides:
        assert (course["out"] / "instructor" / href).resolve().is_file(), href


# ------------------------------------------------------------------------ student copy
def test_student_copy_replaces_solutions_and_clears_outputs(course):
    nb = nbformat.read(course["student"] / "02_synthetic.ipynb", as_version=4)
    text = json.dumps(nb)
    assert SOLUTION_TEXT not in text and INSTRUCTOR_TEXT not in text
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    prompts = [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(prompts) == 1 and "your answer here" in prompts[0].source
    assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)


# ------------------------------------------------------------------------ incremental builds
@pytest.fixture(scope="module")
def rebuilds(course):
    """Rebuild without the broken lesson (nothing changed), then after editing one lesson."""
    nb_dir, out = course["nb_dir"], course["out"]
    (nb_dir / "03_broken.ipynb").unlink()
    # the slides are not rewritten; the site's pages are (Sphinx writes every page again
    # from its cached doctrees when the theme has touched its configuration, without
    # reading any lesson again: tests/test_site.py checks what it reads)
    mtimes = {p: p.stat().st_mtime_ns for p in (out / "slides").glob("*.html")}
    mp = course["mp"]
    mp.setattr(runner, "find_chromium", lambda: None)
    second = handouts.build(nb_dir, out, jobs=2, pdf=True, stream=io.StringIO(), progress=False)
    after_second = {p: p.stat().st_mtime_ns for p in mtimes}
    nb = nbformat.read(nb_dir / "02_synthetic.ipynb", as_version=4)
    nb.cells.append(new_markdown_cell("A sentence added after the first build: EDITED_MARKER."))
    nbformat.write(nb, nb_dir / "02_synthetic.ipynb")
    third = handouts.build(
        nb_dir, out, jobs=2, executor="threads", stream=io.StringIO(), progress=False
    )
    return {"second": second, "third": third, "mtimes": mtimes, "after_second": after_second}


def test_second_build_reexecutes_nothing(rebuilds, course):
    second = rebuilds["second"]
    assert second.ok
    assert second.executed == []
    expected = ["02_synthetic"] + (["00_welcome"] if course["has_welcome"] else [])
    assert sorted(second.unchanged) == sorted(expected)
    assert rebuilds["mtimes"] and rebuilds["after_second"] == rebuilds["mtimes"]


def test_pdf_without_chromium_is_a_note_not_a_failure(rebuilds):
    second = rebuilds["second"]
    assert second.ok
    assert any("Chromium not found" in n for n in second.notes)


def test_changing_one_lesson_reexecutes_only_that_lesson(rebuilds, course):
    third = rebuilds["third"]
    assert third.ok, third.summary()
    assert third.executed == ["02_synthetic"]
    if course["has_welcome"]:
        assert third.unchanged == ["00_welcome"]
    assert "EDITED_MARKER" in _read(course, "learner/02_synthetic.html")


# ------------------------------------------------------------------------ units
def test_audit_finds_remote_assets_and_missing_alt():
    page = (
        '<script src="https://cdn.example.org/x.js"></script>'
        f'<img src="data:image/png;base64,AA" alt="{handouts.PLACEHOLDER_ALT}">'
        '<img src="figure.png" alt="A figure">'
    )
    problems = " | ".join(handouts.audit_html(page))
    assert "network host" in problems
    assert "1 image(s) without alt text" in problems
    assert "1 image(s) not embedded" in problems
    assert handouts.audit_html('<img src="data:image/png;base64,AA" alt="A bar chart">') == []


def test_student_copy_refuses_the_notebooks_folder(tmp_path):
    with pytest.raises(ValueError, match="--student"):
        handouts.write_student_copy([], tmp_path, tmp_path)


def test_bad_jobs_is_a_one_line_error(tmp_path):
    code, _, err = _run_cli(["build", "--notebooks", str(tmp_path), "--jobs", "0"])
    assert code == 2 and "--jobs" in err and len(err.strip().splitlines()) == 1


# (the app command's tests are in tests/test_app.py and tests/test_browser_app.py)


# ------------------------------------------------------------------------ in a browser
@pytest.mark.browser
def test_handout_and_slides_load_offline_in_chromium(course, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((course["out"] / "learner" / "02_synthetic.html").as_uri())
    assert page.locator("img").count() >= 2
    page.goto((course["out"] / "slides" / "02_synthetic.slides.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=10_000)
    assert page.evaluate("Reveal.getTotalSlides()") >= 3
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
