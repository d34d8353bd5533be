"""The pelvic-tilt lesson in JupyterLab, driven through Chromium as a learner would.

JupyterLab serves a temporary copy of lesson 02 (outputs cleared, so nothing on screen
comes from the saved notebook) on a free port, with its settings, workspaces and runtime
files in temporary folders; it is always stopped. The test runs every cell from the Run
menu, waits for the kernel, moves the pelvic-tilt slider with the keyboard and checks that
the lumbar lordosis the explorer shows becomes the model's value for the new tilt.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import block_requests, free_port, log_tail, start_server, stop_server, wait_for_http

ROOT = Path(__file__).resolve().parent.parent
LESSON = "02_pelvic_tilt_and_spine.ipynb"
STEPS = 6  # arrow-key presses on the tilt slider (1° each)

pytestmark = pytest.mark.browser

#: JupyterLab user settings for the test: render every cell (no virtual scrolling, so
#: outputs below the fold exist in the page) and never fetch news.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _cleared_copy(src: Path, dest: Path) -> None:
    nb = json.loads(src.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    dest.write_text(json.dumps(nb, indent=1), encoding="utf-8")


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    if not (ROOT / "notebooks" / LESSON).is_file():
        pytest.skip(f"notebooks/{LESSON} is not written yet")
    tmp = tmp_path_factory.mktemp("lab")
    nb_dir, log = tmp / "notebooks", tmp / "lab.log"
    nb_dir.mkdir()
    _cleared_copy(ROOT / "notebooks" / LESSON, nb_dir / LESSON)
    settings = tmp / "settings"
    for rel, value in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(value), encoding="utf-8")
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        "--ServerApp.token=",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--notebook-dir={nb_dir}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HIPCOURSE_DATA_DIR", str(tmp / "data"))
        mp.setenv("JUPYTER_RUNTIME_DIR", str(tmp / "runtime"))
        # the kernel uses the inline backend, as for a learner
        mp.delenv("MPLBACKEND", raising=False)
        proc = start_server(cmd, tmp, log)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_http(f"{url}/lab", proc, timeout_s=120)
        except (RuntimeError, TimeoutError) as exc:
            pytest.fail(f"JupyterLab did not start: {exc}\n--- server log ---\n{log_tail(log)}")
        yield {"url": url, "port": port, "log": log, "notebook": nb_dir / LESSON}
    finally:
        stop_server(proc)


_KERNEL_READY = """() => {
    const name = document.querySelector(
        '.jp-NotebookPanel .jp-KernelName, .jp-NotebookPanel .jp-Toolbar-kernelName');
    const state = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
    return !!(name && /Python/.test(name.textContent) && state && state.dataset.status === 'idle');
}"""

_RUN_FINISHED = """() => {
    const panel = document.querySelector('.jp-NotebookPanel');
    if (panel.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"],'
                            + ' .jp-OutputArea-output.jp-mod-error'))
        return 'error';
    const prompts = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));
    const state = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    const done = prompts.length && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    return done && state && state.dataset.status === 'idle' ? 'done' : false;
}"""


def test_pelvic_tilt_slider_changes_the_lordosis(lab, page, tmp_path):
    from playwright.sync_api import expect

    from hipcourse.models import spine

    def fail(what: str, exc: Exception | None = None):
        page.screenshot(path=str(tmp_path / "lab-failure.png"), full_page=True)
        pytest.fail(
            f"{what}{': ' + str(exc) if exc else ''}\n(screenshot: "
            f"{tmp_path / 'lab-failure.png'})\n--- server log ---\n{log_tail(lab['log'])}"
        )

    blocked = block_requests(page, (lab["url"] + "/", "data:", "blob:"))
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{lab['url']}/lab/tree/{LESSON}", timeout=120_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=120_000)
        page.wait_for_function(_KERNEL_READY, timeout=120_000)
    except Exception as exc:  # noqa: BLE001 - any failure here: show what the page showed
        fail("the lesson did not open with a Python kernel", exc)
    assert page.locator(".jp-Dialog").count() == 0, "JupyterLab asked something (kernel choice?)"

    # Run > Run All Cells, then wait until every code cell has run and the kernel is idle
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(
        ".lm-Menu-item:not(.lm-mod-disabled)", has_text=re.compile(r"^Run All Cells")
    ).click()
    try:
        state = page.wait_for_function(_RUN_FINISHED, timeout=240_000).json_value()
    except Exception as exc:  # noqa: BLE001
        fail("Run All Cells did not finish", exc)
    if state == "error":
        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
        )
        fail("a cell raised an error:\n" + "\n".join(t[-800:] for t in errors.all_inner_texts()))

    lordosis = page.locator(".hipcourse-lordosis .hipcourse-value")
    expect(lordosis).to_have_count(1)
    incidence = page.locator(".widget-slider", has_text="pelvic incidence").locator(".noUi-handle")
    tilt = page.locator(".widget-slider", has_text="pelvic tilt").locator(".noUi-handle")
    expect(tilt).to_have_count(1)
    pi = float(incidence.get_attribute("aria-valuenow"))
    pt0 = float(tilt.get_attribute("aria-valuenow"))
    ll0 = lordosis.get_attribute("data-value")
    expected_ll0 = spine.spine_for_posture(pi, pt0).lumbar_lordosis_deg
    assert float(ll0) == pytest.approx(expected_ll0, abs=0.06)

    # move the slider with the keyboard, as a learner without a mouse would
    tilt.scroll_into_view_if_needed()
    tilt.focus()
    for _ in range(STEPS):
        page.keyboard.press("ArrowRight")
    expect(tilt).to_have_attribute("aria-valuenow", re.compile(rf"^{pt0 + STEPS:g}(\.0+)?$"))
    expected = spine.spine_for_posture(pi, pt0 + STEPS).lumbar_lordosis_deg
    try:
        expect(lordosis).to_have_attribute("data-value", f"{expected:.1f}", timeout=60_000)
    except AssertionError as exc:
        fail(
            f"after moving the tilt from {pt0:g}° to {pt0 + STEPS:g}° the lordosis shows "
            f"{lordosis.get_attribute('data-value')}°, not the model's {expected:.1f}°",
            exc,
        )
    assert float(lordosis.get_attribute("data-value")) < float(ll0)  # rolled back: flatter
    expect(page.locator(".hipcourse-lordosis")).to_contain_text(f"{expected:.0f}°")
    page.screenshot(path=str(tmp_path / "lab-explorer.png"))
    assert blocked == [], f"JupyterLab or the lesson asked the network for: {blocked}"
