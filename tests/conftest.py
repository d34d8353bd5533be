"""Shared fixtures and settings for the test suite."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

# Matplotlib must never try to open a window in tests.
os.environ.setdefault("MPLBACKEND", "Agg")
# MuJoCo reads MUJOCO_GL once, at its first import (a test file may import it directly).
from hipcourse.kit import gl  # noqa: E402

gl.prepare()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# --------------------------------------------------------------------------- browser tests
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc=None, timeout_s: float = 90.0) -> None:
    """Poll ``url`` until it answers (any HTTP status), or fail with the server's output."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout_s:.0f} s")


def start_server(cmd: list[str], cwd, log_path: Path):
    """Start a server process in its own process group; stop it with :func:`stop_server`."""
    import subprocess

    log = open(log_path, "wb")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )


def stop_server(proc) -> None:
    import signal
    import subprocess

    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=15)


@pytest.fixture(scope="session")
def browser():
    """Playwright driving Debian's Chromium. Skips locally without it; required in CI."""
    if CHROMIUM is None:
        if os.environ.get("HIPCOURSE_REQUIRE_BROWSER"):
            pytest.fail(
                "Chromium is required (HIPCOURSE_REQUIRE_BROWSER is set) but "
                "/usr/bin/chromium is missing: apt-get install chromium"
            )
        pytest.skip(
            "browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


def log_tail(log_path: Path, lines: int = 40) -> str:
    """The last lines of a server log, for a failure message."""
    try:
        return "\n".join(Path(log_path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def hipcourse_command() -> list[str]:
    """The `hipcourse` console script (or the same entry point through this Python)."""
    import shutil
    import sys

    exe = shutil.which("hipcourse")
    return (
        [exe]
        if exe
        else [sys.executable, "-c", "import sys; from hipcourse.cli import main; sys.exit(main())"]
    )


def block_requests(page, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    """Route every request of ``page``: URLs starting with one of ``allowed`` go through,
    every other one is aborted and recorded as (resource type, URL) in the returned list."""
    blocked: list[tuple[str, str]] = []

    def handle(route):
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            blocked.append((route.request.resource_type, route.request.url))
            route.abort()

    page.route("**/*", handle)
    return blocked


# --------------------------------------------------------------------------- unwritable places
@contextlib.contextmanager
def read_only_folder(folder: Path):
    """Make ``folder`` read-only for this process: chmod 0o555, or (as root, whom chmod
    does not stop) the immutable attribute; skip if neither really blocks a write."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        undo = lambda: os.chmod(folder, 0o755)  # noqa: E731
    else:
        chattr = shutil.which("chattr")
        if (
            chattr is None
            or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0
        ):
            pytest.skip(
                "running as root, which chmod does not stop, and `chattr +i` is not "
                "available here: the unwritable-parent tests cover the error path"
            )
        undo = lambda: subprocess.run([chattr, "-i", str(folder)], check=True)  # noqa: E731
    try:
        probe = folder / ".probe"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("this filesystem lets the process write into a read-only folder")
        yield
    finally:
        undo()
