"""The course site (:mod:`hipcourse.build.website`): Sphinx pages from lesson views.

A two-lesson course with stored outputs (nothing is executed) is staged and built once
per module, in both editions; every test reads the files Sphinx wrote.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from hipcourse.build import website as site
from hipcourse.kit.checks import InputError

pytest.importorskip("sphinx")
pytest.importorskip("myst_nb")

KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4v4IBAATnAfJpW66+AAAAAElFTkSuQmCC"
)
ALT = "A small orange square standing in for a figure of the hip."
CODE = "plots.show(plots.muscle_joint_map(), alt='x')"
TABLE = (
    "<table><thead><tr><th>Muscle</th><th>Joints</th></tr></thead><tbody>"
    "<tr><td>Zygomaticus</td><td>Quixotically</td></tr></tbody></table>"
)


def _lesson_a():
    figure = new_code_cell(
        CODE,
        outputs=[
            new_output(
                "display_data",
                data={"image/png": base64.b64encode(PNG).decode(), "text/plain": "<Figure>"},
                metadata={"image/png": {"alt": ALT}},
            )
        ],
    )
    table = new_code_cell(
        "lesson.muscle_table()",
        outputs=[new_output("display_data", data={"text/html": TABLE, "text/plain": "table"})],
    )
    cells = [
        new_markdown_cell(
            "# Lesson A: the figure\n\n**Time:** about 10 minutes\n\n"
            "**You will learn:**\n- what a square shows"
        ),
        new_markdown_cell(
            "## Facts\n\nThe pelvis tips forward [2], as trials show [1–2]. "
            "A bracket that is no citation: [7]."
        ),
        figure,
        table,
        new_markdown_cell(
            "## References\n\n1. Someone (2019) *Eur Spine J*, "
            "doi:10.1007/s00586-019-06129-4.\n2. Vazirian et al. (2016) "
            "(review; PMC5637395)."
        ),
    ]
    return _stable(new_notebook(cells=cells, metadata=KERNELSPEC))


def _lesson_b():
    return _stable(
        new_notebook(
            cells=[
                new_markdown_cell(
                    "# Lesson B: the end\n\n**Time:** about 5 "
                    "minutes\n\nBack to [lesson A](01_a.ipynb)."
                )
            ],
            metadata=KERNELSPEC,
        )
    )


def _stable(nb):
    """Fixed cell ids (nbformat draws random ones), so the same lesson stages the same."""
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    return nb


LESSONS = [
    site.SiteLesson("01_a", "Lesson A: the figure", 10, ["what a square shows"]),
    site.SiteLesson("02_b", "Lesson B: the end", 5, []),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    out = {}
    for edition in site.EDITIONS:
        src = tmp / "src" / edition
        site.stage(src, {"01_a": _lesson_a(), "02_b": _lesson_b()}, LESSONS, edition)
        out[edition] = site.build_site(src, tmp / edition, tmp / "cache" / edition, edition)
    out["tmp"] = tmp
    return out


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(path: Path):
    p = _Tags()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tags


def _page(built, edition, name) -> str:
    return (built[edition].out_dir / name).read_text(encoding="utf-8")


def test_both_editions_have_every_lesson_a_landing_page_and_search(built):
    for edition in site.EDITIONS:
        pages = built[edition].pages
        assert {"index.html", "01_a.html", "02_b.html", "search.html"} <= set(pages), pages
        assert (built[edition].out_dir / "searchindex.js").is_file()
        assert not [w for w in built[edition].warnings if "WARNING" in w or "ERROR" in w], built[
            edition
        ].warnings


def test_learner_pages_show_no_code_and_instructor_pages_do(built):
    assert "muscle_joint_map" not in _page(built, "learner", "01_a.html")
    assert "muscle_joint_map" in _page(built, "instructor", "01_a.html")


def test_output_images_keep_their_alt_text(built):
    imgs = [
        a
        for t, a in _tags(built["learner"].out_dir / "01_a.html")
        if t == "img" and "_images/" in a.get("src", "")
    ]
    assert imgs, "the figure is on the page"
    assert imgs[0]["alt"] == ALT
    assert Path(imgs[0]["src"]).stem == hashlib.sha256(PNG).hexdigest()


def test_references_get_anchors_and_links_and_citations_link_to_them(built):
    text = _page(built, "learner", "01_a.html")
    assert 'id="ref-1"' in text and 'id="ref-2"' in text
    assert 'href="https://doi.org/10.1007/s00586-019-06129-4"' in text
    assert 'href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5637395/"' in text
    cites = re.findall(r'<a class="[^"]*hc-cite[^"]*" href="(#ref-\d)">([^<]+)</a>', text)
    assert ("#ref-2", "[2]") in cites and ("#ref-1", "[1–2]") in cites
    assert "[7]" in text and "#ref-7" not in text  # beyond the list: left as text


def test_search_index_holds_each_word_of_adjacent_table_cells(built):
    index = (built["learner"].out_dir / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1 : index.rindex(")")])["terms"]
    assert "zygomaticu" in terms or "zygomaticus" in terms
    assert not [t for t in terms if "zygomaticusquix" in t]


def test_landing_page_says_where_to_start_and_what_each_lesson_gives(built):
    text = re.sub(r"<[^>]+>", " ", _page(built, "learner", "index.html"))
    text = " ".join(text.split())
    assert "Where to start" in text and "Start with Lesson A: the figure" in text
    assert "what a square shows" in text and "(10 min)" in text
    assert "This course teaches; it does not diagnose or treat." in text
    assert "2 lessons, about 15 minutes in all." in text


def test_pages_link_previous_and_next_and_lesson_links_become_pages(built):
    a, b = _page(built, "learner", "01_a.html"), _page(built, "learner", "02_b.html")
    assert (
        re.search(r'class="right-next"[^>]*|href="02_b.html"[^>]*class="right-next"', a)
        or 'href="02_b.html"' in a
    )
    assert 'class="left-prev"' in b and 'href="01_a.html"' in b
    assert "01_a.ipynb" not in b


def test_no_page_loads_anything_from_a_network_host(built):
    remote = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
    for edition in site.EDITIONS:
        for page in built[edition].out_dir.glob("*.html"):
            for tag, attrs in _tags(page):
                for key in ("src", "href"):
                    if tag in ("script", "link", "img", "iframe", "source") and attrs.get(key):
                        assert not remote.match(attrs[key]), (page.name, tag, attrs[key])
        for css in built[edition].out_dir.rglob("*.css"):
            text = css.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), css


def test_restaging_unchanged_lessons_writes_nothing_and_sphinx_reads_only_changes(built):
    tmp = built["tmp"]
    src = tmp / "src" / "learner"
    before = {p.name: p.stat().st_mtime_ns for p in src.iterdir()}
    assert site.stage(src, {"01_a": _lesson_a(), "02_b": _lesson_b()}, LESSONS, "learner") == []
    assert {p.name: p.stat().st_mtime_ns for p in src.iterdir()} == before
    changed = _lesson_b()
    changed.cells[0].source += "\n\nA new sentence."
    assert site.stage(src, {"01_a": _lesson_a(), "02_b": changed}, LESSONS, "learner") == ["02_b"]
    again = site.build_site(src, tmp / "learner", tmp / "cache" / "learner", "learner")
    assert again.read == ["02_b"]
    assert "A new sentence." in (tmp / "learner" / "02_b.html").read_text(encoding="utf-8")


def test_a_lesson_that_leaves_the_course_leaves_no_page(tmp_path):
    src = tmp_path / "src"
    site.stage(src, {"01_a": _lesson_a(), "02_b": _lesson_b()}, LESSONS, "learner")
    site.build_site(src, tmp_path / "out", tmp_path / "cache", "learner")
    assert (tmp_path / "out" / "02_b.html").is_file()
    assert site.stage(src, {"01_a": _lesson_a()}, LESSONS, "learner") == ["02_b", "index"]
    result = site.build_site(src, tmp_path / "out", tmp_path / "cache", "learner")
    assert "02_b.html" not in result.pages and not (tmp_path / "out" / "02_b.html").exists()
    assert "Lesson B" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "call",
    [
        lambda tmp: site.stage(tmp, {}, [], "student"),
        lambda tmp: site.stage(tmp, {"lesson one": _lesson_b()}, [], "learner"),
        lambda tmp: site.build_site(tmp, tmp / "out", tmp / "cache", "learner"),
    ],
)
def test_bad_input_names_the_field(tmp_path, call):
    with pytest.raises(InputError) as err:
        call(tmp_path)
    assert any(word in str(err.value) for word in ("edition", "lesson", "src_dir"))


def test_plain_values_become_tables_lists_and_words_on_learner_pages():
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from hipcourse.build.website_lessons import lesson_views

    cells = [
        new_code_cell(
            "x",
            outputs=[new_output("execute_result", data={"text/plain": text}, execution_count=1)],
        )
        for text in ("{'iliacus': 7, 'psoas': 12}", "True", "['a', 'b']", "<Figure>")
    ]
    views, _ = lesson_views(new_notebook(cells=cells, metadata=KERNELSPEC))
    shown = [
        c.outputs[0]["data"].get("text/markdown")
        for c in views["learner"].cells
        if c.cell_type == "code"
    ]
    assert "| iliacus | 7 |" in shown[0] and "| psoas | 12 |" in shown[0]
    assert shown[1] == "Yes." and shown[2] == "- a\n- b" and shown[3] is None
