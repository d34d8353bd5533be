"""The incremental build's memory: fingerprints of notebooks and of the package, and the
state file ``out_dir/.hipcourse-build.json``."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from hipcourse.build.common import cell_source, write_atomic
from hipcourse.kit.resources import package_dir

STATE_FILE = ".hipcourse-build.json"
#: Bump when the build's output format changes, so every lesson is rebuilt once.
BUILD_FORMAT = 1
PACKAGE_DIR = package_dir()

_VOLATILE_CELL_METADATA = {"execution", "collapsed", "scrolled", "ExecuteTime"}


def package_fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """SHA-256 over the package's ``.py`` files, data files and templates."""
    h = hashlib.sha256()
    files = sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for p in files:
        h.update(p.relative_to(package_dir).as_posix().encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


_MD_IMAGE = re.compile(
    r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?|<img[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE
)


def notebook_fingerprint(nb, nb_dir: Path, package_fp: str) -> str:
    """SHA-256 over what decides a lesson's handouts: its cells (not their outputs), its
    kernelspec, local images its Markdown refers to, the package and the build format."""
    cells = []
    for cell in nb.get("cells", []):
        meta = {
            k: v for k, v in cell.get("metadata", {}).items() if k not in _VOLATILE_CELL_METADATA
        }
        cells.append([cell.get("cell_type"), cell_source(cell), meta])
    h = hashlib.sha256()
    h.update(
        json.dumps(
            {
                "format": BUILD_FORMAT,
                "package": package_fp,
                "cells": cells,
                "kernelspec": nb.get("metadata", {}).get("kernelspec", {}),
            },
            sort_keys=True,
            ensure_ascii=True,
        ).encode()
    )
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for m in _MD_IMAGE.finditer(cell_source(cell)):
            ref = m.group(1) or m.group(2)
            if re.match(r"^[a-z]+:", ref):
                continue
            p = (nb_dir / ref.split("#")[0]).resolve()
            if p.is_file():
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def load_state(out_dir: Path) -> dict:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
        return state if state.get("format") == BUILD_FORMAT else {}
    except (OSError, ValueError):
        return {}


def save_state(out_dir: Path, lessons: dict) -> None:
    write_atomic(
        out_dir / STATE_FILE,
        json.dumps({"format": BUILD_FORMAT, "lessons": lessons}, indent=1, sort_keys=True),
    )


def outputs_exist(out_dir: Path, entry: dict) -> bool:
    outs = entry.get("outputs", {})
    return all(
        k in outs and (out_dir / outs[k]).is_file() for k in ("learner", "instructor", "slides")
    )
