"""The layered redesign (issue 14) costs nothing: import time and slider updates, before and after.

Both sides are measured in the same run, on the same machine, interleaved:

- **before**: the package as it was before the redesign, extracted with ``git archive``
  from the commit :data:`BASELINE_COMMIT` (override with ``HIPCOURSE_BASELINE_COMMIT``)
  into a temporary folder;
- **after**: the working tree's ``hipcourse/``.

Figures (each as ``after`` with ``before`` as the baseline; ratio = before / after, so > 1
means the redesign is faster):

- ``import hipcourse`` in a fresh process (wall and CPU time);
- one slider move of the muscle explorer (``MuscleExplorer.set_pose``: model + redraw + PNG);
- one slider move of the pelvic tilt explorer (``PelvicTiltExplorer`` tilt slider).

Target: no slower than before, within the noise of a shared machine (ratio >= 0.9).

Run alone: ``python benchmarks/bench_redesign.py [--quick]``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from _harness import ROOT, Result, interleaved, print_table, progress, spawn

BASELINE_COMMIT = os.environ.get("HIPCOURSE_BASELINE_COMMIT", "f6727fe")
TARGET_RATIO = 0.9
PY = sys.executable

#: Run in a fresh process of either version: times slider moves, prints JSON (ms per move).
SLIDERS = r"""
import json, sys, time
import matplotlib
matplotlib.use("Agg")
from hipcourse import widgets
n = int(sys.argv[1])
out = {"muscle": [], "tilt": []}
mx = widgets.muscle_explorer()
for i in range(n + 2):
    t0 = time.perf_counter()
    mx.set_pose(hip_flexion_deg=40.0 + 5 * (i % 10), knee_flexion_deg=10.0 * (i % 7))
    out["muscle"].append((time.perf_counter() - t0) * 1e3)
tx = widgets.pelvic_tilt_explorer()
for i in range(n + 2):
    t0 = time.perf_counter()
    tx.tilt.value = 5.0 + (i % 20)
    out["tilt"].append((time.perf_counter() - t0) * 1e3)
print(json.dumps({k: v[2:] for k, v in out.items()}))  # the first two moves warm caches
"""


def _extract_baseline(dest: Path) -> Path:
    """``hipcourse/`` of :data:`BASELINE_COMMIT` unpacked under ``dest``; returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / "base.tar"
    with open(archive, "wb") as fh:
        subprocess.run(
            ["git", "archive", BASELINE_COMMIT, "hipcourse"], cwd=ROOT, stdout=fh, check=True
        )
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _env(src: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    env["MPLBACKEND"] = "Agg"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _sliders(src: Path, n: int, cwd: str) -> dict:
    r = spawn([PY, "-c", SLIDERS, str(n)], cwd=cwd, env=_env(src), capture=True, timeout_s=600)
    if r["returncode"] != 0:
        raise RuntimeError(f"slider run failed for {src}: {r['output'][-1500:]}")
    return json.loads(r["output"].strip().splitlines()[-1])


def run(quick: bool = False) -> list[dict]:
    n_import, n_slider, rounds = (8, 10, 1) if quick else (30, 25, 3)
    with tempfile.TemporaryDirectory(prefix="hipcourse-bench-redesign-") as tmp:
        tmp = Path(tmp)
        base = _extract_baseline(tmp / "before")
        after = ROOT
        work = str(tmp)  # neither checkout is the working folder
        progress(f"import hipcourse: before ({BASELINE_COMMIT}) vs after, {n_import} each")
        imp = interleaved(
            {
                "before": ([PY, "-c", "import hipcourse"], _env(base)),
                "after": ([PY, "-c", "import hipcourse"], _env(after)),
            },
            n_import,
            cwd=work,
        )
        sliders = {"before": {"muscle": [], "tilt": []}, "after": {"muscle": [], "tilt": []}}
        for r in range(rounds):
            for side, src in (("before", base), ("after", after)):
                progress(f"slider moves, round {r + 1}/{rounds}: {side}")
                got = _sliders(src, n_slider, work)
                for k in got:
                    sliders[side][k] += got[k]
    results = []
    for key, label in (("wall_ms", "wall"), ("cpu_ms", "CPU")):
        res = Result.from_samples(
            f"redesign: import hipcourse ({label})",
            imp["after"][key],
            "ms",
            imp["before"][key],
            baseline_name="before redesign",
        )
        results.append(res)
    for key, label in (
        ("muscle", "muscle explorer slider move"),
        ("tilt", "pelvic tilt explorer slider move"),
    ):
        results.append(
            Result.from_samples(
                f"redesign: {label}",
                sliders["after"][key],
                "ms",
                sliders["before"][key],
                baseline_name="before redesign",
            )
        )
    out = []
    for res in results:
        res.ratio = res.baseline / res.median if res.median else None
        res.target = f">= {TARGET_RATIO}x of before (no slower)"
        res.met = res.ratio is not None and res.ratio >= TARGET_RATIO
        res.note = f"before = commit {BASELINE_COMMIT}, after = working tree; same run, interleaved"
        out.append(res.to_dict())
    return out


if __name__ == "__main__":
    print_table(run(quick="--quick" in sys.argv))
