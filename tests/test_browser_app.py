"""The routine builder as a web app (`hipcourse app`, Voilà), used through Chromium.

The app serves a temporary copy of the routine lesson on a free port (its saved files go
to a temporary HIPCOURSE_DATA_DIR) and is always stopped. The test fills in the form as a
learner would, checks the routine table against the model, starts the follow-along
timer and watches it count, then exports the HTML handout and reads it.
"""
from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest
from conftest import (
    block_requests,
    free_port,
    hipcourse_command,
    log_tail,
    start_server,
    stop_server,
    wait_for_http,
)

ROOT = Path(__file__).resolve().parent.parent
APP_NOTEBOOK = "08_build_your_routine.ipynb"
HOSTILE_NAME = "<b>Zoë</b> <script>alert(1)</script>"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory, browser):
    """`hipcourse app` on a free port; yields its URL, data folder and log; always stopped."""
    if not (ROOT / "notebooks" / APP_NOTEBOOK).is_file():
        pytest.skip(f"notebooks/{APP_NOTEBOOK} is not written yet")
    tmp = tmp_path_factory.mktemp("app")
    nb_dir, data, log = tmp / "notebooks", tmp / "data", tmp / "voila.log"
    nb_dir.mkdir()
    shutil.copy(ROOT / "notebooks" / APP_NOTEBOOK, nb_dir)
    port = free_port()
    cmd = hipcourse_command() + ["app", "--port", str(port), "--no-browser",
                                 "--notebooks", str(nb_dir)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HIPCOURSE_DATA_DIR", str(data))
        mp.setenv("JUPYTER_RUNTIME_DIR", str(tmp / "runtime"))
        mp.delenv("MPLBACKEND", raising=False)  # the app's kernel as a learner's would be
        proc = start_server(cmd, tmp, log)
    url = f"http://127.0.0.1:{port}/"
    try:
        try:
            wait_for_http(url, proc, timeout_s=120)
        except (RuntimeError, TimeoutError) as exc:
            pytest.fail(f"hipcourse app did not start: {exc}\n--- server log ---\n{log_tail(log)}")
        yield {"url": url, "data": data, "log": log, "port": port}
    finally:
        stop_server(proc)


def _expected_routine():
    from hipcourse.models import routine as R

    return R.build_routine(R.RoutineRequest(
        minutes=20, session="cool-down", focus=("hamstrings",),
        restrictions=("hip-replacement-posterior",)))


def _timer_number(page) -> int | None:
    text = page.locator(".hipcourse-timer-display").inner_text()
    nums = [int(line) for line in text.splitlines() if re.fullmatch(r"\s*\d+\s*", line)]
    return nums[0] if nums else None


def test_routine_app_form_timer_and_export(app, page, tmp_path):
    from playwright.sync_api import expect

    from hipcourse.content.catalog import load_catalog

    cat = load_catalog()
    blocked = block_requests(page, (app["url"], "data:", "blob:"))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_default_timeout(30_000)
    try:
        page.goto(app["url"], timeout=120_000)
        page.wait_for_selector(".hipcourse-routine-builder", timeout=120_000)
    except Exception as exc:
        pytest.fail(f"the app page did not show the routine builder: {exc}\n--- server log ---\n"
                    f"{log_tail(app['log'])}")
    table, total = page.locator(".hipcourse-routine-table"), page.locator(".hipcourse-total")
    expect(table.locator("table")).to_have_count(1)

    # 1. the form: minutes, session type, one focus, one restriction
    minutes = page.locator(".hipcourse-minutes input")
    minutes.fill("20")
    minutes.press("Enter")
    expect(total).to_contain_text("of 20 min")
    page.locator(".hipcourse-session button", has_text="Cool-down").click()
    expect(page.locator(".hipcourse-session button.mod-active")).to_have_text("Cool-down")
    page.locator(".hipcourse-focus select").select_option(["Group: Hamstrings"])
    restriction = cat.restriction("hip-replacement-posterior").name
    page.locator(".hipcourse-restrictions select").select_option([restriction])
    expect(table).to_contain_text("Left out")

    # 2. the table shows the routine the model builds for that request
    routine = _expected_routine()
    names = [cat.stretch(s.stretch_id).name for s in routine.steps]
    expect(table.locator("tbody tr")).to_have_count(len(names))
    cells = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
    shown = [" ".join(t.split()) for t in cells]
    assert [s.split(" rung ")[0].strip() for s in shown] == names
    for e in routine.excluded:
        expect(table).to_contain_text(cat.stretch(e.stretch_id).name)
    page.screenshot(path=str(tmp_path / "app-form.png"), full_page=True)

    # 3. the follow-along timer counts by itself
    display = page.locator(".hipcourse-timer-display")
    page.locator(".hipcourse-timer-start").click()
    expect(display).to_contain_text("Get ready")
    expect(display).to_contain_text(names[0])
    first = _timer_number(page)
    assert first is not None and first > 2, display.inner_text()
    page.wait_for_function(
        """(start) => { const t = document.querySelector('.hipcourse-timer-display').innerText;
                        const m = t.split('\\n').map(s => s.trim()).filter(s => /^\\d+$/.test(s));
                        return m.length && Number(m[0]) <= start - 2; }""",
        arg=first, timeout=30_000)
    expect(page.locator(".hipcourse-timer-progress")).not_to_contain_text("0:00")

    # 4. export the HTML handout: name escaped, the routine and the restriction in it
    page.locator(".hipcourse-name input").fill(HOSTILE_NAME)
    page.locator(".hipcourse-name input").press("Tab")
    page.locator(".hipcourse-export").click()
    link = page.locator(".hipcourse-export-link a")
    expect(link).to_have_count(1)
    expect(page.locator(".hipcourse-files-message")).to_contain_text("Handout written")
    href = link.get_attribute("href")
    assert href.startswith("data:text/html;base64,")
    html = base64.b64decode(href.split(",", 1)[1]).decode("utf-8")
    for name in names:
        assert name in html
    assert "Cool-down" in html and restriction in html and "Safety note" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    written = sorted((app["data"] / "routines").glob("*.html"))
    assert [p.read_text(encoding="utf-8") for p in written] == [html]
    assert written[0].name == link.get_attribute("download")
    assert not re.search(r"[<>/\\]", written[0].name)

    # the exported page itself, offline: the typed name is text, nothing runs
    handout = page.context.new_page()
    handout.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    handout.goto(written[0].as_uri())
    assert HOSTILE_NAME in handout.locator("h1").inner_text()
    handout.screenshot(path=str(tmp_path / "exported-handout.png"), full_page=True)
    assert dialogs == [], f"script ran: {dialogs}"

    # offline: anything the app asked of the network was blocked; it must not need it
    scripts = [u for kind, u in blocked if kind not in ("stylesheet", "font", "image")]
    assert scripts == [], f"the app loads code from the network: {scripts}"
