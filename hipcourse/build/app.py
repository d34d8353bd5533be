"""`hipcourse app`: the Voilà command that serves the routine builder, code hidden."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

APP_NOTEBOOK = "08_build_your_routine.ipynb"


def voila_command(notebook: Path, host: str = "127.0.0.1", port: int = 8866,
                  open_browser: bool = False) -> list[str]:
    """The ``voila`` command serving only ``notebook`` as an app, with no code shown.

    Voilà in single-notebook mode registers no file tree and no contents API (any other
    path is redirected to ``/voila/files/``, which serves only images from the notebooks
    folder, never ``.ipynb`` or ``.py``); its kernels accept only widget (comm) and
    kernel-info messages, never ``execute_request``, so the page cannot run arbitrary
    code. Sources are stripped, tracebacks hidden, and the template and theme cannot be
    overridden from the URL.
    """
    voila = shutil.which("voila")
    base = [voila] if voila else [sys.executable, "-m", "voila"]
    return base + [
        str(notebook),
        f"--Voila.ip={host}", f"--Voila.port={port}", "--Voila.port_retries=0",
        f"--Voila.open_browser={open_browser}",
        "--strip_sources=True", "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        f"--Voila.root_dir={notebook.parent}",
    ]
