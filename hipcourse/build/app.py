"""`hipcourse app`: the routine builder served as a web app (Voilà), safely, for a class.

What the launcher guarantees (each is tested in ``tests/test_app.py`` and
``tests/test_browser_app.py``):

- **Only this machine, unless asked.** It listens on 127.0.0.1 by default; ``--host`` must be
  an IP address or a host name (an empty or malformed value is refused).
- **A token.** A random token (``secrets.token_urlsafe``) is part of the URL it prints; a
  request without it is refused. The token is written to the private config file (mode
  0600), never on a command line other users could read with ``ps``.
- **No DNS rebinding.** On a loopback address Voilà checks the ``Host`` header
  (``Voila.tornado_settings`` ``allow_remote_access: false``, ``local_hostnames``, from a
  ``voila.json`` config file: Voilà's own server ignores ``ServerApp.allow_remote_access``,
  and the command-line form stores a truthy string). A request with ``Host: evil.example``
  is refused. On a LAN address the browsers of a class send that IP as the host, which the
  check cannot tell from a remote one, so the check is off there and the token guards the
  app (a rebinding page cannot know the token).
- **Fast and bounded.** Kernels are preheated (``preheat_kernel``, ``pool_size``) so a
  visitor is served at once; a visitor's kernel is shut down after ``idle_timeout_s`` of
  inactivity once its tab is closed (``MappingKernelManager.cull_idle_timeout`` with
  ``cull_connected=False``, so a learner who keeps the tab open, e.g. paused on the mat,
  keeps the kernel). Voilà never shuts a kernel when a tab closes, so culling is the only
  clean-up.
- **Nothing on the network, nothing left behind.** The page uses the ``hipcourse_app``
  template (Voilà's lab template without its CDN links; found through ``JUPYTER_PATH``);
  every temporary file (config, kernel connection files) lives in one private folder that
  is removed when the app stops. The app writes no file per visit: its downloads are made
  in memory.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hipcourse.kit.checks import InputError, integer
from hipcourse.kit.resources import DATA_DIR, TEMPLATES_DIR

#: The app notebook (one cell: the routine app), shipped as package data.
APP_NOTEBOOK = DATA_DIR / "app" / "routine_app.ipynb"
#: The Voilà template (``templates/jupyter/voila/templates/hipcourse_app``).
VOILA_TEMPLATE = "hipcourse_app"
#: The folder added to ``JUPYTER_PATH`` so Voilà finds the template.
JUPYTER_DATA = TEMPLATES_DIR / "jupyter"
#: Culling that does not kill a pooled kernel as it is handed out (see ``app_kernels``).
KERNEL_MANAGER = "hipcourse.build.app_kernels.AppKernelManager"
IDLE_TIMEOUT_S = 600
IDLE_TIMEOUT_RANGE_S = (5, 7 * 24 * 3600)
POOL_SIZE = 2
POOL_RANGE = (0, 50)
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*")


def check_host(value) -> str:
    """``value`` as an address to listen on: an IP address or a host name.

    >>> check_host("127.0.0.1"), check_host("::1"), check_host("class-laptop.local")
    ('127.0.0.1', '::1', 'class-laptop.local')
    """
    allowed = "an IP address such as 127.0.0.1 (this machine only) or 0.0.0.0, or a host name"
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not text:
        raise InputError("--host", value, allowed)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if not _HOSTNAME.fullmatch(text) or text.replace(".", "").isdigit():
        raise InputError("--host", text if len(text) <= 40 else text[:40] + "...", allowed)
    return text.lower()


def is_loopback(host: str) -> bool:
    """Whether ``host`` (from :func:`check_host`) reaches only this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class AppSettings:
    """How `hipcourse app` serves the app; validated on construction.

    ``idle_timeout_s``: a visitor's kernel is shut down after this many seconds without
    activity (5 s to a week; default 600). ``pool_size``: kernels kept started ahead of
    visitors (0-50; default 2).
    """

    host: str = "127.0.0.1"
    port: int = 8866
    idle_timeout_s: int = IDLE_TIMEOUT_S
    pool_size: int = POOL_SIZE
    token: str = ""

    def __post_init__(self):
        put = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 (frozen)
        put("host", check_host(self.host))
        put("port", integer("--port", self.port, 1, 65535))
        put("idle_timeout_s", integer("--idle-timeout", self.idle_timeout_s, *IDLE_TIMEOUT_RANGE_S))
        put("pool_size", integer("--pool-size", self.pool_size, *POOL_RANGE))
        if not self.token:
            put("token", secrets.token_urlsafe(24))
        elif not re.fullmatch(r"[A-Za-z0-9_-]{16,128}", self.token):
            raise InputError("token", "<hidden>", "16-128 letters, digits, - or _")

    @property
    def cull_interval_s(self) -> int:
        """How often idle kernels are looked for: a quarter of the timeout, 1-60 s."""
        return max(1, min(60, self.idle_timeout_s // 4))

    @property
    def url(self) -> str:
        """The URL to open, token included (the host in brackets for IPv6)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/?token={self.token}"


def voila_config(settings: AppSettings) -> dict:
    """The ``voila.json`` of a run: the token and the Host-header check."""
    tornado = {"allow_remote_access": not is_loopback(settings.host)}
    if is_loopback(settings.host):
        tornado["local_hostnames"] = ["localhost", "127.0.0.1", "::1"]
    return {"Voila": {"token": settings.token, "tornado_settings": tornado}}


def voila_command(
    notebook: Path, settings: AppSettings, config_dir: Path, open_browser: bool = False
) -> list[str]:
    """The ``voila`` command serving only ``notebook``, with no code shown.

    Voilà in single-notebook mode registers no file tree and no contents API (any other
    path is redirected to ``/voila/files/``, which serves only images from the notebook's
    folder, never ``.ipynb`` or ``.py``); its kernels accept only widget (comm) and
    kernel-info messages, never ``execute_request``, so the page cannot run arbitrary
    code. Sources are stripped, tracebacks hidden, and the template and theme cannot be
    overridden from the URL.
    """
    voila = shutil.which("voila")
    base = [voila] if voila else [sys.executable, "-m", "voila"]
    s = settings
    return base + [
        str(notebook),
        f"--Voila.config_file_paths={config_dir}",
        f"--Voila.ip={s.host}",
        f"--Voila.port={s.port}",
        "--Voila.port_retries=0",
        f"--Voila.open_browser={open_browser}",
        f"--Voila.connection_dir_root={config_dir}",
        f"--template={VOILA_TEMPLATE}",
        "--strip_sources=True",
        "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        f"--preheat_kernel={s.pool_size > 0}",
        f"--pool_size={max(s.pool_size, 1)}",
        f"--MappingKernelManager.cull_idle_timeout={s.idle_timeout_s}",
        f"--MappingKernelManager.cull_interval={s.cull_interval_s}",
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        f"--VoilaConfiguration.multi_kernel_manager_class={KERNEL_MANAGER}",
        # nbclient waits 4 s for a cell's output after it ran: too short when ten kernels
        # start at once on a small machine (measured: one page in ten came without the app)
        "--VoilaExecutor.iopub_timeout=60",
        f"--Voila.root_dir={notebook.parent}",
    ]


def app_environment(private_dir: Path, base: dict | None = None, *, loopback: bool = True) -> dict:
    """The environment of the Voilà process: the template on ``JUPYTER_PATH``, temporary
    files in ``private_dir``, no matplotlib window, and :data:`APP_ENV_VAR` set.

    Served beyond this machine (``loopback=False``), the visitors are a class, not the
    machine's owner: :data:`JOURNAL_ENV_VAR` tells the app not to read the owner's journal.
    """
    from hipcourse.views.widgets.routine_app import APP_ENV_VAR, JOURNAL_ENV_VAR

    env = dict(os.environ if base is None else base)
    if not loopback:
        env[JOURNAL_ENV_VAR] = "off"
    paths = [str(JUPYTER_DATA)] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env.update(
        {
            "JUPYTER_PATH": os.pathsep.join(paths),
            "TMPDIR": str(private_dir),
            "JUPYTER_RUNTIME_DIR": str(private_dir / "runtime"),
            "MPLBACKEND": "Agg",
            APP_ENV_VAR: "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def prepare(settings: AppSettings, private_dir: Path) -> Path:
    """Write the run's private config (mode 0600) into ``private_dir``; returns the folder."""
    private_dir = Path(private_dir)
    (private_dir / "runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
    path = private_dir / "voila.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(voila_config(settings), fh, indent=2)
    return private_dir


def kernel_processes(server_pid: int, kernel_id: str = "") -> list:
    """The running kernels (``psutil.Process``) under the server process ``server_pid``;
    with ``kernel_id``, only that kernel. Zombies and processes that exit meanwhile are
    left out. For tests and benchmarks: how many visitors' kernels are alive."""
    import psutil

    try:
        kids = psutil.Process(server_pid).children(recursive=True)
    except psutil.Error:
        return []
    out = []
    for k in kids:
        try:
            line = " ".join(k.cmdline())
            if k.status() != psutil.STATUS_ZOMBIE and "ipykernel" in line and kernel_id in line:
                out.append(k)
        except psutil.Error:
            pass
    return out


def serve(
    settings: AppSettings,
    *,
    notebook: Path | None = None,
    open_browser: bool = False,
    out=sys.stdout,
) -> int:
    """Run Voilà until it stops (Ctrl-C or SIGTERM); returns its exit code.

    All of the run's temporary files live in one private folder, removed on the way out.
    """
    if notebook is None:
        notebook = APP_NOTEBOOK
    else:
        text = str(notebook)
        notebook = Path(notebook).expanduser()
        if notebook.suffix != ".ipynb" or not notebook.is_file():
            raise InputError(
                "--notebook",
                text if len(text) <= 60 else text[:60] + "...",
                "an existing .ipynb file",
            )
    with tempfile.TemporaryDirectory(prefix="hipcourse-app-") as tmp:
        private = prepare(settings, Path(tmp))
        cmd = voila_command(notebook.resolve(), settings, private, open_browser=open_browser)
        where = (
            "this machine only"
            if is_loopback(settings.host)
            else f"every machine that can reach {settings.host}"
        )
        print(
            f"hipcourse app: open {settings.url}  ({where}; idle visitors' kernels stop "
            f"after {settings.idle_timeout_s} s; Ctrl-C to stop)",
            file=out,
            flush=True,
        )
        # same process group: Ctrl-C in a terminal (or a signal to the group) reaches Voilà
        env = app_environment(private, loopback=is_loopback(settings.host))
        proc = subprocess.Popen(cmd, env=env)

        def forward(signum, _frame):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

        old = signal.signal(signal.SIGTERM, forward)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            return 0
        finally:
            signal.signal(signal.SIGTERM, old)


__all__ = [
    "APP_NOTEBOOK",
    "AppSettings",
    "check_host",
    "is_loopback",
    "voila_command",
    "voila_config",
    "app_environment",
    "prepare",
    "serve",
    "kernel_processes",
    "IDLE_TIMEOUT_S",
]
