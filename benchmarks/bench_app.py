"""The app (`hipcourse app`): ready time, memory per visitor, culling, 10 visitors at once.

Two servers run side by side in the same run, on 127.0.0.1:

- **app**: ``hipcourse app`` as a class would use it (the one-cell app notebook, preheated
  kernel pool of 2, the ``hipcourse_app`` template, token), with a short idle timeout so
  culling can be watched;
- **bare Voilà** (the baseline): ``voila`` on a one-cell notebook that prints a line, with
  Voilà's defaults (no preheating, no culling).

Figures (Chromium through Playwright, a fresh browser context per visit):

- ready time: from navigation to the app's routine summary (baseline: the bare notebook's
  output) being visible; visits are spaced so the pool can refill, as visitors arriving
  a few seconds apart would see (target: about 1.5 s, issue 17);
- memory per visitor: resident memory (RSS) of the kernel a visit uses, with its unique
  memory (USS, what shutting it frees) in the note (target: 60-70 MB, issue 17);
- culling: kernels left once every tab is closed and the idle timeout has passed (the app
  should be back to its pool; bare Voilà keeps every kernel), and how long after the
  timeout the last one went;
- 10 visitors at once: ten page loads at the same moment (threads): wall time until the
  last page came, and how many came with the app and a kernel of their own.

Run alone: ``python benchmarks/bench_app.py [--quick]``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, Result, print_table, progress, summarize

CHROMIUM = "/usr/bin/chromium"
IDLE_TIMEOUT_S = 10
POOL = 2
BARE_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": ["print('bare voila is ready')"],
        }
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 4,
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_url(log: Path, proc, pattern: str, timeout_s: float = 120) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        m = re.search(pattern, log.read_text(errors="replace"))
        if m:
            return m.group(1)
        time.sleep(0.2)
    raise TimeoutError(f"no URL in {log}")


def _wait_pool(log: Path, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and "is filled with" not in log.read_text(errors="replace"):
        time.sleep(0.2)


def _kernels(proc) -> list:
    from hipcourse.build.app import kernel_processes

    return kernel_processes(proc.pid)


def _start(tmp: Path):
    """Both servers; returns {label: (proc, url, log)}."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    env.pop("MPLBACKEND", None)
    app_log, bare_log = tmp / "app.log", tmp / "bare.log"
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hipcourse.cli",
            "app",
            "--port",
            str(_free_port()),
            "--no-browser",
            "--idle-timeout",
            str(IDLE_TIMEOUT_S),
            "--pool-size",
            str(POOL),
        ],
        stdout=open(app_log, "wb"),
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp,
        start_new_session=True,
    )
    nb = tmp / "bare.ipynb"
    nb.write_text(json.dumps(BARE_NOTEBOOK))
    port = _free_port()
    bare = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(nb),
            f"--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            "--Voila.token=",
        ],
        stdout=open(bare_log, "wb"),
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp,
        start_new_session=True,
    )
    app_url = _wait_url(app_log, app, r"open (http://\S+)")
    _wait_url(bare_log, bare, r"(Voil. is running at)")
    _wait_pool(app_log)
    return {"app": (app, app_url, app_log), "bare": (bare, f"http://127.0.0.1:{port}/", bare_log)}


def _stop(proc) -> None:
    import signal

    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


SELECTOR = {"app": ".hipcourse-app .hc-total", "bare": "text=bare voila is ready"}
#: What the served page holds once the notebook ran (app: its widget; bare: its output).
SELECTOR_HTML = {"app": "application/vnd.jupyter.widget-view+json", "bare": "bare voila is ready"}


