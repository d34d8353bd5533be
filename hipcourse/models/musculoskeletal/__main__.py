"""``python -m hipcourse.models.musculoskeletal --build-cache PATH.mjb``: build the model file.

Run by :func:`hipcourse.models.musculoskeletal.build._build_in_subprocess` in a throw-away
working folder (building writes ``MUJOCO_LOG.TXT`` into the current folder).
"""

import sys

from hipcourse.models.musculoskeletal.build import _main

if __name__ == "__main__":  # pragma: no cover - exercised through _build_in_subprocess
    sys.exit(_main(sys.argv[1:]))
