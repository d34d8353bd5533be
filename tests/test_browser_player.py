"""The offline player file, opened from file:// in Chromium at phone size.

The page's clock is Playwright's fake clock (``page.clock``), so minutes of routine run in
a moment and every check is exact. Headless Chromium here has no speech voices: the beeps
(Web Audio) are the baseline, and the "speak" box must say it cannot speak.
"""

from __future__ import annotations

import pytest

from hipcourse.content.catalog import load_catalog
from hipcourse.models import routine as R
from hipcourse.views.player import write_player

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=alert(1)>Zoë</script><script>alert(2)</script>"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _attr(page, name):
    return page.locator("#player").get_attribute(f"data-{name}")


def test_player_file_runs_offline_on_a_phone(phone, tmp_path):
    routine = R.build_routine(R.RoutineRequest(minutes=10, focus=("hamstrings", "glutes")))
    segs = R.timeline(routine)
    names = [load_catalog().stretch(s.stretch_id).name for s in routine.steps]
    path = write_player(routine, tmp_path / "player.html", title=HOSTILE)
    page = phone
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.install()
    page.goto(path.as_uri())

    # the typed title is text; nothing but the file itself and data: URIs is loaded
    assert page.locator("h1").inner_text() == " ".join(HOSTILE.split())
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    # one screen wide, and the countdown is big: at least a third of the screen width
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    size = float(page.eval_on_selector("#count", "e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 390 / 3, size
    assert _attr(page, "audio") == "off"

    # the tap starts the sound and keeps the screen on (file:// is a secure context)
    page.locator("#start").tap()
    assert _attr(page, "audio") == "running"
    assert _attr(page, "wake-lock") == "on"
    assert page.locator("#phase").inner_text() == "Get ready"
    first = segs[0]
    assert page.locator("#count").inner_text() == str(first.duration_s)
    assert page.locator("#segment").inner_text() == first.text
    assert page.locator("#stretch").inner_text() == f"1. {names[0]}"
    assert page.locator("#next").inner_text().startswith(f"Next: {names[1]}")
    assert page.locator("#picture img").get_attribute("alt")

    # the clock runs: 3-2-1 beeps into the first hold, the count follows the timeline
    page.clock.run_for(first.duration_s * 1000 + 500)
    hold = segs[1]
    assert page.locator("#phase").inner_text() == "Hold"
    assert page.locator("#segment").inner_text() == hold.text
    assert int(page.locator("#count").inner_text()) == hold.duration_s
    assert int(_attr(page, "beeps")) == 4  # 3, 2, 1 and the start of the hold
    page.clock.run_for(5_000)
    assert int(page.locator("#count").inner_text()) == hold.duration_s - 5

    # pause stops the clock; skip jumps to the next segment
    page.locator("#pause").tap()
    page.clock.run_for(10_000)
    assert int(page.locator("#count").inner_text()) == hold.duration_s - 5
    page.locator("#pause").tap()
    page.locator("#skip").tap()
    assert page.locator("#segment").inner_text() == segs[2].text

    # to the end: the closing line comes from the model
    page.clock.run_for((routine.total_s + 5) * 1000)
    assert page.locator("#phase").inner_text() == "Done"
    assert page.locator("#segment").inner_text().startswith(segs[-1].text)
    assert "skipped" in page.locator("#segment").inner_text()
    assert _attr(page, "wake-lock") == "off"

    # no voices here: speaking is off and says so; beeps were the cues
    if page.evaluate("speechSynthesis.getVoices().length") == 0:
        assert page.locator("#speech").is_disabled()
    assert dialogs == [] and errors == []
    page.screenshot(path=str(tmp_path / "player-phone.png"), full_page=True)