def _many(url: str, marker: str, n: int = 10) -> tuple[float, int]:
    """``n`` page loads at once (threads); wall time until the last one, and how many came
    with ``marker`` and their own kernel."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def load(_):
        try:
            with urllib.request.urlopen(url, timeout=300) as resp:
                body = resp.read().decode("utf-8", errors="replace")
        except OSError:
            return None
        kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', body)
        return kernel.group(1) if resp.status == 200 and marker in body and kernel else None

    t0 = time.perf_counter()
    with ThreadPoolExecutor(n) as pool:
        kernels = list(pool.map(load, range(n)))
    return time.perf_counter() - t0, len({k for k in kernels if k})


def _visit(browser, label: str, url: str) -> tuple[float, object]:
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(SELECTOR[label], timeout=120_000)
    return time.perf_counter() - t0, ctx


def run(quick: bool = False) -> list[dict]:
    import psutil  # noqa: F401 (fail before any server starts if it is missing)
    from playwright.sync_api import sync_playwright

    n = 2 if quick else 4
    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        servers = _start(Path(tmp))
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            # ---- ready time and memory, visits spaced so the pool can refill
            ready, open_ctx = {"app": [], "bare": []}, []
            for i in range(n):
                for label in ("app", "bare"):
                    seconds, ctx = _visit(browser, label, servers[label][1])
                    ready[label].append(seconds)
                    open_ctx.append(ctx)
                    progress(f"visit {i + 1}/{n} {label}: {seconds:.2f} s")
                time.sleep(4.0)  # visitors a few seconds apart: the pool refills
            # kernels in use: every bare one; the app's except its pool (the newest POOL)
            rss, uss = {}, {}
            for label in ("app", "bare"):
                kernels = sorted(_kernels(servers[label][0]), key=lambda k: k.create_time())
                used = kernels[:-POOL] if label == "app" else kernels
                mems = [k.memory_full_info() for k in used]
                rss[label] = [m.rss / 2**20 for m in mems]
                uss[label] = [m.uss / 2**20 for m in mems]
            results.append(
                Result.from_samples(
                    "app: ready time (390-px page)",
                    ready["app"],
                    "s",
                    ready["bare"],
                    baseline_name="bare Voilà notebook, default settings",
                    target="<= 1.5 s",
                    note="navigation to the routine summary visible; pool of 2, visits 5 s apart",
                )
            )
            results[-1].met = results[-1].median <= 1.5
            results.append(
                Result.from_samples(
                    "app: memory per visitor (kernel RSS)",
                    rss["app"],
                    "MB",
                    rss["bare"],
                    baseline_name="bare Voilà kernel",
                    target="<= 70 MB",
                    note=f"unique memory (USS): app median {summarize(uss['app'])[0]:.0f} MB, "
                    f"bare {summarize(uss['bare'])[0]:.0f} MB; {len(rss['app'])} app kernels",
                )
            )
            results[-1].met = results[-1].median <= 70

            # ---- culling: close every tab, wait past the idle timeout
            for ctx in open_ctx:
                ctx.close()
            closed = time.monotonic()
            counts = {}
            gone_after = None
            while time.monotonic() - closed < IDLE_TIMEOUT_S + 30:
                counts = {k: len(_kernels(servers[k][0])) for k in servers}
                if counts["app"] <= POOL and gone_after is None:
                    gone_after = time.monotonic() - closed
                    break
                time.sleep(0.5)
            counts = {k: len(_kernels(servers[k][0])) for k in servers}
            results.append(
                Result(
                    name="app: kernels left after tabs closed + idle timeout",
                    median=counts["app"],
                    p95=counts["app"],
                    unit="kernels",
                    baseline=counts["bare"],
                    baseline_name="bare Voilà (never shuts a kernel)",
                    target=f"<= {POOL} (the pool)",
                    met=counts["app"] <= POOL,
                    n=1,
                    note=(
                        f"idle timeout {IDLE_TIMEOUT_S} s; back to the pool "
                        f"{gone_after:.1f} s after the tabs closed"
                        if gone_after is not None
                        else "not culled within the wait"
                    ),
                )
            )

            # ---- 10 visitors at once: ten page loads at the same moment (the server's
            # side of a visit; ten Chromium renders on this machine would measure the browser)
            for label in ("app", "bare"):
                wall, served = _many(servers[label][1], SELECTOR_HTML[label])
                results.append(
                    Result(
                        name=f"{'app' if label == 'app' else 'bare Voilà'}: 10 page loads at once",
                        median=wall,
                        p95=wall,
                        unit="s",
                        n=1,
                        target="10 of 10 served" if label == "app" else None,
                        met=(served == 10) if label == "app" else None,
                        note=f"served {served}/10 (the page with its output and its own kernel)",
                    )
                )
            load = os.getloadavg()[0]
            for r in results:
                r.note = (
                    r.note + "; " if r.note else ""
                ) + f"load average {load:.1f} on {os.cpu_count()} CPUs"
        finally:
            browser.close()
            for proc, _url, _log in servers.values():
                _stop(proc)
    return [r.to_dict() for r in results]


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
