"""`hipcourse app` served for real (Voilà on 127.0.0.1) and used through Chromium.

One server for the module: the real command, with a short idle timeout and its own
temporary folder (TMPDIR) and data folder, always stopped. The tests use it as learners
would: the form on a 390-px phone, the follow-along player in the page, the downloads; and
as an attacker would: no token, a foreign Host header. Then ten visitors at once, and the
clean-up: kernels of closed tabs are culled and no visit leaves a file in the temp folder.
"""

from __future__ import annotations

import base64
import re
import time
import urllib.error
import urllib.request

import pytest
from conftest import (
    block_requests,
    free_port,
    hipcourse_command,
    log_tail,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.browser
IDLE_TIMEOUT_S = 8
POOL = 1
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def app(tmp_path_factory, browser):
    """`hipcourse app` on a free port; yields its URL (with the token), folders and process."""
    tmp = tmp_path_factory.mktemp("app")
    data, temp, log = tmp / "data", tmp / "tmp", tmp / "app.log"
    temp.mkdir()
    port = free_port()
    cmd = hipcourse_command() + [
        "app",
        "--port",
        str(port),
        "--no-browser",
        "--idle-timeout",
        str(IDLE_TIMEOUT_S),
        "--pool-size",
        str(POOL),
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HIPCOURSE_DATA_DIR", str(data))
        mp.setenv("TMPDIR", str(temp))
        mp.delenv("MPLBACKEND", raising=False)  # the app's kernel as a learner's would be
        proc = start_server(cmd, tmp, log)
    try:
        deadline = time.monotonic() + 120
        url = None
        while time.monotonic() < deadline and proc.poll() is None:
            m = re.search(r"open (http://\S+)", log.read_text(errors="replace"))
            if m and "is filled with" in log.read_text(errors="replace"):
                url = m.group(1)
                break
            time.sleep(0.3)
        if url is None:
            pytest.fail(f"hipcourse app did not start\n--- log ---\n{log_tail(log)}")
        yield {"url": url, "port": port, "data": data, "tmp": temp, "log": log, "proc": proc}
    finally:
        stop_server(proc)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _open(page, app):
    page.set_default_timeout(60_000)
    page.goto(app["url"], timeout=120_000)
    page.wait_for_selector(".hipcourse-app .hc-total", timeout=120_000)


def _status(url: str, host: str | None = None) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _expected(**kw):
    from hipcourse.models import routine as R

    return R.build_routine(R.RoutineRequest(**{"minutes": 15, "equipment": (), **kw}))


def test_the_form_fits_a_phone_and_builds_the_models_routine(app, phone):
    from playwright.sync_api import expect

    from hipcourse.content.catalog import load_catalog

    cat = load_catalog()
    blocked = block_requests(
        phone, (f"http://127.0.0.1:{app['port']}/", "data:", "blob:", "about:")
    )
    _open(phone, app)
    page = phone
    # the form is the first thing on the page, one screen wide, no label cut off
    assert page.locator(".hc-minutes").bounding_box()["y"] < PHONE["height"] / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cut = page.evaluate("""Array.from(document.querySelectorAll(
        '.hipcourse-app label, .hipcourse-app .widget-label, .hipcourse-app button'))
        .filter(e => e.offsetWidth && e.scrollWidth > e.clientWidth + 1)
        .map(e => e.textContent.trim())""")
    assert cut == [], f"labels cut off: {cut}"
    boxes = page.locator(".hc-equipment input[type=checkbox]")
    assert boxes.count() == 5 and not any(boxes.nth(i).is_checked() for i in range(5))
    summary = page.locator(".hc-summary")

    def shown():
        return [
            " ".join(t.split())
            for t in page.locator(".hc-steps li b").all_inner_texts()  # noqa: E731
        ]

    assert shown() == [cat.stretch(s.stretch_id).name for s in _expected().steps]

    # toggle buttons and check boxes: one tap each, no Ctrl-click
    page.locator(".hc-session button", has_text="Cool-down").tap()
    page.locator(".hc-focus label", has_text="Hamstrings").tap()
    restriction = cat.restriction("hip-replacement-posterior").name
    page.locator(".hc-restrictions label", has_text=restriction).tap()
    want = _expected(
        session="cool-down", focus=("hamstrings",), restrictions=("hip-replacement-posterior",)
    )
    expect(summary).to_contain_text(f"{len(want.steps)} stretches")
    expect(page.locator(".hc-excluded")).to_contain_text(f"Left out ({len(want.excluded)})")
    assert shown() == [cat.stretch(s.stretch_id).name for s in want.steps]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert [u for kind, u in blocked] == [], f"requests left the machine: {blocked}"


def test_follow_along_in_the_page_and_downloads(app, phone):
    from playwright.sync_api import expect

    from hipcourse.views.player import player_html

    _open(phone, app)
    page = phone
    page.locator(".hc-follow").tap()
    frame = page.frame_locator("iframe.hc-player")
    frame.locator("#start").tap()
    player = frame.locator("#player")
    expect(player).to_have_attribute("data-audio", "running")  # the tap started audio
    expect(player).to_have_attribute("data-wake-lock", "on")  # 127.0.0.1: secure context
    expect(frame.locator("#phase")).to_have_text("Get ready")
    first = int(frame.locator("#count").inner_text())
    time.sleep(2.5)
    assert int(frame.locator("#count").inner_text()) <= first - 2
    assert frame.locator("#next").inner_text().startswith("Next: ")
    size = frame.locator("#count").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= PHONE["width"] / 3

    page.locator(".hc-get-files").tap()
    links = page.locator(".hc-downloads a")
    expect(links).to_have_count(2)
    files = {
        links.nth(i).get_attribute("download"): links.nth(i).get_attribute("href") for i in range(2)
    }
    player_file = base64.b64decode(files["stretch-player.html"].split(",", 1)[1]).decode()
    assert player_file == player_html(_expected())
    text = page.locator(".hipcourse-app").inner_text()
    assert str(app["data"]) not in text and str(app["tmp"]) not in text and "/tmp" not in text
    assert not app["data"].exists(), "the app wrote into the data folder"


def test_token_and_host_header_are_checked(app):
    url = app["url"]
    assert "token=" in url and len(url.split("token=", 1)[1]) >= 30
    bare = url.split("?", 1)[0]
    assert _status(url) == 200
    for path in ("", "api/kernels", "voila/render/routine_app.ipynb"):
        assert _status(bare + path) in (302, 403), path  # no token: refused
    assert _status(url, host=f"evil.example:{app['port']}") == 403  # DNS rebinding
    assert _status(url, host=f"localhost:{app['port']}") == 200


def test_closed_tabs_are_culled_and_leave_no_temp_files(app, browser):
    """A visitor's kernel is kept while the tab is open, even idle (``cull_connected=False``);
    once the tab is closed and it has been idle for the timeout, it stops, and its
    connection file goes with it: a visit leaves nothing in the temp folder."""

    def files():
        return sorted(
            str(p.relative_to(app["tmp"]))
            for p in app["tmp"].rglob("*")
            if not p.name.startswith("kernel-")
        )

    def running(kernel_id):
        from hipcourse.build.app import kernel_processes

        return kernel_processes(app["proc"].pid, kernel_id)

    before_files = files()
    ctx = browser.new_context(viewport=PHONE)
    page = ctx.new_page()
    _open(page, app)
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    assert running(kernel_id) and list(app["tmp"].rglob(f"kernel-{kernel_id}.json"))
    time.sleep(IDLE_TIMEOUT_S + 3)
    assert running(kernel_id), "an open tab's kernel was culled (cull_connected must be False)"
    ctx.close()
    closed = time.monotonic()
    while time.monotonic() - closed < IDLE_TIMEOUT_S + 60 and running(kernel_id):
        time.sleep(0.5)
    assert not running(kernel_id), f"not culled\n{log_tail(app['log'])}"
    assert not list(app["tmp"].rglob(f"kernel-{kernel_id}.json"))
    assert files() == before_files
    assert all(p.name.startswith("hipcourse-app-") for p in app["tmp"].iterdir())


def test_ten_visitors_at_once(app):
    """Ten page loads at the same moment (threads, one connection each) are all served:
    each gets the rendered app with its own kernel. (The browser side of a visit is the
    tests above; ten Chromium pages rendering at once on this 2-core machine measure the
    browser, not the server.)"""
    from concurrent.futures import ThreadPoolExecutor

    def load(_):
        t0 = time.perf_counter()
        with urllib.request.urlopen(app["url"], timeout=300) as resp:
            body = resp.read().decode("utf-8", errors="replace")
        kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', body)
        return (
            resp.status,
            "application/vnd.jupyter.widget-view+json" in body,
            kernel.group(1) if kernel else None,
            time.perf_counter() - t0,
        )

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(load, range(10)))
    assert [r[:2] for r in results] == [(200, True)] * 10, results
    assert len({r[2] for r in results}) == 10, "two visitors shared a kernel"


def test_the_app_passes_axe_on_a_phone(app, phone):
    """Issue 16: axe-core reports no serious or critical violation on the app page."""
    from test_browser_site import _axe

    _open(phone, app)
    phone.locator(".hc-minutes").wait_for()
    assert _axe(phone) == []
