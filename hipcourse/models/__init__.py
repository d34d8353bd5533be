"""hipcourse.models"""

from hipcourse.kit import gl as _gl

_gl.prepare()  # before any model imports mujoco, so offscreen renders work later
