"""The course site as a reader meets it, in Chromium: offline, on a phone, with axe-core.

Both editions are built once for the module from the lessons' stored outputs (nothing is
executed), then every page is opened from ``file://`` with every non-local request blocked
and recorded; a few checks repeat over a plain static HTTP server.
"""

from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path

import pytest
from conftest import block_requests

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory, browser):
    """Both editions of the whole course (asks for the browser first: without Chromium
    nothing is built only to be skipped)."""
    pytest.importorskip("sphinx")
    from hipcourse.build import website_lessons as site

    if not NOTEBOOKS:
        pytest.skip("no lesson notebooks yet")
    out = tmp_path_factory.mktemp("site")
    results = site.site_from_stored_outputs(NOTEBOOKS, out)
    for result in results.values():
        assert not [w for w in result.warnings if "ERROR" in w], result.warnings
    return out / "learner"  # the instructor edition is next to it, in ../instructor


def _pages(site_dir: Path) -> list[Path]:
    teacher = site_dir.parent / "instructor"
    pages = sorted(site_dir.glob("*.html")) + sorted(teacher.glob("*.html"))
    return [p for p in pages if p.name != "genindex.html"]


def _offline(page):
    return block_requests(page, ("file:", "data:", "blob:"))


def _axe(page) -> list[tuple[str, str, int, list[str]]]:
    """Serious and critical axe-core violations of the page as shown now."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run()).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => [v.id, v.impact, v.nodes.length,
                   v.nodes.slice(0, 3).map(n => n.target.join(' '))])""")
    return [tuple(v) for v in found]


def test_every_page_is_offline_accessible_and_fits_a_phone(site_dir, browser, tmp_path):
    assert len(_pages(site_dir)) >= 2 * len(NOTEBOOKS) + 2
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        blocked = _offline(page)
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        problems = []
        for path in _pages(site_dir):
            name = path.relative_to(site_dir.parent).as_posix()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function(
                "Array.from(document.images).every(i => i.complete)", timeout=20_000
            )
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{name}: {width} px wide at {viewport['width']} px")
            broken = page.evaluate("""() => Array.from(document.images)
                .filter(i => i.naturalWidth === 0
                             || (i.getAttribute('alt') || '').trim().length < 3)
                .map(i => i.currentSrc.slice(-50))""")
            if broken:
                problems.append(f"{name}: images not loaded or without alt text: {broken}")
            violations = _axe(page)
            if violations:
                problems.append(f"{name} at {viewport['width']} px: axe {violations}")
        if viewport is PHONE:
            page.goto(
                (
                    site_dir / NOTEBOOKS[min(3, len(NOTEBOOKS) - 1)].with_suffix(".html").name
                ).as_uri(),
                wait_until="load",
            )
            page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
        context.close()
        assert not problems, "\n".join(problems)
        assert errors == [], errors
        assert blocked == [], f"pages tried to load from the network: {blocked[:5]}"


def test_learner_pages_show_no_code_and_instructor_pages_do(site_dir, page):
    stem = NOTEBOOKS[min(3, len(NOTEBOOKS) - 1)].stem
    page.goto((site_dir / f"{stem}.html").as_uri(), wait_until="load")
    assert page.locator(".cell_input").count() == 0
    assert "Safety note" in page.inner_text("body")
    page.goto((site_dir.parent / "instructor" / f"{stem}.html").as_uri(), wait_until="load")
    assert page.locator(".cell_input").count() > 0


def test_phone_menu_button_opens_the_contents(site_dir, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto((site_dir / f"{NOTEBOOKS[0].stem}.html").as_uri(), wait_until="load")
    links = page.locator("nav.bd-docs-nav a.reference")
    assert links.count() >= len(NOTEBOOKS)
    assert not links.nth(1).is_visible(), "the contents are hidden on a phone until asked for"
    page.locator(".primary-toggle:visible").first.click()
    page.wait_for_timeout(400)
    assert links.nth(1).is_visible(), "the menu button did not open the contents"
    with page.expect_navigation(wait_until="load"):
        links.nth(1).click()
    assert page.url.split("#")[0].endswith(".html"), page.url
    context.close()


def test_search_finds_a_muscle_from_file_and_from_a_static_server(site_dir, browser):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for url in ((site_dir / "search.html").as_uri(), base + "search.html"):
            page = browser.new_page()
            blocked = block_requests(page, ("file:", "data:", "blob:", base))
            page.goto(url + "?q=gracilis", wait_until="load")
            page.wait_for_selector("#search-results ul.search li", timeout=20_000)
            hits = page.locator("#search-results ul.search li a").all_inner_texts()
            assert any("groin" in h.lower() for h in hits), (url, hits)
            assert blocked == []
            page.close()
    finally:
        server.shutdown()
        server.server_close()


def test_dark_mode_is_accessible_and_print_hides_the_chrome(site_dir, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    stem = NOTEBOOKS[min(3, len(NOTEBOOKS) - 1)].stem
    page.goto((site_dir / f"{stem}.html").as_uri(), wait_until="load")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _axe(page) == []
    page.emulate_media(media="print")
    assert not page.locator(".bd-sidebar-primary").is_visible()
    assert not page.locator(".prev-next-area").first.is_visible()
    context.close()
