"""What every part of the build shares: the course's name, the cell helpers, safe writes."""

from __future__ import annotations

import os
from pathlib import Path

from hipcourse.kit.files import safe_write_bytes

COURSE_NAME = "Hip stretches: a Jupyter course"
#: nbconvert's placeholder for an image without alt text: not a description.
PLACEHOLDER_ALT = "No description has been provided for this image"


def write_atomic(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write ``data`` atomically, readable by all (0644), so a web server can serve the
    handouts folder; never over a file hipcourse did not write unless ``force``
    (``kit.files.safe_write_bytes``: raises ``OverwriteError``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_write_bytes(path, data.encode("utf-8") if isinstance(data, str) else data, force=force)
    os.chmod(path, 0o644)


def remove_if_ours(path: Path) -> None:
    """Delete a stale output only if hipcourse wrote it and nobody changed it since."""
    from hipcourse.kit.files import written_by_hipcourse

    if written_by_hipcourse(path):
        Path(path).unlink(missing_ok=True)


def cell_source(cell) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def cell_tags(cell) -> set[str]:
    """A cell's tags (``metadata.tags``) as a set."""
    return set(cell.get("metadata", {}).get("tags", []) or [])


def first_line(text: str, width: int = 70) -> str:
    """The first non-blank line of ``text``, cut to ``width`` characters with an ellipsis."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"
