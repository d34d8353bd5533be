"""Which OpenGL MuJoCo uses to render offscreen on the CPU, chosen before mujoco loads.

MuJoCo reads ``MUJOCO_GL`` once, when ``mujoco`` is first imported; a process that imported
it without the variable cannot render offscreen later ("gladLoadGL error"). So every layer
that may import mujoco calls :func:`prepare` first (``hipcourse.models`` does so on import).
"""

from __future__ import annotations

import os


def choose_gl() -> str:
    """``egl`` when Mesa's EGL library loads, else ``osmesa`` when that one does."""
    import ctypes
    import ctypes.util

    for backend, lib in (("egl", "EGL"), ("osmesa", "OSMesa")):
        name = ctypes.util.find_library(lib)
        try:
            if name:
                ctypes.CDLL(name)
                return backend
        except OSError:
            continue
    return "egl"


def prepare() -> str:
    """Set ``MUJOCO_GL`` (and ``PYOPENGL_PLATFORM``) unless the environment already does;
    returns the back end. Harmless once mujoco is loaded (then it changes nothing)."""
    if "MUJOCO_GL" not in os.environ:
        os.environ["MUJOCO_GL"] = choose_gl()
    os.environ.setdefault("PYOPENGL_PLATFORM", os.environ["MUJOCO_GL"])
    return os.environ["MUJOCO_GL"]
