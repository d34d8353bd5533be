"""The handouts as a learner sees them: built by `hipcourse build`, opened in Chromium.

A few real lessons are copied into a temporary folder and built once for the module (the
build executes them). Each learner handout is then opened from disk with every request
that is not a local file blocked and recorded: images load and carry alt text, no code
is visible, the safety note is there, printing gives a sane number of A4 pages, and a
screenshot of each page is kept under the test's temporary folder. The course map's
links are followed one by one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import block_requests, hipcourse_command

ROOT = Path(__file__).resolve().parent.parent
#: An opening lesson, a muscle-group lesson (figures, tables) and the routine lesson.
WANTED = ("00_welcome", "03_hamstrings", "08_build_your_routine")
AVAILABLE = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LESSONS = [s for s in WANTED if s in AVAILABLE] or AVAILABLE[:3]
PLACEHOLDER_ALT = "No description has been provided for this image"
PDF_PAGES = (1, 40)
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory, browser):
    """Run `hipcourse build` on a copy of a few lessons; return the output folder. (Asks
    for the browser first, so that without Chromium nothing is built only to be skipped.)"""
    if not LESSONS:
        pytest.skip("no lesson notebooks yet")
    tmp = tmp_path_factory.mktemp("handouts")
    nb_dir, out = tmp / "notebooks", tmp / "handouts"
    nb_dir.mkdir()
    for stem in LESSONS:
        shutil.copy(ROOT / "notebooks" / f"{stem}.ipynb", nb_dir)
    env = dict(os.environ, HIPCOURSE_DATA_DIR=str(tmp / "data"), MPLBACKEND="Agg")
    proc = subprocess.run(
        hipcourse_command()
        + ["build", "--notebooks", str(nb_dir), "--out", str(out), "--jobs", "2"],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, f"hipcourse build failed:\n{proc.stdout}\n{proc.stderr[-3000:]}"
    assert (out / "index.html").is_file()
    return out


def _offline(page) -> list[tuple[str, str]]:
    """Let local files through; abort and record everything else."""
    return block_requests(page, ("file:", "data:", "blob:"))


def _code_sources(stem: str) -> list[str]:
    """Whitespace-normalised sources of the lesson's code cells that are long enough to be
    unmistakable if they were shown."""
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        norm = " ".join(src.split())
        if len(norm) >= 25 or len(src.strip().splitlines()) >= 2:
            out.append(norm)
    return out


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)\b", pdf))


@pytest.mark.parametrize("stem", LESSONS)
def test_learner_handout_in_a_browser(built, page, stem, tmp_path):
    blocked = _offline(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    path = built / "learner" / f"{stem}.html"
    assert path.is_file(), f"no learner handout for {stem}"
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=20_000)

    images = page.evaluate("""() => Array.from(document.images).map(i => ({
        src: i.currentSrc.slice(0, 40), width: i.naturalWidth,
        alt: (i.getAttribute('alt') || '').trim()}))""")
    broken = [i["src"] for i in images if i["width"] == 0]
    assert not broken, f"{stem}: images that did not load: {broken}"
    no_alt = [i["src"] for i in images if len(i["alt"]) < 10 or i["alt"] == PLACEHOLDER_ALT]
    assert not no_alt, f"{stem}: images without a real alt text: {no_alt}"

    shown_inputs = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.cell_input, .jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, div.input_area'))
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
        .length""")
    assert shown_inputs == 0, f"{stem}: {shown_inputs} code input areas are visible"
    text = " ".join(page.inner_text("body").split())
    visible_code = [src[:60] for src in _code_sources(stem) if src in text]
    assert not visible_code, f"{stem}: code is visible in the handout: {visible_code}"
    assert "Safety note" in text, f"{stem}: no safety note"

    page.screenshot(path=str(tmp_path / f"{stem}.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    n = _pdf_pages(pdf)
    assert PDF_PAGES[0] <= n <= PDF_PAGES[1], f"{stem}: printing gives {n} A4 pages"
    (tmp_path / f"{stem}.pdf").write_bytes(pdf)
    assert errors == [], f"{stem}: script errors: {errors}"
    assert blocked == [], f"{stem}: the handout tried to load from the network: {blocked}"


def test_entry_page_and_contents_open_every_lesson(built, page, tmp_path):
    blocked = _offline(page)
    page.goto((built / "index.html").as_uri(), wait_until="load")
    page.wait_for_url("**/learner/index.html", timeout=10_000)  # the entry page forwards
    assert "Where to start" in page.inner_text("body")
    assert "Safety note" in page.inner_text("body")
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    links = page.locator("nav.bd-docs-nav a.reference.internal")
    titles = [" ".join(t.split()) for t in links.all_inner_texts()][1:]  # [0]: this page
    assert len(titles) == len(LESSONS), titles
    for i, title in enumerate(titles):
        page.goto((built / "learner" / "index.html").as_uri(), wait_until="load")
        with page.expect_navigation(wait_until="load"):
            page.locator("nav.bd-docs-nav a.reference.internal").nth(i + 1).click()
        assert page.url.startswith("file:") and page.url.endswith(f"{LESSONS[i]}.html")
        assert title in " ".join(page.title().split()), (title, page.title())
    assert blocked == [], f"pages tried to load from the network: {blocked}"


def test_slides_fit_the_slide_and_pass_axe(built, browser):
    """Every slide's content fits 1280 x 720, and axe-core finds nothing serious."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    blocked = _offline(page)
    tall = []
    for stem in LESSONS:
        page.goto((built / "slides" / f"{stem}.slides.html").as_uri(), wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
        heights = page.evaluate("""() => Reveal.getSlides().map((s, i) => {
            const ix = Reveal.getIndices(s); Reveal.slide(ix.h, ix.v);
            return [i + 1, s.scrollHeight, s.innerText.slice(0, 50)]; })""")
        tall += [f"{stem} slide {i} ({text!r}): {h} px" for i, h, text in heights if h > 720]
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("""async () => (await axe.run()).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)""")
        assert found == [], f"{stem} slides: axe {found}"
    context.close()
    assert blocked == []
    assert not tall, f"{len(tall)} slides taller than 720 px:\n" + "\n".join(tall)
